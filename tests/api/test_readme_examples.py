"""The README's citizen and restriction examples, run as written against `pjd serve` on the demo
registry: each `# ` line group right under a command is what that command prints.

Expected output is JSON (`"…"` matches any value), a decision summary (`D1 deny rule_id; D3
permit rule_id, obligation logg`: each document's decision, one of its rules, its obligations)
or plain text. The commands after the last group run too, unchecked.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.api.live_service import PJD, ROOT, demo_database, serving

README = ROOT / "README.md"
DEMO_URL = "http://127.0.0.1:8080"
MARK = "=== next ==="
_CLAUSE = re.compile(r"(D\d+) (permit|deny) ([a-z_]+)(.*)")


def section(heading: str) -> str:
    """The README's text from `## heading` to the next `## `."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {heading}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def the_attestation() -> str:
    """The `ATT='…'`, `TOKEN=…` and `AUTH=…` lines of the first example, which later examples
    use (`pjd token` signs with PJD_DEV_SIGNING_KEY: in the tests, the tests' key)."""
    first = section("Retrieval services")
    match = re.search(r"^ATT='.*?'$", first, re.S | re.M)
    token = re.search(r"^TOKEN=.*$\n^AUTH=.*$", first, re.M)
    assert match and token, "the README's first example defines ATT, TOKEN and AUTH"
    return match.group(0) + "\n" + token.group(0).replace(".venv/bin/pjd", str(PJD))


def script_and_expectations(block: str) -> tuple[str, list[str]]:
    """The block as a script printing MARK after each command with a `# ` group, and the groups'
    texts: the output before the first MARK is the first group's, and so on."""
    lines, expected, group = [], [], None
    for line in block.splitlines():
        if line.startswith("# "):
            if group is None:
                lines.append(f"echo '{MARK}'")
                group = []
                expected.append(group)
            group.append(line[2:].strip())
            continue
        group = None
        lines.append(line)
    return "\n".join(lines), [" ".join(g) for g in expected]


def matches(expected: Any, actual: Any) -> bool:
    """JSON equality where an expected `"…"` matches anything."""
    if expected == "…":
        return True
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(matches, expected, actual))
    return bool(expected == actual)


def check_decisions(summary: str, printed: str) -> None:
    """Each document named in `summary` has that decision, that rule and those obligations."""
    results = {r["document"]: r for r in json.loads(printed)["results"]}
    clauses = [_CLAUSE.match(clause.strip()) for clause in summary.split(";")]
    assert all(clauses), summary
    assert sorted(c.group(1) for c in clauses if c) == sorted(results), summary
    for clause in filter(None, clauses):
        document, decision, rule, rest = clause.groups()
        result = results[document]
        assert result["decision"] == decision, result
        assert rule in {reason["rule"] for reason in result["reasons"]}, result
        obligations = re.findall(r"obligation ([a-z_]+)", rest)
        assert sorted(o["id"] for o in result["obligations"]) == sorted(obligations), result


def check(expected: str, printed: str) -> None:
    if expected.startswith(("{", "[")):
        assert matches(json.loads(expected), json.loads(printed)), printed
    elif _CLAUSE.match(expected):
        check_decisions(expected, printed)
    else:
        assert printed.strip() == expected


def run_section(heading: str, url: str, database: str, folder: Path) -> int:
    """Run a README section's shell blocks against `url`; how many outputs were checked."""
    checked = 0
    for block in shell_blocks(section(heading)):
        script, expectations = script_and_expectations(block.replace(DEMO_URL, url))
        script = script.replace(".venv/bin/pjd", str(PJD))
        env = os.environ | {"PJD_DATABASE_URL": database}
        done = subprocess.run(
            ["bash", "-c", f"set -euo pipefail\n{the_attestation()}\n{script}"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        *outputs, _unchecked = done.stdout.split(MARK + "\n")
        for expected, output in zip(expectations, outputs, strict=True):
            check(expected, output)
            checked += 1
    return checked


def test_the_citizen_and_restriction_examples_print_what_the_readme_shows(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'pjd.db'}"
    with demo_database(url) as database, serving(("readme",), database, tmp_path) as [server]:
        assert run_section("Citizens (helsenorge)", server.url, database, tmp_path) == 2
        heading = "Restrictions (patients' objections, reservations and blocks)"
        assert run_section(heading, server.url, database, tmp_path) == 2


def test_the_checker_catches_a_wrong_answer() -> None:
    printed = json.dumps(
        {
            "results": [
                {
                    "document": "D1",
                    "decision": "deny",
                    "reasons": [{"rule": "r"}],
                    "obligations": [],
                }
            ]
        }
    )
    check("D1 deny r", printed)
    with pytest.raises(AssertionError):
        check("D1 permit r", printed)
    with pytest.raises(AssertionError):
        check("D1 deny r, obligation logg", printed)
    assert not matches({"id": "…", "a": 1}, {"id": "x", "a": 2})
    assert matches({"id": "…", "a": [1]}, {"id": "x", "a": [1]})
