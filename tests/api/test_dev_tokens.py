"""`make run`'s development key and `pjd token` (trust at the boundary): `pjd dev-key` makes a
private key (mode 0600) and its public JWKS once; `pjd token --scope S` prints, on its last
line, a token that key signs and the service verifies; an unknown scope is one line, exit 1."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from api.trust.callers import Authenticator
from api.trust.keys import FileKeys
from api.trust.tokens import TokenRules
from tests.api.live_service import PJD
from tests.tokens import AUDIENCE, ISSUER


def _pjd(key: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PJD_DEV_SIGNING_KEY": str(key)}
    return subprocess.run(
        [str(PJD), *arguments], env=env, capture_output=True, text=True, timeout=60
    )


def test_the_development_key_signs_tokens_the_service_verifies(tmp_path: Path) -> None:
    key = tmp_path / "var" / "dev_signing_key.json"
    assert _pjd(key, "dev-key").returncode == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    jwks = json.loads((tmp_path / "var" / "dev_jwks.json").read_text())
    assert all("d" not in entry for entry in jwks["keys"])  # the public half only
    before = key.read_bytes()
    assert _pjd(key, "dev-key").returncode == 0 and key.read_bytes() == before  # made once
    done = _pjd(key, "token", "--scope", "pjd:citizen", "--pid", "05076600324")
    assert done.returncode == 0, done.stderr
    value = done.stdout.strip().splitlines()[-1]
    source = FileKeys(tmp_path / "var" / "dev_jwks.json")
    caller = Authenticator(TokenRules(ISSUER, AUDIENCE), source).caller(
        f"Bearer {value}", datetime.now(UTC)
    )
    assert (caller.scopes, caller.pid) == (frozenset({"pjd:citizen"}), "05076600324")


def test_an_unknown_scope_is_refused_in_one_line(tmp_path: Path) -> None:
    key = tmp_path / "dev_signing_key.json"
    assert _pjd(key, "dev-key").returncode == 0
    done = _pjd(key, "token", "--scope", "pjd:everything")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().startswith("--scope: unknown pjd:everything")
