"""The PJD request as Cedar sees it: principal, one resource per kind of document, context.

Documents of the same kind (every attribute the rules read is equal; only the id differs) get
one Cedar evaluation: a 200-document list of a few kinds costs a few evaluations, and every
document still gets its own answer. A rule that reads a document's id must add it to `_kind`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from engine.errors import RequestError
from engine.model import Decision, Query
from engine.pjd.attestation import Attestation
from engine.pjd.model import Citizen, DecisionRequest, Document, Person, RegistryFacts
from engine.pjd.restriction_keys import (
    coverage_keys,
    document_coverage_keys,
    document_keys,
    objected_documents,
    objection_keys,
    organisation_keys,
    requester_targets,
)
from engine.pjd.timeline import day_start, epoch, lookback_cutoffs, period
from engine.pjd.vocabulary import Vocabulary, codes
from engine.protocol import PolicyEngine


@dataclass(frozen=True)
class RequestKeys:
    """The request's side of the objection keys (R10), computed once per request."""

    targets: list[tuple[str, str]]
    objected: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, req: DecisionRequest) -> RequestKeys:
        restrictions = req.facts.restrictions
        return cls(requester_targets(req), objected_documents(restrictions))


_DECISION_REF = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def _sorted(values: frozenset[str] | None) -> list[str] | None:
    return None if values is None else sorted(values)


def _optional(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _care_relation(a: Attestation) -> dict[str, Any]:
    ref = a.decision_ref_id
    return {
        "har_tjenestetype": a.healthcare_service is not None,
        "har_formaalsdetaljer": a.purpose_of_use_details is not None,
        "beslutningsreferanse_gyldig": ref is not None and bool(_DECISION_REF.fullmatch(ref)),
        "selvvalgt_tilgang": a.user_selected,
        "attest_pasienter": sorted({p.identifier.id for p in a.patients if p.identifier}),
        "attest_antall_pasienter": len(a.patients),
        **_optional(
            formaal=a.purpose_of_use.code if a.purpose_of_use else None,
            beslutningsreferanse=ref,
            attest_utstedt=a.toa,
        ),
    }


def _consumer(facts: RegistryFacts) -> dict[str, Any] | None:
    c = facts.consumer
    if c is None:
        return None
    return {
        "kategori": c.category,
        "helsenett_medlem": c.helsenett_member,
        "pjd_vilkaar": c.pjd_terms,
        "aktiv": period(c.active),
    }


def principal_attrs(req: DecisionRequest) -> dict[str, Any]:
    """The health worker: verified identity, attestation and the consumer's registry entry."""
    a, ident = req.attestation, req.identity
    if a is None or ident is None:
        raise RequestError("identity", "a health worker's request needs identity and attestation")
    return {
        "pid": ident.pid,
        "sikkerhetsnivaa": ident.security_level,
        **_optional(
            verifisert_hpr=ident.hpr_number or None,
            attestert_pid=a.identifier.id if a.identifier else None,
            attestert_pid_system=a.identifier.system if a.identifier else None,
            attestert_hpr=a.hpr_nr,
            hpr=ident.hpr_number or a.hpr_nr,
            autorisasjon=a.authorization.code if a.authorization else None,
            virksomhet=a.legal_entity.id if a.legal_entity else None,
            behandlingssted=a.point_of_care.id if a.point_of_care else None,
            konsument=_consumer(req.facts),
        ),
        **_care_relation(a),
    }


def _source(req: DecisionRequest, orgnr: str) -> dict[str, Any] | None:
    s = req.facts.sources.get(orgnr)
    if s is None:
        return None
    lists = sorted(category for category, action in s.grants if action == "list")
    reads = sorted(category for category, action in s.grants if action == "read")
    return {"aktiv": period(s.active), "kan_liste": lists, "kan_lese": reads}


def resource_attrs(
    req: DecisionRequest,
    doc: Document,
    cutoffs: dict[str, int],
    vocabulary: Vocabulary,
    keys: RequestKeys | None = None,
) -> dict[str, Any]:
    """A document: metadata, look-back cut-off (R6), source's registry entry, objection keys;
    its confidentiality as the vocabulary reads it (an unknown label as the most restrictive),
    and whom its NORN codes withhold it from (R17)."""
    moment = doc.service_time or doc.created
    keys = keys or RequestKeys.of(req)
    return {
        "pasient": req.patient,
        "sperrenoekler": document_keys(keys.targets, doc, keys.objected),
        "virksomhetsnoekler": organisation_keys(doc, keys.objected),
        "kildesperrenoekler": document_coverage_keys(doc, keys.objected),
        "kilde_orgnr": doc.source,
        "klasse": doc.class_code,
        "dokumenttype": doc.type_code,
        "konfidensialitet": vocabulary.labels(doc.confidentiality),
        "nektet_innsyn_for": vocabulary.withheld_from(doc.confidentiality),
        **_optional(
            kilde=_source(req, doc.source),
            tidspunkt=epoch(moment) if moment else None,
            tilbakeblikk_grense=cutoffs.get(doc.class_code),
            tillatte_dokumenttyper=_sorted(vocabulary.kj_types.get(doc.class_code)),
        ),
    }


def patient_attrs(req: DecisionRequest) -> dict[str, Any]:
    """The patient: GPs at `at` (R9) and the restrictions in force (R10, R12–R14)."""
    return patient_entity_attrs(req.patient, req.facts)


def patient_entity_attrs(patient: str, facts: RegistryFacts) -> dict[str, Any]:
    """The `Pasient` entity's attributes for `patient` from the gathered facts."""
    restrictions = facts.restrictions
    kinds = {r.kind for r in restrictions}
    blocked = {r.target_value for r in restrictions if r.kind == "kj_blokkering"}
    return {
        "fnr": patient,
        "fastleger": sorted(facts.patient_gps),
        "pjd_sperret": "pjd_sperre" in kinds,
        "kj_reservert": "kj_reservasjon" in kinds,
        "kj_sperret": "kj_sperring" in kinds,
        "kj_blokkert_hpr": sorted(v for v in blocked if v),
        "sperreregler": objection_keys(restrictions),
        "kildesperrer": coverage_keys(restrictions),
        **_register_attrs(facts.persons.get(patient), dead=True),
    }


def _register_attrs(person: Person | None, dead: bool = False) -> dict[str, Any]:
    """R34: the population register's address protection and, for the patient, the first
    moment of the day of death; absent where the register has no such fact."""
    if person is None:
        return {}
    died = person.deceased_on if dead else None
    return _optional(
        adressebeskyttelse=person.address_protection,
        doed_fra=day_start(died) if died is not None else None,
    )


def context(req: DecisionRequest, namespace: str) -> dict[str, Any]:
    """The request's setting: path, access basis, time, the patient, the parameters, and whether
    a locked Kjernejournal is opened on purpose (R32)."""
    return setting(namespace, req.path, req.at, req.patient, req.access_basis, req.opens_locked)


def setting(
    namespace: str,
    path: str,
    at: datetime,
    patient: str,
    basis: str | None = None,
    opens_locked: bool = False,
) -> dict[str, Any]:
    """The Cedar context: path, time, the patient and parameters (entity references), basis."""
    return {
        "sti": path,
        "aapner_sperret": opens_locked,
        "tidspunkt": epoch(at),
        "pasient": {"__entity": {"type": f"{namespace}::Pasient", "id": patient}},
        "parametere": {"__entity": {"type": f"{namespace}::Parametere", "id": "gjeldende"}},
        **_optional(tilgangsgrunnlag=basis),
    }


def citizen_attrs(c: Citizen, facts: RegistryFacts | None = None) -> dict[str, Any]:
    """The citizen: verified claims, age, representation, the represented person's age, and
    the citizen's own address protection (R34)."""
    persons = facts.persons if facts is not None else {}
    return {
        **_register_attrs(persons.get(c.pid)),
        "pid": c.pid,
        "sikkerhetsnivaa": c.security_level,
        "alder": c.age,
        "representasjon": c.representation,
        "representert_pid": c.represented_pid or c.pid,
        "pasient_alder": c.age if c.represented_age is None else c.represented_age,
    }


def _principal(req: DecisionRequest, ns: str) -> dict[str, Any]:
    if req.citizen is not None:
        uid = {"type": f"{ns}::Innbygger", "id": req.citizen.pid}
        return {"uid": uid, "attrs": citizen_attrs(req.citizen, req.facts)}
    pid = req.identity.pid if req.identity else ""
    return {"uid": {"type": f"{ns}::Helsepersonell", "id": pid}, "attrs": principal_attrs(req)}


def _kind(doc: Document, keys: RequestKeys) -> tuple[object, ...]:
    """What of a document the rules can see: documents of equal kind decide alike.

    The id counts only where an objection names the document (R10); no other rule reads it.
    """
    moment = doc.service_time or doc.created
    named = doc.id if (doc.source, doc.id) in keys.objected else None
    return (
        doc.source,
        doc.class_code,
        doc.type_code,
        frozenset(doc.confidentiality),
        moment,
        named,
    )


def decide_pjd(engine: PolicyEngine, req: DecisionRequest) -> list[Decision]:
    """Decide every document of a PJD request, in request order."""
    ns, vocabulary = engine.pack.namespace, codes(engine.pack)
    cutoffs = lookback_cutoffs(req.at, engine.pack.parameters.get("tilbakeblikk_aar", {}))
    keys = RequestKeys.of(req)
    requester = _principal(req, ns)
    principal = requester["uid"]
    patient = {"type": f"{ns}::Pasient", "id": req.patient}
    entities: list[dict[str, Any]] = [requester, {"uid": patient, "attrs": patient_attrs(req)}]
    groups: dict[tuple[object, ...], int] = {}
    queries: list[Query] = []
    ctx = context(req, ns)
    for doc in req.documents:
        kind = _kind(doc, keys)
        if kind not in groups:
            groups[kind] = len(queries)
            uid = {"type": f"{ns}::Dokument", "id": doc.id}
            attrs = resource_attrs(req, doc, cutoffs, vocabulary, keys)
            entities.append({"uid": uid, "attrs": attrs})
            queries.append(Query(principal, req.action, uid, ctx))
    decisions = engine.decide(queries, entities)
    return [decisions[groups[_kind(doc, keys)]] for doc in req.documents]


def decide_view_log(
    engine: PolicyEngine, citizen: Citizen, patient: str, facts: RegistryFacts, at: datetime
) -> Decision:
    """May this citizen read the access log about `patient` (R22)?"""
    ns = engine.pack.namespace
    requester = {"uid": {"type": f"{ns}::Innbygger", "id": citizen.pid}}
    requester["attrs"] = citizen_attrs(citizen, facts)
    uid = {"type": f"{ns}::Pasient", "id": patient}
    entities = [requester, {"uid": uid, "attrs": patient_entity_attrs(patient, facts)}]
    query = Query(requester["uid"], "view_log", uid, setting(ns, "helsenorge", at, patient))
    return engine.decide([query], entities)[0]
