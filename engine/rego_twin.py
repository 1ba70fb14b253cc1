"""The Rego twin of a pack (`rego/*.rego`): its rules as their `# METADATA` blocks declare them,
and the check that they are exactly the Cedar rules, annotated alike.

The twin must hold every Cedar rule with the same annotations, one `# METADATA` block per rule,
in the file of the same base name, and no rule Cedar lacks; every file declares one and the same
package.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.catalogue import render_title
from engine.errors import PolicyError
from engine.model import RuleRef
from engine.pack import Pack, PolicyFile

_PACKAGE = re.compile(r"^package\s+([A-Za-z_][A-Za-z0-9_]*)\s*$", re.MULTILINE)
_HEAD = re.compile(r"^(nekt|tillat|forplikt)\s+contains\s+(.+?)\s+if\b")
_FIELD = re.compile(r"^#(\s*)([a-z_]+):\s*(.*)$")
_KIND = {"forbid": "nekt", "permit": "tillat"}
_ANNOTATIONS = {  # METADATA `custom` key → RuleRef field
    "id": "id",
    "tittel": "title",
    "hjemmel": "legal_basis",
    "bevisgrad": "evidence_grade",
    "sist_vurdert": "last_reviewed",
    "apent_sporsmal": "open_question",
    "forpliktelse": "obligation",
}


@dataclass(frozen=True)
class RegoRule:
    """One rule of the Rego twin: where it is, what it adds to, and its METADATA."""

    file: str
    line: int
    kind: str  # nekt, tillat or forplikt
    id: str
    obligation: str | None
    meta: Mapping[str, str]


def twin_of(pack: Pack) -> tuple[PolicyFile, ...]:
    """The pack's Rego twin (`rego/*.rego`, read with the pack); refused when there is none."""
    if not pack.rego:
        raise PolicyError(
            str(pack.directory / "rego"), 0, "the pack has no Rego twin (rego/*.rego)"
        )
    return pack.rego


def package_of(files: Sequence[PolicyFile]) -> str:
    """The one Rego package every file of the twin declares (`package <name>`)."""
    found = {f.name: _PACKAGE.findall(f.text) for f in files}
    names = {n for declared in found.values() for n in declared}
    bad = next((name for name, declared in found.items() if len(declared) != 1), None)
    if bad is not None or len(names) != 1:
        where = bad or "rego"
        raise PolicyError(where, 0, "every file of the twin declares one and the same package")
    return str(names.pop())


def _metadata(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """Read the METADATA block opening at `start`: top-level and `custom:` fields, flattened."""
    meta: dict[str, str] = {}
    i = start + 1
    while i < len(lines) and lines[i].startswith("#"):
        match = _FIELD.match(lines[i])
        if match and match.group(2) != "custom":
            prefix = "custom." if len(match.group(1)) > 1 else ""
            raw = match.group(3).strip()
            meta[prefix + match.group(2)] = str(json.loads(raw)) if raw[:1] == '"' else raw
        i += 1
    return meta, i


def _head(file: str, line: int, text: str) -> tuple[str, str, str | None]:
    """The rule head after a METADATA block: kind, rule id and obligation."""
    match = _HEAD.match(text)
    try:
        term = json.loads(match.group(2)) if match else None
    except json.JSONDecodeError:
        term = None
    if match and match.group(1) != "forplikt" and isinstance(term, str):
        return match.group(1), term, None
    if match and isinstance(term, dict) and set(term) == {"id", "rule"}:
        return match.group(1), str(term["rule"]), str(term["id"])
    raise PolicyError(
        file,
        line,
        'write `nekt|tillat contains "<id>" if` or `forplikt contains '
        '{"id": "<forpliktelse>", "rule": "<id>"} if` after # METADATA',
    )


def rules_of_rego(file: PolicyFile) -> list[RegoRule]:
    """Every rule of a Rego file; a `nekt`/`tillat`/`forplikt` head without METADATA is refused."""
    lines = file.text.splitlines()
    rules, annotated = [], set()
    for n, text in enumerate(lines):
        if text.strip() == "# METADATA":
            meta, head = _metadata(lines, n)
            kind, rule_id, obligation = _head(
                file.name, head + 1, lines[head] if head < len(lines) else ""
            )
            rules.append(RegoRule(file.name, head + 1, kind, rule_id, obligation, meta))
            annotated.add(head)
        elif _HEAD.match(text) and n not in annotated:
            raise PolicyError(file.name, n + 1, "a rule without a # METADATA block")
    return rules


def _differences(rule: RegoRule, ref: RuleRef, parameters: Mapping[str, Any]) -> list[str]:
    """The annotations in which a rule and its Cedar twin differ (with the kind of rule head)."""
    m = rule.meta.get
    mine = {k: m(f"custom.{k}") for k in _ANNOTATIONS} | {
        "tittel": render_title(m("custom.tittel") or "", parameters, rule.file, rule.line),
        "title": render_title(m("title") or "", parameters, rule.file, rule.line),
        "scope": m("scope"),
        "telles_som_skjult": "custom.telles_som_skjult" in rule.meta,
        "head": (rule.kind, rule.obligation),
    }
    cedar = {k: getattr(ref, attr) for k, attr in _ANNOTATIONS.items()} | {
        "title": ref.title,
        "scope": "rule",
        "telles_som_skjult": ref.counts_as_hidden,
        "head": ("forplikt" if ref.obligation else _KIND[ref.effect], ref.obligation),
    }
    return [k for k in cedar if cedar[k] != mine[k]]


def check_twins(
    files: Sequence[PolicyFile],
    catalogue: Mapping[str, RuleRef],
    parameters: Mapping[str, Any],
) -> None:
    """Refuse a Rego twin that lacks a Cedar rule, adds one, or annotates one differently."""
    seen: set[str] = set()
    for rule in (r for f in files for r in rules_of_rego(f)):
        ref = catalogue.get(rule.id)
        if ref is None or ref.effect == "system":
            raise PolicyError(rule.file, rule.line, f"{rule.id!r} is not a rule of the Cedar pack")
        if rule.id in seen:
            raise PolicyError(rule.file, rule.line, f"{rule.id!r} is defined twice")
        seen.add(rule.id)
        if Path(rule.file).stem != Path(ref.file).stem:
            raise PolicyError(rule.file, rule.line, f"{rule.id!r} belongs in {ref.file}'s twin")
        differing = _differences(rule, ref, parameters)
        if differing:
            where = f"{ref.file}:{ref.line}"
            raise PolicyError(rule.file, rule.line, f"differs from {where} in {differing}")
    for ref in catalogue.values():
        if ref.effect != "system" and ref.id not in seen:
            twin = f"rego/{Path(ref.file).stem}.rego"
            raise PolicyError(twin, 0, f"no Rego twin of {ref.id!r} ({ref.file}:{ref.line})")
