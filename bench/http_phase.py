"""HTTP and workers: `POST /v1/pjd/decisions` with the access log on, served by real `pjd serve`
processes and loaded by wrk at 16 connections, against the bare FastAPI floor on the same stack.

Each group of targets (floor, SQLite, PostgreSQL for one body; 1 and 2 workers) is warmed up,
then run in turn so that the machine's noise falls on all of them alike. Before loading, every
server must answer the body as the workload expects (200, a decision, no log failure); after
each run the access log must hold a record for every decision wrk saw answered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from api.db import make_engine
from bench.databases import demo_registry, log_records, scratch_postgres, sqlite_file
from bench.measure import Config, Line, progress
from bench.servers import floor_serve, pjd_serve, post_json
from bench.workload import body
from bench.wrk import Summary, Target, WrkError, WrkResult, interleaved, line, lua_script

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "policies" / "pjd"
ENDPOINT = "/v1/pjd/decisions"
BODIES = {"read": ("read", 1), "list": ("list", 20)}  # kind: (action, documents)
READ_TARGET = "≥ 0.50 × floor, p99 ≤ 20 ms"
WORKERS_TARGET = "≥ 1.70 × 1 worker"


@dataclass
class Ledger:
    """The access log of one database: it must hold at least one record per answered decision."""

    name: str
    engine: Engine
    expected: int

    def check(self, documents: int) -> Callable[[WrkResult], None]:
        """A wrk check: the run's answered decisions are all in the log."""

        def logged(result: WrkResult) -> None:
            self.expected += result.requests * documents
            found = log_records(self.engine)
            if found < self.expected:
                raise WrkError(f"{self.name}: {self.expected} decisions answered, {found} logged")

        return logged


def ledger(stack: ExitStack, name: str, url: str) -> Ledger:
    """A ledger on `url`, starting from the records already there."""
    engine = make_engine(url)
    stack.callback(engine.dispose)
    return Ledger(name, engine, log_records(engine))


def expect_decisions(url: str, payload: dict[str, Any]) -> None:
    """The server answers the body with 200 and one logged decision per document."""
    status, answer = post_json(url, payload)
    results = answer.get("results") if isinstance(answer, dict) else None
    if status != 200 or not isinstance(results, list) or len(results) != len(payload["documents"]):
        raise WrkError(f"{url} answered {status}: {json.dumps(answer)[:500]}")
    rules = {r["rule"] for result in results for r in result["reasons"]}
    if "logg_ikke_skrevet" in rules:
        raise WrkError(f"{url}: the access log was not written")


def scripts(folder: Path) -> dict[str, Path]:
    """One wrk script per body kind."""
    return {
        kind: lua_script(json.dumps(body(*spec)), folder / f"pjd-{kind}.lua")
        for kind, spec in BODIES.items()
    }


def _pjd_line(kind: str, db: str, ours: Summary, floor: Summary) -> Line:
    action, documents = BODIES[kind]
    docs = "1 doc" if documents == 1 else f"{documents} docs"
    out = line("http", f"PJD {action} {docs}, {db}, log on", ours, floor.rps)
    if kind == "read":
        out.target, out.met = READ_TARGET, out.ratio >= 0.5 and ours.p99_ms <= 20.0
    return out


def _floor_line(kind: str, floor: Summary) -> Line:
    action, documents = BODIES[kind]
    return line("http", f"bare FastAPI floor, {action}-{documents} body", floor, floor.rps)


def _serving(stack: ExitStack, config: Config, folder: Path) -> dict[str, tuple[str, str]]:
    """pjd serve on a SQLite file and on a scratch PostgreSQL database: {db: (database, URL)}."""
    urls = {"SQLite": sqlite_file(folder, "http")}
    urls["PostgreSQL"] = stack.enter_context(scratch_postgres(config.postgres_url, "http"))
    servers = {}
    for db, url in urls.items():
        server = stack.enter_context(pjd_serve(f"pjd-{db}", demo_registry(url), folder, PACK))
        servers[db] = (url, server + ENDPOINT)
        for action, documents in BODIES.values():
            expect_decisions(server + ENDPOINT, body(action, documents))
    return servers


def _group(kind: str, floor: Target, servers: dict[str, Target], config: Config) -> list[Line]:
    """One body against the floor and every server, interleaved."""
    got = interleaved([floor, *servers.values()], config)
    lines = [_floor_line(kind, got[floor.name])]
    return lines + [_pjd_line(kind, db, got[t.name], got[floor.name]) for db, t in servers.items()]


def http_phase(config: Config, folder: Path) -> list[Line]:
    """The PJD endpoint on SQLite and PostgreSQL against the floor, for each body."""
    progress("http: starting the floor and pjd serve on SQLite and PostgreSQL")
    lines, script = [], scripts(folder)
    with ExitStack() as stack:
        floor = stack.enter_context(floor_serve(folder)) + ENDPOINT
        servers = _serving(stack, config, folder)
        ledgers = {db: ledger(stack, db, database) for db, (database, _) in servers.items()}
        for kind, (_, documents) in BODIES.items():
            targets = {
                db: Target(f"PJD {kind} {db}", url, script[kind], ledgers[db].check(documents))
                for db, (_, url) in servers.items()
            }
            lines += _group(kind, Target(f"floor {kind}", floor, script[kind]), targets, config)
    return lines


def workers_phase(config: Config, folder: Path) -> list[Line]:
    """`pjd serve --workers 1` against `--workers 2` on PostgreSQL, one-document reads."""
    progress("workers: starting pjd serve --workers 1 and --workers 2 on PostgreSQL")
    script = scripts(folder)["read"]
    with ExitStack() as stack:
        url = demo_registry(stack.enter_context(scratch_postgres(config.postgres_url, "workers")))
        servers = {
            n: stack.enter_context(pjd_serve(f"pjd-workers-{n}", url, folder, PACK, n)) + ENDPOINT
            for n in (1, 2)
        }
        for server in servers.values():
            expect_decisions(server, body("read", 1))
        log = ledger(stack, "workers", url)
        targets = [Target(f"workers {n}", s, script, log.check(1)) for n, s in servers.items()]
        got = interleaved(targets, config)
    one, two = got["workers 1"], got["workers 2"]
    measure = "pjd serve --workers {}, PJD read 1 doc, PostgreSQL"
    second = line("workers", measure.format(2), two, one.rps)
    second.target, second.met = WORKERS_TARGET, second.ratio >= 1.7
    return [line("workers", measure.format(1), one, one.rps), second]
