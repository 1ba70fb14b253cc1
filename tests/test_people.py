"""tests/people.py names what its sources hold: the persons of the published Eksempel #3 and the
organisations of the demo registry. A changed fixture fails here, not in a hundred tests."""

from __future__ import annotations

import json
from pathlib import Path

from tests import people
from tests.builders import DECISION_REF_ID, pjd_body
from tests.fixtures import attestation_text

DEMO = Path(__file__).resolve().parents[1] / "api" / "demo_registry.json"


def test_the_persons_are_those_of_eksempel_3() -> None:
    example = json.loads(attestation_text())
    practitioner, [patient] = example["practitioner"], example["patients"]
    assert practitioner["identifier"]["id"] == people.WORKER_PID
    assert practitioner["identifier"]["name"] == people.WORKER_NAME
    assert practitioner["hpr_nr"]["id"] == people.WORKER_HPR
    assert practitioner["legal_entity"]["id"] == people.OUS
    assert practitioner["legal_entity"]["name"] == people.OUS_NAME
    assert practitioner["point_of_care"]["id"] == people.RIKSHOSPITALET
    assert patient["identifier"]["id"] == people.PATIENT
    assert patient["point_of_care"]["id"] == people.ULLEVAL


def test_the_organisations_are_in_the_demo_registry_and_unregistered_is_not() -> None:
    registry = {o["orgnr"] for o in json.loads(DEMO.read_text(encoding="utf-8"))["organisations"]}
    named = {people.OUS, people.SRC_A, people.BERGEN, people.OSLO_KOMMUNE, people.FAGERSTA}
    named |= {people.BETANIEN, people.NORDLANDSSYKEHUSET, people.AMK}
    assert named <= registry
    assert people.UNREGISTERED not in registry


def test_base_carries_the_decision_ref_and_the_persons() -> None:
    body = pjd_body()
    assert body["attestation"]["care_relation"]["decision_ref"]["id"] == DECISION_REF_ID
    assert (body["identity"]["pid"], body["identity"]["hpr_number"], body["patient"]) == (
        people.WORKER_PID,
        people.WORKER_HPR,
        people.PATIENT,
    )
