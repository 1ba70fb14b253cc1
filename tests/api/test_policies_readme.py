"""policies/README.md, the lawyers' guide, names every rule and every open question the pack
holds: the file table lists each policy file with exactly the rules it holds, and the table of
assumptions has a row for each open question a rule or parameter names, listing them. Its prose
is written by hand; these tests keep it from falling behind the pack."""

from __future__ import annotations

import re

from api.grades_doc import END, START, render_grades
from api.parameters_doc import between_markers
from engine import GRADES, RuleRef, load_pack, pack_catalogue
from tests.packs import PJD, ROOT

README = ROOT / "policies" / "README.md"
NAMED = re.compile(r"`([a-z0-9_]+)`")


def _table(heading: str) -> list[list[str]]:
    """The cells of each body row of the tables under `## heading` (their header rows left out)."""
    section = README.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    lines = section.splitlines()
    header = {n - 1 for n, line in enumerate(lines) if line.startswith("|---")}
    rows = [line for n, line in enumerate(lines) if line.startswith("| ") and n not in header]
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


def _policy_rules() -> list[RuleRef]:
    return [r for r in pack_catalogue(load_pack(PJD)).values() if r.effect != "system"]


def _named(cell: str) -> set[str]:
    """The identifiers a cell names, leaving out what it says of them in parentheses."""
    return set(NAMED.findall(re.sub(r"\([^)]*\)", "", cell)))


def test_the_file_table_lists_each_policy_file_with_exactly_its_rules() -> None:
    listed = {row[0].strip("`"): _named(row[2]) for row in _table("Filene")}
    held: dict[str, set[str]] = {}
    for rule in _policy_rules():
        held.setdefault(rule.file, set()).add(rule.id)
    assert {file: listed.get(file) for file in held} == held


def test_each_open_question_has_a_row_naming_its_rules_and_parameters() -> None:
    rows = {row[0]: set(NAMED.findall(row[2])) for row in _table("Antakelser og åpne spørsmål")}
    expected: dict[str, set[str]] = {}
    for rule in _policy_rules():
        if rule.open_question:
            expected.setdefault(rule.open_question, set()).add(rule.id)
    for name, parameter in load_pack(PJD).parameter_notes.items():
        question = parameter.notes.get("apent_sporsmal")
        if question:
            expected.setdefault(question, set()).add(name)
    assert {q: rows.get(q, set()) & names for q, names in expected.items()} == expected


def test_the_committed_readme_holds_a_fresh_grade_table() -> None:
    text = README.read_text(encoding="utf-8")
    table = render_grades(pack_catalogue(load_pack(PJD)))
    assert text == between_markers(text, table, (START, END), "grade table"), (
        "regenerate the grade table with `pjd catalogue`"
    )


def test_the_grade_table_names_each_rule_once_under_its_grade() -> None:
    rows = _table("Bevisgrader")[len(GRADES) :]  # the first table explains the grades
    named = {row[0].split("`")[1]: NAMED.findall(row[1]) for row in rows}
    listed = sorted((grade, rule) for grade, rules in named.items() for rule in rules)
    assert listed == sorted((r.evidence_grade, r.id) for r in _policy_rules())
    assert "`antakelse` (" in README.read_text(encoding="utf-8")
