"""The one place a request's signed claims are verified: a HelseID access token
(`helseid_token`, `api.trust.helseid`) or an XUA SAML assertion (`saml_assertion`,
`api.trust.saml`); and whether claims nobody signed are accepted at all
(`PJD_ACCEPT_UNVERIFIED_CLAIMS`). Built once per runtime: its key caches live as long."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from api.config import Settings
from api.trust import saml
from api.trust.claims import VerifiedClaims
from api.trust.helseid import HelseIdVerifier

Carrier = Literal["helseid_token", "saml_assertion"]
CARRIERS: tuple[Carrier, ...] = ("helseid_token", "saml_assertion")


class ClaimsVerifier:
    """Verifies the signed claims a request carries, as the settings configure."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.helseid = HelseIdVerifier(settings)

    @property
    def accepts_unverified(self) -> bool:
        """Whether claims nobody signed may decide (development and tests only)."""
        return self.settings.accept_unverified_claims

    def verify(self, carrier: Carrier, value: str, now: datetime) -> VerifiedClaims:
        """The verified claims `value` carries; else `ClaimsRefused` naming `carrier`."""
        if carrier == "helseid_token":
            return self.helseid.claims(value, now)
        return saml.verify(value, self.settings, now)
