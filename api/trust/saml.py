"""Verified claims from the XUA SAML 2.0 assertion a document source receives (issue 11).

`verify` is the one entry: the assertion (XML text or its base64) is verified by
`api.trust.saml_verify` (safe parsing, XML signature against `PJD_SAML_CERTS`, XSW refused,
validity and audience) and its signed attributes are mapped by `api.trust.saml_mapping` onto
the PJD request's `identity` + `attestation` (a health worker) or `citizen`. The kind the
mapping found decides which issuers may have issued it: the signed `saml:Issuer` must be one of
`PJD_SAML_PERSONNEL_ISSUERS` (a health worker, KJ01: HelseID's XDS SAML issuer) or of
`PJD_SAML_CITIZEN_ISSUERS` (a citizen, HN01: helsenorge); an empty list refuses that kind.
Last, an assertion marked `OneTimeUse` is used up (`api.trust.saml_replay`, per process).
Nothing that did not verify is returned: every failure is `ClaimsRefused("saml_assertion", …)`.
"""

from __future__ import annotations

from datetime import datetime

from api.config import Settings
from api.trust.claims import VerifiedClaims
from api.trust.saml_mapping import claims_of
from api.trust.saml_replay import PROCESS_IDS, OneTimeUse
from api.trust.saml_verify import FIELD, LEEWAY, SignedAssertion, refuse, verified_assertion

__all__ = ["FIELD", "verify"]


def verify(
    value: str, settings: Settings, now: datetime, seen: OneTimeUse = PROCESS_IDS
) -> VerifiedClaims:
    """The claims of the signed, valid assertion `value` addressed to us, from an issuer
    allowed for them, not used before if it is for one use; else `ClaimsRefused`."""
    signed = verified_assertion(value, settings, now)
    claims = claims_of(signed, now)
    _require_issuer(signed, claims, settings)
    if signed.one_time_use:
        seen.use(signed.assertion_id, signed.expires_at + LEEWAY, now)
    return claims


def _require_issuer(signed: SignedAssertion, claims: VerifiedClaims, settings: Settings) -> None:
    """The assertion's Issuer must be allowed for the kind of claims it carries."""
    if claims.citizen is not None:
        allowed, setting, kind = settings.saml_citizen_issuers, "CITIZEN", "a citizen's"
    else:
        allowed, setting, kind = settings.saml_personnel_issuers, "PERSONNEL", "a health worker's"
    if signed.issuer not in allowed:
        raise refuse(
            f"the Issuer {signed.issuer[:200]!r} may not issue {kind} assertion "
            f"(PJD_SAML_{setting}_ISSUERS{'' if allowed else ' is empty'})"
        )
