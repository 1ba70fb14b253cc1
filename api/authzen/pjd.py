"""AuthZEN on the PJD pack: an evaluation is read straight into the PJD request model.

Subject `helsepersonell` (its id the person id, `properties.identity` and
`properties.attestation`), action `list`/`read`, resource `dokument` (its id the document's,
`properties` the patient and the document's metadata) and `context` (`path`, `access_basis`,
`opens_locked`, `at`) are validated where AuthZEN carries them, with the PJD body's own types,
so an error names the AuthZEN field from the start. Signed claims
(`properties.helseid_token`, `properties.saml_assertion`) must name `subject.id` as their
person, else the evaluation is refused (401 `claims_refused`, field `subject.id`). Each
evaluation is a one-document PJD request decided on `api.pjd.service.decide_all`, the PJD
endpoint's path; a batch is decided as one request.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, StrictBool, ValidationError

from api.authzen.schemas import EntityIn, EvaluationIn, first_error
from api.pjd.facts import FactsKey, Fields, RequestTime, prepare
from api.pjd.schemas import (
    AttestationValue,
    Authorizations,
    Code,
    DocumentCode,
    DocumentId,
    DocumentIn,
    IdentityIn,
    Labels,
    PjdDecisionIn,
    SecurityLevel,
    SignedClaims,
)
from api.trust.verifier import ClaimsVerifier
from api.types import AskedAt, DocumentMoment, HprNumber, In, Orgnr, PersonId
from engine import RequestError
from engine.pjd import DecisionRequest, Vocabulary

PJD_SUBJECT, PJD_RESOURCE = "helsepersonell", "dokument"
_TOP = {
    "action": "action.name",
    "path": "context.path",
    "access_basis": "context.access_basis",
    "opens_locked": "context.opens_locked",
    "at": "context.at",
    "patient": "resource.properties.patient",
    "identity": "subject.properties.identity",
    "attestation": "subject.properties.attestation",
    "helseid_token": "subject.properties.helseid_token",
    "saml_assertion": "subject.properties.saml_assertion",
    "person": "subject.id",  # who asks, whom the verified claims must name
}


def _document_field(_: int, name: str) -> str:
    return "resource.id" if name == "id" else f"resource.properties.{name}"


AUTHZEN_FIELDS = Fields(_TOP, _document_field)  # where AuthZEN carries a PJD request's fields


class IdentityProperties(In):
    """`subject.properties.identity`: the verified claims (their `pid` is `subject.id`)."""

    security_level: SecurityLevel
    hpr_number: HprNumber | None = None
    authorizations: Authorizations | None = None


class SubjectProperties(In):
    identity: IdentityProperties | None = None
    attestation: AttestationValue = None
    helseid_token: SignedClaims | None = None
    saml_assertion: SignedClaims | None = None


class Subject(In):
    id: PersonId
    properties: SubjectProperties


class Action(In):
    name: Literal["list", "read"]


class ResourceProperties(In):
    patient: PersonId
    source: Orgnr
    class_code: DocumentCode
    type_code: DocumentCode | None = None
    confidentiality: Labels = Field(default_factory=list)
    service_time: DocumentMoment = None
    created: DocumentMoment = None


class Resource(In):
    id: DocumentId
    properties: ResourceProperties


class Context(In):
    path: Code | None = None
    access_basis: Code | None = None
    opens_locked: StrictBool | None = None
    at: AskedAt = None


class PjdEvaluationIn(In):
    """One AuthZEN evaluation on the PJD pack, its fields where AuthZEN carries them."""

    subject: Subject
    action: Action
    resource: Resource
    context: Context


def is_pjd_evaluation(ev: EvaluationIn) -> bool:
    """Does the evaluation ask about a health worker and a document (else: no basis)?"""
    return ev.subject.type == PJD_SUBJECT and ev.resource.type == PJD_RESOURCE


def _identity(subject: EntityIn) -> dict[str, Any] | None:
    identity = (subject.properties or {}).get("identity")
    if identity is None:
        return None  # the claims come signed (helseid_token, saml_assertion), or are missing
    if not isinstance(identity, dict):
        raise RequestError("subject.properties.identity", "must be an object")
    pid = identity.get("pid")
    if pid is not None and pid != subject.id:
        raise RequestError("subject.properties.identity.pid", "must equal subject.id when given")
    return identity


def _validated(ev: EvaluationIn) -> PjdEvaluationIn:
    subject = {**(ev.subject.properties or {}), "identity": _identity(ev.subject)}
    data = {
        "subject": {"id": ev.subject.id, "properties": subject},
        "action": {"name": ev.action.name},
        "resource": {"id": ev.resource.id, "properties": ev.resource.properties or {}},
        "context": ev.context or {},
    }
    try:
        return PjdEvaluationIn.model_validate(data)
    except ValidationError as exc:
        raise first_error(exc) from exc


def pjd_request(ev: EvaluationIn) -> PjdDecisionIn:
    """The PJD request of one evaluation (one document), its fields validated once, here."""
    pe = _validated(ev)
    who, props, context = pe.subject.properties, pe.resource.properties, pe.context
    identity = (
        IdentityIn.model_construct(pid=pe.subject.id, **who.identity.model_dump())
        if who.identity is not None
        else None
    )
    document = DocumentIn.model_construct(
        id=pe.resource.id, **props.model_dump(exclude={"patient"})
    )
    return PjdDecisionIn.model_construct(
        action=pe.action.name,
        path=context.path,
        access_basis=context.access_basis,
        opens_locked=context.opens_locked,
        patient=props.patient,
        identity=identity,
        attestation=who.attestation,
        helseid_token=who.helseid_token,
        saml_assertion=who.saml_assertion,
        citizen=None,
        documents=[document],
        at=context.at,
    )


def prepared(
    ev: EvaluationIn, clock: RequestTime, vocabulary: Vocabulary, verifier: ClaimsVerifier
) -> tuple[DecisionRequest, FactsKey]:
    """The engine's request (without facts) of one evaluation, errors named by AuthZEN field
    (a `context.at` beyond the skew: `context.at`; signed claims of another person than
    `subject.id`: `subject.id`)."""
    request = pjd_request(ev)
    return prepare(request, clock, vocabulary, verifier, AUTHZEN_FIELDS, person=ev.subject.id)
