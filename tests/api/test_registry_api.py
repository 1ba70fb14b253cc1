"""GET and PUT /v1/registry on SQLite and PostgreSQL: round trip, replace, 400s, next decision."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.config import get_settings
from api.main import create_app
from tests.builders import AT, Json, document, pjd_body
from tests.clients import api_client
from tests.people import BERGEN, OUS, SRC_A

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
URL = "/v1/registry"


def demo() -> Json:
    data: Json = json.loads(DEMO.read_text(encoding="utf-8"))
    return data


def organisation(data: Json, orgnr: str) -> Json:
    found: list[Json] = [o for o in data["organisations"] if o["orgnr"] == orgnr]
    assert len(found) == 1
    return found[0]


def decision_body(source: str = SRC_A) -> Json:
    """BASE lists D1 of `source` at AT."""
    return pjd_body(AT, documents=[document("D1", source=source)])


@pytest.fixture
def client(db_engine: Engine) -> Iterator[TestClient]:
    """The app built from settings on `db_engine`'s database (SQLite file or PostgreSQL)."""
    url = db_engine.url.render_as_string(hide_password=False)
    app = create_app(get_settings(database_url=url))
    with api_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def put(client: TestClient, body: Json) -> Json:
    response = client.put(URL, json=body)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


def decide(client: TestClient, source: str = SRC_A) -> Json:
    response = client.post("/v1/pjd/decisions", json=decision_body(source))
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    answer: Json = result
    return answer


def test_an_empty_store_reads_as_an_empty_registry(client: TestClient) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == {"organisations": [], "gp_list": [], "persons": []}


def test_put_then_get_round_trips(client: TestClient) -> None:
    assert put(client, demo()) == demo()
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json() == demo()


def test_put_answers_in_export_order(client: TestClient) -> None:
    shuffled = demo()
    shuffled["organisations"].reverse()
    for org in shuffled["organisations"]:
        if org["source"]:
            org["source"]["grants"] = dict(reversed(org["source"]["grants"].items()))
    assert put(client, shuffled) == demo()
    assert client.get(URL).json() == demo()


def test_put_replaces_the_whole_registry(client: TestClient) -> None:
    put(client, demo())
    smaller = demo()
    smaller["organisations"] = [o for o in smaller["organisations"] if o["orgnr"] != BERGEN]
    smaller["gp_list"] = []
    assert put(client, smaller) == smaller
    stored = client.get(URL).json()
    assert stored == smaller
    assert BERGEN not in {o["orgnr"] for o in stored["organisations"]}
    assert stored["gp_list"] == []


def test_put_replaces_grants_of_a_kept_source(client: TestClient) -> None:
    put(client, demo())
    changed = demo()
    organisation(changed, SRC_A)["source"]["grants"] = {"okd": {"list": True, "read": False}}
    put(client, changed)
    stored = organisation(client.get(URL).json(), SRC_A)
    assert stored["source"]["grants"] == {"okd": {"list": True, "read": False}}


Change = Callable[[Json], None]


def _set(*path_and_value: Any) -> Change:
    *path, value = path_and_value

    def change(body: Json) -> None:
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


INVALID: dict[str, tuple[Change, str]] = {
    "orgnr_8_digits": (_set("organisations", 0, "orgnr", "10010067"), "organisations[0].orgnr"),
    "orgnr_number": (_set("organisations", 0, "orgnr", 100100673), "organisations[0].orgnr"),
    "unknown_category": (
        _set("organisations", 1, "category", "apotek"),
        "organisations[1].category",
    ),
    "consumer_flag_not_bool": (
        _set("organisations", 0, "consumer", "pjd_terms", "yes"),
        "organisations[0].consumer.pjd_terms",
    ),
    "grant_unknown_category": (
        _set("organisations", 1, "source", "grants", "apotek", {"list": True, "read": True}),
        "organisations[1].source.grants.apotek",
    ),
    "source_to_before_from": (
        _set("organisations", 1, "source", "active_to", "2023-12-31"),
        "organisations[1].source.active_to",
    ),
    "gp_patient_10_digits": (_set("gp_list", 0, "patient", "0507660032"), "gp_list[0].patient"),
    "gp_from_timestamp": (_set("gp_list", 0, "from", "2020-01-01T00:00:00Z"), "gp_list[0].from"),
    "gp_to_before_from": (_set("gp_list", 0, "to", "2019-12-31"), "gp_list[0].to"),
    "duplicate_orgnr": (
        lambda body: body["organisations"].append(copy.deepcopy(body["organisations"][0])),
        "organisations[8].orgnr",
    ),
    "missing_gp_list": (lambda body: body.pop("gp_list"), "gp_list"),
    "person_pid_10_digits": (_set("persons", 0, "pid", "1101501234"), "persons[0].pid"),
    "person_pid_number": (_set("persons", 0, "pid", 11015012345), "persons[0].pid"),
    "unknown_address_protection": (
        _set("persons", 0, "address_protection", "hemmelig"),
        "persons[0].address_protection",
    ),
    "address_protection_spelt_otherwise": (
        _set("persons", 0, "address_protection", "Strengt_fortrolig"),
        "persons[0].address_protection",
    ),
    "deceased_on_timestamp": (
        _set("persons", 1, "deceased_on", "2026-10-01T00:00:00Z"),
        "persons[1].deceased_on",
    ),
    "deceased_on_not_a_date": (
        _set("persons", 1, "deceased_on", "i fjor"),
        "persons[1].deceased_on",
    ),
    "duplicate_pid": (
        lambda body: body["persons"].append(copy.deepcopy(body["persons"][0])),
        "persons[2].pid",
    ),
    "missing_organisations": (lambda body: body.pop("organisations"), "organisations"),
}


@pytest.mark.parametrize(("change", "field"), INVALID.values(), ids=INVALID.keys())
def test_an_invalid_body_is_400_naming_the_field_and_changes_nothing(
    client: TestClient, change: Change, field: str
) -> None:
    put(client, demo())
    body = demo()
    change(body)
    response = client.put(URL, json=body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert set(answer) == {"error", "field", "message"}
    assert answer["field"] == field
    assert field in answer["message"]
    assert client.get(URL).json() == demo()


def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    response = client.put(
        URL, content=b"{organisations", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "body"


def test_a_put_takes_effect_for_the_next_decision(client: TestClient) -> None:
    put(client, demo())
    assert decide(client)["decision"] == "permit"
    inactive = demo()
    organisation(inactive, OUS)["consumer"]["active_to"] = "2026-11-26"  # exclusive: gone today
    put(client, inactive)
    result = decide(client)
    assert result["decision"] == "deny"
    assert [r["rule"] for r in result["reasons"]] == ["konsument_ikke_aktiv"]


def test_a_consumer_active_until_tomorrow_still_gets_a_permit(client: TestClient) -> None:
    body = demo()
    organisation(body, OUS)["consumer"]["active_to"] = "2026-11-27"
    put(client, body)
    assert decide(client)["decision"] == "permit"


def test_a_removed_source_is_no_longer_registered(client: TestClient) -> None:
    put(client, demo())
    assert decide(client, BERGEN)["decision"] == "permit"
    without_bergen = demo()
    without_bergen["organisations"] = [
        o for o in without_bergen["organisations"] if o["orgnr"] != BERGEN
    ]
    put(client, without_bergen)
    result = decide(client, BERGEN)
    assert (result["decision"], [r["rule"] for r in result["reasons"]]) == (
        "deny",
        ["kilde_ikke_registrert"],
    )
    assert decide(client, SRC_A)["decision"] == "permit"


def test_an_empty_registry_denies_the_unregistered_consumer(client: TestClient) -> None:
    put(client, demo())
    put(client, {"organisations": [], "gp_list": []})
    result = decide(client)
    assert result["decision"] == "deny"
    assert {"konsument_ikke_registrert", "kilde_ikke_registrert"} <= {
        r["rule"] for r in result["reasons"]
    }
