"""The GP list indexed by patient (rule R9), compact enough for the national list (~5 million
entries): four parallel read-only arrays of machine integers sorted by patient, 24 bytes an
entry, searched by bisection. Patients are 11 digits, HPR numbers 6–9 digits (kept with a
leading 1, so `012345` stays itself), days their ordinal; an open end is 0.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable
from datetime import date

GpRow = tuple[str, str, date, date | None]  # patient, gp_hpr, from (inclusive), to (exclusive)
_OPEN = 0


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


class GpIndex:
    """Who is whose GP when: built once from the rows, then never changed."""

    __slots__ = ("_ends", "_hprs", "_patients", "_starts")

    def __init__(self, rows: Iterable[GpRow]) -> None:
        patients, hprs, starts, ends = array("q"), array("q"), array("i"), array("i")
        ordered = True
        for patient, hpr, start, end in rows:
            number = int(patient)
            ordered = ordered and (not patients or patients[-1] <= number)
            patients.append(number)
            hprs.append(int("1" + hpr))
            starts.append(start.toordinal())
            ends.append(end.toordinal() if end is not None else _OPEN)
        columns = [patients, hprs, starts, ends]
        if not ordered:  # the rows normally come sorted by patient; else sort them here
            order = sorted(range(len(patients)), key=patients.__getitem__)
            columns = [array(c.typecode, (c[i] for i in order)) for c in columns]
        self._patients, self._hprs, self._starts, self._ends = (
            memoryview(column).toreadonly() for column in columns
        )

    def __len__(self) -> int:
        return len(self._patients)

    def gps(self, patient: str, day: date) -> frozenset[str]:
        """The HPR numbers of the patient's GPs on `day`: from <= day < to (to open when null)."""
        if len(patient) != 11 or not _digits(patient):
            return frozenset()
        key, ordinal = int(patient), day.toordinal()
        found: set[str] = set()
        i = bisect_left(self._patients, key)
        while i < len(self._patients) and self._patients[i] == key:
            end = self._ends[i]
            if self._starts[i] <= ordinal and (end == _OPEN or ordinal < end):
                found.add(str(self._hprs[i])[1:])
            i += 1
        return frozenset(found)
