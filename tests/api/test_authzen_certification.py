"""The AuthZEN Authorization API 1.0 certification scenario, section by section, on the
certification pack (tests/fixtures/packs/certification): Basic, Batch and Search, Core and
Properties, and Discovery. The requests are the scenario's (tests/fixtures/authzen)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.config import get_settings
from api.main import create_app
from tests.clients import api_client
from tests.fixtures import FIXTURES, PACKS

AUTHZEN = FIXTURES / "authzen"
SCENARIO = (AUTHZEN / "authorization-api-1_0-scenario.md").read_text(encoding="utf-8")
CASES: list[dict[str, Any]] = json.loads((AUTHZEN / "certification-cases.json").read_bytes())
BASE = "https://pdp.example.com"
FIXTURE_RULES = [  # § C.1.4: subject, its properties, action, its properties, resource, its
    ("alice", None, "read", None, "record-1", None, True),
    ("alice", None, "write", None, "record-1", None, True),
    ("bob", None, "read", None, "record-1", None, True),
    ("bob", None, "write", None, "record-1", None, False),
    ("alice", None, "write", None, "record-2", {"status": "archived"}, False),
    ("carol", {"role": "admin"}, "write", None, "record-2", {"status": "archived"}, True),
    ("alice", None, "delete", {"soft": True}, "record-1", None, True),
    ("alice", None, "delete", {"soft": False}, "record-1", None, False),
]
SAME_RESULTS = [  # § C.4: these requests MUST find what the first of their section finds
    ("c-4-2-2", "c-4-2-1"),
    ("c-4-2-3", "c-4-2-1"),
    ("c-4-3-2", "c-4-3-1"),
    ("c-4-3-3", "c-4-3-1"),
    ("c-4-4-2", "c-4-4-1"),
]
Json = dict[str, Any]


@pytest.fixture(scope="module")
def pdp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cert')}/x.db"
    app = create_app(get_settings(database_url=url, policy_dir=PACKS / "certification"))
    with api_client(app, base_url=BASE) as client:
        yield client


def _case(case_id: str) -> Json:
    return next(c for c in CASES if c["id"] == case_id)


def _post(pdp: TestClient, case: Json) -> Any:
    return pdp.post(f"/access/v1/{case['endpoint']}", json=case["request"])


def _section_blocks(section: str) -> list[Any]:
    """The JSON blocks of one section of the scenario as published."""
    start = SCENARIO.index(f"{{#{section}}}")
    match = re.search(r"^#+ .*\{#c-", SCENARIO[start + 1 :], flags=re.M)
    end = start + 1 + match.start() if match else len(SCENARIO)
    blocks = re.findall(r"~~~ json\n(.*?)~~~", SCENARIO[start:end], flags=re.S)
    return [json.loads(b) for b in blocks]


def test_the_cases_are_the_scenarios_requests() -> None:
    sections = {c["id"].split("/")[0] for c in CASES}
    assert len(sections) == 38 and len(CASES) == 49
    for case in CASES:
        assert case["request"] in _section_blocks(case["id"].split("/")[0]), case["id"]


def _check_decision(answer: Json, expected: bool | None) -> None:
    assert isinstance(answer["decision"], bool)  # § C.2.3.1
    assert isinstance(answer.get("context", {}), dict)  # § C.2.3.2
    if expected is not None:
        assert answer["decision"] is expected


def _check_results(answer: Json, case: Json) -> None:
    results, searched = answer["results"], case["endpoint"].removeprefix("search/")
    assert isinstance(results, list)
    if searched == "action":
        assert all(isinstance(r["name"], str) for r in results)
    else:
        assert all(r["type"] == case["request"][searched]["type"] for r in results)
        assert all(isinstance(r["id"], str) for r in results)
    for wanted in case["expect"].get("results_include", []):
        assert wanted in results
    page = answer.get("page", {})
    assert isinstance(page, dict) and isinstance(page.get("next_token", ""), str)


def _check(answer: Json, case: Json) -> None:
    expect = case["expect"]
    if "decisions" in expect:
        assert "decision" not in answer  # § C.3.3.4: no top-level decision beside the items
        assert len(answer["evaluations"]) == len(expect["decisions"])  # § C.3.3.1
        for item, decision in zip(answer["evaluations"], expect["decisions"], strict=True):
            _check_decision(item, decision)  # in request order, § C.3.3.2
    elif case["endpoint"].startswith("search/"):
        _check_results(answer, case)
        if "body" in expect:
            assert answer["results"] == expect["body"]["results"]
    else:
        _check_decision(answer, expect["body"]["decision"])


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['level']} {c['id']}")
def test_scenario_request(pdp: TestClient, case: Json) -> None:
    response = _post(pdp, case)
    assert response.status_code == case["expect"]["status"], response.text
    assert response.headers["content-type"] == "application/json"  # § C.5
    if response.status_code == 400:
        assert set(response.json()) == {"error", "field", "message"}
    else:
        _check(response.json(), case)


@pytest.mark.parametrize("with_context", [False, True], ids=["no context", "context"])
@pytest.mark.parametrize("rule", FIXTURE_RULES, ids=[f"rule {n}" for n in range(1, 9)])
def test_the_fixture_decisions_hold_with_or_without_context(
    pdp: TestClient, rule: tuple[Any, ...], with_context: bool
) -> None:
    subject, sprops, action, aprops, resource, rprops, expected = rule
    body: Json = {
        "subject": {"type": "user", "id": subject, **({"properties": sprops} if sprops else {})},
        "action": {"name": action, **({"properties": aprops} if aprops else {})},
        "resource": {
            "type": "record",
            "id": resource,
            **({"properties": rprops} if rprops else {}),
        },
    }
    if with_context:
        body["context"] = {"time": "2025-06-27T18:03-07:00", "ip": "192.168.1.1"}
    assert pdp.post("/access/v1/evaluation", json=body).json()["decision"] is expected


@pytest.mark.parametrize(("case_id", "base_id"), SAME_RESULTS)
def test_context_and_an_ignored_id_do_not_change_what_a_search_finds(
    pdp: TestClient, case_id: str, base_id: str
) -> None:
    found = _post(pdp, _case(case_id)).json()["results"]
    assert found == _post(pdp, _case(base_id)).json()["results"] != []


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b'{"subject": {"type": "user", "id": "alice"}}', {"Content-Type": "text/plain"}),  # 4.3
        (b'{"subject": {"type": "user", "id": "alice"},', {"Content-Type": "application/json"}),
        (b"", {"Content-Type": "application/json"}),  # § C.2.4.5
    ],
    ids=["wrong content type", "malformed JSON", "empty body"],
)
def test_a_body_that_is_not_a_json_request_is_400(
    pdp: TestClient, content: bytes, headers: dict[str, str]
) -> None:
    for endpoint in ("evaluation", "evaluations", "search/subject"):
        response = pdp.post(f"/access/v1/{endpoint}", content=content, headers=headers)
        assert response.status_code == 400 and response.json()["error"] == "bad_request"


def test_the_request_id_is_echoed_and_may_be_absent(pdp: TestClient) -> None:
    case = _case("c-2-2-1")
    echoed = pdp.post("/access/v1/evaluation", json=case["request"], headers={"X-Request-ID": "r7"})
    assert echoed.status_code == 200 and echoed.headers["X-Request-ID"] == "r7"
    assert _post(pdp, case).status_code == 200


@pytest.mark.parametrize("case_id", ["c-2-2-1", "c-2-2-2"])
def test_the_same_request_decides_the_same(pdp: TestClient, case_id: str) -> None:
    answers = {_post(pdp, _case(case_id)).json()["decision"] for _ in range(5)}
    assert answers == {_case(case_id)["expect"]["body"]["decision"]}


def test_a_page_token_walks_the_results_to_an_empty_next_token(pdp: TestClient) -> None:
    request = _case("c-4-5-1")["request"]  # § C.4.5.1, then § C.4.5.2 with its next_token
    seen: list[Json] = []
    answer = pdp.post("/access/v1/search/subject", json=request).json()
    while True:
        seen += answer["results"]
        assert answer["page"]["count"] == len(answer["results"]) == 1
        token = answer["page"]["next_token"]
        if token == "":
            break
        page = {"limit": 1, "token": token}
        answer = pdp.post("/access/v1/search/subject", json=request | {"page": page}).json()
    assert seen == [{"type": "user", "id": "alice"}, {"type": "user", "id": "bob"}]


def test_discovery_lists_every_endpoint_and_each_answers(pdp: TestClient) -> None:
    response = pdp.get("/.well-known/authzen-configuration")
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    metadata = response.json()
    assert metadata["policy_decision_point"] == BASE
    examples = {
        "access_evaluation_endpoint": "c-2-2-1",
        "access_evaluations_endpoint": "c-3-2-2",
        "search_subject_endpoint": "c-4-2-1",
        "search_resource_endpoint": "c-4-3-1",
        "search_action_endpoint": "c-4-4-1",
    }
    assert set(metadata) == {"policy_decision_point", *examples}
    for key, case_id in examples.items():
        assert metadata[key].startswith(f"{BASE}/")
        case = _case(case_id)
        response = pdp.post(metadata[key].removeprefix(BASE), json=case["request"])
        assert response.status_code == 200
        _check(response.json(), case)
