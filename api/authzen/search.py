"""AuthZEN search (subject, resource, action) over a generic pack's own store.

The candidates are the pack's stored entities of the searched type (`entities.json`), or the
actions its schema declares (`engine.candidates`); each is decided as an evaluation through the
generic Cedar path (`engine.generic.decide_generic_batch`) and the permitted ones are the
results, in the pack's order. The searched entity's `id` and `properties` are ignored (the spec:
the id MUST be ignored; a candidate is as the pack stores it); the input entities are as in an
evaluation, properties and all. An unknown type or id finds nothing: `results` is empty.
Pages: `page.limit` (at most MAX_PAGE) and the opaque `next_token` (`api.authzen.page_tokens`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import Field, StrictInt, StrictStr

from api.authzen.evaluation import generic_engine
from api.authzen.limits import MAX_PAGE
from api.authzen.page_tokens import Pager, digest, secret_key
from api.authzen.schemas import ActionIn, EntityIn, In, parse
from api.runtime import Runtime
from engine import CedarEngine, action_names, stored_ids
from engine.generic import Evaluation, Party, decide_generic_batch

Kind = Literal["subject", "resource", "action"]


class SearchedIn(In):
    """The entity searched for: its type; an `id` or `properties` sent are ignored."""

    type: StrictStr = Field(min_length=1)


class PageIn(In):
    """Which page: the previous answer's `next_token`, and at most `limit` results."""

    token: StrictStr | None = None
    limit: StrictInt | None = Field(default=None, ge=1)


class SearchIn(In):
    """What every search may carry beside its entities."""

    context: dict[str, Any] | None = None
    page: PageIn | None = None


class SubjectSearchIn(SearchIn):
    """Which subjects of `subject.type` may do `action` on `resource`."""

    subject: SearchedIn
    action: ActionIn
    resource: EntityIn


class ResourceSearchIn(SearchIn):
    """On which resources of `resource.type` `subject` may do `action`."""

    subject: EntityIn
    action: ActionIn
    resource: SearchedIn


class ActionSearchIn(SearchIn):
    """Which actions `subject` may do on `resource`."""

    subject: EntityIn
    resource: EntityIn


Search = SubjectSearchIn | ResourceSearchIn | ActionSearchIn
MODELS: dict[Kind, type[Search]] = {
    "subject": SubjectSearchIn,
    "resource": ResourceSearchIn,
    "action": ActionSearchIn,
}


def _party(entity: EntityIn) -> Party:
    return Party(entity.type, entity.id, entity.properties or {})


def _subjects(engine: CedarEngine, q: SubjectSearchIn) -> list[tuple[dict[str, str], Evaluation]]:
    props, context = q.action.properties, q.context or {}
    return [
        (
            {"type": q.subject.type, "id": i},
            Evaluation(Party(q.subject.type, i), q.action.name, _party(q.resource), props, context),
        )
        for i in stored_ids(engine, q.subject.type)
    ]


def _resources(engine: CedarEngine, q: ResourceSearchIn) -> list[tuple[dict[str, str], Evaluation]]:
    props, context = q.action.properties, q.context or {}
    return [
        (
            {"type": q.resource.type, "id": i},
            Evaluation(_party(q.subject), q.action.name, Party(q.resource.type, i), props, context),
        )
        for i in stored_ids(engine, q.resource.type)
    ]


def _actions(engine: CedarEngine, q: ActionSearchIn) -> list[tuple[dict[str, str], Evaluation]]:
    subject, resource, context = _party(q.subject), _party(q.resource), q.context or {}
    return [
        ({"name": name}, Evaluation(subject, name, resource, None, context))
        for name in action_names(engine)
    ]


Candidates = Callable[[CedarEngine, Any], list[tuple[dict[str, str], Evaluation]]]
CANDIDATES: dict[Kind, Candidates] = {
    "subject": _subjects,
    "resource": _resources,
    "action": _actions,
}


def _pager(runtime: Runtime, engine: CedarEngine, kind: Kind, q: Search) -> Pager:
    search = {"kind": kind, **q.model_dump(exclude={"page": {"token"}})}
    return Pager(secret_key(runtime.settings.page_secret), digest(search), engine.revision)


def _page(found: list[dict[str, str]], page: PageIn, start: int, pager: Pager) -> dict[str, Any]:
    end = start + min(page.limit or MAX_PAGE, MAX_PAGE)
    results = found[start:end]
    next_token = pager.issue(end) if end < len(found) else ""
    return {
        "page": {"next_token": next_token, "count": len(results), "total": len(found)},
        "results": results,
    }


def search(runtime: Runtime, data: object, kind: Kind) -> dict[str, Any]:
    """Answer one search: `{"page": {next_token, count, total}, "results": [...]}`."""
    engine = generic_engine(runtime)  # the PJD pack offers no search, whatever the request
    q = parse(MODELS[kind], data)
    pager, page = _pager(runtime, engine, kind, q), q.page or PageIn()
    start = pager.offset(page.token) if page.token is not None else 0  # before deciding anything
    candidates = CANDIDATES[kind](engine, q)
    decisions = decide_generic_batch(engine, [ev for _, ev in candidates])
    found = [entity for (entity, _), d in zip(candidates, decisions, strict=True) if d.permitted]
    return _page(found, page, start, pager)
