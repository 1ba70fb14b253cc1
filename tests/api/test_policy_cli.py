"""`pjd policies lock`, `check` against the manifest (and PJD_POLICY_KEY), `publish` to an OPA
server, and the failures of `pjd policies reload` before it reaches a service — each a clean
one-line exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine import build_manifest, count_rules, pack_catalogue, read_pack
from tests.api.live_service import _free_port
from tests.api.test_cli import assert_clean_failure, run
from tests.engine.test_manifest import TAMPERING, keypair
from tests.opa_server import running
from tests.packs import PJD, copy_pack

NO_PROCESS = 2**31 - 2  # beyond any pid: were it signalled, nothing would be


@pytest.fixture
def pack(env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the PJD pack as PJD_POLICY_DIR."""
    copy = copy_pack(env / "pjd")
    monkeypatch.setenv("PJD_POLICY_DIR", str(copy))
    return copy


def _keys(folder: Path) -> tuple[Path, Path]:
    private, public = keypair()
    (folder / "pjd.key").write_bytes(private)
    (folder / "pjd.pub").write_bytes(public)
    return folder / "pjd.key", folder / "pjd.pub"


def test_lock_writes_the_manifest_a_fresh_lock_gives(pack: Path) -> None:
    TAMPERING["parameter"][0](pack)
    result = run("policies", "lock")
    assert result.exit_code == 0, result.output
    assert (pack / "manifest.json").read_bytes() == build_manifest(read_pack(pack))
    locked = read_pack(pack)
    files, rules = len(locked.digests), count_rules(pack_catalogue(locked)).pack
    assert result.stdout.startswith(
        f"{pack / 'manifest.json'}: locked {files} files, {rules} rules"
    )
    assert run("policies", "check").exit_code == 0


def test_check_refuses_a_tampered_pack_naming_the_file(pack: Path) -> None:
    TAMPERING["deleted"][0](pack)
    line = assert_clean_failure(run("policies", "check"))
    assert line.startswith(f"{pack / 'sperrede_dokumenter.cedar'}: missing")


def test_check_says_the_pack_matches_its_manifest(env: Path) -> None:
    result = run("policies", "check")
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("; matches manifest.json")


def test_lock_refuses_a_pack_that_does_not_check_and_writes_nothing(pack: Path) -> None:
    before = (pack / "manifest.json").read_bytes()
    TAMPERING["added_rego"][0](pack)  # a module outside the twin's rules: still compiles
    (pack / "ekstra.cedar").write_text("permit (principal, action, resource);\n")  # no @id
    line = assert_clean_failure(run("policies", "lock"))
    assert "ekstra.cedar" in line and "@id" in line
    assert (pack / "manifest.json").read_bytes() == before


def test_a_signed_lock_is_checked_under_the_key(
    pack: Path, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private, public = _keys(env)
    signed = run("policies", "lock", "--sign", str(private))
    assert signed.exit_code == 0, signed.output
    assert signed.stdout.rstrip().endswith("; signed: manifest.sig")
    monkeypatch.setenv("PJD_POLICY_KEY", str(public))
    checked = run("policies", "check")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.rstrip().endswith("matches manifest.json, signature valid")

    TAMPERING["parameter"][0](pack)
    unsigned = run("policies", "lock")  # locked again, but not signed: the old signature goes
    assert unsigned.exit_code == 0, unsigned.output
    assert "removed the old manifest.sig" in unsigned.stdout
    assert not (pack / "manifest.sig").exists()
    line = assert_clean_failure(run("policies", "check"))
    assert line.startswith(f"{pack / 'manifest.sig'}: missing")


def test_lock_with_a_key_that_is_not_ed25519_fails_cleanly(pack: Path, env: Path) -> None:
    _, public = _keys(env)
    line = assert_clean_failure(run("policies", "lock", "--sign", str(public)))
    assert line.startswith(f"{public}: not an unencrypted PEM private key")
    missing = assert_clean_failure(run("policies", "lock", "--sign", str(env / "nei.key")))
    assert missing == f"{env / 'nei.key'}: no such file"


def test_check_with_an_unreadable_key_fails_cleanly(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PJD_POLICY_KEY", str(env / "nei.pub"))
    line = assert_clean_failure(run("policies", "check"))
    assert line.startswith(f"PJD_POLICY_KEY: {env / 'nei.pub'}: No such file")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no pid file; is `pjd serve` running (PJD_PID_FILE)?"),
        ("12", 'not a pid file of `pjd serve` (want {"pid", "url"})'),
        ("{nei", "not a pid file of `pjd serve`: Expecting property name"),
    ],
)
def test_reload_without_a_service_fails_cleanly(
    env: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, message: str
) -> None:
    pid_file = env / "pjd.pid"
    if content is not None:
        pid_file.write_text(content, encoding="utf-8")
    monkeypatch.setenv("PJD_PID_FILE", str(pid_file))
    line = assert_clean_failure(run("policies", "reload"))
    assert line.startswith(f"{pid_file}: {message}")


def test_reload_when_the_service_does_not_answer_signals_nothing(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    pid_file = env / "pjd.pid"
    pid_file.write_text(json.dumps({"pid": NO_PROCESS, "url": url}), encoding="utf-8")
    monkeypatch.setenv("PJD_PID_FILE", str(pid_file))
    line = assert_clean_failure(run("policies", "reload"))
    assert line.startswith(f"the service at {url} does not answer")


# --- policies publish -------------------------------------------------------------------------


def test_publish_pushes_the_twin_then_finds_it_held(env: Path) -> None:
    with running() as server:
        result = run("policies", "publish", "--opa-url", server.url)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"{server.url}: published the twin of ")
        twin = sorted((PJD / "rego").glob("*.rego"))
        assert server.policies() == {f"pjd/rego/{p.name}": p.read_text() for p in twin}
        again = run("policies", "publish", "--opa-url", server.url)
        assert again.stdout.startswith(f"{server.url}: already held the twin of ")


def test_publish_takes_the_url_from_the_settings(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running() as server:
        monkeypatch.setenv("PJD_OPA_URL", server.url)
        assert run("policies", "publish").exit_code == 0
        assert server.policies()


def test_publish_refuses_a_tampered_pack_and_pushes_nothing(pack: Path) -> None:
    TAMPERING["deleted"][0](pack)
    with running() as server:
        line = assert_clean_failure(run("policies", "publish", "--opa-url", server.url))
        assert line.startswith(f"{pack / 'sperrede_dokumenter.cedar'}: missing")
        assert server.policies() == {}


@pytest.mark.parametrize(
    ("args", "start"),
    [
        ((), "PJD_OPA_URL: give --opa-url URL or set PJD_OPA_URL"),
        (("--opa-url", "http://127.0.0.1:8181/v1"), "--opa-url: 'http://127.0.0.1:8181/v1' is"),
    ],
)
def test_publish_without_a_usable_url_is_one_line(
    env: Path, args: tuple[str, ...], start: str
) -> None:
    assert assert_clean_failure(run("policies", "publish", *args)).startswith(start)


def test_publish_to_a_server_that_is_gone_names_it(env: Path) -> None:
    with running() as gone:
        url = gone.url
    line = assert_clean_failure(run("policies", "publish", "--opa-url", url))
    assert line.startswith(f"{url}: the OPA server ")
