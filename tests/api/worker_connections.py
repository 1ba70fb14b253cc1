"""Which worker of a `pjd serve --workers N` holds an HTTP client's connection (Linux /proc).

The workers share one listening socket and the kernel hands each new connection to whichever
worker accepts first, so a test cannot address a worker by URL. It can open connections until
one is held by the worker it wants, and keep that client's one keep-alive connection: the
client's local port names the connection, /proc/net/tcp its socket inode, and the worker is the
child of the `pjd serve` process that has that inode among its file descriptors.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import httpx2

from tests.api.live_service import STARTUP_SECONDS
from tests.clients import service_headers

PROC = Path("/proc")
ESTABLISHED = "01"
ATTEMPTS = 200  # new connections tried before giving up on landing on one worker


def workers_of(supervisor: int) -> set[int]:
    """The pids of the child processes of `supervisor` (uvicorn's workers, perhaps a helper)."""
    children = set()
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == supervisor:
            children.add(int(stat.parent.name))
    return children


def local_port(response: httpx2.Response) -> int:
    """The client-side port of the connection that carried `response`."""
    host_port = response.extensions["network_stream"].get_extra_info("client_addr")
    port: int = host_port[1]
    return port


def _socket_inode(server_port: int, client_port: int) -> str | None:
    """The inode of the server side of the connection from `client_port` to `server_port`."""
    for line in (PROC / "net" / "tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
        ports = (int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16))
        if ports == (server_port, client_port) and state == ESTABLISHED:
            return inode
    return None


def _holder(pids: set[int], inode: str) -> int | None:
    wanted = f"socket:[{inode}]"
    for pid in pids:
        try:
            descriptors = list((PROC / str(pid) / "fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor) == wanted:
                    return pid
            except OSError:
                continue
    return None


def worker_of(supervisor: int, client: httpx2.Client) -> int | None:
    """The worker of `supervisor` that holds `client`'s connection (after a GET /health; its
    503, a database probe slow under load, names the worker as well as a 200)."""
    response = client.get("/health")
    assert response.status_code in (200, 503), response.text
    server_port = client.base_url.port
    assert server_port is not None
    inode = _socket_inode(server_port, local_port(response))
    return None if inode is None else _holder(workers_of(supervisor), inode)


def client_on(supervisor: int, url: str, worker: int) -> httpx2.Client:
    """An HTTP client on `url` whose keep-alive connection is held by `worker`."""
    for _ in range(ATTEMPTS):
        client = httpx2.Client(base_url=url, timeout=30.0, headers=service_headers())
        try:
            held = worker_of(supervisor, client)
        except BaseException:
            client.close()  # never left to the garbage collector, whose warning fails a later test
            raise
        if held == worker:
            return client
        client.close()
    raise AssertionError(f"no connection to {url} landed on worker {worker} in {ATTEMPTS}")


def serving_workers(supervisor: int, url: str, count: int) -> list[int]:
    """The `count` workers of `supervisor` that answer on `url`, found through connections:
    /health answers once one worker is up, the others may still be starting."""
    found: set[int] = set()
    deadline = time.monotonic() + STARTUP_SECONDS
    while len(found) < count and time.monotonic() < deadline:
        with httpx2.Client(base_url=url, timeout=30.0, headers=service_headers()) as client:
            worker = worker_of(supervisor, client)
        if worker is not None:
            found.add(worker)
    assert len(found) == count, f"{url}: {len(found)} of {count} workers answered"
    return sorted(found)
