"""Peer: AuthZEN evaluations on a small generic pack (bench/packs/records), `pjd serve` with its
default workers against Cerbos deciding the same rules (bench/cerbos), at the same load.

Both get the same AuthZEN requests — users with roles, records with an owner and a status —
each in its own dialect of one key (the roles are `roles` for the pack, `cerbos.roles` for
Cerbos). Before measuring, both must answer every request of the grid (each user, record and
action) alike, one at a time and in batches.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.databases import sqlite_file
from bench.measure import Config, Line, progress
from bench.servers import cerbos_serve, pjd_serve, post_json
from bench.wrk import Summary, Target, interleaved, line, lua_script

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "bench" / "packs" / "records"
ACTIONS = ("read", "write", "delete")
BATCH = 20
SINGLE = ("bob", "r1", "delete")  # the measured single request: an owning editor (permit)
ROLES = {"pjd": "roles", "cerbos": "cerbos.roles"}
PATHS = {"single": "/access/v1/evaluation", "batch": "/access/v1/evaluations"}
TARGET = "≥ 1.00 × Cerbos, p99 ≤ 2 × Cerbos"
Json = dict[str, Any]
Request = tuple[str, str, str]  # user, record, action


def entities() -> dict[tuple[str, str], Json]:
    """The pack's stored attributes by (type, id): users' roles, records' owner and status."""
    stored = json.loads((PACK / "entities.json").read_text(encoding="utf-8"))
    return {(e["uid"]["type"].split("::")[-1], e["uid"]["id"]): e["attrs"] for e in stored}


def grid() -> list[Request]:
    """Every user, record and action of the pack."""
    ids = entities()
    users = [i for kind, i in ids if kind == "user"]
    records = [i for kind, i in ids if kind == "record"]
    return [(u, r, a) for u in users for r in records for a in ACTIONS]


def evaluation(request: Request, dialect: str) -> Json:
    """One AuthZEN evaluation: the subject's roles and the record's attributes as properties."""
    user, record, action = request
    ids = entities()
    attrs = ids[("record", record)]
    owner, status = attrs["owner"]["id"], attrs["status"]
    return {
        "subject": {
            "type": "user",
            "id": user,
            "properties": {ROLES[dialect]: ids[("user", user)]["roles"]},
        },
        "resource": {
            "type": "record",
            "id": record,
            "properties": {"owner": owner, "status": status},
        },
        "action": {"name": action},
    }


def batch(requests: list[Request], dialect: str) -> Json:
    """An AuthZEN batch holding each request whole."""
    return {"evaluations": [evaluation(r, dialect) for r in requests]}


def _decisions(base: str, dialect: str, requests: list[Request]) -> list[bool]:
    """The decisions of `base` for `requests`, one by one and in batches; they must agree."""
    one = [_decision(post_json(base + PATHS["single"], evaluation(r, dialect))) for r in requests]
    many: list[bool] = []
    for start in range(0, len(requests), BATCH):
        status, answer = post_json(
            base + PATHS["batch"], batch(requests[start : start + BATCH], dialect)
        )
        if status != 200 or not isinstance(answer, dict):
            raise AssertionError(f"{base}: batch answered {status}: {answer}")
        many += [_decision((200, item)) for item in answer["evaluations"]]
    if one != many:
        raise AssertionError(f"{base}: the batch answers differ from the single answers")
    return one


def _decision(answer: tuple[int, object]) -> bool:
    status, data = answer
    if status != 200 or not isinstance(data, dict) or not isinstance(data.get("decision"), bool):
        raise AssertionError(f"not an AuthZEN decision: {status} {data}")
    return bool(data["decision"])


def same_decisions(ours: str, cerbos: str) -> int:
    """Both servers decide the whole grid alike (and it holds permits and denies); its size."""
    requests = grid()
    mine, theirs = _decisions(ours, "pjd", requests), _decisions(cerbos, "cerbos", requests)
    wrong = [r for r, a, b in zip(requests, mine, theirs, strict=True) if a != b]
    if wrong:
        raise AssertionError(f"pjd serve and Cerbos disagree on {wrong}")
    if len(set(mine)) != 2:
        raise AssertionError("the grid must hold permits and denies")
    return len(requests)


def _scripts(folder: Path) -> dict[tuple[str, str], Path]:
    """One wrk script per (dialect, kind): the single request, and a batch of 20 from the grid."""
    spread = grid()[:: max(1, len(grid()) // BATCH)][:BATCH]
    out = {}
    for dialect in ROLES:
        bodies = {"single": evaluation(SINGLE, dialect), "batch": batch(spread, dialect)}
        for kind, data in bodies.items():
            out[(dialect, kind)] = lua_script(json.dumps(data), folder / f"{dialect}-{kind}.lua")
    return out


def _lines(kind: str, ours: Summary, cerbos: Summary) -> list[Line]:
    label = "single evaluation" if kind == "single" else f"batch of {BATCH}"
    floor = line("peer", f"Cerbos, AuthZEN {label}", cerbos, cerbos.rps)
    mine = line("peer", f"pjd serve, AuthZEN {label}", ours, cerbos.rps)
    mine.target = TARGET
    mine.met = mine.ratio >= 1.0 and ours.p99_ms <= 2 * cerbos.p99_ms
    return [floor, mine]


def peer_phase(config: Config, folder: Path) -> list[Line]:
    """pjd serve (default workers) against Cerbos, single and batch evaluations."""
    progress("peer: starting pjd serve on the generic pack and Cerbos")
    script, lines = _scripts(folder), []
    with ExitStack() as stack:
        ours = stack.enter_context(
            pjd_serve("pjd-generic", sqlite_file(folder, "generic"), folder, PACK, None)
        )
        cerbos = stack.enter_context(cerbos_serve(folder))
        progress(f"peer: both decide the {same_decisions(ours, cerbos)} grid requests alike")
        for kind, path in PATHS.items():
            targets = [
                Target(f"pjd {kind}", ours + path, script[("pjd", kind)]),
                Target(f"cerbos {kind}", cerbos + path, script[("cerbos", kind)]),
            ]
            got = interleaved(targets, config)
            lines += _lines(kind, got[f"pjd {kind}"], got[f"cerbos {kind}"])
    return lines
