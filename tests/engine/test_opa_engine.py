"""The `opa` engine, end to end through opa-python-client against an OPA-protocol server
(tests/opa_server.py, evaluating with regopy) the twin was published to (tests/engine/
test_opa_publish.py): it decides exactly as the Cedar and Rego engines do, and fails closed —
server down, an undefined answer (HTTP 200 without `result`), a slow answer, an error or odd
answer all deny with `evaluation_error`. Building one makes no call; `verify` checks that the
server holds the pack's twin and parameters, is a PolicyError naming the url when not, and
until it passes nothing is decided on the server.
"""

from __future__ import annotations

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
    OpaEngine,
    Pack,
    PolicyError,
    RegoEngine,
    build_engine,
    load_pack,
    publish_twin,
    read_pack,
)
from engine.pjd import DecisionRequest, decide_pjd
from tests.engine.test_rego_engine import CASES, PJD, SWITCHED, Seen, _seen
from tests.opa_server import OpaServer, published, running
from tests.packs import set_parameters

FAILED_SEEN: Seen = ("deny", (EVALUATION_ERROR.id,), ())
PERMIT = CASES["list_kj"]  # permit with the obligation to log
SAMPLE = ["list_kj", "read", "sikkerhetsnivaa_for_lavt", "many_forbids", "innbygger_list"]


@pytest.fixture(scope="module")
def shared(pack: Pack) -> Iterator[tuple[OpaServer, OpaEngine]]:
    """One server the twin is published to, and its verified engine, for the whole module."""
    with published() as server:
        engine = OpaEngine(pack, server.url, timeout=2.0)
        engine.verify()
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
    """A server of the test's own holding the twin, to stop, reset or change."""
    with published() as own:
        yield own


@pytest.fixture
def empty() -> Iterator[OpaServer]:
    """A server of the test's own that holds nothing."""
    with running() as own:
        yield own


def _decide(engine: OpaEngine | RegoEngine | CedarEngine, req: DecisionRequest) -> Seen:
    (decision,) = decide_pjd(engine, req)
    return _seen(decision)


def _copy(tmp: Path, parameters: dict[str, object] | None = None, comment: str = "") -> Pack:
    target = tmp / "pjd"
    shutil.copytree(PJD, target)
    if parameters:
        set_parameters(target, parameters)
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


def test_the_engine_is_the_twin_on_the_server(pack: Pack, opa: tuple[OpaServer, OpaEngine]) -> None:
    engine = opa[1]
    assert (engine.name, engine.verified) == ("opa", True)
    assert engine.revision == RegoEngine(pack).revision != pack.revision  # includes the twin
    assert engine.catalogue == RegoEngine(pack).catalogue


def test_switched_parameters_published_decide(tmp_path: Path, empty: OpaServer) -> None:
    switched = _copy(tmp_path, SWITCHED)
    publish_twin(switched, empty.url)
    engine = OpaEngine(switched, empty.url)
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
    engine.verify()
    server.delay = 2.0
    started = time.monotonic()
    assert _decide(engine, PERMIT) == FAILED_SEEN
    assert 0.3 <= time.monotonic() - started < 1.5  # the timeout, not the delay, and no retry
    server.delay = 0.0
    assert _decide(engine, PERMIT)[0] == "permit"
    engine.close()


def test_a_server_down_after_verification_denies(pack: Pack, server: OpaServer) -> None:
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


# --- building and verifying ---------------------------------------------------------------------


def test_building_makes_no_call_and_an_unverified_engine_decides_nothing(pack: Pack) -> None:
    with running() as gone:
        url = gone.url
    engine = OpaEngine(pack, url, timeout=0.5)  # the server is gone: building does not notice
    assert not engine.verified
    assert _decide(engine, PERMIT) == FAILED_SEEN
    with pytest.raises(PolicyError) as caught:
        engine.verify()
    assert caught.value.file == url
    assert url in str(caught.value)


def test_decide_verifies_first(pack: Pack, server: OpaServer) -> None:
    engine = OpaEngine(pack, server.url)
    assert not engine.verified
    assert _decide(engine, PERMIT)[0] == "permit"
    assert engine.verified
    engine.close()


def test_a_server_without_the_twin_is_refused_and_decides_nothing(
    pack: Pack, empty: OpaServer
) -> None:
    engine = OpaEngine(pack, empty.url)
    with pytest.raises(PolicyError, match="not the pack's twin") as caught:
        engine.verify()
    assert caught.value.file == empty.url
    before = empty.evaluations
    assert _decide(engine, PERMIT) == FAILED_SEEN
    assert empty.evaluations == before  # nothing asked of a server that does not hold the twin
    assert empty.policies() == {}  # and nothing pushed to it
    engine.close()


def test_another_twin_on_the_server_is_refused(
    pack: Pack, empty: OpaServer, tmp_path: Path
) -> None:
    publish_twin(_copy(tmp_path, comment="endret"), empty.url)
    engine = OpaEngine(pack, empty.url)
    with pytest.raises(PolicyError, match="not the pack's twin"):
        engine.verify()
    assert _decide(engine, PERMIT) == FAILED_SEEN
    engine.close()


def test_other_parameters_on_the_server_are_refused(
    pack: Pack, empty: OpaServer, tmp_path: Path
) -> None:
    publish_twin(_copy(tmp_path, SWITCHED), empty.url)  # the same twin, other parameters
    engine = OpaEngine(pack, empty.url)
    with pytest.raises(PolicyError, match=r"data\.parametere"):
        engine.verify()
    assert _decide(engine, PERMIT) == FAILED_SEEN
    engine.close()


def test_a_foreign_module_of_the_package_is_refused(pack: Pack, server: OpaServer) -> None:
    extra = 'package pjd\n\ntillat contains "dokumentvisning" if { true }\n'
    assert server.put_policy("extra.rego", extra) is None
    engine = OpaEngine(pack, server.url)
    with pytest.raises(PolicyError, match=r"extra\.rego") as caught:
        engine.verify()
    assert caught.value.file == server.url
    assert _decide(engine, PERMIT) == FAILED_SEEN
    engine.close()


def test_a_twin_loaded_as_a_bundle_is_verified(pack: Pack, empty: OpaServer) -> None:
    for path in sorted(PJD.glob("rego/*.rego")):  # as `opa run policies/pjd/rego` loads them
        assert empty.put_policy(f"policies/pjd/rego/{path.name}", path.read_text()) is None
    empty.put_data(["parametere"], pack.parameters)
    engine = OpaEngine(pack, empty.url)
    engine.verify()
    assert _decide(engine, PERMIT)[0] == "permit"
    engine.close()


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1:8181", "http://127.0.0.1:8181/v1", "127.0.0.1:8181", "http://:8181"]
)
def test_a_url_that_is_not_opas_root_is_refused(pack: Pack, url: str) -> None:
    with pytest.raises(ArgumentError, match="not OPA's root") as caught:
        OpaEngine(pack, url)
    assert caught.value.argument == "url"


def test_build_engine_needs_the_url_and_makes_no_call(pack: Pack, server: OpaServer) -> None:
    with pytest.raises(ArgumentError) as caught:
        build_engine("opa", pack)
    assert caught.value.argument == "url"
    with pytest.raises(ArgumentError) as unknown:
        build_engine("cerbos", pack)
    assert unknown.value.argument == "kind"
    before = server.evaluations
    engine = build_engine("opa", pack, url=server.url, timeout=1.5)
    assert isinstance(engine, OpaEngine)
    assert (engine.name, engine.url, engine.timeout, engine.verified) == (
        "opa",
        server.url,
        1.5,
        False,
    )
    assert server.evaluations == before
    engine.close()
