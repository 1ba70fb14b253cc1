"""The public AuthZEN interop scenarios, decision file by decision file: todo (1.0-01 and
1.0-02, with batches) on tests/fixtures/packs/todo, api-gateway on tests/fixtures/packs/gateway.
Each request must get the decision the scenario expects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.config import get_settings
from api.main import create_app
from tests.clients import api_client
from tests.fixtures import FIXTURES, PACKS

AUTHZEN = FIXTURES / "authzen"
FILES = {
    "todo": [
        "todo-decisions-authorization-api-1_0-01.json",
        "todo-decisions-authorization-api-1_0-02.json",
    ],
    "gateway": ["gateway-decisions.json"],
}


def _cases(pack: str, key: str) -> list[Any]:
    out = []
    for name in FILES[pack]:
        cases = json.loads((AUTHZEN / name).read_bytes()).get(key, [])
        out += [pytest.param(pack, c, id=f"{name}:{key}[{n}]") for n, c in enumerate(cases)]
    return out


SINGLE = _cases("todo", "evaluation") + _cases("gateway", "evaluation")
BATCH = _cases("todo", "evaluations")


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TestClient]]:
    with ExitStack() as stack:
        out = {}
        for pack in FILES:
            url = f"sqlite:///{tmp_path_factory.mktemp(pack)}/x.db"
            app = create_app(get_settings(database_url=url, policy_dir=PACKS / pack))
            out[pack] = stack.enter_context(api_client(app))
        yield out


def test_every_decision_file_is_walked() -> None:
    assert len(SINGLE) == 40 + 40 + 25 and len(BATCH) == 3
    expected = [c.values[1]["expected"] for c in SINGLE]
    assert True in expected and False in expected  # the scenarios deny as well as permit


@pytest.mark.parametrize(("pack", "case"), SINGLE)
def test_evaluation(clients: dict[str, TestClient], pack: str, case: dict[str, Any]) -> None:
    response = clients[pack].post("/access/v1/evaluation", json=case["request"])
    assert response.status_code == 200, response.text
    assert response.json()["decision"] is case["expected"]


@pytest.mark.parametrize(("pack", "case"), BATCH)
def test_evaluations(clients: dict[str, TestClient], pack: str, case: dict[str, Any]) -> None:
    response = clients[pack].post("/access/v1/evaluations", json=case["request"])
    assert response.status_code == 200, response.text
    assert response.json()["evaluations"] == case["expected"]
