"""Reloads swap the whole engine at once: a decision in flight finishes on the pack it started
with, and every answer carries a revision that was loaded and is decided wholly under it."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from api.config import get_settings
from api.pjd import service
from api.pjd.schemas import PjdDecisionIn
from api.registry.store import load_registry_file, replace_registry
from api.runtime import Runtime, start_runtime
from tests.api.test_pjd_endpoint import DEMO
from tests.api.test_reload_live import AFTER, BEFORE, BODY
from tests.engine.test_manifest import TAMPERING
from tests.packs import copy_pack, parameter_values, relock, set_parameters

Seen = tuple[str, list[tuple[str, str, list[str]]]]
DECIDERS, MAX_DECISIONS, RELOADS = 3, 5000, 12


def _lengthened(folder: Path) -> Path:
    """A copy of the pack giving C00-1 five years of look-back, locked."""
    pack = copy_pack(folder)
    lookback = {**parameter_values(pack)["tilbakeblikk_aar"], "C00-1": 5}
    return relock(set_parameters(pack, {"tilbakeblikk_aar": lookback}))


def _point(link: Path, target: Path) -> None:
    """Point `link` at `target` in one step, as a deployment switches packs."""
    new = link.with_name(link.name + ".new")
    new.symlink_to(target, target_is_directory=True)
    os.replace(new, link)


@pytest.fixture(params=["cedar", "rego"])
def packs(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Runtime, dict[str, Path]]]:
    """A runtime on `current` → pack `a`; beside it `b` (another good pack) and `bad` (tampered)."""
    found = {"a": copy_pack(tmp_path / "a"), "b": _lengthened(tmp_path / "b")}
    found["bad"] = copy_pack(tmp_path / "bad")
    TAMPERING["emptied"][0](found["bad"])
    link = tmp_path / "current"
    _point(link, found["a"])
    settings = get_settings(
        database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=link, engine=request.param
    )
    runtime = start_runtime(settings)
    with Session(runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    try:
        yield runtime, found | {"current": link}
    finally:
        runtime.db.dispose()


def _decide(runtime: Runtime) -> Seen:
    answer = service.decide(runtime, PjdDecisionIn.model_validate(BODY), log=False)
    results = [(r.document, r.decision, [x.rule for x in r.reasons]) for r in answer.results]
    return answer.policy_revision, results


def _revision(runtime: Runtime) -> str:
    assert runtime.engine is not None, runtime.load_error
    return runtime.engine.revision


def test_a_decision_in_flight_finishes_on_the_pack_it_started_with(
    packs: tuple[Runtime, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime, found = packs
    old = _revision(runtime)
    started, go = threading.Event(), threading.Event()
    build = service.prepare

    def slow(*args: Any) -> Any:
        started.set()
        assert go.wait(30)
        return build(*args)

    monkeypatch.setattr(service, "prepare", slow)
    answers: list[Seen] = []
    thread = threading.Thread(target=lambda: answers.append(_decide(runtime)))
    thread.start()
    assert started.wait(30)
    _point(found["current"], found["b"])
    assert runtime.reload() is True
    new = _revision(runtime)
    go.set()
    thread.join(30)
    monkeypatch.setattr(service, "prepare", build)
    assert answers == [(old, BEFORE)]
    assert _decide(runtime) == (new, AFTER)
    assert new != old


def test_decisions_during_reloads_are_each_decided_under_one_loaded_revision(
    packs: tuple[Runtime, dict[str, Path]], caplog: pytest.LogCaptureFixture
) -> None:
    runtime, found = packs
    caplog.set_level(logging.INFO, logger="pjd.policies")
    expected = {_revision(runtime): BEFORE}
    answers: list[Seen] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def decide() -> None:
        try:
            while not done.is_set() and len(answers) < MAX_DECISIONS:
                answers.append(_decide(runtime))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    deciders = [threading.Thread(target=decide) for _ in range(DECIDERS)]
    for thread in deciders:
        thread.start()
    outcomes = []
    for n in range(RELOADS):
        target = ("b", "bad", "a", "bad")[n % 4]
        _point(found["current"], found[target])
        outcomes.append((target, runtime.reload(), runtime.state.status))
        if target == "b":
            expected[_revision(runtime)] = AFTER
    done.set()
    for thread in deciders:
        thread.join(120)
    assert not errors, errors
    assert all(ok == (target != "bad") for target, ok, _ in outcomes), outcomes
    assert all(status == ("degraded" if t == "bad" else "ok") for t, _, status in outcomes)
    for revision, results in answers:
        assert results == expected[revision], revision  # a loaded revision, and its own answer
    assert {revision for revision, _ in answers} == set(expected)  # reloads swapped mid-run
    assert sum(1 for r in caplog.records if "policy pack loaded:" in r.getMessage()) == RELOADS // 2
