"""Engine: `decide_pjd`'s cost per document against raw `cedarpy.is_authorized` on pre-parsed
handles, for 1-, 20- and 200-document `list` requests, on `cedar` and on `rego`.

The same requests (bench/workload.py, facts gathered once from the demo registry) are decided by
both engines, which must give the same decisions. The floor is one raw cedarpy call on the
engine's own PolicySet, Schema and Entities, for the same principal, resource and context.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import cedarpy

from api.config import get_settings
from api.pjd.facts import RequestTime, prepare, read_all
from api.pjd.schemas import PjdDecisionIn
from api.runtime import Runtime, start_runtime
from bench.databases import demo_registry, sqlite_file
from bench.measure import Config, Line, Timed, median_us, progress
from bench.workload import AT, body
from engine import CedarEngine, PolicyEngine
from engine.pjd import (
    DecisionRequest,
    codes,
    context,
    decide_pjd,
    lookback_cutoffs,
    patient_attrs,
    principal_attrs,
    resource_attrs,
)

PACK = Path(__file__).resolve().parents[1] / "policies" / "pjd"
ENGINES = ("cedar", "rego")
LISTS = (1, 20, 200)  # documents per request
ACTION = "list"
LIST_TARGET = "≤ 0.60 × floor"
FLOOR = "floor"


def start(engine: str, folder: Path) -> Runtime:
    """A runtime on `engine` with a fresh SQLite file holding the demo registry."""
    url = demo_registry(sqlite_file(folder, f"engine-{engine}"))
    settings = get_settings(
        database_url=url,
        engine=engine,
        policy_dir=PACK,
        accept_unverified_claims=True,
        trust_request_time=True,
    )
    rt = start_runtime(settings)
    assert rt.engine is not None and rt.engine.name == engine, rt.load_error
    return rt


def engine_request(rt: Runtime, documents: int) -> DecisionRequest:
    """The workload's request with `documents` documents, its facts read from the registry."""
    assert rt.engine is not None
    data = PjdDecisionIn.model_validate(body(ACTION, documents))
    request, key = prepare(data, RequestTime(AT), codes(rt.engine.pack), rt.claims)
    [facts] = read_all(rt.db, rt.registry, [key])
    return replace(request, facts=facts)


def floor_call(engine: CedarEngine, req: DecisionRequest) -> Callable[[], object]:
    """Raw cedarpy on pre-parsed handles for one document: the least any Cedar call costs."""
    cut = lookback_cutoffs(req.at, engine.pack.parameters["tilbakeblikk_aar"])
    assert req.identity is not None
    p = {"type": "PJD::Helsepersonell", "id": req.identity.pid}
    r = {"type": "PJD::Dokument", "id": req.documents[0].id}
    patient = {"type": "PJD::Pasient", "id": req.patient}
    document = resource_attrs(req, req.documents[0], cut, codes(engine.pack))
    data = [
        {"uid": p, "attrs": principal_attrs(req), "parents": []},
        {"uid": r, "attrs": document, "parents": []},
        {"uid": patient, "attrs": patient_attrs(req), "parents": []},
    ]
    store = engine.base.with_added_json_str(json.dumps(data), schema=engine.schema)
    query: dict[str, Any] = {"principal": p, "action": {"type": "PJD::Action", "id": ACTION}}
    query |= {"resource": r, "context": context(req, "PJD")}
    result = cedarpy.is_authorized(query, engine.policies, store, engine.schema)
    assert not result.diagnostics.errors, result.diagnostics.errors
    return lambda: cedarpy.is_authorized(query, engine.policies, store, engine.schema)


def seen(engine: PolicyEngine, req: DecisionRequest) -> list[tuple[str, tuple[str, ...]]]:
    """Each document's effect and deciding rules."""
    return [(d.effect, tuple(r.id for r in d.reasons)) for d in decide_pjd(engine, req)]


def timings(
    engines: dict[str, PolicyEngine], requests: dict[int, DecisionRequest], rounds: int
) -> dict[str, Timed]:
    """The floor, and decide_pjd per document (facts gathered beforehand) on each engine."""
    cedar = engines["cedar"]
    assert isinstance(cedar, CedarEngine)
    out = {FLOOR: Timed(floor_call(cedar, requests[1]), rounds)}
    for name, engine in engines.items():
        for n, req in requests.items():
            call = partial(decide_pjd, engine, req)
            out[f"{name} {n}"] = Timed(call, max(10, rounds * 3 // n), n)
    return out


def _line(name: str, n: int, cost: float, floor: float) -> Line:
    line = Line("engine", f"decide_pjd {name}, list of {n}", "µs/doc", cost, floor)
    if name == "cedar" and n == max(LISTS):
        line.target, line.met = LIST_TARGET, line.ratio <= 0.6
    return line


def engine_phase(config: Config, folder: Path) -> list[Line]:
    """The floor, then each engine on each list length, measured in turns."""
    progress("engine: decide_pjd on cedar and rego against the cedarpy floor")
    runtimes = [start(name, folder) for name in ENGINES]
    try:
        engines = {rt.settings.engine: rt.engine for rt in runtimes if rt.engine is not None}
        requests = {n: engine_request(runtimes[0], n) for n in LISTS}
        for n, req in requests.items():  # the same requests, the same answers
            if seen(engines["rego"], req) != seen(engines["cedar"], req):
                raise AssertionError(f"the engines disagree on the {n}-document list")
        us = median_us(timings(engines, requests, config.engine_rounds))
    finally:
        for rt in runtimes:
            rt.db.dispose()
    floor = us[FLOOR]
    lines = [Line("engine", "cedarpy.is_authorized floor, 1 doc", "µs/doc", floor, floor)]
    return lines + [_line(name, n, us[f"{name} {n}"], floor) for name in ENGINES for n in LISTS]
