"""KJ01 and HN01, signed, verified and mapped, decide in-process (`api.pjd.service.decide`) as
their JSON equivalents do: the same decision and the same rules for every document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from api.config import get_settings
from api.pjd.schemas import PjdDecisionIn
from api.pjd.service import decide
from api.registry.store import RegistryBody, replace_registry
from api.runtime import Runtime, start_runtime
from api.trust.claims import VerifiedClaims
from api.trust.saml import verify
from tests.api.saml_equivalents import HN01_CITIZEN, KJ01_ATTESTATION, KJ01_IDENTITY, NOW
from tests.api.saml_signing import AUDIENCE, HN01, KJ01, settings_trusting, signed, signing_key
from tests.builders import document
from tests.people import PATIENT, SRC_A

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
KEY = signing_key("gateway", NOW)
VOSS_HERAD = {  # KJ01's legal entity, a consumer (the demo registry does not hold it)
    "orgnr": "960510542",
    "name": "VOSS HERAD",
    "category": "sykehjem",
    "consumer": {
        "helsenett_member": True,
        "pjd_terms": True,
        "active_from": "2024-01-01",
        "active_to": None,
    },
    "source": None,
}

Json = dict[str, Any]


def documents() -> list[Json]:
    """The worked examples' documents of SRC-A: an epikrise (shared), a løpende journal (not a
    class that is shared), and a sperret epikrise."""
    return [
        document("D1", confidentiality=None),
        document("D2", class_code="B00-1", confidentiality=None),
        document("D3", confidentiality=["NORS"], service_time=None),
    ]


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """The service's runtime on a fresh SQLite file: the demo registry, VOSS HERAD, and SRC-A
    sharing with citizens too."""
    folder = tmp_path_factory.mktemp("saml_decisions")
    the_runtime = start_runtime(get_settings(database_url=f"sqlite:///{folder / 'pjd.db'}"))
    registry = json.loads(DEMO.read_text(encoding="utf-8"))
    registry["organisations"].append(VOSS_HERAD)
    [src_a] = [o for o in registry["organisations"] if o["orgnr"] == SRC_A]
    src_a["source"]["grants"]["innbygger"] = {"list": True, "read": True}
    with Session(the_runtime.db) as session:
        replace_registry(session, RegistryBody.model_validate(registry))
    try:
        yield the_runtime
    finally:
        the_runtime.close()


def verified(name: str, tmp_path: Path) -> VerifiedClaims:
    settings = settings_trusting(tmp_path, AUDIENCE[name], KEY)
    return verify(signed(name, NOW, KEY), settings, NOW)


def outcomes(runtime: Runtime, body: Json) -> list[tuple[str, str, tuple[str, ...]]]:
    """(document, decision, deciding rules) of each document, decided at NOW."""
    answer = decide(runtime, PjdDecisionIn.model_validate(body), NOW)
    return [(r.document, r.decision, tuple(x.rule for x in r.reasons)) for r in answer.results]


def health_worker_body(patient: str, identity: Json, attestation: Json) -> Json:
    return {
        "action": "list",
        "path": "hpl45",
        "patient": patient,
        "identity": identity,
        "attestation": attestation,
        "documents": documents(),
        "at": NOW.isoformat(),
    }


def citizen_body(patient: str, citizen: Json) -> Json:
    return {
        "action": "list",
        "path": "helsenorge",
        "patient": patient,
        "citizen": citizen,
        "documents": documents(),
        "at": NOW.isoformat(),
    }


def test_kj01_decides_as_its_json_equivalent(runtime: Runtime, tmp_path: Path) -> None:
    claims = verified(KJ01, tmp_path)
    assert claims.identity is not None and claims.attestation is not None
    assert claims.patient is not None
    from_saml = outcomes(
        runtime, health_worker_body(claims.patient, claims.identity, claims.attestation)
    )
    from_json = outcomes(
        runtime, health_worker_body("29698496140", KJ01_IDENTITY, KJ01_ATTESTATION)
    )
    assert from_saml == from_json
    assert from_saml == [
        ("D1", "permit", ("dokumentliste_hpl45",)),
        ("D2", "deny", ("dokumentklasse_ikke_tillatt",)),
        ("D3", "deny", ("dokument_sperret_nors",)),
    ]


def test_kj01_asked_about_another_patient_is_denied_as_its_json_equivalent(
    runtime: Runtime, tmp_path: Path
) -> None:
    claims = verified(KJ01, tmp_path)
    assert claims.identity is not None and claims.attestation is not None
    other = PATIENT  # the worked examples' patient, not KJ01's
    from_saml = outcomes(runtime, health_worker_body(other, claims.identity, claims.attestation))
    from_json = outcomes(runtime, health_worker_body(other, KJ01_IDENTITY, KJ01_ATTESTATION))
    assert from_saml == from_json
    assert all("attest_gjelder_annen_pasient" in rules for _, _, rules in from_saml)


def test_hn01_decides_as_its_json_equivalent(runtime: Runtime, tmp_path: Path) -> None:
    claims = verified(HN01, tmp_path)
    assert claims.citizen is not None and claims.patient is not None
    from_saml = outcomes(runtime, citizen_body(claims.patient, claims.citizen))
    from_json = outcomes(runtime, citizen_body("17855599120", HN01_CITIZEN))
    assert from_saml == from_json
    assert from_saml == [(d["id"], "permit", ("innbygger_innsyn",)) for d in documents()]
