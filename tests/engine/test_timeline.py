"""Time as the rules see it: epoch seconds, calendar years back, look-back cut-offs, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from engine.pjd import Period
from engine.pjd.timeline import day_start, epoch, lookback_cutoffs, period, years_back

OSLO_WINTER = timezone(timedelta(hours=1))


# --- epoch ------------------------------------------------------------------------------------


def test_epoch_of_known_moments() -> None:
    assert epoch(datetime(1970, 1, 1, tzinfo=UTC)) == 0
    assert epoch(datetime(2026, 11, 26, 10, 0, tzinfo=UTC)) == 1795687200
    assert epoch(datetime(2024, 1, 1, tzinfo=UTC)) == 1704067200


def test_epoch_of_a_naive_moment_is_utc() -> None:
    naive = datetime(2026, 11, 26, 10, 0)
    assert epoch(naive) == epoch(naive.replace(tzinfo=UTC)) == 1795687200


def test_epoch_respects_the_offset() -> None:
    oslo = datetime(2026, 11, 26, 11, 0, tzinfo=OSLO_WINTER)
    assert epoch(oslo) == 1795687200


def test_epoch_drops_fractions_of_a_second() -> None:
    assert epoch(datetime(2026, 11, 26, 10, 0, 0, 999999, tzinfo=UTC)) == 1795687200


def test_epoch_is_an_int() -> None:
    assert type(epoch(datetime(2026, 1, 1, tzinfo=UTC))) is int


# --- day_start and period ---------------------------------------------------------------------


def test_day_start_is_midnight_utc() -> None:
    assert day_start(date(2024, 1, 1)) == 1704067200
    assert day_start(date(1970, 1, 2)) == 86400


def test_an_open_period_has_no_til() -> None:
    assert period(Period(date(2024, 1, 1))) == {"fra": 1704067200}


def test_a_closed_period_ends_exclusive_at_midnight_of_its_end_date() -> None:
    out = period(Period(date(2024, 1, 1), date(2024, 1, 31)))
    assert out == {"fra": 1704067200, "til": 1704067200 + 30 * 86400}
    assert out["til"] == day_start(date(2024, 1, 31))


# --- years_back -------------------------------------------------------------------------------


def test_years_back_keeps_the_time_and_zone() -> None:
    at = datetime(2026, 11, 26, 10, 30, 15, tzinfo=OSLO_WINTER)
    assert years_back(at, 1) == datetime(2025, 11, 26, 10, 30, 15, tzinfo=OSLO_WINTER)
    assert years_back(at, 5) == datetime(2021, 11, 26, 10, 30, 15, tzinfo=OSLO_WINTER)
    assert years_back(at, 0) == at


def test_years_back_from_29_february_falls_to_28_february() -> None:
    at = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert years_back(at, 1) == datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
    assert years_back(at, 5) == datetime(2023, 2, 28, 12, 0, tzinfo=UTC)


def test_years_back_from_29_february_to_a_leap_year_keeps_the_day() -> None:
    at = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    assert years_back(at, 4) == datetime(2024, 2, 29, 12, 0, tzinfo=UTC)


def test_years_back_is_calendar_years_not_365_days() -> None:
    at = datetime(2025, 3, 1, tzinfo=UTC)
    assert years_back(at, 1) == datetime(2024, 3, 1, tzinfo=UTC)
    assert at - years_back(at, 1) == timedelta(days=365)
    assert datetime(2024, 3, 1, tzinfo=UTC) - years_back(datetime(2024, 3, 1, tzinfo=UTC), 1) == (
        timedelta(days=366)
    )


# --- lookback_cutoffs -------------------------------------------------------------------------


def test_lookback_cutoffs_per_class() -> None:
    at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    cutoffs = lookback_cutoffs(at, {"E00-1": 5, "I00-1": 1, "C00-1": 1})
    assert cutoffs == {
        "E00-1": epoch(datetime(2021, 11, 26, 10, 0, tzinfo=UTC)),
        "I00-1": epoch(datetime(2025, 11, 26, 10, 0, tzinfo=UTC)),
        "C00-1": epoch(datetime(2025, 11, 26, 10, 0, tzinfo=UTC)),
    }
    assert "A00-1" not in cutoffs


def test_lookback_cutoffs_of_no_windows_are_empty() -> None:
    assert lookback_cutoffs(datetime(2026, 1, 1, tzinfo=UTC), {}) == {}


@pytest.mark.parametrize(
    ("age", "within"),
    [
        (timedelta(0), True),
        (timedelta(days=364), True),
        (timedelta(days=365), True),  # exactly one calendar year (2025-11-26 → 2026-11-26)
        (timedelta(days=365, seconds=1), False),
        (timedelta(days=366), False),
    ],
)
def test_lookback_boundary_is_inclusive(age: timedelta, within: bool) -> None:
    """The rule `tidspunkt >= grense`: exactly one year old is still within."""
    at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    cutoff = lookback_cutoffs(at, {"C00-1": 1})["C00-1"]
    assert (epoch(at - age) >= cutoff) is within


def test_lookback_boundary_on_29_february() -> None:
    at = datetime(2028, 2, 29, 0, 0, tzinfo=UTC)
    cutoff = lookback_cutoffs(at, {"C00-1": 1})["C00-1"]
    assert cutoff == epoch(datetime(2027, 2, 28, tzinfo=UTC))
    assert epoch(datetime(2027, 2, 28, tzinfo=UTC)) >= cutoff
    assert epoch(datetime(2027, 2, 27, 23, 59, 59, tzinfo=UTC)) < cutoff


def test_lookback_cutoff_of_a_naive_at_is_utc() -> None:
    naive = datetime(2026, 11, 26, 10, 0)
    assert lookback_cutoffs(naive, {"C00-1": 1}) == lookback_cutoffs(
        naive.replace(tzinfo=UTC), {"C00-1": 1}
    )
