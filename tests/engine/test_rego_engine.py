"""The Rego twin (policies/pjd/rego/, engine `rego`) decides exactly as the Cedar pack does.

Same effect, same deciding rules, same obligations: for a table of requests that makes every
rule decide, for random entities and contexts (hypothesis), and with the parameters switched.
It fails closed (input outside the contract, an undefined or odd answer, any exception) and
refuses a twin that lacks a rule, adds one or annotates one differently.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import CedarEngine, Decision, Pack, PolicyError, Query, RegoEngine, read_pack
from engine.pjd import (
    Citizen,
    Consumer,
    DecisionRequest,
    Document,
    Identity,
    PatientRestriction,
    Period,
    Person,
    RegistryFacts,
    Source,
    decide_pjd,
    decide_view_log,
    parse_attestation,
)
from engine.schema_info import Attribute, read_schema
from tests import builders
from tests.builders import AT, DECISION_REF_ID
from tests.packs import set_parameters
from tests.people import OTHER_PERSON, OUS, PATIENT, RIKSHOSPITALET, SRC_A, WORKER_HPR, WORKER_PID
from tests.people import UNKNOWN_ORG as UNREGISTERED

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"

AT_EPOCH = 1795687200
SRC2 = "974589095"

GRANTS = frozenset(
    (category, action)
    for category in ("helseforetak", "fastlege", "innbygger")
    for action in ("list", "read")
)
CONSUMER = Consumer(OUS, "helseforetak", True, True, Period(date(2024, 1, 1)))
SOURCE = Source(SRC_A, Period(date(2024, 1, 1)), GRANTS)
FACTS = RegistryFacts(consumer=CONSUMER, sources={SRC_A: SOURCE, SRC2: replace(SOURCE, orgnr=SRC2)})
SELF = Citizen(PATIENT, "4", 40)


# --- request builders (as in test_pjd_cedar.py) -----------------------------------------------


def _raw(**changes: Any) -> dict[str, Any]:
    """BASE of rules.md (Eksempel #3, toa = at − 300, a decision_ref), with dotted-path changes;
    a value of None removes the field."""
    raw = builders.attestation(AT)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = raw
        for name in parents:
            node = node[name]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return raw


def _doc(doc_id: str = "D1", cls: str = "A00-1", source: str = SRC_A, **kw: Any) -> Document:
    kw.setdefault("service_time", datetime(2019, 5, 1, tzinfo=UTC))
    kw.setdefault("confidentiality", ("N",))
    return Document(doc_id, source, cls, **kw)


def _hp(raw: dict[str, Any] | None = None, **changes: Any) -> DecisionRequest:
    req = DecisionRequest(
        action="list",
        path="kjernejournalforskriften",
        patient=PATIENT,
        identity=Identity(pid=WORKER_PID, security_level="4", hpr_number=WORKER_HPR),
        attestation=parse_attestation(_raw() if raw is None else raw),
        documents=(_doc(),),
        at=AT,
        access_basis="samtykke",
        facts=FACTS,
    )
    return replace(req, **changes)


def _citizen(citizen: Citizen = SELF, **changes: Any) -> DecisionRequest:
    req = DecisionRequest(
        action="list",
        path="helsenorge",
        patient=PATIENT,
        citizen=citizen,
        documents=(_doc(),),
        at=AT,
        facts=FACTS,
    )
    return replace(req, **changes)


def _restricted(*restrictions: PatientRestriction) -> RegistryFacts:
    return replace(FACTS, restrictions=restrictions)


def _source(**changes: Any) -> RegistryFacts:
    return replace(FACTS, sources={SRC_A: replace(SOURCE, **changes)})


def _consumer(**changes: Any) -> RegistryFacts:
    return replace(FACTS, consumer=replace(CONSUMER, **changes))


def _grants(*pairs: tuple[str, str]) -> RegistryFacts:
    return _source(grants=frozenset(pairs))


def _gp(on_list: bool) -> RegistryFacts:
    return replace(
        FACTS,
        consumer=replace(CONSUMER, category="fastlege"),
        patient_gps=frozenset({WORKER_HPR if on_list else "111111111"}),
    )


BTG = "care_relation__purpose_of_use__code"
OLD = AT - timedelta(days=400)
OBJECTION = PatientRestriction("kilde_sperreregel", "hpr", WORKER_HPR, SRC_A)
BLOCK = PatientRestriction("kj_blokkering", "hpr", WORKER_HPR)

# name → request; together they make every rule of the pack decide (see the coverage test).
CASES: dict[str, DecisionRequest] = {
    # health workers: grants and obligations
    "list_kj": _hp(),
    "read": _hp(action="read"),
    "list_hpl45": _hp(path="hpl45", access_basis=None),
    "read_hpl45": _hp(action="read", path="hpl45", access_basis=None),
    "user_selected": _hp(_raw(care_relation__decision_ref={"id": "x", "user_selected": True})),
    "btg": _hp(_raw(**{BTG: "BTG"})),
    "kj_sperring_samtykke": _hp(facts=_restricted(PatientRestriction("kj_sperring"))),
    "kj_sperring_aapnet": _hp(
        facts=_restricted(PatientRestriction("kj_sperring")), opens_locked=True
    ),
    "kj_sperring_akutt": _hp(
        facts=_restricted(PatientRestriction("kj_sperring")), access_basis="akutt"
    ),
    "kj_sperring_hpl45": _hp(facts=_restricted(PatientRestriction("kj_sperring")), path="hpl45"),
    "coc_list": _hp(_raw(**{BTG: "COC"})),
    "gp_on_list": _hp(facts=_gp(True)),
    "helsenorge_path": _hp(path="helsenorge"),
    "toa_3600": _hp(_raw(toa=AT_EPOCH - 3600)),
    "toa_future_300": _hp(_raw(toa=AT_EPOCH + 300)),
    "no_toa": _hp(_raw(toa=None)),
    "no_attested_identifier": _hp(_raw(practitioner__identifier=None)),
    "no_verified_hpr": _hp(identity=Identity(WORKER_PID, "4", None)),
    "no_hpr_at_all": _hp(_raw(practitioner__hpr_nr=None), identity=Identity(WORKER_PID, "4", None)),
    "only_service": _hp(_raw(care_relation__purpose_of_use_details=None)),
    "only_details": _hp(_raw(care_relation__healthcare_service=None)),
    "lookback_inside": _hp(documents=(_doc(cls="C00-1", service_time=AT - timedelta(days=30)),)),
    "lookback_hpl45": _hp(documents=(_doc(cls="C00-1", service_time=OLD),), path="hpl45"),
    "objection_other_source": _hp(
        documents=(_doc(source=SRC2),), facts=replace(FACTS, restrictions=(OBJECTION,))
    ),
    "objection_other_document": _hp(
        documents=(_doc("D2"),),
        facts=_restricted(PatientRestriction("kilde_sperreregel", "hpr", WORKER_HPR, SRC_A, "D9")),
    ),
    "blocked_other_hpr": _hp(facts=_restricted(PatientRestriction("kj_blokkering", "hpr", "1"))),
    "source_ended_later": _hp(facts=_source(active=Period(date(2024, 1, 1), date(2027, 1, 1)))),
    # health workers: every forbid
    "sikkerhetsnivaa_for_lavt": _hp(identity=Identity(WORKER_PID, "3", WORKER_HPR)),
    "attestert_person_ikke_innlogget": _hp(identity=Identity(OTHER_PERSON, "4", WORKER_HPR)),
    "personidentifikator_ugyldig": _hp(
        _raw(practitioner__identifier__system="urn:oid:2.16.578.1.12.4.1.4.3")
    ),
    "hpr_nummer_stemmer_ikke": _hp(identity=Identity(WORKER_PID, "4", "123456789")),
    "formaal_ugyldig": _hp(_raw(**{BTG: "HOPERAT"})),
    "formaal_mangler": _hp(_raw(care_relation__purpose_of_use=None)),
    "tjenestetype_og_formaalsdetaljer_mangler": _hp(
        _raw(care_relation__healthcare_service=None, care_relation__purpose_of_use_details=None)
    ),
    "beslutningsreferanse_mangler": _hp(_raw(care_relation__decision_ref=None)),
    "beslutningsreferanse_ugyldig": _hp(_raw(care_relation__decision_ref={"id": "ikke gyldig"})),
    "tilgangsgrunnlag_mangler": _hp(access_basis=None),
    "formaal_gir_ikke_dokumentvisning": _hp(_raw(**{BTG: "COC"}), action="read"),
    "rolle_utelukket": _hp(_raw(practitioner__authorization__code="VE")),
    "rolle_ikke_tillatt_lese": _hp(_raw(practitioner__authorization__code="XY"), action="read"),
    "autorisasjon_mangler": _hp(_raw(practitioner__authorization=None)),
    "attest_utloept": _hp(_raw(toa=AT_EPOCH - 3601)),
    "attest_utstedt_fram_i_tid": _hp(_raw(toa=AT_EPOCH + 301)),
    "attest_uten_pasient": _hp(_raw(patients=[])),
    "attest_gjelder_annen_pasient": _hp(patient=OTHER_PERSON),
    "dokumentklasse_ikke_tillatt_kjernejournal": _hp(documents=(_doc(cls="B00-1"),)),
    "dokumentklasse_ikke_tillatt": _hp(documents=(_doc(cls="B00-1"),), path="hpl45"),
    "dokumenttype_ikke_tillatt_kjernejournal": _hp(
        documents=(_doc(cls="I00-1", service_time=AT - timedelta(days=30)),)
    ),
    "kilde_ikke_registrert": _hp(documents=(_doc(source=UNREGISTERED),)),
    "kilde_ikke_aktiv_ennaa": _hp(facts=_source(active=Period(date(2027, 1, 1)))),
    "kilde_ikke_aktiv_lenger": _hp(facts=_source(active=Period(date(2024, 1, 1), AT.date()))),
    "kilde_deler_ikke_liste": _hp(facts=_grants(("helseforetak", "read"))),
    "kilde_deler_ikke_dokument": _hp(facts=_grants(("helseforetak", "list")), action="read"),
    "konsument_ikke_registrert": _hp(facts=replace(FACTS, consumer=None)),
    "konsument_ikke_helsenettmedlem": _hp(facts=_consumer(helsenett_member=False)),
    "konsument_vilkaar_ikke_akseptert": _hp(facts=_consumer(pjd_terms=False)),
    "konsument_ikke_aktiv": _hp(facts=_consumer(active=Period(date(2027, 1, 1)))),
    "konsument_ikke_aktiv_lenger": _hp(
        facts=_consumer(active=Period(date(2024, 1, 1), date(2025, 1, 1)))
    ),
    "fastlege_ikke_listepasient": _hp(facts=_gp(False)),
    "kjernejournal_sperret": _hp(
        facts=_restricted(PatientRestriction("kj_sperring")), access_basis="unntak"
    ),
    "helsepersonell_blokkert": _hp(facts=_restricted(BLOCK)),
    "helsepersonell_blokkert_btg": _hp(_raw(**{BTG: "BTG"}), facts=_restricted(BLOCK)),
    "helsepersonell_blokkert_hpl45": _hp(facts=_restricted(BLOCK), path="hpl45"),
    "pasient_sperret_pjd": _hp(facts=_restricted(PatientRestriction("pjd_sperre"))),
    "pasient_sperret_pjd_btg": _hp(
        _raw(**{BTG: "BTG"}),
        facts=_restricted(PatientRestriction("pjd_sperre")),
        access_basis="akutt",
    ),
    # R35: with the basis samtykke on the KJ path, BTG overrides nothing even when switched on
    "pasient_sperret_pjd_btg_samtykke": _hp(
        _raw(**{BTG: "BTG"}), facts=_restricted(PatientRestriction("pjd_sperre"))
    ),
    "pasient_reservert_kjernejournal": _hp(facts=_restricted(PatientRestriction("kj_reservasjon"))),
    "pasient_reservert_hpl45": _hp(
        facts=_restricted(PatientRestriction("kj_reservasjon")), path="hpl45"
    ),
    "dokument_sperret_nors": _hp(documents=(_doc(confidentiality=("N", "NORS")),)),
    "dokument_sperret_nors_btg": _hp(
        _raw(**{BTG: "BTG"}), documents=(_doc(confidentiality=("NORS",)),), access_basis="akutt"
    ),
    "sperreregel_hos_kilde": _hp(facts=_restricted(OBJECTION)),
    "sperreregel_dokument": _hp(
        facts=_restricted(PatientRestriction("kilde_sperreregel", "hpr", WORKER_HPR, SRC_A, "D1"))
    ),
    "sperreregel_btg": _hp(_raw(**{BTG: "BTG"}), facts=_restricted(OBJECTION), path="hpl45"),
    # R35: BTG with the basis unntak or samtykke on the KJ path overrides no restriction
    "sperreregel_btg_unntak": _hp(
        _raw(**{BTG: "BTG"}), facts=_restricted(OBJECTION), access_basis="unntak"
    ),
    "sperreregel_behandlingssted_ukjent_btg_unntak": _hp(
        _raw(**{BTG: "BTG", "practitioner__point_of_care": None}),
        facts=_restricted(PatientRestriction("kilde_sperreregel", "orgnr", "912345678", SRC_A)),
        access_basis="unntak",
    ),
    "dokument_sperret_nors_btg_samtykke": _hp(
        _raw(**{BTG: "BTG"}), documents=(_doc(confidentiality=("NORS",)),)
    ),
    "sperreregel_behandlingssted_ukjent": _hp(
        _raw(practitioner__point_of_care=None),
        facts=_restricted(PatientRestriction("kilde_sperreregel", "orgnr", "912345678", SRC_A)),
    ),
    "konfidensialitet_ukjent": _hp(documents=(_doc(confidentiality=("nors",)),)),
    "utenfor_tilbakeblikk": _hp(documents=(_doc(cls="C00-1", service_time=OLD),)),
    "utenfor_tilbakeblikk_udatert": _hp(documents=(_doc(cls="E00-1", service_time=None),)),
    "many_forbids": _hp(
        _raw(practitioner__authorization__code="VE", toa=AT_EPOCH - 4000),
        identity=Identity(WORKER_PID, "3", WORKER_HPR),
        documents=(_doc(cls="B00-1", source=UNREGISTERED, confidentiality=("NORS",)),),
        facts=replace(FACTS, consumer=None, restrictions=(PatientRestriction("pjd_sperre"),)),
    ),
    # citizens
    "innbygger_list": _citizen(),
    "innbygger_read": _citizen(action="read"),
    "innbygger_nors_and_restrictions": _citizen(
        documents=(_doc(confidentiality=("NORS",)),),
        facts=_restricted(PatientRestriction("pjd_sperre"), BLOCK, OBJECTION),
    ),
    "innbygger_forelder": _citizen(Citizen(WORKER_PID, "4", 40, "1", 11, PATIENT)),
    "innbygger_fullmakt": _citizen(Citizen(WORKER_PID, "4", 40, "2", 16, PATIENT)),
    "innbygger_representant": _citizen(
        Citizen(WORKER_PID, "4", 40, "3", 90, PATIENT), action="read"
    ),
    "innbygger_sikkerhetsnivaa_for_lavt": _citizen(Citizen(PATIENT, "3", 40)),
    "innbygger_under_selvstendig_alder": _citizen(Citizen(PATIENT, "4", 15)),
    "kilde_deler_ikke_liste_med_innbygger": _citizen(facts=_grants(("innbygger", "read"))),
    "kilde_deler_ikke_dokument_med_innbygger": _citizen(
        facts=_grants(("innbygger", "list")), action="read"
    ),
    "nektet_innsyn_innbygger": _citizen(documents=(_doc(confidentiality=("N", "NORN_FFL")),)),
    "utsatt_innsyn_innbygger": _citizen(documents=(_doc(confidentiality=("NORU",)),)),
    "innbygger_konfidensialitet_ukjent": _citizen(documents=(_doc(confidentiality=("NORN-FFL",)),)),
    "innbygger_ikke_pasienten": _citizen(Citizen(WORKER_PID, "4", 40, "0")),
    "innbygger_ukjent_representasjon": _citizen(Citizen(WORKER_PID, "4", 40, "7", 40)),
    "foreldre_barn_for_gammelt": _citizen(Citizen(WORKER_PID, "4", 40, "1", 12, PATIENT)),
    "representert_ikke_voksen": _citizen(Citizen(WORKER_PID, "4", 40, "2", 15, PATIENT)),
    "representert_ikke_pasienten": _citizen(Citizen(WORKER_PID, "4", 40, "2", 40, WORKER_PID)),
    "innbygger_kilde_ikke_registrert": _citizen(documents=(_doc(source=UNREGISTERED),)),
    "innbygger_kilde_ikke_aktiv": _citizen(facts=_source(active=Period(date(2027, 1, 1)))),
    "innbygger_kj_path": _citizen(path="kjernejournalforskriften"),
    "nektet_innsyn_representant": _citizen(
        Citizen(WORKER_PID, "4", 40, "2", 40, PATIENT),
        documents=(_doc(confidentiality=("NORN_KUT",)),),
    ),
    # R33: a parent and the child's restrictions
    "barnets_sperrede_dokument_forelder": _citizen(
        Citizen(WORKER_PID, "4", 40, "1", 9, PATIENT), documents=(_doc(confidentiality=("NORS",)),)
    ),
    "barnets_sperreregel_forelder": _citizen(
        Citizen(WORKER_PID, "4", 40, "1", 9, PATIENT), facts=_restricted(OBJECTION)
    ),
    # R34: the population register
    "strengt_fortrolig_kjernejournal": _hp(
        facts=replace(FACTS, persons={PATIENT: Person(PATIENT, "strengt_fortrolig")})
    ),
    "strengt_fortrolig_ingen_representasjon": _citizen(
        Citizen(WORKER_PID, "4", 40, "2", 40, PATIENT),
        facts=replace(FACTS, persons={WORKER_PID: Person(WORKER_PID, "strengt_fortrolig")}),
    ),
    "fortrolig_ingen_representasjon": _citizen(
        Citizen(WORKER_PID, "4", 40, "1", 10, PATIENT),
        facts=replace(FACTS, persons={PATIENT: Person(PATIENT, "fortrolig")}),
    ),
    "pasienten_er_doed": _citizen(
        facts=replace(FACTS, persons={PATIENT: Person(PATIENT, None, AT.date())})
    ),
}

# The parameters switched: BTG overrides restrictions, GP phase "alle", hpl45 untouched by KJ.
SWITCHED = {
    "nodrett_overstyrer_sperring": True,
    "fastlege_fase": "alle",
    "kj_reservasjon_gjelder_hpl45": False,
    "kj_blokkering_gjelder_hpl45": False,
}
SWITCHED_CASES = [
    "btg",
    "pasient_sperret_pjd",
    "pasient_sperret_pjd_btg",
    "pasient_sperret_pjd_btg_samtykke",
    "dokument_sperret_nors",
    "dokument_sperret_nors_btg",
    "sperreregel_hos_kilde",
    "sperreregel_btg",
    "sperreregel_btg_unntak",
    "sperreregel_behandlingssted_ukjent_btg_unntak",
    "dokument_sperret_nors_btg_samtykke",
    "helsepersonell_blokkert_btg",
    "fastlege_ikke_listepasient",
    "helsepersonell_blokkert_hpl45",
    "pasient_reservert_hpl45",
    "many_forbids",
]


# --- engines ----------------------------------------------------------------------------------


def _copy_pack(tmp: Path, parameters: dict[str, Any] | None = None) -> Path:
    target = tmp / "pjd"
    shutil.copytree(PJD, target)
    if parameters is not None:
        set_parameters(target, parameters)
    return target


@pytest.fixture(scope="module")
def switched(tmp_path_factory: pytest.TempPathFactory) -> tuple[CedarEngine, RegoEngine]:
    switched = read_pack(_copy_pack(tmp_path_factory.mktemp("switched"), SWITCHED))
    return CedarEngine(switched), RegoEngine(switched)


Seen = tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]


def _seen(decision: Decision) -> Seen:
    """What a caller sees of a decision: effect, deciding rule ids, (obligation, rule) pairs."""
    return (
        decision.effect,
        tuple(r.id for r in decision.reasons),
        tuple((o.id, o.rule) for o in decision.obligations),
    )


def _both(cedar: CedarEngine, rego: RegoEngine, req: DecisionRequest) -> tuple[Seen, Seen]:
    (c,) = decide_pjd(cedar, req)
    (r,) = decide_pjd(rego, req)  # type: ignore[arg-type]
    return _seen(c), _seen(r)


# --- parity on the table ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_rego_decides_as_cedar(cedar: CedarEngine, rego: RegoEngine, name: str) -> None:
    seen_cedar, seen_rego = _both(cedar, rego, CASES[name])
    assert seen_rego == seen_cedar
    assert seen_rego[1] != ("evaluation_error",)
    if name in rego.catalogue:  # a case named after a forbid is denied by it
        assert seen_rego[0] == "deny"
        assert name in seen_rego[1]


@pytest.mark.parametrize("name", SWITCHED_CASES)
def test_rego_decides_as_cedar_with_switched_parameters(
    switched: tuple[CedarEngine, RegoEngine], name: str
) -> None:
    seen_cedar, seen_rego = _both(*switched, CASES[name])
    assert seen_rego == seen_cedar
    assert seen_rego[1] != ("evaluation_error",)


def test_switched_parameters_change_the_decisions(
    cedar: CedarEngine, rego: RegoEngine, switched: tuple[CedarEngine, RegoEngine]
) -> None:
    changed = [
        n for n in SWITCHED_CASES if _both(cedar, rego, CASES[n]) != _both(*switched, CASES[n])
    ]
    assert changed == [  # BTG overrides restrictions, not a block; hpl45 free of KJ choices
        "pasient_sperret_pjd_btg",
        "pasient_sperret_pjd_btg_samtykke",  # R35: still denied, now naming noedrett_krever_akutt
        "dokument_sperret_nors_btg",
        "sperreregel_btg",
        "sperreregel_btg_unntak",
        "sperreregel_behandlingssted_ukjent_btg_unntak",
        "dokument_sperret_nors_btg_samtykke",
        "fastlege_ikke_listepasient",
        "helsepersonell_blokkert_hpl45",
        "pasient_reservert_hpl45",
    ]


@pytest.mark.parametrize(
    ("name", "restriction", "hidden"),
    [
        ("sperreregel_btg_unntak", "sperreregel_hos_kilde", False),
        (
            "sperreregel_behandlingssted_ukjent_btg_unntak",
            "sperreregel_behandlingssted_ukjent",
            False,
        ),
        ("pasient_sperret_pjd_btg_samtykke", "pasient_sperret_pjd", False),
        ("dokument_sperret_nors_btg_samtykke", "dokument_sperret_nors", True),
    ],
)
def test_btg_without_an_emergency_names_the_restriction_and_r35(
    cedar: CedarEngine,
    rego: RegoEngine,
    switched: tuple[CedarEngine, RegoEngine],
    name: str,
    restriction: str,
    hidden: bool,
) -> None:
    """R35: switched on, BTG with unntak or samtykke is denied by the restriction and by
    `noedrett_krever_akutt`, counted as hidden exactly as without it (R29); switched off, by
    the restriction alone."""
    for engine in switched:
        (on,) = decide_pjd(engine, CASES[name])  # type: ignore[arg-type]
        assert (on.effect, on.hidden) == ("deny", hidden)
        assert {restriction, "noedrett_krever_akutt"} <= {r.id for r in on.reasons}
    for engine in (cedar, rego):
        (off,) = decide_pjd(engine, CASES[name])  # type: ignore[arg-type]
        assert (off.effect, off.hidden) == ("deny", hidden)
        assert restriction in {r.id for r in off.reasons}
        assert "noedrett_krever_akutt" not in {r.id for r in off.reasons}


def test_the_table_makes_every_rule_decide(
    cedar: CedarEngine, switched: tuple[CedarEngine, RegoEngine]
) -> None:
    """Every forbid denies somewhere, every grant permits somewhere, every obligation is laid
    (a rule that decides only with a parameter switched, on the switched cases)."""
    decisions = [d for req in CASES.values() for d in decide_pjd(cedar, req)]
    decisions += [d for n in SWITCHED_CASES for d in decide_pjd(switched[0], CASES[n])]
    decisions.append(decide_view_log(cedar, SELF, PATIENT, FACTS, AT))
    denied = {r.id for d in decisions if not d.permitted for r in d.reasons}
    granted = {r.id for d in decisions if d.permitted for r in d.reasons}
    obliged = {o.rule for d in decisions for o in d.obligations}
    rules = [r for r in cedar.catalogue.values() if r.effect != "system"]
    assert {r.id for r in rules if r.effect == "forbid"} - denied == set()
    assert {r.id for r in rules if r.effect == "permit" and not r.obligation} - granted == set()
    assert {r.id for r in rules if r.obligation} - obliged == set()
    assert "ingen_tilgangsgrunnlag" in denied


def test_a_list_of_many_documents_decides_document_by_document(
    cedar: CedarEngine, rego: RegoEngine
) -> None:
    docs = (
        _doc("a"),
        _doc("b", cls="B00-1"),
        _doc("c", confidentiality=("NORS",)),
        _doc("d", source=UNREGISTERED),
        _doc("e", cls="C00-1", service_time=OLD),
        _doc("f"),
    )
    req = _hp(
        documents=docs,
        facts=_restricted(PatientRestriction("kilde_sperreregel", "hpr", WORKER_HPR, SRC_A, "f")),
    )
    expected = [_seen(d) for d in decide_pjd(cedar, req)]
    decisions = decide_pjd(rego, req)  # type: ignore[arg-type]
    assert [_seen(d) for d in decisions] == expected
    assert [d.effect for d in decisions] == ["permit", "deny", "deny", "deny", "deny", "deny"]
    assert [d.hidden for d in decisions] == [False, False, True, False, False, False]


# --- view_log ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citizen", "expected"),
    [
        (SELF, ("permit", ("innsyn_i_logg",), ())),
        (Citizen(WORKER_PID, "4", 40, "1", 11, PATIENT), ("permit", ("innsyn_i_logg",), ())),
        (Citizen(WORKER_PID, "4", 40, "2", 30, PATIENT), ("permit", ("innsyn_i_logg",), ())),
        (Citizen(WORKER_PID, "4", 40), ("deny", ("innbygger_ikke_pasienten",), ())),
        (Citizen(PATIENT, "3", 40), ("deny", ("innbygger_sikkerhetsnivaa_for_lavt",), ())),
        (Citizen(PATIENT, "4", 14), ("deny", ("innbygger_under_selvstendig_alder",), ())),
        (
            Citizen(WORKER_PID, "4", 40, "1", 13, PATIENT),
            ("deny", ("foreldre_barn_for_gammelt",), ()),
        ),
        (
            Citizen(WORKER_PID, "4", 40, "3", 10, PATIENT),
            ("deny", ("representert_ikke_voksen",), ()),
        ),
    ],
)
def test_view_log_decides_as_cedar(
    cedar: CedarEngine, rego: RegoEngine, citizen: Citizen, expected: Seen
) -> None:
    facts = _restricted(PatientRestriction("pjd_sperre"))
    from_cedar = decide_view_log(cedar, citizen, PATIENT, facts, AT)
    from_rego = decide_view_log(rego, citizen, PATIENT, facts, AT)  # type: ignore[arg-type]
    assert _seen(from_rego) == _seen(from_cedar) == expected


# --- parity on random entities (hypothesis) ---------------------------------------------------

KEYS = [f"{SRC_A}|*|hpr:{WORKER_HPR}", f"{SRC_A}|dok:D1|pid:{WORKER_PID}", f"{SRC2}|*|orgnr:{OUS}"]
ANY_ORGANISATION_KEYS = [f"{SRC_A}|*|orgnr:*", f"{SRC_A}|dok:D1|orgnr:*"]
COVERAGE_KEYS = [f"{SRC_A}|*|alle:*", f"{SRC_A}|dok:D1|alle:*", f"{SRC2}|*|alle:*"]


def _subset(*values: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values)).map(sorted)


def _period() -> st.SearchStrategy[dict[str, int]]:
    moments = st.sampled_from([AT_EPOCH - 86400, AT_EPOCH, AT_EPOCH + 1, AT_EPOCH + 86400])
    return st.fixed_dictionaries({"fra": moments}, optional={"til": moments})


def _one(*values: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


HEALTH_WORKER = st.fixed_dictionaries(
    {
        "pid": _one(WORKER_PID, OTHER_PERSON),
        "sikkerhetsnivaa": _one("4", "3"),
        "har_tjenestetype": st.booleans(),
        "har_formaalsdetaljer": st.booleans(),
        "beslutningsreferanse_gyldig": st.booleans(),
        "selvvalgt_tilgang": st.booleans(),
        "attest_pasienter": _subset(PATIENT, OTHER_PERSON),
        "attest_antall_pasienter": _one(0, 1, 2),
    },
    optional={
        "verifisert_hpr": _one(WORKER_HPR, "123456789"),
        "attestert_pid": _one(WORKER_PID, OTHER_PERSON),
        "attestert_pid_system": _one("2.16.578.1.12.4.1.4.1", "2.16.578.1.12.4.1.4.3"),
        "attestert_hpr": _one(WORKER_HPR, "123456789"),
        "hpr": _one(WORKER_HPR, "123456789"),
        "autorisasjon": _one("LE", "SP", "VE", "XY"),
        "virksomhet": _one(OUS),
        "behandlingssted": _one(RIKSHOSPITALET),
        "konsument": st.fixed_dictionaries(
            {
                "kategori": _one("helseforetak", "fastlege", "sykehjem"),
                "helsenett_medlem": st.booleans(),
                "pjd_vilkaar": st.booleans(),
                "aktiv": _period(),
            }
        ),
        "formaal": _one("TREAT", "ETREAT", "COC", "BTG", "HOPERAT"),
        "beslutningsreferanse": _one(DECISION_REF_ID),
        "attest_utstedt": st.sampled_from([-3601, -3600, -300, 0, 300, 301]).map(
            lambda d: AT_EPOCH + d
        ),
    },
)
CITIZEN = st.fixed_dictionaries(
    {
        "pid": _one(PATIENT, WORKER_PID),
        "sikkerhetsnivaa": _one("4", "3"),
        "alder": _one(11, 15, 16, 40),
        "representasjon": _one("0", "1", "2", "3", "9"),
        "representert_pid": _one(PATIENT, WORKER_PID),
        "pasient_alder": _one(11, 12, 15, 16, 40),
    },
    optional={"adressebeskyttelse": _one("fortrolig", "strengt_fortrolig")},
)
CATEGORIES = ("helseforetak", "fastlege", "innbygger")
DOCUMENT = st.fixed_dictionaries(
    {
        "pasient": _one(PATIENT, OTHER_PERSON),
        "sperrenoekler": _subset(*KEYS),
        "virksomhetsnoekler": _subset(*ANY_ORGANISATION_KEYS),
        "kilde_orgnr": _one(SRC_A),
        "klasse": _one("A00-1", "B00-1", "C00-1"),
        "dokumenttype": _one(""),
        "konfidensialitet": _subset("N", "NORS", "NORU", "NORN_FFL", "NORN_*"),
        "nektet_innsyn_for": _subset("innbygger", "representant"),
        "kildesperrenoekler": _subset(*COVERAGE_KEYS),
    },
    optional={
        "kilde": st.fixed_dictionaries(
            {
                "aktiv": _period(),
                "kan_liste": _subset(*CATEGORIES),
                "kan_lese": _subset(*CATEGORIES),
            }
        ),
        "tidspunkt": _one(AT_EPOCH - 100, AT_EPOCH - 99, AT_EPOCH),
        "tilbakeblikk_grense": _one(AT_EPOCH - 99),
        "tillatte_dokumenttyper": _subset("I01-1", ""),
    },
)
PATIENT_ATTRS = st.fixed_dictionaries(
    {
        "fnr": _one(PATIENT, WORKER_PID),
        "fastleger": _subset(WORKER_HPR, "111111111"),
        "pjd_sperret": st.booleans(),
        "kj_reservert": st.booleans(),
        "kj_sperret": st.booleans(),
        "kj_blokkert_hpr": _subset(WORKER_HPR, "123456789"),
        "sperreregler": _subset(*KEYS, *ANY_ORGANISATION_KEYS),
        "kildesperrer": _subset(*COVERAGE_KEYS),
    },
    optional={
        "adressebeskyttelse": _one("fortrolig", "strengt_fortrolig"),
        "doed_fra": _one(AT_EPOCH - 1, AT_EPOCH, AT_EPOCH + 1),
    },
)
CONTEXT = st.fixed_dictionaries(
    {
        "sti": _one("kjernejournalforskriften", "hpl45", "helsenorge"),
        "tidspunkt": _one(AT_EPOCH),
        "aapner_sperret": st.booleans(),
    },
    optional={"tilgangsgrunnlag": _one("samtykke", "akutt", "unntak")},
)


@st.composite
def _evaluations(draw: st.DrawFn) -> tuple[Query, list[dict[str, Any]]]:
    """One well-formed query and its entities, as decide_pjd would send them."""
    kind = draw(_one("Helsepersonell", "Innbygger"))
    action = draw(_one("list", "read", "view_log") if kind == "Innbygger" else _one("list", "read"))
    principal = {"type": f"PJD::{kind}", "id": "p"}
    patient = {"type": "PJD::Pasient", "id": PATIENT}
    resource = patient if action == "view_log" else {"type": "PJD::Dokument", "id": "D1"}
    entities = [
        {"uid": principal, "attrs": draw(HEALTH_WORKER if kind == "Helsepersonell" else CITIZEN)},
        {"uid": patient, "attrs": draw(PATIENT_ATTRS)},
    ]
    if resource != patient:
        entities.append({"uid": resource, "attrs": draw(DOCUMENT)})
    context = {
        **draw(CONTEXT),
        "pasient": {"__entity": patient},
        "parametere": {"__entity": {"type": "PJD::Parametere", "id": "gjeldende"}},
    }
    return Query(principal, action, resource, context), entities


@settings(max_examples=250, deadline=None, database=None)
@given(_evaluations())
def test_random_evaluations_decide_as_cedar(
    cedar: CedarEngine, rego: RegoEngine, evaluation: tuple[Query, list[dict[str, Any]]]
) -> None:
    query, entities = evaluation
    (from_cedar,) = cedar.decide([query], entities)
    (from_rego,) = rego.decide([query], entities)
    assert _seen(from_rego) == _seen(from_cedar)
    assert _seen(from_rego)[1] != ("evaluation_error",)


@settings(max_examples=100, deadline=None, database=None)
@given(_evaluations())
def test_random_evaluations_decide_as_cedar_with_switched_parameters(
    switched: tuple[CedarEngine, RegoEngine], evaluation: tuple[Query, list[dict[str, Any]]]
) -> None:
    cedar, rego = switched
    query, entities = evaluation
    assert _seen(rego.decide([query], entities)[0]) == _seen(cedar.decide([query], entities)[0])


# --- fail closed ------------------------------------------------------------------------------


def _captured(cedar: CedarEngine, req: DecisionRequest) -> tuple[Query, list[dict[str, Any]]]:
    """The query and entities decide_pjd sends for a one-document request."""
    sent: list[tuple[Query, list[dict[str, Any]]]] = []

    class Recorder:
        pack = cedar.pack

        def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> Any:
            sent.append((queries[0], entities))
            return cedar.decide(queries, entities)

    decide_pjd(Recorder(), req)  # type: ignore[arg-type]
    return sent[0]


def _attrs(entities: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(e["attrs"] for e in entities if e["uid"]["type"] == f"PJD::{kind}")


Breakage = Callable[[Query, list[dict[str, Any]]], Query]


def _drop(kind: str, name: str) -> Breakage:
    def broken(q: Query, es: list[dict[str, Any]]) -> Query:
        del _attrs(es, kind)[name]
        return q

    return broken


def _set(kind: str, name: str, value: Any) -> Breakage:
    def broken(q: Query, es: list[dict[str, Any]]) -> Query:
        _attrs(es, kind)[name] = value
        return q

    return broken


def _context(**changes: Any) -> Breakage:
    def broken(q: Query, es: list[dict[str, Any]]) -> Query:
        context = {k: v for k, v in {**q.context, **changes}.items() if v is not None}
        return replace(q, context=context)

    return broken


BROKEN: dict[str, Breakage] = {
    "missing_required": _drop("Helsepersonell", "har_tjenestetype"),
    "missing_patient_attr": _drop("Pasient", "pjd_sperret"),
    "missing_document_attr": _drop("Dokument", "konfidensialitet"),
    "undeclared_attr": _set("Helsepersonell", "rolle", "LE"),
    "string_for_long": _set("Helsepersonell", "attest_utstedt", "1795686900"),
    "float_for_long": _set("Helsepersonell", "attest_antall_pasienter", 1.5),
    "bool_for_long": _set("Helsepersonell", "attest_antall_pasienter", True),
    "long_for_bool": _set("Pasient", "kj_sperret", 0),
    "string_for_set": _set("Dokument", "konfidensialitet", "NORS"),
    "set_of_numbers": _set("Pasient", "kj_blokkert_hpr", [222200068]),
    "nested_record_missing": _set("Dokument", "kilde", {"aktiv": {"fra": 0}}),
    "nested_record_extra": _set(
        "Dokument",
        "kilde",
        {"aktiv": {"fra": 0}, "kan_liste": ["x"], "kan_lese": [], "z": 1},
    ),
    "period_without_start": _set(
        "Helsepersonell",
        "konsument",
        {"kategori": "helseforetak", "helsenett_medlem": True, "pjd_vilkaar": True, "aktiv": {}},
    ),
    "context_missing_sti": _context(sti=None),
    "context_wrong_time": _context(tidspunkt="2026-11-26T10:00:00Z"),
    "context_undeclared": _context(formaal="TREAT"),
    "context_unknown_patient": _context(pasient={"__entity": {"type": "PJD::Pasient", "id": "x"}}),
    "unknown_principal": lambda q, es: replace(
        q, principal={"type": "PJD::Helsepersonell", "id": "x"}
    ),
    "action_not_for_principal": lambda q, es: replace(q, action="view_log"),
    "unknown_action": lambda q, es: replace(q, action="delete"),
    "resource_of_wrong_type": lambda q, es: replace(q, resource=q.context["pasient"]["__entity"]),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_input_outside_the_contract_is_an_evaluation_error(
    cedar: CedarEngine, rego: RegoEngine, name: str
) -> None:
    query, entities = _captured(cedar, _hp())
    assert _seen(rego.decide([query], entities)[0])[0] == "permit"  # the request before breaking
    broken = BROKEN[name](query, entities)
    assert _seen(rego.decide([broken], entities)[0]) == ("deny", ("evaluation_error",), ())
    assert _seen(cedar.decide([broken], entities)[0]) == ("deny", ("evaluation_error",), ())


def test_a_missing_optional_attribute_is_cedars_has(cedar: CedarEngine, rego: RegoEngine) -> None:
    """Without `konsument` the forbid `konsument_ikke_registrert` holds; no error, no permit."""
    query, entities = _captured(cedar, _hp())
    _attrs(entities, "Helsepersonell").pop("konsument")
    expected = ("deny", ("konsument_ikke_registrert",), ())
    assert _seen(rego.decide([query], entities)[0]) == _seen(cedar.decide([query], entities)[0])
    assert _seen(rego.decide([query], entities)[0]) == expected


def _edited(tmp: Path, file: str, old: str, new: str) -> Path:
    """A copy of the pack with every `old` replaced by `new` in `file` (which must hold it)."""
    directory = _copy_pack(tmp)
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{file} lacks {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return directory


BESLUTNING = "rego/beslutning.rego"
PERMIT = '"decision": "permit", "rules": sort(tillat), "obligations": sort(forplikt)}'
DENY = '"decision": "deny", "rules": sort(nekt), "obligations": []}'
NO_BASIS = '"decision": "deny", "rules": ["ingen_tilgangsgrunnlag"], "obligations": []}'
UNDEFINED = (
    "beslutning := {",
    "beslutning := svar if {\n\tsvar := avgjoerelse\n\tinput.finnes_ikke\n}\n\navgjoerelse := {",
)


@pytest.mark.parametrize(
    ("old", "new", "case"),
    [
        # an answer without result (undefined), on every path
        (*UNDEFINED, "list_kj"),
        (*UNDEFINED, "formaal_mangler"),
        (*UNDEFINED, "helsenorge_path"),
        # a rule id the catalogue does not know
        (PERMIT, PERMIT.replace("sort(tillat)", '["ukjent_regel"]'), "list_kj"),
        (DENY, DENY.replace("sort(nekt)", '["ukjent_regel"]'), "formaal_mangler"),
        # a permit naming a forbid, an obligation rule, nothing, or a system rule
        (PERMIT, PERMIT.replace("sort(tillat)", "sort(nekt)"), "list_kj"),
        (PERMIT, PERMIT.replace("sort(tillat)", '["kilde_ikke_registrert"]'), "list_kj"),
        (PERMIT, PERMIT.replace("sort(tillat)", '["tilgang_logges"]'), "list_kj"),
        (PERMIT, PERMIT.replace("sort(tillat)", "[]"), "list_kj"),
        (DENY, DENY.replace('"deny"', '"permit"'), "formaal_mangler"),
        (NO_BASIS, NO_BASIS.replace('"deny"', '"permit"'), "helsenorge_path"),
        # a deny naming a grant, nothing, or carrying obligations
        (
            NO_BASIS,
            NO_BASIS.replace("ingen_tilgangsgrunnlag", "dokumentvisning"),
            "helsenorge_path",
        ),
        (DENY, DENY.replace("sort(nekt)", "[]"), "formaal_mangler"),
        (DENY, DENY.replace("[]}", "sort(forplikt)}"), "formaal_mangler"),
        # an obligation its rule does not carry, an unknown decision, a malformed answer
        (
            PERMIT,
            PERMIT.replace("sort(forplikt)", '[{"id": "x", "rule": "tilgang_logges"}]'),
            "list_kj",
        ),
        (PERMIT, PERMIT.replace("sort(forplikt)", '[{"id": "logg"}]'), "list_kj"),
        (PERMIT, PERMIT.replace('"permit"', '"Allow"'), "list_kj"),
        (PERMIT, PERMIT.replace('"permit",', '"permit", "ekstra": 1,'), "list_kj"),
        (PERMIT, PERMIT.replace("sort(tillat)", '"dokumentliste_kjernejournal"'), "list_kj"),
        (PERMIT, PERMIT.replace("sort(tillat)", "[sort(tillat)]"), "list_kj"),
    ],
)
def test_an_odd_answer_is_an_evaluation_error(
    tmp_path: Path, cedar: CedarEngine, old: str, new: str, case: str
) -> None:
    engine = RegoEngine(read_pack(_edited(tmp_path, BESLUTNING, old, new)))
    (decision,) = decide_pjd(engine, CASES[case])  # type: ignore[arg-type]
    assert _seen(decision) == ("deny", ("evaluation_error",), ())


def test_an_exception_in_regopy_is_an_evaluation_error(
    pack: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = RegoEngine(pack)

    def broken(*args: Any) -> Any:
        raise RuntimeError("regopy is gone")

    monkeypatch.setattr(engine._rego, "query_bundle_entrypoint", broken)
    (decision,) = decide_pjd(engine, _hp())  # type: ignore[arg-type]
    assert _seen(decision) == ("deny", ("evaluation_error",), ())


def test_no_queries_give_no_decisions(rego: RegoEngine) -> None:
    assert rego.decide([], []) == []
    assert decide_pjd(rego, _hp(documents=())) == []  # type: ignore[arg-type]


def test_concurrent_decisions_equal_sequential_ones(rego: RegoEngine) -> None:
    requests = list(CASES.values())[:24] * 4
    expected = [_seen(decide_pjd(rego, r)[0]) for r in requests]  # type: ignore[arg-type]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda r: _seen(decide_pjd(rego, r)[0]), requests))  # type: ignore[arg-type]
    assert found == expected


# --- construction -----------------------------------------------------------------------------


def test_the_engine_names_itself_and_shares_cedars_catalogue(
    pack: Pack, cedar: CedarEngine, rego: RegoEngine
) -> None:
    assert rego.name == "rego"
    assert rego.pack is pack
    assert rego.catalogue == cedar.catalogue
    assert re.fullmatch(r"[0-9a-f]{16}", rego.revision)
    assert rego.revision != pack.revision


def test_the_revision_covers_the_rego_files(tmp_path: Path, rego: RegoEngine) -> None:
    edited = _edited(tmp_path, "rego/konsument.rego", "package pjd\n", "package pjd\n\n# x\n")
    other = RegoEngine(read_pack(edited))
    assert other.pack.revision == rego.pack.revision
    assert other.revision != rego.revision


def test_the_contract_declares_the_schemas_attributes(pack: Pack, rego: RegoEngine) -> None:
    """Same names, and the same ones optional (`name?`), as the Cedar schema declares."""
    info = read_schema(pack.schema)

    def declared(attributes: Mapping[str, Attribute]) -> set[str]:
        return {name + ("" if a.required else "?") for name, a in attributes.items()}

    for kind in ("Helsepersonell", "Innbygger", "Dokument", "Pasient", "Parametere"):
        assert set(rego.contract[kind]) == declared(info.entities[f"PJD::{kind}"].attributes)
    for kind in ("Periode", "Konsument", "Kilde"):
        assert set(rego.contract[kind]) == declared(info.types[f"PJD::{kind}"].attributes)
    context = info.actions[("PJD::Action", "list")].context.attributes
    assert set(rego.contract["Kontekst"]) == declared(context) - {"parametere"}


def _rule_block(text: str, rule_id: str) -> str:
    """The METADATA block, head and body of one rule in a Rego file's text."""
    match = re.search(
        r"# METADATA\n(?:#.*\n)*?#   id: \"" + rule_id + r"\"\n(?:#.*\n)*[^\n]+\{\n(?:\t.*\n)*\}\n",
        text,
    )
    assert match, rule_id
    return match.group(0)


def test_a_missing_twin_is_refused(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    path = directory / "rego" / "konsument.rego"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(_rule_block(text, "konsument_ikke_aktiv"), ""), encoding="utf-8")
    with pytest.raises(PolicyError, match="konsument_ikke_aktiv") as info:
        RegoEngine(read_pack(directory))
    assert info.value.file == "rego/konsument.rego"


def test_a_cedar_rule_without_twin_is_refused(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    extra = (
        '\n@id("ny_regel")\n@tittel("Ny")\n@hjemmel("Ingen")\n@bevisgrad("lov")\n'
        '@sist_vurdert("2026-11-26")\nforbid (principal, action, resource)\nwhen { false };\n'
    )
    with (directory / "roller.cedar").open("a", encoding="utf-8") as f:
        f.write(extra)
    with pytest.raises(PolicyError, match="no Rego twin of 'ny_regel'") as info:
        RegoEngine(read_pack(directory))
    assert info.value.file == "rego/roller.rego"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "rego/attest.rego",
            '"Tillitsrammeverket ATT-58"',
            '"Tillitsrammeverket ATT-59"',
            "hjemmel",
        ),
        (
            "rego/attest.rego",
            '#   tittel: "Attesten er eldre',
            '#   tittel: "Attesten er eldre!',
            "tittel",
        ),
        (
            "rego/attest.rego",
            '# title: "Attesten er eldre',
            '# title: "Attesten var eldre',
            "title",
        ),
        ("rego/attest.rego", '#   bevisgrad: "spesifikasjon"', '#   bevisgrad: "lov"', "bevisgrad"),
        ("rego/attest.rego", '"2026-11-26"', '"2026-11-27"', "sist_vurdert"),
        ("rego/attest.rego", '#   apent_sporsmal: "Q11"\n', "", "apent_sporsmal"),
        ("rego/attest.rego", "# scope: rule", "# scope: document", "scope"),
        (
            "rego/noedtilgang.rego",
            '#   forpliktelse: "varsle_pasient"',
            '#   forpliktelse: "x"',
            "forpliktelse",
        ),
        ("rego/sperrede_dokumenter.rego", '#   telles_som_skjult: "ja"\n', "", "telles_som_skjult"),
        (
            "rego/attest.rego",
            'nekt contains "attest_utloept"',
            'tillat contains "attest_utloept"',
            "head",
        ),
        (
            "rego/noedtilgang.rego",
            '{"id": "varsle_pasient", "rule"',
            '{"id": "logg", "rule"',
            "head",
        ),
        ("rego/attest.rego", '#   id: "attest_utloept"', '#   id: "attest_uten_pasient"', "id"),
    ],
)
def test_differing_annotations_are_refused(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    with pytest.raises(PolicyError, match=re.escape(repr(message))) as info:
        RegoEngine(read_pack(_edited(tmp_path, file, old, new)))
    assert info.value.file == file


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        # a rule Cedar does not have
        (
            "rego/attest.rego",
            '"attest_utloept"',
            '"attest_for_gammel"',
            "not a rule of the Cedar pack",
        ),
        # the same rule twice
        ("rego/konsument.rego", "package pjd\n", "package pjd\n" + "{block}", "defined twice"),
        # a rule in another file than its Cedar twin's
        # a rule head without METADATA
        (
            "rego/roller.rego",
            "package pjd\n",
            'package pjd\n\nnekt contains "x" if false\n',
            "without a # METADATA",
        ),
        # METADATA over something that is not a rule head
        (
            "rego/roller.rego",
            'nekt contains "autorisasjon_mangler" if {',
            "mangler if {",
            "after # METADATA",
        ),
        # Rego that does not compile
        ("rego/roller.rego", "not har(principal", "not har((principal", "does not compile"),
        # parameters the rules read are missing or ill-typed
        ("parametere.json", '"verdi": false,', '"verdi": "false",', "parameters do not fit"),
        (
            "parametere.json",
            '"verdi": 3600,',
            '"verdi": "3600",',
            "not a whole number of minutter",  # the title reads it before the twin does
        ),
    ],
)
def test_a_broken_twin_is_refused(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    block = _rule_block(
        (PJD / "rego" / "konsument.rego").read_text(encoding="utf-8"), "konsument_ikke_aktiv"
    )
    with pytest.raises(PolicyError, match=re.escape(message)) as info:
        RegoEngine(read_pack(_edited(tmp_path, file, old, new.replace("{block}", "\n" + block))))
    assert info.value.file == file


def test_a_rule_in_another_file_than_its_cedar_twins_is_refused(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    source, target = directory / "rego" / "konsument.rego", directory / "rego" / "roller.rego"
    block = _rule_block(source.read_text(encoding="utf-8"), "konsument_ikke_aktiv")
    source.write_text(source.read_text(encoding="utf-8").replace(block, ""), encoding="utf-8")
    target.write_text(target.read_text(encoding="utf-8") + "\n" + block, encoding="utf-8")
    with pytest.raises(PolicyError, match=r"belongs in konsument\.cedar") as info:
        RegoEngine(read_pack(directory))
    assert info.value.file == "rego/roller.rego"


def test_a_pack_without_rego_is_refused(tmp_path: Path) -> None:
    directory = _copy_pack(tmp_path)
    shutil.rmtree(directory / "rego")
    with pytest.raises(PolicyError, match="no Rego twin"):
        RegoEngine(read_pack(directory))


def test_every_rego_file_twins_a_cedar_file_or_is_shared(pack: Pack) -> None:
    cedar = {Path(f.name).stem for f in pack.policies}
    rego = {p.stem for p in (PJD / "rego").glob("*.rego")}
    assert rego - cedar == {"beslutning", "felles", "inndata"}
    assert cedar - rego == set()
    for path in (PJD / "rego").glob("*.rego"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 150, path.name
