"""Every `pjd` command fails as one clear line on stderr with exit 1, never a traceback: a bad
PJD_DATABASE_URL (unparseable, unknown driver, not installed, unreachable), a bad setting, a
pack that does not load, an output that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.test_cli import DEMO, assert_clean_failure, decision_body, run, write
from tests.people import BERGEN

PJD = Path(sys.executable).parent / "pjd"
UNREACHABLE = "postgresql+psycopg://postgres:secret@127.0.0.1:1/pjd"  # nothing listens on port 1
URLS = {
    "unparseable": ("not a url", "PJD_DATABASE_URL is not a database URL; use e.g. sqlite:///"),
    "unknown driver": (
        "oracle2://db/x",
        "PJD_DATABASE_URL oracle2://db/x: unknown database driver",
    ),
    "driver missing": ("mysql://u@127.0.0.1/x", "the database driver is not installed"),
    "unreachable": (
        UNREACHABLE,
        "cannot connect to the database postgresql+psycopg://postgres:***@",
    ),
}
DATABASE_COMMANDS = {
    "serve": ["serve", "--port", "1"],
    "decide": ["decide", "BODY"],
    "registry import": ["registry", "import", str(DEMO)],
    "registry grant": ["registry", "grant", BERGEN, "innbygger", "--list"],
    "log verify": ["log", "verify"],
}


def _args(command: str, folder: Path) -> list[str]:
    body = str(write(folder, "r.json", decision_body()))
    return [body if arg == "BODY" else arg for arg in DATABASE_COMMANDS[command]]


@pytest.mark.parametrize("case", URLS)
@pytest.mark.parametrize("command", DATABASE_COMMANDS)
def test_a_bad_database_url_is_one_line_for_every_command(
    env: Path, monkeypatch: pytest.MonkeyPatch, command: str, case: str
) -> None:
    url, expected = URLS[case]
    monkeypatch.setenv("PJD_DATABASE_URL", url)
    line = assert_clean_failure(run(*_args(command, env)))
    assert expected in line
    assert "secret" not in line


@pytest.mark.parametrize(
    "args",
    [["policies", "check"], ["catalogue", "--output", "OUT"], ["decide", "BODY"]],
)
def test_a_pack_that_does_not_load_is_one_line(
    env: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("PJD_POLICY_DIR", str(env / "no-pack"))
    body = str(write(env, "r.json", decision_body()))
    shown = [{"OUT": str(env / "regler.md"), "BODY": body}.get(arg, arg) for arg in args]
    line = assert_clean_failure(run(*shown))  # (serve starts without a pack: /health is 503)
    assert "schema.cedarschema" in line


def test_a_catalogue_that_cannot_be_written_is_one_line(env: Path) -> None:
    line = assert_clean_failure(run("catalogue", "--output", str(env)))
    assert line.startswith(f"{env}: cannot write the catalogue: ")


@pytest.mark.parametrize("args", [["policies", "check"], ["log", "verify"], ["catalogue"]])
def test_a_bad_setting_is_one_line_naming_it(
    env: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("PJD_OPA_TIMEOUT", "soon")
    assert assert_clean_failure(run(*args)).startswith("PJD_OPA_TIMEOUT: ")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["decide", "missing.json"], "missing.json: no such file"),
        (["log", "verify"], "cannot connect to the database"),
        (["serve", "--port", "1"], "cannot connect to the database"),
    ],
)
def test_the_real_command_prints_one_line_and_no_traceback(
    tmp_path: Path, args: list[str], start: str
) -> None:
    env = os.environ | {"PJD_DATABASE_URL": UNREACHABLE}
    done = subprocess.run(
        [str(PJD), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(start)
