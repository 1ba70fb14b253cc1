"""Time as the rules see it: epoch seconds, periods and look-back cut-offs, in one place.

R30: every date without a time (registry and GP-list periods, restriction validity, a date-only
`service_time`/`created`) is a calendar date in Europe/Oslo, starting at 00:00 Oslo time; the
look-back windows (R6) compare calendar dates in Oslo. The zone's rules come with Python
(`zoneinfo`, the system's tz database): data of the language, read like its other modules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from engine.errors import RequestError
from engine.pjd.model import Period

OSLO = ZoneInfo("Europe/Oslo")
Day = TypeVar("Day", date, datetime)


def epoch(moment: datetime) -> int:
    """Seconds since 1970-01-01T00:00:00Z; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def oslo_date(moment: datetime) -> date:
    """The calendar date in Oslo of `moment` (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OSLO).date()


def oslo_midnight(day: date) -> datetime:
    """The moment a calendar date starts in Oslo (00:00 there; midnight always exists: the
    clock changes at 02:00/03:00), in UTC."""
    return datetime.combine(day, time(), tzinfo=OSLO).astimezone(UTC)


def day_start(day: date) -> int:
    """A calendar date as the epoch second of its midnight in Oslo (R30)."""
    return epoch(oslo_midnight(day))


def period(p: Period) -> dict[str, int]:
    """A registry period as the Cedar `Periode` record: from inclusive, to exclusive."""
    out = {"fra": day_start(p.start)}
    if p.end is not None:
        out["til"] = day_start(p.end)
    return out


def years_back(at: Day, years: int) -> Day:
    """`at` (a date or a moment) moved back whole calendar years (29 February falls back to
    28 February)."""
    try:
        return at.replace(year=at.year - years)
    except ValueError:
        return at.replace(year=at.year - years, day=28)


def lookback_cutoffs(at: datetime, years_by_class: Mapping[str, int]) -> dict[str, int]:
    """R6 and R30: the oldest permitted moment per document class on the KJ path (inclusive):
    the Oslo midnight of the Oslo date of `at`, N calendar years back. A document dated
    exactly N years before that date is within; one of the day before is not."""
    today = oslo_date(at)
    try:
        return {cls: day_start(years_back(today, int(n))) for cls, n in years_by_class.items()}
    except (ValueError, OverflowError) as exc:
        raise RequestError(
            "at", "the time is out of the range the rules can count back from"
        ) from exc
