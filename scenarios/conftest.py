"""The specification's wiring: every rule id is a marker, the step modules, one runtime per example.

Every example runs once per policy engine (`cedar`, `rego`; the test id ends in the engine's
name), in the process and over HTTP alike: the specification holds for the Cedar pack and its
Rego twin. `-k cedar` or `-k rego` runs one engine's half. A Gherkin tag that is not a rule id
of the pack (or `http`/`postgres` from pyproject) fails collection under `--strict-markers`;
that is intended.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from api.config import get_settings
from api.registry.store import RegistryBody, replace_registry
from api.runtime import Runtime, start_runtime
from engine import load_pack, pack_catalogue

PAKKE = Path(__file__).resolve().parents[1] / "policies" / "pjd"
MOTORER = ("cedar", "rego")  # the PJD_ENGINE values the specification runs on

pytest_plugins = [
    "scenarios.steps.tid",
    "scenarios.steps.regelverk",
    "scenarios.steps.virksomheter",
    "scenarios.steps.aktorer",
    "scenarios.steps.attest",
    "scenarios.steps.dokumenter",
    "scenarios.steps.restriksjoner",
    "scenarios.steps.foresporsel",
    "scenarios.steps.innbyggere",
    "scenarios.steps.personer",
    "scenarios.steps.logginnsyn",
    "scenarios.steps.beslutning",
]


def pytest_configure(config: pytest.Config) -> None:
    """Register each rule id of the catalogue as a marker, so `pytest -m <rule id>` selects it."""
    for regel in pack_catalogue(load_pack(PAKKE)).values():
        config.addinivalue_line("markers", f"{regel.id}: {regel.title}")


@pytest.fixture(autouse=True, params=MOTORER, ids=MOTORER)
def motor(request: pytest.FixtureRequest) -> str:
    """The policy engine of this run of the example. Autouse: the steps ask for `runtime` only
    while they run, too late for pytest to parametrize by it, so every example is."""
    return str(request.param)


@pytest.fixture
def runtime(
    tmp_path: Path, policy_dir: Path, registry: dict[str, Any], motor: str
) -> Iterator[Runtime]:
    """The service for one example on `motor`: its own SQLite database holding the registry."""
    settings = get_settings(  # the scenarios' time is an explicit step: trusted (R26)
        database_url=f"sqlite:///{tmp_path / 'pjd.db'}",
        policy_dir=policy_dir,
        engine=motor,
        trust_request_time=True,
    )
    tjeneste = start_runtime(settings)
    try:
        assert tjeneste.engine is not None, f"the policy pack did not load: {tjeneste.load_error}"
        assert tjeneste.engine.name == motor, f"the service runs {tjeneste.engine.name}"
        with Session(tjeneste.db) as session:
            replace_registry(session, RegistryBody.model_validate(registry))
        yield tjeneste
    finally:
        tjeneste.db.dispose()
