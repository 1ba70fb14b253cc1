"""Traceability between the policy pack and the Gherkin specification (DESIGN.md, quality bars).

Every policy carries its annotations; every rule id is the tag of a `Regel:` with at least one
example that permits and one that denies; every tag is a rule id or a registered marker; every
example states the decision and the rule that decided it. The features are read with the
`gherkin` parser pytest-bdd uses, so the test sees exactly what the scenarios run.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from gherkin.parser import Parser

ROOT = Path(__file__).resolve().parents[1]
# For a module directly under tests/, pytest puts tests/ first on sys.path, where the folders
# tests/engine/ and tests/api/ (no __init__.py) would shadow the packages as namespace packages.
sys.path.insert(0, str(ROOT))

from engine import EVALUATION_ERROR, LOG_FAILED, NO_BASIS, RuleRef, build_catalogue, load_pack  # noqa: E402

PACK = ROOT / "policies" / "pjd"
SCENARIOS = ROOT / "scenarios"
GRADES = {"lov", "forskrift", "spesifikasjon", "praksis", "antakelse"}
SYSTEM_RULES = {EVALUATION_ERROR.id, NO_BASIS.id, LOG_FAILED.id}
MARKERS = {"http", "postgres"}  # registered in pyproject.toml
DECISION = re.compile(r'(?:er beslutningen|beslutningen er) "(permit|deny)"')
REASON = re.compile(r'begrunnet med regelen "([^"]+)"')
REJECTION = re.compile(r'avvises forespørselen med status 4\d\d for feltet "[^"]+"')


@dataclass(frozen=True)
class Example:
    """One `Eksempel` as written: where it is, the tags of its `Regel`, all its tags, its steps."""

    where: str
    rule: str | None
    rule_tags: frozenset[str]
    tags: frozenset[str]
    steps: tuple[str, ...]

    @property
    def decisions(self) -> set[str]:
        return {m.group(1) for step in self.steps for m in [DECISION.search(step)] if m}

    @property
    def reasons(self) -> set[str]:
        return {m.group(1) for step in self.steps for m in [REASON.search(step)] if m}

    @property
    def rejected(self) -> bool:
        return any(REJECTION.fullmatch(step) for step in self.steps)


def _names(tags: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(str(tag["name"]).removeprefix("@") for tag in tags)


def _examples_of(path: Path) -> Iterator[Example]:
    feature = Parser().parse(path.read_text(encoding="utf-8"))["feature"]
    assert feature["language"] == "no", f"{path}: the feature must start with `# language: no`"
    feature_tags = _names(feature["tags"])
    groups = [(None, frozenset(), [c]) for c in feature["children"] if "scenario" in c]
    for child in feature["children"]:
        if "rule" in child:
            rule = child["rule"]
            groups.append((rule["name"], _names(rule["tags"]), rule["children"]))
    for rule_name, rule_tags, children in groups:
        for scenario in (c["scenario"] for c in children if "scenario" in c):
            where = f"{path.relative_to(ROOT)}:{scenario['location']['line']} {scenario['name']}"
            for table_tags, values in _rows(scenario):
                yield Example(
                    where=where,
                    rule=rule_name,
                    rule_tags=rule_tags,
                    tags=feature_tags | rule_tags | _names(scenario["tags"]) | table_tags,
                    steps=tuple(_fill(step["text"], values) for step in scenario["steps"]),
                )


def _rows(scenario: dict[str, Any]) -> list[tuple[frozenset[str], dict[str, str]]]:
    """A `Scenariomal` gives one example per row of its tables; an `Eksempel` gives one."""
    rows = []
    for table in scenario["examples"]:
        header = [cell["value"] for cell in table["tableHeader"]["cells"]]
        for row in table["tableBody"]:
            values = dict(zip(header, (cell["value"] for cell in row["cells"]), strict=True))
            rows.append((_names(table["tags"]), values))
    return rows or [(frozenset(), {})]


def _fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text = text.replace(f"<{name}>", value)
    return text


@cache
def examples() -> tuple[Example, ...]:
    """Every example in every feature under scenarios/."""
    found = tuple(e for path in sorted(SCENARIOS.rglob("*.feature")) for e in _examples_of(path))
    assert found, f"no examples found under {SCENARIOS}"
    return found


@cache
def catalogue() -> dict[str, RuleRef]:
    """The pack's rule catalogue; building it checks every policy's annotations."""
    return build_catalogue(load_pack(PACK).policies)


def rule_ids() -> list[str]:
    """The ids of the pack's policies (the system rules are not policies)."""
    return sorted(set(catalogue()) - SYSTEM_RULES)


def test_every_policy_is_annotated() -> None:
    """Each policy has @id, @tittel, @hjemmel, @bevisgrad, @sist_vurdert (+ @apent_sporsmal)."""
    problems = []
    for rule_id in rule_ids():
        ref = catalogue()[rule_id]
        where = f"{ref.file}:{ref.line} {rule_id}"
        if not (ref.title and ref.legal_basis and ref.last_reviewed):
            problems.append(f"{where}: lacks @tittel, @hjemmel or @sist_vurdert")
        if ref.evidence_grade not in GRADES:
            problems.append(f"{where}: @bevisgrad {ref.evidence_grade!r} not in {sorted(GRADES)}")
        if ref.evidence_grade == "antakelse" and not ref.open_question:
            problems.append(f"{where}: an `antakelse` must name its @apent_sporsmal")
        date.fromisoformat(ref.last_reviewed)
    assert rule_ids(), f"the pack {PACK} has no policies"
    assert not problems, "\n".join(problems)


def test_every_rule_has_a_permit_and_a_deny_example() -> None:
    """Each rule id tags a `Regel` whose examples include a permit and a deny."""
    missing = []
    for rule_id in rule_ids():
        outcomes: set[str] = set()
        for example in examples():
            if rule_id in example.rule_tags:
                outcomes |= example.decisions
        if lacking := {"permit", "deny"} - outcomes:
            missing.append(f"@{rule_id}: no {' or '.join(sorted(lacking))} example")
    assert not missing, "\n".join(missing)


def test_every_tag_is_a_rule_id_or_a_registered_marker() -> None:
    """A tag is a rule id of the pack or one of the markers in pyproject.toml."""
    known = set(rule_ids()) | MARKERS
    unknown = [f"{e.where}: @{tag}" for e in examples() for tag in sorted(e.tags - known)]
    assert not unknown, "unknown tags:\n" + "\n".join(unknown)


def test_every_example_asserts_a_decision_and_the_deciding_rule() -> None:
    """Each example says permit/deny and names a deciding rule, or expects a 400 rejection."""
    problems = []
    for example in examples():
        if example.rejected:
            continue
        if not example.decisions:
            problems.append(f"{example.where}: asserts no decision")
        if not example.reasons:
            problems.append(f"{example.where}: names no deciding rule (`begrunnet med regelen`)")
        for rule_id in sorted(example.reasons - set(catalogue())):
            problems.append(f"{example.where}: names the unknown rule {rule_id!r}")
    assert not problems, "\n".join(problems)


def test_every_example_sits_under_a_regel_tagged_with_its_rule() -> None:
    """Examples belong to a `Regel`; only one whose examples all expect a rejection is untagged."""
    problems = [
        f"{e.where}: not under a `Regel:` tagged with a rule id"
        for e in examples()
        if not (e.rule_tags & set(rule_ids())) and not (e.rule is not None and e.rejected)
    ]
    assert not problems, "\n".join(problems)


def test_example_names_are_unique_within_a_folder() -> None:
    """pytest-bdd silently runs only one of two same-named examples bound by one `scenarios()`."""
    seen: dict[tuple[str, str], str] = {}
    for e in examples():
        path, _, name = e.where.partition(" ")
        folder = Path(path.split(":")[0]).parent.as_posix()
        key = (folder, name)
        first = seen.setdefault(key, e.where)
        assert first == e.where, f"{e.where} has the same name as {first}"
