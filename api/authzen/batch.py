"""An AuthZEN batch on the PJD pack, decided as one request.

Every item is read into its one-document PJD request first; a malformed item fails alone (a deny
carrying its 400), an item about something other than a health worker and a document is the
deny `no_basis` (not logged, as for one evaluation). The others are grouped: items that differ
only in their document (same requester, patient, path, basis, moment) are one engine call,
however many they are; items about different patients or requesters are further calls in the
same read. The facts of every group are read in one transaction, and the answered items logged
in one transaction (`api.pjd.service.decide_all`).

The batch semantics: every item is decided; the answer ends at the first deny
(`deny_on_first_deny`) or permit (`permit_on_first_permit`). Only the items answered are logged:
an item after the stop was never answered, so no access was granted or refused by it, and the
patient's log must not show it. Each item is a decision of its own, under its own decision id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from api.authzen.pjd import is_pjd_evaluation, prepared
from api.authzen.schemas import EvaluationIn, Item, Semantic, failed, obligation, parse, refused
from api.errors import ServiceUnavailable
from api.pjd.facts import FactsKey, RequestTime, request_time
from api.pjd.service import Question, decide_all, pjd_question
from api.runtime import Runtime
from api.trust.claims import ClaimsRefused
from api.trust.verifier import ClaimsVerifier
from engine import NO_BASIS, Decision, PolicyEngine, RequestError, system_denial
from engine.pjd import DecisionRequest, Vocabulary, codes


def pjd_answer(d: Decision, engine: PolicyEngine, decision_id: str) -> dict[str, Any]:
    """An AuthZEN answer to one PJD decision."""
    return {
        "decision": d.permitted,
        "context": {
            "decision_id": decision_id,
            "policy_revision": engine.revision,
            "engine": engine.name,
            "reasons": [
                {"rule": r.id, "title": r.title, "legal_basis": r.legal_basis} for r in d.reasons
            ],
            "obligations": [obligation(o.id, o.rule) for o in d.obligations],
        },
    }


@dataclass
class _Group:
    """Items decided by one engine call: one request, one document per item."""

    request: DecisionRequest
    key: FactsKey
    items: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def takes(self, request: DecisionRequest) -> bool:
        return request.documents[0].id not in {d.id for d in self.request.documents}

    def add(self, index: int, request: DecisionRequest, key: FactsKey) -> None:
        documents = (*self.request.documents, *request.documents)
        self.request = replace(self.request, documents=documents)
        self.key = replace(self.key, sources=self.key.sources | key.sources)
        self.items.append(index)
        self.ids.append(str(uuid.uuid4()))


def _read(
    item: Item, clock: RequestTime, vocabulary: Vocabulary, verifier: ClaimsVerifier
) -> tuple[DecisionRequest, FactsKey]:
    if isinstance(item, RequestError):
        raise item
    ev = parse(EvaluationIn, item)
    if not is_pjd_evaluation(ev):
        raise _NoBasis
    return prepared(ev, clock, vocabulary, verifier)


class _NoBasis(Exception):
    """The item asks about something other than a health worker and a document."""


def _early(
    runtime: Runtime, engine: PolicyEngine, item: Item, clock: RequestTime
) -> dict[str, Any] | tuple[Any, ...]:
    """The item's request, or its answer if it is answered without deciding."""
    try:
        return _read(item, clock, codes(engine.pack), runtime.claims)
    except RequestError as exc:
        return failed(exc)
    except ClaimsRefused as exc:  # this item's person did not verify; the others stand
        return refused(401, str(exc))
    except _NoBasis:
        return pjd_answer(system_denial(engine.catalogue, NO_BASIS), engine, str(uuid.uuid4()))
    except ServiceUnavailable:
        raise  # the service cannot decide at all: the whole batch is a 503
    except Exception:  # an item that cannot be read is a deny; the others stand
        return refused(503, "the evaluation could not be completed")


def _alike(r: DecisionRequest) -> tuple[object, ...]:
    """What items must share to be one engine call: all of the request but its document."""
    return (r.action, r.path, r.patient, r.at, r.identity, r.attestation, r.access_basis, r.claims)


def _grouped(read: list[dict[str, Any] | tuple[Any, ...]]) -> list[_Group]:
    groups: dict[tuple[object, ...], list[_Group]] = {}
    for index, entry in enumerate(read):
        if isinstance(entry, dict):
            continue
        request, key = entry
        alike = groups.setdefault(_alike(request), [])
        group = next((g for g in alike if g.takes(request)), None)
        if group is None:
            alike.append(group := _Group(replace(request, documents=()), key))
        group.add(index, request, key)
    return [group for alike in groups.values() for group in alike]


def _stop(semantic: Semantic, permitted: list[bool]) -> int:
    """How many items the answer holds: up to and including the first that stops it."""
    for index, decision in enumerate(permitted):
        if (semantic == "deny_on_first_deny" and not decision) or (
            semantic == "permit_on_first_permit" and decision
        ):
            return index + 1
    return len(permitted)


def decide_pjd_batch(
    runtime: Runtime, engine: PolicyEngine, items: list[Item], semantic: Semantic
) -> list[dict[str, Any]]:
    """Decide every item on one read of the facts, log the answered ones in one transaction,
    and answer up to the stop."""
    clock = request_time(runtime.settings)  # the clock is read once for the batch (R26)
    read = [_early(runtime, engine, item, clock) for item in items]
    groups = _grouped(read)
    questions: list[Question] = [pjd_question(g.request, g.key, g.ids) for g in groups]
    answered = len(items)

    def shown(decided: list[list[Decision]]) -> list[list[bool]]:
        nonlocal answered
        answered = _stop(semantic, _permitted(read, groups, decided))
        return [[i < answered for i in g.items] for g in groups]

    if groups:
        decided = decide_all(runtime, engine, questions, clock.now, answered=shown)
    else:
        decided = []
        shown(decided)
    return _results(read, groups, decided, engine)[:answered]


def _permitted(
    read: list[dict[str, Any] | tuple[Any, ...]],
    groups: list[_Group],
    decided: list[list[Decision]],
) -> list[bool]:
    permitted = [bool(e["decision"]) if isinstance(e, dict) else False for e in read]
    for group, decisions in zip(groups, decided, strict=True):
        for index, d in zip(group.items, decisions, strict=True):
            permitted[index] = d.permitted
    return permitted


def _results(
    read: list[dict[str, Any] | tuple[Any, ...]],
    groups: list[_Group],
    decided: list[list[Decision]],
    engine: PolicyEngine,
) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = [e if isinstance(e, dict) else {} for e in read]
    for group, decisions in zip(groups, decided, strict=True):
        for index, d, decision_id in zip(group.items, decisions, group.ids, strict=True):
            results[index] = pjd_answer(d, engine, decision_id)
    return results
