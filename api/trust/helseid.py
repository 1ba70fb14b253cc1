"""Verified health-personnel claims from the HelseID access token the EPJ obtained (issue 11).

The token is verified like every access token (`api.trust.tokens`), against HelseID's keys
(`PJD_HELSEID_JWKS_FILE` or `PJD_HELSEID_JWKS_URL`), issuer (`PJD_HELSEID_ISSUER`) and audience
(`PJD_HELSEID_AUDIENCE`). Its claims give `identity` (`helseid://claims/identity/pid`,
`…/security_level`, `helseid://claims/hpr/hpr_number`) and its `authorization_details` of type
`nhn:tillitsrammeverk:parameters` the attestation, which HelseID checked against HPR and
Enhetsregisteret. Without `toa` the token's `iat` dates the attestation. Its `scope` gives the
paths its holder may ask on (`LIST_SCOPES`, checked by `api.pjd.verified`). Every failure is
`ClaimsRefused("helseid_token", …)`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from api.config import Settings
from api.trust.claims import ClaimsRefused, VerifiedClaims
from api.trust.keys import FileKeys, UrlKeys
from api.trust.tokens import KeySource, TokenRefused, TokenRules, verify
from api.trust.verified_tokens import VerifiedTokens

FIELD = "helseid_token"
PID = "helseid://claims/identity/pid"
SECURITY_LEVEL = "helseid://claims/identity/security_level"
HPR_NUMBER = "helseid://claims/hpr/hpr_number"
DETAILS_TYPE = "nhn:tillitsrammeverk:parameters"
PERSON_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.1"  # fødselsnummer / D-nummer
# The PJD API's scopes of the EPJ's token (R28): each list scope gives one path, the path of
# every list and read its holder asks on; a read needs the read scope besides
LIST_SCOPES = {
    "nhn:phr/mhd/read-documentreferences": "hpl45",
    "nhn:phr/mhd/read-documentreferences/kjernejournalforskriften": "kjernejournalforskriften",
}
READ_SCOPE = "nhn:phr/mhd/read-document"


class HelseIdVerifier:
    """Verifies HelseID access tokens as the settings configure (unset: every one refused)."""

    def __init__(self, settings: Settings) -> None:
        self.source: KeySource | None = None
        if settings.helseid_jwks_file is not None:
            self.source = FileKeys(settings.helseid_jwks_file)
        elif settings.helseid_jwks_url:
            self.source = UrlKeys(settings.helseid_jwks_url)
        issuer, audience = settings.helseid_issuer, settings.helseid_audience
        self.rules = TokenRules(issuer, audience) if issuer and audience else None
        self.verified: VerifiedTokens[VerifiedClaims] = VerifiedTokens()

    def claims(self, value: str, now: datetime) -> VerifiedClaims:
        """The health worker's verified claims; else `ClaimsRefused`. A token verified lately
        is not verified again until its `exp` or a change of HelseID's keys (as bearer tokens:
        `api.trust.verified_tokens`); a refused one is checked again each time."""
        if self.source is None or self.rules is None:
            raise ClaimsRefused(FIELD, "no HelseID issuer is configured (PJD_HELSEID_*)")
        try:
            generation = self.source.generation()
            known = self.verified.get(value, generation, now.timestamp())
            if known is not None:
                return known
            claims = verify(value, self.rules, self.source, now)
        except TokenRefused as exc:
            raise ClaimsRefused(FIELD, exc.description) from exc
        mapped = _mapped(claims)
        if mapped.expires_at is not None:
            self.verified.put(value, mapped, mapped.expires_at.timestamp(), generation)
        return mapped


def _text(claims: dict[str, Any], name: str, required: bool = True) -> str | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise ClaimsRefused(FIELD, f"the token's `{name}` claim is missing or not text")
    return value


def _mapped(claims: dict[str, Any]) -> VerifiedClaims:
    pid = str(_text(claims, PID))
    identity: dict[str, Any] = {"pid": pid, "security_level": _text(claims, SECURITY_LEVEL)}
    hpr = _text(claims, HPR_NUMBER, required=False)
    if hpr is not None:
        identity["hpr_number"] = hpr
    issued, expires, scope = claims.get("iat"), claims.get("exp"), claims.get("scope")
    return VerifiedClaims(
        source="helseid",
        identity=identity,
        attestation=_attestation(claims, pid),
        name=_text(claims, "name", required=False),
        issued_at=datetime.fromtimestamp(issued, UTC) if isinstance(issued, int) else None,
        expires_at=datetime.fromtimestamp(expires, UTC) if isinstance(expires, int) else None,
        scopes=frozenset(scope.split()) if isinstance(scope, str) else frozenset(),
    )


def _attestation(claims: dict[str, Any], pid: str) -> dict[str, Any]:
    """The `nhn:tillitsrammeverk:parameters` object, `toa` from `iat` when absent; a
    practitioner identifier, if the EPJ sent one, must be the token's person (the verified
    identifier itself is set by `api.pjd.verified`, as for every verified source)."""
    details = claims.get("authorization_details")
    entries = details if isinstance(details, list) else [details]
    found = [e for e in entries if isinstance(e, dict) and e.get("type") == DETAILS_TYPE]
    if len(found) != 1:
        raise ClaimsRefused(FIELD, f"the token needs one authorization_details of {DETAILS_TYPE}")
    attestation = {k: v for k, v in found[0].items() if k != "type"}
    practitioner = attestation.get("practitioner")
    if not isinstance(practitioner, dict):
        raise ClaimsRefused(FIELD, "the attestation in the token names no practitioner")
    given = practitioner.get("identifier")
    if given is not None and (not isinstance(given, dict) or given.get("id") != pid):
        raise ClaimsRefused(FIELD, "the attestation's practitioner is not the token's person")
    if "toa" not in attestation and isinstance(claims.get("iat"), int):
        attestation["toa"] = claims["iat"]
    return attestation
