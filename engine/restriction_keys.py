"""Match keys for a source's objections (R10): the one place both sides are built.

Cedar has no quantifiers, so "does any objection registered at this document's source match
this health worker, group or organisation, for the whole journal or this document?" becomes a
set intersection: `resource.sperrenoekler.containsAny(context.pasient.sperreregler)`. Both sets
hold keys of the form

    <source org.nr>|<scope>|<target type>:<target value>

where scope is `*` (the whole journal at the source, documents written later included) or
`dok:<document id>`, and the target type is `hpr` (HPR number), `pid` (F- or D-number),
`authorization` (HPR authorization code, the group) or `orgnr` (organisation). The patient's
side has one key per objection in force; the request's side, per document, one key per way the
requester can be named (every HPR number, person id, authorization and organisation number the
request carries) for the whole journal and — only where an objection names that document — for
the document itself. Rules in both languages use these keys; no decision is made here.
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.model import DecisionRequest, Document, PatientRestriction

SOURCE_RULE = "kilde_sperreregel"
WHOLE_JOURNAL = "*"


def key(source: str, document: str | None, target_type: str, target_value: str) -> str:
    """One match key."""
    scope = f"dok:{document}" if document else WHOLE_JOURNAL
    return f"{source}|{scope}|{target_type}:{target_value}"


def objection_keys(restrictions: Iterable[PatientRestriction]) -> list[str]:
    """The patient's side: a key for every source objection in force."""
    return sorted(
        {
            key(r.source, r.document, r.target_type, r.target_value)
            for r in restrictions
            if r.kind == SOURCE_RULE and r.source and r.target_type and r.target_value
        }
    )


def objected_documents(restrictions: Iterable[PatientRestriction]) -> frozenset[tuple[str, str]]:
    """(source, document id) of every objection that names one document."""
    return frozenset(
        (r.source, r.document)
        for r in restrictions
        if r.kind == SOURCE_RULE and r.source and r.document
    )


def requester_targets(req: DecisionRequest) -> list[tuple[str, str]]:
    """Every way the request names the requester: HPR numbers, person ids, group, organisations."""
    a, ident = req.attestation, req.identity
    if a is None or ident is None:
        return []  # a citizen is never the target of a source's objection
    targets = {
        ("hpr", ident.hpr_number),
        ("hpr", a.hpr_nr),
        ("pid", ident.pid),
        ("pid", a.identifier.id if a.identifier else None),
        ("authorization", a.authorization.code if a.authorization else None),
        ("orgnr", a.legal_entity.id if a.legal_entity else None),
        ("orgnr", a.point_of_care.id if a.point_of_care else None),
    }
    return sorted((t, v) for t, v in targets if v)


def document_keys(
    targets: list[tuple[str, str]], doc: Document, objected: frozenset[tuple[str, str]]
) -> list[str]:
    """The request's side for one document: the keys an objection would carry to match it."""
    scopes: list[str | None] = [None]
    if (doc.source, doc.id) in objected:
        scopes.append(doc.id)
    return sorted(key(doc.source, scope, t, v) for scope in scopes for t, v in targets)
