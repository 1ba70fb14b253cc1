"""build_request: the consumer from the attestation, only the named sources, the GP list at `at`,
as the decisions read them (`read_facts`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from api.pjd.schemas import PjdDecisionIn
from api.registry.cache import RegistryCache
from api.registry.store import RegistryBody, replace_registry
from engine import RequestError
from engine.pjd import AttestationError, Consumer, Document, Identity, Period
from tests import builders
from tests.api.pjd_requests import FactsReader, build_request, read_facts
from tests.builders import AT, Json
from tests.fixtures import pjd_codes
from tests.people import (
    BERGEN,
    NORDLANDSSYKEHUSET,
    OSLO_KOMMUNE,
    OTHER_PATIENT,
    OUS,
    PATIENT,
    SRC_A,
    WORKER_HPR,
    WORKER_PID,
)
from tests.people import MISCHECKED_ORG as UNREGISTERED

CODES = pjd_codes()

NOW = datetime(2026, 11, 27, 8, 30, tzinfo=UTC)  # a clock reading different from AT
BOTH = {"list": True, "read": True}


def _consumer(active_from: str = "2024-01-01", active_to: str | None = None) -> Json:
    return {
        "helsenett_member": True,
        "pjd_terms": False,
        "active_from": active_from,
        "active_to": active_to,
    }


def _source(grants: Json) -> Json:
    return {"active_from": "2024-01-01", "active_to": None, "grants": grants}


def _org(orgnr: str, category: str, **parts: Json | None) -> Json:
    return {"orgnr": orgnr, "name": f"Org {orgnr}", "category": category, **parts}


REGISTRY: Json = {
    "organisations": [
        _org(OUS, "helseforetak", consumer=_consumer(), source=_source({"helseforetak": BOTH})),
        _org(OSLO_KOMMUNE, "sykehjem", consumer=_consumer("2025-02-01", "2027-01-01")),
        _org(
            SRC_A, "avtalespesialist", source=_source({"sykehjem": {"list": True, "read": False}})
        ),
        _org(BERGEN, "helseforetak", source=_source({"fastlege": BOTH})),
        _org(NORDLANDSSYKEHUSET, "helseforetak", source=_source({"helseforetak": BOTH})),
    ],
    "gp_list": [
        {"patient": PATIENT, "gp_hpr": "9144897", "from": "2020-01-01", "to": "2024-06-01"},
        {"patient": PATIENT, "gp_hpr": "123456", "from": "2024-06-01", "to": None},
        {"patient": PATIENT, "gp_hpr": "555555", "from": "2024-06-01", "to": "2024-06-02"},
        {"patient": OTHER_PATIENT, "gp_hpr": "7777777", "from": "2020-01-01", "to": None},
    ],
}


@pytest.fixture
def store(session: Session, db_engine: Engine) -> FactsReader:
    """The decisions' reader of the facts, over a database holding REGISTRY."""
    replace_registry(session, RegistryBody.model_validate(REGISTRY))
    return partial(read_facts, db_engine, RegistryCache())


def attestation(**practitioner_changes: Any) -> Json:
    """BASE's attestation, its practitioner's members replaced (or dropped when None)."""
    data = builders.attestation(AT)
    for key, value in practitioner_changes.items():
        if value is None:
            data["practitioner"].pop(key)
        else:
            data["practitioner"][key] = value
    return data


def body(**changes: Any) -> PjdDecisionIn:
    """BASE listing D1 of SRC-A at AT, with `changes` to its fields."""
    d1 = builders.document("D1", confidentiality=None, service_time=None)
    return PjdDecisionIn.model_validate(builders.pjd_body(AT, documents=[d1]) | changes)


def docs(*sources: str) -> list[Json]:
    return [{"id": f"D{i}", "source": s, "class_code": "A00-1"} for i, s in enumerate(sources)]


def legal_entity(orgnr: str) -> Json:
    return {"id": orgnr, "system": "urn:oid:2.16.578.1.12.4.1.4.101", "name": "x"}


# --- the consumer -----------------------------------------------------------------------------


def test_the_consumer_is_the_attestations_legal_entity(store: FactsReader) -> None:
    request = build_request(body(), store, NOW, CODES)
    assert request.facts.consumer == Consumer(
        OUS, "helseforetak", True, False, Period(date(2024, 1, 1))
    )


def test_another_legal_entity_is_another_consumer(store: FactsReader) -> None:
    changed = body(attestation=attestation(legal_entity=legal_entity(OSLO_KOMMUNE)))
    consumer = build_request(changed, store, NOW, CODES).facts.consumer
    assert consumer is not None
    assert (consumer.orgnr, consumer.category) == (OSLO_KOMMUNE, "sykehjem")
    assert consumer.active == Period(date(2025, 2, 1), date(2027, 1, 1))


def test_the_consumer_is_not_taken_from_the_point_of_care(store: FactsReader) -> None:
    # the point of care (874716782) is not in the registry; the legal entity is
    changed = body(attestation=attestation(point_of_care=legal_entity(OSLO_KOMMUNE)))
    consumer = build_request(changed, store, NOW, CODES).facts.consumer
    assert consumer is not None and consumer.orgnr == OUS


def test_no_legal_entity_means_no_consumer(store: FactsReader) -> None:
    request = build_request(body(attestation=attestation(legal_entity=None)), store, NOW, CODES)
    assert request.facts.consumer is None


def test_an_unregistered_legal_entity_means_no_consumer(store: FactsReader) -> None:
    changed = body(attestation=attestation(legal_entity=legal_entity(UNREGISTERED)))
    assert build_request(changed, store, NOW, CODES).facts.consumer is None


def test_a_source_only_legal_entity_is_not_a_consumer(store: FactsReader) -> None:
    changed = body(attestation=attestation(legal_entity=legal_entity(BERGEN)))
    assert build_request(changed, store, NOW, CODES).facts.consumer is None


# --- the sources ------------------------------------------------------------------------------


def test_only_the_sources_the_documents_name(store: FactsReader) -> None:
    request = build_request(body(documents=docs(SRC_A, UNREGISTERED, SRC_A)), store, NOW, CODES)
    assert set(request.facts.sources) == {SRC_A}  # not OUS (the consumer), Bergen or Nordland
    assert request.facts.sources[SRC_A].grants == frozenset({("sykehjem", "list")})


def test_the_consumer_is_a_source_only_when_a_document_names_it(store: FactsReader) -> None:
    request = build_request(body(documents=docs(OUS, BERGEN)), store, NOW, CODES)
    assert set(request.facts.sources) == {OUS, BERGEN}
    assert request.facts.sources[BERGEN].grants == frozenset(
        {("fastlege", "list"), ("fastlege", "read")}
    )


def test_a_consumer_only_organisation_is_not_a_source(store: FactsReader) -> None:
    request = build_request(body(documents=docs(OSLO_KOMMUNE)), store, NOW, CODES)
    assert request.facts.sources == {}


# --- the GP list at `at` ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "gps"),
    [
        # R30: the periods are Oslo dates, starting at midnight in Oslo (UTC+1, summer UTC+2)
        ("2019-12-31T22:59:59Z", set()),
        ("2019-12-31T23:00:00Z", {"9144897"}),
        ("2024-05-31T21:59:59Z", {"9144897"}),
        ("2024-05-31T22:00:00Z", {"123456", "555555"}),
        ("2024-06-01T00:00:00Z", {"123456", "555555"}),
        ("2024-06-02T00:00:00Z", {"123456"}),
        ("2026-11-26T10:00:00Z", {"123456"}),
        # 00:30 in Oslo on 1 June is 1 June, though still 31 May in UTC
        ("2024-06-01T00:30:00+02:00", {"123456", "555555"}),
    ],
)
def test_the_patients_gps_at_the_time_asked(store: FactsReader, at: str, gps: set[str]) -> None:
    request = build_request(body(at=at), store, NOW, CODES)
    assert request.facts.patient_gps == frozenset(gps)


def test_the_gp_list_is_the_requested_patients(store: FactsReader) -> None:
    request = build_request(body(patient=OTHER_PATIENT), store, NOW, CODES)
    assert request.facts.patient_gps == frozenset({"7777777"})


def test_the_gp_list_is_read_at_the_clock_without_at(store: FactsReader) -> None:
    data = body().model_dump()
    data["at"] = None
    before_change = datetime(2024, 5, 31, 12, tzinfo=UTC)
    request = build_request(PjdDecisionIn.model_validate(data), store, before_change, CODES)
    assert request.facts.patient_gps == frozenset({"9144897"})


# --- the rest of the request ------------------------------------------------------------------


def test_at_is_taken_from_the_body(store: FactsReader) -> None:
    request = build_request(body(at="2026-11-26T11:00:00+01:00"), store, NOW, CODES)
    assert request.at == AT
    assert request.at.utcoffset() == timedelta(0)


def test_without_at_the_clock_reading_is_used(store: FactsReader) -> None:
    data = body().model_dump()
    data["at"] = None
    request = build_request(PjdDecisionIn.model_validate(data), store, NOW, CODES)
    assert request.at == NOW


def test_the_request_carries_identity_documents_path_and_basis(store: FactsReader) -> None:
    documents = [
        {
            "id": "R1",
            "source": BERGEN,
            "class_code": "E00-1",
            "type_code": "I01-1",
            "confidentiality": ["N", "NORU"],
            "service_time": "2024-03-01",
            "created": "2024-03-02T12:00:00+01:00",
        }
    ]
    changed = body(
        action="read",
        path="nhn:phr/mhd/read-documentreferences/kjernejournalforskriften",
        access_basis="akutt",
        documents=documents,
    )
    request = build_request(changed, store, NOW, CODES)
    assert (request.action, request.path, request.access_basis) == (
        "read",
        "kjernejournalforskriften",
        "akutt",
    )
    assert request.identity == Identity(WORKER_PID, "4", WORKER_HPR)
    assert request.patient == PATIENT
    assert request.documents == (
        Document(
            id="R1",
            source=BERGEN,
            class_code="E00-1",
            type_code="I01-1",
            confidentiality=("N", "NORU"),
            service_time=datetime(2024, 2, 29, 23, tzinfo=UTC),  # 1 March in Oslo (R30)
            created=datetime(2024, 3, 2, 12, tzinfo=timezone(timedelta(hours=1))),
        ),
    )
    assert request.attestation.legal_entity is not None
    assert request.attestation.legal_entity.id == OUS


def test_a_read_without_path_is_a_request_error(store: FactsReader) -> None:
    with pytest.raises(RequestError) as caught:  # R28: no default path
        build_request(body(action="read", path=None), store, NOW, CODES)
    assert caught.value.field == "path"


def test_a_list_without_path_is_a_request_error(store: FactsReader) -> None:
    with pytest.raises(RequestError) as caught:
        build_request(body(path=None), store, NOW, CODES)
    assert caught.value.field == "path"


def test_duplicate_document_ids_name_the_second(store: FactsReader) -> None:
    documents = [*docs(SRC_A, BERGEN), {"id": "D0", "source": BERGEN, "class_code": "A00-1"}]
    with pytest.raises(RequestError) as caught:
        build_request(body(documents=documents), store, NOW, CODES)
    assert caught.value.field == "documents[2].id"


def test_a_malformed_attestation_is_an_attestation_error(store: FactsReader) -> None:
    with pytest.raises(AttestationError) as caught:
        build_request(body(attestation='{"practitioner": []}'), store, NOW, CODES)
    assert caught.value.field == "attestation.practitioner"
