"""The legal conventions every annotated text of a pack follows, a rule's annotations and a
parameter's metadata alike: `bevisgrad` one of GRADES, an `antakelse` names its open question
(`apent_sporsmal`), `sist_vurdert` is a date."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from engine.errors import PolicyError

GRADES = ("lov", "forskrift", "spesifikasjon", "praksis", "antakelse")


def check_legal_notes(
    file: str, line: int, notes: Mapping[str, str], required: tuple[str, ...], mark: str
) -> None:
    """Refuse a grade, an open question or a date that breaks the conventions; `mark` prefixes
    each note's name in the message (`@` for an annotation, `navn.` for a parameter)."""
    grade = notes.get("bevisgrad", "")
    if "bevisgrad" in required and grade not in GRADES:
        raise PolicyError(file, line, f"{mark}bevisgrad {grade!r} is not one of {GRADES}")
    if "bevisgrad" in required and grade == "antakelse" and not notes.get("apent_sporsmal"):
        raise PolicyError(file, line, f"an `antakelse` must carry {mark}apent_sporsmal")
    if "sist_vurdert" in required:
        try:
            date.fromisoformat(notes["sist_vurdert"])
        except ValueError as exc:
            message = f"{mark}sist_vurdert is not a date (YYYY-MM-DD)"
            raise PolicyError(file, line, message) from exc
