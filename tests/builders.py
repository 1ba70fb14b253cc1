"""Request bodies of the worked examples, as JSON: the attestation, documents, a PJD decision
body and an AuthZEN evaluation. Each builder gives the specification's BASE (domain/rules.md:
the anestesilege of Eksempel #3 at Oslo universitetssykehus lists D1 of SRC-A on the hpl45 path
at AT); keyword arguments change one part of it. Every call returns a fresh object."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from tests.fixtures import BASE_ATTESTATION, attestation_text
from tests.people import PATIENT, SRC_A, WORKER_HPR, WORKER_PID

Json = dict[str, Any]

AT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # the moment of the worked examples
TOA_AGE = 300  # seconds: the attestation was issued this long before the decision
DECISION_REF_ID = "0b1f84dd-6a42-4597-a726-3c39bb69f0d6"  # BASE's decision_ref (domain/rules.md)
DECISION_REF = {"id": DECISION_REF_ID, "user_selected": False}
LISTED = "dokumentliste_hpl45"  # the rule that permits BASE
PERMIT = ("permit", (LISTED,))  # `outcome` of BASE


def rfc3339(moment: datetime) -> str:
    """`moment` as the API writes it: RFC 3339 with `Z` for UTC."""
    return moment.isoformat().replace("+00:00", "Z")


def attestation(
    at: datetime = AT,
    *,
    example: str = BASE_ATTESTATION,
    decision_ref: Json | None = DECISION_REF,
    purpose: str | None = None,
    legal_entity: str | None = None,
    legal_entity_name: str | None = None,
    authorization: str | None = None,
) -> Json:
    """A published example (Eksempel #3) issued TOA_AGE before `at`, with BASE's decision_ref;
    the purpose of use, the legal entity (id, name) and the authorization code to change."""
    data: Json = json.loads(attestation_text(example))
    data["toa"] = int(at.timestamp()) - TOA_AGE
    if decision_ref is not None:
        data["care_relation"]["decision_ref"] = dict(decision_ref)
    if purpose is not None:
        data["care_relation"]["purpose_of_use"]["code"] = purpose
    if legal_entity is not None:
        data["practitioner"]["legal_entity"]["id"] = legal_entity
    if legal_entity_name is not None:
        data["practitioner"]["legal_entity"]["name"] = legal_entity_name
    if authorization is not None:
        data["practitioner"]["authorization"]["code"] = authorization
    return data


def identity(
    *, pid: str = WORKER_PID, hpr_number: str = WORKER_HPR, security_level: str = "4"
) -> dict[str, str]:
    """HelseID's claims about the health worker of Eksempel #3, logged in on level 4."""
    return {"pid": pid, "hpr_number": hpr_number, "security_level": security_level}


def document(
    doc_id: str = "D1",
    *,
    source: str = SRC_A,
    class_code: str = "A00-1",
    service_time: str | None = "2019-05-01",
    confidentiality: Sequence[str] | None = ("N",),
    **extra: Any,
) -> Json:
    """One document's metadata as its source registered it (an epikrise of SRC-A, normal
    confidentiality); `confidentiality=None` leaves the labels out."""
    doc: Json = {"id": doc_id, "source": source, "class_code": class_code}
    if confidentiality is not None:
        doc["confidentiality"] = list(confidentiality)
    return doc | {"service_time": service_time, **extra}


def pjd_body(
    at: datetime | None = AT,
    *,
    action: str = "list",
    path: str | None = "hpl45",
    patient: str = PATIENT,
    documents: Sequence[Json] | None = None,
    **changes: Any,
) -> Json:
    """A body of POST /v1/pjd/decisions: BASE at `at` (`at=None`: the service's clock, the
    attestation issued before now); `path=None` leaves the path out; `changes` replace fields
    (`identity`, `attestation`, `access_basis`, ...)."""
    issued = datetime.now(UTC) if at is None else at
    body: Json = {"action": action, "patient": patient, "identity": identity()}
    body |= {"attestation": attestation(issued), "documents": list(documents or [document()])}
    if path is not None:
        body["path"] = path
    if at is not None:
        body["at"] = rfc3339(at)
    return body | changes


def authzen_evaluation(
    at: datetime = AT,
    *,
    action: str = "list",
    path: str | None = "hpl45",
    patient: str = PATIENT,
    doc: Json | None = None,
    security_level: str = "4",
    attested: Json | None = None,
) -> Json:
    """One AuthZEN evaluation of the PJD pack: the request `pjd_body` makes, for one document
    (`doc`, default D1), by the health worker as subject."""
    resource = copy.deepcopy(doc or document())
    worker = {"security_level": security_level, "hpr_number": WORKER_HPR}
    properties = {"identity": worker, "attestation": attested or attestation(at)}
    context: Json = {"at": rfc3339(at)} | ({} if path is None else {"path": path})
    return {
        "subject": {"type": "helsepersonell", "id": WORKER_PID, "properties": properties},
        "action": {"name": action},
        "resource": {
            "type": "dokument",
            "id": resource.pop("id"),
            "properties": {"patient": patient, **resource},
        },
        "context": context,
    }


def outcome(answer: Json) -> tuple[str, tuple[str, ...]]:
    """(decision, deciding rules) of a one-document PJD answer."""
    [result] = answer["results"]
    return result["decision"], tuple(reason["rule"] for reason in result["reasons"])
