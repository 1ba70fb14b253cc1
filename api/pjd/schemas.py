"""The PJD endpoint's request and response bodies (JSON field names in English)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StrictBool

from api.pjd.citizens import CitizenIn
from api.pjd.strict_fields import StrictIn
from api.types import AskedAt, DocumentMoment, HprNumber, Orgnr, PersonId, at_most

MAX_DOCUMENTS = 1000  # per decision request; more is a 413 naming `documents`

# A code (path, access basis, class, …) is text of bounded length here; whether it is one of
# its list is judged against the pack's code lists (`engine.pjd.vocabulary`, from `api.pjd.facts`).


def _level_as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _object_or_text(value: object) -> object:
    if value is not None and not isinstance(value, dict | str):
        raise ValueError("the attestation must be a JSON object or JSON text")
    return value


# The fields of a PJD request, whichever form carries them (this body, or AuthZEN's).
SecurityLevel = Annotated[str, BeforeValidator(_level_as_text), Field(min_length=1, max_length=8)]
Code = Annotated[str, Field(min_length=1, max_length=128)]  # a path, an access basis
DocumentId = Annotated[str, Field(min_length=1, max_length=256)]
DocumentCode = Annotated[str, Field(min_length=1, max_length=32)]  # a class or type code
Labels = Annotated[list[str], Field(max_length=16)]
# Every HPR authorization code (Volven 9060) the person holds, as verified (R27); each is judged
# against the pack's code list (`api.pjd.facts`).
Authorizations = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=8)]], Field(max_length=16)
]
AttestationValue = Annotated[Any, AfterValidator(_object_or_text)]
ATTESTATION_DOC = "a JSON object or JSON text"
SignedClaims = Annotated[str, Field(min_length=1, max_length=262_144)]
HELSEID_DOC = "the HelseID access token (JWT) the EPJ obtained for the health worker"
SAML_DOC = "the signed XUA SAML 2.0 assertion (XML or its base64) the source received"


class IdentityIn(StrictIn):
    """Verified HelseID claims about the logged-in health worker."""

    pid: PersonId
    security_level: SecurityLevel
    hpr_number: HprNumber | None = None
    authorizations: Authorizations | None = None


class DocumentIn(StrictIn):
    """One document's metadata as the source registered it; an unknown confidentiality label
    is not refused but read as the most restrictive known (`engine.pjd.vocabulary`)."""

    id: DocumentId
    source: Orgnr
    class_code: DocumentCode
    type_code: DocumentCode | None = None
    confidentiality: Labels = Field(default_factory=list)
    service_time: DocumentMoment = None
    created: DocumentMoment = None


class PjdDecisionIn(StrictIn):
    """A list or document fetch, to be decided per document.

    The person behind it comes signed: a health worker's HelseID access token (`helseid_token`)
    or the XUA SAML assertion a source received (`saml_assertion`, a health worker or a citizen).
    Where the deployment accepts unverified claims, a health worker may send `identity` and
    `attestation` and a citizen (helsenorge) `citizen` instead.
    """

    action: Literal["list", "read"]
    path: Code | None = None
    access_basis: Code | None = None
    opens_locked: StrictBool | None = Field(
        default=None,
        description="the health worker confirmed the patient's consent to open a "
        "locked Kjernejournal (R32; with access_basis samtykke)",
    )
    patient: PersonId
    helseid_token: SignedClaims | None = Field(default=None, description=HELSEID_DOC)
    saml_assertion: SignedClaims | None = Field(default=None, description=SAML_DOC)
    identity: IdentityIn | None = None
    attestation: AttestationValue = Field(default=None, description=ATTESTATION_DOC)
    citizen: CitizenIn | None = None
    documents: Annotated[list[DocumentIn], BeforeValidator(at_most(MAX_DOCUMENTS, "documents"))] = (
        Field(min_length=1, max_length=MAX_DOCUMENTS)
    )
    at: AskedAt = Field(
        default=None,
        description="the moment of the request (RFC 3339 with offset); the service decides at "
        "its own clock (R26): an `at` more than PJD_REQUEST_TIME_SKEW seconds from it is a 400",
    )


class ReasonOut(BaseModel):
    rule: str
    title: str
    legal_basis: str


class ObligationOut(BaseModel):
    id: str
    rule: str


class ResultOut(BaseModel):
    document: str
    decision: Literal["permit", "deny"]
    reasons: list[ReasonOut]
    obligations: list[ObligationOut]


class PjdDecisionOut(BaseModel):
    """The answer: one result per document in request order, plus the hidden count."""

    decision_id: str
    policy_revision: str
    engine: str
    at: datetime = Field(description="the moment decided for: the service's clock (R26)")
    results: list[ResultOut]
    hidden_count: int
