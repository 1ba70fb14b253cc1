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
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.demo_app import BOTH_DATABASES, DEMO, database_url, demo_app
from tests.builders import AT, PERMIT, Json, outcome, pjd_body
from tests.clients import api_client
from tests.people import OUS, SRC_A

DECIDERS, ROUNDS = 16, 40
NO_GRANT, NO_TERMS = "kilde_deler_ikke_liste", "konsument_vilkaar_ikke_akseptert"


def _registry(change: str) -> Json:
    """The demo registry, changed so that the request is denied by one rule."""
    data: Json = json.loads(DEMO.read_text(encoding="utf-8"))
    for org in data["organisations"]:
        if change == NO_GRANT and org["orgnr"] == SRC_A:
            org["source"]["grants"]["helseforetak"] = {"list": False, "read": True}
        if change == NO_TERMS and org["orgnr"] == OUS:
            org["consumer"]["pjd_terms"] = False
    return data


@pytest.fixture(params=BOTH_DATABASES)
def client(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """The app (its lifespan running) on a fresh database holding the demo registry."""
    with demo_app(database_url(request, tmp_path)) as app, api_client(app) as test_client:
        yield test_client


def test_the_demo_request_permits_and_each_registry_denies_it_by_one_rule(
    client: TestClient,
) -> None:
    assert _decide(client) == PERMIT
    for change in (NO_GRANT, NO_TERMS):
        assert client.put("/v1/registry", json=_registry(change)).status_code == 200
        assert _decide(client) == ("deny", (change,))


def _decide(client: TestClient) -> tuple[str, tuple[str, ...]]:
    response = client.post("/v1/pjd/decisions", json=pjd_body(AT))
    return outcome(response.json()) if response.status_code == 200 else (str(response), ())


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
