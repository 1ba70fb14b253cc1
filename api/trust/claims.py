"""Claims about the person behind a request, as a verified token or assertion carried them.

A verifier (`api.trust.helseid` for a HelseID access token, `api.trust.saml` for an XUA SAML
assertion) turns what it verified into `VerifiedClaims`: the same JSON shapes a PJD request
body takes (`identity`, `attestation`, `citizen`), so the one validation of the PJD endpoint
judges them, and nothing the body says beside them is read. A verifier that cannot verify
raises `ClaimsRefused`, naming the field that carried the token or assertion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Json = dict[str, Any]
ClaimsSource = Literal["helseid", "saml"]


@dataclass(frozen=True)
class VerifiedClaims:
    """What a verified token or assertion says. A health worker's claims carry `identity`
    (`pid`, `hpr_number`, `security_level`, optionally `authorizations`) and `attestation`
    (a `nhn:tillitsrammeverk:parameters` object); a citizen's carry `citizen` (`pid`,
    `security_level`, `age`, optionally `representation`). `name` is the person's name as the
    verified source gives it, `patient` the patient the assertion names (if it names one),
    `issued_at`/`expires_at` the token's or assertion's validity, `scopes` a token's scopes."""

    source: ClaimsSource
    identity: Json | None = None
    attestation: Json | None = None
    citizen: Json | None = None
    name: str | None = None
    patient: str | None = None
    issued_at: datetime | None = None
    expires_at: datetime | None = None
    scopes: frozenset[str] | None = None  # a token's `scope`; an assertion has none


class ClaimsRefused(Exception):
    """A token or assertion that did not verify (bad signature, expired, wrong issuer or
    audience, wrapped or tampered): the request is refused, never decided."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
