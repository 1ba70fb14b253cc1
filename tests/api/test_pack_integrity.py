"""A tampered pack never decides, on any engine: the service starts without it (decisions 503,
`/health` 503 naming the file), and a reload onto it keeps the last good pack (`degraded`).

The attacker's cases: an emptied or deleted policy file (the patient's block, NORS), a file
deleted with its Rego twin, an added `.cedar`, an edited parameter, a removed rule, and a
manifest locked again over a tampered file without a new signature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.api.test_pjd_endpoint import DEMO, URL
from tests.builders import document, pjd_body
from tests.clients import api_client
from tests.engine.test_manifest import TAMPERING, keypair, sign
from tests.opa_server import OpaServer, published
from tests.packs import copy_pack, relock
from tests.people import PATIENT

ENGINES = ("cedar", "rego", "opa")
CASES = (
    "emptied",
    "deleted",
    "deleted_with_twin",
    "all_but_the_grants",
    "added_cedar",
    "parameter",
    "rule_removed",
)
EVALUATION = "/access/v1/evaluation"
Json = dict[str, Any]


@pytest.fixture(scope="module")
def opa() -> Iterator[OpaServer]:
    with published() as server:
        yield server


def _app(folder: Path, pack: Path, engine: str, opa: OpaServer | None, **more: Any) -> TestClient:
    settings = get_settings(
        database_url=f"sqlite:///{folder / 'pjd.db'}",
        policy_dir=pack,
        engine=engine,
        opa_url=opa.url if opa else None,
        **more,
    )
    app = create_app(settings)
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    return api_client(app, raise_server_exceptions=False)


def _opa(request: pytest.FixtureRequest, engine: str) -> OpaServer | None:
    return request.getfixturevalue("opa") if engine == "opa" else None


def _blocked(client: TestClient) -> None:
    """The patient blocks all PJD access (pasient_sperret_pjd)."""
    body = {"kind": "pjd_sperre", "registered_by": "helsenorge"}
    response = client.post(f"/v1/patients/{PATIENT}/restrictions", json=body)
    assert response.status_code == 201, response.text


BODY = pjd_body(documents=[document("D1"), document("D2", confidentiality=["NORS"])])
AUTHZEN: Json = {
    "subject": {
        "type": "helsepersonell",
        "id": BODY["identity"]["pid"],
        "properties": {"identity": BODY["identity"], "attestation": BODY["attestation"]},
    },
    "resource": {
        "type": "dokument",
        "id": "D1",
        "properties": {**document(), "patient": PATIENT},
    },
    "action": {"name": "list"},
    "context": {"path": "hpl45", "at": BODY["at"]},
}


def _refused(client: TestClient, file: str) -> None:
    """No pack: /health 503 naming `file`, every decision 503 — never a permit."""
    health = client.get("/health")
    assert health.status_code == 503, health.text
    assert health.json()["status"] == "unavailable"
    assert health.json()["policy_revision"] is None
    assert file in health.json()["load_error"]
    assert client.post(URL, json=BODY).status_code == 503
    assert client.post(EVALUATION, json=AUTHZEN).status_code == 503


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", CASES)
def test_a_tampered_pack_does_not_start(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str, case: str
) -> None:
    tamper, file, _ = TAMPERING[case]
    pack = copy_pack(tmp_path / "pjd")
    tamper(pack)
    with _app(tmp_path, pack, engine, _opa(request, engine)) as client:
        _blocked(client)
        _refused(client, file)


def _signed(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A signed copy of the pack, and the setting naming the public key it is signed for."""
    private, public = keypair()
    (folder / "pjd.pub").write_bytes(public)
    pack = copy_pack(folder / "pjd")
    sign(pack, private)
    return pack, {"policy_key": folder / "pjd.pub"}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_manifest_locked_again_without_a_new_signature_does_not_start(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str
) -> None:
    pack, key = _signed(tmp_path)
    TAMPERING["emptied"][0](pack)
    relock(pack)
    with _app(tmp_path, pack, engine, _opa(request, engine), **key) as client:
        _blocked(client)
        _refused(client, "manifest.sig")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_signed_pack_starts_under_its_key(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str
) -> None:
    pack, key = _signed(tmp_path)
    with _app(tmp_path, pack, engine, _opa(request, engine), **key) as client:
        assert client.get("/health").json()["status"] == "ok"


def test_an_unreadable_key_refuses_the_pack(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path / "pjd")
    with _app(tmp_path, pack, "cedar", None, policy_key=tmp_path / "missing.pub") as client:
        _refused(client, "PJD_POLICY_KEY")


def test_a_pack_without_pack_json_is_refused_not_ok(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path / "pjd")
    (pack / "pack.json").unlink()
    with _app(tmp_path, pack, "cedar", None) as client:
        _refused(client, "pack.json")


# --- a reload onto a tampered pack --------------------------------------------------------------


def _decide(client: TestClient) -> tuple[str, list[tuple[str, str, list[str]]]]:
    response = client.post(URL, json=BODY)
    assert response.status_code == 200, response.text
    answer = response.json()
    seen = [
        (r["document"], r["decision"], [x["rule"] for x in r["reasons"]]) for r in answer["results"]
    ]
    return answer["policy_revision"], seen


BLOCKED = [
    ("D1", "deny", ["pasient_sperret_pjd"]),
    ("D2", "deny", ["dokument_sperret_nors", "pasient_sperret_pjd"]),
]
Tamper = Callable[[Path], None]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", ["emptied", "deleted_with_twin", "added_cedar"])
def test_a_reload_onto_a_tampered_pack_keeps_the_last_good_one(
    request: pytest.FixtureRequest, tmp_path: Path, engine: str, case: str
) -> None:
    pack = copy_pack(tmp_path / "pjd")
    kept = {p: p.read_bytes() for p in pack.rglob("*") if p.is_file()}
    with _app(tmp_path, pack, engine, _opa(request, engine)) as client:
        _blocked(client)
        good = client.get("/health").json()
        assert _decide(client) == (good["policy_revision"], BLOCKED)
        tamper: Tamper = TAMPERING[case][0]
        tamper(pack)
        assert client.app.state.runtime.reload() is False  # type: ignore[attr-defined]
        health = client.get("/health")
        assert health.status_code == 200
        degraded = health.json()
        assert degraded["status"] == "degraded"
        assert TAMPERING[case][1] in degraded["reload_error"]
        assert (degraded["policy_revision"], degraded["loaded_at"], degraded["engine"]) == (
            good["policy_revision"],
            good["loaded_at"],
            engine,
        )
        assert _decide(client) == (good["policy_revision"], BLOCKED)
        for path in pack.rglob("*"):
            if path.is_file() and path not in kept:
                path.unlink()
        for path, data in kept.items():
            path.write_bytes(data)
        assert client.app.state.runtime.reload() is True  # type: ignore[attr-defined]
        healed = client.get("/health").json()
    assert healed["status"] == "ok"
    assert "reload_error" not in healed
    assert healed["policy_revision"] == good["policy_revision"]
    assert healed["loaded_at"] > good["loaded_at"]
