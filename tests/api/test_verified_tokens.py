"""A bearer token verified once is not verified again (`api.trust.verified_tokens`), but never
past its `exp`, never under keys that changed since (a key rotated away refuses it at once),
and the cache stays bounded; a refused token is checked again each time."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey

from api.trust import callers
from api.trust.callers import Authenticator
from api.trust.keys import FileKeys, KeysUnavailable, UrlKeys, parse_jwks
from api.trust.tokens import TokenRefused, TokenRules
from api.trust.verified_tokens import VerifiedTokens
from tests.tokens import AUDIENCE, ISSUER, claims

RULES = TokenRules(issuer=ISSUER, audience=AUDIENCE)
NOW = datetime.now(UTC)


def _key(kid: str) -> OKPKey:
    return OKPKey.generate_key("Ed25519", parameters={"kid": kid})


def _write(path: Path, *keys: OKPKey) -> None:
    """Write the JWKS and move its modification time on (a rewrite within one clock tick
    must still count as a change)."""
    path.write_text(json.dumps({"keys": [key.as_dict(private=False) for key in keys]}))
    stamp = path.stat().st_mtime_ns + 1_000_000_000 * (1 + len(keys))
    os.utime(path, ns=(stamp, stamp))


def _bearer(key: OKPKey, **extra: Any) -> str:
    header = {"alg": "Ed25519", "typ": "at+jwt", "kid": key.kid}
    issued = {"iat": int(NOW.timestamp()), "nbf": int(NOW.timestamp())}  # the tests' clock
    body = claims(("pjd:decide",), **(issued | extra))
    return "Bearer " + jwt.encode(header, body, key, algorithms=["Ed25519"])


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each signature check the authenticator makes, by token."""
    made: list[str] = []
    real = callers.verify

    def counted(value: str, *args: Any) -> dict[str, Any]:
        made.append(value)
        return real(value, *args)

    monkeypatch.setattr(callers, "verify", counted)
    yield made


@pytest.fixture
def keys(tmp_path: Path) -> Path:
    path = tmp_path / "jwks.json"
    _write(path, _key("unused"))
    return path


def test_a_token_reused_is_verified_once(keys: Path, verifications: list[str]) -> None:
    key = _key("k1")
    _write(keys, key)
    authenticator = Authenticator(RULES, FileKeys(keys))
    header = _bearer(key)
    first = authenticator.caller(header, NOW)
    assert authenticator.caller(header, NOW + timedelta(minutes=5)) == first
    assert authenticator.cached(header, NOW + timedelta(minutes=10)) == first
    assert len(verifications) == 1 and first.scopes == {"pjd:decide"}


def test_an_expired_token_is_not_served_from_the_cache(
    keys: Path, verifications: list[str]
) -> None:
    key = _key("k1")
    _write(keys, key)
    authenticator = Authenticator(RULES, FileKeys(keys))
    header = _bearer(key, exp=int(NOW.timestamp()) + 60)
    authenticator.caller(header, NOW)
    later = NOW + timedelta(seconds=60)  # at `exp`: within the verifier's leeway, not cached
    assert authenticator.cached(header, later) is None
    authenticator.caller(header, later)
    assert len(verifications) == 2
    with pytest.raises(TokenRefused, match="expired"):
        authenticator.caller(header, NOW + timedelta(seconds=200))


def test_a_key_rotated_away_refuses_its_cached_tokens(keys: Path, verifications: list[str]) -> None:
    old, new = _key("old"), _key("new")
    _write(keys, old)
    authenticator = Authenticator(RULES, FileKeys(keys))
    header = _bearer(old)
    authenticator.caller(header, NOW)
    _write(keys, old, new)  # a rotation begins: the old key still trusted, its token verified anew
    authenticator.caller(header, NOW)
    assert len(verifications) == 2
    _write(keys, new)  # the old key retired
    assert authenticator.cached(header, NOW) is None
    with pytest.raises(TokenRefused, match="no trusted key has kid 'old'"):
        authenticator.caller(header, NOW)
    assert authenticator.caller(_bearer(new), NOW).client_id


def test_a_keys_file_gone_refuses_a_cached_token(keys: Path) -> None:
    key = _key("k1")
    _write(keys, key)
    authenticator = Authenticator(RULES, FileKeys(keys))
    header = _bearer(key)
    authenticator.caller(header, NOW)
    keys.unlink()
    with pytest.raises(KeysUnavailable):
        authenticator.caller(header, NOW)


def test_a_refused_token_is_checked_every_time(keys: Path, verifications: list[str]) -> None:
    _write(keys, _key("k1"))
    authenticator = Authenticator(RULES, FileKeys(keys))
    header = _bearer(_key("k1"))  # same kid, another key: the signature fails
    for _ in range(2):
        with pytest.raises(TokenRefused, match="does not verify"):
            authenticator.caller(header, NOW)
    assert len(verifications) == 2 and len(authenticator.verified) == 0


def test_the_cache_is_bounded_the_oldest_going_first() -> None:
    cache: VerifiedTokens[str] = VerifiedTokens(size=2)
    exp = NOW.timestamp() + 60
    for token in ("a", "b", "c"):
        cache.put(token, token.upper(), exp, generation=1)
    assert len(cache) == 2
    assert [cache.get(t, 1, NOW.timestamp()) for t in ("a", "b", "c")] == [None, "B", "C"]


def test_another_generation_empties_the_cache() -> None:
    cache: VerifiedTokens[str] = VerifiedTokens()
    cache.put("a", "A", NOW.timestamp() + 60, generation=1)
    assert cache.get("a", 2, NOW.timestamp()) is None
    assert cache.get("a", 1, NOW.timestamp()) is None and len(cache) == 0


def test_a_keys_url_counts_the_fetches_that_brought_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    source = UrlKeys("http://127.0.0.1:9/jwks.json", min_refresh=0.0)
    answers = [parse_jwks(json.dumps({"keys": [_key("k1").as_dict(private=False)]}).encode(), "")]
    monkeypatch.setattr(source, "_fetch", lambda: answers[-1] if answers else source._keys)
    assert source.generation() == 0  # asking the generation fetches nothing
    source.keys(None)
    assert source.generation() == 1
    source.keys("k1")  # a known kid: no fetch
    assert source.generation() == 1
    answers.clear()  # the issuer away: the keys kept, the same generation
    source.keys("k2")
    assert source.generation() == 1
