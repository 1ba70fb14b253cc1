"""Time as the rules see it: epoch seconds, periods and look-back cut-offs, in one place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from engine.errors import RequestError
from engine.pjd.model import Period


def epoch(moment: datetime) -> int:
    """Seconds since 1970-01-01T00:00:00Z; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def day_start(day: date) -> int:
    """A calendar date as the epoch second of its midnight UTC."""
    return epoch(datetime.combine(day, time(), tzinfo=UTC))


def period(p: Period) -> dict[str, int]:
    """A registry period as the Cedar `Periode` record: from inclusive, to exclusive."""
    out = {"fra": day_start(p.start)}
    if p.end is not None:
        out["til"] = day_start(p.end)
    return out


def years_back(at: datetime, years: int) -> datetime:
    """`at` moved back whole calendar years (29 February falls back to 28 February)."""
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return at.replace(year=at.year - years, day=28)


def lookback_cutoffs(at: datetime, years_by_class: Mapping[str, int]) -> dict[str, int]:
    """R6: the oldest permitted moment per document class on the KJ path (inclusive)."""
    try:
        return {cls: epoch(years_back(at, int(n))) for cls, n in years_by_class.items()}
    except (ValueError, OverflowError) as exc:
        raise RequestError(
            "at", "the time is out of the range the rules can count back from"
        ) from exc
