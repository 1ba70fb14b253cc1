"""The PJD fact provider: turns a request body plus the registry into the engine's request.

Every code and identifier of the body is judged against the pack's code lists first
(`engine.pjd.vocabulary`), before the registry is read: a near miss is a 400 naming the field.

`read_facts` is the one read a decision makes (DESIGN principle 11): the registry's version and
the patient's restrictions in one transaction, and the registry from that version's snapshot
(`api.registry_cache`) — never a mix of two registry versions, and every restriction committed
before the decision started.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from api import deadline
from api.db import read_transaction
from api.registry_cache import RegistryCache
from api.restrictions import restrictions_at
from api.schemas import DocumentIn, PjdDecisionIn
from api.snapshot import load_snapshot, read_version
from engine import RequestError
from engine.pjd import (
    DecisionRequest,
    Document,
    Identity,
    RegistryFacts,
    Vocabulary,
    check_attestation,
    check_documents,
    parse_attestation,
)

# (consumer org.nr, source org.nrs, patient, at) -> the registry and restriction facts
FactsReader = Callable[[str | None, Iterable[str], str, datetime], RegistryFacts]


def read_facts(
    db: Engine,
    registry: RegistryCache,
    consumer: str | None,
    sources: Iterable[str],
    patient: str,
    at: datetime,
) -> RegistryFacts:
    """The registry and restriction facts of one request, from one consistent read."""
    deadline.check("reading the registry and the restrictions")
    with read_transaction(db) as conn:
        version = read_version(conn)
        with Session(bind=conn) as session:
            restrictions = restrictions_at(session, patient, at)
        snapshot = registry.snapshot(version, lambda: load_snapshot(conn, version))
    facts = snapshot.facts(consumer, sources, patient, at.date())
    return replace(facts, restrictions=restrictions)


def _moment(value: datetime | date | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.combine(value, time(), tzinfo=UTC)


def _document(d: DocumentIn) -> Document:
    return Document(
        id=d.id,
        source=d.source,
        class_code=d.class_code,
        type_code=d.type_code or "",
        confidentiality=tuple(d.confidentiality),
        service_time=_moment(d.service_time),
        created=_moment(d.created),
    )


def _unique_ids(body: PjdDecisionIn) -> None:
    seen: set[str] = set()
    for i, d in enumerate(body.documents):
        if d.id in seen:
            raise RequestError(f"documents[{i}].id", f"document id {d.id!r} appears twice")
        seen.add(d.id)


def _path(body: PjdDecisionIn, vocabulary: Vocabulary) -> str:
    path = None if body.path is None else vocabulary.path(body.path)
    if body.citizen is not None:
        if path not in (None, "helsenorge"):
            raise RequestError("path", "a citizen's request takes the path helsenorge")
        return "helsenorge"
    if path == "helsenorge":
        raise RequestError("path", "the path helsenorge is for citizens")
    if path is not None:
        return path
    if body.action == "read":
        return "hpl45"
    raise RequestError("path", "a list request must name its path (kjernejournalforskriften|hpl45)")


def _requester(body: PjdDecisionIn, vocabulary: Vocabulary) -> dict[str, Any]:
    """Who asks: a citizen, or a health worker with verified identity and an attestation."""
    if body.citizen is not None:
        for field in ("identity", "attestation"):
            if getattr(body, field) is not None:
                raise RequestError(field, "a citizen's request carries `citizen` instead")
        return {"citizen": body.citizen.to_engine(vocabulary)}
    if body.identity is None:
        raise RequestError("identity", "the verified identity (or `citizen`) is required")
    if body.attestation is None:
        raise RequestError("attestation", "the attestation is required for health personnel")
    ident, attestation = body.identity, parse_attestation(body.attestation)
    check_attestation(attestation, vocabulary)
    return {
        "identity": Identity(ident.pid, ident.security_level, ident.hpr_number),
        "attestation": attestation,
    }


def build_request(
    body: PjdDecisionIn, read: FactsReader, now: datetime, vocabulary: Vocabulary
) -> DecisionRequest:
    """Judge the body's codes, parse the requester, read the registry and restriction facts,
    build the engine's request."""
    requester = _requester(body, vocabulary)
    path = _path(body, vocabulary)
    access_basis = vocabulary.access_basis(body.access_basis)
    documents = tuple(_document(d) for d in body.documents)
    _unique_ids(body)
    check_documents(documents, vocabulary)
    at = (body.at or now).astimezone(UTC)
    attestation = requester.get("attestation")
    consumer = attestation.legal_entity.id if attestation and attestation.legal_entity else None
    facts = read(consumer, {d.source for d in body.documents}, body.patient, at)
    return DecisionRequest(
        action=body.action,
        path=path,  # type: ignore[arg-type]
        patient=body.patient,
        documents=documents,
        at=at,
        access_basis=access_basis,  # type: ignore[arg-type]
        facts=facts,
        **requester,
    )
