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

A requester whose attestation names no point of care (`point_of_care`) might work at the very
point of care an objection names, so the absence must not widen access (ruling Q22): every
objection against an organisation also gives the patient's side the key `…|orgnr:*`, and each
document the keys `organisation_keys` — the same two scopes with `orgnr:*` — which the rule
`sperreregel_behandlingssted_ukjent` matches for a requester without a point of care. A real
target never collides with them: an org.nr is nine digits.

A parent sees none of a child's documents an objection covers, whomever it targets (R33): every
objection also gives the patient's side `coverage_keys` (the key with target `alle:*`), and each
document the same keys for its two scopes (`document_coverage_keys`).
"""

from __future__ import annotations

from collections.abc import Iterable

from engine.pjd.model import DecisionRequest, Document, PatientRestriction

SOURCE_RULE = "kilde_sperreregel"
WHOLE_JOURNAL = "*"
ANY_ORGANISATION = "*"  # the target value of the keys for an organisation not named
ANYONE = ("alle", "*")  # the target of the keys for an objection whomever it targets (R33)


def key(source: str, document: str | None, target_type: str, target_value: str) -> str:
    """One match key."""
    scope = f"dok:{document}" if document else WHOLE_JOURNAL
    return f"{source}|{scope}|{target_type}:{target_value}"


def objection_keys(restrictions: Iterable[PatientRestriction]) -> list[str]:
    """The patient's side: a key for every source objection in force, and for one against an
    organisation also its key for any organisation (`orgnr:*`)."""
    keys: set[str] = set()
    for r in restrictions:
        if r.kind == SOURCE_RULE and r.source and r.target_type and r.target_value:
            keys.add(key(r.source, r.document, r.target_type, r.target_value))
            if r.target_type == "orgnr":
                keys.add(key(r.source, r.document, "orgnr", ANY_ORGANISATION))
    return sorted(keys)


def objected_documents(restrictions: Iterable[PatientRestriction]) -> frozenset[tuple[str, str]]:
    """(source, document id) of every objection that names one document."""
    return frozenset(
        (r.source, r.document)
        for r in restrictions
        if r.kind == SOURCE_RULE and r.source and r.document
    )


def requester_targets(req: DecisionRequest) -> list[tuple[str, str]]:
    """Every way the request names the requester: HPR numbers, person ids, organisations, and
    every group: the attested authorization and each verified one the person holds (R27)."""
    a, ident = req.attestation, req.identity
    if a is None or ident is None:
        return []  # a citizen is never the target of a source's objection
    targets = {
        ("hpr", ident.hpr_number),
        ("hpr", a.hpr_nr),
        ("pid", ident.pid),
        ("pid", a.identifier.id if a.identifier else None),
        ("authorization", a.authorization.code if a.authorization else None),
        *(("authorization", code) for code in ident.authorizations),
        ("orgnr", a.legal_entity.id if a.legal_entity else None),
        ("orgnr", a.point_of_care.id if a.point_of_care else None),
    }
    return sorted((t, v) for t, v in targets if v)


def _scopes(doc: Document, objected: frozenset[tuple[str, str]]) -> list[str | None]:
    """The whole journal, and the document itself where an objection names it."""
    return [None, doc.id] if (doc.source, doc.id) in objected else [None]


def document_keys(
    targets: list[tuple[str, str]], doc: Document, objected: frozenset[tuple[str, str]]
) -> list[str]:
    """The request's side for one document: the keys an objection would carry to match it."""
    scopes = _scopes(doc, objected)
    return sorted(key(doc.source, scope, t, v) for scope in scopes for t, v in targets)


def organisation_keys(doc: Document, objected: frozenset[tuple[str, str]]) -> list[str]:
    """The keys of any objection against an organisation that covers this document."""
    return sorted(key(doc.source, s, "orgnr", ANY_ORGANISATION) for s in _scopes(doc, objected))


def coverage_keys(restrictions: Iterable[PatientRestriction]) -> list[str]:
    """The patient's side for R33: a key per source objection in force, whomever it targets."""
    return sorted(
        {
            key(r.source, r.document, *ANYONE)
            for r in restrictions
            if r.kind == SOURCE_RULE and r.source
        }
    )


def document_coverage_keys(doc: Document, objected: frozenset[tuple[str, str]]) -> list[str]:
    """The keys of any objection that covers this document, whomever it targets (R33)."""
    return sorted(key(doc.source, s, *ANYONE) for s in _scopes(doc, objected))
