"""A private PostgreSQL cluster for the fault tests, which stop, freeze and restart it — never the
machine's shared server.

`private_cluster()` runs initdb in a fresh temporary directory (owned by `postgres` when the
tests run as root: PostgreSQL refuses to run as root) and starts the server on a free port,
listening on 127.0.0.1 and on a socket in that directory. Whatever happens — a failed start
too — it thaws, stops (`pg_ctl stop -m immediate`, then SIGKILL) and removes the cluster.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

BIN = Path(max(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)))
START_SECONDS = 30


def _as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (the server's backends and workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _state(pid: int) -> str:
    """The process's state letter (/proc/PID/stat: R running, S sleeping, T stopped, ...)."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


_STOPPED = ("T", "t", "Z", "X", "gone")  # stopped, or it never runs again


@dataclass
class Cluster:
    """A running private cluster: its folder, port and the processes frozen by `freeze`."""

    folder: Path
    port: int
    stopped_pids: list[int] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of its `postgres` database, over TCP."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres(str(BIN / "pg_ctl"), "-D", str(self.data), *args),
            check=True,
            capture_output=True,
            timeout=START_SECONDS,
        )

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-l", str(self.folder / "server.log"), "-w", "-o", options, "start")
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                psycopg.connect(self.url.replace("+psycopg", ""), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server at once, as a crash would (`pg_ctl stop -m immediate`)."""
        self._ctl("-m", "immediate", "stop")

    def postmaster(self) -> int | None:
        """The server's process id, from postmaster.pid; None when it is not running."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def freeze(self) -> None:
        """SIGSTOP the postmaster, then every process it started: the server answers nothing.

        kill() only posts the signal, so each process is waited for until it is stopped (its
        /proc state T): the postmaster first, since until it stops it may still fork a backend
        (for a connection it was accepting) that a look at its children would miss; a missed
        backend keeps answering its connection, which the service may be handed from its pool."""
        postmaster = self.postmaster()
        assert postmaster is not None, "the cluster is not running"
        self._stop_process(postmaster)
        for pid in _children(postmaster):
            self._stop_process(pid)

    def _stop_process(self, pid: int) -> None:
        try:
            os.kill(pid, signal.SIGSTOP)
        except ProcessLookupError:
            return  # a backend that ended meanwhile
        self.stopped_pids.append(pid)
        deadline = time.monotonic() + START_SECONDS
        while _state(pid) not in _STOPPED:
            assert time.monotonic() < deadline, f"process {pid} did not stop"
            time.sleep(0.001)

    def thaw(self) -> None:
        """SIGCONT what `freeze` stopped (harmless when nothing is frozen)."""
        while self.stopped_pids:
            with suppress(ProcessLookupError):
                os.kill(self.stopped_pids.pop(), signal.SIGCONT)

    @contextmanager
    def stopped(self) -> Iterator[None]:
        """Stopped (`stop`) for the block, started again afterwards."""
        self.stop()
        try:
            yield
        finally:
            self.start()

    @contextmanager
    def frozen(self) -> Iterator[None]:
        """Frozen (`freeze`) for the block, thawed afterwards — also when the block fails."""
        self.freeze()
        try:
            yield
        finally:
            self.thaw()

    def kill(self) -> None:
        """The last resort of the teardown: SIGKILL the server and its processes."""
        postmaster = self.postmaster()
        if postmaster is None:
            return
        for pid in [*_children(postmaster), postmaster]:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@contextmanager
def private_cluster() -> Iterator[Cluster]:
    """A fresh running cluster; thawed, stopped and removed afterwards, however it ends."""
    folder = Path(tempfile.mkdtemp(prefix="pjd-pg-"))
    cluster = Cluster(folder, _free_port())
    try:
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(folder, account.pw_uid, account.pw_gid)
        initdb = [str(BIN / "initdb"), "-D", str(cluster.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(_as_postgres(*initdb, "--no-sync"), check=True, capture_output=True)
        cluster.start()
        yield cluster
    finally:
        cluster.thaw()
        try:
            cluster.stop()
        except (subprocess.SubprocessError, OSError):
            cluster.kill()  # not running, or pg_ctl failed: make sure no server is left
        shutil.rmtree(folder, ignore_errors=True)
