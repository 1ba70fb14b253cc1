"""The benchmark's harness, without timing anything: wrk's report is read right, a failing run
is an error, results.json has its shape, and the bench's generic pack decides as its rules say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import peer
from bench.measure import Config, Line
from bench.report import table, write
from bench.wrk import WrkError, lua_script, parse
from engine import CedarEngine, load_pack
from engine.generic import Evaluation, Party, decide_generic

REPORT = """Running 10s test @ http://127.0.0.1:8080/v1/pjd/decisions
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.72ms    2.37ms   1.02s    84.26%
    Req/Sec     1.25k   629.44     3.04k    81.82%
  Latency Distribution
     50%  850.00us
     75%    3.89ms
     90%    5.96ms
     99%    1.20s
  12345 requests in 10.01s, 4.96MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   1233.27
Transfer/sec:    507.21KB
"""


def test_wrk_report_is_read_with_its_units() -> None:
    result = parse(REPORT)
    assert (result.requests, result.seconds, result.rps) == (12345, 10.01, 1233.27)
    assert (result.p50_ms, result.p75_ms, result.p90_ms, result.p99_ms) == (
        0.85,
        3.89,
        5.96,
        1200.0,
    )
    assert (result.socket_errors, result.non_2xx) == (5, 7)


def test_a_clean_report_has_no_errors() -> None:
    clean = "\n".join(
        line for line in REPORT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    result = parse(clean)
    assert (result.socket_errors, result.non_2xx) == (0, 0)


def test_a_report_without_latencies_is_an_error() -> None:
    with pytest.raises(WrkError):
        parse(REPORT.replace("99%", "98%"))
    with pytest.raises(WrkError):
        parse("unable to connect to 127.0.0.1:8080 Connection refused")


def test_the_lua_script_posts_the_body(tmp_path: Path) -> None:
    body = json.dumps({"a": "æ", "b": [1, 2]})
    token = {"Authorization": "Bearer abc.def.ghi"}
    text = lua_script(body, tmp_path / "s.lua", token).read_text(encoding="utf-8")
    assert 'wrk.method = "POST"' in text and f"wrk.body = [==[{body}]==]" in text
    assert 'wrk.headers["Authorization"] = "Bearer abc.def.ghi"' in text
    with pytest.raises(ValueError):
        lua_script('{"a": "]==]"}', tmp_path / "t.lua", token)


def lines() -> list[Line]:
    engine = Line("engine", "decide_pjd cedar, list of 200", "µs/doc", 400.0, 500.0)
    engine.target, engine.met = "≤ 0.60 × floor per doc", False
    http = Line("http", "PJD read", "req/s", 900.0, 1000.0, 2.0, 9.5, "≥ 0.50", True)
    return [Line("engine", "floor", "µs/doc", 500.0, 500.0), engine, http]


def test_results_file_holds_every_number_the_machine_and_the_date(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    write(path, Config(quick=True), lines(), {"cores": 2, "cpu_model": "x"})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"date", "quick", "settings", "machine", "lines"}
    assert data["quick"] is True and data["machine"]["cores"] == 2
    assert "load_average_at_end" in data["machine"]
    first, second, third = data["lines"]
    assert first["met"] is None and second["met"] is False and third["met"] is True
    assert second["ratio"] == pytest.approx(0.8) and third["p99_ms"] == 9.5
    keys = {"phase", "measure", "unit", "value", "floor", "ratio", "p50_ms", "p99_ms", "target"}
    assert keys | {"met", "details"} == set(first)


def test_the_table_has_a_line_each_with_its_verdict() -> None:
    shown = table(lines()).splitlines()
    assert len(shown) == 4 and shown[0].startswith("phase")
    assert shown[1].endswith("1.00") and shown[2].endswith("not met") and shown[3].endswith("met")


def test_the_generic_pack_decides_as_its_rules_say() -> None:
    engine = CedarEngine(load_pack(peer.PACK))

    def permitted(user: str, record: str, action: str) -> bool:
        body = peer.evaluation((user, record, action), "pjd")
        subject, resource = body["subject"], body["resource"]
        ev = Evaluation(
            subject=Party(subject["type"], subject["id"], subject["properties"]),
            action=action,
            resource=Party(resource["type"], resource["id"], resource["properties"]),
        )
        return decide_generic(engine, ev).permitted

    assert permitted("alice", "r3", "read") and not permitted("alice", "r3", "delete")
    assert permitted("bob", "r1", "delete") and not permitted("bob", "r4", "delete")
    assert permitted("bob", "r4", "write") and not permitted("bob", "r2", "write")
    assert permitted("carol", "r2", "read") and not permitted("carol", "r1", "read")
    assert not any(permitted("dave", r, a) for _, r, a in peer.grid())
    assert len(peer.grid()) == 4 * 5 * 3
