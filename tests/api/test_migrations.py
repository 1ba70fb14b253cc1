"""Schema migrations (Alembic, `api/migrations`) on SQLite and PostgreSQL.

A fresh database migrated to head is exactly the models' schema; a database made before
migrations is adopted without losing a row, its chain still verifying; one at a revision this
version does not know is refused, and so is one made before migrations that is not the
baseline; a released revision is never edited.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, inspect, text
from sqlmodel import SQLModel
from typer.testing import CliRunner

from api import migrations
from api.access_log.store import verify
from api.cli import app
from api.db import init_db
from api.migrations import SchemaError
from tests.api.schema_reset import drop_schema
from tests.api.test_log_chain_v0 import insert_chain_v0

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
MANIFEST = migrations.HERE / "released.sha256"


def differences(engine: Engine, metadata: MetaData) -> list[Any]:
    """What Alembic's autogenerate would change to make the database `metadata`."""
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def before_migrations(engine: Engine) -> None:
    """The database as a version before migrations made it: the baseline's tables, without
    `alembic_version`, from before issue 9 (no `recorded_at` indexes, no `log_anonymised`)."""
    drop_schema(engine)
    migrations.baseline_schema().create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_access_log_patient_recorded_at"))
        conn.execute(text("DROP INDEX ix_access_log_source_recorded_at"))
        conn.execute(text("ALTER TABLE organisation DROP COLUMN log_anonymised"))


def test_a_fresh_database_at_head_is_exactly_the_models(db_engine: Engine) -> None:
    assert migrations.current_revision(db_engine) == migrations.scripts().get_current_head()
    assert differences(db_engine, SQLModel.metadata) == []
    assert "alembic_version" in inspect(db_engine).get_table_names()
    init_db(db_engine)  # again: nothing to do
    assert differences(db_engine, SQLModel.metadata) == []


def test_a_database_made_before_migrations_keeps_its_rows_and_chain(db_engine: Engine) -> None:
    before_migrations(db_engine)
    rows = insert_chain_v0(db_engine)
    with db_engine.begin() as conn:
        conn.execute(text("INSERT INTO registry_version VALUES (1, 7, 'token-7')"))
    init_db(db_engine)
    assert migrations.current_revision(db_engine) == migrations.scripts().get_current_head()
    assert differences(db_engine, SQLModel.metadata) == []
    with db_engine.connect() as conn:
        stored = conn.execute(text("SELECT seq, hash FROM access_log ORDER BY seq")).all()
        assert conn.execute(text("SELECT version, token FROM registry_version")).one() == (
            7,
            "token-7",
        )
    assert [tuple(row) for row in stored] == [(row["seq"], row["hash"]) for row in rows]
    result = verify(db_engine)
    assert result.ok and result.records == 3


def test_a_database_before_migrations_unlike_the_baseline_is_refused(db_engine: Engine) -> None:
    before_migrations(db_engine)
    with db_engine.begin() as conn:
        conn.execute(text("ALTER TABLE source_grant DROP COLUMN read"))  # not nullable: not ours
    with pytest.raises(SchemaError, match="not the baseline schema"):
        init_db(db_engine)
    tables = inspect(db_engine).get_table_names()
    assert "alembic_version" not in tables  # nothing changed
    assert "ix_access_log_source_recorded_at" not in {
        index["name"] for index in inspect(db_engine).get_indexes("access_log")
    }


def test_an_unknown_newer_revision_is_refused(
    db_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db_engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaError, match="revision 9999, which this version does not know"):
        init_db(db_engine)
    monkeypatch.setenv("PJD_DATABASE_URL", db_engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(app, ["registry", "import", str(DEMO)])
    assert result.exit_code == 1
    assert "revision 9999, which this version does not know" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert migrations.current_revision(db_engine) == "9999"


def test_the_revisions_form_one_line_from_the_baseline() -> None:
    revisions = list(migrations.scripts().walk_revisions())
    assert revisions[-1].revision == migrations.BASELINE
    assert revisions[-1].down_revision is None
    assert len(migrations.scripts().get_heads()) == 1


def test_a_released_revision_is_never_edited() -> None:
    """Every revision file is in `released.sha256` with the hash it was released with."""
    released = dict(
        reversed(line.split(maxsplit=1)) for line in MANIFEST.read_text().splitlines() if line
    )
    files = sorted(migrations.HERE.glob("versions/v*.py"))
    assert {f"versions/{path.name}" for path in files} == set(released)
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert released[f"versions/{path.name}"] == digest, f"{path.name} was edited"
