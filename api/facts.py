"""The PJD fact provider: turns a request body plus the registry into the engine's request."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

from sqlmodel import Session

from api.registry import registry_facts
from api.restrictions import restrictions_at
from api.schemas import DocumentIn, PjdDecisionIn
from engine import DecisionRequest, Document, Identity, RequestError, parse_attestation


def _moment(value: datetime | date | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=UTC)


def _document(d: DocumentIn) -> Document:
    return Document(
        id=d.id,
        source=d.source,
        class_code=d.class_code,
        type_code=d.type_code,
        confidentiality=tuple(d.confidentiality),
        service_time=_moment(d.service_time),
        created=_moment(d.created),
    )


def _check_documents(body: PjdDecisionIn) -> None:
    seen: set[str] = set()
    for i, d in enumerate(body.documents):
        if d.id in seen:
            raise RequestError(f"documents[{i}].id", f"document id {d.id!r} appears twice")
        seen.add(d.id)


def _path(body: PjdDecisionIn) -> str:
    if body.path is not None:
        return body.path
    if body.action == "read":
        return "hpl45"
    raise RequestError("path", "a list request must name its path (kjernejournalforskriften|hpl45)")


def build_request(body: PjdDecisionIn, session: Session, now: datetime) -> DecisionRequest:
    """Parse the attestation, read the registry facts and build the engine's request."""
    attestation = parse_attestation(body.attestation)
    _check_documents(body)
    at = (body.at or now).astimezone(UTC)
    consumer = attestation.legal_entity.id if attestation.legal_entity else None
    facts = registry_facts(session, consumer, {d.source for d in body.documents}, body.patient, at)
    facts = replace(facts, restrictions=restrictions_at(session, body.patient, at))
    return DecisionRequest(
        action=body.action,
        path=_path(body),  # type: ignore[arg-type]
        patient=body.patient,
        identity=Identity(
            body.identity.pid, body.identity.security_level, body.identity.hpr_number
        ),
        attestation=attestation,
        documents=tuple(_document(d) for d in body.documents),
        at=at,
        access_basis=body.access_basis,
        facts=facts,
    )
