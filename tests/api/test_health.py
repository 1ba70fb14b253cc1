"""GET /health and GET /v1/rules, X-Request-ID, a pack that cannot be loaded, the database probe.

The database faults themselves (stopped, frozen, locked) are in `test_database_faults.py`.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.config import get_settings
from api.health.readiness import CACHE_SECONDS
from api.main import create_app
from engine import load_pack
from tests.clients import api_client
from tests.packs import relock

PACK = Path(__file__).resolve().parents[2] / "policies" / "pjd"
GRADES = {"lov", "forskrift", "spesifikasjon", "praksis", "antakelse"}
SYSTEM_RULES = {"evaluation_error", "ingen_tilgangsgrunnlag", "logg_ikke_skrevet"}
_ID = re.compile(r'^@id\("([^"]+)"\)')


def policy_ids() -> dict[str, str]:
    """Every `@id` in the pack's policy files, with its file name."""
    ids: dict[str, str] = {}
    for file in sorted(PACK.glob("*.cedar")):
        for line in file.read_text(encoding="utf-8").splitlines():
            match = _ID.match(line.strip())
            if match:
                ids[match.group(1)] = file.name
    return ids


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=PACK)
    with api_client(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_health_is_ok_with_engine_revision_and_load_time(client: TestClient) -> None:
    before = datetime.now(UTC)
    response = client.get("/health")
    assert response.status_code == 200
    health = response.json()
    assert health["status"] == "ok"
    assert health["database"] == {"status": "ok"}
    assert health["engine"] == "cedar"
    assert health["policy_revision"] == load_pack(PACK).revision
    assert re.fullmatch(r"[0-9a-f]{16}", health["policy_revision"])
    loaded_at = datetime.fromisoformat(health["loaded_at"])
    assert loaded_at.tzinfo is not None
    assert before - timedelta(minutes=5) < loaded_at <= datetime.now(UTC)
    assert (health["rules"], health["system_rules"]) == (len(policy_ids()), len(SYSTEM_RULES))
    assert "load_error" not in health
    assert health["claims"] == "unverified_accepted"  # the tests' settings, as `make run`'s


def test_health_says_when_only_signed_claims_decide(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pjd.db'}"
    settings = get_settings(database_url=url, policy_dir=PACK, accept_unverified_claims=False)
    with api_client(create_app(settings)) as strict:
        assert strict.get("/health").json()["claims"] == "verified_only"


def test_the_revision_changes_with_the_pack(client: TestClient, tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(PACK, copy)
    original = client.get("/health").json()["policy_revision"]
    assert load_pack(copy).revision == original
    with (copy / "kilde.cedar").open("a", encoding="utf-8") as file:
        file.write("\n// en kommentar endrer også revisjonen\n")
    assert load_pack(relock(copy)).revision != original


def test_rules_lists_every_rule_with_its_annotations(client: TestClient) -> None:
    response = client.get("/v1/rules")
    assert response.status_code == 200
    catalogue = response.json()
    assert catalogue["policy_revision"] == client.get("/health").json()["policy_revision"]
    rules = {rule["id"]: rule for rule in catalogue["rules"]}
    assert len(rules) == len(catalogue["rules"])  # no id twice
    expected = policy_ids()
    assert set(rules) == set(expected) | SYSTEM_RULES
    for rule_id, rule in rules.items():
        assert rule["title"].strip(), rule_id
        assert rule["legal_basis"].strip(), rule_id
        assert rule["evidence_grade"] in GRADES, rule_id
        if rule["evidence_grade"] == "antakelse":
            assert rule["open_question"], rule_id
        if rule_id in SYSTEM_RULES:
            assert rule["effect"] == "system"
            continue
        assert rule["file"] == expected[rule_id]
        assert rule["effect"] in {"permit", "forbid"}
        lines = (PACK / rule["file"]).read_text(encoding="utf-8").splitlines()
        assert lines[rule["line"] - 1].startswith(rule["effect"]), rule_id
        annotations = lines[: rule["line"] - 1]
        nearest_id = next(line for line in reversed(annotations) if line.startswith("@id("))
        assert nearest_id == f'@id("{rule_id}")'


def test_rules_titles_are_the_annotations(client: TestClient) -> None:
    rules = {rule["id"]: rule for rule in client.get("/v1/rules").json()["rules"]}
    text = (PACK / "kilde.cedar").read_text(encoding="utf-8")
    assert '@tittel("' + rules["kilde_ikke_registrert"]["title"] + '")' in text
    assert rules["kilde_ikke_registrert"]["legal_basis"] == "pasientjournalloven § 19 annet ledd"
    assert rules["kilde_ikke_registrert"]["evidence_grade"] == "spesifikasjon"
    assert rules["tilgang_logges"]["obligation"] == "logg"


def test_the_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/health", headers={"X-Request-ID": "req-42"})
    assert response.headers["X-Request-ID"] == "req-42"


def test_the_request_id_is_echoed_on_a_400(client: TestClient) -> None:
    response = client.post(
        "/v1/pjd/decisions", json={"action": "list"}, headers={"x-request-id": "abc-123"}
    )
    assert response.status_code == 400
    assert response.headers["X-Request-ID"] == "abc-123"


def test_the_request_id_is_echoed_on_rules(client: TestClient) -> None:
    response = client.get("/v1/rules", headers={"X-Request-ID": "7f0c"})
    assert response.headers["x-request-id"] == "7f0c"


@pytest.fixture
def no_pack_client(tmp_path: Path) -> Iterator[TestClient]:
    empty = tmp_path / "empty"
    empty.mkdir()
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=empty)
    with api_client(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def test_health_is_503_without_a_pack(no_pack_client: TestClient) -> None:
    response = no_pack_client.get("/health")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "2"
    health = response.json()
    assert health["status"] == "unavailable"
    assert health["database"] == {"status": "ok"}  # the database is there; the pack is not
    assert health["policy_revision"] is None
    assert "schema.cedarschema" in health["load_error"]


def test_rules_is_503_without_a_pack(no_pack_client: TestClient) -> None:
    response = no_pack_client.get("/v1/rules")
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"


def test_a_failed_reload_keeps_the_last_good_pack_and_says_degraded(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=pack)
    app = create_app(settings)
    schema = (pack / "schema.cedarschema").read_bytes()
    with api_client(app) as test_client:
        good = test_client.get("/health").json()
        assert "reloaded_at" not in good
        (pack / "schema.cedarschema").unlink()
        assert app.state.runtime.reload() is False
        response = test_client.get("/health")
        (pack / "schema.cedarschema").write_bytes(schema)
        assert app.state.runtime.reload() is True
        healed = test_client.get("/health").json()
    assert response.status_code == 200
    health = response.json()
    assert (good["status"], health["status"]) == ("ok", "degraded")
    assert health["database"] == {"status": "ok"}
    assert (health["policy_revision"], health["loaded_at"], health["rules"]) == (
        good["policy_revision"],
        good["loaded_at"],
        good["rules"],
    )
    assert "schema.cedarschema" in health["reload_error"]
    assert "load_error" not in health
    assert health["reloaded_at"] >= health["loaded_at"]
    assert (healed["status"], healed["policy_revision"]) == ("ok", good["policy_revision"])
    assert "reload_error" not in healed
    assert healed["reloaded_at"] == healed["loaded_at"]


def test_health_probes_the_database_at_most_once_a_second(client: TestClient) -> None:
    db = client.app.state.runtime.db  # type: ignore[attr-defined]
    probes: list[str] = []

    def record(*args: object) -> None:
        if str(args[2]).strip() == "SELECT 1":
            probes.append(str(args[2]))

    event.listen(db, "before_cursor_execute", record)
    try:
        started = time.monotonic()
        answers = [client.get("/health") for _ in range(50)]
        elapsed = time.monotonic() - started
    finally:
        event.remove(db, "before_cursor_execute", record)
    assert {a.json()["database"]["status"] for a in answers} == {"ok"}
    assert 1 <= len(probes) <= 2 + elapsed / CACHE_SECONDS, (len(probes), elapsed)
