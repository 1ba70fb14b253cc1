"""The person behind a PJD request, as verified claims: a HelseID access token or an XUA SAML
assertion in the body becomes its `identity` + `attestation` (a health worker) or `citizen`,
and nothing else the body says about the person is read. Claims nobody signed pass only where
the deployment accepts them (`PJD_ACCEPT_UNVERIFIED_CLAIMS`); otherwise they are refused (401).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pydantic import ValidationError

from api.pjd.citizens import CitizenIn
from api.pjd.schemas import IdentityIn, PjdDecisionIn
from api.trust.claims import ClaimsRefused, VerifiedClaims
from api.trust.helseid import LIST_SCOPES, PERSON_SYSTEM, READ_SCOPE
from api.trust.verifier import CARRIERS, ClaimsVerifier

ASSERTED = ("identity", "attestation", "citizen")  # claims nobody signed


def verified_body(
    body: PjdDecisionIn, verifier: ClaimsVerifier, now: datetime
) -> tuple[PjdDecisionIn, str, frozenset[str] | None]:
    """The body with the person's claims from what verified, where they came from
    (`helseid`, `saml` or `unverified`) and the scopes a token carrying them holds (None: no
    token carried them; see `check_scopes`)."""
    carriers = [c for c in CARRIERS if getattr(body, c) is not None]
    asserted = [name for name in ASSERTED if getattr(body, name) is not None]
    if len(carriers) > 1 or (carriers and asserted):
        extra = (carriers[1:] + asserted)[0]
        raise ClaimsRefused(extra, f"send the person's claims once: {carriers[0]} carries them")
    if not carriers:
        if asserted and not verifier.accepts_unverified:
            raise ClaimsRefused(
                asserted[0],
                "claims nobody signed are not accepted: send helseid_token or saml_assertion",
            )
        return body, "unverified", None
    carrier = carriers[0]
    claims = verifier.verify(carrier, str(getattr(body, carrier)), now)
    if claims.patient is not None and claims.patient != body.patient:
        raise ClaimsRefused(carrier, "it names another patient than `patient`")
    return _with(body, claims, carrier), claims.source, claims.scopes


def check_scopes(action: str, path: str, scopes: frozenset[str] | None, carrier: str) -> None:
    """R28: the path is the token's, not the caller's choice. The list scopes of the token that
    carried the claims (`carrier`) give the paths it may ask on, and a `read` needs the read
    scope besides; else `ClaimsRefused` naming `path` or `action`. Claims no token carried (an
    assertion, or unverified) have no scopes (None): nothing to check."""
    if scopes is None:
        return
    if path not in {given for scope, given in LIST_SCOPES.items() if scope in scopes}:
        needed = [scope for scope, given in LIST_SCOPES.items() if given == path]
        wants = f": it needs {needed[0]}" if needed else ""
        raise ClaimsRefused("path", f"{carrier}'s scope does not give the path {path}{wants}")
    if action == "read" and READ_SCOPE not in scopes:
        needs = f"it needs {READ_SCOPE}"
        raise ClaimsRefused("action", f"{carrier}'s scope does not give read: {needs}")


def check_person(body: PjdDecisionIn, person: str | None, named: Callable[[str], str]) -> None:
    """The person the body's (verified) claims name must be `person`, the one the request says
    asks, where it says so apart from them (AuthZEN's `subject.id`): else `ClaimsRefused`
    naming `person` (and the message what carried the claims, as `named` calls it)."""
    claimed = body.identity or body.citizen
    if person is None or claimed is None or claimed.pid == person:
        return
    carriers = [named(c) for c in CARRIERS if getattr(body, c) is not None]
    what = carriers[0] if carriers else "the claims"
    raise ClaimsRefused("person", f"is not the person {what} names")


def _with(body: PjdDecisionIn, claims: VerifiedClaims, carrier: str) -> PjdDecisionIn:
    try:
        identity = IdentityIn.model_validate(claims.identity) if claims.identity else None
        citizen = CitizenIn.model_validate(claims.citizen) if claims.citizen else None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ClaimsRefused(carrier, f"its claim {where} is not valid: {first['msg']}") from exc
    update = {"identity": identity, "attestation": _named(claims), "citizen": citizen}
    return body.model_copy(update=update)


def _named(claims: VerifiedClaims) -> dict[str, object] | None:
    """The attestation with the health worker's name as the verified source gives it (the name
    the patient's log shows), and no other: an asserted name inside is dropped."""
    attestation, identity = claims.attestation, claims.identity
    if attestation is None or identity is None:
        return attestation
    practitioner = dict(attestation.get("practitioner") or {})
    person = {"id": identity["pid"], "system": PERSON_SYSTEM}
    practitioner["identifier"] = person | ({"name": claims.name} if claims.name else {})
    return {**attestation, "practitioner": practitioner}
