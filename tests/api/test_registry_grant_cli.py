"""`pjd registry grant ORGNR CATEGORY --list --read`: one source grant changed, nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from api.config import get_settings
from api.db import make_engine
from api.registry.store import export_registry
from tests.api.test_cli import DEMO, assert_clean_failure, run
from tests.people import BERGEN

Json = dict[str, Any]


def registry() -> Json:
    db = make_engine(get_settings().database_url)
    with Session(db) as session:
        exported: Json = export_registry(session).model_dump(mode="json", by_alias=True)
    db.dispose()
    return exported


def grants(orgnr: str) -> Json:
    org = next(o for o in registry()["organisations"] if o["orgnr"] == orgnr)
    found: Json = org["source"]["grants"]
    return found


@pytest.fixture
def demo(env: Path) -> Json:
    """The demo registry imported into the environment's database; the registry as exported."""
    assert run("registry", "import", str(DEMO)).exit_code == 0
    return registry()


def test_grant_adds_the_innbygger_grant_and_changes_nothing_else(demo: Json) -> None:
    result = run("registry", "grant", BERGEN, "innbygger", "--list", "--read")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{BERGEN} grants innbygger: list yes, read yes\n"
    after = registry()
    assert grants(BERGEN)["innbygger"] == {"list": True, "read": True}
    bergen = next(o for o in after["organisations"] if o["orgnr"] == BERGEN)
    del bergen["source"]["grants"]["innbygger"]
    assert after == demo


def test_grant_without_switches_takes_both_away(demo: Json) -> None:
    assert run("registry", "grant", BERGEN, "innbygger", "--list", "--read").exit_code == 0
    assert run("registry", "grant", BERGEN, "innbygger", "--list", "--no-read").exit_code == 0
    assert grants(BERGEN)["innbygger"] == {"list": True, "read": False}
    assert run("registry", "grant", BERGEN, "fastlege").stdout.endswith("list no, read no\n")
    assert grants(BERGEN)["fastlege"] == {"list": False, "read": False}


@pytest.mark.parametrize(
    ("orgnr", "category", "line"),
    [
        ("999999999", "innbygger", "999999999 is not in the registry"),
        ("100100673", "innbygger", "100100673 (Norsk Helsenett SF Fagersta Testlegekontor)"),
        (BERGEN, "innbyger", "'innbyger' is not a category"),
    ],
)
def test_a_grant_that_cannot_be_set_is_one_line_and_changes_nothing(
    demo: Json, orgnr: str, category: str, line: str
) -> None:
    result = run("registry", "grant", orgnr, category, "--list")
    assert assert_clean_failure(result).startswith(line)
    assert registry() == demo


def test_the_demo_registry_shares_with_no_citizen() -> None:
    """The README's citizen example starts from this; the grant command is how to change it."""
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    sources = [o["source"] for o in demo["organisations"] if o["source"]]
    assert sources and all("innbygger" not in s["grants"] for s in sources)
