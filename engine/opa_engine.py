"""The OPA engine: the pack's Rego twin (`RegoEngine`, built and checked locally) evaluated by an
OPA server, through opa-python-client: `POST /v1/data/<package>/beslutning` with `{"input": …}`.
The input and the answer's mapping are the twin's; only the evaluation differs.

Building one makes no call. The server must already hold the twin: publishing it is a deployment
step (`engine.opa_publish`, `pjd policies publish`). `verify` checks that it does — the modules
of the twin's package (`/v1/policies`) are exactly the twin's files, `data.parametere` the pack's
parameters, and the server answers the input contract as the twin does — and is a `PolicyError`
naming the url when not. Until a `verify` has passed (the runtime runs it at load; `decide` runs
it first otherwise) every query is denied `evaluation_error`.

Fail closed per query: an answer without `result` (OPA's "undefined" is HTTP 200 without it), a
timeout, a refused connection, a non-200, malformed JSON or an odd value is a deny
`evaluation_error`. The HTTP clients are pooled: one per concurrent caller, never shared.
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from engine.errors import PolicyError
from engine.model import Decision, Query
from engine.opa_http import check_url, client_for, server_modules, server_parameters
from engine.pack import Pack
from engine.rego_engine import ACTIONS, CONTRACT, RegoEngine, Store


def _close_all(clients: list[Any]) -> None:
    for client in clients:
        client.close_connection()


class OpaEngine:
    """Decides queries with the pack's Rego twin held by an OPA server."""

    name = "opa"

    def __init__(self, pack: Pack, url: str, timeout: float = 2.0) -> None:
        self.twin = RegoEngine(pack)  # the twin compiled and checked here, before any call
        self.pack, self.revision, self.catalogue = pack, self.twin.revision, self.twin.catalogue
        self.failed, self.no_basis = self.twin.failed, self.twin.no_basis
        self.url, self.timeout = check_url(url), timeout
        self.verified = False
        self._lock = threading.Lock()
        self._clients: list[Any] = []
        self._idle: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._closer = weakref.finalize(self, _close_all, self._clients)

    def modules(self) -> dict[str, str]:
        """The twin's modules as published: policy id `<package>/<file>` → text."""
        return {f"{self.twin.package}/{f.name}": f.text for f in self.twin.files}

    def verify(self) -> None:
        """Check that the server holds the twin and answers as it does; else a PolicyError."""
        self.verified = False
        try:
            with client_for(self.url, self.timeout, retries=2) as client:
                if not client.check_health():
                    raise PolicyError(self.url, 0, "the OPA server does not answer /health")
                self._check(client)
        except PolicyError:
            raise
        except Exception as exc:  # unreachable, timed out, an odd answer: not usable
            raise PolicyError(self.url, 0, f"the OPA server cannot be used: {exc!r}") from exc
        self.verified = True

    def _check(self, client: Any) -> None:
        package, modules = self.twin.package, self.modules()
        held = server_modules(client, package)
        if sorted(held.values()) != sorted(modules.values()):
            alien = sorted(i for i, text in held.items() if text not in modules.values())
            extra = f" (it holds {alien[0]!r}, not of the twin)" if alien else ""
            message = f"the server's package {package} is not the pack's twin{extra}"
            raise PolicyError(self.url, 0, message + "; publish the pack to it first")
        if server_parameters(client) != self.pack.parameters:
            raise PolicyError(self.url, 0, "the server's data.parametere are not the pack's")
        for name, expected in ((CONTRACT, self.twin.contract), (ACTIONS, self.twin.actions)):
            answer = client.query_rule({}, f"{package}/{name}")
            if not isinstance(answer, dict) or answer.get("result") != expected:
                message = f"the server answers data.{package}.{name} unlike the twin"
                raise PolicyError(self.url, 0, message)

    def close(self) -> None:
        """Close every HTTP client (also done when the engine is garbage collected)."""
        self._closer()

    @contextmanager
    def _client(self) -> Iterator[Any]:
        """An idle client of the pool, or a new one; returned after use."""
        try:
            client = self._idle.get_nowait()
        except queue.Empty:
            client = client_for(self.url, self.timeout, retries=1)
            with self._lock:
                self._clients.append(client)
        try:
            yield client
        finally:
            self._idle.put(client)

    def _ready(self) -> bool:
        """Verified, now or before; a server that fails `verify` decides nothing."""
        if not self.verified:
            with suppress(PolicyError):
                self.verify()
        return self.verified

    def decide(self, queries: Sequence[Query], entities: list[dict[str, Any]]) -> list[Decision]:
        """Decide each query on the server over the pack's entities plus `entities`; errors deny."""
        if not queries:
            return []
        store = self.twin.store(entities)
        if store is None or not self._ready():
            return [self.failed for _ in queries]
        return [self._decide(q, store) for q in queries]

    def _decide(self, q: Query, store: Store) -> Decision:
        """One query to the server; an undefined answer or any failure denies."""
        try:
            data = self.twin.input(q, store)
            with self._client() as client:
                answer = client.query_rule(data, self.twin.entrypoint)
            if not isinstance(answer, dict) or "result" not in answer:
                return self.failed  # OPA's undefined: 200 without `result`
            return self.twin.decision(answer["result"])
        except Exception:  # fail closed: whatever goes wrong, nothing is permitted
            return self.failed
