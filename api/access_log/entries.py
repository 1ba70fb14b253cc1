"""The access-log records of one decision (R21): one entry per document, built from the request.

Every text of the request that the log stores can be stored: `check_storable` refuses, before
the decision, what no database stores as text (a NUL character, a lone surrogate — not Unicode
text, so not UTF-8); a value longer than its column is cut and marked (`_fit`). A request the
service answers thus always has its records, unless the database itself fails (then the
answer is the deny `logg_ikke_skrevet`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from api.access_log.store import LogEntry, unstorable
from engine import Decision, RequestError
from engine.pjd import Attestation, Coded, DecisionRequest, Ident

ID_LIMIT, NAME_LIMIT = 256, 512


def _fit(value: str | None, limit: int) -> str | None:
    """Values longer than the column are cut (and marked) rather than lose the record."""
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1] + "…"


def _ident(prefix: str, ident: Ident | None) -> dict[str, Any]:
    if ident is None:
        return {}
    return {prefix: _fit(ident.id, ID_LIMIT), f"{prefix}_name": _fit(ident.name, NAME_LIMIT)}


def _code(value: Coded | None) -> str | None:
    return _fit(value.code, ID_LIMIT) if value else None


def _attested_texts(a: Attestation) -> Iterator[tuple[str, str | None]]:
    for ident in (a.identifier, a.hpr, a.legal_entity, a.point_of_care, a.department):
        if ident is not None:
            yield f"{ident.path}.id", ident.id
            yield f"{ident.path}.name", ident.name
    for coded in (a.healthcare_service, a.purpose_of_use, a.purpose_of_use_details):
        if coded is not None:
            yield f"{coded.path}.code", coded.code
    yield "attestation.care_relation.decision_ref.id", a.decision_ref_id


def _logged_texts(req: DecisionRequest) -> Iterator[tuple[str, str | None]]:
    """(field, value) of each text of the request that its log records store."""
    if req.attestation is not None:
        yield from _attested_texts(req.attestation)
    for i, doc in enumerate(req.documents):
        yield f"documents[{i}].id", doc.id


def check_storable(req: DecisionRequest) -> None:
    """Refuse (400 naming the field) a request whose log records could not be stored."""
    for field, value in _logged_texts(req):
        problem = None if value is None else unstorable(value)
        if problem is not None:
            raise RequestError(field, f"{problem}, which the access log cannot store")


def _worker(req: DecisionRequest, a: Attestation) -> dict[str, Any]:
    ident = req.identity
    return {
        "subject_kind": "helsepersonell",
        "requester_name": _fit(a.identifier.name if a.identifier else None, NAME_LIMIT),
        "requester_pid": ident.pid if ident else None,
        "requester_hpr": (ident.hpr_number if ident else None) or _fit(a.hpr_nr, ID_LIMIT),
        **_ident("legal_entity", a.legal_entity),
        **_ident("point_of_care", a.point_of_care),
        **_ident("department", a.department),
        "healthcare_service": _code(a.healthcare_service),
        "purpose": _code(a.purpose_of_use),
        "purpose_details": _code(a.purpose_of_use_details),
        "decision_ref": _fit(a.decision_ref_id, ID_LIMIT),
        "user_selected": a.user_selected,
        "anonymised": anonymised(req),
    }


def anonymised(req: DecisionRequest) -> bool:
    """R22: does the registry, as the decision read it, grant the health worker's organisation
    (the consumer: the attested legal entity) anonymisation in the patient's log? Stored with
    the record, so a later change of the registry changes no earlier entry."""
    consumer = req.facts.consumer
    return consumer is not None and consumer.log_anonymised


def _requester(req: DecisionRequest) -> dict[str, Any]:
    if req.citizen is not None:
        c = req.citizen
        return {
            "subject_kind": "innbygger",
            "requester_pid": c.pid,
            "representation": c.representation,
        }
    assert req.attestation is not None
    return _worker(req, req.attestation)


def log_entries(
    req: DecisionRequest,
    decisions: Sequence[Decision],
    decision_id: str,
    revision: str,
    engine: str,
) -> list[LogEntry]:
    """One entry per document, in request order, with the decision and its rules."""
    common = {
        "decision_id": decision_id,
        "at": req.at,
        "access_basis": req.access_basis,
        "path": req.path,
        "patient": req.patient,
        "action": req.action,
        "policy_revision": revision,
        "engine": engine,
        "claims": req.claims,
        **_requester(req),
    }
    return [
        LogEntry(
            source=doc.source,
            document=_fit(doc.id, ID_LIMIT),
            decision=d.effect,
            rules=tuple(r.id for r in d.reasons),
            obligations=tuple(o.id for o in d.obligations),
            **common,
        )
        for doc, d in zip(req.documents, decisions, strict=True)
    ]
