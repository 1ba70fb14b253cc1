"""Time as the rules see it: epoch seconds, calendar years back, look-back cut-offs, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from engine.pjd import Period
from engine.pjd.timeline import (
    day_start,
    epoch,
    lookback_cutoffs,
    oslo_date,
    oslo_midnight,
    period,
    years_back,
)

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


def test_day_start_is_midnight_in_oslo() -> None:
    """R30: a date starts at 00:00 Oslo time: 23:00Z the day before in winter, 22:00Z in summer."""
    assert day_start(date(2024, 1, 1)) == 1704067200 - 3600
    assert day_start(date(2024, 7, 1)) == epoch(datetime(2024, 6, 30, 22, 0, tzinfo=UTC))
    assert day_start(date(1970, 1, 2)) == 86400 - 3600


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        (datetime(2026, 12, 1, 22, 59, 59, tzinfo=UTC), date(2026, 12, 1)),
        (datetime(2026, 12, 1, 23, 0, tzinfo=UTC), date(2026, 12, 2)),  # 00:00 Oslo
        (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), date(2026, 12, 2)),
        (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),  # summer: UTC+2
        (datetime(2026, 12, 1, 23, 30), date(2026, 12, 2)),  # naive: UTC
    ],
)
def test_oslo_date_of_a_moment(moment: datetime, day: date) -> None:
    assert oslo_date(moment) == day


def test_oslo_midnight_across_the_clock_changes() -> None:
    """The clocks change at 02:00/03:00; midnight always exists, once."""
    assert oslo_midnight(date(2026, 3, 29)) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert oslo_midnight(date(2026, 3, 30)) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert oslo_midnight(date(2026, 10, 25)) == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert oslo_midnight(date(2026, 10, 26)) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


JAN_1 = 1704067200 - 3600  # 2024-01-01 00:00 Oslo


def test_an_open_period_has_no_til() -> None:
    assert period(Period(date(2024, 1, 1))) == {"fra": JAN_1}


def test_a_closed_period_ends_exclusive_at_oslo_midnight_of_its_end_date() -> None:
    out = period(Period(date(2024, 1, 1), date(2024, 1, 31)))
    assert out == {"fra": JAN_1, "til": JAN_1 + 30 * 86400}
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


def test_lookback_cutoffs_per_class_are_oslo_midnights_n_years_back() -> None:
    at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    cutoffs = lookback_cutoffs(at, {"E00-1": 5, "I00-1": 1, "C00-1": 1})
    assert cutoffs == {
        "E00-1": day_start(date(2021, 11, 26)),
        "I00-1": day_start(date(2025, 11, 26)),
        "C00-1": day_start(date(2025, 11, 26)),
    }
    assert "A00-1" not in cutoffs


def test_lookback_cutoffs_of_no_windows_are_empty() -> None:
    assert lookback_cutoffs(datetime(2026, 1, 1, tzinfo=UTC), {}) == {}


@pytest.mark.parametrize(
    ("document", "within"),
    [
        (datetime(2026, 11, 26, 10, 0, tzinfo=UTC), True),
        (datetime(2025, 11, 26, 10, 0, tzinfo=UTC), True),  # exactly one calendar year
        (datetime(2025, 11, 26, 9, 59, 59, tzinfo=UTC), True),  # the same Oslo date (R30)
        (datetime(2025, 11, 25, 23, 0, tzinfo=UTC), True),  # 2025-11-26 00:00 Oslo
        (datetime(2025, 11, 25, 22, 59, 59, tzinfo=UTC), False),  # 2025-11-25 in Oslo
        (datetime(2025, 11, 25, 10, 0, tzinfo=UTC), False),
    ],
)
def test_lookback_compares_oslo_dates_and_is_inclusive(document: datetime, within: bool) -> None:
    """The rule `tidspunkt >= grense`: a document of the date exactly one year before the Oslo
    date of the decision is within, whatever its time of day; of the day before, outside."""
    at = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    cutoff = lookback_cutoffs(at, {"C00-1": 1})["C00-1"]
    assert (epoch(document) >= cutoff) is within


def test_a_decision_at_2330_utc_counts_from_the_next_oslo_date() -> None:
    """23:30Z on 2 December is 00:30 on 3 December in Oslo: the window starts 3 December."""
    at = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    assert lookback_cutoffs(at, {"C00-1": 1})["C00-1"] == day_start(date(2025, 12, 3))


def test_lookback_boundary_on_29_february() -> None:
    at = datetime(2028, 2, 29, 12, 0, tzinfo=UTC)
    cutoff = lookback_cutoffs(at, {"C00-1": 1})["C00-1"]
    assert cutoff == day_start(date(2027, 2, 28))
    assert epoch(datetime(2027, 2, 27, 23, 0, tzinfo=UTC)) >= cutoff  # 28 Feb 00:00 Oslo
    assert epoch(datetime(2027, 2, 27, 22, 59, 59, tzinfo=UTC)) < cutoff


def test_lookback_cutoff_of_a_naive_at_is_utc() -> None:
    naive = datetime(2026, 11, 26, 10, 0)
    assert lookback_cutoffs(naive, {"C00-1": 1}) == lookback_cutoffs(
        naive.replace(tzinfo=UTC), {"C00-1": 1}
    )
