"""Registry and restriction changes record which authenticated client made them (trust at the
boundary): a restriction's `registered_client` and `withdrawn_client`, the registry version's
`changed_by`; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.models import RegistryVersion
from api.registry.store import CLI, RegistryBody, replace_registry
from tests.clients import api_client
from tests.people import PATIENT
from tests.tokens import SERVICE_SCOPES, bearer

URL = f"/v1/patients/{PATIENT}/restrictions"


@pytest.fixture
def client(db_engine: Engine) -> Iterator[TestClient]:
    settings = get_settings(database_url=db_engine.url.render_as_string(hide_password=False))
    with api_client(create_app(settings)) as test_client:
        yield test_client


def _as(client_id: str) -> dict[str, str]:
    return bearer(SERVICE_SCOPES, client_id=client_id)


def test_a_restriction_records_who_registered_and_withdrew_it(client: TestClient) -> None:
    body = {"kind": "pjd_sperre", "registered_by": "helsenorge: the patient"}
    created = client.post(URL, json=body, headers=_as("helsenorge"))
    assert created.status_code == 201, created.text
    assert (created.json()["registered_client"], created.json()["withdrawn_client"]) == (
        "helsenorge",
        None,
    )
    withdrawn = client.delete(f"{URL}/{created.json()['id']}", headers=_as("dips-ous"))
    assert withdrawn.json()["registered_client"] == "helsenorge"
    assert withdrawn.json()["withdrawn_client"] == "dips-ous"
    [listed] = client.get(URL, params={"history": "true"}).json()
    assert (listed["registered_client"], listed["withdrawn_client"]) == ("helsenorge", "dips-ous")


def test_the_registry_version_records_who_made_it(client: TestClient, db_engine: Engine) -> None:
    empty = {"organisations": [], "gp_list": []}
    assert client.put("/v1/registry", json=empty, headers=_as("nhn-admin")).status_code == 200
    with Session(db_engine) as session:
        version = session.get(RegistryVersion, 1)
        assert version is not None and version.changed_by == "nhn-admin"
        replace_registry(session, RegistryBody.model_validate(empty))
    with Session(db_engine) as session:
        version = session.get(RegistryVersion, 1)
        assert version is not None and version.changed_by == CLI
