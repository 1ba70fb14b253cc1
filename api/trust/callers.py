"""Who is calling: the OAuth 2.0 bearer access token every route but `/health` and AuthZEN
discovery requires, and the scopes it grants.

Scopes: `pjd:decide` (the PJD endpoint, AuthZEN), `pjd:restrictions` (a patient's restrictions,
for the services that register them), `pjd:registry`, `pjd:log` (the data controller's view),
and `pjd:citizen` (a citizen's own log and restrictions: the token's `pid` must be the patient,
or the patient one of the token's `represents`). No trusted issuer configured, no token passes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from api.config import Settings
from api.trust.keys import FileKeys, UrlKeys
from api.trust.tokens import KeySource, TokenRefused, TokenRules, verify
from api.trust.verified_tokens import VerifiedTokens

SCOPES = {
    "pjd:decide": "ask for decisions (the PJD endpoint, AuthZEN)",
    "pjd:restrictions": "register, list and withdraw any patient's restrictions",
    "pjd:registry": "read and replace the registry",
    "pjd:log": "read the data controller's view of the access log",
    "pjd:citizen": "a citizen's own (or represented person's) log and restrictions",
}
CITIZEN = "pjd:citizen"


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: the client (`client_id`), the token's subject, its scopes, and
    for a citizen's token the person (`pid`) and whom they represent (`represents`)."""

    client_id: str
    subject: str
    scopes: frozenset[str]
    pid: str | None = None
    represents: frozenset[str] = frozenset()
    citizen: dict[str, Any] | None = None  # helsenorge's verified claims (the `citizen` shape)

    def acts_for(self, patient: str) -> bool:
        """Whether this citizen's token is the patient's own or shows they represent them."""
        return patient == self.pid or patient in self.represents


class InsufficientScope(Exception):
    """The token is valid but grants none of the scopes the route takes (403)."""

    def __init__(self, scopes: Iterable[str], description: str) -> None:
        super().__init__(description)
        self.scopes = tuple(scopes)
        self.description = description


class Authenticator:
    """Verifies bearer tokens against the configured issuer, audience and keys; a token verified
    lately is not verified again until its `exp` or a change of keys (`VerifiedTokens`)."""

    def __init__(self, rules: TokenRules | None, source: KeySource | None) -> None:
        self.rules, self.source = rules, source
        self.verified: VerifiedTokens[Caller] = VerifiedTokens()

    def cached(self, authorization: str | None, now: datetime) -> Caller | None:
        """The caller of a bearer token verified lately, still valid, under the same keys;
        None: ask `caller` (which verifies, and may wait on the keys' URL)."""
        if self.source is None or not authorization:
            return None
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.verified.get(value.strip(), self.source.generation(), now.timestamp())

    def caller(self, authorization: str | None, now: datetime) -> Caller:
        """The caller an `Authorization` header proves; else `TokenRefused`."""
        if not authorization:
            raise TokenRefused("a bearer access token is required", error="")
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise TokenRefused("Authorization must be `Bearer <token>`", "invalid_request")
        if self.rules is None or self.source is None:
            raise TokenRefused("the service trusts no token issuer (see PJD_JWKS_FILE)")
        token, generation = value.strip(), self.source.generation()
        known = self.verified.get(token, generation, now.timestamp())
        if known is not None:
            return known
        claims = verify(token, self.rules, self.source, now)
        caller, exp = _caller(claims), claims.get("exp")
        if isinstance(exp, int | float) and not isinstance(exp, bool):
            self.verified.put(token, caller, float(exp), generation)
        return caller


def _caller(claims: dict[str, Any]) -> Caller:
    scope, client = claims.get("scope", ""), claims.get("client_id", claims.get("azp"))
    if not isinstance(scope, str) or not isinstance(client, str) or not client:
        raise TokenRefused("the token needs a `client_id` and a space-separated `scope`")
    pid, represents = claims.get("pid"), claims.get("represents", [])
    if pid is not None and not isinstance(pid, str):
        raise TokenRefused("the token's `pid` is not a string")
    if not isinstance(represents, list) or not all(isinstance(p, str) for p in represents):
        raise TokenRefused("the token's `represents` is not a list of person ids")
    citizen = claims.get("citizen")
    if citizen is not None and not isinstance(citizen, dict):
        raise TokenRefused("the token's `citizen` is not an object")
    subject = str(claims.get("sub", client))
    scopes = frozenset(scope.split())
    return Caller(client, subject, scopes, pid, frozenset(represents), citizen)


def authorize(caller: Caller, scopes: Iterable[str], patient: str | None) -> None:
    """Let `caller` through if it holds one of `scopes`; `pjd:citizen` only for a patient the
    token's person is or represents. Otherwise `InsufficientScope`."""
    wanted = tuple(scopes)
    if not wanted:
        return  # a route any authenticated caller may use (the rule catalogue)
    if any(s in caller.scopes for s in wanted if s != CITIZEN):
        return
    if CITIZEN in wanted and CITIZEN in caller.scopes:
        if patient is not None and caller.acts_for(patient):
            return
        raise InsufficientScope(wanted, "the token's person is not the patient nor represents them")
    raise InsufficientScope(wanted, f"the token grants none of: {' '.join(wanted)}")


def authenticator(settings: Settings) -> Authenticator:
    """The authenticator the settings configure (no issuer or no keys: every token refused)."""
    source = _source(settings.jwks_file, settings.jwks_url)
    if settings.token_issuer is None or source is None:
        return Authenticator(None, None)
    rules = TokenRules(issuer=settings.token_issuer, audience=settings.token_audience)
    return Authenticator(rules, source)


def _source(path: Path | None, url: str | None) -> KeySource | None:
    if path is not None:
        return FileKeys(path)
    return UrlKeys(url) if url else None
