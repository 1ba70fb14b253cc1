"""Deadlines: how long a request (or a background task) may wait on the database, and the
watchdog that holds a connection to it where the database itself cannot (a frozen server
answers nothing, not even its own statement timeout).

A deadline is a point on the monotonic clock in a context variable; `within(seconds)` sets it
for the block it wraps and for the threads that block hands work to (anyio's thread pool
copies the context). `api.db` arms every connection checked out while a deadline is set; past
it, the watchdog aborts the connection (PostgreSQL: shuts its socket down, so the driver call
waiting on it fails at once; SQLite: interrupts the running statement) and the caller gets a
database error, which the api answers with 503.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from api.errors import DatabaseUnavailable

_DEADLINE: ContextVar[float | None] = ContextVar("pjd_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[float]:
    """Set the deadline `seconds` from now for the block (never later than one already set)."""
    outer = _DEADLINE.get()
    deadline = time.monotonic() + seconds
    token = _DEADLINE.set(deadline if outer is None else min(outer, deadline))
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def current() -> float | None:
    """The deadline in force (monotonic seconds), or None."""
    return _DEADLINE.get()


def remaining() -> float | None:
    """Seconds left until the deadline (0 or less once it passed), or None without one."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def check(what: str, margin: float = 0.0) -> None:
    """Raise `DatabaseUnavailable` when the deadline has passed (or is `margin` s away) before
    `what`."""
    left = remaining()
    if left is not None and left <= margin:
        raise DatabaseUnavailable(f"the request's deadline passed before {what}")


class Watchdog:
    """One thread that calls each armed `abort` once its deadline passes, unless disarmed."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._due: list[tuple[float, int]] = []
        self._armed: dict[int, Callable[[], None]] = {}
        self._tickets = itertools.count(1)
        self._thread: threading.Thread | None = None

    def arm(self, deadline: float, abort: Callable[[], None]) -> int:
        """Call `abort` at `deadline` (monotonic) unless `disarm`ed first; the ticket."""
        with self._wake:
            ticket = next(self._tickets)
            self._armed[ticket] = abort
            heapq.heappush(self._due, (deadline, ticket))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="pjd-watchdog", daemon=True)
                self._thread.start()
            if self._due[0][1] == ticket:  # the thread waits for an earlier deadline: no wake
                self._wake.notify()
        return ticket

    def disarm(self, ticket: int) -> None:
        """Cancel the abort of `ticket`; once this returns, it will not run (or has run)."""
        with self._wake:
            self._armed.pop(ticket, None)

    def _run(self) -> None:
        with self._wake:
            while True:
                while self._due and self._due[0][1] not in self._armed:
                    heapq.heappop(self._due)
                if not self._due:
                    self._wake.wait()
                    continue
                wait = self._due[0][0] - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                abort = self._armed.pop(heapq.heappop(self._due)[1])
                with contextlib.suppress(Exception):  # a connection already gone needs no abort
                    abort()


WATCHDOG = Watchdog()  # its thread starts with the first connection armed
