"""`pjd serve --workers N`: uvicorn's supervisor, whose SIGHUP first checks the pack.

uvicorn replaces the workers one by one on SIGHUP, each new one loading the pack on disk. A
worker that refuses the pack would start `unavailable` and answer 503 where the single process
keeps the last good pack. So the supervisor builds and checks the pack first, as a worker would
(`api.runtime.checked_engine`); a pack that fails leaves every worker as it is, deciding under
the pack it has, and the refusal is logged. A pack changed again between the check and a new
worker's load is that worker's to refuse: then it is `unavailable`, as before.
"""

from __future__ import annotations

import logging
from socket import socket
from typing import Any

from uvicorn import Config
from uvicorn.supervisors import Multiprocess

from api.config import Settings
from api.runtime import checked_engine, refusal

log = logging.getLogger("uvicorn.error")


class CheckedRestarts(Multiprocess):
    """The workers of one `pjd serve`; on SIGHUP replaced only when the pack on disk loads."""

    def __init__(self, config: Config, sockets: list[socket], settings: Settings) -> None:
        super().__init__(config, sockets)
        self.settings = settings

    def handle_hup(self) -> None:
        try:
            engine = checked_engine(self.settings)
        except Exception as exc:  # any failure keeps the workers as they are
            error = refusal(exc, self.settings)
            log.error("SIGHUP: policy pack refused, the workers keep theirs: %s", error)
            return
        log.info("SIGHUP: policy pack %s checked, replacing the workers", engine.revision)
        super().handle_hup()


def run_workers(settings: Settings, workers: int, options: dict[str, Any]) -> None:
    """Serve the app factory in `workers` processes behind one socket until told to stop."""
    config = Config("api.main:create_app", factory=True, workers=workers, **options)
    CheckedRestarts(config, [config.bind_socket()], settings).run()
