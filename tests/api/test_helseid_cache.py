"""A HelseID access token verified once is not verified again while the EPJ reuses it
(`api.trust.helseid`, the bearer tokens' `VerifiedTokens`), but never past its `exp`, never under
HelseID keys that changed since, and a refused token is checked again each time."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from api.config import get_settings
from api.trust import helseid
from api.trust.claims import ClaimsRefused
from api.trust.helseid import HelseIdVerifier
from tests.api.signed_claims import HELSEID, HELSEID_AUDIENCE, helseid_token, published
from tests.api.test_verified_tokens import _key, _write
from tests.tokens import JWKS_FILE

KID = "pjd-test-1"  # the kid every test token names


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each signature check the HelseID verifier makes, by token."""
    made: list[str] = []
    real = helseid.verify

    def counted(value: str, *args: Any) -> dict[str, Any]:
        made.append(value)
        return real(value, *args)

    monkeypatch.setattr(helseid, "verify", counted)
    yield made


@pytest.fixture
def now() -> datetime:
    """The test's moment: the tokens are issued now (not when the tests were collected)."""
    return datetime.now(UTC)


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    """HelseID's keys: a copy of the tests' JWKS, to be rotated."""
    return Path(shutil.copy(JWKS_FILE, tmp_path / "helseid-jwks.json"))


def _verifier(keys: Path) -> HelseIdVerifier:
    return HelseIdVerifier(
        get_settings(
            helseid_jwks_file=keys, helseid_issuer=HELSEID, helseid_audience=HELSEID_AUDIENCE
        )
    )


def test_a_token_reused_is_verified_once(
    keys: Path, verifications: list[str], now: datetime
) -> None:
    verifier, token = _verifier(keys), helseid_token(published())
    first = verifier.claims(token, now)
    assert verifier.claims(token, now + timedelta(minutes=5)) == first
    assert len(verifications) == 1 and first.identity and first.attestation


def test_an_expired_token_is_not_served_from_the_cache(
    keys: Path, verifications: list[str], now: datetime
) -> None:
    verifier = _verifier(keys)
    token = helseid_token(published(), exp=int(now.timestamp()) + 60)
    verifier.claims(token, now)
    verifier.claims(token, now + timedelta(seconds=60))  # at `exp`: verified again (leeway)
    assert len(verifications) == 2
    with pytest.raises(ClaimsRefused, match="expired"):
        verifier.claims(token, now + timedelta(seconds=200))


def test_a_key_rotated_away_refuses_its_cached_token(
    keys: Path, verifications: list[str], now: datetime
) -> None:
    verifier, token = _verifier(keys), helseid_token(published())
    verifier.claims(token, now)
    _write(keys, _key(KID))  # HelseID's key replaced: the cached token's signature is not its
    with pytest.raises(ClaimsRefused):
        verifier.claims(token, now)
    assert len(verifications) == 2


def test_a_refused_token_is_checked_every_time(
    keys: Path, verifications: list[str], now: datetime
) -> None:
    verifier, token = _verifier(keys), helseid_token(published(), key=_key(KID))
    for _ in range(2):
        with pytest.raises(ClaimsRefused):
            verifier.claims(token, now)
    assert len(verifications) == 2 and len(verifier.verified) == 0
