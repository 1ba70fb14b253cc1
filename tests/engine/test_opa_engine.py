"""The `opa` engine, end to end through opa-python-client against an OPA-protocol server
(tests/opa_server.py, evaluating with regopy): it pushes the Rego twin and the parameters,
decides exactly as the Cedar and Rego engines do, and fails closed — server down, an undefined
answer (HTTP 200 without `result`), a slow answer, an error or odd answer all deny with
`evaluation_error`; a server it cannot use at construction is a PolicyError naming the url.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from engine import (
    EVALUATION_ERROR,
    ArgumentError,
    CedarEngine,
    Pack,
    PolicyError,
    RegoEngine,
    build_engine,
    load_pack,
    read_pack,
)
from engine.opa_engine import PREFIX, OpaEngine
from engine.pjd import DecisionRequest, decide_pjd
from tests.engine.test_rego_engine import CASES, PJD, SWITCHED, Seen, _seen
from tests.opa_server import OpaServer, running

FAILED_SEEN: Seen = ("deny", (EVALUATION_ERROR.id,), ())
PERMIT = CASES["list_kj"]  # permit with the obligation to log
SAMPLE = ["list_kj", "read", "sikkerhetsnivaa_for_lavt", "many_forbids", "innbygger_list"]


@pytest.fixture(scope="module")
def shared(pack: Pack) -> Iterator[tuple[OpaServer, OpaEngine]]:
    """One server with the twin pushed, and its engine, for the whole module."""
    with running() as server:
        engine = OpaEngine(pack, server.url, timeout=2.0)
        yield server, engine
        engine.close()


@pytest.fixture
def opa(shared: tuple[OpaServer, OpaEngine]) -> Iterator[tuple[OpaServer, OpaEngine]]:
    """The shared server and engine, with every failure control switched off after the test."""
    yield shared
    server = shared[0]
    server.undefined, server.delay, server.answer, server.status = False, 0.0, None, 200


@pytest.fixture
def server() -> Iterator[OpaServer]:
    """A server of the test's own, to stop, reset or preload."""
    with running() as own:
        yield own


def _decide(engine: OpaEngine | RegoEngine | CedarEngine, req: DecisionRequest) -> Seen:
    (decision,) = decide_pjd(engine, req)
    return _seen(decision)


def _copy(tmp: Path, parameters: dict[str, object] | None = None, comment: str = "") -> Pack:
    target = tmp / "pjd"
    shutil.copytree(PJD, target)
    if parameters:
        path = target / "parametere.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), **parameters}))
    if comment:
        felles = target / "rego" / "felles.rego"
        felles.write_text(felles.read_text() + f"\n# {comment}\n")
    return read_pack(target)


# --- deciding as the other engines ------------------------------------------------------------


@pytest.mark.parametrize("name", list(CASES))
def test_opa_decides_as_cedar_and_rego(
    cedar: CedarEngine, rego: RegoEngine, opa: tuple[OpaServer, OpaEngine], name: str
) -> None:
    server, engine = opa
    before = server.evaluations
    seen = _decide(engine, CASES[name])
    assert seen == _decide(cedar, CASES[name]) == _decide(rego, CASES[name])
    assert seen != FAILED_SEEN
    assert server.evaluations > before  # decided by the server, not locally


def test_the_permit_carries_its_obligation(opa: tuple[OpaServer, OpaEngine]) -> None:
    assert _decide(opa[1], PERMIT) == (
        "permit",
        ("dokumentliste_kjernejournal",),
        (("logg", "tilgang_logges"),),
    )


def test_construction_pushes_the_twin_and_the_parameters(
    pack: Pack, opa: tuple[OpaServer, OpaEngine]
) -> None:
    server, engine = opa
    twin = sorted(PJD.glob("rego/*.rego"))
    assert server.policies() == {f"{PREFIX}rego/{p.name}": p.read_text() for p in twin}
    assert server.data == {"parametere": pack.parameters}
    assert engine.name == "opa"
    assert engine.pushed
    assert engine.revision == RegoEngine(pack).revision != pack.revision  # includes the twin


def test_switched_parameters_are_pushed_and_decide(tmp_path: Path, server: OpaServer) -> None:
    switched = _copy(tmp_path, SWITCHED)
    engine = OpaEngine(switched, server.url)
    req = CASES["pasient_sperret_pjd_btg"]
    assert _decide(engine, req) == _decide(CedarEngine(switched), req)
    assert _decide(engine, req) != _decide(CedarEngine(load_pack(PJD)), req)
    engine.close()


def test_decisions_from_many_threads_are_the_same(opa: tuple[OpaServer, OpaEngine]) -> None:
    engine = opa[1]
    alone = {name: _decide(engine, CASES[name]) for name in SAMPLE}
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda n: (n, _decide(engine, CASES[n])), SAMPLE * 8))
    assert all(seen == alone[name] for name, seen in together)
    assert len(engine._clients) <= 8  # pooled: one client per concurrent caller at most


# --- failing closed per query -----------------------------------------------------------------


def test_an_undefined_answer_denies(opa: tuple[OpaServer, OpaEngine]) -> None:
    server, engine = opa
    server.undefined = True  # HTTP 200 `{}`: OPA's undefined
    assert _decide(engine, PERMIT) == FAILED_SEEN
    server.undefined = False
    assert _decide(engine, PERMIT)[0] == "permit"


@pytest.mark.parametrize(
    ("status", "answer"),
    [
        (200, b"not json"),
        (500, b'{"code": "internal_error", "message": "boom"}'),
        (404, b"{}"),
        (200, b'{"result": null}'),
        (200, b'{"result": {"decision": "permit", "rules": [], "obligations": []}}'),
        (200, b'{"result": {"decision": "permit", "rules": ["ukjent"], "obligations": []}}'),
        (200, b'{"result": {"decision": "permit", "rules": ["dokumentvisning"]}}'),
        (200, b'{"decision": "permit"}'),
    ],
)
def test_an_error_or_odd_answer_denies(
    opa: tuple[OpaServer, OpaEngine], status: int, answer: bytes
) -> None:
    server, engine = opa
    server.status, server.answer = status, answer
    assert _decide(engine, PERMIT) == FAILED_SEEN


def test_a_slow_answer_denies_after_the_timeout(
    pack: Pack, opa: tuple[OpaServer, OpaEngine]
) -> None:
    server = opa[0]
    engine = OpaEngine(pack, server.url, timeout=0.3)
    server.delay = 2.0
    started = time.monotonic()
    assert _decide(engine, PERMIT) == FAILED_SEEN
    assert 0.3 <= time.monotonic() - started < 1.5  # the timeout, not the delay, and no retry
    server.delay = 0.0
    assert _decide(engine, PERMIT)[0] == "permit"
    engine.close()


def test_a_server_down_after_construction_denies(pack: Pack, server: OpaServer) -> None:
    engine = OpaEngine(pack, server.url, timeout=1.0)
    assert _decide(engine, PERMIT)[0] == "permit"
    server.stop()
    started = time.monotonic()
    assert [_decide(engine, CASES[n]) for n in SAMPLE] == [FAILED_SEEN] * len(SAMPLE)
    assert time.monotonic() - started < 5
    engine.close()


def test_a_server_restarted_empty_denies(pack: Pack, server: OpaServer) -> None:
    engine = OpaEngine(pack, server.url)
    server.reset()  # policies and data gone: every answer is undefined
    assert _decide(engine, PERMIT) == FAILED_SEEN
    engine.close()


# --- construction ------------------------------------------------------------------------------


def test_a_dead_url_is_a_policy_error_naming_it(pack: Pack) -> None:
    with running() as gone:
        url = gone.url
    with pytest.raises(PolicyError) as caught:
        OpaEngine(pack, url, timeout=0.5)
    assert caught.value.file == url
    assert url in str(caught.value)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1:8181", "http://127.0.0.1:8181/v1", "127.0.0.1:8181", "http://:8181"]
)
def test_a_url_that_is_not_opas_root_is_refused(pack: Pack, url: str) -> None:
    with pytest.raises(PolicyError, match="PJD_OPA_URL"):
        OpaEngine(pack, url)


def test_build_engine_needs_the_url(pack: Pack, server: OpaServer) -> None:
    with pytest.raises(ArgumentError) as caught:
        build_engine("opa", pack)
    assert caught.value.argument == "url"
    engine = build_engine("opa", pack, url=server.url, timeout=1.5)
    assert isinstance(engine, OpaEngine)
    assert (engine.name, engine.url, engine.timeout) == ("opa", server.url, 1.5)
    engine.close()


def test_a_twin_already_on_the_server_is_not_pushed(pack: Pack, server: OpaServer) -> None:
    for path in sorted(PJD.glob("rego/*.rego")):  # as `opa run policies/pjd/rego` loads them
        assert server.put_policy(f"policies/pjd/rego/{path.name}", path.read_text()) is None
    server.put_data(["parametere"], pack.parameters)
    engine = OpaEngine(pack, server.url)
    assert not engine.pushed
    assert not any(p.startswith(PREFIX) for p in server.policies())
    assert _decide(engine, PERMIT)[0] == "permit"
    engine.close()


def test_a_foreign_module_of_the_package_is_refused(pack: Pack, server: OpaServer) -> None:
    extra = 'package pjd\n\ntillat contains "dokumentvisning" if { true }\n'
    assert server.put_policy("extra.rego", extra) is None
    with pytest.raises(PolicyError, match=r"extra\.rego") as caught:
        OpaEngine(pack, server.url)
    assert caught.value.file == server.url
    assert server.policies() == {"extra.rego": extra}  # nothing pushed


def test_modules_of_an_earlier_twin_are_removed(pack: Pack, server: OpaServer) -> None:
    stale = "package pjd\n\ngammel_hjelper := true\n"
    assert server.put_policy(f"{PREFIX}rego/gammel.rego", stale) is None
    assert server.put_policy("other.rego", "package annet\n\nx := 1\n") is None
    engine = OpaEngine(pack, server.url)
    assert f"{PREFIX}rego/gammel.rego" not in server.policies()
    assert "other.rego" in server.policies()  # another package is not ours to touch
    engine.close()


def test_a_module_refused_once_is_pushed_again(pack: Pack, server: OpaServer) -> None:
    server.refuse[f"{PREFIX}rego/attest.rego"] = 1  # as OPA before felles.rego is there
    engine = OpaEngine(pack, server.url)
    assert f"{PREFIX}rego/attest.rego" in server.policies()
    assert _decide(engine, PERMIT)[0] == "permit"
    engine.close()


def test_a_refused_push_is_rolled_back(pack: Pack, server: OpaServer, tmp_path: Path) -> None:
    first = OpaEngine(pack, server.url)
    before, data = server.policies(), json.loads(json.dumps(server.data))
    changed = _copy(tmp_path, SWITCHED, comment="endret")
    server.refuse[f"{PREFIX}rego/tilbakeblikk.rego"] = 2  # refused in both passes of the push
    with pytest.raises(PolicyError, match="previous modules are restored") as caught:
        OpaEngine(changed, server.url)
    assert caught.value.file == server.url
    assert "tilbakeblikk.rego" in str(caught.value)
    assert server.policies() == before
    assert server.data == data
    assert _decide(first, PERMIT)[0] == "permit"  # the last good engine still decides
    first.close()


def test_a_failed_rollback_is_reported(pack: Pack, server: OpaServer, tmp_path: Path) -> None:
    OpaEngine(pack, server.url).close()
    server.refuse[f"{PREFIX}rego/tilbakeblikk.rego"] = 10
    with pytest.raises(PolicyError, match="restoring the previous modules failed"):
        OpaEngine(_copy(tmp_path, comment="endret"), server.url)
