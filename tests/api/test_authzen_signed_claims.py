"""AuthZEN on the PJD pack with signed claims in `subject.properties` (a HelseID access token,
the XUA SAML assertion KJ01): they decide as their JSON equivalents do, and the person they name
must be `subject.id`; another `subject.id` is refused (401 `claims_refused` naming `subject.id`,
in a batch that item's error) and never decided.

Through HTTP the service verifies at its own clock, so the assertion is signed now, with a key
whose certificate is valid now; the JSON equivalent is decided at `NOW`, the moment its `toa`
was written for (the API tests trust request times)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.runtime import Runtime
from tests.api.saml_equivalents import KJ01_ATTESTATION, KJ01_IDENTITY, NOW
from tests.api.saml_signing import KJ01, one_time_use, signed, signing_key
from tests.api.signed_claims import WORKER, helseid_token, published, runtime_trusting
from tests.api.test_saml_decisions import documents
from tests.builders import authzen_evaluation, rfc3339
from tests.clients import api_client
from tests.people import OTHER_PERSON, PATIENT

EVAL, BATCH = "/access/v1/evaluation", "/access/v1/evaluations"
GATEWAY = signing_key("gateway, valid today", datetime.now(UTC))  # a certificate valid ±1 day
KJ01_PATIENT = KJ01_ATTESTATION["patients"][0]["identifier"]["id"]
KJ01_DECIDED = [  # test_saml_decisions: KJ01 on the three documents
    (True, ["dokumentliste_hpl45"]),
    (False, ["dokumentklasse_ikke_tillatt"]),
    (False, ["dokument_sperret_nors"]),
]
Json = dict[str, Any]


def _client(runtime: Runtime) -> Iterator[TestClient]:
    """A client of the app on `runtime` (which the app closes when the client ends)."""
    with api_client(create_app(runtime=runtime)) as client:
        yield client


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A deployment that accepts only signed claims."""
    folder = tmp_path_factory.mktemp("strict")
    yield from _client(runtime_trusting(folder, [GATEWAY], accept_unverified_claims=False))


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A deployment that also takes JSON claims, for the JSON equivalents."""
    folder = tmp_path_factory.mktemp("lenient")
    yield from _client(runtime_trusting(folder, [GATEWAY], accept_unverified_claims=True))


def evaluation(subject_id: str, properties: Json, patient: str = PATIENT, doc: int = 0) -> Json:
    """The worked examples' evaluation of `documents()[doc]` about `patient`, asked by
    `subject_id` with `properties`, decided at the service's clock (no `context.at`)."""
    asked = authzen_evaluation(patient=patient, doc=documents()[doc])
    asked["subject"] |= {"id": subject_id, "properties": properties}
    del asked["context"]["at"]
    return asked


def _kj01() -> str:
    """KJ01 signed by the gateway now (issued a minute ago)."""
    return signed(KJ01, datetime.now(UTC), GATEWAY)


def _decided(answer: Json) -> tuple[bool, list[str]]:
    return answer["decision"], [reason["rule"] for reason in answer["context"]["reasons"]]


def _refused(client: TestClient, body: Json, field: str) -> Json:
    """The answer to `body`, which must be a 401 `claims_refused` naming `field`."""
    response = client.post(EVAL, json=body)
    assert response.status_code == 401, response.text
    answer: Json = response.json()
    assert (answer["error"], answer["field"]) == ("claims_refused", field)
    assert answer["message"].startswith(f"{field}: ")
    return answer


def test_a_helseid_token_decides_for_its_own_person_and_refuses_another_subject_id(
    strict: TestClient,
) -> None:
    signed_by_helseid = {"helseid_token": helseid_token(published())}
    answer = strict.post(EVAL, json=evaluation(WORKER["pid"], signed_by_helseid))
    assert answer.status_code == 200, answer.text
    assert _decided(answer.json()) == (True, ["dokumentliste_hpl45"])
    refused = _refused(strict, evaluation(OTHER_PERSON, signed_by_helseid), "subject.id")
    assert "subject.properties.helseid_token" in refused["message"]


def test_kj01_in_subject_properties_decides_as_its_json_equivalent(
    strict: TestClient, lenient: TestClient
) -> None:
    pid = KJ01_IDENTITY["pid"]
    worker = {k: v for k, v in KJ01_IDENTITY.items() if k != "pid"}
    as_json = {"identity": worker, "attestation": KJ01_ATTESTATION}
    from_saml, from_json = [], []
    for doc in range(len(documents())):
        saml = evaluation(pid, {"saml_assertion": _kj01()}, KJ01_PATIENT, doc)
        equivalent = evaluation(pid, as_json, KJ01_PATIENT, doc)
        equivalent["context"]["at"] = rfc3339(NOW)
        from_saml.append(_decided(strict.post(EVAL, json=saml).json()))
        from_json.append(_decided(lenient.post(EVAL, json=equivalent).json()))
    assert from_saml == from_json == KJ01_DECIDED


def test_a_tampered_kj01_is_refused(strict: TestClient) -> None:
    tampered = _kj01().replace("565505933", "565505934")  # the HPR number, after signing
    asked = evaluation(KJ01_IDENTITY["pid"], {"saml_assertion": tampered}, KJ01_PATIENT)
    _refused(strict, asked, "subject.properties.saml_assertion")


def test_kj01_for_another_subject_id_is_refused(strict: TestClient) -> None:
    asked = evaluation(OTHER_PERSON, {"saml_assertion": _kj01()}, KJ01_PATIENT)
    refused = _refused(strict, asked, "subject.id")
    assert "subject.properties.saml_assertion" in refused["message"]


def test_in_a_batch_another_subject_id_is_that_items_401_and_the_others_stand(
    strict: TestClient,
) -> None:
    signed_by_helseid = {"helseid_token": helseid_token(published())}
    items = [
        evaluation(WORKER["pid"], signed_by_helseid),
        evaluation(OTHER_PERSON, signed_by_helseid),
    ]
    response = strict.post(BATCH, json={"evaluations": items})
    assert response.status_code == 200, response.text
    own, other = response.json()["evaluations"]
    assert own == {"decision": True}
    assert other["decision"] is False
    error = other["context"]["error"]
    assert error["status"] == 401 and error["message"].startswith("subject.id: ")
    assert "subject.properties.helseid_token" in error["message"]


def test_in_a_batch_a_one_time_assertion_verifies_for_its_first_item_only(
    strict: TestClient,
) -> None:
    """OneTimeUse: each item's claims are verified, so the assertion is used up by the first."""
    once = {"saml_assertion": signed(KJ01, datetime.now(UTC), GATEWAY, one_time_use)}
    items = [evaluation(KJ01_IDENTITY["pid"], once, KJ01_PATIENT) for _ in range(2)]
    response = strict.post(BATCH, json={"evaluations": items})
    assert response.status_code == 200, response.text
    first, second = response.json()["evaluations"]
    assert first == {"decision": True}
    error = second["context"]["error"]
    assert error["status"] == 401 and "(OneTimeUse) and was used already" in error["message"]
