"""One registry snapshot per version per process, shared by the decisions that read it.

A decision reads the registry's version in its read transaction and asks `snapshot(version,
load)`: the cached snapshot of that version; or, while another thread loads it, that load's
result (waiting at most until the decision's deadline); or else the caller runs `load` inside
its own transaction. Snapshots are stored under a lock and never changed, so a decision keeps
the one it got; the two most recently used versions are kept (a decision whose transaction
began just before a replace still finds the older one). No decision is ever answered from a
version other than the one its own transaction read.

Off the request path, `start` runs a thread that reads the version every `poll` seconds (at
once after `poke`: this process replaced the registry) and loads a new version within
`load_timeout`, so that decisions rarely wait and a slow load (the national GP list) is not
bounded by a request's deadline; decisions that see that version meanwhile wait for it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from sqlalchemy import Engine

from api import deadline
from api.db import read_transaction
from api.errors import DatabaseUnavailable
from api.registry.snapshot import RegistrySnapshot, VersionKey, load_snapshot, read_version

log = logging.getLogger(__name__)
Loader = Callable[[], RegistrySnapshot]


class RegistryCache:
    """The snapshots of the registry's versions this process has read, and their loads."""

    def __init__(self, keep: int = 2) -> None:
        self._lock = threading.Lock()
        self._snapshots: OrderedDict[VersionKey, RegistrySnapshot] = OrderedDict()
        self._loading: dict[VersionKey, Future[RegistrySnapshot]] = {}
        self._keep = keep
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread: threading.Thread | None = None

    def snapshot(self, version: VersionKey, load: Loader) -> RegistrySnapshot:
        """The snapshot of `version`: cached, loaded by another thread, or by `load` now."""
        with self._lock:
            found = self._cached(version)
            pending = self._loading.get(version) if found is None else None
            mine: Future[RegistrySnapshot] | None = None
            if found is None and pending is None:
                mine = self._loading[version] = Future()
        if found is not None:
            return found
        if mine is not None:
            return self._load(version, load, mine)
        assert pending is not None
        return _wait(version, pending)

    def _cached(self, version: VersionKey) -> RegistrySnapshot | None:
        found = self._snapshots.get(version)
        if found is not None:
            self._snapshots.move_to_end(version)
        return found

    def _load(
        self, version: VersionKey, load: Loader, future: Future[RegistrySnapshot]
    ) -> RegistrySnapshot:
        try:
            snapshot = load()
        except BaseException as exc:
            future.set_exception(exc)
            raise
        else:
            with self._lock:
                self._snapshots[version] = snapshot
                self._snapshots.move_to_end(version)
                while len(self._snapshots) > self._keep:
                    self._snapshots.popitem(last=False)
            future.set_result(snapshot)
            return snapshot
        finally:
            with self._lock:
                if self._loading.get(version) is future:
                    del self._loading[version]

    def refresh(self, db: Engine, check_seconds: float, load_seconds: float) -> None:
        """Load the database's current version unless this process has it (off-request)."""
        with deadline.within(check_seconds), read_transaction(db) as conn:
            version = read_version(conn)
        with self._lock:
            if version in self._snapshots:
                return
        with deadline.within(load_seconds), read_transaction(db) as conn:
            version = read_version(conn)  # maybe newer still: load what this transaction sees
            with self._lock:
                if version in self._snapshots:
                    return
                mine = self._loading[version] = Future()  # decisions now wait for this load
            self._load(version, lambda: load_snapshot(conn, version), mine)

    def start(self, db: Engine, poll: float, check_seconds: float, load_seconds: float) -> None:
        """Start the background thread that keeps the current version loaded."""

        def run() -> None:
            while not self._stop.is_set():
                try:
                    self.refresh(db, check_seconds, load_seconds)
                except Exception as exc:  # the database is away: try again at the next poll
                    log.debug("registry refresh failed: %r", exc)
                self._wake.wait(poll)
                self._wake.clear()

        self._stop.clear()
        self._thread = threading.Thread(target=run, name="pjd-registry", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Have the background thread look at the version now (a replace just committed)."""
        self._wake.set()

    def stop(self, wait: float) -> None:
        """Stop the background thread, waiting at most `wait` seconds for it."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(wait)
            self._thread = None


def _wait(version: VersionKey, pending: Future[RegistrySnapshot]) -> RegistrySnapshot:
    """Another thread's load of `version`, waited for until the deadline at most."""
    try:
        return pending.result(timeout=deadline.remaining())
    except FutureTimeout:
        raise DatabaseUnavailable(f"registry version {version[0]} is still loading") from None
    except Exception as exc:
        raise DatabaseUnavailable(f"registry version {version[0]} did not load") from exc
