"""`make bench`: per-decision cost of the engine and of the HTTP endpoint, against floors.

Floors are measured in the same run: raw `cedarpy.is_authorized` on pre-parsed PolicySet,
Schema and Entities for the same principal, resource and context (engine), and a bare FastAPI
endpoint taking the same body (HTTP). Results are medians; the ratios are what to watch.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cedarpy
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.facts import build_request
from api.main import create_app
from api.registry import load_registry_file, replace_registry
from api.runtime import Runtime, start_runtime
from api.schemas import PjdDecisionIn
from bench.workload import AT, body
from engine import CedarEngine, DecisionRequest, decide_pjd
from engine.pjd_cedar import context, principal_attrs, resource_attrs
from engine.timeline import lookback_cutoffs


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


def start() -> Runtime:
    """A runtime on a fresh SQLite file with the demo registry."""
    folder = Path(tempfile.mkdtemp())
    rt = start_runtime(get_settings(database_url=f"sqlite:///{folder / 'bench.db'}"))
    with Session(rt.db) as session:
        replace_registry(session, load_registry_file(Path("api/demo_registry.json")))
    return rt


def engine_request(rt: Runtime, action: str, documents: int) -> DecisionRequest:
    with Session(rt.db) as session:
        return build_request(PjdDecisionIn.model_validate(body(action, documents)), session, AT)


def floor_us(rt: Runtime) -> float:
    """Raw cedarpy on pre-parsed handles for one document: the least any Cedar call costs."""
    engine = rt.engine
    assert isinstance(engine, CedarEngine)
    req = engine_request(rt, "read", 1)
    cut = lookback_cutoffs(req.at, engine.pack.parameters["tilbakeblikk_aar"])
    assert req.identity is not None
    p = {"type": "PJD::Helsepersonell", "id": req.identity.pid}
    r = {"type": "PJD::Dokument", "id": "D0"}
    data = [
        {"uid": p, "attrs": principal_attrs(req), "parents": []},
        {"uid": r, "attrs": resource_attrs(req, req.documents[0], cut), "parents": []},
    ]
    store = engine.base.with_added_json_str(json.dumps(data), schema=engine.schema)
    query: dict[str, Any] = {"principal": p, "action": {"type": "PJD::Action", "id": "read"}}
    query |= {"resource": r, "context": context(req, "PJD")}
    return median_us(
        lambda: cedarpy.is_authorized(query, engine.policies, store, engine.schema), 300
    )


def engine_us(rt: Runtime, documents: int) -> float:
    """decide_pjd per document: facts already gathered, entities built and decided."""
    engine = rt.engine
    assert engine is not None
    req = engine_request(rt, "read", documents)
    return median_us(lambda: decide_pjd(engine, req), 100, documents)


def http_us(rt: Runtime) -> tuple[float, float]:
    """One-document POST /v1/pjd/decisions vs a bare FastAPI endpoint with the same body."""
    bare = FastAPI()

    @bare.post("/echo")
    async def echo(request: Request) -> dict[str, int]:
        return {"bytes": len(await request.body())}

    payload = body("read", 1)
    ours, floor = TestClient(create_app(runtime=rt)), TestClient(bare)
    mine = median_us(lambda: ours.post("/v1/pjd/decisions", json=payload), 200)
    base = median_us(lambda: floor.post("/echo", json=payload), 200)
    return mine, base


def main() -> None:
    rt = start()
    floor = floor_us(rt)
    rows = [("cedarpy floor (1 document, pre-parsed)", floor, 1.0)]
    for n in (1, 20, 200):
        cost = engine_us(rt, n)
        rows.append((f"engine cedar, list of {n} (per document)", cost, cost / floor))
    mine, base = http_us(rt)
    rows.append(("bare FastAPI endpoint, same body", base, 1.0))
    rows.append(("POST /v1/pjd/decisions, 1 document", mine, mine / base))
    print(f"{'measure':<48}{'median µs':>12}{'ratio':>9}")
    for name, us, ratio in rows:
        print(f"{name:<48}{us:>12.1f}{ratio:>9.2f}")


if __name__ == "__main__":
    main()
