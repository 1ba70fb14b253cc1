"""The rules of `policies/README.md` by evidence grade, generated from the pack (`pjd catalogue`):
for each grade, every rule that carries it, an `antakelse` with its open question. A lawyer sees
at a glance which rules rest on statute and which on practice or on our own choice.

The table stands between two marker lines (`START`, `END`), like the parameter table.
"""

from __future__ import annotations

from pathlib import Path

from api.parameters_doc import between_markers
from engine import GRADES, RuleRef, load_pack, pack_catalogue

START = "<!-- bevisgrader:start (generert av `pjd catalogue`; skal ikke redigeres for hånd) -->"
END = "<!-- bevisgrader:end -->"
_HEADER = "| bevisgrad | regler |\n|---|---|"


def _named(rule: RuleRef) -> str:
    return f"`{rule.id}` ({rule.open_question})" if rule.open_question else f"`{rule.id}`"


def render_grades(catalogue: dict[str, RuleRef]) -> str:
    """One row per grade, its rules in file order, the system rules left out."""
    rules = sorted(catalogue.values(), key=lambda r: (r.file, r.line, r.id))
    rows = []
    for grade in GRADES:
        named = [_named(r) for r in rules if r.effect != "system" and r.evidence_grade == grade]
        rows.append(f"| `{grade}` ({len(named)}) | {', '.join(named) or '—'} |")
    return "\n".join([START, "", _HEADER, *rows, "", END])


def write_grades(policy_dir: Path, readme: Path) -> None:
    """Write the grade table of the pack in `policy_dir` into `readme`."""
    table = render_grades(pack_catalogue(load_pack(policy_dir)))
    text = readme.read_text(encoding="utf-8")
    readme.write_text(
        between_markers(text, table, (START, END), "grade table", str(readme)), "utf-8"
    )
