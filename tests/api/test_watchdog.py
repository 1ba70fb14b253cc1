"""api.deadline's watchdog: each armed abort runs once its deadline passes, in deadline order,
whatever order they were armed in; a disarmed one never runs."""

from __future__ import annotations

import threading
import time

from api.deadline import Watchdog


def test_every_abort_runs_at_its_deadline_in_order_unless_disarmed() -> None:
    watchdog, done = Watchdog(), threading.Event()
    ran: list[tuple[str, float]] = []
    now = time.monotonic()

    def abort(name: str) -> None:
        ran.append((name, time.monotonic()))
        if name == "last":
            done.set()

    watchdog.arm(now + 0.30, lambda: abort("last"))
    watchdog.arm(now + 0.10, lambda: abort("early"))  # earlier than the one waited for
    watchdog.arm(now + 0.20, lambda: abort("later"))  # later than the one waited for
    watchdog.disarm(watchdog.arm(now + 0.15, lambda: abort("disarmed")))
    assert done.wait(5.0)
    assert [name for name, _ in ran] == ["early", "later", "last"]
    for (_, at), due in zip(ran, (0.10, 0.20, 0.30), strict=True):
        assert at >= now + due
