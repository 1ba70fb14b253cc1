"""POST /v1/pjd/decisions: the answer's shape, long lists, the clock, paths and every bad input."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.builders import AT, Json, attestation, document, pjd_body
from tests.clients import api_client
from tests.packs import relock
from tests.people import BERGEN, PATIENT, SRC_A
from tests.people import MISCHECKED_ORG as UNREGISTERED

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
URL = "/v1/pjd/decisions"

KJ = "kjernejournalforskriften"


def rule_ids(result: Json) -> list[str]:
    return [reason["rule"] for reason in result["reasons"]]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app on a fresh SQLite file with the demo registry imported."""
    folder = tmp_path_factory.mktemp("pjd_endpoint")
    app = create_app(get_settings(database_url=f"sqlite:///{folder / 'pjd.db'}"))
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    with api_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, body: Json) -> Json:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    answer: Json = response.json()
    return answer


# --- the answer -------------------------------------------------------------------------------


def test_permit_has_the_documented_shape(client: TestClient) -> None:
    body = pjd_body(documents=[document("D2", source=BERGEN), document("D1")])
    answer = post(client, body)
    assert set(answer) == {
        "decision_id",
        "policy_revision",
        "engine",
        "at",
        "results",
        "hidden_count",
    }
    assert str(uuid.UUID(answer["decision_id"])) == answer["decision_id"]
    assert answer["policy_revision"] == client.get("/health").json()["policy_revision"]
    assert answer["engine"] == "cedar"
    assert datetime.fromisoformat(answer["at"]) == AT
    assert answer["hidden_count"] == 0
    assert [r["document"] for r in answer["results"]] == ["D2", "D1"]
    catalogue = {r["id"]: r for r in client.get("/v1/rules").json()["rules"]}
    for result in answer["results"]:
        assert set(result) == {"document", "decision", "reasons", "obligations"}
        assert result["decision"] == "permit"
        assert result["reasons"] == [
            {
                "rule": "dokumentliste_hpl45",
                "title": catalogue["dokumentliste_hpl45"]["title"],
                "legal_basis": catalogue["dokumentliste_hpl45"]["legal_basis"],
            }
        ]
        assert result["obligations"] == [{"id": "logg", "rule": "tilgang_logges"}]


def test_every_decision_gets_its_own_id(client: TestClient) -> None:
    first, second = post(client, pjd_body()), post(client, pjd_body())
    assert first["decision_id"] != second["decision_id"]


def test_a_deny_names_its_rules_with_title_and_legal_basis(client: TestClient) -> None:
    answer = post(client, pjd_body(documents=[document(class_code="B00-1")]))
    [result] = answer["results"]
    assert result["decision"] == "deny"
    assert rule_ids(result) == ["dokumentklasse_ikke_tillatt"]
    assert all(reason["title"] and reason["legal_basis"] for reason in result["reasons"])
    assert result["obligations"] == []


def _kj_expectation(class_code: str, service_time: str, source: str) -> set[str]:
    """The deny rules a document of the 200-list must get on the KJ path at AT (empty: permit)."""
    rules = set()
    if source == UNREGISTERED:
        rules.add("kilde_ikke_registrert")
    if class_code == "B00-1":
        rules.add("dokumentklasse_ikke_tillatt_kjernejournal")
    if class_code == "I00-1":  # correspondence without a type: not a referral (R5)
        rules.add("dokumenttype_ikke_tillatt_kjernejournal")
    windows = {"E00-1": 5, "I00-1": 1, "C00-1": 1}
    if class_code in windows:
        cut_off = AT.replace(year=AT.year - windows[class_code])
        if datetime.fromisoformat(service_time) < cut_off:
            rules.add("utenfor_tilbakeblikk")
    return rules


def test_a_200_document_list_is_answered_per_document_in_order(client: TestClient) -> None:
    classes = ["A00-1", "E00-1", "I00-1", "C00-1", "B00-1"]
    sources = [SRC_A, BERGEN, UNREGISTERED]
    times = ["2019-05-01T08:00:00+00:00", "2025-10-26T10:00:00+00:00", "2026-06-01T12:00:00Z"]
    documents, expected = [], []
    for i in range(200):
        class_code, source = classes[i % 5], sources[(i // 5) % 3]
        service_time = times[(i // 15) % 3]
        documents.append(
            document(
                f"doc-{(i * 37) % 200:03d}",
                source=source,
                class_code=class_code,
                service_time=service_time,
            )
        )
        expected.append(_kj_expectation(class_code, service_time.replace("Z", "+00:00"), source))
    answer = post(client, pjd_body(path=KJ, access_basis="samtykke", documents=documents))
    results = answer["results"]
    assert [r["document"] for r in results] == [d["id"] for d in documents]
    for sent, result, deny_rules in zip(documents, results, expected, strict=True):
        if deny_rules:
            assert result["decision"] == "deny", sent
            assert set(rule_ids(result)) == deny_rules, sent
            assert result["obligations"] == []
        else:
            assert result["decision"] == "permit", sent
            assert rule_ids(result) == ["dokumentliste_kjernejournal"], sent
    decisions = {r["decision"] for r in results}
    assert decisions == {"permit", "deny"}
    assert answer["hidden_count"] == 0


def test_an_unregistered_source_denies_only_its_own_documents(client: TestClient) -> None:
    sources = {"a": SRC_A, "b": UNREGISTERED, "c": BERGEN, "d": UNREGISTERED}
    documents = [document(doc_id, source=source) for doc_id, source in sources.items()]
    results = post(client, pjd_body(documents=documents))["results"]
    assert [r["decision"] for r in results] == ["permit", "deny", "permit", "deny"]
    assert rule_ids(results[1]) == rule_ids(results[3]) == ["kilde_ikke_registrert"]


def test_1000_documents_are_accepted(client: TestClient) -> None:
    documents = [document(f"D{i}") for i in range(1000)]
    results = post(client, pjd_body(documents=documents))["results"]
    assert len(results) == 1000
    assert {r["decision"] for r in results} == {"permit"}


# --- time, paths and defaults -------------------------------------------------------------------


def test_without_at_the_clock_is_read(client: TestClient) -> None:
    now = datetime.now(UTC)
    body = pjd_body(attestation=attestation(now))
    del body["at"]
    answer = post(client, body)
    answered_at = datetime.fromisoformat(answer["at"])
    assert answered_at.tzinfo is not None
    assert abs(answered_at - now) < timedelta(seconds=5)
    # the attestation was issued 300 s before now: fresh at the clock, far from AT
    assert [r["decision"] for r in answer["results"]] == ["permit"]


def test_at_with_an_offset_is_the_same_moment(client: TestClient) -> None:
    answer = post(client, pjd_body() | {"at": "2026-11-26T11:00:00+01:00"})
    assert datetime.fromisoformat(answer["at"]) == AT
    assert answer["results"][0]["decision"] == "permit"


OLD_PROEVESVAR = document(
    "P1", class_code="C00-1", service_time="2025-10-26"
)  # 13 months before AT


@pytest.mark.parametrize(
    ("action", "path", "decision", "rules"),
    [
        (
            "list",
            "nhn:phr/mhd/read-documentreferences/kjernejournalforskriften",
            "deny",
            ["utenfor_tilbakeblikk"],
        ),
        ("list", "nhn:phr/mhd/read-documentreferences", "permit", ["dokumentliste_hpl45"]),
        ("read", "nhn:phr/mhd/read-document", "permit", ["dokumentvisning"]),
        ("list", KJ, "deny", ["utenfor_tilbakeblikk"]),
        ("list", "hpl45", "permit", ["dokumentliste_hpl45"]),
    ],
)
def test_nhn_scope_strings_are_accepted_as_path(
    client: TestClient, action: str, path: str, decision: str, rules: list[str]
) -> None:
    body = pjd_body(action=action, path=path, access_basis="samtykke", documents=[OLD_PROEVESVAR])
    [result] = post(client, body)["results"]
    assert (result["decision"], rule_ids(result)) == (decision, rules)


def test_kj_scope_with_a_recent_document_permits(client: TestClient) -> None:
    body = pjd_body(
        path="nhn:phr/mhd/read-documentreferences/kjernejournalforskriften",
        access_basis="samtykke",
    )
    [result] = post(client, body)["results"]
    assert (result["decision"], rule_ids(result)) == ("permit", ["dokumentliste_kjernejournal"])


def test_read_without_path_is_400_naming_path(client: TestClient) -> None:
    """R28: no default path; on hpl45 a KJ lock and the look-back windows would not apply."""
    body = pjd_body(path=None, action="read", documents=[OLD_PROEVESVAR])
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.json()["field"] == "path"


def test_read_with_the_kj_path_keeps_the_look_back_window(client: TestClient) -> None:
    body = pjd_body(action="read", path=KJ, access_basis="samtykke", documents=[OLD_PROEVESVAR])
    [result] = post(client, body)["results"]
    assert (result["decision"], rule_ids(result)) == ("deny", ["utenfor_tilbakeblikk"])


IDENTITY = {"pid": "05086900124", "hpr_number": "222200068", "security_level": "4"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"opens_locked": "true"}, "opens_locked"),
        ({"opens_locked": 1}, "opens_locked"),
        ({"identity": IDENTITY | {"authorizations": ["LE", "le"]}}, "identity.authorizations[1]"),
        ({"identity": IDENTITY | {"authorizations": "LE"}}, "identity.authorizations"),
    ],
)
def test_opens_locked_and_authorizations_are_judged_naming_the_field(
    client: TestClient, changes: Json, field: str
) -> None:
    response = client.post(URL, json=pjd_body(**changes))
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field


def test_verified_authorizations_of_a_known_code_decide(client: TestClient) -> None:
    body = pjd_body(identity=IDENTITY | {"authorizations": ["LE", "SP"]}, opens_locked=False)
    [result] = post(client, body)["results"]
    assert (result["decision"], rule_ids(result)) == ("permit", ["dokumentliste_hpl45"])


def test_list_without_path_is_400_naming_path(client: TestClient) -> None:
    body = pjd_body()
    del body["path"]
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.json()["field"] == "path"


def test_list_with_null_path_is_400_naming_path(client: TestClient) -> None:
    response = client.post(URL, json=pjd_body() | {"path": None})
    assert response.status_code == 400
    assert response.json()["field"] == "path"


# --- what is accepted -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "nearest"),
    [
        (
            lambda b: b["identity"].update(hpr_nr=b["identity"].pop("hpr_number")),
            "identity.hpr_nr",
            "hpr_number",
        ),
        (lambda b: b.update(acess_basis="samtykke"), "acess_basis", "access_basis"),
        (
            lambda b: b["documents"][0].update(confidentialty=["NORS"]),
            "documents[0].confidentialty",
            "confidentiality",
        ),
        (lambda b: b.update(extra="x"), "extra", None),
    ],
    ids=["hpr_nr", "acess_basis", "confidentialty", "unrelated"],
)
def test_an_unknown_field_is_a_400_naming_it_and_the_nearest_known(
    client: TestClient, change: Callable[[Json], None], field: str, nearest: str | None
) -> None:
    """A typo must not silently drop a fact a rule needs (a blocked worker's HPR number)."""
    body = pjd_body()
    change(body)
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    message = response.json()["message"]
    assert (f"did you mean `{nearest}`" in message) if nearest else ("did you mean" not in message)


def test_the_example_patient_gets_a_permit(client: TestClient) -> None:
    # 05076600324 fails the mod-11 check digits; person ids are never rejected on them
    answer = post(client, pjd_body(patient=PATIENT))
    assert [r["decision"] for r in answer["results"]] == ["permit"]


def test_the_attestation_may_be_json_text(client: TestClient) -> None:
    answer = post(client, pjd_body(attestation=json.dumps(attestation())))
    assert [r["decision"] for r in answer["results"]] == ["permit"]


def test_security_level_as_a_number_is_read_as_text(client: TestClient) -> None:
    body = pjd_body()
    body["identity"]["security_level"] = 4
    assert [r["decision"] for r in post(client, body)["results"]] == ["permit"]


# --- bad input: always 400 naming the field ----------------------------------------------------

Change = Callable[[Json], None]


def _set(*path_and_value: Any) -> Change:
    *path, value = path_and_value

    def change(body: Json) -> None:
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(key: str) -> Change:
    return lambda body: body.pop(key)


BAD: dict[str, tuple[Change, str]] = {
    "missing_identity": (_delete("identity"), "identity"),
    "identity_not_object": (_set("identity", "x"), "identity"),
    "missing_pid": (lambda body: body["identity"].pop("pid"), "identity.pid"),
    "pid_10_digits": (_set("identity", "pid", "0508690012"), "identity.pid"),
    "pid_fullwidth_digits": (_set("identity", "pid", "０５０８６９００１２４"), "identity.pid"),
    "missing_patient": (_delete("patient"), "patient"),
    "patient_10_digits": (_set("patient", "0507660032"), "patient"),
    "patient_12_digits": (_set("patient", "050766003241"), "patient"),
    "patient_letters": (_set("patient", "0507660032X"), "patient"),
    "patient_as_number": (_set("patient", 5076600324), "patient"),
    "patient_fullwidth_digits": (_set("patient", "０５０７６６００３２４"), "patient"),
    "source_8_digits": (_set("documents", 0, "source", "91463765"), "documents[0].source"),
    "source_10_digits": (_set("documents", 0, "source", "9146376510"), "documents[0].source"),
    "source_fullwidth_digits": (
        _set("documents", 0, "source", "９１４６３７６５１"),
        "documents[0].source",
    ),
    "second_source_bad": (
        lambda body: body["documents"].append(document("D2", source="91463765X")),
        "documents[1].source",
    ),
    "unknown_action": (_set("action", "write"), "action"),
    "view_log_is_not_a_pjd_action": (_set("action", "view_log"), "action"),
    "missing_action": (_delete("action"), "action"),
    "unknown_access_basis": (_set("access_basis", "noedrett"), "access_basis"),
    "unknown_path": (_set("path", "nhn:phr/mhd/write-document"), "path"),
    "empty_path": (_set("path", ""), "path"),
    "at_without_offset": (_set("at", "2026-11-26T10:00:00"), "at"),
    "at_a_date": (_set("at", "2026-11-26"), "at"),
    "at_not_a_time": (_set("at", "i morgen"), "at"),
    "at_year_1": (_set("at", "0001-01-01T00:00:00Z"), "at"),
    "at_past_year_9999_in_utc": (_set("at", "9999-12-31T23:59:59-05:00"), "at"),
    "service_time_without_offset": (
        _set("documents", 0, "service_time", "2019-05-01T10:00:00"),
        "documents[0].service_time",
    ),
    "service_time_without_offset_space": (
        _set("documents", 0, "service_time", "2019-05-01 10:00:00"),
        "documents[0].service_time",
    ),
    "duplicate_document_ids": (
        lambda body: body["documents"].append(document("D1", source=BERGEN)),
        "documents[1].id",
    ),
    "empty_document_id": (_set("documents", 0, "id", ""), "documents[0].id"),
    "missing_class_code": (
        lambda body: body["documents"][0].pop("class_code"),
        "documents[0].class_code",
    ),
    "document_not_object": (_set("documents", 0, "x"), "documents[0]"),
    "documents_not_list": (_set("documents", "D1"), "documents"),
    "empty_documents": (_set("documents", []), "documents"),
    "missing_documents": (_delete("documents"), "documents"),
    "missing_attestation": (_delete("attestation"), "attestation"),
    "malformed_attestation_json": (_set("attestation", '{"practitioner": {'), "attestation"),
    "attestation_json_text_of_a_list": (_set("attestation", "[1, 2]"), "attestation"),
    "attestation_a_list": (_set("attestation", [1, 2]), "attestation"),
    "attestation_a_number": (_set("attestation", 5), "attestation"),
    "practitioner_not_object": (
        _set("attestation", "practitioner", "Ben Reddik"),
        "attestation.practitioner",
    ),
    "patients_not_list": (_set("attestation", "patients", {}), "attestation.patients"),
    "toa_not_integer": (_set("attestation", "toa", "1764150900"), "attestation.toa"),
    "identifier_id_missing": (
        lambda body: body["attestation"]["practitioner"]["identifier"].pop("id"),
        "attestation.practitioner.identifier.id",
    ),
    "unknown_attestation_type": (_set("attestation", "type", "nhn:other"), "attestation.type"),
}


@pytest.mark.parametrize(("change", "field"), BAD.values(), ids=BAD.keys())
def test_bad_input_is_400_naming_the_field(client: TestClient, change: Change, field: str) -> None:
    body = copy.deepcopy(pjd_body())
    change(body)
    response = client.post(URL, json=body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert set(answer) == {"error", "field", "message"}
    assert answer["error"] == "bad_request"
    assert answer["field"] == field
    assert field in answer["message"]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b'{"action": "list",', "application/json"),
        (b"not json at all", "application/json"),
        (b"", "application/json"),
        (b"\xff\xfe", "application/json"),
    ],
    ids=["truncated", "text", "empty", "not_utf8"],
)
def test_a_body_that_is_not_json_is_400_naming_the_body(
    client: TestClient, content: bytes, content_type: str
) -> None:
    response = client.post(URL, content=content, headers={"content-type": content_type})
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "bad_request"
    assert response.json()["field"] == "body"


@pytest.mark.parametrize("body", [[], "text", 5, None], ids=["list", "string", "number", "null"])
def test_a_json_body_that_is_not_an_object_is_400(client: TestClient, body: object) -> None:
    response = client.post(URL, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "body"


def test_a_bad_request_never_looks_like_a_decision(client: TestClient) -> None:
    body = pjd_body(patient="123")
    response = client.post(URL, json=body)
    assert response.status_code == 400
    assert "results" not in response.json()
    assert "permit" not in response.text


# --- no policy pack ---------------------------------------------------------------------------


@pytest.fixture
def client_without_pack(tmp_path: Path) -> Iterator[TestClient]:
    empty = tmp_path / "empty_pack"
    empty.mkdir()
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=empty)
    app = create_app(settings)
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    with api_client(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_without_a_policy_pack_a_valid_request_is_503(client_without_pack: TestClient) -> None:
    response = client_without_pack.post(URL, json=pjd_body())
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert "results" not in response.json()
    assert "permit" not in response.text


def test_a_pack_of_another_namespace_is_503_not_a_decision(tmp_path: Path) -> None:
    pack = tmp_path / "other"
    pack.mkdir()
    (pack / "schema.cedarschema").write_text(
        "entity User;\nentity Doc;\naction view appliesTo { principal: User, resource: Doc };\n",
        encoding="utf-8",
    )
    (pack / "allow.cedar").write_text(
        '@id("alt_tillatt")\n@tittel("Alt er tillatt")\n@hjemmel("ingen")\n'
        '@bevisgrad("praksis")\n@sist_vurdert("2026-11-26")\n'
        "permit (principal, action, resource);\n",
        encoding="utf-8",
    )
    (pack / "pack.json").write_text('{"title": "Ikke PJD"}', encoding="utf-8")
    relock(pack)
    settings = get_settings(database_url=f"sqlite:///{tmp_path / 'pjd.db'}", policy_dir=pack)
    with api_client(create_app(settings), raise_server_exceptions=False) as test_client:
        assert test_client.get("/health").status_code == 200  # a pack loaded, not a PJD pack
        response = test_client.post(URL, json=pjd_body())
    assert response.status_code == 503
    assert "permit" not in response.text
