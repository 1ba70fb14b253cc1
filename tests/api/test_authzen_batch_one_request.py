"""An AuthZEN batch on the PJD pack is decided as one request: one read of the facts (one
transaction), one engine call for items that differ only in their document, one log
transaction for all answered items — however many items; items after a stop are not logged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.pjd import service
from tests.api.demo_app import demo_app
from tests.api.refusals import logged
from tests.builders import AT, Json, authzen_evaluation
from tests.clients import api_client

BATCH = "/access/v1/evaluations"
N = 7
BEGUN = 2  # the facts' read, the log's write (once the registry's snapshot is loaded)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """The app with the demo registry, its snapshot loaded by a first decision."""
    with demo_app(f"sqlite:///{tmp_path / 'pjd.db'}") as app, api_client(app) as test_client:
        assert test_client.post(BATCH, json=_batch([_item("D0")])).status_code == 200
        yield test_client


def _batch(items: list[Json], semantic: str = "execute_all") -> Json:
    return authzen_evaluation(AT) | {
        "evaluations": items,
        "options": {"evaluations_semantic": semantic},
    }


def _item(document: str, class_code: str = "A00-1") -> Json:
    resource = authzen_evaluation(AT)["resource"]
    properties = resource["properties"] | {"class_code": class_code}
    return {"resource": resource | {"id": document, "properties": properties}}


def _counted(client: TestClient, body: Json) -> tuple[Json, dict[str, int]]:
    """The answer, and the transactions begun and the access-log inserts made for it."""
    db = client.app.state.runtime.db  # type: ignore[attr-defined]
    seen = {"begin": 0, "log_inserts": 0}

    def begin(_: Any) -> None:
        seen["begin"] += 1

    def statement(*args: Any) -> None:
        seen["log_inserts"] += str(args[2]).lstrip().upper().startswith("INSERT INTO ACCESS_LOG ")

    event.listen(db, "begin", begin)
    event.listen(db, "before_cursor_execute", statement)
    try:
        response = client.post(BATCH, json=body)
    finally:
        event.remove(db, "begin", begin)
        event.remove(db, "before_cursor_execute", statement)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer, seen


def test_a_batch_of_n_items_is_one_read_one_engine_call_and_one_log_transaction(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    decide_pjd = service.decide_pjd

    def counting(engine: Any, request: Any) -> Any:
        calls.append(len(request.documents))
        return decide_pjd(engine, request)

    monkeypatch.setattr(service, "decide_pjd", counting)
    _, one = _counted(client, _batch([_item("D0")]))
    before = logged(client)
    answer, seen = _counted(client, _batch([_item(f"D{i}") for i in range(N)]))
    assert [item["decision"] for item in answer["evaluations"]] == [True] * N
    assert seen == one == {"begin": BEGUN, "log_inserts": 1}  # as many as for one item
    assert calls == [1, N]
    assert logged(client) == before + N


def test_items_after_the_stop_are_decided_but_not_logged(client: TestClient) -> None:
    items = [_item("D0"), _item("D1", "B00-1"), _item("D2"), _item("D3")]  # B00-1 is denied
    before = logged(client)
    answer, seen = _counted(client, _batch(items, "deny_on_first_deny"))
    assert [item["decision"] for item in answer["evaluations"]] == [True, False]
    assert seen == {"begin": BEGUN, "log_inserts": 1}
    assert logged(client) == before + 2


def test_a_malformed_item_fails_alone_and_items_of_two_patients_are_one_read(
    client: TestClient,
) -> None:
    other = _item("D9")
    other["resource"]["properties"] |= {"patient": "13116900216"}
    items = [_item("D0"), {"resource": {"type": "dokument", "id": "D1"}}, other]
    before = logged(client)
    answer, seen = _counted(client, _batch(items))
    first, failed, _ = answer["evaluations"]
    assert first == {"decision": True}
    assert failed["decision"] is False
    assert failed["context"]["error"]["status"] == 400
    assert "resource.properties.patient" in failed["context"]["error"]["message"]
    assert seen == {"begin": BEGUN, "log_inserts": 1}
    assert logged(client) == before + 2
