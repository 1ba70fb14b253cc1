"""The objection keys (R10): their format, both sides of the match, and how decide_pjd groups
documents once an objection names one of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from engine import CedarEngine, Decision, Query, load_pack
from engine.pjd import (
    Consumer,
    DecisionRequest,
    Document,
    Identity,
    PatientRestriction,
    Period,
    RegistryFacts,
    Source,
    decide_pjd,
    lookback_cutoffs,
    parse_attestation,
    patient_attrs,
    resource_attrs,
)
from engine.pjd.restriction_keys import (
    ANY_ORGANISATION,
    SOURCE_RULE,
    WHOLE_JOURNAL,
    coverage_keys,
    document_coverage_keys,
    document_keys,
    key,
    objected_documents,
    objection_keys,
    organisation_keys,
    requester_targets,
)
from tests import builders
from tests.builders import AT
from tests.fixtures import pjd_codes
from tests.people import (
    BERGEN,
    OSLO_KOMMUNE,
    OUS,
    PATIENT,
    RIKSHOSPITALET,
    SRC_A,
    WORKER_HPR,
    WORKER_PID,
)

PJD = Path(__file__).resolve().parents[2] / "policies" / "pjd"

AUTHORIZATION = "LE"

BOTH = frozenset({("helseforetak", "list"), ("helseforetak", "read")})
CONSUMER = Consumer(OUS, "helseforetak", True, True, Period(date(2024, 1, 1)))
FACTS = RegistryFacts(
    consumer=CONSUMER,
    sources={
        SRC_A: Source(SRC_A, Period(date(2024, 1, 1)), BOTH),
        BERGEN: Source(BERGEN, Period(date(2024, 1, 1)), BOTH),
    },
)
BASE_TARGETS = [
    ("authorization", AUTHORIZATION),
    ("hpr", WORKER_HPR),
    ("orgnr", RIKSHOSPITALET),
    ("orgnr", OUS),
    ("pid", WORKER_PID),
]


def _raw() -> dict[str, Any]:
    """BASE of rules.md: Eksempel #3 plus toa = at − 300 and a decision_ref."""
    raw = builders.attestation(AT)
    return raw


def _doc(doc_id: str, source: str = SRC_A, class_code: str = "A00-1", **kw: Any) -> Document:
    kw.setdefault("service_time", datetime(2019, 5, 1, tzinfo=UTC))
    kw.setdefault("confidentiality", ("N",))
    return Document(doc_id, source, class_code, **kw)


def _request(
    restrictions: Sequence[PatientRestriction] = (),
    documents: Sequence[Document] = (),
    raw: dict[str, Any] | None = None,
    **changes: Any,
) -> DecisionRequest:
    req = DecisionRequest(
        action="list",
        path="hpl45",
        patient=PATIENT,
        identity=Identity(pid=WORKER_PID, security_level="4", hpr_number=WORKER_HPR),
        attestation=parse_attestation(_raw() if raw is None else raw),
        documents=tuple(documents) or (_doc("D1"),),
        at=AT,
        facts=replace(FACTS, restrictions=tuple(restrictions)),
    )
    return replace(req, **changes)


def objection(
    target_type: str, target_value: str, source: str = SRC_A, document: str | None = None
) -> PatientRestriction:
    return PatientRestriction(SOURCE_RULE, target_type, target_value, source, document)


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


# --- key format -----------------------------------------------------------------------------------


def test_a_whole_journal_key() -> None:
    assert WHOLE_JOURNAL == "*"
    assert key(SRC_A, None, "hpr", WORKER_HPR) == f"{SRC_A}|*|hpr:{WORKER_HPR}"


def test_a_document_key() -> None:
    assert key(SRC_A, "D1", "orgnr", OSLO_KOMMUNE) == f"{SRC_A}|dok:D1|orgnr:{OSLO_KOMMUNE}"


def test_a_document_named_star_is_not_the_whole_journal() -> None:
    assert key(SRC_A, "*", "hpr", WORKER_HPR) != key(SRC_A, None, "hpr", WORKER_HPR)


# --- the patient's side ---------------------------------------------------------------------------


def test_objection_keys_one_per_objection_sorted() -> None:
    restrictions = [
        objection("orgnr", OSLO_KOMMUNE),
        objection("authorization", "SP", document="D9"),
        objection("hpr", WORKER_HPR, source=BERGEN),
    ]
    assert objection_keys(restrictions) == [
        f"{SRC_A}|*|orgnr:*",  # against an organisation: also the key for any organisation
        f"{SRC_A}|*|orgnr:{OSLO_KOMMUNE}",
        f"{SRC_A}|dok:D9|authorization:SP",
        f"{BERGEN}|*|hpr:{WORKER_HPR}",
    ]


def test_an_objection_against_an_organisation_gives_its_any_organisation_key_per_scope() -> None:
    restrictions = [
        objection("orgnr", OSLO_KOMMUNE, document="D9"),
        objection("orgnr", RIKSHOSPITALET),
    ]
    assert set(objection_keys(restrictions)) == {
        f"{SRC_A}|dok:D9|orgnr:{ANY_ORGANISATION}",
        f"{SRC_A}|dok:D9|orgnr:{OSLO_KOMMUNE}",
        f"{SRC_A}|*|orgnr:{ANY_ORGANISATION}",
        f"{SRC_A}|*|orgnr:{RIKSHOSPITALET}",
    }


def test_organisation_keys_cover_the_whole_journal_and_an_objected_document() -> None:
    assert organisation_keys(_doc("D1"), frozenset()) == [f"{SRC_A}|*|orgnr:*"]
    assert organisation_keys(_doc("D1"), frozenset({(SRC_A, "D1")})) == [
        f"{SRC_A}|*|orgnr:*",
        f"{SRC_A}|dok:D1|orgnr:*",
    ]


def test_no_requester_key_is_an_any_organisation_key() -> None:
    keys = document_keys(BASE_TARGETS, _doc("D1"), frozenset({(SRC_A, "D1")}))
    assert not any(k.endswith(f"orgnr:{ANY_ORGANISATION}") for k in keys)


def test_coverage_keys_name_every_objection_whomever_it_targets() -> None:
    """R33: one `alle:*` key per objection and scope, whatever its target; other kinds none."""
    restrictions = [
        objection("orgnr", OSLO_KOMMUNE),
        objection("authorization", "SP", document="D9"),
        objection("hpr", WORKER_HPR, source=BERGEN),
        PatientRestriction("pjd_sperre"),
    ]
    assert coverage_keys(restrictions) == [
        f"{SRC_A}|*|alle:*",
        f"{SRC_A}|dok:D9|alle:*",
        f"{BERGEN}|*|alle:*",
    ]


def test_document_coverage_keys_cover_the_whole_journal_and_an_objected_document() -> None:
    assert document_coverage_keys(_doc("D1"), frozenset()) == [f"{SRC_A}|*|alle:*"]
    assert document_coverage_keys(_doc("D1"), frozenset({(SRC_A, "D1")})) == [
        f"{SRC_A}|*|alle:*",
        f"{SRC_A}|dok:D1|alle:*",
    ]
    assert not any(
        k.endswith("alle:*") for k in document_keys(BASE_TARGETS, _doc("D1"), frozenset())
    )


def test_objection_keys_ignore_other_kinds() -> None:
    restrictions = [
        PatientRestriction("pjd_sperre"),
        PatientRestriction("kj_reservasjon"),
        PatientRestriction("kj_sperring"),
        PatientRestriction("kj_blokkering", "hpr", WORKER_HPR),
        # not a source objection even with every field a source objection has
        PatientRestriction("kj_blokkering", "hpr", WORKER_HPR, SRC_A, "D1"),
    ]
    assert objection_keys(restrictions) == []


@pytest.mark.parametrize(
    "incomplete",
    [
        PatientRestriction(SOURCE_RULE, "hpr", WORKER_HPR, None),
        PatientRestriction(SOURCE_RULE, None, WORKER_HPR, SRC_A),
        PatientRestriction(SOURCE_RULE, "hpr", None, SRC_A),
        PatientRestriction(SOURCE_RULE, "hpr", "", SRC_A),
        PatientRestriction(SOURCE_RULE, "", WORKER_HPR, SRC_A),
        PatientRestriction(SOURCE_RULE, "hpr", WORKER_HPR, ""),
    ],
    ids=[
        "no_source",
        "no_target_type",
        "no_target_value",
        "empty_value",
        "empty_type",
        "empty_src",
    ],
)
def test_objection_keys_ignore_incomplete_ones(incomplete: PatientRestriction) -> None:
    assert objection_keys([incomplete, objection("orgnr", OSLO_KOMMUNE)]) == [
        f"{SRC_A}|*|orgnr:*",
        f"{SRC_A}|*|orgnr:{OSLO_KOMMUNE}",
    ]


def test_objection_keys_are_deduplicated() -> None:
    restrictions = [
        objection("hpr", WORKER_HPR),
        objection("hpr", WORKER_HPR),
        objection("hpr", WORKER_HPR, None, None),
    ]
    assert objection_keys(restrictions) == [f"{SRC_A}|*|hpr:{WORKER_HPR}"]


def test_objected_documents_only_from_source_rules_naming_a_document() -> None:
    restrictions = [
        objection("hpr", WORKER_HPR, document="D1"),
        objection("hpr", WORKER_HPR, source=BERGEN, document="D7"),
        objection("hpr", WORKER_HPR),  # whole journal: names no document
        PatientRestriction("kj_blokkering", "hpr", WORKER_HPR, SRC_A, "D2"),
    ]
    assert objected_documents(restrictions) == frozenset({(SRC_A, "D1"), (BERGEN, "D7")})


def test_patient_attrs_carry_the_objection_keys() -> None:
    restrictions = [objection("hpr", WORKER_HPR), PatientRestriction("pjd_sperre")]
    attrs = patient_attrs(_request(restrictions))
    assert attrs["sperreregler"] == [f"{SRC_A}|*|hpr:{WORKER_HPR}"]
    assert attrs["pjd_sperret"] is True


# --- the request's side ---------------------------------------------------------------------------


def test_requester_targets_of_base() -> None:
    assert requester_targets(_request()) == BASE_TARGETS


def test_requester_targets_keep_verified_and_attested_hpr_and_pid_apart() -> None:
    req = _request(identity=Identity(pid="13116900216", security_level="4", hpr_number="9144897"))
    targets = requester_targets(req)
    assert ("hpr", "9144897") in targets and ("hpr", WORKER_HPR) in targets
    assert ("pid", "13116900216") in targets and ("pid", WORKER_PID) in targets
    assert len(targets) == len(BASE_TARGETS) + 2
    assert targets == sorted(targets)


def test_requester_targets_skip_what_is_missing() -> None:
    raw = _raw()
    practitioner = raw["practitioner"]
    for name in ("identifier", "hpr_nr", "authorization", "legal_entity", "point_of_care"):
        del practitioner[name]
    req = _request(raw=raw, identity=Identity(pid=WORKER_PID, security_level="4"))
    assert requester_targets(req) == [("pid", WORKER_PID)]


def test_requester_targets_without_verified_hpr_keep_the_attested_one() -> None:
    req = _request(identity=Identity(pid=WORKER_PID, security_level="4"))
    assert requester_targets(req) == BASE_TARGETS


def test_document_keys_of_a_document_no_objection_names() -> None:
    keys = document_keys(BASE_TARGETS, _doc("D1"), frozenset({(SRC_A, "D2"), (BERGEN, "D1")}))
    assert keys == sorted(f"{SRC_A}|*|{t}:{v}" for t, v in BASE_TARGETS)


def test_document_keys_add_the_document_scope_for_an_objected_document() -> None:
    keys = document_keys(BASE_TARGETS, _doc("D1"), frozenset({(SRC_A, "D1")}))
    whole = {f"{SRC_A}|*|{t}:{v}" for t, v in BASE_TARGETS}
    one = {f"{SRC_A}|dok:D1|{t}:{v}" for t, v in BASE_TARGETS}
    assert keys == sorted(whole | one)
    assert len(keys) == 2 * len(BASE_TARGETS)


def test_resource_attrs_use_the_document_keys() -> None:
    req = _request([objection("hpr", WORKER_HPR, document="D1")])
    attrs = resource_attrs(req, _doc("D1"), lookback_cutoffs(AT, {}), pjd_codes())
    assert f"{SRC_A}|dok:D1|hpr:{WORKER_HPR}" in attrs["sperrenoekler"]
    assert f"{SRC_A}|*|hpr:{WORKER_HPR}" in attrs["sperrenoekler"]
    assert attrs["virksomhetsnoekler"] == [f"{SRC_A}|*|orgnr:*", f"{SRC_A}|dok:D1|orgnr:*"]


# --- both sides together: what matches --------------------------------------------------------


def _matches(restriction: PatientRestriction, doc: Document, req: DecisionRequest) -> bool:
    patient_side = set(objection_keys([restriction]))
    request_side = document_keys(requester_targets(req), doc, objected_documents([restriction]))
    return bool(patient_side & set(request_side))


@pytest.mark.parametrize(
    ("target_type", "value"),
    [
        ("hpr", WORKER_HPR),
        ("pid", WORKER_PID),
        ("authorization", AUTHORIZATION),
        ("orgnr", OUS),
        ("orgnr", RIKSHOSPITALET),
    ],
)
def test_a_whole_journal_objection_matches_every_document_of_its_source_only(
    target_type: str, value: str
) -> None:
    whole = objection(target_type, value)
    req = _request()
    written_later = _doc("NEW-2026", created=datetime(2026, 11, 25, tzinfo=UTC), service_time=None)
    for doc in (_doc("D1"), _doc("D2", class_code="E00-1"), written_later):
        assert _matches(whole, doc, req), doc
    assert not _matches(whole, _doc("D1", source=BERGEN), req)


@pytest.mark.parametrize(
    ("target_type", "value"),
    [("hpr", "9144897"), ("pid", "13116900216"), ("authorization", "SP"), ("orgnr", OSLO_KOMMUNE)],
)
def test_an_objection_against_someone_else_never_matches(target_type: str, value: str) -> None:
    req = _request()
    assert not _matches(objection(target_type, value), _doc("D1"), req)
    assert not _matches(objection(target_type, value, document="D1"), _doc("D1"), req)


def test_a_document_objection_matches_that_document_at_that_source_only() -> None:
    one = objection("hpr", WORKER_HPR, document="D1")
    req = _request()
    assert _matches(one, _doc("D1"), req)
    assert not _matches(one, _doc("D2"), req)
    assert not _matches(one, _doc("D1", source=BERGEN), req)


# --- decide_pjd -------------------------------------------------------------------------------


def test_a_whole_journal_objection_denies_every_document_of_its_source(
    engine: CedarEngine,
) -> None:
    docs = [
        _doc("D1"),
        _doc("NEW", created=datetime(2026, 11, 26, 9, 0, tzinfo=UTC), service_time=None),
        _doc("B1", source=BERGEN),
    ]
    decisions = decide_pjd(engine, _request([objection("orgnr", RIKSHOSPITALET)], docs))
    assert [d.effect for d in decisions] == ["deny", "deny", "permit"]
    assert _ids(decisions[0]) == _ids(decisions[1]) == ["sperreregel_hos_kilde"]


@pytest.mark.parametrize("first", [0, 1, 2])
def test_an_objected_document_is_decided_apart_from_its_siblings(
    counting: CountingEngine, first: int
) -> None:
    ids = ["D1", "D2", "D3"]
    ids.insert(0, ids.pop(first))  # the objected D2 first, in the middle, or last
    docs = [_doc(i) for i in ids]
    req = _request([objection("hpr", WORKER_HPR, document="D2")], docs)
    decisions = decide_pjd(counting, req)
    answers = {doc.id: (d.effect, _ids(d)) for doc, d in zip(docs, decisions, strict=True)}
    assert answers == {
        "D1": ("permit", ["dokumentliste_hpl45"]),
        "D2": ("deny", ["sperreregel_hos_kilde"]),
        "D3": ("permit", ["dokumentliste_hpl45"]),
    }
    assert counting.calls == [(2, 2 + 2)]  # two kinds: the objected document and the rest


def test_without_objections_identical_documents_share_one_evaluation(
    counting: CountingEngine,
) -> None:
    docs = [_doc(f"D{i}") for i in range(5)]
    decisions = decide_pjd(counting, _request([objection("hpr", WORKER_HPR, source=BERGEN)], docs))
    assert {d.effect for d in decisions} == {"permit"}
    assert counting.calls == [(1, 3)]


def test_a_document_objection_at_another_source_does_not_split_or_deny(
    counting: CountingEngine,
) -> None:
    docs = [_doc("D1"), _doc("D2")]
    decisions = decide_pjd(
        counting, _request([objection("hpr", WORKER_HPR, source=BERGEN, document="D1")], docs)
    )
    assert [d.effect for d in decisions] == ["permit", "permit"]
    assert counting.calls == [(1, 3)]


def test_a_document_objection_against_someone_else_permits_that_document(
    engine: CedarEngine,
) -> None:
    docs = [_doc("D1"), _doc("D2")]
    decisions = decide_pjd(
        engine, _request([objection("authorization", "SP", document="D1")], docs)
    )
    assert [d.effect for d in decisions] == ["permit", "permit"]


def test_read_of_an_objected_document_is_denied(engine: CedarEngine) -> None:
    req = _request([objection("pid", WORKER_PID, document="D1")], [_doc("D1")], action="read")
    (decision,) = decide_pjd(engine, req)
    assert (decision.effect, _ids(decision)) == ("deny", ["sperreregel_hos_kilde"])


# --- an attestation without a point of care (ruling Q22) --------------------------------------


def _without_point_of_care() -> dict[str, Any]:
    raw = _raw()
    del raw["practitioner"]["point_of_care"]
    return raw


@pytest.mark.parametrize("target", [RIKSHOSPITALET, OSLO_KOMMUNE, OUS])
def test_without_a_point_of_care_every_organisation_objection_at_the_source_denies(
    engine: CedarEngine, target: str
) -> None:
    docs = [_doc("D1"), _doc("B1", source=BERGEN)]
    req = _request([objection("orgnr", target)], docs, raw=_without_point_of_care())
    decisions = decide_pjd(engine, req)
    assert [d.effect for d in decisions] == ["deny", "permit"]  # only at the objection's source
    expected = ["sperreregel_behandlingssted_ukjent"]
    if target == OUS:  # the legal entity is named: the objection itself matches too
        expected = ["sperreregel_behandlingssted_ukjent", "sperreregel_hos_kilde"]
    assert sorted(_ids(decisions[0])) == expected


def test_with_a_point_of_care_an_objection_against_another_organisation_permits(
    engine: CedarEngine,
) -> None:
    (decision,) = decide_pjd(engine, _request([objection("orgnr", OSLO_KOMMUNE)]))
    assert (decision.effect, _ids(decision)) == ("permit", ["dokumentliste_hpl45"])


def test_without_a_point_of_care_an_objection_against_a_person_does_not_deny(
    engine: CedarEngine,
) -> None:
    req = _request([objection("hpr", "9144897")], raw=_without_point_of_care())
    (decision,) = decide_pjd(engine, req)
    assert (decision.effect, _ids(decision)) == ("permit", ["dokumentliste_hpl45"])


def test_without_a_point_of_care_a_document_objection_denies_that_document_only(
    engine: CedarEngine,
) -> None:
    docs = [_doc("D1"), _doc("D2")]
    req = _request(
        [objection("orgnr", OSLO_KOMMUNE, document="D1")], docs, raw=_without_point_of_care()
    )
    assert [d.effect for d in decide_pjd(engine, req)] == ["deny", "permit"]
