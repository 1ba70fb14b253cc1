"""The closed vocabularies (`engine.pjd.vocabulary`): the pack's code lists as they load, what each
check refuses, and how an unknown confidentiality label reads."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine import PolicyError, RequestError, load_pack
from engine.pjd import (
    HPR_NUMBER,
    ORGNR,
    PERSON_ID,
    Document,
    Vocabulary,
    canonical,
    check_attestation,
    check_documents,
    parse_attestation,
    read_vocabulary,
)
from tests.fixtures import PJD_PACK, attestation_text, pjd_codes
from tests.packs import parameter_values
from tests.people import OUS, PATIENT, SRC_A

CODES = pjd_codes()
Parameters = dict[str, Any]


def _parameters() -> Parameters:
    """The PJD parameters' values, as the vocabulary reader gets them."""
    return parameter_values(PJD_PACK)


# --- the pack's lists ---------------------------------------------------------------------------


def test_the_pjd_pack_holds_the_lists_of_the_brief() -> None:
    assert len(CODES.authorization.codes or ()) == 35  # Volven 9060 as brief.md § 2.6 lists it
    assert CODES.class_codes.codes == {f"{c}00-1" for c in "ABCDEFIJS"}  # Volven 9602
    assert {"N", "NORS", "NORU", "NORN_FFL", "NORN_UNGDOM"} <= CODES.confidentiality
    assert len(CODES.confidentiality) == 14
    assert len(CODES.purpose.codes or ()) == 62  # every concept under PurposeOfUse (HL7)
    assert {"TREAT", "ETREAT", "COC", "BTG", "HOPERAT"} <= (CODES.purpose.codes or set())
    assert CODES.authorization.systems == {"2.16.578.1.12.4.1.1.9060"}
    assert "2.16.578.1.12.4.1.1.8627" not in CODES.service.systems  # UTGÅTT in ATT-37
    assert CODES.access_bases == {"samtykke", "akutt", "unntak"}
    assert set(CODES.paths.values()) == {"kjernejournalforskriften", "hpl45", "helsenorge"}


def _refused(change: Callable[[Parameters], None]) -> PolicyError:
    parameters = _parameters()
    change(parameters)
    with pytest.raises(PolicyError) as caught:
        read_vocabulary(parameters)
    assert caught.value.file == "parametere.json"
    return caught.value


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda p: p.pop("kodeverk"), "kodeverk"),
        (lambda p: p["kodeverk"].pop("konfidensialitet"), "kodeverk.konfidensialitet"),
        (lambda p: p["kodeverk"]["dokumentklasse"].update(koder=[]), "dokumentklasse.koder"),
        (lambda p: p["kodeverk"]["autorisasjon"].update(koder=["LE", 7]), "autorisasjon.koder"),
        (
            lambda p: p["kodeverk"]["autorisasjon"].update(
                system="urn:oid:2.16.578.1.12.4.1.1.9060"
            ),
            "autorisasjon.system",
        ),
        (
            lambda p: p["kodeverk"]["tilgangsgrunnlag"].update(koder=["samtykke", "paa_ære"]),
            "tilgangsgrunnlag",
        ),
        (lambda p: p["kodeverk"]["sti"]["koder"].update(ny="nysti"), "sti"),
        (lambda p: p.update(roller_liste=["LE", "le"]), "roller_liste"),
        (lambda p: p.update(formaal=["TREAT", "TREATMENT"]), "formaal"),
        (lambda p: p.update(dokumentklasser=["A00-1", "A00-2"]), "dokumentklasser"),
        (lambda p: p.update(tilbakeblikk_aar={"C00-1": 1, "c00-1": 1}), "tilbakeblikk_aar"),
        (
            lambda p: p.update(personidentifikatorer=["2.16.578.1.12.4.1.4.5"]),
            "personidentifikatorer",
        ),
    ],
)
def test_a_pack_whose_lists_do_not_hold_is_refused(
    change: Callable[[Parameters], None], named: str
) -> None:
    """A rule list naming a code outside its vocabulary would never match: refused at load."""
    assert named in _refused(change).message


def test_a_pjd_pack_without_code_lists_does_not_load(tmp_path: Path) -> None:
    target = tmp_path / "pjd"
    shutil.copytree(PJD_PACK, target)
    parameters = json.loads((target / "parametere.json").read_text(encoding="utf-8"))
    del parameters["kodeverk"]
    (target / "parametere.json").write_text(json.dumps(parameters), encoding="utf-8")
    with pytest.raises(PolicyError, match="kodeverk"):
        load_pack(target)


# --- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "value", "ok"),
    [
        (PERSON_ID, PATIENT, True),  # fails mod-11, accepted: no check digits
        (PERSON_ID, PATIENT + "\n", False),
        (PERSON_ID, "0507660032", False),
        (PERSON_ID, "٠٥٠٧٦٦٠٠٣٢٤", False),
        (ORGNR, OUS, True),
        (ORGNR, OUS + "0", False),
        (HPR_NUMBER, "100000", True),  # 6 digits: the least
        (HPR_NUMBER, "99999", False),
        (HPR_NUMBER, "999999999", True),  # 9 digits: the most
        (HPR_NUMBER, "1000000000", False),
        (HPR_NUMBER, "022220006", False),  # a leading zero: not the number's own spelling
        (HPR_NUMBER, "9144897", True),
    ],
)
def test_identifiers_are_exactly_canonical(pattern: str, value: str, ok: bool) -> None:
    assert canonical(pattern, value) is ok


def _attestation(example: str, **ids: str) -> Any:
    data = json.loads(attestation_text(example))
    for dotted, value in ids.items():
        *parents, last = dotted.split("__")
        node = data
        for name in parents:
            node = node[int(name)] if name.isdigit() else node[name]
        node[last] = value
    return parse_attestation(data)


@pytest.mark.parametrize(
    ("example", "change", "field"),
    [
        (
            "v1.1-eksempel-3-anestesilege.normalized.json",
            {"practitioner__hpr_nr__id": "0222200068"},
            "attestation.practitioner.hpr_nr.id",
        ),
        (
            "v1.0-eksempel-1-fastlege.json",
            {"practitioner__hpr-nr__system": "2.16.578.1.12.4.1.4.1"},
            "attestation.practitioner.hpr-nr.system",
        ),
        (
            "v1.0-eksempel-1-fastlege.json",
            {"care-relationship__healthcare-service__code": "kx17"},
            "attestation.care-relationship.healthcare-service.code",
        ),
        (
            "production-betanien.json",
            {"patients__0__point_of_care__id": "87325510"},
            "attestation.patients[0].point_of_care.id",
        ),
        (
            "production-betanien.json",
            {"practitioner__authorization__code": "le"},
            "attestation.practitioner.authorization.code",
        ),
    ],
)
def test_an_attestation_check_names_the_field_as_the_caller_sent_it(
    example: str, change: dict[str, str], field: str
) -> None:
    with pytest.raises(RequestError) as caught:
        check_attestation(_attestation(example, **change), CODES)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "example",
    [
        "v1.1-eksempel-1-fastlege.json",
        "v1.1-eksempel-2-sykehjem.normalized.json",
        "v1.1-eksempel-3-anestesilege.normalized.json",
        "v1.0-eksempel-1-fastlege.json",
        "production-betanien.json",
    ],
)
def test_the_published_attestations_pass_the_check(example: str) -> None:
    """The specification's own examples (and NHN's production shape) use only known codes;
    the example patient 05076600324 passes, mod-11 or not."""
    check_attestation(_attestation(example), CODES)


def test_documents_are_checked_by_class_and_type_code() -> None:
    check_documents([Document("D1", SRC_A, "A00-1", "A01-2"), Document("D2", "x", "I00-1")], CODES)
    for doc, field in [
        (Document("D1", SRC_A, "a00-1"), "documents[0].class_code"),
        (Document("D1", SRC_A, "A00-1", "a01-2"), "documents[0].type_code"),
        (Document("D1", SRC_A, "A00-1", "A01-2 "), "documents[0].type_code"),
    ]:
        with pytest.raises(RequestError) as caught:
            check_documents([doc], CODES)
        assert caught.value.field == field


# --- confidentiality and the citizen's representation -------------------------------------------


def test_an_unknown_label_reads_as_the_most_restrictive_known() -> None:
    assert CODES.labels([]) == []
    assert CODES.labels(["N"]) == ["N"]
    assert CODES.labels(["NORU", "N"]) == ["N", "NORU"]
    assert CODES.labels(["NORN_KUT"]) == ["NORN_*", "NORN_KUT"]
    for unknown in [
        "nors",
        "NORS ",
        "N0RS",
        "NORS\u200b",
        "ＮＯＲＳ",
        "2.16.578.1.12.4.1.1.9603|NORS",
    ]:
        assert CODES.labels(["N", unknown]) == ["N", "NORN_*", "NORS"]
    assert CODES.labels(["x" * 10_000]) == ["NORN_*", "NORS"]


@pytest.mark.parametrize(
    ("acp", "code"),
    [
        ("2.16.578.1.12.4.1.7.2.1.0", "0"),
        ("urn:oid:2.16.578.1.12.4.1.7.2.1.1", "1"),
        ("URN:OID:2.16.578.1.12.4.1.7.2.1.2", "2"),  # the prefix in any case (RFC 8141)
        ("2.16.578.1.12.4.1.7.2.1.3", "3"),
    ],
)
def test_the_citizens_acp_code_is_its_last_part(acp: str, code: str) -> None:
    assert CODES.acp(acp, "citizen.representation.acp") == code


@pytest.mark.parametrize(
    "acp",
    [
        "2.16.578.1.12.4.1.7.2.1.4",
        "2.16.578.1.12.4.1.7.2.1.01",
        "1",
        "",
        "2.16.578.1.12.4.1.7.2.1.1 ",
    ],
)
def test_an_acp_code_outside_the_list_is_refused(acp: str) -> None:
    with pytest.raises(RequestError) as caught:
        CODES.acp(acp, "citizen.representation.acp")
    assert caught.value.field == "citizen.representation.acp"


def test_the_path_and_the_access_basis_come_from_the_list() -> None:
    vocabulary: Vocabulary = CODES
    assert vocabulary.path("nhn:phr/mhd/read-documentreferences") == "hpl45"
    assert vocabulary.access_basis(None) is None
    for bad in ["HPL45", "hpl45 ", ""]:
        with pytest.raises(RequestError, match="path"):
            vocabulary.path(bad)
    with pytest.raises(RequestError) as caught:
        vocabulary.access_basis("Samtykke")
    assert caught.value.field == "access_basis"
