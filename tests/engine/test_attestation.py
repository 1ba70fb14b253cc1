"""parse_attestation: the published examples, every wrong shape, and the three name variants."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from engine.pjd import (
    Attestation,
    AttestationError,
    AttestedPatient,
    Coded,
    Ident,
    parse_attestation,
)
from tests.builders import DECISION_REF_ID
from tests.fixtures import ATTESTATIONS
from tests.people import (
    OSLO_KOMMUNE,
    OUS,
    OUS_NAME,
    PATIENT,
    RIKSHOSPITALET,
    ULLEVAL,
    WORKER_HPR,
    WORKER_NAME,
    WORKER_PID,
)

EXAMPLES = ATTESTATIONS

FNR = "2.16.578.1.12.4.1.4.1"
ORGNR = "2.16.578.1.12.4.1.4.101"
RESH = "2.16.578.1.12.4.1.4.102"
ROLES = "2.16.578.1.12.4.1.1.9060"
PURPOSES = "2.16.840.1.113883.1.11.20448"
CARERELATION = "urn:AuditEventHL7Norway/CodeSystem/carerelation"

Json = dict[str, Any]
Mutation = Callable[[Json], None]


def _text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def _load(name: str) -> Json:
    data: Json = json.loads(_text(name))
    return data


def _base() -> Json:
    """Eksempel #3 (the worked examples' BASE), a fresh copy to mutate."""
    return _load("v1.1-eksempel-3-anestesilege.normalized.json")


def _error(raw: object) -> AttestationError:
    with pytest.raises(AttestationError) as caught:
        parse_attestation(raw)
    return caught.value


def _kebab(value: Any) -> Any:
    """The v1.0 form of a v1.1 attestation: kebab-case keys, `care-relationship`."""
    if isinstance(value, list):
        return [_kebab(item) for item in value]
    if not isinstance(value, dict):
        return value
    renamed = {"care_relation": "care-relationship"}
    return {renamed.get(k, k.replace("_", "-")): _kebab(v) for k, v in value.items()}


def _snake(value: Any) -> Any:
    """The v1.1 form of a v1.0 attestation: snake_case keys, `care_relation`."""
    if isinstance(value, list):
        return [_snake(item) for item in value]
    if not isinstance(value, dict):
        return value
    renamed = {"care-relationship": "care_relation"}
    return {renamed.get(k, k.replace("-", "_")): _snake(v) for k, v in value.items()}


# --- the published examples -------------------------------------------------------------------


def check_eksempel_1(name: str) -> None:
    a = parse_attestation(_text(name))
    assert a.variant == "v1.1"
    assert a.purpose_of_use is None
    assert a.decision_ref_id is None
    assert a.user_selected is False
    assert a.toa is None
    assert a.hpr_nr == "9144897"
    assert a.identifier == Ident("20086600138", FNR, "August September")
    assert a.healthcare_service == Coded(
        "KX17", "2.16.578.1.12.4.1.1.8655", "Fastlege, liste uten fast lege"
    )
    assert a.legal_entity == Ident("100100673", ORGNR, "Norsk Helsenett SF Fagersta Testlegekontor")
    assert a.patients == (AttestedPatient(identifier=Ident(PATIENT, FNR)),)


def check_eksempel_2_normalized(name: str) -> None:
    a = parse_attestation(_text(name))
    assert a.variant == "v1.1"
    assert a.hpr_nr == "9144900"
    assert a.purpose_of_use == Coded("COC", PURPOSES, "")
    assert a.purpose_of_use_details == Coded(
        "15", "2.16.578.1.12.4.1.1.9151", "Helsetjenester i hjemmet"
    )
    assert a.healthcare_service is not None and a.healthcare_service.code == "KP01"
    assert a.legal_entity == Ident(OSLO_KOMMUNE, ORGNR, "OSLO KOMMUNE HELSEETATEN")
    assert a.point_of_care == Ident("875300342", ORGNR, "MADSERUDHJEMMET")
    assert a.department is None
    assert a.decision_ref_id is None


def check_eksempel_2_published(name: str) -> None:
    error = _error(_text(name))
    assert error.field == "attestation"
    assert "not valid JSON" in error.message
    assert "line 39, column 3" in error.message  # the `}` after the trailing comma


def check_eksempel_3(name: str) -> None:
    a = parse_attestation(_text(name))
    assert a.variant == "v1.1"
    assert a.hpr_nr == WORKER_HPR
    assert a.identifier == Ident(WORKER_PID, FNR, WORKER_NAME)
    assert a.authorization == Coded("LE", ROLES, "Lege")
    assert a.legal_entity == Ident(OUS, ORGNR, OUS_NAME)
    assert a.point_of_care is not None and a.point_of_care.id == RIKSHOSPITALET
    assert a.department == Ident("705592", RESH, "Anestesiologi Seksjon RH")
    assert a.healthcare_service == Coded("300", "2.16.578.1.12.4.1.1.8451", "Øyesykdommer")
    assert a.purpose_of_use == Coded("TREAT", PURPOSES, "treatment")
    assert a.purpose_of_use_details == Coded("POLBESOK", CARERELATION, "Poliklinisk besøk")
    assert a.decision_ref_id is None
    assert a.toa is None
    (patient,) = a.patients
    assert patient.identifier == Ident(PATIENT, FNR)
    assert patient.point_of_care is not None and patient.point_of_care.id == ULLEVAL
    assert patient.department == Ident("109765", RESH, "Øye dagkir/pol 1. etasje")


def check_vedlegg_b(name: str) -> None:
    a = parse_attestation(_text(name))
    assert a.variant == "v1.1"
    assert a.decision_ref_id == "8<..autogenerert i EPJ..>8"
    assert a.user_selected is True
    assert a.identifier == Ident("04056600324", FNR, "Magnar Koman")
    assert a.purpose_of_use is not None and a.purpose_of_use.code == "TREAT"
    assert a.purpose_of_use_details == Coded("15", "x.x.x.x.x.9151", "Helsetjenester i hjemmet")
    assert len(a.patients) == 1


def check_v10_eksempel_1(name: str) -> None:
    a = parse_attestation(_text(name))
    assert a.variant == "v1.0"
    assert a.decision_ref_id == DECISION_REF_ID
    assert a.user_selected is False
    assert a.hpr_nr == "9144897"
    assert a.legal_entity is not None and a.legal_entity.id == "100100673"
    assert a.point_of_care is not None and a.point_of_care.system == ORGNR
    assert a.healthcare_service is not None and a.healthcare_service.code == "KX17"
    assert a.purpose_of_use == Coded("TREAT", PURPOSES, "Behandling")
    assert a.patients == (AttestedPatient(identifier=Ident(PATIENT, FNR)),)


def check_production(name: str) -> None:
    a = parse_attestation(_text(name))
    assert a.variant == "production"
    assert a.purpose_of_use == Coded("TREAT", PURPOSES)
    assert a.healthcare_service == Coded("01", "2.16.578.1.12.4.1.1.8666")
    assert a.purpose_of_use_details == Coded("BEHANDLER", CARERELATION)
    assert a.authorization == Coded("LE", ROLES)
    assert a.legal_entity == Ident("981275721", ORGNR)
    assert a.decision_ref_id == "3f6c2a9e-1b7d-4c1e-9a55-0d2e8f7b6c41"
    assert a.user_selected is True
    assert (a.identifier, a.hpr_nr, a.toa) == (None, None, None)
    assert a.patients == (AttestedPatient(point_of_care=Ident("873255102", ORGNR)),)


EXAMPLE_CHECKS: dict[str, Callable[[str], None]] = {
    "v1.1-eksempel-1-fastlege.json": check_eksempel_1,
    "v1.1-eksempel-2-sykehjem.normalized.json": check_eksempel_2_normalized,
    "v1.1-eksempel-2-sykehjem.published.json": check_eksempel_2_published,
    "v1.1-eksempel-3-anestesilege.normalized.json": check_eksempel_3,
    "v1.1-vedlegg-b.normalized.json": check_vedlegg_b,
    "v1.0-eksempel-1-fastlege.json": check_v10_eksempel_1,
    "production-betanien.json": check_production,
}


def test_every_example_file_has_a_check() -> None:
    assert {p.name for p in EXAMPLES.glob("*.json")} == set(EXAMPLE_CHECKS)


@pytest.mark.parametrize("name", sorted(EXAMPLE_CHECKS))
def test_example(name: str) -> None:
    EXAMPLE_CHECKS[name](name)


def test_str_bytes_and_dict_parse_alike() -> None:
    text = _text("v1.1-vedlegg-b.normalized.json")
    expected = parse_attestation(json.loads(text))
    assert parse_attestation(text) == expected
    assert parse_attestation(text.encode("utf-8")) == expected


def test_published_vedlegg_b_decision_ref_object_is_rejected() -> None:
    data = _load("v1.1-vedlegg-b.normalized.json")
    data["care_relation"]["decision_ref"]["id"] = {"id": "8<..autogenerert i EPJ..>8"}
    assert _error(data).field == "attestation.care_relation.decision_ref.id"


# --- wrong shapes -----------------------------------------------------------------------------


def _walk(data: Json, path: str) -> tuple[Any, Any]:
    """The container of the dotted `path` (list indexes as `[0]`) and the key in it."""
    *parents, last = [
        int(part[1:-1]) if part.startswith("[") else part
        for part in path.replace("[", ".[").split(".")
    ]
    node: Any = data
    for key in parents:
        node = node[key]
    return node, last


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: Json) -> None:
        node, key = _walk(data, path)
        node[key] = value

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(data: Json) -> None:
        node, key = _walk(data, path)
        del node[key]

    return mutate


WRONG_SHAPES: list[tuple[Mutation, str]] = [
    (_set("practitioner", "Ben Reddik"), "attestation.practitioner"),
    (_set("practitioner", ["x"]), "attestation.practitioner"),
    (_set("care_relation", "TREAT"), "attestation.care_relation"),
    (_set("care_relation.purpose_of_use", "TREAT"), "attestation.care_relation.purpose_of_use"),
    (_set("care_relation.purpose_of_use.code", 1), "attestation.care_relation.purpose_of_use.code"),
    (_set("care_relation.purpose_of_use.text", 1), "attestation.care_relation.purpose_of_use.text"),
    (
        _set("care_relation.purpose_of_use.system", 1),
        "attestation.care_relation.purpose_of_use.system",
    ),
    (_set("practitioner.hpr_nr", WORKER_HPR), "attestation.practitioner.hpr_nr"),
    (_set("practitioner.hpr_nr.id", 222200068), "attestation.practitioner.hpr_nr.id"),
    (_set("practitioner.legal_entity.name", ["x"]), "attestation.practitioner.legal_entity.name"),
    (_set("practitioner.legal_entity", {}), "attestation.practitioner.legal_entity.id"),
    (_drop("practitioner.legal_entity.id"), "attestation.practitioner.legal_entity.id"),
    (_drop("practitioner.authorization.code"), "attestation.practitioner.authorization.code"),
    (_drop("practitioner.department.system"), "attestation.practitioner.department.system"),
    (_set("practitioner.identifier.id", None), "attestation.practitioner.identifier.id"),
    (_set("patients", {"identifier": {}}), "attestation.patients"),
    (_set("patients", PATIENT), "attestation.patients"),
    (_set("patients[0]", PATIENT), "attestation.patients[0]"),
    (_set("patients[0]", None), "attestation.patients[0]"),
    (_set("patients[0].identifier.id", 5076600324), "attestation.patients[0].identifier.id"),
    (_set("patients[0].department", "109765"), "attestation.patients[0].department"),
    (_set("toa", True), "attestation.toa"),
    (_set("toa", 1700000000.0), "attestation.toa"),
    (_set("toa", "1700000000"), "attestation.toa"),
    (_set("care_relation.decision_ref", "abc"), "attestation.care_relation.decision_ref"),
    (
        _set("care_relation.decision_ref", {"user_selected": False}),
        "attestation.care_relation.decision_ref.id",
    ),
    (_set("care_relation.decision_ref", {"id": 7}), "attestation.care_relation.decision_ref.id"),
    (
        _set("care_relation.decision_ref", {"id": "a", "user_selected": "true"}),
        "attestation.care_relation.decision_ref.user_selected",
    ),
    (
        _set("care_relation.decision_ref", {"id": "a", "user_selected": 1}),
        "attestation.care_relation.decision_ref.user_selected",
    ),
]


@pytest.mark.parametrize(("mutate", "field"), WRONG_SHAPES, ids=[f for _, f in WRONG_SHAPES])
def test_wrong_shape_names_the_field(mutate: Mutation, field: str) -> None:
    data = _base()
    mutate(data)
    assert _error(data).field == field


def test_wrong_shape_paths_use_the_kebab_names_the_caller_sent() -> None:
    data = _load("v1.0-eksempel-1-fastlege.json")
    data["care-relationship"]["decision-ref"]["user-selected"] = "no"
    field = "attestation.care-relationship.decision-ref.user-selected"
    assert _error(data).field == field
    data = _load("v1.0-eksempel-1-fastlege.json")
    data["practitioner"]["hpr-nr"]["id"] = 9144897
    assert _error(data).field == "attestation.practitioner.hpr-nr.id"


def test_wrong_shape_paths_use_the_production_names_the_caller_sent() -> None:
    data = _load("production-betanien.json")
    data["care_relationship"]["purpose_of_use"]["code"] = ["TREAT"]
    assert _error(data).field == "attestation.care_relationship.purpose_of_use.code"


def test_a_name_given_in_two_spellings_is_rejected() -> None:
    data = _base()
    data["practitioner"]["hpr-nr"] = {"id": "1", "system": "x"}
    assert _error(data).field == "attestation.practitioner.hpr-nr"
    data = _base()
    data["care_relationship"] = data["care_relation"]
    assert _error(data).field == "attestation.care_relationship"


@pytest.mark.parametrize("raw", ["[]", "42", '"x"', "null", b"[1]", [], None, 42, "x"])
def test_top_level_not_an_object(raw: object) -> None:
    assert _error(raw).field == "attestation"


@pytest.mark.parametrize("raw", ["{", '{"toa": 1,}', "", b"\xff\xfe{", "{}x"])
def test_malformed_json(raw: str | bytes) -> None:
    error = _error(raw)
    assert error.field == "attestation"
    assert "not valid JSON" in error.message


def test_malformed_json_reports_line_and_column() -> None:
    error = _error('{\n  "toa": 1,\n}')
    assert error.message.endswith("(line 3, column 1)")


# --- type and variant -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["nhn:trust_framework:parameters", "NHN:TILLITSRAMMEVERK:PARAMETERS", "", None, 1]
)
def test_unknown_type_is_rejected(value: object) -> None:
    data = _base()
    data["type"] = value
    error = _error(data)
    assert error.field == "attestation.type"
    assert "nhn:tillitsrammeverk:parameters" in error.message


def test_explicit_type_with_v11_names_is_production() -> None:
    data = _base()
    data["type"] = "nhn:tillitsrammeverk:parameters"
    a = parse_attestation(data)
    assert a.variant == "production"
    assert replace(a, variant="v1.1") == parse_attestation(_base())


def test_care_relationship_without_type_is_production() -> None:
    data = _load("production-betanien.json")
    del data["type"]
    a = parse_attestation(data)
    assert a.variant == "production"
    assert a.purpose_of_use is not None and a.purpose_of_use.code == "TREAT"


def test_v11_and_v10_forms_normalise_alike() -> None:
    v11 = parse_attestation(_base())
    v10 = parse_attestation(_kebab(_base()))
    assert (v11.variant, v10.variant) == ("v1.1", "v1.0")
    assert v10 != v11
    assert replace(v10, variant="v1.1") == v11
    assert v11.purpose_of_use is not None and v11.department is not None


def test_v10_example_in_v11_names_normalises_alike() -> None:
    v10 = parse_attestation(_load("v1.0-eksempel-1-fastlege.json"))
    v11 = parse_attestation(_snake(_load("v1.0-eksempel-1-fastlege.json")))
    assert v11.variant == "v1.1"
    assert replace(v10, variant="v1.1") == v11
    assert v11.decision_ref_id == DECISION_REF_ID


def test_v10_text_name_care_relation_is_accepted() -> None:
    data = _kebab(_base())
    data["care-relation"] = data.pop("care-relationship")
    a = parse_attestation(data)
    assert a.variant == "v1.0"
    assert a.purpose_of_use is not None and a.purpose_of_use.code == "TREAT"


def test_a_kebab_name_anywhere_makes_it_v10() -> None:
    data = _base()
    data["patients"][0]["point-of-care"] = data["patients"][0].pop("point_of_care")
    a = parse_attestation(data)
    assert a.variant == "v1.0"
    assert a.patients[0].point_of_care is not None
    assert a.patients[0].point_of_care.id == ULLEVAL


# --- systems ----------------------------------------------------------------------------------


def test_urn_oid_prefix_is_stripped_so_both_forms_compare_equal() -> None:
    with_prefix = _base()
    without = _base()
    without["practitioner"]["identifier"]["system"] = FNR
    without["care_relation"]["purpose_of_use"]["system"] = PURPOSES
    assert with_prefix["practitioner"]["identifier"]["system"] == "urn:oid:" + FNR
    assert parse_attestation(with_prefix) == parse_attestation(without)
    assert parse_attestation(without).identifier == Ident(WORKER_PID, FNR, WORKER_NAME)


def test_urn_oid_prefix_is_stripped_in_any_case() -> None:
    data = _base()
    data["practitioner"]["legal_entity"]["system"] = "URN:OID:" + ORGNR
    a = parse_attestation(data)
    assert a.legal_entity is not None and a.legal_entity.system == ORGNR


def test_non_oid_systems_stay_as_they_are() -> None:
    data = _base()
    data["practitioner"]["department"]["system"] = "https://ahus.no/ids/avdeling"
    a = parse_attestation(data)
    assert a.purpose_of_use_details is not None
    assert a.purpose_of_use_details.system == CARERELATION
    assert a.department is not None and a.department.system == "https://ahus.no/ids/avdeling"


# --- absent objects and values left to the policies ------------------------------------------


def test_absent_objects_stay_none() -> None:
    data = _base()
    del data["practitioner"]["identifier"]
    del data["practitioner"]["hpr_nr"]
    del data["care_relation"]["purpose_of_use"]
    del data["patients"][0]["identifier"]
    data["care_relation"]["purpose_of_use_details"] = None
    a = parse_attestation(data)
    assert (a.identifier, a.hpr_nr, a.toa, a.decision_ref_id) == (None, None, None, None)
    assert (a.purpose_of_use, a.purpose_of_use_details) == (None, None)
    assert a.user_selected is False
    assert a.patients[0].identifier is None
    assert a.healthcare_service is not None


def test_no_practitioner_no_care_relation_no_patients() -> None:
    assert parse_attestation("{}") == Attestation(variant="v1.1")
    assert parse_attestation({"patients": []}).patients == ()


def test_toa_and_decision_ref_are_read() -> None:
    data = _base()
    data["toa"] = 1_700_000_000
    data["care_relation"]["decision_ref"] = {"id": "abc-1", "user_selected": True}
    a = parse_attestation(data)
    assert (a.toa, a.decision_ref_id, a.user_selected) == (1_700_000_000, "abc-1", True)
    data["care_relation"]["decision_ref"] = {"id": "abc-1"}
    assert parse_attestation(data).user_selected is False


def test_unknown_fields_are_ignored() -> None:
    data = _base()
    data["extra"] = {"anything": [1, 2]}
    data["practitioner"]["extra"] = 1
    data["care_relation"]["purpose_of_use"]["extra"] = None
    assert parse_attestation(data) == parse_attestation(_base())


def test_code_values_and_id_formats_are_not_validated() -> None:
    data = _base()
    data["care_relation"]["purpose_of_use"]["code"] = "HOPERAT"
    data["practitioner"]["authorization"]["code"] = "XX"
    data["care_relation"]["decision_ref"] = {"id": "not a valid ref! " * 10}
    data["patients"][0]["identifier"]["id"] = "05076600325"  # wrong mod-11 check digits
    data["practitioner"]["hpr_nr"]["id"] = ""
    a = parse_attestation(data)
    assert a.purpose_of_use is not None and a.purpose_of_use.code == "HOPERAT"
    assert a.authorization is not None and a.authorization.code == "XX"
    assert a.decision_ref_id == "not a valid ref! " * 10
    assert a.patients[0].identifier is not None
    assert a.patients[0].identifier.id == "05076600325"
    assert a.hpr_nr == ""


def test_input_dict_is_not_modified() -> None:
    data = _kebab(_base())
    before = copy.deepcopy(data)
    parse_attestation(data)
    assert data == before
