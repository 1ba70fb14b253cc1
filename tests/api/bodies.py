"""Request bodies of the worked examples for the tests of consistency and faults: the
anestesilege of Eksempel #3 (legal entity OUS) lists SRC-A's document D1 on the hpl45 path."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from tests.fixtures import attestation_text

PID, HPR, PATIENT = "05086900124", "222200068", "05076600324"
OUS, SRC_A = "993467049", "914637651"  # Eksempel #3's legal entity; the worked examples' source
PERMIT = ("permit", ("dokumentliste_hpl45",))

Json = dict[str, Any]


def attestation(at: datetime) -> Json:
    """Eksempel #3 issued 300 s before `at`, with a decision_ref."""
    data: Json = json.loads(attestation_text())
    data["toa"] = int(at.timestamp()) - 300
    data["care_relation"]["decision_ref"] = {"id": "ref-1", "user_selected": False}
    return data


def pjd_body(at: datetime) -> Json:
    """List D1 of SRC-A on the hpl45 path at `at`."""
    document = {"id": "D1", "source": SRC_A, "class_code": "A00-1", "service_time": "2019-05-01"}
    return {
        "action": "list",
        "path": "hpl45",
        "patient": PATIENT,
        "identity": {"pid": PID, "hpr_number": HPR, "security_level": "4"},
        "attestation": attestation(at),
        "documents": [document],
        "at": at.isoformat(),
    }


def authzen_body(at: datetime) -> Json:
    """The same request as one AuthZEN evaluation."""
    properties = {"source": SRC_A, "class_code": "A00-1", "service_time": "2019-05-01"}
    identity = {"security_level": "4", "hpr_number": HPR}
    return {
        "subject": {
            "type": "helsepersonell",
            "id": PID,
            "properties": {"identity": identity, "attestation": attestation(at)},
        },
        "action": {"name": "list"},
        "resource": {
            "type": "dokument",
            "id": "D1",
            "properties": {"patient": PATIENT, **properties},
        },
        "context": {"path": "hpl45", "at": at.isoformat()},
    }


def outcome(answer: Json) -> tuple[str, tuple[str, ...]]:
    """(decision, deciding rules) of a one-document PJD answer."""
    [result] = answer["results"]
    return result["decision"], tuple(reason["rule"] for reason in result["reasons"])
