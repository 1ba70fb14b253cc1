"""One consistent registry per decision (DESIGN principle 11), under registry replacements.

Two registries that each deny the same request, for different reasons: in NO_GRANT the source
does not share its list with hospitals (`kilde_deler_ikke_liste`), in NO_TERMS the hospital has
not accepted the PJD terms (`konsument_vilkaar_ikke_akseptert`). A decision that read the
organisations of one and the grants of the other would permit (or deny by both rules). Two
threads replace the registry with one and the other, back to back, through `PUT /v1/registry`,
while 16 threads decide through the same app; every decision must be a deny by exactly one of
the two rules — never a permit, never both. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, SQLModel

from api.config import get_settings
from api.db import make_engine
from api.main import create_app
from api.registry import load_registry_file, replace_registry
from tests.fixtures import ATTESTATIONS

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "api" / "demo_registry.json"
AT = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
PID, HPR, PATIENT = "05086900124", "222200068", "05076600324"
OUS, SRC_A = "993467049", "914637651"  # Eksempel #3's legal entity; the worked examples' source
DECIDERS, ROUNDS = 16, 40
NO_GRANT, NO_TERMS = "kilde_deler_ikke_liste", "konsument_vilkaar_ikke_akseptert"

Json = dict[str, Any]


def _registry(change: str) -> Json:
    """The demo registry, changed so that the request is denied by one rule."""
    data: Json = json.loads(DEMO.read_text(encoding="utf-8"))
    for org in data["organisations"]:
        if change == NO_GRANT and org["orgnr"] == SRC_A:
            org["source"]["grants"]["helseforetak"] = {"list": False, "read": True}
        if change == NO_TERMS and org["orgnr"] == OUS:
            org["consumer"]["pjd_terms"] = False
    return data


def _body() -> Json:
    attestation: Json = json.loads(
        (ATTESTATIONS / "v1.1-eksempel-3-anestesilege.normalized.json").read_text("utf-8")
    )
    attestation["toa"] = int(AT.timestamp()) - 300
    attestation["care_relation"]["decision_ref"] = {"id": "ref-1", "user_selected": False}
    document = {"id": "D1", "source": SRC_A, "class_code": "A00-1", "service_time": "2019-05-01"}
    return {
        "action": "list",
        "path": "hpl45",
        "patient": PATIENT,
        "identity": {"pid": PID, "hpr_number": HPR, "security_level": "4"},
        "attestation": attestation,
        "documents": [document],
        "at": AT.isoformat(),
    }


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """The app (its lifespan running) on a fresh database holding the demo registry."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pjd.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
        fresh = make_engine(url)
        SQLModel.metadata.drop_all(fresh)  # the database is shared by the session's tests
        fresh.dispose()
    app = create_app(get_settings(database_url=url))
    db = app.state.runtime.db
    with Session(db) as session:
        replace_registry(session, load_registry_file(DEMO))
    try:
        with TestClient(app) as test_client:
            yield test_client
    finally:
        SQLModel.metadata.drop_all(db)
        db.dispose()


def test_the_demo_request_permits_and_each_registry_denies_it_by_one_rule(
    client: TestClient,
) -> None:
    assert _decide(client) == ("permit", ("dokumentliste_hpl45",))
    for change in (NO_GRANT, NO_TERMS):
        assert client.put("/v1/registry", json=_registry(change)).status_code == 200
        assert _decide(client) == ("deny", (change,))


def _decide(client: TestClient) -> tuple[str, tuple[str, ...]]:
    response = client.post("/v1/pjd/decisions", json=_body())
    if response.status_code != 200:
        return str(response.status_code), ()
    [result] = response.json()["results"]
    return result["decision"], tuple(reason["rule"] for reason in result["reasons"])


def test_alternating_replacements_never_yield_a_permit_neither_registry_allows(
    client: TestClient,
) -> None:
    assert client.put("/v1/registry", json=_registry(NO_GRANT)).status_code == 200
    done, replaced = threading.Event(), Counter[int]()

    def replace(change: str) -> None:
        while not done.is_set():
            replaced[client.put("/v1/registry", json=_registry(change)).status_code] += 1

    def decide(_: int) -> list[tuple[str, tuple[str, ...]]]:
        return [_decide(client) for _ in range(ROUNDS)]

    with ThreadPoolExecutor(DECIDERS + 2) as pool:
        replacers = [pool.submit(replace, change) for change in (NO_GRANT, NO_TERMS)]
        try:
            outcomes = Counter(o for run in pool.map(decide, range(DECIDERS)) for o in run)
        finally:
            done.set()
        for replacer in replacers:
            replacer.result()
    by_one_rule = outcomes[("deny", (NO_GRANT,))] + outcomes[("deny", (NO_TERMS,))]
    assert [o for o in outcomes if o[0] == "permit"] == [], outcomes  # the point of the test
    assert by_one_rule == DECIDERS * ROUNDS, outcomes  # no mix of both, no 503, no log failure
    assert outcomes[("deny", (NO_GRANT,))] and outcomes[("deny", (NO_TERMS,))], outcomes
    assert replaced[200] >= 10 and set(replaced) == {200}, replaced
