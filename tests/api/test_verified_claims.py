"""The person behind a request comes verified (issue: trust at the boundary): a HelseID access
token (`helseid_token`) or the XUA SAML assertion a source received (`saml_assertion`) in the
PJD body or AuthZEN's `subject.properties`, deciding as their JSON equivalents do; claims nobody
signed only where the deployment accepts them; every refusal a 401 naming the field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import OKPKey
from sqlmodel import Session, select

from api.access_log.models import LogRecord
from api.access_log.store import verify as verify_chain
from api.main import create_app
from api.pjd.schemas import PjdDecisionIn
from api.pjd.service import decide, pjd_engine
from api.runtime import Runtime
from api.trust.claims import ClaimsRefused
from api.trust.helseid import PID
from tests.api.saml_equivalents import KJ01_ATTESTATION, KJ01_IDENTITY, NOW
from tests.api.saml_signing import (
    HN01,
    ISSUER,
    KJ01,
    issued_by,
    one_time_use,
    signed,
    signing_key,
)
from tests.api.signed_claims import WORKER, helseid_token, published, runtime_trusting
from tests.api.test_saml_decisions import documents
from tests.clients import api_client
from tests.fixtures import attestation_text
from tests.people import PATIENT
from tests.tokens import citizen_bearer, token

GATEWAY = signing_key("gateway", NOW)
Json = dict[str, Any]


def _runtime(folder: Path, **extra: Any) -> Runtime:
    return runtime_trusting(folder, [GATEWAY], **extra)


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """A deployment that accepts only signed claims."""
    runtime = _runtime(tmp_path_factory.mktemp("strict"), accept_unverified_claims=False)
    yield runtime
    runtime.close()


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """A deployment that also accepts JSON claims (as the tests and `make run` do)."""
    runtime = _runtime(tmp_path_factory.mktemp("lenient"), accept_unverified_claims=True)
    yield runtime
    runtime.close()


def _body(patient: str, **person: Any) -> Json:
    base = {"action": "list", "path": "hpl45", "patient": patient, "documents": documents()}
    return base | person


def _outcomes(runtime: Runtime, body: Json, now: datetime = NOW) -> list[tuple[str, ...]]:
    answer = decide(runtime, PjdDecisionIn.model_validate(body | {"at": now.isoformat()}), now)
    return [(r.document, r.decision, *(x.rule for x in r.reasons)) for r in answer.results]


def test_a_helseid_token_decides_as_its_json_equivalent(strict: Runtime, lenient: Runtime) -> None:
    now = datetime.now(UTC)
    from_token = _outcomes(strict, _body(PATIENT, helseid_token=helseid_token(published())), now)
    as_json = published() | {"toa": int(now.timestamp()) - 1}
    from_json = _outcomes(lenient, _body(PATIENT, identity=WORKER, attestation=as_json), now)
    assert from_token == from_json
    assert from_token[0][1] == "permit"


@pytest.mark.parametrize(
    ("beyond", "outcome"),
    [(-60, ("D1", "permit", "dokumentliste_hpl45")), (60, ("D1", "deny", "attest_utloept"))],
    ids=["a_minute_within", "a_minute_beyond"],
)
def test_without_toa_the_attestation_is_as_old_as_the_tokens_iat(
    strict: Runtime, beyond: int, outcome: tuple[str, ...]
) -> None:
    """ATT-58: the attestation's age runs from `toa`, here the token's `iat`: a token issued
    longer ago than `attest_maks_alder_sekunder` (yet not expired) attests too old."""
    max_age = pjd_engine(strict).pack.parameters["attest_maks_alder_sekunder"]
    now = datetime.now(UTC)
    issued = int(now.timestamp()) - max_age - beyond
    value = helseid_token(published(), iat=issued, nbf=issued)  # `exp` four hours from now
    assert _outcomes(strict, _body(PATIENT, helseid_token=value), now)[0] == outcome


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"iss": "https://evil.example"}, "claims are not accepted"),
        ({"aud": "another-service"}, "claims are not accepted"),
        ({"exp": 1}, "expired"),
        ({"authorization_details": []}, "authorization_details"),
        ({PID: None}, PID),
    ],
    ids=["issuer", "audience", "expired", "no_attestation", "no_pid"],
)
def test_a_helseid_token_that_does_not_verify_is_refused(
    strict: Runtime, change: Json, why: str
) -> None:
    value = helseid_token(published(), **change)
    with pytest.raises(ClaimsRefused, match=why) as refused:
        _outcomes(strict, _body(PATIENT, helseid_token=value), datetime.now(UTC))
    assert refused.value.field == "helseid_token"


def test_a_helseid_token_signed_by_another_key_is_refused(strict: Runtime) -> None:
    value = helseid_token(published(), key=OKPKey.generate_key("Ed25519"))
    with pytest.raises(ClaimsRefused, match="does not verify"):
        _outcomes(strict, _body(PATIENT, helseid_token=value), datetime.now(UTC))


def test_a_saml_assertion_in_the_body_decides_as_its_json_equivalent(
    strict: Runtime, lenient: Runtime
) -> None:
    patient = "29698496140"
    from_saml = _outcomes(strict, _body(patient, saml_assertion=signed(KJ01, NOW, GATEWAY)))
    as_json = _body(patient, identity=KJ01_IDENTITY, attestation=KJ01_ATTESTATION)
    assert from_saml == _outcomes(lenient, as_json)
    assert [outcome[1] for outcome in from_saml] == ["permit", "deny", "deny"]


def test_a_tampered_saml_attribute_is_refused(strict: Runtime) -> None:
    value = signed(KJ01, NOW, GATEWAY).replace("565505933", "565505934")
    with pytest.raises(ClaimsRefused) as refused:
        _outcomes(strict, _body("29698496140", saml_assertion=value))
    assert refused.value.field == "saml_assertion"


def test_an_assertion_about_another_patient_is_refused(strict: Runtime) -> None:
    with pytest.raises(ClaimsRefused, match="another patient"):
        _outcomes(strict, _body(PATIENT, saml_assertion=signed(KJ01, NOW, GATEWAY)))


def test_a_one_time_assertion_decides_once(strict: Runtime) -> None:
    body = _body("29698496140", saml_assertion=signed(KJ01, NOW, GATEWAY, one_time_use))
    assert _outcomes(strict, body)[0][1] == "permit"
    with pytest.raises(ClaimsRefused, match="was used already: a replay") as refused:
        _outcomes(strict, body)
    assert refused.value.field == "saml_assertion"


def test_an_assertion_from_the_citizen_issuer_does_not_speak_for_a_health_worker(
    strict: Runtime,
) -> None:
    value = signed(KJ01, NOW, GATEWAY, issued_by(ISSUER[HN01]))
    with pytest.raises(ClaimsRefused, match="may not issue a health worker's"):
        _outcomes(strict, _body("29698496140", saml_assertion=value))


@pytest.fixture
def strict_client(strict: Runtime) -> Iterator[TestClient]:
    with api_client(create_app(runtime=strict)) as client:
        yield client


def test_unsigned_claims_are_a_401_where_only_signed_ones_are_taken(
    strict_client: TestClient,
) -> None:
    body = _body(PATIENT, identity=WORKER, attestation=json.loads(attestation_text()))
    response = strict_client.post("/v1/pjd/decisions", json=body)
    assert response.status_code == 401, response.text
    assert (response.json()["error"], response.json()["field"]) == ("claims_refused", "identity")
    header = {"X-Citizen": json.dumps({"pid": PATIENT, "security_level": "4", "age": 40})}
    log = strict_client.get(
        f"/v1/patients/{PATIENT}/access-log", headers=header | citizen_bearer(PATIENT)
    )
    assert (log.status_code, log.json()["field"]) == (401, "X-Citizen")


def test_two_carriers_of_the_persons_claims_are_refused(strict_client: TestClient) -> None:
    body = _body(PATIENT, helseid_token=helseid_token(published()), identity=WORKER)
    response = strict_client.post("/v1/pjd/decisions", json=body)
    assert (response.status_code, response.json()["field"]) == (401, "identity")


def test_authzen_takes_the_helseid_token_in_the_subjects_properties(
    strict_client: TestClient,
) -> None:
    document = documents()[0]
    evaluation = {
        "subject": {
            "type": "helsepersonell",
            "id": WORKER["pid"],
            "properties": {"helseid_token": helseid_token(published())},
        },
        "action": {"name": "list"},
        "resource": {
            "type": "dokument",
            "id": document["id"],
            "properties": {"patient": PATIENT} | {k: v for k, v in document.items() if k != "id"},
        },
        "context": {"path": "hpl45"},
    }
    answer = strict_client.post("/access/v1/evaluation", json=evaluation)
    assert answer.status_code == 200, answer.text
    assert answer.json()["decision"] is True
    evaluation["subject"]["properties"] = {"helseid_token": "not.a.token"}  # type: ignore[index]
    refused = strict_client.post("/access/v1/evaluation", json=evaluation)
    assert refused.status_code == 401
    assert refused.json()["field"] == "subject.properties.helseid_token"


def test_the_citizens_view_reads_the_citizen_from_the_verified_token(
    strict_client: TestClient,
) -> None:
    citizen = {"pid": PATIENT, "security_level": "4", "age": 40}
    bearer = f"Bearer {token(('pjd:citizen',), pid=PATIENT, citizen=citizen)}"
    response = strict_client.get(
        f"/v1/patients/{PATIENT}/access-log", headers={"Authorization": bearer}
    )
    assert response.status_code == 200, response.text
    minor = f"Bearer {token(('pjd:citizen',), pid=PATIENT, citizen=citizen | {'age': 15})}"
    denied = strict_client.get(
        f"/v1/patients/{PATIENT}/access-log", headers={"Authorization": minor}
    )
    assert denied.status_code == 403
    assert [r["rule"] for r in denied.json()["reasons"]] == ["innbygger_under_selvstendig_alder"]


def test_the_patient_sees_the_name_the_verified_token_gives(
    strict: Runtime, strict_client: TestClient
) -> None:
    asserted = published()
    asserted["practitioner"]["identifier"] = {"id": WORKER["pid"], "name": "Falsk Navn"}
    value = helseid_token(asserted, name="Kari Verifisert")
    now = datetime.now(UTC)
    read = _body(PATIENT, helseid_token=value) | {"action": "read", "documents": documents()[:1]}
    assert _outcomes(strict, read, now)[0][1] == "permit"
    citizen = {"pid": PATIENT, "security_level": "4", "age": 40}
    bearer = f"Bearer {token(('pjd:citizen',), pid=PATIENT, citizen=citizen)}"
    view = strict_client.get(
        f"/v1/patients/{PATIENT}/access-log", headers={"Authorization": bearer}
    )
    names = {entry["health_worker"] for entry in view.json()["entries"]}
    assert "Kari Verifisert" in names and "Falsk Navn" not in view.text


def test_every_record_says_where_the_requesters_claims_came_from(
    strict: Runtime, lenient: Runtime
) -> None:
    now = datetime.now(UTC)
    _outcomes(strict, _body(PATIENT, helseid_token=helseid_token(published())), now)
    _outcomes(strict, _body("29698496140", saml_assertion=signed(KJ01, NOW, GATEWAY)))
    as_json = published() | {"toa": int(now.timestamp()) - 1}
    _outcomes(lenient, _body(PATIENT, identity=WORKER, attestation=as_json), now)
    with Session(strict.db) as session:
        signed_ones = {r.claims for r in session.exec(select(LogRecord)).all()}
    with Session(lenient.db) as session:
        unsigned = {r.claims for r in session.exec(select(LogRecord)).all()}
    assert {"helseid", "saml"} <= signed_ones and "unverified" not in signed_ones
    assert "unverified" in unsigned
    assert verify_chain(strict.db).ok and verify_chain(lenient.db).ok
