"""The PJD request as Cedar sees it: principal, one resource per kind of document, context.

Documents of the same kind (every attribute the rules read is equal; only the id differs) get
one Cedar evaluation: a 200-document list of a few kinds costs a few evaluations, and every
document still gets its own answer. A rule that reads a document's id must add it to `_kind`.
"""

from __future__ import annotations

import re
from typing import Any

from engine.attestation import Attestation
from engine.cedar_engine import CedarEngine, Query
from engine.model import Decision, DecisionRequest, Document, RegistryFacts
from engine.timeline import epoch, lookback_cutoffs, period

_DECISION_REF = re.compile(r"[A-Za-z0-9_.-]{1,64}")


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
    return {
        "pid": ident.pid,
        "sikkerhetsnivaa": ident.security_level,
        **_optional(
            verifisert_hpr=ident.hpr_number,
            attestert_pid=a.identifier.id if a.identifier else None,
            attestert_pid_system=a.identifier.system if a.identifier else None,
            attestert_hpr=a.hpr_nr,
            hpr=ident.hpr_number or a.hpr_nr,
            autorisasjon=a.authorization.code if a.authorization else None,
            virksomhet=a.legal_entity.id if a.legal_entity else None,
            konsument=_consumer(req.facts),
        ),
        **_care_relation(a),
    }


def _source(req: DecisionRequest, orgnr: str) -> dict[str, Any] | None:
    s = req.facts.sources.get(orgnr)
    if s is None:
        return None
    grants = [{"kategori": c, "handling": a} for c, a in sorted(s.grants)]
    return {"aktiv": period(s.active), "tilganger": grants}


def resource_attrs(req: DecisionRequest, doc: Document, cutoffs: dict[str, int]) -> dict[str, Any]:
    """A document: its metadata, its look-back cut-off (R6) and its source's registry entry."""
    moment = doc.service_time or doc.created
    return {
        "pasient": req.patient,
        "kilde_orgnr": doc.source,
        "klasse": doc.class_code,
        "dokumenttype": doc.type_code,
        "konfidensialitet": sorted(set(doc.confidentiality)),
        **_optional(
            kilde=_source(req, doc.source),
            tidspunkt=epoch(moment) if moment else None,
            tilbakeblikk_grense=cutoffs.get(doc.class_code),
        ),
    }


def context(req: DecisionRequest, namespace: str) -> dict[str, Any]:
    """The request's setting: path, access basis, time, the patient's GPs, the parameters."""
    return {
        "sti": req.path,
        "tidspunkt": epoch(req.at),
        "pasient_fastleger": sorted(req.facts.patient_gps),
        "parametere": {"__entity": {"type": f"{namespace}::Parametere", "id": "gjeldende"}},
        **_optional(tilgangsgrunnlag=req.access_basis),
    }


def _kind(doc: Document) -> tuple[object, ...]:
    """What of a document the rules can see, apart from its id: equal kinds decide alike."""
    moment = doc.service_time or doc.created
    return (doc.source, doc.class_code, doc.type_code, frozenset(doc.confidentiality), moment)


def decide_pjd(engine: CedarEngine, req: DecisionRequest) -> list[Decision]:
    """Decide every document of a PJD request, in request order."""
    ns = engine.pack.namespace
    cutoffs = lookback_cutoffs(req.at, engine.pack.parameters.get("tilbakeblikk_aar", {}))
    principal = {"type": f"{ns}::Helsepersonell", "id": req.identity.pid}
    entities: list[dict[str, Any]] = [{"uid": principal, "attrs": principal_attrs(req)}]
    groups: dict[tuple[object, ...], int] = {}
    queries: list[Query] = []
    ctx = context(req, ns)
    for doc in req.documents:
        kind = _kind(doc)
        if kind not in groups:
            groups[kind] = len(queries)
            uid = {"type": f"{ns}::Dokument", "id": doc.id}
            entities.append({"uid": uid, "attrs": resource_attrs(req, doc, cutoffs)})
            queries.append(Query(principal, req.action, uid, ctx))
    decisions = engine.decide(queries, entities)
    return [decisions[groups[_kind(doc)]] for doc in req.documents]
