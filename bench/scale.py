"""Scale: the latency of one PJD `read` decision (in-process, serial, access log on) with 1,000
restriction rows and 1,000 log rows in PostgreSQL, against 1,000,000 of each.

The patient decided has a handful of restrictions, none of which stops this health worker;
other patients (ids that are never the workload's) hold the rest. Rows are bulk-loaded with
`INSERT … SELECT generate_series` into a scratch database the bench creates and drops; the log
rows continue the head's `seq` (their hashes are filler: the chain is not verified here). Both
tables are VACUUM ANALYZEd after the load, as a steady-state database would be. The two sizes
live in two databases, side by side, and are measured in turns.
"""

from __future__ import annotations

import statistics
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

from api.config import get_settings
from api.pjd import service
from api.pjd.schemas import PjdDecisionIn
from api.restrictions.store import RestrictionIn, register, withdraw
from api.runtime import Runtime, start_runtime
from bench.databases import demo_registry, log_records, scratch_postgres
from bench.measure import Config, Line, Timed, percentile, progress, samples_us
from bench.workload import body

PACK = Path(__file__).resolve().parents[1] / "policies" / "pjd"
SMALL = 1_000
TARGET = "≤ 1.20 × 1k rows"
PATIENT = "05076600324"  # the workload's patient
OTHER = "lpad((10000000000 + g / 4)::text, 11, '0')"  # four rows per other patient
RESTRICTIONS = f"""
INSERT INTO restriction (id, patient, kind, target_type, target_value, registered_at,
                         registered_by, withdrawn_at)
SELECT md5('r' || g), {OTHER},
       (ARRAY['pjd_sperre', 'kj_reservasjon', 'kj_sperring', 'kj_blokkering'])[1 + g % 4],
       CASE WHEN g % 4 = 3 THEN 'hpr' END,
       CASE WHEN g % 4 = 3 THEN lpad((100000000 + g % 800000000)::text, 9, '0') END,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second', 'bench',
       CASE WHEN g % 10 = 0 THEN timestamptz '2026-01-01 00:00:00+00' END
FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g
"""
LOG = f"""
INSERT INTO access_log (seq, recorded_at, decision_id, at, subject_kind, requester_hpr,
                        patient, source, document, action, decision, rules, obligations,
                        policy_revision, engine, prev_hash, hash)
SELECT g, t, md5('d' || g), t, 'helsepersonell', '222200068', {OTHER}, '914637651', 'D' || g,
       'read', 'permit', '["dokumentvisning"]', '["logg"]', 'bench', 'cedar',
       md5('h' || (g - 1)) || md5('h' || (g - 1)), md5('h' || g) || md5('h' || g)
FROM (SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 second' AS t
      FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g) AS rows
"""
HEAD = "UPDATE access_log_head SET seq = :last, hash = md5(:h) || md5(:h) WHERE id = 1"


def patient_restrictions(rt: Runtime) -> None:
    """The patient's handful: blocks of other health workers, a source's rule elsewhere, a
    reservation that has ended, and a withdrawn objection — read on every decision, none binds."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    bodies: list[dict[str, object]] = [
        {"kind": "kj_blokkering", "target": {"hpr": "999900001"}},
        {"kind": "kj_blokkering", "target": {"hpr": "999900002"}},
        {"kind": "kilde_sperreregel", "source": "974116588", "target": {"orgnr": "983974899"}},
        {"kind": "kj_reservasjon", "valid_to": "2026-06-01"},
        {"kind": "pjd_sperre"},
    ]
    with Session(rt.db) as session:
        rows = [
            register(
                session, PATIENT, RestrictionIn.model_validate(b | {"registered_by": "bench"}), now
            )
            for b in bodies
        ]
        withdraw(session, PATIENT, rows[-1].id, now)


def bulk_load(db: Engine, rows: int) -> None:
    """Add `rows` restriction rows and `rows` log rows for other patients, then VACUUM ANALYZE."""
    first_log = log_records(db) + 1
    last_log = first_log + rows - 1
    steps = [
        ("restriction rows", RESTRICTIONS, {"first": 1, "last": rows}),
        ("log rows", LOG, {"first": first_log, "last": last_log}),
    ]
    for what, statement, values in steps:
        started = time.monotonic()
        with db.begin() as conn:  # loading is setup, not the service: no statement timeout
            conn.execute(text("SET LOCAL statement_timeout = 0"))
            conn.execute(text(statement), values)
        progress(f"scale: {rows:,} {what} loaded in {time.monotonic() - started:.1f} s")
    with db.begin() as conn:
        conn.execute(text(HEAD), {"last": last_log, "h": f"h{last_log}"})
    with db.connect() as conn:
        autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
        autocommit.execute(text("SET statement_timeout = 0"))
        autocommit.execute(text("VACUUM ANALYZE restriction, access_log"))
        autocommit.execute(text("RESET statement_timeout"))  # the pool's connection, as it was


def counts(db: Engine) -> tuple[int, int]:
    """Restriction rows of other patients, and log rows."""
    with db.connect() as conn:
        query = text("SELECT count(*) FROM restriction WHERE patient <> :p")
        others = int(conn.execute(query, {"p": PATIENT}).scalar_one())
    return others, log_records(db)


def database(stack: ExitStack, config: Config, rows: int) -> Runtime:
    """A runtime over a scratch database holding the patient's handful and `rows` of each."""
    url = stack.enter_context(scratch_postgres(config.postgres_url, f"scale_{rows}"))
    settings = get_settings(  # the workload replays a fixed moment (R26) of JSON claims
        database_url=demo_registry(url),
        policy_dir=PACK,
        engine="cedar",
        trust_request_time=True,
        accept_unverified_claims=True,
    )
    rt = start_runtime(settings)
    stack.callback(rt.db.dispose)  # before the database is dropped
    patient_restrictions(rt)
    bulk_load(rt.db, rows)
    return rt


def answer(rt: Runtime, request: PjdDecisionIn) -> str:
    """The decision and its rules, which must not depend on the rows."""
    result = service.decide(rt, request).results[0]
    return f"{result.decision} {[r.rule for r in result.reasons]}"


def scale_phase(config: Config) -> list[Line]:
    """1k rows and the full count, each in its own database, measured in turns."""
    request = PjdDecisionIn.model_validate(body("read", 1))
    with ExitStack() as stack:
        runtimes = {rows: database(stack, config, rows) for rows in (SMALL, config.scale_rows)}
        sizes = {rows: counts(rt.db) for rows, rt in runtimes.items()}
        answers = {answer(rt, request) for rt in runtimes.values()}
        if len(answers) != 1:
            raise AssertionError(f"the answer depends on the rows: {answers}")
        progress(f"scale: {config.scale_decisions} serial decisions on each database, in turns")
        timed = {
            rows: Timed(partial(service.decide, rt, request), config.scale_decisions)
            for rows, rt in runtimes.items()
        }
        ms = {rows: [us / 1e3 for us in v] for rows, v in samples_us(timed).items()}
    return _lines(ms, sizes, answers.pop())


def _lines(
    ms: dict[int, list[float]], sizes: dict[int, tuple[int, int]], decided: str
) -> list[Line]:
    """The small database's line (the floor), then the large one's against it."""
    small, large = (statistics.median(v) for v in ms.values())
    label = "PJD read, PostgreSQL, {:,} restriction + {:,} log rows"
    lines = []
    for (rows, values), median in zip(ms.items(), (small, large), strict=True):
        line = Line("scale", label.format(*sizes[rows]), "ms", median, small, median)
        line.p99_ms = percentile(values, 0.99)
        line.details = {"restriction_rows": sizes[rows][0], "log_rows": sizes[rows][1]}
        line.details |= {"answer": decided, "decisions": len(values)}
        lines.append(line)
    lines[-1].target, lines[-1].met = TARGET, lines[-1].ratio <= 1.2
    return lines
