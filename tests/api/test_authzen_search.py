"""AuthZEN search over a generic pack: every result is a permit of the same evaluation and every
permit a result, hierarchies included; page tokens continue only the search that issued them;
the PJD pack answers 404: it offers no search."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.authzen.page_tokens import Pager
from api.config import get_settings
from api.main import create_app
from tests.clients import api_client
from tests.fixtures import PACKS, PJD_PACK

SUBJECTS, RESOURCES, ACTIONS = (f"/access/v1/search/{k}" for k in ("subject", "resource", "action"))
EVAL = "/access/v1/evaluation"
USERS = ["kari", "ola", "per", "siri", "ukjent"]
DOCUMENTS = ["d1", "d2", "d3", "d4"]
VERBS = ["se", "kommentere", "redigere", "slette", "lese"]
SECRET = "en delt hemmelighet"
Json = dict[str, Any]


def _client(tmp_path: Path, pack: Path, **settings: Any) -> TestClient:
    url = f"sqlite:///{tmp_path}/{pack.name}.db"
    return api_client(create_app(get_settings(database_url=url, policy_dir=pack, **settings)))


@pytest.fixture
def rom(tmp_path: Path) -> Iterator[TestClient]:
    with _client(tmp_path, PACKS / "prosjektrom", page_secret=SECRET) as client:
        yield client


def _user(uid: str) -> Json:
    return {"type": "Bruker", "id": uid}


def _document(did: str) -> Json:
    return {"type": "Dokument", "id": did}


def _permitted(rom: TestClient, subject: str, action: str, resource: str) -> bool:
    body = {"subject": _user(subject), "action": {"name": action}, "resource": _document(resource)}
    decision: bool = rom.post(EVAL, json=body).json()["decision"]
    return decision


@pytest.mark.parametrize("action", VERBS)
def test_subject_and_resource_search_find_exactly_the_permits(rom: TestClient, action: str) -> None:
    for did in DOCUMENTS:
        body = {
            "subject": {"type": "Bruker"},
            "action": {"name": action},
            "resource": _document(did),
        }
        found = [r["id"] for r in rom.post(SUBJECTS, json=body).json()["results"]]
        assert found == [u for u in USERS[:4] if _permitted(rom, u, action, did)]
    for uid in USERS:
        body = {"subject": _user(uid), "action": {"name": action}, "resource": {"type": "Dokument"}}
        found = [r["id"] for r in rom.post(RESOURCES, json=body).json()["results"]]
        assert found == [d for d in DOCUMENTS if _permitted(rom, uid, action, d)]


def test_search_follows_the_hierarchies(rom: TestClient) -> None:
    # kari sees d1 as one of `alle`, through backend ⊂ utviklere ⊂ alle, and `se` ⊂ `lese`
    body = {"subject": _user("kari"), "action": {"name": "se"}, "resource": {"type": "Dokument"}}
    assert {"type": "Dokument", "id": "d1"} in rom.post(RESOURCES, json=body).json()["results"]


def test_action_search_finds_exactly_the_permitted_actions(rom: TestClient) -> None:
    for uid in USERS:
        for did in DOCUMENTS:
            body = {"subject": _user(uid), "resource": _document(did)}
            found = [r["name"] for r in rom.post(ACTIONS, json=body).json()["results"]]
            declared = ["lese", "endre", "administrere", *VERBS[:4]]
            assert found == [a for a in declared if _permitted(rom, uid, a, did)]


def test_the_searched_entitys_properties_are_ignored(rom: TestClient) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d3")}
    plain = rom.post(SUBJECTS, json=body).json()["results"]
    body["subject"] = {"type": "Bruker", "id": "siri", "properties": {"nivaa": 1}}
    assert rom.post(SUBJECTS, json=body).json()["results"] == plain != []


def _pages(rom: TestClient, body: Json, limit: int) -> list[Json]:
    pages = [rom.post(SUBJECTS, json=body | {"page": {"limit": limit}}).json()]
    while pages[-1]["page"]["next_token"]:
        page = {"limit": limit, "token": pages[-1]["page"]["next_token"]}
        pages.append(rom.post(SUBJECTS, json=body | {"page": page}).json())
    return pages


def test_pages_partition_the_results(rom: TestClient) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d1")}
    everything = rom.post(SUBJECTS, json=body).json()
    assert everything["page"] == {"next_token": "", "count": 2, "total": 2}
    pages = _pages(rom, body, 1)
    assert [p["page"]["count"] for p in pages] == [1, 1]
    assert all(p["page"]["total"] == 2 for p in pages)
    assert [r for p in pages for r in p["results"]] == everything["results"]


def _token(rom: TestClient, body: Json) -> str:
    token: str = rom.post(SUBJECTS, json=body | {"page": {"limit": 1}}).json()["page"]["next_token"]
    assert token
    return token


def _refused(rom: TestClient, body: Json, token: str, limit: int = 1) -> str:
    response = rom.post(SUBJECTS, json=body | {"page": {"limit": limit, "token": token}})
    assert response.status_code == 400 and response.json()["field"] == "page.token"
    message: str = response.json()["message"]
    return message


def test_an_altered_or_foreign_token_is_400_naming_page_token(rom: TestClient) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d1")}
    token = _token(rom, body)
    payload, mac = token.split(".")
    altered = ("A" if payload[0] != "A" else "B") + payload[1:] + "." + mac
    forged = Pager(b"another key", "x", "y").issue(0)
    for bad in (altered, forged, "", "abc", "a.b.c", token + "x"):
        assert "not a page token of this service" in _refused(rom, body, bad)


def test_a_token_continues_only_its_own_search(rom: TestClient) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d1")}
    token = _token(rom, body)
    assert "another search" in _refused(rom, body, token, limit=2)
    other = body | {"resource": _document("d4")}
    assert "another search" in _refused(rom, other, token)
    with_context = body | {"context": {"via": "kari"}}
    assert "another search" in _refused(rom, with_context, token)


def test_a_token_from_before_a_policy_change_is_refused(rom: TestClient) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d1")}
    token = _token(rom, body)
    payload = token.split(".")[0]
    search = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["q"]
    stale = Pager(SECRET.encode(), search, "0000000000000000").issue(1)
    assert "policy changed" in _refused(rom, body, stale)


def test_the_page_secret_lets_another_worker_continue(rom: TestClient, tmp_path: Path) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d1")}
    token = _token(rom, body)
    page = {"limit": 1, "token": token}
    with _client(tmp_path / "b", PACKS / "prosjektrom", page_secret=SECRET) as same:
        assert same.post(SUBJECTS, json=body | {"page": page}).status_code == 200
    with _client(tmp_path / "c", PACKS / "prosjektrom") as own_key:
        assert own_key.post(SUBJECTS, json=body | {"page": page}).status_code == 400


@pytest.mark.parametrize(
    ("page", "field"),
    [
        (0, "page"),
        ({"limit": 0}, "page.limit"),
        ({"limit": "2"}, "page.limit"),
        ({"token": 5}, "page.token"),
    ],
)
def test_a_malformed_page_is_400(rom: TestClient, page: object, field: str) -> None:
    body = {"subject": {"type": "Bruker"}, "action": {"name": "se"}, "resource": _document("d1")}
    response = rom.post(SUBJECTS, json=body | {"page": page})
    assert response.status_code == 400 and response.json()["field"] == field


def test_the_pjd_pack_offers_no_search(tmp_path: Path) -> None:
    body = {"subject": {"type": "helsepersonell", "id": "1"}, "resource": {"type": "dokument"}}
    with _client(tmp_path, PJD_PACK) as pjd:
        for path in (SUBJECTS, RESOURCES, ACTIONS):
            response = pjd.post(path, json=body | {"action": {"name": "read"}})
            assert response.status_code == 404
            assert response.json()["error"] == "not_found"
            assert "generic Cedar packs only" in response.json()["message"]
