"""Every in-process test client is built by `tests.clients.api_client`, so the headers a
deployed caller sends are stated in one place and no test talks to the app without them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILDER = ROOT / "tests" / "clients.py"
CALL = re.compile(r"\bTestClient\(")


def test_no_test_builds_its_own_test_client() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("tests", "scenarios")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != BUILDER
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CALL.search(line)
    ]
    assert offenders == [], f"build clients with tests.clients.api_client: {offenders}"
