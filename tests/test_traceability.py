"""Traceability between the policy pack and the Gherkin specification (DESIGN.md, quality bars).

Every policy carries its annotations; every rule id is the tag of a `Regel:` with at least one
example that permits and one that denies; every tag is a rule id or a registered marker; every
example states the decision and the rule that decided it. The features are read with the
`gherkin` parser pytest-bdd uses, so the test sees exactly what the scenarios run.

Every Cedar rule has a Rego twin (policies/pjd/rego/) and every Rego rule a Cedar one: the same
id, the same annotations (Cedar's `@name("value")` are the twin's METADATA `custom:` fields, its
`@tittel` also the `title`), the same kind of rule head, in the file of the same base name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import cedarpy
from gherkin.parser import Parser

from engine import (
    EVALUATION_ERROR,
    LOG_FAILED,
    NO_BASIS,
    RegoRule,
    RuleRef,
    check_twins,
    load_pack,
    pack_catalogue,
    rules_of_rego,
)

ROOT = Path(__file__).resolve().parents[1]
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
    return pack_catalogue(load_pack(PACK))


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


# --- the Rego twin ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CedarRule:
    """One Cedar policy as written: where it is, its effect and every annotation."""

    file: str
    effect: str
    annotations: dict[str, str]


@cache
def cedar_rules() -> dict[str, list[CedarRule]]:
    """Rule id → the Cedar policies carrying it, annotations as written (not via the catalogue)."""
    found: dict[str, list[CedarRule]] = {}
    for file in load_pack(PACK).policies:
        static = json.loads(cedarpy.policies_to_json_str(file.text))["staticPolicies"]
        for policy in static.values():
            notes = dict(policy.get("annotations", {}))
            rule = CedarRule(file.name, policy["effect"], notes)
            found.setdefault(notes.get("id", ""), []).append(rule)
    return found


@cache
def rego_rules() -> dict[str, list[RegoRule]]:
    """Rule id → the Rego rules carrying it (one `# METADATA` block each)."""
    found: dict[str, list[RegoRule]] = {}
    for file in load_pack(PACK).rego:
        for rule in rules_of_rego(file):
            found.setdefault(rule.id, []).append(rule)
    return found


def test_every_cedar_rule_has_a_rego_twin_and_vice_versa() -> None:
    """The same rule ids on both sides, each defined once."""
    cedar, rego = cedar_rules(), rego_rules()
    assert set(cedar) == set(rule_ids()), "a Cedar policy without @id, or an id twice"
    problems = [f"{i}: no Rego twin ({cedar[i][0].file})" for i in sorted(set(cedar) - set(rego))]
    problems += [
        f"{i}: no Cedar twin ({rego[i][0].file}:{rego[i][0].line})"
        for i in sorted(set(rego) - set(cedar))
    ]
    problems += [
        f"{i}: defined {len(rules)} times in Rego: {[f'{r.file}:{r.line}' for r in rules]}"
        for i, rules in sorted(rego.items())
        if len(rules) > 1
    ]
    problems += [f"{i}: defined twice in Cedar" for i, rules in cedar.items() if len(rules) > 1]
    assert not problems, "\n".join(problems)


def _head(rule: CedarRule) -> tuple[str, str | None]:
    """The Rego head a Cedar policy's twin must have: the set it adds to and its obligation."""
    obligation = rule.annotations.get("forpliktelse")
    if obligation:
        return "forplikt", obligation
    return {"forbid": "nekt", "permit": "tillat"}[rule.effect], None


def test_every_rego_twin_carries_the_same_annotations() -> None:
    """Each Cedar annotation is a METADATA `custom:` field of equal value and nothing else is;
    the title is `@tittel`, the scope `rule`, and the head matches the effect and obligation."""
    problems = []
    rego = rego_rules()
    for rule_id, [cedar] in sorted(cedar_rules().items()):
        for twin in rego.get(rule_id, []):
            where = f"{twin.file}:{twin.line} {rule_id}"
            custom = {k.removeprefix("custom."): v for k, v in twin.meta.items() if "." in k}
            if custom != cedar.annotations:
                keys = sorted(set(custom) | set(cedar.annotations))
                differing = [k for k in keys if custom.get(k) != cedar.annotations.get(k)]
                problems.append(f"{where}: custom differs from {cedar.file} in {differing}")
            if twin.meta.get("title") != cedar.annotations.get("tittel"):
                problems.append(f"{where}: title is not @tittel of {cedar.file}")
            if twin.meta.get("scope") != "rule":
                problems.append(f"{where}: scope is {twin.meta.get('scope')!r}, not 'rule'")
            if (twin.kind, twin.obligation) != _head(cedar):
                problems.append(f"{where}: head {twin.kind} {twin.obligation}, not {_head(cedar)}")
    assert not problems, "\n".join(problems)


def test_every_rego_twin_is_in_the_file_of_its_cedar_twins_base_name() -> None:
    """`roller.cedar`'s rules are in `rego/roller.rego`, and so on."""
    problems = [
        f"{twin.file}:{twin.line} {rule_id}: belongs in rego/{Path(cedar.file).stem}.rego"
        for rule_id, [cedar] in sorted(cedar_rules().items())
        for twin in rego_rules().get(rule_id, [])
        if Path(twin.file).stem != Path(cedar.file).stem or Path(twin.file).parent.name != "rego"
    ]
    assert not problems, "\n".join(problems)


def test_the_engine_accepts_the_twin() -> None:
    """The check the Rego engine runs at load time agrees (engine/rego_engine.py)."""
    check_twins(load_pack(PACK).rego, catalogue(), load_pack(PACK).parameters)
