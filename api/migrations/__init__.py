"""The schema's migrations (Alembic, `versions/`): `upgrade` brings a database to this version's
head, in one transaction; `api.db.init_db` calls it at start and for every `pjd` command.

- A fresh database gets every revision from the baseline (`0001`, the schema as the service
  created it before it had migrations).
- A database made before migrations (the service's tables, no `alembic_version`) is adopted:
  first completed as the previous version did on every start (missing tables, nullable columns
  and indexes; no row moves), then compared with the baseline (`compare_metadata`). Any other
  difference is refused and nothing changes; else it is stamped with the baseline and the later
  revisions run.
- A database at a revision this version does not know (a newer version migrated it) is refused
  (`SchemaError`): the service does not start on a schema it does not know.

Starts that migrate at once take turns: PostgreSQL under a transaction's advisory lock, SQLite
in a `BEGIN IMMEDIATE` transaction (the database's write lock). No revision goes down: the
access log is legal evidence. A released revision is never edited (`released.sha256`).
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

HERE = Path(__file__).resolve().parent
BASELINE = "0001"
_LOCK_KEY = 0x706A_6473  # the advisory lock of migrating PJD databases


class SchemaError(RuntimeError):
    """The database's schema is not one this version can migrate."""


def config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for `versions/`, migrating `connection`."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    cfg.attributes["connection"] = connection
    return cfg


def scripts() -> ScriptDirectory:
    """The revisions this version knows."""
    return ScriptDirectory.from_config(config())


def upgrade(engine: Engine) -> None:
    """Migrate the database to head (adopting one made before migrations); see the module."""
    with engine.begin() as conn:
        _take_turns(conn)
        cfg = config(conn)
        current = set(MigrationContext.configure(conn).get_current_heads())
        known = {script.revision for script in scripts().walk_revisions()}
        if current - known:
            raise SchemaError(
                f"the database's schema is at revision {', '.join(sorted(current - known))},"
                f" which this version does not know (its newest is {scripts().get_current_head()})"
                ": a newer version migrated it; run that version"
            )
        if not current and _has_service_tables(conn):
            _adopt(conn, cfg)
        command.upgrade(cfg, "head")


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before migrations)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def baseline_schema() -> MetaData:
    """The baseline revision's schema (`versions/v0001_baseline.py`'s `schema()`)."""
    module = scripts().get_revision(BASELINE).module
    return cast(MetaData, module.schema())


def _take_turns(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _has_service_tables(conn: Connection) -> bool:
    return bool(set(inspect(conn).get_table_names()) & set(baseline_schema().tables))


def _adopt(conn: Connection, cfg: Config) -> None:
    """Complete a database made before migrations, check it is the baseline, stamp it so."""
    baseline = baseline_schema()
    _complete(conn, baseline)
    differences = compare_metadata(MigrationContext.configure(conn), baseline)
    if differences:
        shown = "; ".join(str(difference) for difference in differences[:5])
        raise SchemaError(
            f"the database was made before migrations but is not the baseline schema"
            f" (revision {BASELINE}): {shown}. Nothing was changed; migrate it by hand"
        )
    command.stamp(cfg, BASELINE)


def _complete(conn: Connection, baseline: MetaData) -> None:
    """What the previous version did on every start: create the missing tables, add the
    missing nullable columns and the missing indexes (no row moves)."""
    baseline.create_all(conn)
    inspector = inspect(conn)
    for table in baseline.sorted_tables:
        columns = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in columns and column.nullable:
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}'))
        indexes = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(conn)
