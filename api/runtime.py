"""What the running service holds: the policy engine (last good set), the database, the
registry snapshots and the database probe of /health."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from api.access_log import ensure_head
from api.config import Settings
from api.db import init_db, make_engine
from api.readiness import DatabaseProbe
from api.registry_cache import RegistryCache
from engine import PolicyEngine, PolicyError, build_engine, load_pack


@dataclass
class Runtime:
    """The loaded policy engine and database engine; a failed reload keeps the last good set."""

    settings: Settings
    db: Engine
    registry: RegistryCache = field(default_factory=RegistryCache)
    probe: DatabaseProbe = field(init=False)
    engine: PolicyEngine | None = None
    loaded_at: datetime | None = None
    load_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.probe = DatabaseProbe(self.db, self.settings.health_timeout)

    @property
    def is_pjd(self) -> bool:
        return self.engine is not None and self.engine.pack.fact_provider == "pjd"

    def _options(self) -> dict[str, object]:
        """The engine's own settings: the OPA server for `opa`."""
        if self.settings.engine != "opa":
            return {}
        return {"url": self.settings.opa_url, "timeout": self.settings.opa_timeout}

    def open(self) -> None:
        """Start what runs beside the requests: keeping the registry's current version loaded."""
        s = self.settings
        self.registry.start(self.db, s.registry_poll, s.request_deadline, s.registry_load_timeout)

    def close(self) -> None:
        """Stop the background work and close the database's connections."""
        self.registry.stop(wait=self.settings.request_deadline)
        self.db.dispose()

    def reload(self) -> bool:
        """Load the pack again; keep the previous engine when the new one does not load."""
        try:
            engine = build_engine(
                self.settings.engine, load_pack(self.settings.policy_dir), **self._options()
            )
        except Exception as exc:  # any failure keeps the last good set
            if not isinstance(exc, PolicyError | OSError):
                exc = PolicyError(str(self.settings.policy_dir), 0, repr(exc))
            with self._lock:
                self.load_error = str(exc)
            return False
        with self._lock:
            self.engine, self.loaded_at, self.load_error = engine, datetime.now(UTC), None
        return True


def start_runtime(settings: Settings) -> Runtime:
    """Open the database, create tables and load the policy pack."""
    db = make_engine(settings.database_url, settings.db_timeouts())
    init_db(db)
    ensure_head(db)
    runtime = Runtime(settings=settings, db=db)
    runtime.reload()
    return runtime
