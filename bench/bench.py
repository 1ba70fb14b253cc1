"""`make bench`: per-decision cost of the engines and of the HTTP endpoint, against floors.

The same requests (bench/workload.py, facts gathered once from the demo registry) are decided
by `cedar` and by `rego`, side by side, for 1-, 20- and 200-document lists; both must give the
same decisions. Floors are measured in the same run: raw `cedarpy.is_authorized` on pre-parsed
PolicySet, Schema and Entities for the same principal, resource and context (engine), and a bare
FastAPI endpoint taking the same body (HTTP). Results are medians; the ratios are what to watch.
A script, not a test: nothing here passes or fails on time.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import cedarpy
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.facts import build_request, read_facts
from api.main import create_app
from api.registry import load_registry_file, replace_registry
from api.runtime import Runtime, start_runtime
from api.schemas import PjdDecisionIn
from bench.workload import AT, body
from engine import CedarEngine, DecisionRequest, PolicyEngine, decide_pjd
from engine.pjd_cedar import context, patient_attrs, principal_attrs, resource_attrs
from engine.timeline import lookback_cutoffs

ENGINES = ("cedar", "rego")
LISTS = (1, 20, 200)  # documents per request
ACTION = "list"
ENDPOINT = "/v1/pjd/decisions"


def median_us(fn: Callable[[], object], rounds: int, per_call: int = 1) -> float:
    """Median microseconds per item over `rounds` calls, after a warm-up."""
    for _ in range(5):
        fn()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) / per_call * 1e6)
    return statistics.median(times)


def start(engine: str) -> Runtime:
    """A runtime on `engine` with a fresh SQLite file holding the demo registry."""
    folder = Path(tempfile.mkdtemp())
    settings = get_settings(database_url=f"sqlite:///{folder / 'bench.db'}", engine=engine)
    rt = start_runtime(settings)
    assert rt.engine is not None and rt.engine.name == engine, rt.load_error
    with Session(rt.db) as session:
        replace_registry(session, load_registry_file(Path("api/demo_registry.json")))
    return rt


def engine_request(rt: Runtime, documents: int) -> DecisionRequest:
    """The workload's request with `documents` documents, its facts read from the registry."""
    read = partial(read_facts, rt.db, rt.registry)
    return build_request(PjdDecisionIn.model_validate(body(ACTION, documents)), read, AT)


def floor_us(engine: CedarEngine, req: DecisionRequest) -> float:
    """Raw cedarpy on pre-parsed handles for one document: the least any Cedar call costs."""
    cut = lookback_cutoffs(req.at, engine.pack.parameters["tilbakeblikk_aar"])
    assert req.identity is not None
    p = {"type": "PJD::Helsepersonell", "id": req.identity.pid}
    r = {"type": "PJD::Dokument", "id": req.documents[0].id}
    patient = {"type": "PJD::Pasient", "id": req.patient}
    data = [
        {"uid": p, "attrs": principal_attrs(req), "parents": []},
        {"uid": r, "attrs": resource_attrs(req, req.documents[0], cut), "parents": []},
        {"uid": patient, "attrs": patient_attrs(req), "parents": []},
    ]
    store = engine.base.with_added_json_str(json.dumps(data), schema=engine.schema)
    query: dict[str, Any] = {"principal": p, "action": {"type": "PJD::Action", "id": ACTION}}
    query |= {"resource": r, "context": context(req, "PJD")}
    result = cedarpy.is_authorized(query, engine.policies, store, engine.schema)
    assert not result.diagnostics.errors, result.diagnostics.errors
    return median_us(
        lambda: cedarpy.is_authorized(query, engine.policies, store, engine.schema), 300
    )


def seen(engine: PolicyEngine, req: DecisionRequest) -> list[tuple[str, tuple[str, ...]]]:
    return [(d.effect, tuple(r.id for r in d.reasons)) for d in decide_pjd(engine, req)]


def engine_us(engine: PolicyEngine, req: DecisionRequest) -> float:
    """decide_pjd per document: facts already gathered, entities built and decided."""
    n = len(req.documents)
    return median_us(lambda: decide_pjd(engine, req), max(10, 1000 // n), n)


def http_us(runtimes: dict[str, Runtime]) -> tuple[float, dict[str, float]]:
    """One-document POST /v1/pjd/decisions on each engine vs a bare FastAPI endpoint."""
    bare = FastAPI()

    @bare.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    payload = body(ACTION, 1)
    floor = TestClient(bare)
    base = median_us(lambda: floor.post("/echo", json=payload), 200)
    ours = {}
    for name, rt in runtimes.items():
        client = TestClient(create_app(runtime=rt))
        assert client.post(ENDPOINT, json=payload).status_code == 200
        ours[name] = median_us(partial(client.post, ENDPOINT, json=payload), 200)
    return base, ours


def main() -> None:
    runtimes = {name: start(name) for name in ENGINES}
    engines = {name: rt.engine for name, rt in runtimes.items()}
    cedar = engines["cedar"]
    assert isinstance(cedar, CedarEngine)
    requests = {n: engine_request(runtimes["cedar"], n) for n in LISTS}
    for n, req in requests.items():  # the same requests, the same answers
        answers = {name: seen(e, req) for name, e in engines.items() if e is not None}
        assert answers["rego"] == answers["cedar"], f"the engines disagree on the {n}-list"
    floor = floor_us(cedar, requests[1])

    print(f"Engine: decide_pjd per document, `{ACTION}` requests, the same for both engines")
    head = f"{'measure':<44}"
    print(f"{head}{'cedar µs':>10}{'rego µs':>10}{'cedar/floor':>13}{'rego/floor':>12}")
    print(f"{'cedarpy.is_authorized floor (1 document)':<44}{floor:>10.1f}{'':>10}{1.0:>13.2f}")
    for n, req in requests.items():
        cost = {name: engine_us(e, req) for name, e in engines.items() if e is not None}
        c, r = cost["cedar"], cost["rego"]
        label = f"list of {n} (per document)"
        print(f"{label:<44}{c:>10.1f}{r:>10.1f}{c / floor:>13.2f}{r / floor:>12.2f}")

    base, ours = http_us(runtimes)
    print()
    print("HTTP: one-document request through the app (TestClient)")
    print(f"{'measure':<44}{'median µs':>10}{'ratio':>10}")
    print(f"{'bare FastAPI endpoint, same body':<44}{base:>10.1f}{1.0:>10.2f}")
    for name, us in ours.items():
        label = f"POST /v1/pjd/decisions, {name}"
        print(f"{label:<44}{us:>10.1f}{us / base:>10.2f}")


if __name__ == "__main__":
    main()
