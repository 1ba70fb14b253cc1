"""decide_pjd with the real PJD pack: the worked examples, list order and grouping, and the
attributes the request becomes (principal, resource, context)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from engine import CedarEngine, Decision, Obligation, Query, load_pack
from engine.pjd import (
    Consumer,
    DecisionRequest,
    Document,
    Identity,
    Period,
    RegistryFacts,
    Source,
    context,
    decide_pjd,
    lookback_cutoffs,
    parse_attestation,
    patient_attrs,
    principal_attrs,
    resource_attrs,
)
from tests import builders
from tests.builders import AT, DECISION_REF_ID
from tests.fixtures import pjd_codes
from tests.people import OTHER_PERSON, OUS, PATIENT, RIKSHOSPITALET, SRC_A, WORKER_HPR, WORKER_PID
from tests.people import UNKNOWN_ORG as UNREGISTERED

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"

AT_EPOCH = 1795687200
JAN_2024 = 1704063600  # 2024-01-01 as a registry date: 00:00 Oslo (2023-12-31T23:00:00Z, R30)
MAY_2019 = 1556668800  # 2019-05-01T00:00:00Z


BOTH = frozenset({("helseforetak", "list"), ("helseforetak", "read")})
CONSUMER = Consumer(OUS, "helseforetak", True, True, Period(date(2024, 1, 1)))
SOURCE = Source(SRC_A, Period(date(2024, 1, 1)), BOTH)
FACTS = RegistryFacts(consumer=CONSUMER, sources={SRC_A: SOURCE})

D1 = Document(
    "D1", SRC_A, "A00-1", confidentiality=("N",), service_time=datetime(2019, 5, 1, tzinfo=UTC)
)

LOG = Obligation("logg", "tilgang_logges")


def _base() -> dict[str, Any]:
    """BASE of rules.md: Eksempel #3 plus toa = at − 300 and a decision_ref."""
    raw = builders.attestation(AT)
    return raw


def _request(
    raw: dict[str, Any] | None = None,
    documents: Sequence[Document] = (D1,),
    **changes: Any,
) -> DecisionRequest:
    req = DecisionRequest(
        action="list",
        path="kjernejournalforskriften",
        patient=PATIENT,
        identity=Identity(pid=WORKER_PID, security_level="4", hpr_number=WORKER_HPR),
        attestation=parse_attestation(_base() if raw is None else raw),
        documents=tuple(documents),
        at=AT,
        access_basis="samtykke",
        facts=FACTS,
    )
    return replace(req, **changes)


def _doc(doc_id: str, cls: str = "A00-1", source: str = SRC_A, **kw: Any) -> Document:
    kw.setdefault("service_time", datetime(2019, 5, 1, tzinfo=UTC))
    kw.setdefault("confidentiality", ("N",))
    return Document(doc_id, source, cls, **kw)


def _ids(decision: Decision) -> list[str]:
    return [r.id for r in decision.reasons]


class CountingEngine(CedarEngine):
    """The PJD engine, recording how many Cedar queries and entities each call sends."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls: list[tuple[int, int]] = []

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        self.calls.append((len(queries), len(entities)))
        return super().decide(queries, entities)


@pytest.fixture(scope="module")
def engine() -> CedarEngine:
    return CedarEngine(load_pack(PJD))


@pytest.fixture
def counting() -> CountingEngine:
    return CountingEngine(load_pack(PJD))


def _one(engine: CedarEngine, req: DecisionRequest) -> Decision:
    (decision,) = decide_pjd(engine, req)
    return decision


# --- worked examples --------------------------------------------------------------------------


def test_case_3_list_on_the_kj_path_permits_with_log(engine: CedarEngine) -> None:
    decision = _one(engine, _request())
    assert decision.effect == "permit"
    assert _ids(decision) == ["dokumentliste_kjernejournal"]
    assert decision.reasons[0] is engine.catalogue["dokumentliste_kjernejournal"]
    assert decision.obligations == (LOG,)


def test_case_3_read_permits_with_log(engine: CedarEngine) -> None:
    decision = _one(engine, _request(action="read"))
    assert _ids(decision) == ["dokumentvisning"]
    assert decision.obligations == (LOG,)


def test_list_on_the_hpl45_path_needs_no_access_basis(engine: CedarEngine) -> None:
    decision = _one(engine, _request(path="hpl45", access_basis=None))
    assert _ids(decision) == ["dokumentliste_hpl45"]
    assert decision.obligations == (LOG,)


def test_user_selected_adds_etterkontroll(engine: CedarEngine) -> None:
    raw = _base()
    raw["care_relation"]["decision_ref"]["user_selected"] = True
    decision = _one(engine, _request(raw))
    assert decision.effect == "permit"
    assert decision.obligations == (
        Obligation("etterkontroll", "selvvalgt_tilgang_etterkontroll"),
        LOG,
    )


def _without(path: str) -> dict[str, Any]:
    raw = _base()
    *parents, last = path.split(".")
    node = raw
    for name in parents:
        node = node[name]
    del node[last]
    return raw


def _with(path: str, value: Any) -> dict[str, Any]:
    raw = _base()
    *parents, last = path.split(".")
    node = raw
    for name in parents:
        node = node[name]
    node[last] = value
    return raw


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"identity": Identity(WORKER_PID, "3", WORKER_HPR)}, ["sikkerhetsnivaa_for_lavt"]),
        (
            {"identity": Identity(OTHER_PERSON, "4", WORKER_HPR)},
            ["attestert_person_ikke_innlogget"],
        ),
        ({"identity": Identity(WORKER_PID, "4", "123456789")}, ["hpr_nummer_stemmer_ikke"]),
        ({"raw": _with("care_relation.purpose_of_use.code", "HOPERAT")}, ["formaal_ugyldig"]),
        ({"raw": _without("care_relation.purpose_of_use")}, ["formaal_mangler"]),
        ({"raw": _without("care_relation.decision_ref")}, ["beslutningsreferanse_mangler"]),
        (
            {"raw": _with("care_relation.decision_ref.id", "ikke gyldig")},
            ["beslutningsreferanse_ugyldig"],
        ),
        ({"access_basis": None}, ["tilgangsgrunnlag_mangler"]),
        (
            {"raw": _with("practitioner.authorization.code", "VE")},
            ["rolle_ikke_tillatt_liste", "rolle_utelukket"],
        ),
        ({"raw": _without("practitioner.authorization")}, ["autorisasjon_mangler"]),
        ({"raw": _with("toa", AT_EPOCH - 3601)}, ["attest_utloept"]),
        ({"raw": _with("patients", [])}, ["attest_uten_pasient"]),
        ({"patient": OTHER_PERSON}, ["attest_gjelder_annen_pasient"]),
        ({"documents": (_doc("D9", "B00-1"),)}, ["dokumentklasse_ikke_tillatt_kjernejournal"]),
        ({"documents": (_doc("D9", source=UNREGISTERED),)}, ["kilde_ikke_registrert"]),
        ({"facts": RegistryFacts(sources={SRC_A: SOURCE})}, ["konsument_ikke_registrert"]),
        (
            {"facts": replace(FACTS, consumer=replace(CONSUMER, pjd_terms=False))},
            ["konsument_vilkaar_ikke_akseptert"],
        ),
        (
            {"facts": replace(FACTS, consumer=replace(CONSUMER, active=Period(date(2027, 1, 1))))},
            ["konsument_ikke_aktiv"],
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else None,
)
def test_list_is_denied_naming_the_rule(
    engine: CedarEngine, changes: dict[str, Any], expected: list[str]
) -> None:
    changes = dict(changes)
    raw = changes.pop("raw", None)
    decision = _one(engine, _request(raw, **changes))
    assert decision.effect == "deny"
    assert _ids(decision) == expected
    assert decision.obligations == ()


def test_attestation_age_3600_permits_and_3601_denies(engine: CedarEngine) -> None:
    assert _one(engine, _request(_with("toa", AT_EPOCH - 3600))).permitted
    assert _ids(_one(engine, _request(_with("toa", AT_EPOCH - 3601)))) == ["attest_utloept"]


def test_case_6_coc_permits_list_but_not_read(engine: CedarEngine) -> None:
    raw = _with("care_relation.purpose_of_use.code", "COC")
    assert _ids(_one(engine, _request(raw))) == ["formaal_ikke_for_kjernejournal"]  # R31
    assert _one(engine, _request(raw, path="hpl45")).permitted
    decision = _one(engine, _request(raw, action="read", path="hpl45"))
    assert _ids(decision) == ["formaal_gir_ikke_dokumentvisning"]


def test_case_8_old_lab_result_kj_denies_hpl45_permits(engine: CedarEngine) -> None:
    old = _doc("D8", "C00-1", service_time=AT - timedelta(days=396))
    assert _ids(_one(engine, _request(documents=[old]))) == ["utenfor_tilbakeblikk"]
    assert _ids(_one(engine, _request(documents=[old], action="read"))) == ["utenfor_tilbakeblikk"]
    assert _one(engine, _request(documents=[old], path="hpl45")).permitted


def test_lookback_is_inclusive_and_a_document_without_date_is_outside(engine: CedarEngine) -> None:
    year = datetime(2025, 11, 26, 10, 0, tzinfo=UTC)
    oslo_midnight = datetime(2025, 11, 25, 23, 0, tzinfo=UTC)  # 2025-11-26 00:00 Oslo
    docs = [
        _doc("exact", "C00-1", service_time=year),
        _doc("same_oslo_date", "C00-1", service_time=oslo_midnight),  # R30: dates compared
        _doc("older", "C00-1", service_time=oslo_midnight - timedelta(seconds=1)),
        _doc("undated", "C00-1", service_time=None),
        _doc("created", "C00-1", service_time=None, created=year),
        _doc("service_wins", "C00-1", service_time=year - timedelta(days=1), created=AT),
        _doc("epikrise_undated", "A00-1", service_time=None),
    ]
    decisions = decide_pjd(engine, _request(documents=docs))
    effects = ["permit", "permit", "deny", "deny", "permit", "deny", "permit"]
    assert [d.effect for d in decisions] == effects


def test_r4_read_is_a_separate_grant(engine: CedarEngine) -> None:
    list_only = replace(SOURCE, grants=frozenset({("helseforetak", "list")}))
    req = _request(facts=replace(FACTS, sources={SRC_A: list_only}))
    assert _one(engine, req).permitted
    assert _ids(_one(engine, replace(req, action="read"))) == ["kilde_deler_ikke_dokument"]


@pytest.mark.parametrize(
    ("phase", "on_list", "permitted"),
    [
        ("listepasienter", True, True),
        ("listepasienter", False, False),
    ],
)
def test_case_11_gp_phase(engine: CedarEngine, phase: str, on_list: bool, permitted: bool) -> None:
    gp = replace(CONSUMER, category="fastlege")
    source = replace(SOURCE, grants=frozenset({("fastlege", "list"), ("fastlege", "read")}))
    facts = RegistryFacts(gp, {SRC_A: source}, frozenset({WORKER_HPR} if on_list else {"111"}))
    decision = _one(engine, _request(facts=facts))
    assert decision.permitted is permitted
    if not permitted:
        assert _ids(decision) == ["fastlege_ikke_listepasient"]


# --- lists: order and grouping ----------------------------------------------------------------

KINDS: dict[str, tuple[dict[str, Any], list[str]]] = {
    "epikrise": ({"cls": "A00-1"}, ["dokumentliste_kjernejournal"]),
    "journal": ({"cls": "B00-1"}, ["dokumentklasse_ikke_tillatt_kjernejournal"]),
    "gammelt_svar": (
        {"cls": "C00-1", "service_time": AT - timedelta(days=400)},
        ["utenfor_tilbakeblikk"],
    ),
    "ukjent_kilde": ({"cls": "A00-1", "source": UNREGISTERED}, ["kilde_ikke_registrert"]),
    "nytt_svar": (
        {"cls": "C00-1", "service_time": AT - timedelta(days=30)},
        ["dokumentliste_kjernejournal"],
    ),
}


def test_a_200_document_list_answers_each_in_order(counting: CountingEngine) -> None:
    names = list(KINDS)
    order = [names[(i * 7 + i // 5) % len(names)] for i in range(200)]
    docs = [_doc(f"dok-{i:03}", **KINDS[kind][0]) for i, kind in enumerate(order)]
    decisions = decide_pjd(counting, _request(documents=docs))
    assert len(decisions) == 200
    for i, (kind, decision) in enumerate(zip(order, decisions, strict=True)):
        assert _ids(decision) == KINDS[kind][1], (i, kind)
    assert counting.calls == [(5, 2 + 5)]  # five kinds: five queries; principal, patient, 5


def test_documents_with_identical_attributes_share_one_evaluation(counting: CountingEngine) -> None:
    docs = [_doc(f"likt-{i}") for i in range(50)]
    decisions = decide_pjd(counting, _request(documents=docs))
    assert len(decisions) == 50
    assert all(_ids(d) == ["dokumentliste_kjernejournal"] for d in decisions)
    assert counting.calls == [(1, 3)]


def test_documents_differing_in_any_attribute_are_evaluated_apart(
    counting: CountingEngine,
) -> None:
    docs = [
        _doc("a"),
        _doc("b", service_time=datetime(2019, 5, 2, tzinfo=UTC)),
        _doc("c", type_code="X"),
        _doc("d", confidentiality=("N", "NORU")),
        _doc("e", confidentiality=("N",)),  # same as "a"
    ]
    decide_pjd(counting, _request(documents=docs))
    assert counting.calls == [(4, 6)]


def test_no_documents_give_no_decisions(engine: CedarEngine) -> None:
    assert decide_pjd(engine, _request(documents=())) == []


def test_a_failure_in_one_document_leaves_the_others(engine: CedarEngine) -> None:
    docs = [_doc("ok"), _doc("ukjent", source=UNREGISTERED), _doc("ok2")]
    decisions = decide_pjd(engine, _request(documents=docs))
    assert [d.effect for d in decisions] == ["permit", "deny", "permit"]


# --- principal attributes ---------------------------------------------------------------------


def test_principal_attrs_of_base() -> None:
    assert principal_attrs(_request()) == {
        "pid": WORKER_PID,
        "sikkerhetsnivaa": "4",
        "verifisert_hpr": WORKER_HPR,
        "attestert_pid": WORKER_PID,
        "attestert_pid_system": "2.16.578.1.12.4.1.4.1",
        "attestert_hpr": WORKER_HPR,
        "hpr": WORKER_HPR,
        "autorisasjon": "LE",
        "virksomhet": OUS,
        "behandlingssted": RIKSHOSPITALET,
        "konsument": {
            "kategori": "helseforetak",
            "helsenett_medlem": True,
            "pjd_vilkaar": True,
            "aktiv": {"fra": JAN_2024},
        },
        "formaal": "TREAT",
        "har_tjenestetype": True,
        "har_formaalsdetaljer": True,
        "beslutningsreferanse": DECISION_REF_ID,
        "beslutningsreferanse_gyldig": True,
        "selvvalgt_tilgang": False,
        "attest_pasienter": [PATIENT],
        "attest_antall_pasienter": 1,
        "attest_utstedt": AT_EPOCH - 300,
    }


def test_hpr_is_the_verified_one_else_the_attested_one() -> None:
    verified = principal_attrs(_request(identity=Identity(WORKER_PID, "4", "999999999")))
    assert (verified["hpr"], verified["verifisert_hpr"], verified["attestert_hpr"]) == (
        "999999999",
        "999999999",
        WORKER_HPR,
    )
    attested = principal_attrs(_request(identity=Identity(WORKER_PID, "4", None)))
    assert attested["hpr"] == WORKER_HPR
    assert "verifisert_hpr" not in attested
    production = principal_attrs(_request(_without("practitioner.hpr_nr")))
    assert production["hpr"] == WORKER_HPR
    assert "attestert_hpr" not in production
    neither = principal_attrs(
        _request(_without("practitioner.hpr_nr"), identity=Identity(WORKER_PID, "4", None))
    )
    assert not {"hpr", "verifisert_hpr", "attestert_hpr"} & set(neither)


def test_principal_attrs_leave_out_what_is_absent() -> None:
    raw = _base()
    del raw["practitioner"]
    del raw["care_relation"]
    del raw["toa"]
    del raw["patients"]
    attrs = principal_attrs(_request(raw, facts=RegistryFacts()))
    assert attrs == {
        "pid": WORKER_PID,
        "sikkerhetsnivaa": "4",
        "verifisert_hpr": WORKER_HPR,
        "hpr": WORKER_HPR,
        "har_tjenestetype": False,
        "har_formaalsdetaljer": False,
        "beslutningsreferanse_gyldig": False,
        "selvvalgt_tilgang": False,
        "attest_pasienter": [],
        "attest_antall_pasienter": 0,
    }


def test_attested_patients_are_distinct_sorted_ids() -> None:
    raw = _base()
    first = raw["patients"][0]
    raw["patients"] = [
        {**first, "identifier": {**first["identifier"], "id": "20000000000"}},
        first,
        {**first, "identifier": {**first["identifier"], "id": "10000000000"}},
        first,
        {"point_of_care": first["point_of_care"]},  # no identifier
    ]
    attrs = principal_attrs(_request(raw))
    assert attrs["attest_pasienter"] == [PATIENT, "10000000000", "20000000000"]
    assert attrs["attest_antall_pasienter"] == 5


@pytest.mark.parametrize(
    ("ref", "valid"),
    [
        (DECISION_REF_ID, True),
        ("a", True),
        ("A_b.c-9", True),
        ("x" * 64, True),
        ("x" * 65, False),
        ("", False),
        ("med mellomrom", False),
        ("æøå", False),
        ("a/b", False),
        ("abc\n", False),
        ("\nabc", False),
    ],
)
def test_decision_ref_validity(ref: str, valid: bool) -> None:
    attrs = principal_attrs(_request(_with("care_relation.decision_ref.id", ref)))
    assert attrs["beslutningsreferanse"] == ref
    assert attrs["beslutningsreferanse_gyldig"] is valid


def test_a_decision_ref_with_a_trailing_newline_is_denied(engine: CedarEngine) -> None:
    decision = _one(
        engine, _request(_with("care_relation.decision_ref.id", DECISION_REF_ID + "\n"))
    )
    assert _ids(decision) == ["beslutningsreferanse_ugyldig"]


def test_the_principal_fits_the_schema(engine: CedarEngine) -> None:
    declared = engine.info.entities["PJD::Helsepersonell"].attributes.keys()
    assert set(principal_attrs(_request())) <= declared


# --- resource attributes ----------------------------------------------------------------------


CUTOFFS = lookback_cutoffs(AT, {"E00-1": 5, "I00-1": 1, "C00-1": 1})
CODES = pjd_codes()


def test_resource_attrs_of_d1() -> None:
    assert resource_attrs(_request(), D1, CUTOFFS, CODES) == {
        "pasient": PATIENT,
        "sperrenoekler": [
            f"{SRC_A}|*|authorization:LE",
            f"{SRC_A}|*|hpr:{WORKER_HPR}",
            f"{SRC_A}|*|orgnr:874716782",
            f"{SRC_A}|*|orgnr:{OUS}",
            f"{SRC_A}|*|pid:{WORKER_PID}",
        ],
        "virksomhetsnoekler": [f"{SRC_A}|*|orgnr:*"],
        "kildesperrenoekler": [f"{SRC_A}|*|alle:*"],
        "kilde_orgnr": SRC_A,
        "klasse": "A00-1",
        "dokumenttype": "",
        "konfidensialitet": ["N"],
        "nektet_innsyn_for": [],
        "kilde": {
            "aktiv": {"fra": JAN_2024},
            "kan_liste": ["helseforetak"],
            "kan_lese": ["helseforetak"],
        },
        "tidspunkt": MAY_2019,
    }


def test_tidspunkt_is_service_time_else_created() -> None:
    req = _request()
    service = datetime(2020, 1, 1, tzinfo=UTC)
    created = datetime(2021, 1, 1, tzinfo=UTC)
    both = _doc("x", service_time=service, created=created)
    only_created = _doc("y", service_time=None, created=created)
    neither = _doc("z", service_time=None)
    assert resource_attrs(req, both, CUTOFFS, CODES)["tidspunkt"] == 1577836800
    assert resource_attrs(req, only_created, CUTOFFS, CODES)["tidspunkt"] == 1609459200
    assert "tidspunkt" not in resource_attrs(req, neither, CUTOFFS, CODES)


def test_a_naive_moment_is_utc() -> None:
    doc = _doc("x", service_time=datetime(2019, 5, 1))
    assert resource_attrs(_request(), doc, CUTOFFS, CODES)["tidspunkt"] == MAY_2019


@pytest.mark.parametrize(
    ("cls", "cutoff"),
    [
        ("C00-1", 1764111600),  # 2025-11-26 00:00 Oslo (2025-11-25T23:00Z)
        ("I00-1", 1764111600),
        ("E00-1", 1637881200),  # 2021-11-26 00:00 Oslo
        ("A00-1", None),
        ("B00-1", None),
    ],
)
def test_lookback_cutoff_only_for_windowed_classes(cls: str, cutoff: int | None) -> None:
    attrs = resource_attrs(_request(), _doc("x", cls), CUTOFFS, CODES)
    assert attrs.get("tilbakeblikk_grense") == cutoff
    assert ("tilbakeblikk_grense" in attrs) is (cutoff is not None)


def test_unregistered_source_has_no_kilde() -> None:
    attrs = resource_attrs(_request(), _doc("x", source=UNREGISTERED), CUTOFFS, CODES)
    assert "kilde" not in attrs
    assert attrs["kilde_orgnr"] == UNREGISTERED


def test_source_period_end_and_grants_are_sorted() -> None:
    grants = frozenset({("sykehjem", "read"), ("fastlege", "list"), ("fastlege", "read")})
    source = Source(SRC_A, Period(date(2024, 1, 1), date(2024, 1, 2)), grants)
    req = _request(facts=replace(FACTS, sources={SRC_A: source}))
    assert resource_attrs(req, D1, CUTOFFS, CODES)["kilde"] == {
        "aktiv": {"fra": JAN_2024, "til": JAN_2024 + 86400},
        "kan_liste": ["fastlege"],
        "kan_lese": ["fastlege", "sykehjem"],
    }


def test_confidentiality_is_a_sorted_set() -> None:
    doc = _doc("x", confidentiality=("NORS", "N", "NORS"))
    assert resource_attrs(_request(), doc, CUTOFFS, CODES)["konfidensialitet"] == ["N", "NORS"]


@pytest.mark.parametrize(
    ("codes", "seen"),
    [
        (("NORN_FFL",), ["NORN_*", "NORN_FFL"]),
        (("N", "NORU"), ["N", "NORU"]),
        (("nors",), ["NORN_*", "NORS"]),  # unknown: the most restrictive, never no label
        (("N", "NORS "), ["N", "NORN_*", "NORS"]),
        (("NORN_*",), ["NORN_*", "NORS"]),  # the marker is no code a source may send
        (("R",), ["NORN_*", "NORS"]),  # HL7 25 other than N: not in Volven 9603 (Q21)
        (("",), ["NORN_*", "NORS"]),
    ],
)
def test_confidentiality_reads_an_unknown_label_as_the_most_restrictive(
    codes: tuple[str, ...], seen: list[str]
) -> None:
    doc = _doc("x", confidentiality=codes)
    assert resource_attrs(_request(), doc, CUTOFFS, CODES)["konfidensialitet"] == seen


def test_the_resource_fits_the_schema(engine: CedarEngine) -> None:
    declared = engine.info.entities["PJD::Dokument"].attributes.keys()
    assert set(resource_attrs(_request(), _doc("x", "C00-1"), CUTOFFS, CODES)) <= declared


# --- context ----------------------------------------------------------------------------------


def test_context_of_base() -> None:
    req = _request(facts=replace(FACTS, patient_gps=frozenset({"3", "1", "2"})))
    assert patient_attrs(req)["fastleger"] == ["1", "2", "3"]
    assert context(req, "PJD") == {
        "sti": "kjernejournalforskriften",
        "aapner_sperret": False,
        "tidspunkt": AT_EPOCH,
        "pasient": {"__entity": {"type": "PJD::Pasient", "id": PATIENT}},
        "parametere": {"__entity": {"type": "PJD::Parametere", "id": "gjeldende"}},
        "tilgangsgrunnlag": "samtykke",
    }


def test_context_without_access_basis_leaves_it_out() -> None:
    ctx = context(_request(path="hpl45", access_basis=None), "NS")
    assert "tilgangsgrunnlag" not in ctx
    assert ctx["sti"] == "hpl45"
    assert ctx["pasient"] == {"__entity": {"type": "NS::Pasient", "id": PATIENT}}
    assert ctx["parametere"] == {"__entity": {"type": "NS::Parametere", "id": "gjeldende"}}


def test_the_context_fits_the_schema(engine: CedarEngine) -> None:
    for action in ("list", "read"):
        declared = engine.info.actions[("PJD::Action", action)].context.attributes.keys()
        assert set(context(_request(), "PJD")) <= declared
