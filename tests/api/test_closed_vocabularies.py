"""Closed vocabularies and canonical identifiers (issue 9): every near miss of every coded field
and every identifier, through the PJD endpoint and AuthZEN, on both engines — a 400 naming the
field, or (a confidentiality label) the most restrictive deny; never a permit.

Each table starts from a request that is permitted (checked first, so the test could fail) and
changes one value to a near miss: case, surrounding or embedded white space (space, tab, NBSP,
newline), invisible characters (zero-width space, a right-to-left mark, a combining accent),
fullwidth or Arabic-Indic digits, leading zeros, the code joined to its system with `|`, an
empty string and 10 000 characters.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.config import get_settings
from api.main import create_app
from api.registry.store import load_registry_file, replace_registry
from tests.api.test_pjd_endpoint import DEMO, URL
from tests.builders import Json, document, pjd_body
from tests.clients import api_client
from tests.fixtures import attestation_text
from tests.people import OTHER_PERSON as OBJECTED
from tests.people import OUS, PATIENT, RIKSHOSPITALET, SRC_A, ULLEVAL, WORKER_HPR, WORKER_PID
from tests.people import SECOND_PATIENT as BLOCKED
from tests.tokens import citizen_bearer

EVAL = "/access/v1/evaluation"
FULLWIDTH = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_-",
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ＿－",
)
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# A PJD body's field → where AuthZEN carries it, matched on whole path segments, first match wins:
# the oracle of the AuthZEN names of the PJD fields.
RENAMES = (
    ("documents[0].id", "resource.id"),
    ("documents[0]", "resource.properties"),
    ("documents", "resource"),
    ("identity.pid", "subject.id"),
    ("identity", "subject.properties.identity"),
    ("attestation", "subject.properties.attestation"),
    ("patient", "resource.properties.patient"),
    ("action", "action.name"),
    ("path", "context.path"),
    ("access_basis", "context.access_basis"),
    ("at", "context.at"),
)


def rename(pjd_field: str) -> str:
    """The AuthZEN name of a PJD field: `documents[0].source` → `resource.properties.source`."""
    for old, new in RENAMES:
        if pjd_field == old or (pjd_field.startswith(old) and pjd_field[len(old)] in ".["):
            return new + pjd_field[len(old) :]
    return pjd_field


def near_misses(value: str, system: str = "") -> dict[str, str]:
    """Strings that look like `value` or are close to it, none of them `value`."""
    misses = {
        "lower": value.lower(),
        "upper": value.upper(),
        "trailing_space": value + " ",
        "leading_space": " " + value,
        "inner_space": value[:1] + " " + value[1:],
        "tab": value + "\t",
        "newline": value + "\n",
        "nbsp": value + "\u00a0",
        "zero_width": value + "\u200b",
        "rtl_mark": "\u200f" + value,
        "combining": value + "\u0301",
        "fullwidth": value.translate(FULLWIDTH),
        "arabic_digits": value.translate(ARABIC),
        "zero_for_o": value.replace("O", "0"),
        "o_for_zero": value.replace("0", "O"),
        "joined_system": f"{system or '2.16.578.1.12.4.1.1.9603'}|{value}",
        "empty": "",
        "huge": (value * 10_000)[:10_000],
    }
    return {name: miss for name, miss in misses.items() if miss != value}


def id_misses(value: str) -> dict[str, str]:
    """An identifier's near misses, and a leading zero and the digits grouped with spaces."""
    grouped = " ".join(value[i : i + 3] for i in range(0, len(value), 3))
    return near_misses(value) | {"leading_zero": "0" + value, "grouped": grouped}


@pytest.fixture(scope="module", params=["cedar", "rego"])
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    """The app on `cedar` or `rego` with the demo registry and one HPR-targeted block."""
    folder = tmp_path_factory.mktemp(f"vocabularies_{request.param}")
    settings = get_settings(database_url=f"sqlite:///{folder / 'pjd.db'}", engine=request.param)
    app = create_app(settings)
    with Session(app.state.runtime.db) as session:
        replace_registry(session, load_registry_file(DEMO))
    with api_client(app, raise_server_exceptions=False) as test_client:
        block = {
            "kind": "kj_blokkering",
            "target": {"hpr": WORKER_HPR},
            "registered_by": "helsenorge",
        }
        assert (
            test_client.post(f"/v1/patients/{BLOCKED}/restrictions", json=block).status_code == 201
        )
        yield test_client


def _at(data: Json, dotted: str, value: object) -> Json:
    """A copy of `data` with the value at `dotted` (`documents.0.class_code`) replaced."""
    out = copy.deepcopy(data)
    *parents, last = dotted.split(".")
    node: Any = out
    for name in parents:
        node = node[int(name)] if name.isdigit() else node[name]
    node[int(last) if last.isdigit() else last] = value
    return out


def _field(dotted: str) -> str:
    """The field as a 400 names it: `documents.0.class_code` → `documents[0].class_code`."""
    parts = dotted.split(".")
    return "".join(f"[{p}]" if p.isdigit() else (f".{p}" if i else p) for i, p in enumerate(parts))


def pjd(**changes: Any) -> Json:
    """The base: BASE's permitted list request on hpl45 for D1 of SRC-A, with a type code."""
    body = pjd_body(**changes)
    body["documents"] = [document(service_time="2019-05-01") | {"type_code": "A01-2"}]
    return body


def authzen(body: Json) -> Json:
    """The AuthZEN evaluation of a one-document PJD body."""
    identity = {k: v for k, v in body["identity"].items() if k != "pid"}
    document = {k: v for k, v in body["documents"][0].items() if k != "id"}
    context = {k: body[k] for k in ("path", "access_basis", "at") if k in body}
    return {
        "subject": {
            "type": "helsepersonell",
            "id": body["identity"]["pid"],
            "properties": {"identity": identity, "attestation": body["attestation"]},
        },
        "action": {"name": body["action"]},
        "resource": {
            "type": "dokument",
            "id": body["documents"][0]["id"],
            "properties": {"patient": body["patient"], **document},
        },
        "context": context,
    }


def refused(client: TestClient, url: str, body: Json, field: str) -> None:
    response = client.post(url, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field, response.json()


def test_the_base_is_permitted_on_both_endpoints(client: TestClient) -> None:
    """Every table below varies a permitted request: without the near miss it is a permit."""
    body = pjd()
    answer = client.post(URL, json=body).json()
    assert answer["results"][0]["decision"] == "permit", answer
    assert client.post(EVAL, json=authzen(body)).json()["decision"] is True


# --- coded fields of the health worker's request: a 400 naming the field -----------------------

CODED = {  # PJD field (dotted) → the code the base request carries there
    "documents.0.class_code": ("A00-1", "2.16.578.1.12.4.1.1.9602"),
    "documents.0.type_code": ("A01-2", "2.16.578.1.12.4.1.1.9602"),
    "attestation.practitioner.authorization.code": ("LE", "2.16.578.1.12.4.1.1.9060"),
    "attestation.practitioner.authorization.system": ("urn:oid:2.16.578.1.12.4.1.1.9060", ""),
    "attestation.care_relation.purpose_of_use.code": ("TREAT", "2.16.840.1.113883.1.11.20448"),
    "attestation.care_relation.purpose_of_use.system": (
        "urn:oid:2.16.840.1.113883.1.11.20448",
        "",
    ),
    "attestation.care_relation.healthcare_service.code": ("300", "2.16.578.1.12.4.1.1.8451"),
    "attestation.care_relation.healthcare_service.system": ("urn:oid:2.16.578.1.12.4.1.1.8451", ""),
    "attestation.practitioner.identifier.system": ("urn:oid:2.16.578.1.12.4.1.4.1", ""),
    "attestation.practitioner.hpr_nr.system": ("urn:oid:2.16.578.1.12.4.1.4.4", ""),
    "attestation.practitioner.legal_entity.system": ("urn:oid:2.16.578.1.12.4.1.4.101", ""),
    "attestation.patients.0.identifier.system": ("urn:oid:2.16.578.1.12.4.1.4.1", ""),
    "path": ("hpl45", ""),
}
CODED_CASES = [
    pytest.param(dotted, miss, id=f"{dotted}-{name}")
    for dotted, (value, system) in CODED.items()
    for name, miss in near_misses(value, system).items()
    # a system is compared after its `urn:oid:` prefix, which is case-insensitive (RFC 8141)
    if not (dotted.endswith(".system") and name == "upper")
    # a healthcare service code is checked by its format only (its lists are not known, Q21):
    # "3OO" is of the format; no rule reads the code, only that a service is given
    and not (dotted.endswith("healthcare_service.code") and name == "o_for_zero")
]


def refused_on_both(client: TestClient, dotted: str, value: str) -> None:
    """The base with `value` at `dotted` is a 400 naming the field, by PJD and by AuthZEN."""
    body = _at(pjd(), dotted, value)
    refused(client, URL, body, _field(dotted))
    refused(client, EVAL, authzen(body), rename(_field(dotted)))


@pytest.mark.parametrize(("dotted", "miss"), CODED_CASES)
def test_a_near_miss_of_a_code_is_a_400_naming_the_field(
    client: TestClient, dotted: str, miss: str
) -> None:
    refused_on_both(client, dotted, miss)


@pytest.mark.parametrize("miss", near_misses("samtykke").values(), ids=near_misses("samtykke"))
def test_a_near_miss_of_the_access_basis_is_a_400(client: TestClient, miss: str) -> None:
    body = pjd(path="kjernejournalforskriften", access_basis=miss)
    refused(client, URL, body, "access_basis")
    refused(client, EVAL, authzen(body), "context.access_basis")


@pytest.mark.parametrize(
    ("dotted", "code"),
    [
        ("documents.0.class_code", "Z99-1"),  # well-formed, in no list
        ("attestation.practitioner.authorization.code", "FA1"),  # NHN's demo EPJ, not 9060
        ("attestation.care_relation.purpose_of_use.code", "TREATMENT"),  # NHIN, not HL7 20448
        ("attestation.care_relation.healthcare_service.system", "2.16.578.1.12.4.1.1.8627"),
        ("attestation.care_relation.purpose_of_use.system", "1.0.14265.1"),  # ISO 14265: SAML
        ("attestation.practitioner.identifier.system", "2.16.578.1.12.4.1.4.5"),  # DUF
        ("path", "nhn:phr/mhd/read-documentreferences/"),
    ],
)
def test_a_well_formed_code_outside_its_list_is_a_400(
    client: TestClient, dotted: str, code: str
) -> None:
    refused_on_both(client, dotted, code)


def test_a_known_code_the_rules_do_not_allow_is_a_deny_naming_the_rule(client: TestClient) -> None:
    """In its list, but not allowed: the policy decides (HOPERAT is HL7 20448, VE is 9060)."""
    for dotted, code, rule in [
        ("attestation.care_relation.purpose_of_use.code", "HOPERAT", "formaal_ugyldig"),
        ("attestation.practitioner.authorization.code", "VE", "rolle_utelukket"),
        ("documents.0.class_code", "B00-1", "dokumentklasse_ikke_tillatt"),
        (
            "attestation.practitioner.identifier.system",
            "2.16.578.1.12.4.1.4.3",
            "personidentifikator_ugyldig",
        ),
    ]:
        body = _at(pjd(), dotted, code)
        result = client.post(URL, json=body).json()["results"][0]
        assert (result["decision"], rule in [r["rule"] for r in result["reasons"]]) == (
            "deny",
            True,
        )
        answer = client.post(EVAL, json=authzen(body)).json()
        assert answer["decision"] is False and rule in [
            r["rule"] for r in answer["context"]["reasons"]
        ]


# --- identifiers: a 400 naming the field --------------------------------------------------------

IDENTIFIERS = {  # PJD field (dotted) → the canonical value the base request carries there
    "patient": PATIENT,
    "identity.pid": WORKER_PID,
    "identity.hpr_number": WORKER_HPR,
    "attestation.practitioner.identifier.id": WORKER_PID,
    "attestation.practitioner.hpr_nr.id": WORKER_HPR,
    "attestation.practitioner.legal_entity.id": OUS,
    "attestation.practitioner.point_of_care.id": RIKSHOSPITALET,
    "attestation.patients.0.identifier.id": PATIENT,
    "attestation.patients.0.point_of_care.id": ULLEVAL,
    "documents.0.source": SRC_A,
}
ID_CASES = [
    pytest.param(dotted, miss, id=f"{dotted}-{name}")
    for dotted, value in IDENTIFIERS.items()
    for name, miss in id_misses(value).items()
]


@pytest.mark.parametrize(("dotted", "miss"), ID_CASES)
def test_a_near_miss_of_an_identifier_is_a_400_naming_the_field(
    client: TestClient, dotted: str, miss: str
) -> None:
    refused_on_both(client, dotted, miss)


def test_the_attested_hpr_number_of_a_blocked_worker_denies_and_no_spelling_escapes(
    client: TestClient,
) -> None:
    """The block names 222200068: the canonical number is denied, every other spelling a 400."""
    base = pjd(patient=BLOCKED, path="kjernejournalforskriften", access_basis="samtykke")
    base = _at(base, "attestation.patients.0.identifier.id", BLOCKED)
    result = client.post(URL, json=base).json()["results"][0]
    assert result["decision"] == "deny"
    assert "helsepersonell_blokkert" in [r["rule"] for r in result["reasons"]]
    for miss in ["0222200068", "222200068 ", "２２２２０００６８", "222 200 068", "00222200068"]:
        body = _at(base, "attestation.practitioner.hpr_nr.id", miss)
        refused(client, URL, body, "attestation.practitioner.hpr_nr.id")
        body = _at(
            _at(base, "identity.hpr_number", miss), "attestation.practitioner.hpr_nr.id", miss
        )
        refused(client, URL, body, "identity.hpr_number")


# --- confidentiality: an unknown label is the most restrictive, never no label ------------------

NORS_MISSES = near_misses("NORS") | {"named_twice": "NORS NORS", "hl7_restricted": "R"}


@pytest.mark.parametrize("miss", NORS_MISSES.values(), ids=NORS_MISSES)
def test_an_unknown_label_is_sperret_for_health_personnel_and_counted_as_hidden(
    client: TestClient, miss: str
) -> None:
    body = pjd()
    body["documents"][0]["confidentiality"] = ["N", miss]
    answer = client.post(URL, json=body).json()
    result = answer["results"][0]
    assert result["decision"] == "deny"
    assert "dokument_sperret_nors" in [r["rule"] for r in result["reasons"]]
    assert answer["hidden_count"] == 1
    evaluation = client.post(EVAL, json=authzen(_at(body, "action", "read"))).json()
    assert evaluation["decision"] is False
    assert "dokument_sperret_nors" in [r["rule"] for r in evaluation["context"]["reasons"]]


CITIZEN_MISSES = {
    **{f"norn_ffl-{k}": v for k, v in near_misses("NORN_FFL").items()},
    **{f"noru-{k}": v for k, v in near_misses("NORU").items()},
    "norn_hyphen": "NORN-FFL",
    "norn_marker": "NORN_*",
}


def citizen_body(**changes: Any) -> Json:
    """A 45-year-old citizen's own list request on helsenorge, for D1 from SRC-A."""
    body: Json = {
        "action": "list",
        "patient": PATIENT,
        "citizen": {"pid": PATIENT, "security_level": "4", "age": 45},
        "documents": [document()],
        "at": "2026-11-26T10:00:00Z",
    }
    return body | changes


@pytest.fixture(scope="module")
def citizens(client: TestClient) -> TestClient:
    """The same app, with SRC-A sharing with citizens."""
    registry = client.get("/v1/registry").json()
    for org in registry["organisations"]:
        if org["orgnr"] == SRC_A:
            org["source"]["grants"]["innbygger"] = {"list": True, "read": True}
    assert client.put("/v1/registry", json=registry).status_code == 200
    answer = client.post(URL, json=citizen_body()).json()
    assert answer["results"][0]["decision"] == "permit", answer
    return client


@pytest.mark.parametrize("miss", CITIZEN_MISSES.values(), ids=CITIZEN_MISSES)
def test_an_unknown_label_is_withheld_from_the_citizen(citizens: TestClient, miss: str) -> None:
    body = citizen_body()
    body["documents"][0]["confidentiality"] = [miss]
    result = citizens.post(URL, json=body).json()["results"][0]
    assert result["decision"] == "deny"
    assert "nektet_innsyn_innbygger" in [r["rule"] for r in result["reasons"]]
    acting = citizen_body(citizen=_parent(), patient="01011599990")
    acting["documents"][0]["confidentiality"] = [miss]
    result = citizens.post(URL, json=acting).json()["results"][0]
    assert result["decision"] == "deny"
    assert "nektet_innsyn_representant" in [r["rule"] for r in result["reasons"]]


def _parent(acp: str = "2.16.578.1.12.4.1.7.2.1.1", pid: str = "01011599990") -> Json:
    rep = {"acp": acp, "pid": pid, "age": 11}
    return {"pid": PATIENT, "security_level": "4", "age": 45, "representation": rep}


def test_a_parent_of_a_child_under_12_is_permitted_as_the_base_of_the_table(
    citizens: TestClient,
) -> None:
    answer = citizens.post(URL, json=citizen_body(citizen=_parent(), patient="01011599990"))
    assert answer.json()["results"][0]["decision"] == "permit", answer.text


ACP = "2.16.578.1.12.4.1.7.2.1.1"
ACP_MISSES = near_misses(ACP, "urn:oid") | {
    "hp_code": "2.16.578.1.12.4.1.7.2.1.4",  # an ACP code for health personnel
    "leading_zero": "2.16.578.1.12.4.1.7.2.1.01",
    "no_system": "1",
    "other_system": "2.16.578.1.12.4.1.7.2.2.1",
}
ACP_MISSES.pop("upper", None)  # the same digits: equal


@pytest.mark.parametrize("miss", ACP_MISSES.values(), ids=ACP_MISSES)
def test_a_near_miss_of_the_acp_code_is_a_400(citizens: TestClient, miss: str) -> None:
    body = citizen_body(citizen=_parent(acp=miss), patient="01011599990")
    refused(citizens, URL, body, "citizen.representation.acp")
    header = json.dumps(_parent(acp=miss))
    response = citizens.get(
        f"/v1/patients/{PATIENT}/access-log",
        headers={"X-Citizen": header, **citizen_bearer(PATIENT)},
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == "X-Citizen.representation.acp"


@pytest.mark.parametrize("miss", id_misses(PATIENT).values(), ids=id_misses(PATIENT))
def test_a_near_miss_of_a_citizens_id_is_a_400(citizens: TestClient, miss: str) -> None:
    own = citizen_body(citizen={"pid": miss, "security_level": "4", "age": 45})
    refused(citizens, URL, own, "citizen.pid")
    refused(citizens, URL, citizen_body(citizen=_parent(pid=miss)), "citizen.representation.pid")
    header = json.dumps({"pid": miss, "security_level": "4", "age": 45})
    response = citizens.get(
        f"/v1/patients/{PATIENT}/access-log",
        headers={"X-Citizen": header, **citizen_bearer(PATIENT)},
    )
    assert (response.status_code, response.json()["field"]) == (400, "X-Citizen.pid")
    if miss and "\n" not in miss:  # a path segment: neither empty nor a line break
        response = citizens.get(f"/v1/patients/{quote(miss)}/access-log")
        assert (response.status_code, response.json()["field"]) == (400, "patient")


# --- the attestation's other names: the field as the caller named it ----------------------------


@pytest.mark.parametrize(
    ("example", "dotted", "field"),
    [
        (
            "v1.0-eksempel-1-fastlege.json",
            "practitioner.hpr-nr.id",
            "attestation.practitioner.hpr-nr.id",
        ),
        (
            "v1.0-eksempel-1-fastlege.json",
            "care-relationship.purpose-of-use.code",
            "attestation.care-relationship.purpose-of-use.code",
        ),
        (
            "production-betanien.json",
            "care_relationship.purpose_of_use.code",
            "attestation.care_relationship.purpose_of_use.code",
        ),
        (
            "production-betanien.json",
            "patients.0.point_of_care.id",
            "attestation.patients[0].point_of_care.id",
        ),
        (
            "production-betanien.json",
            "practitioner.legal_entity.id",
            "attestation.practitioner.legal_entity.id",
        ),
    ],
)
@pytest.mark.parametrize("as_text", [False, True], ids=["object", "text"])
def test_every_attestation_variant_names_the_field_as_sent(
    client: TestClient, example: str, dotted: str, field: str, as_text: bool
) -> None:
    attestation = _at(json.loads(attestation_text(example)), dotted, "TREAT ")
    if dotted.endswith(".id"):
        attestation = _at(attestation, dotted, "0" + "981275721")
    sent: object = json.dumps(attestation) if as_text else attestation
    body = pjd(attestation=sent)
    refused(client, URL, body, field)
    refused(client, EVAL, authzen(body), rename(field))


# --- the other ways in: restrictions, the registry, the access log -----------------------------

TARGETS = {"hpr": WORKER_HPR, "pid": WORKER_PID, "orgnr": OUS}


@pytest.mark.parametrize(
    ("target", "miss"),
    [
        pytest.param(target, miss, id=f"{target}-{name}")
        for target, value in TARGETS.items()
        for name, miss in id_misses(value).items()
    ],
)
def test_a_restriction_body_takes_only_canonical_identifiers(
    client: TestClient, target: str, miss: str
) -> None:
    kind = "kj_blokkering" if target == "hpr" else "kilde_sperreregel"
    body = {"kind": kind, "target": {target: miss}, "registered_by": "helsenorge"}
    if kind == "kilde_sperreregel":
        body["source"] = SRC_A
    refused(client, f"/v1/patients/{PATIENT}/restrictions", body, f"target.{target}")
    body = {"kind": "kilde_sperreregel", "target": {"authorization": "SP"}, "source": miss}
    refused(client, f"/v1/patients/{PATIENT}/restrictions", body | {"registered_by": "x"}, "source")


@pytest.mark.parametrize("miss", near_misses("SP").values(), ids=near_misses("SP"))
def test_a_group_objection_names_a_9060_code(client: TestClient, miss: str) -> None:
    body = {"kind": "kilde_sperreregel", "target": {"authorization": miss}, "source": SRC_A}
    url = f"/v1/patients/{PATIENT}/restrictions"
    refused(client, url, body | {"registered_by": "helsenorge"}, "target.authorization")


SEGMENTS = {k: v for k, v in id_misses(PATIENT).items() if v and "\n" not in v}  # in a path


@pytest.mark.parametrize("miss", SEGMENTS.values(), ids=SEGMENTS)
def test_a_restriction_path_takes_only_a_canonical_patient(client: TestClient, miss: str) -> None:
    url = f"/v1/patients/{quote(miss)}/restrictions"
    body = {"kind": "pjd_sperre", "registered_by": "helsenorge"}
    assert (client.get(url).status_code, client.get(url).json()["field"]) == (400, "patient")
    refused(client, url, body, "patient")


@pytest.mark.parametrize(
    ("dotted", "value"),
    [
        ("organisations.0.orgnr", SRC_A),
        ("gp_list.0.patient", PATIENT),
        ("gp_list.0.gp_hpr", WORKER_HPR),
    ],
)
def test_the_registry_takes_only_canonical_identifiers(
    client: TestClient, dotted: str, value: str
) -> None:
    registry = client.get("/v1/registry").json()
    registry["gp_list"] = [
        {"patient": PATIENT, "gp_hpr": WORKER_HPR, "from": "2020-01-01", "to": None}
    ]
    for miss in id_misses(value).values():
        response = client.put("/v1/registry", json=_at(registry, dotted, miss))
        assert (response.status_code, response.json()["field"]) == (400, _field(dotted)), miss
    miss = id_misses(SRC_A)["leading_zero"]
    response = client.get("/v1/access-log", params={"source": miss})
    assert (response.status_code, response.json()["field"]) == (400, "source")


# --- leaving the point of care out does not escape an objection against it (Q22) ---------------


def test_leaving_the_point_of_care_out_does_not_escape_an_objection_against_it(
    client: TestClient,
) -> None:
    objection = {"kind": "kilde_sperreregel", "target": {"orgnr": RIKSHOSPITALET}, "source": SRC_A}
    url = f"/v1/patients/{OBJECTED}/restrictions"
    assert client.post(url, json=objection | {"registered_by": "DIPS"}).status_code == 201
    named = _at(pjd(patient=OBJECTED), "attestation.patients.0.identifier.id", OBJECTED)
    unnamed = copy.deepcopy(named)
    del unnamed["attestation"]["practitioner"]["point_of_care"]
    for body, rule in [
        (named, "sperreregel_hos_kilde"),
        (unnamed, "sperreregel_behandlingssted_ukjent"),
    ]:
        result = client.post(URL, json=body).json()["results"][0]
        assert (result["decision"], [r["rule"] for r in result["reasons"]]) == ("deny", [rule])
        answer = client.post(EVAL, json=authzen(body)).json()
        assert answer["decision"] is False
        assert [r["rule"] for r in answer["context"]["reasons"]] == [rule]
