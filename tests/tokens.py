"""Access tokens for the tests, signed with the test key the tests' service trusts.

`tests/fixtures/tokens/` holds a test-only Ed25519 key (`test_signing_key.json`, never used
outside the tests) and its public JWKS; the root `conftest.py` points the service at them
(`PJD_JWKS_FILE`, `PJD_TOKEN_ISSUER`), so every in-process and live service the tests start
trusts exactly this key.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.jwk import OKPKey

KEYS = Path(__file__).resolve().parent / "fixtures" / "tokens"
JWKS_FILE = KEYS / "jwks.json"
SIGNING_KEY = KEYS / "test_signing_key.json"
ISSUER = "https://issuer.pjd.test"
AUDIENCE = "pjd-tilgangstjeneste"
SERVICE_SCOPES = ("pjd:decide", "pjd:restrictions", "pjd:registry", "pjd:log")
CLIENT = "test-retrieval-service"
LIFETIME = 4 * 3600


@cache
def signing_key() -> OKPKey:
    """The tests' private signing key (kid `pjd-test-1`)."""
    return OKPKey.import_key(json.loads(SIGNING_KEY.read_text()))


def claims(scopes: Iterable[str] = SERVICE_SCOPES, **extra: Any) -> dict[str, Any]:
    """RFC 9068 claims for `scopes`, valid for four hours from now (a token made while the
    tests are collected outlives the whole suite); `extra` on top."""
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": CLIENT,
        "client_id": CLIENT,
        "iat": now,
        "nbf": now,
        "exp": now + LIFETIME,
        "jti": str(uuid.uuid4()),
        "scope": " ".join(scopes),
    }
    return base | extra


def token(scopes: Iterable[str] = SERVICE_SCOPES, key: Any = None, **extra: Any) -> str:
    """A signed access token for `scopes` (`extra` claims on top; `key` to sign otherwise)."""
    header = {"alg": "Ed25519", "typ": "at+jwt", "kid": "pjd-test-1"}
    return jwt.encode(header, claims(scopes, **extra), key or signing_key(), algorithms=["Ed25519"])


def bearer(scopes: Iterable[str] = SERVICE_SCOPES, **extra: Any) -> dict[str, str]:
    """The `Authorization` header of a token for `scopes`."""
    return {"Authorization": f"Bearer {token(scopes, **extra)}"}


def citizen_bearer(pid: str, represents: Iterable[str] = ()) -> dict[str, str]:
    """A citizen's token (`pjd:citizen`) for `pid`, representing `represents`."""
    return bearer(("pjd:citizen",), pid=pid, represents=list(represents))


def citizen_headers(claims: dict[str, Any]) -> dict[str, str]:
    """`X-Citizen` with `claims`, and the token of the same citizen (`pid`), representing the
    person `claims.representation.pid` names if any: what helsenorge sends for a citizen."""
    pid = claims.get("pid") if isinstance(claims.get("pid"), str) else ""
    represented = (claims.get("representation") or {}).get("pid")
    represents = [represented] if isinstance(represented, str) else []
    return {"X-Citizen": json.dumps(claims), **citizen_bearer(str(pid), represents)}
