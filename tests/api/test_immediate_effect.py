"""A restriction applies to every decision that starts after its registration returned, and a
withdrawal to every decision that starts after the DELETE returned — across service processes.

Two real `pjd serve` processes share one PostgreSQL database: one registers and withdraws, the
other decides, immediately, with no pause between an answer and the next request. Any cache of
restrictions (or registry facts) in the deciding process would show as a wrong decision here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.api.live_service import Server, demo_database, serving
from tests.fixtures import ATTESTATIONS

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ATTESTATIONS

PATIENT = "05076600324"
PID = "05086900124"
HPR = "222200068"
SRC_A = "914637651"
ROUNDS = 5
RESTRICTIONS = "/v1/patients/{patient}/restrictions"

Json = dict[str, Any]

# kind, the fields it needs, and the rule that denies once it is registered (list, hpl45 path)
KINDS: dict[str, tuple[Json, str]] = {
    "pjd_sperre": ({}, "pasient_sperret_pjd"),
    "kilde_sperreregel": ({"target": {"hpr": HPR}, "source": SRC_A}, "sperreregel_hos_kilde"),
    "kj_blokkering": ({"target": {"hpr": HPR}}, "helsepersonell_blokkert_hpl45"),
}


@pytest.fixture
def servers(postgres_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    """Two `pjd serve` processes on free ports over the same PostgreSQL database."""
    with demo_database(postgres_url) as database, serving(("A", "B"), database, tmp_path) as s:
        yield s[0], s[1]


def _decision_body() -> Json:
    """BASE of the worked examples listing D1 of SRC-A on the hpl45 path, decided at the clock."""
    attestation: Json = json.loads(
        (EXAMPLES / "v1.1-eksempel-3-anestesilege.normalized.json").read_text(encoding="utf-8")
    )
    attestation["toa"] = int(datetime.now(UTC).timestamp()) - 300
    attestation["care_relation"]["decision_ref"] = {
        "id": "0b1f84dd-6a42-4597-a726-3c39bb69f0d6",
        "user_selected": False,
    }
    return {
        "action": "list",
        "path": "hpl45",
        "patient": PATIENT,
        "identity": {"pid": PID, "hpr_number": HPR, "security_level": "4"},
        "attestation": attestation,
        "documents": [
            {
                "id": "D1",
                "source": SRC_A,
                "class_code": "A00-1",
                "confidentiality": ["N"],
                "service_time": "2019-05-01",
            }
        ],
        # no `at`: the deciding process reads its clock, as in production
    }


def _decide(server: Server, body: Json) -> tuple[str, list[str]]:
    response = server.client.post("/v1/pjd/decisions", json=body)
    assert response.status_code == 200, f"{server.name}: {response.text}"
    [result] = response.json()["results"]
    return result["decision"], [reason["rule"] for reason in result["reasons"]]


def _register(server: Server, kind: str, fields: Json) -> Json:
    body = {"kind": kind, "registered_by": "helsenorge", **fields}
    response = server.client.post(RESTRICTIONS.format(patient=PATIENT), json=body)
    assert response.status_code == 201, f"{server.name}: {response.text}"
    stored: Json = response.json()
    return stored


def _withdraw(server: Server, stored: Json) -> None:
    response = server.client.delete(f"{RESTRICTIONS.format(patient=PATIENT)}/{stored['id']}")
    assert response.status_code == 200, f"{server.name}: {response.text}"
    assert response.json()["withdrawn_at"] is not None


PERMIT = ("permit", ["dokumentliste_hpl45"])


def test_registration_and_withdrawal_in_one_process_bind_the_other_at_once(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    body = _decision_body()
    for round_ in range(ROUNDS):
        # register in one process, decide in the other; swap roles every other round
        writer, decider = (a, b) if round_ % 2 == 0 else (b, a)
        for kind, (fields, rule) in KINDS.items():
            where = f"round {round_}, {kind}, written in {writer.name}, decided in {decider.name}"
            assert _decide(decider, body) == PERMIT, where
            stored = _register(writer, kind, fields)
            assert _decide(decider, body) == ("deny", [rule]), f"{where}: after POST returned"
            _withdraw(writer, stored)
            assert _decide(decider, body) == PERMIT, f"{where}: after DELETE returned"


def test_both_processes_see_every_restriction_in_force_together(
    servers: tuple[Server, Server],
) -> None:
    a, b = servers
    body = _decision_body()
    stored = {kind: _register(a, kind, fields) for kind, (fields, _) in KINDS.items()}
    for server in (a, b):
        decision, rules = _decide(server, body)
        assert decision == "deny", server.name
        assert sorted(rules) == sorted(rule for _, rule in KINDS.values()), server.name
    for kind in KINDS:  # withdraw one at a time, in the other process; the rest still deny
        _withdraw(b, stored.pop(kind))
        expected = sorted(KINDS[k][1] for k in stored)
        for server in (b, a):
            decision, rules = _decide(server, body)
            if expected:
                assert (decision, sorted(rules)) == ("deny", expected), (server.name, kind)
            else:
                assert (decision, rules) == PERMIT, (server.name, kind)
