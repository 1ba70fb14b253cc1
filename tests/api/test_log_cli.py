"""`pjd log verify` on SQLite and PostgreSQL: ok with the record count, or the first broken seq."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner, Result

from api.cli import app
from api.config import get_settings
from api.main import create_app
from tests.builders import AT, Json, document, pjd_body
from tests.clients import api_client

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "api" / "demo_registry.json"


@pytest.fixture
def url(db_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    """`db_engine`'s database (schema created, empty), named by PJD_DATABASE_URL."""
    database_url = db_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("PJD_DATABASE_URL", database_url)
    monkeypatch.setenv("PJD_POLICY_DIR", str(ROOT / "policies" / "pjd"))
    return database_url


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def body(documents: list[str]) -> Json:
    """BASE reads `documents` of SRC-A at AT."""
    return pjd_body(AT, action="read", path="hpl45", documents=[document(d) for d in documents])


def log_decisions(url: str, *batches: list[str]) -> None:
    """One decision per batch through the API: one record per document."""
    with api_client(create_app(get_settings(database_url=url))) as client:
        demo = json.loads(DEMO.read_text(encoding="utf-8"))
        assert client.put("/v1/registry", json=demo).status_code == 200
        for documents in batches:
            assert client.post("/v1/pjd/decisions", json=body(documents)).status_code == 200


def test_an_empty_log_verifies(url: str) -> None:
    result = run("log", "verify")
    assert (result.exit_code, result.stdout) == (0, "ok: 0 records\n")


def test_an_intact_log_verifies_with_its_record_count(url: str) -> None:
    log_decisions(url, ["D1", "D2"], ["D3"], ["D4", "D5", "D6"])
    result = run("log", "verify")
    assert (result.exit_code, result.stdout) == (0, "ok: 6 records\n")


def test_an_edited_record_fails_naming_its_seq(url: str, db_engine: Engine) -> None:
    log_decisions(url, ["D1", "D2"], ["D3"])
    with db_engine.begin() as conn:
        conn.execute(text("UPDATE access_log SET document = 'D9' WHERE seq = 2"))
    result = run("log", "verify")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a traceback
    assert result.stderr.startswith("broken at seq 2: ")
    assert "changed" in result.stderr
    assert result.stdout == ""


def test_a_deleted_record_fails_naming_the_gap(url: str, db_engine: Engine) -> None:
    log_decisions(url, ["D1"], ["D2"], ["D3"])
    with db_engine.begin() as conn:
        conn.execute(text("DELETE FROM access_log WHERE seq = 2"))
    result = run("log", "verify")
    assert result.exit_code == 1
    assert result.stderr.startswith("broken at seq 2: record 2 is missing")


def test_a_database_without_the_log_fails_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PJD_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    result = run("log", "verify")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("cannot read the access log: ")
    assert "SELECT" not in result.stderr


def test_a_missing_database_file_is_named_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nowhere" / "pjd.db"
    monkeypatch.setenv("PJD_DATABASE_URL", f"sqlite:///{missing}")
    result = run("log", "verify")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"cannot read the access log: there is no database file {missing}\n"
    assert not missing.parent.exists()


def test_a_database_of_something_else_is_one_line(db_engine: Engine, url: str) -> None:
    with db_engine.begin() as conn:
        conn.execute(text("DROP TABLE access_log"))
    result = run("log", "verify")
    assert (result.exit_code, result.stdout) == (1, "")
    assert isinstance(result.exception, SystemExit)
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("cannot read the access log: ")
    assert result.stderr.endswith(" has no access log yet (the service creates it at start)\n")
