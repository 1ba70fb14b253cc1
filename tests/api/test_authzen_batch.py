"""AuthZEN batches: the top level completes what an item leaves out, key by key, but a complete
item entity replaces the default whole; more than 1,000 items is a 413 before any decision."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.authzen import evaluation as authzen
from api.authzen.defaults import with_defaults
from api.config import get_settings
from api.main import create_app
from engine import CedarEngine
from tests.clients import api_client
from tests.fixtures import PACKS

BATCH = "/access/v1/evaluations"
ALICE = {"type": "user", "id": "alice"}
RECORD_1 = {"type": "record", "id": "record-1", "properties": {"status": "active"}}
Json = dict[str, Any]


@pytest.fixture
def pdp(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path}/x.db"
    app = create_app(get_settings(database_url=url, policy_dir=PACKS / "certification"))
    with api_client(app) as client:
        yield client


def _decisions(pdp: TestClient, top: Json, *items: Json) -> list[bool]:
    response = pdp.post(BATCH, json=top | {"evaluations": list(items)})
    assert response.status_code == 200, response.text
    return [r["decision"] for r in response.json()["evaluations"]]


def test_an_incomplete_item_entity_is_completed_from_the_top_level(pdp: TestClient) -> None:
    top = {"subject": ALICE, "action": {"name": "write"}, "resource": RECORD_1}
    archived = {"resource": {"properties": {"status": "archived"}}}  # record-1, archived
    admin = {"subject": {"properties": {"role": "admin"}}}  # alice as an admin
    assert _decisions(pdp, top, {}, archived, archived | admin) == [True, False, True]


def test_an_item_action_without_name_takes_the_default_name(pdp: TestClient) -> None:
    top = {"subject": ALICE, "action": {"name": "delete"}, "resource": RECORD_1}
    soft = {"action": {"properties": {"soft": True}}}
    assert _decisions(pdp, top, {}, soft) == [False, True]


def test_a_complete_item_entity_replaces_the_default_whole(pdp: TestClient) -> None:
    top = {"subject": ALICE, "action": {"name": "write"}, "resource": RECORD_1}
    other = {"resource": {"type": "record", "id": "record-2"}}  # stored archived, not "active"
    assert _decisions(pdp, top, {}, other) == [True, False]


def test_context_is_merged_key_by_key_the_item_winning() -> None:
    defaults = {"subject": ALICE, "context": {"time": "t0", "ip": "10.0.0.1"}}
    item = {"context": {"time": "t1"}, "resource": RECORD_1}
    merged = with_defaults(defaults, item)
    assert merged == {
        "subject": ALICE,
        "resource": RECORD_1,
        "context": {"time": "t1", "ip": "10.0.0.1"},
    }


def test_a_malformed_item_value_stays_the_items_own() -> None:
    assert with_defaults({"subject": ALICE}, {"subject": "alice"}) == {"subject": "alice"}


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many evaluations reached Cedar, call by call."""
    calls: list[int] = []
    original = CedarEngine.decide_replacing

    def counting(self: CedarEngine, queries: Any, entities: Any) -> Any:
        calls.append(len(queries))
        return original(self, queries, entities)

    monkeypatch.setattr(CedarEngine, "decide_replacing", counting)
    return calls


def _batch(count: int) -> Json:
    item = {"resource": {"type": "record", "id": "record-1"}}
    return {"subject": ALICE, "action": {"name": "read"}, "evaluations": [item] * count}


def test_more_than_1000_evaluations_is_413_and_nothing_is_decided(
    pdp: TestClient, decided: list[int]
) -> None:
    response = pdp.post(BATCH, json=_batch(1001))
    assert response.status_code == 413
    body = response.json()
    assert body == {"error": "too_large", "field": "evaluations", "message": body["message"]}
    assert body["message"].startswith("evaluations: 1001 evaluations; at most 1000")
    assert decided == []


def test_1000_evaluations_are_decided(pdp: TestClient, decided: list[int]) -> None:
    response = pdp.post(BATCH, json=_batch(1000))
    assert response.status_code == 200
    assert [r["decision"] for r in response.json()["evaluations"]] == [True] * 1000
    assert decided == [1000]  # alike items (the same entities overlaid): one cedarpy call


def test_an_item_that_fails_unexpectedly_is_a_deny_and_the_others_stand(
    pdp: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    decide = authzen.decide_generic_batch

    def failing(engine: CedarEngine, evaluations: Any) -> Any:
        if any(ev.resource.id == "record-2" for ev in evaluations):
            raise RuntimeError("broken")
        return decide(engine, evaluations)

    monkeypatch.setattr(authzen, "decide_generic_batch", failing)
    top = {"subject": ALICE, "action": {"name": "write"}, "resource": RECORD_1}
    items = [{}, {"resource": {"type": "record", "id": "record-2"}}, {}]
    response = pdp.post(BATCH, json=top | {"evaluations": items})
    assert response.status_code == 200, response.text
    results = response.json()["evaluations"]
    assert [r["decision"] for r in results] == [True, False, True]
    assert results[1]["context"]["error"]["status"] == 503
    assert "broken" not in response.text
