"""Is the database there? The /health probe: `SELECT 1` within a small timeout, run on a thread
of its own (never the event loop, never the request thread pool), its answer kept for a second
so that a storm of probes costs the database one query a second.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Future
from typing import Any

from sqlalchemy import Engine, text

from api import deadline
from api.db import CONNECT_MARGIN
from api.errors import database_unavailable

CACHE_SECONDS = 1.0
Status = dict[str, Any]  # {"status": "ok"} or {"status": "unavailable", "error": "..."}


class DatabaseProbe:
    """The database's status as /health reports it, probed at most once per `CACHE_SECONDS`."""

    def __init__(self, db: Engine, timeout: float) -> None:
        self._db, self._timeout = db, timeout
        self._lock = threading.Lock()
        self._last: tuple[float, Status] | None = None
        self._running: Future[Status] | None = None

    async def status(self) -> Status:
        """The latest answer when it is fresh; else a new probe's, within the timeout."""
        with self._lock:
            if self._last is not None and time.monotonic() - self._last[0] < CACHE_SECONDS:
                return self._last[1]
            if self._running is None or self._running.done():
                self._running = self._start()
            running = self._running
        try:
            waiting = asyncio.shield(asyncio.wrap_future(running))  # a late answer still counts
            answer = await asyncio.wait_for(waiting, self._timeout)
        except TimeoutError:
            answer = {"status": "unavailable", "error": f"no answer within {self._timeout:g} s"}
        with self._lock:
            self._last = (time.monotonic(), answer)
        return answer

    def _start(self) -> Future[Status]:
        future: Future[Status] = Future()

        def run() -> None:
            if future.set_running_or_notify_cancel():
                future.set_result(self._probe())

        threading.Thread(target=run, name="pjd-health-probe", daemon=True).start()
        return future

    def _probe(self) -> Status:
        try:
            # /health answers within the timeout; the probe may take longer, as a new connection
            # is only started with CONNECT_MARGIN left (a late answer counts for the next probe)
            with deadline.within(self._timeout + CONNECT_MARGIN), self._db.connect() as conn:
                conn.execute(text("SELECT 1"))
        except Exception as exc:  # a fault, or anything else: no answer either way
            return {"status": "unavailable", "error": str(database_unavailable(exc))}
        return {"status": "ok"}
