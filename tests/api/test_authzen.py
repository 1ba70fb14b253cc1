"""AuthZEN Authorization API 1.0: the PJD pack decides as the PJD endpoint does, any other pack
maps straight onto Cedar; batch semantics, 400s naming the field, and discovery."""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.builders import AT, attestation, identity, rfc3339
from tests.clients import api_client
from tests.people import PATIENT, SRC_A, WORKER_HPR, WORKER_PID

ROOT = Path(__file__).resolve().parents[2]
ARKIV = ROOT / "tests" / "fixtures" / "packs" / "dokumentarkiv"
EVAL, BATCH = "/access/v1/evaluation", "/access/v1/evaluations"
DROP = object()


def _client(tmp_path: Path, policy_dir: Path) -> TestClient:
    url = f"sqlite:///{tmp_path}/x.db"
    return api_client(create_app(get_settings(database_url=url, policy_dir=policy_dir)))


@pytest.fixture
def pjd(tmp_path: Path) -> Iterator[TestClient]:
    client = _client(tmp_path, ROOT / "policies" / "pjd")
    assert client.app.state.runtime.is_pjd  # type: ignore[attr-defined]
    with Session(client.app.state.runtime.db) as session:  # type: ignore[attr-defined]
        replace_registry(session, load_registry_file(ROOT / "api" / "demo_registry.json"))
    with client:
        yield client


@pytest.fixture
def arkiv(tmp_path: Path) -> Iterator[TestClient]:
    client = _client(tmp_path, ARKIV)
    assert client.app.state.runtime.engine.pack.namespace == "Arkiv"  # type: ignore[attr-defined]
    with client:
        yield client


def _set(body: dict[str, Any], dotted: str, value: object) -> dict[str, Any]:
    """A copy of `body` with the field at `dotted` set (or dropped with DROP)."""
    out = copy.deepcopy(body)
    *parents, last = dotted.split(".")
    node = out
    for name in parents:
        node = node[name]
    if value is DROP:
        del node[last]
    else:
        node[last] = value
    return out


@dataclass(frozen=True)
class Case:
    """One PJD situation, written both as a PJD endpoint body and as an AuthZEN evaluation."""

    action: str = "read"
    path: str | None = "hpl45"
    access_basis: str | None = None
    security_level: str = "4"
    class_code: str = "A00-1"
    purpose: str = "TREAT"

    def attestation(self) -> dict[str, Any]:
        return attestation(AT, purpose=self.purpose)

    def setting(self) -> dict[str, Any]:
        both = {"path": self.path, "access_basis": self.access_basis}
        return {"at": rfc3339(AT), **{k: v for k, v in both.items() if v is not None}}

    def document(self) -> dict[str, Any]:
        return {"source": SRC_A, "class_code": self.class_code, "service_time": "2019-03-14"}

    def pjd(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "patient": PATIENT,
            "identity": identity(security_level=self.security_level),
            "attestation": self.attestation(),
            "documents": [{"id": "dok-1", **self.document()}],
            **self.setting(),
        }

    def authzen(self) -> dict[str, Any]:
        worker = {"security_level": self.security_level, "hpr_number": WORKER_HPR}
        props = {"identity": worker, "attestation": self.attestation()}
        return {
            "subject": {"type": "helsepersonell", "id": WORKER_PID, "properties": props},
            "action": {"name": self.action},
            "resource": {
                "type": "dokument",
                "id": "dok-1",
                "properties": {"patient": PATIENT, **self.document()},
            },
            "context": self.setting(),
        }


def _rules(answer: dict[str, Any]) -> list[str]:
    return [r["rule"] for r in answer["context"]["reasons"]]


def _obligations(answer: dict[str, Any]) -> list[tuple[str, str]]:
    """AuthZEN `context.obligations` (`{id, type, properties: {rule}}`) as (id, rule) pairs."""
    return [(o["id"], o["properties"]["rule"]) for o in answer["context"]["obligations"]]


KJ = "kjernejournalforskriften"


@pytest.mark.parametrize(
    ("case", "permitted", "rule"),
    [
        pytest.param(Case(), True, "dokumentvisning", id="permit-read"),
        pytest.param(Case("list", KJ, "samtykke"), True, "dokumentliste_kjernejournal", id="kj"),
        pytest.param(Case(security_level="3"), False, "sikkerhetsnivaa_for_lavt", id="level3"),
        pytest.param(Case(class_code="B00-1"), False, "dokumentklasse_ikke_tillatt", id="class"),
        pytest.param(Case(purpose="COC"), False, "formaal_gir_ikke_dokumentvisning", id="coc"),
        pytest.param(Case("list", KJ), False, "tilgangsgrunnlag_mangler", id="kj-no-basis"),
    ],
)
def test_pjd_pack_decides_as_the_pjd_endpoint(
    pjd: TestClient, case: Case, permitted: bool, rule: str
) -> None:
    direct = pjd.post("/v1/pjd/decisions", json=case.pjd())
    answer = pjd.post(EVAL, json=case.authzen())
    assert direct.status_code == 200 and answer.status_code == 200
    result, body = direct.json()["results"][0], answer.json()
    assert body["decision"] is permitted
    assert result["decision"] == ("permit" if permitted else "deny")
    assert rule in _rules(body)
    assert body["context"]["reasons"] == result["reasons"]
    assert _obligations(body) == [(o["id"], o["rule"]) for o in result["obligations"]]
    for item in body["context"]["obligations"]:
        assert set(item) == {"id", "type", "properties"} and item["type"] == "obligation"
    assert bool(body["context"]["obligations"]) is permitted  # a permit is logged
    assert body["context"]["policy_revision"] == direct.json()["policy_revision"]
    assert body["context"]["engine"] == "cedar"
    uuid.UUID(body["context"]["decision_id"])


@pytest.mark.parametrize(
    ("dotted", "value", "field"),
    [
        ("subject.properties.identity.pid", "01010112345", "subject.properties.identity.pid"),
        ("subject.id", "abc", "subject.id"),
        (
            "subject.properties.identity.security_level",
            DROP,
            "subject.properties.identity.security_level",
        ),
        ("subject.properties.identity", "x", "subject.properties.identity"),
        ("subject.properties.attestation", DROP, "subject.properties.attestation"),
        (
            "subject.properties.attestation.care_relation.decision_ref",
            {"id": 5},
            "subject.properties.attestation.care_relation.decision_ref.id",
        ),
        ("resource.properties.source", "abc", "resource.properties.source"),
        (
            "resource.properties.service_time",
            "2019-03-14T00:00",
            "resource.properties.service_time",
        ),
        ("resource.properties.patient", DROP, "resource.properties.patient"),
        ("action.name", "write", "action.name"),
        ("context.path", "nowhere", "context.path"),
        ("context.access_basis", "maybe", "context.access_basis"),
        ("context.at", "2026-11-26T10:00:00", "context.at"),
        ("context.opens_locked", "yes", "context.opens_locked"),
        (
            "subject.properties.identity.authorizations",
            ["LE", "XQ"],
            "subject.properties.identity.authorizations[1]",
        ),
    ],
)
def test_pjd_validation_errors_name_the_authzen_field(
    pjd: TestClient, dotted: str, value: object, field: str
) -> None:
    response = pjd.post(EVAL, json=_set(Case().authzen(), dotted, value))
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["message"].startswith(f"{field}: ")


@pytest.mark.parametrize("action", ["list", "read"])
def test_pjd_without_path_names_context_path(pjd: TestClient, action: str) -> None:
    response = pjd.post(EVAL, json=Case(action=action, path=None).authzen())  # R28: no default
    assert response.status_code == 400 and response.json()["field"] == "context.path"


@pytest.mark.parametrize(
    ("dotted", "kind"), [("subject.type", "pasient"), ("resource.type", "bilde")]
)
def test_pjd_pack_other_types_have_no_basis(pjd: TestClient, dotted: str, kind: str) -> None:
    response = pjd.post(EVAL, json=_set(Case().authzen(), dotted, kind))
    assert response.status_code == 200
    assert response.json()["decision"] is False
    assert _rules(response.json()) == ["ingen_tilgangsgrunnlag"]


def test_unknown_fields_are_ignored_and_request_id_echoed(pjd: TestClient) -> None:
    body = Case().authzen() | {"extra": 1, "options": {"x": 2}}
    for dotted in ("subject", "action", "resource", "context", "subject.properties.identity"):
        body = _set(body, f"{dotted}.ukjent", {"x": 1})
    response = pjd.post(EVAL, json=body, headers={"X-Request-ID": "req-42"})
    assert response.status_code == 200 and response.json()["decision"] is True
    assert response.headers["X-Request-ID"] == "req-42"
    bad = pjd.post(BATCH, content=b"{", headers={"X-Request-ID": "req-43"})
    assert bad.status_code == 400 and bad.headers["X-Request-ID"] == "req-43"


def test_pjd_batch_inherits_defaults_and_isolates_a_failed_item(pjd: TestClient) -> None:
    top = Case().authzen()
    other_class = _set(top, "resource.properties.class_code", "B00-1")["resource"]
    stranger = _set(top, "subject.properties.identity.pid", "01010112345")["subject"]
    items = [{}, {"resource": other_class}, {"subject": stranger}, {"action": {"name": "read"}}]
    response = pjd.post(BATCH, json=top | {"evaluations": items})
    assert response.status_code == 200
    results = response.json()["evaluations"]
    assert [r["decision"] for r in results] == [True, False, False, True]
    assert "context" not in results[0] and "context" not in results[1]
    message = results[2]["context"]["error"]["message"]
    assert results[2]["context"]["error"]["status"] == 400
    assert message.startswith("subject.properties.identity.pid: ")


def _ev(
    subject: str = "kari",
    resource: str = "notat",
    *,
    sprops: dict[str, Any] | None = None,
    rprops: dict[str, Any] | None = None,
    aprops: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    stype: str = "Bruker",
    rtype: str = "Dokument",
    action: str = "les",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": {"type": stype, "id": subject, "properties": sprops},
        "action": {"name": action, **({"properties": aprops} if aprops is not None else {})},
        "resource": {"type": rtype, "id": resource, "properties": rprops},
    }
    return body | ({"context": context} if context is not None else {})


NOSY = {"grunn": "nysgjerrighet"}


@pytest.mark.parametrize(
    ("body", "permitted", "rule"),
    [
        pytest.param(_ev(), True, "samme_avdeling", id="same-department"),
        pytest.param(_ev("ola", "hemmelig"), False, "gradert_krever_klarering", id="graded"),
        pytest.param(
            _ev("ola", "hemmelig", sprops={"klarert": True}),
            True,
            "samme_avdeling",
            id="overlay-subject",
        ),
        pytest.param(
            _ev(sprops={"avdeling": "medisin"}), False, "ingen_tilgangsgrunnlag", id="other-dept"
        ),
        pytest.param(
            _ev("ola", rprops={"gradert": True}),
            False,
            "gradert_krever_klarering",
            id="overlay-resource",
        ),
        pytest.param(_ev(sprops={"rolle": "admin"}), True, "samme_avdeling", id="undeclared-attr"),
        pytest.param(
            _ev(resource="ny", rprops={"avdeling": "kirurgi", "gradert": False, "arkivnr": 7}),
            True,
            "samme_avdeling",
            id="resource-only-in-request",
        ),
        pytest.param(_ev(resource="ukjent"), False, "evaluation_error", id="missing-attrs"),
        pytest.param(_ev(sprops={"klarert": "ja"}), False, "evaluation_error", id="ill-typed"),
        pytest.param(_ev(aprops=NOSY), False, "nysgjerrighet_er_ingen_grunn", id="action-props"),
        pytest.param(_ev(aprops={"grunn": "behandling"}), True, "samme_avdeling", id="action-ok"),
        pytest.param(
            _ev(aprops={**NOSY, "x": 1}), False, "evaluation_error", id="nested-undeclared"
        ),
        pytest.param(
            _ev(context={"kanal": "internett"}), False, "ikke_fra_internett", id="channel"
        ),
        pytest.param(
            _ev(context={"kanal": "intranett", "annet": 5, "tidspunkt": "x"}),
            True,
            "samme_avdeling",
            id="undeclared-context",
        ),
        pytest.param(
            _ev(context={"action_properties": NOSY}), True, "samme_avdeling", id="no-smuggling"
        ),
        pytest.param(
            _ev(stype="Robot"), False, "ingen_tilgangsgrunnlag", id="unknown-subject-type"
        ),
        pytest.param(
            _ev(rtype="Bilde"), False, "ingen_tilgangsgrunnlag", id="unknown-resource-type"
        ),
        pytest.param(_ev(action="slett"), False, "ingen_tilgangsgrunnlag", id="unknown-action"),
        pytest.param(_ev(stype="Dokument"), False, "evaluation_error", id="wrong-type-for-action"),
    ],
)
def test_generic_pack(arkiv: TestClient, body: dict[str, Any], permitted: bool, rule: str) -> None:
    response = arkiv.post(EVAL, json=body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["decision"] is permitted
    assert rule in _rules(answer)
    logged = [{"id": "logg", "type": "obligation", "properties": {"rule": "lesing_logges"}}]
    assert answer["context"]["obligations"] == (logged if permitted else [])


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (_ev(stype="Robot"), "ingen_tilgangsgrunnlag"),
        (_ev(resource="ukjent"), "evaluation_error"),
    ],
)
def test_a_generic_packs_system_reasons_name_no_statute(
    arkiv: TestClient, pjd: TestClient, body: dict[str, Any], rule: str
) -> None:
    """A pack that gives the system rules no texts of its own gets neutral ones, not PJD's."""
    (reason,) = arkiv.post(EVAL, json=body).json()["context"]["reasons"]
    assert reason["rule"] == rule
    assert "§" not in reason["title"] + reason["legal_basis"]
    assert "lov" not in reason["legal_basis"]
    pjd_rules = {r["id"]: r for r in pjd.get("/v1/rules").json()["rules"]}
    assert "§" in pjd_rules[rule]["legal_basis"]  # the PJD pack's own text for the same rule


def test_generic_overlay_does_not_change_the_pack(arkiv: TestClient) -> None:
    cleared = arkiv.post(EVAL, json=_ev("ola", "hemmelig", sprops={"klarert": True}))
    plain = arkiv.post(EVAL, json=_ev("ola", "hemmelig"))
    assert cleared.json()["decision"] is True and plain.json()["decision"] is False


def _decisions(response: Any) -> list[bool]:
    assert response.status_code == 200
    return [r["decision"] for r in response.json()["evaluations"]]


def _items(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{k: v for k, v in _ev(s, r).items() if k in ("subject", "resource")} for s, r in pairs]


PERMIT, DENY = ("kari", "notat"), ("ola", "hemmelig")


@pytest.mark.parametrize(
    ("semantic", "pairs", "expected"),
    [
        ("execute_all", [PERMIT, DENY, PERMIT], [True, False, True]),
        ("deny_on_first_deny", [PERMIT, DENY, PERMIT], [True, False]),
        ("deny_on_first_deny", [PERMIT, PERMIT], [True, True]),
        ("permit_on_first_permit", [DENY, PERMIT, DENY], [False, True]),
        ("permit_on_first_permit", [DENY, DENY], [False, False]),
    ],
)
def test_batch_semantics(
    arkiv: TestClient, semantic: str, pairs: list[tuple[str, str]], expected: list[bool]
) -> None:
    body = {"action": {"name": "les"}, "evaluations": _items(*pairs)}
    body["options"] = {"evaluations_semantic": semantic}
    response = arkiv.post(BATCH, json=body)
    assert _decisions(response) == expected
    assert all("context" not in r for r in response.json()["evaluations"])


def test_batch_defaults_and_include_context(arkiv: TestClient) -> None:
    top = _ev(context={"kanal": "intranett"})
    items: list[dict[str, Any]] = [{}, _items(DENY)[0]]
    items.append({"context": {"kanal": "internett"}})
    body = top | {"evaluations": items, "options": {"include_context": True}}
    results = arkiv.post(BATCH, json=body).json()["evaluations"]
    assert [r["decision"] for r in results] == [True, False, False]
    assert [r["context"]["reasons"][0]["rule"] for r in results] == [
        "samme_avdeling",
        "gradert_krever_klarering",
        "ikke_fra_internett",
    ]


def test_batch_failed_item_is_a_deny_not_a_failed_batch(arkiv: TestClient) -> None:
    items = [{"resource": {"type": "Dokument", "id": 5}}, 7, {}]
    body = _ev() | {"evaluations": items}
    results = arkiv.post(BATCH, json=body).json()["evaluations"]
    assert results[0]["decision"] is False
    assert results[0]["context"]["error"]["status"] == 400
    assert results[0]["context"]["error"]["message"].startswith("resource.id: ")
    assert results[1]["context"]["error"]["message"].startswith("evaluations[1]: ")
    assert results[2] == {"decision": True}
    body["options"] = {"evaluations_semantic": "deny_on_first_deny"}
    assert _decisions(arkiv.post(BATCH, json=body)) == [False]


@pytest.mark.parametrize("evaluations", [None, []], ids=["absent", "empty"])
def test_batch_without_items_is_one_evaluation(arkiv: TestClient, evaluations: object) -> None:
    body = _ev() | ({} if evaluations is None else {"evaluations": evaluations})
    answer = arkiv.post(BATCH, json=body).json()
    assert answer["decision"] is True and _rules(answer) == ["samme_avdeling"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            _ev() | {"evaluations": [{}], "options": {"evaluations_semantic": "alle"}},
            "options.evaluations_semantic",
        ),
        (_ev() | {"evaluations": {"a": {}}}, "evaluations"),
        (
            _ev() | {"evaluations": [{}], "options": {"include_context": "ja"}},
            "options.include_context",
        ),
        ({"evaluations": []}, "subject"),
        ([_ev()], "body"),
    ],
)
def test_batch_malformed_is_400(arkiv: TestClient, body: object, field: str) -> None:
    response = arkiv.post(BATCH, json=body)
    assert response.status_code == 400 and response.json()["field"] == field


@pytest.mark.parametrize(
    ("dotted", "value", "field"),
    [
        ("subject", DROP, "subject"),
        ("subject.id", DROP, "subject.id"),
        ("subject.id", 5, "subject.id"),
        ("subject.type", "", "subject.type"),
        ("subject.properties", [1], "subject.properties"),
        ("action.name", DROP, "action.name"),
        ("action.name", 3, "action.name"),
        ("action", "les", "action"),
        ("resource.type", DROP, "resource.type"),
        ("resource.id", None, "resource.id"),
        ("context", "x", "context"),
    ],
)
def test_malformed_evaluation_is_400_naming_the_field(
    arkiv: TestClient, dotted: str, value: object, field: str
) -> None:
    response = arkiv.post(EVAL, json=_set(_ev(), dotted, value))
    assert response.status_code == 400
    assert response.json() == {
        "error": "bad_request",
        "field": field,
        "message": response.json()["message"],
    }
    assert response.json()["message"].startswith(f"{field}: ")


@pytest.mark.parametrize("raw", [b"", b"{", b"[1]", b"null", b'{"subject": NaN}'])
def test_body_that_is_not_a_json_object_is_400(arkiv: TestClient, raw: bytes) -> None:
    response = arkiv.post(EVAL, content=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["field"] == "body"


def test_well_known_configuration(arkiv: TestClient) -> None:
    response = arkiv.get("/.well-known/authzen-configuration")
    assert response.status_code == 200
    assert response.json() == {
        "policy_decision_point": "http://testserver",
        "access_evaluation_endpoint": "http://testserver/access/v1/evaluation",
        "access_evaluations_endpoint": "http://testserver/access/v1/evaluations",
        "search_subject_endpoint": "http://testserver/access/v1/search/subject",
        "search_resource_endpoint": "http://testserver/access/v1/search/resource",
        "search_action_endpoint": "http://testserver/access/v1/search/action",
    }


def test_well_known_configuration_of_the_pjd_pack_lists_no_search(pjd: TestClient) -> None:
    listed = pjd.get("/.well-known/authzen-configuration").json()
    assert set(listed) == {
        "policy_decision_point",
        "access_evaluation_endpoint",
        "access_evaluations_endpoint",
    }


def _starlette_json(answer: object) -> bytes:
    """The bytes Starlette's `JSONResponse` writes for `answer`."""
    return json.dumps(answer, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def test_answers_are_the_json_starlette_writes(pjd: TestClient) -> None:
    """The decision answers are encoded by orjson, byte for byte as Starlette's JSON (UTF-8,
    compact): a deny with its Norwegian titles, and a batch."""
    deny = pjd.post(EVAL, json=Case(class_code="B00-1").authzen())
    top = Case().authzen()
    other_class = _set(top, "resource.properties.class_code", "B00-1")["resource"]
    body = top | {"evaluations": [{}, {"resource": other_class}], "options": {}}
    batch = pjd.post(BATCH, json=body)
    for response in (deny, batch):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.content == _starlette_json(response.json())
    assert any(ord(c) > 127 for c in deny.content.decode())  # æ, ø, å written as UTF-8


def test_context_opens_locked_opens_a_locked_kj_with_consent(pjd: TestClient) -> None:
    """R32: AuthZEN's `context.opens_locked` is the PJD body's `opens_locked`."""
    restriction = {"kind": "kj_sperring", "registered_by": "helsenorge"}
    assert pjd.post(f"/v1/patients/{PATIENT}/restrictions", json=restriction).status_code == 201
    body = Case(action="list", path=KJ, access_basis="samtykke").authzen()
    assert _rules(pjd.post(EVAL, json=body).json()) == ["kjernejournal_sperret"]
    opened = _set(body, "context.opens_locked", True)
    answer = pjd.post(EVAL, json=opened).json()
    assert answer["decision"] is True
    assert ("saerskilt_logg", "kjernejournal_sperring_aapnet") in _obligations(answer)
