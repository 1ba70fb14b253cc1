"""What the running service holds: the policy engine (last good set), the database, the
registry snapshots and the database probe of /health."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Engine

from api.access_log.group_commit import GroupCommit
from api.access_log.store import ensure_head
from api.config import Settings
from api.db import init_db, make_engine
from api.health.readiness import DatabaseProbe
from api.policy_lock import load_locked
from api.registry.cache import RegistryCache
from api.trust.verifier import ClaimsVerifier
from engine import ArgumentError, Pack, PolicyEngine, PolicyError, build_engine, pjd

log = logging.getLogger("pjd.policies")
logging.getLogger("pjd").addHandler(logging.NullHandler())  # shown where `pjd serve` says
Status = Literal["ok", "degraded", "unavailable"]


@dataclass(frozen=True)
class PackState:
    """The engine in use and how its loading went; replaced whole, so one read is consistent."""

    engine: PolicyEngine | None = None
    loaded_at: datetime | None = None  # when the engine in use was loaded
    load_error: str | None = None  # no pack is loaded: why
    reload_error: str | None = None  # the last reload failed: why (the engine in use stays)
    reloaded_at: datetime | None = None  # when the last reload after the start ended

    @property
    def status(self) -> Status:
        """`unavailable` without a pack, `degraded` while the last reload failed, else `ok`."""
        if self.engine is None:
            return "unavailable"
        return "degraded" if self.reload_error else "ok"

    @property
    def revision(self) -> str:
        return self.engine.revision if self.engine else "none"


_SETTINGS = {"kind": "PJD_ENGINE", "url": "PJD_OPA_URL"}  # build_engine's argument → setting


def build_engine_of(settings: Settings, pack: Pack) -> PolicyEngine:
    """The engine PJD_ENGINE names (`opa`: the server PJD_OPA_URL, PJD_OPA_TIMEOUT); makes no
    call. An argument the engine cannot use is a PolicyError naming its setting."""
    url = settings.opa_url if settings.engine == "opa" else None
    try:
        return build_engine(settings.engine, pack, url, settings.opa_timeout)
    except ArgumentError as exc:
        raise PolicyError(_SETTINGS[exc.argument], 0, exc.message) from exc


def is_pjd(engine: PolicyEngine | None) -> bool:
    """Does `engine` decide the PJD pack (whose facts the api gathers)?"""
    return engine is not None and engine.pack.fact_provider == pjd.KIND


def checked_engine(settings: Settings) -> PolicyEngine:
    """A new engine on the pack as it is now, checked against its manifest (and key), and
    what it relies on outside the process verified (the OPA server holds the twin)."""
    engine = build_engine_of(settings, load_locked(settings))
    engine.verify()
    return engine


def refusal(exc: Exception, settings: Settings) -> PolicyError:
    """Why a pack could not be loaded, as a PolicyError (any other error named by its kind)."""
    if isinstance(exc, PolicyError):
        return exc
    return PolicyError(str(settings.policy_dir), 0, repr(exc))


@dataclass
class Runtime:
    """The loaded policy engine and database engine; a failed reload keeps the last good set."""

    settings: Settings
    db: Engine
    registry: RegistryCache = field(default_factory=RegistryCache)
    probe: DatabaseProbe = field(init=False)
    claims: ClaimsVerifier = field(init=False)  # the signed claims of a request, verified
    log: GroupCommit = field(init=False)  # the access log, written in groups (R21)
    state: PackState = field(default_factory=PackState)
    loads: int = 0  # loads tried: the start's, then each reload
    _lock: threading.Lock = field(default_factory=threading.Lock)  # one load at a time

    def __post_init__(self) -> None:
        self.probe = DatabaseProbe(self.db, self.settings.health_timeout)
        self.claims = ClaimsVerifier(self.settings)
        self.log = GroupCommit(self.db)

    @property
    def engine(self) -> PolicyEngine | None:
        """The engine in use: a decision takes it once, and decides wholly with it."""
        return self.state.engine

    @property
    def loaded_at(self) -> datetime | None:
        return self.state.loaded_at

    @property
    def load_error(self) -> str | None:
        return self.state.load_error

    @property
    def is_pjd(self) -> bool:
        return is_pjd(self.engine)

    def open(self) -> None:
        """Start what runs beside the requests: keeping the registry's current version loaded."""
        s = self.settings
        self.registry.start(self.db, s.registry_poll, s.request_deadline, s.registry_load_timeout)

    def close(self) -> None:
        """Stop the background work and close the database's connections."""
        self.registry.stop(wait=self.settings.request_deadline)
        self.db.dispose()

    def reload(self) -> bool:
        """Load the pack beside the one in use and swap; a pack that fails keeps the old one."""
        with self._lock:
            old, first = self.state, self.loads == 0
            self.loads += 1
            try:
                engine = checked_engine(self.settings)
            except Exception as exc:  # any failure keeps the last good set
                error = str(refusal(exc, self.settings))
                self.state = _failed(old, error, first)
                log.warning("policy pack refused (in use: %s): %s", old.revision, error)
                return False
            now = datetime.now(UTC)
            self.state = PackState(engine, now, reloaded_at=None if first else now)
            log.info("policy pack loaded: %s → %s (%s)", old.revision, engine.revision, engine.name)
            return True


def _failed(old: PackState, error: str, first: bool) -> PackState:
    """The state after a failed load: still no pack, or the old pack with `reload_error`."""
    at = None if first else datetime.now(UTC)
    if old.engine is None:
        return replace(old, load_error=error, reloaded_at=at)
    return replace(old, reload_error=error, reloaded_at=at)


def start_runtime(settings: Settings) -> Runtime:
    """Open the database, migrate its schema and load the policy pack."""
    db = make_engine(settings.database_url, settings.db_timeouts())
    try:
        init_db(db)
        ensure_head(db)
    except BaseException:
        db.dispose()  # a database refused (or failing) at start leaves no connection open
        raise
    runtime = Runtime(settings=settings, db=db)
    runtime.reload()
    return runtime
