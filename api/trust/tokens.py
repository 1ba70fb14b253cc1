"""Verifying a JWT access token (RFC 9068 profile) with joserfc against a set of public keys.

One verifier serves the callers' bearer tokens (`api.trust.callers`) and the HelseID access
token a health worker's EPJ obtained (`api.trust.helseid`): what differs is `TokenRules` (issuer,
audience, required claims) and the `KeySource`. Only asymmetric signatures are accepted (no
`none`, no HMAC: a public key is never a shared secret); the key is chosen by the header's
`kid` among the source's keys. A token that does not verify raises `TokenRefused`, with the
RFC 6750 error code and a description that names what was wrong, never the token itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import GuestProtocol, KeySet

# Asymmetric signature algorithms only (RFC 8725 § 3.1): RSA PKCS#1 and PSS, P-256, Ed25519
# (RFC 9864's fully specified name; the deprecated `EdDSA` is not taken).
ALGORITHMS = ("RS256", "PS256", "ES256", "Ed25519")
ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})  # RFC 9068 § 2.1
MAX_TOKEN_CHARS = 16_384  # an access token with an attestation is a few kilobytes


class TokenRefused(Exception):
    """A token that is missing, malformed, wrongly signed, expired, not yet valid, or for
    another issuer or audience. `error` is RFC 6750's code (`invalid_token`,
    `invalid_request`), `description` what was wrong."""

    def __init__(self, description: str, error: str = "invalid_token") -> None:
        super().__init__(description)
        self.error = error
        self.description = description


class KeySource(Protocol):
    """Where the public keys that may sign tokens come from (a JWKS file or URL)."""

    def keys(self, kid: str | None) -> KeySet:
        """The current keys; asked again with `refresh` semantics when `kid` is unknown."""
        ...

    def generation(self) -> int:
        """A number that changes whenever the keys change (a file is looked at again now)."""
        ...


@dataclass(frozen=True)
class TokenRules:
    """What a token must say to be accepted: its issuer, an audience it names, the claims it
    must carry, and how much clock skew (seconds) the validity window tolerates."""

    issuer: str
    audience: str
    required: tuple[str, ...] = ("iss", "aud", "exp", "iat", "sub")
    typed: bool = True  # the header's `typ` must be `at+jwt` (RFC 9068)
    leeway: int = 30


def verify(value: str, rules: TokenRules, source: KeySource, now: datetime) -> dict[str, Any]:
    """The claims of `value` if it verifies under `rules` at `now`; else `TokenRefused`."""
    if len(value) > MAX_TOKEN_CHARS or value.count(".") != 2:
        raise TokenRefused("the token is not a signed JWT (three base64url parts)")
    try:
        token = jwt.decode(value, _chooser(source), algorithms=ALGORITHMS)
    except JoseError as exc:
        raise TokenRefused(f"the token does not verify ({_why(exc)})") from exc
    _check_type(token.header, rules)
    _check_claims(token.claims, rules, now)
    return dict(token.claims)


def _chooser(source: KeySource) -> Callable[[GuestProtocol], KeySet]:
    """The key set to verify with, asked of the source for the header's `kid`."""

    def choose(guest: GuestProtocol) -> KeySet:
        header = guest.headers()
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise TokenRefused("the token's `kid` is not a string")
        keys = source.keys(kid)
        if kid is None and len(keys.keys) != 1:
            raise TokenRefused("the token names no `kid` and more than one key is trusted")
        if kid is not None and all(key.kid != kid for key in keys.keys):
            raise TokenRefused(f"no trusted key has kid {kid!r}")
        return keys

    return choose


def _check_type(header: dict[str, Any], rules: TokenRules) -> None:
    typ = str(header.get("typ", "")).lower()
    if rules.typed and typ not in ACCESS_TOKEN_TYPES:
        raise TokenRefused("the token is not an access token (header `typ` must be at+jwt)")


def _check_claims(claims: dict[str, Any], rules: TokenRules, now: datetime) -> None:
    options: dict[str, Any] = {name: {"essential": True} for name in rules.required}
    options["iss"] = {"essential": True, "value": rules.issuer}
    options["aud"] = {"essential": True, "value": rules.audience}
    registry = jwt.JWTClaimsRegistry(now=int(now.timestamp()), leeway=rules.leeway, **options)
    try:
        registry.validate(claims)
    except ExpiredTokenError as exc:
        raise TokenRefused("the token has expired") from exc
    except JoseError as exc:
        raise TokenRefused(f"the token's claims are not accepted ({_why(exc)})") from exc
    issued = claims.get("iat")
    if isinstance(issued, int | float) and issued > now.timestamp() + rules.leeway:
        raise TokenRefused("the token is issued in the future (`iat`)")


def _why(exc: JoseError) -> str:
    """joserfc's own words for what failed (never the token's content)."""
    return exc.description or exc.error or type(exc).__name__
