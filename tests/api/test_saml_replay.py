"""`OneTimeUse` (SAML 2.0 core §2.5.1.5): an assertion whose signed Conditions hold it is
accepted once in this process and refused as a replay until it expires; one without it may be
used again within its validity. The cache of seen IDs is bounded, thread-safe, and forgets an
ID once its assertion's time has passed."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from threading import Barrier

import pytest

from api.config import Settings
from api.trust.claims import ClaimsRefused
from api.trust.saml import verify
from api.trust.saml_replay import PROCESS_IDS, OneTimeUse
from api.trust.saml_verify import verified_assertion
from tests.api.saml_equivalents import NOW
from tests.api.saml_signing import (
    AUDIENCE,
    KJ01,
    one_time_use,
    refusal,
    settings_trusting,
    signed,
    signing_key,
)

KEY = signing_key("gateway", NOW)
EXPIRES = NOW + timedelta(minutes=59)  # the signed fixtures' NotOnOrAfter


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return settings_trusting(tmp_path, AUDIENCE[KJ01], KEY)


def _replayed(value: str, settings: Settings, seen: OneTimeUse, minutes: int = 0) -> str:
    with pytest.raises(ClaimsRefused) as refused:
        verify(value, settings, NOW + timedelta(minutes=minutes), seen)
    assert refused.value.field == "saml_assertion"
    return refused.value.message


def test_a_one_time_assertion_is_accepted_once_then_refused_until_it_expires(
    settings: Settings,
) -> None:
    seen = OneTimeUse()
    value = signed(KJ01, NOW, KEY, one_time_use)
    assert verified_assertion(value, settings, NOW).one_time_use
    assert verify(value, settings, NOW, seen).name == "KVART GREVLING"
    assert "for one use only (OneTimeUse) and was used already: a replay" in _replayed(
        value, settings, seen
    )
    assert "a replay" in _replayed(value, settings, seen, minutes=59)  # within the leeway
    assert "expired" in _replayed(value, settings, seen, minutes=60)
    assert len(seen) == 1


def test_the_process_remembers_a_one_time_assertion_across_callers(settings: Settings) -> None:
    """`verify`'s own cache is the process's: a second caller (another request) is refused."""
    value = signed(KJ01, NOW, KEY, one_time_use)
    before = len(PROCESS_IDS)
    verify(value, settings, NOW)
    assert len(PROCESS_IDS) == before + 1
    assert "a replay" in refusal(value, settings)


def test_a_refused_one_time_assertion_is_not_used_up(settings: Settings) -> None:
    seen = OneTimeUse()
    value = signed(KJ01, NOW, KEY, one_time_use)
    no_issuers = settings.model_copy(update={"saml_personnel_issuers": ()})
    assert "may not issue" in _replayed(value, no_issuers, seen)
    assert len(seen) == 0
    assert verify(value, settings, NOW, seen).identity is not None


def test_an_assertion_without_one_time_use_is_used_again(settings: Settings) -> None:
    seen = OneTimeUse()
    value = signed(KJ01, NOW, KEY)
    assert not verified_assertion(value, settings, NOW).one_time_use
    first = verify(value, settings, NOW, seen)
    assert verify(value, settings, NOW + timedelta(minutes=30), seen) == first
    assert len(seen) == 0


def test_the_cache_is_bounded_and_refuses_rather_than_forget(settings: Settings) -> None:
    seen = OneTimeUse(capacity=2)
    for minutes in (0, 1):
        seen.use(f"_earlier-{minutes}", NOW + timedelta(minutes=10 + minutes), NOW)
    value = signed(KJ01, NOW, KEY, one_time_use)
    assert "2 one-time assertions (OneTimeUse) are in use" in _replayed(value, settings, seen)
    assert len(seen) == 2
    with pytest.raises(ClaimsRefused, match="a replay"):
        seen.use("_earlier-0", EXPIRES, NOW)  # both still remembered
    verify(value, settings, NOW + timedelta(minutes=10), seen)  # the first has expired
    assert len(seen) == 2


def test_an_id_is_forgotten_once_its_time_has_passed() -> None:
    seen = OneTimeUse()
    seen.use("_a", NOW + timedelta(minutes=5), NOW)
    seen.use("_b", NOW + timedelta(minutes=1), NOW)
    seen.use("_c", NOW + timedelta(minutes=2), NOW + timedelta(minutes=1))  # _b forgotten
    assert len(seen) == 2
    with pytest.raises(ClaimsRefused, match="a replay"):
        seen.use("_a", EXPIRES, NOW + timedelta(minutes=5) - timedelta(microseconds=1))
    seen.use("_a", EXPIRES, NOW + timedelta(minutes=5))  # its end reached: a new use
    assert len(seen) == 1  # _c forgotten too


def test_of_threads_using_one_id_at_once_exactly_one_succeeds() -> None:
    seen, threads = OneTimeUse(), 16
    barrier = Barrier(threads)

    def use(_: int) -> bool:
        barrier.wait()
        try:
            seen.use("_shared", EXPIRES, NOW)
        except ClaimsRefused:
            return False
        return True

    with ThreadPoolExecutor(threads) as pool:
        assert sorted(pool.map(use, range(threads))) == [False] * (threads - 1) + [True]
    assert len(seen) == 1
