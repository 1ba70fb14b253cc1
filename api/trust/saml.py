"""Verified claims from the XUA SAML 2.0 assertion a document source receives (issue 11).

`verify` is the one entry: the assertion (XML text or its base64) is verified by
`api.trust.saml_verify` (safe parsing, XML signature against `PJD_SAML_CERTS`, XSW refused,
validity and audience) and its signed attributes are mapped by `api.trust.saml_mapping` onto
the PJD request's `identity` + `attestation` (a health worker) or `citizen`. Nothing that did
not verify is returned: every failure is `ClaimsRefused("saml_assertion", …)`.
"""

from __future__ import annotations

from datetime import datetime

from api.config import Settings
from api.trust.claims import VerifiedClaims
from api.trust.saml_mapping import claims_of
from api.trust.saml_verify import FIELD, verified_assertion

__all__ = ["FIELD", "verify"]


def verify(value: str, settings: Settings, now: datetime) -> VerifiedClaims:
    """The claims of the signed, valid assertion `value` addressed to us; else `ClaimsRefused`."""
    return claims_of(verified_assertion(value, settings, now), now)
