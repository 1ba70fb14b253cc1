"""A small OPA-protocol server for tests: OPA's REST API as opa-python-client uses it, with
evaluation by regopy (no OPA binary is installable here).

Implemented: `GET /health`; `GET /v1/policies`; `GET|PUT|DELETE /v1/policies/{id}` (a PUT is
compiled with every other module and refused with 400 when that fails, as OPA does);
`GET|PUT|DELETE /v1/data/{path}`; `POST /v1/data/{path}` with `{"input": …}`, answered
`{"result": …}`, or `{}` when undefined (HTTP 200, exactly like OPA). Keep-alive HTTP/1.1.

Controls for failure modes: `undefined` (every evaluation answers `{}`), `delay` (seconds before
an evaluation answers), `answer` and `status` (raw body and status for evaluations), `refuse`
(policy id → how many PUTs of it to refuse), `reset()` (an OPA restarted empty) and `stop()`
(server down). `running()` starts one in a thread and stops it cleanly; `published()` one that
holds a pack's twin, published as `pjd policies publish` does.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import regopy

from engine import load_pack, publish_twin

PJD = Path(__file__).resolve().parents[1] / "policies" / "pjd"

_UNDEFINED = object()


class OpaServer:
    """The server's state (modules, data), its regopy evaluation and the failure controls."""

    def __init__(self) -> None:
        self.modules: dict[str, str] = {}
        self.data: dict[str, Any] = {}
        self.undefined = False
        self.delay = 0.0
        self.answer: bytes | None = None
        self.status = 200
        self.refuse: dict[str, int] = {}
        self.evaluations = 0
        self.stopped = threading.Event()
        self._lock = threading.Lock()
        self._rego: Any = None
        self._bundles: dict[str, Any] = {}
        self._connections: set[socket.socket] = set()
        self._http = _Http(self)
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> OpaServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Server down: stop accepting, cut open connections, join every thread."""
        if self.stopped.is_set():
            return
        self.stopped.set()
        self._http.shutdown()
        with self._lock:
            for conn in list(self._connections):
                with suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
        self._http.server_close()
        self._thread.join()

    def reset(self) -> None:
        """An OPA restarted without policies or data."""
        with self._lock:
            self.modules, self.data, self._rego, self._bundles = {}, {}, None, {}

    # --- state -----------------------------------------------------------------------------

    def policies(self) -> dict[str, str]:
        with self._lock:
            return dict(self.modules)

    def put_policy(self, policy_id: str, text: str) -> str | None:
        """Store a module unless it is refused or does not compile with the others."""
        with self._lock:
            if self.refuse.get(policy_id, 0) > 0:
                self.refuse[policy_id] -= 1
                return "refused by the test server"
            error = _compile_error({**self.modules, policy_id: text})
            if error is None:
                self.modules[policy_id] = text
                self._rego, self._bundles = None, {}
            return error

    def delete_policy(self, policy_id: str) -> bool:
        with self._lock:
            self._rego, self._bundles = None, {}
            return self.modules.pop(policy_id, None) is not None

    def put_data(self, path: list[str], value: Any) -> None:
        with self._lock:
            if not path:
                self.data = value
            else:
                node = self.data
                for name in path[:-1]:
                    node = node.setdefault(name, {})
                node[path[-1]] = value
            self._rego, self._bundles = None, {}

    def delete_data(self, path: list[str]) -> bool:
        with self._lock:
            node: Any = self.data
            for name in path[:-1]:
                node = node.get(name) if isinstance(node, dict) else None
            if not path or not isinstance(node, dict) or path[-1] not in node:
                return False
            del node[path[-1]]
            self._rego, self._bundles = None, {}
            return True

    def evaluate(self, path: list[str], value: Any) -> Any:
        """`data.<path>` with `value` as input (regopy); _UNDEFINED when undefined."""
        with self._lock:
            self.evaluations += 1
            if self._rego is None:
                self._rego = regopy.Interpreter()
                for name, text in self.modules.items():
                    self._rego.add_module(name, text)
                self._rego.add_data_json(json.dumps(self.data))
            entrypoint = "/".join(path)
            if entrypoint not in self._bundles:
                self._bundles[entrypoint] = self._rego.build(None, [entrypoint])
            self._rego.set_input(regopy.Input({} if value is None else value))
            out = self._rego.query_bundle_entrypoint(self._bundles[entrypoint], entrypoint)
        if not out.ok():
            raise RuntimeError(str(out))
        if len(out.results) != 1 or len(out.results[0].expressions) != 1:
            return _UNDEFINED
        return out.results[0].expressions[0]

    def track(self, conn: socket.socket, open_: bool) -> None:
        with self._lock:
            if open_:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)


def _compile_error(modules: dict[str, str]) -> str | None:
    rego = regopy.Interpreter()
    try:
        for name, text in modules.items():
            rego.add_module(name, text)
        out = rego.query("true")
    except Exception as exc:  # regopy reports parse and well-formedness errors this way
        return str(exc)
    return None if out.ok() else str(out)


class _Http(ThreadingHTTPServer):
    def __init__(self, opa: OpaServer) -> None:
        self.opa = opa
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client gone (timed out)
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server: _Http

    def setup(self) -> None:
        super().setup()
        self.server.opa.track(self.connection, True)

    def finish(self) -> None:
        self.server.opa.track(self.connection, False)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: Any = None, raw: bytes | None = None) -> None:
        data = raw if raw is not None else b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _route(self) -> tuple[str, str]:
        path = self.path.split("?", 1)[0]
        for kind in ("/v1/policies", "/v1/data"):
            if path == kind or path.startswith(kind + "/"):
                return kind, path[len(kind) + 1 :]  # OPA's ids may hold slashes
        return path, ""

    def do_GET(self) -> None:
        opa, (kind, rest) = self.server.opa, self._route()
        if kind == "/health":
            self._reply(200, {})
        elif kind == "/v1/policies" and not rest:
            found = [{"id": i, "raw": t, "ast": {}} for i, t in sorted(opa.policies().items())]
            self._reply(200, {"result": found})
        elif kind == "/v1/policies" and rest in opa.policies():
            self._reply(200, {"result": {"id": rest, "raw": opa.policies()[rest], "ast": {}}})
        elif kind == "/v1/data":
            self._evaluate(rest, {})
        else:
            self._reply(404, {"code": "resource_not_found", "message": f"{self.path} not found"})

    def do_PUT(self) -> None:
        opa, (kind, rest) = self.server.opa, self._route()
        body = self._body()
        if kind == "/v1/policies" and rest:
            error = opa.put_policy(rest, body.decode("utf-8"))
            if error is None:
                self._reply(200, {})
            else:
                message = "error(s) occurred while compiling module(s)"
                errors = [{"code": "rego_compile_error", "message": error}]
                self._reply(
                    400, {"code": "invalid_parameter", "message": message, "errors": errors}
                )
        elif kind == "/v1/data":
            opa.put_data([p for p in rest.split("/") if p], json.loads(body))
            self._reply(204)
        else:
            self._reply(404, {"code": "resource_not_found", "message": f"{self.path} not found"})

    def do_DELETE(self) -> None:
        opa, (kind, rest) = self.server.opa, self._route()
        if kind == "/v1/policies" and opa.delete_policy(rest):
            self._reply(200, {})
        elif kind == "/v1/data" and opa.delete_data([p for p in rest.split("/") if p]):
            self._reply(204)
        else:
            self._reply(404, {"code": "resource_not_found", "message": f"{self.path} not found"})

    def do_POST(self) -> None:
        opa, (kind, rest) = self.server.opa, self._route()
        body = json.loads(self._body() or b"{}")
        if kind != "/v1/data" or not rest:
            self._reply(404, {"code": "resource_not_found", "message": f"{self.path} not found"})
            return
        if opa.delay and opa.stopped.wait(opa.delay):
            return  # stopped while slow: no answer
        if opa.answer is not None or opa.status != 200:
            self._reply(opa.status, raw=opa.answer if opa.answer is not None else b"{}")
        elif opa.undefined:
            self._reply(200, {})
        else:
            self._evaluate(rest, body.get("input"))

    def _evaluate(self, rest: str, value: Any) -> None:
        try:
            result = self.server.opa.evaluate([p for p in rest.split("/") if p], value)
        except Exception as exc:
            self._reply(500, {"code": "internal_error", "message": str(exc)})
            return
        self._reply(200, {} if result is _UNDEFINED else {"result": result})


@contextmanager
def running() -> Iterator[OpaServer]:
    """An OPA-protocol server on 127.0.0.1 (a free port), stopped at exit."""
    server = OpaServer().start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def published(directory: Path = PJD) -> Iterator[OpaServer]:
    """A server as `running()` gives, holding the twin and parameters of the pack at `directory`."""
    with running() as server:
        publish_twin(load_pack(directory), server.url)
        yield server
