"""Every published attestation example (tests/fixtures/attestations, as NHN published them),
wrapped in a HelseID access token for the health worker it names, decides exactly as its JSON
equivalent does: the same decision and the same rules for each document. Two are permitted as
published; the others lack a field the rules require (`decision_ref`, `purpose_of_use`) or
carry an invalid one, and are denied alike on both paths, by the rule that names it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from api.pjd.schemas import PjdDecisionIn
from api.pjd.service import decide
from api.runtime import Runtime
from api.trust.helseid import HPR_NUMBER, PID
from tests.api.signed_claims import helseid_token, runtime_trusting
from tests.api.test_saml_decisions import documents
from tests.builders import identity
from tests.fixtures import ATTESTATIONS
from tests.people import PATIENT

Json = dict[str, Any]
NOT_JSON = {"v1.1-eksempel-2-sykehjem.published.json"}  # as published, with a trailing comma
EXAMPLES = sorted(p.name for p in ATTESTATIONS.glob("*.json") if p.name not in NOT_JSON)
# each example's decision of the first document, as the token gives it (and its JSON alike)
FIRST = {
    "production-betanien.json": ("permit", ["dokumentliste_hpl45"]),
    "v1.0-eksempel-1-fastlege.json": ("permit", ["dokumentliste_hpl45"]),
    "v1.1-eksempel-1-fastlege.json": ("deny", ["beslutningsreferanse_mangler", "formaal_mangler"]),
    "v1.1-eksempel-2-sykehjem.normalized.json": ("deny", ["beslutningsreferanse_mangler"]),
    "v1.1-eksempel-3-anestesilege.normalized.json": ("deny", ["beslutningsreferanse_mangler"]),
    "v1.1-vedlegg-b.normalized.json": ("deny", ["beslutningsreferanse_ugyldig"]),
}


@pytest.fixture(scope="module")
def runtimes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Runtime, Runtime]]:
    """A deployment taking only signed claims, and one taking JSON claims too."""
    strict = runtime_trusting(tmp_path_factory.mktemp("s"), [], accept_unverified_claims=False)
    lenient = runtime_trusting(tmp_path_factory.mktemp("l"), [], accept_unverified_claims=True)
    yield strict, lenient
    strict.close()
    lenient.close()


def _example(name: str) -> Json:
    """The example as an EPJ sends it to HelseID: without `toa` (the token's `iat` dates it)."""
    attestation: Json = json.loads((ATTESTATIONS / name).read_text(encoding="utf-8"))
    attestation.pop("toa", None)
    return attestation


def _worker(attestation: Json) -> Json:
    """The health worker the example names (the default worker where it names none)."""
    practitioner = attestation["practitioner"]
    hpr = practitioner.get("hpr_nr") or practitioner.get("hpr-nr") or {}
    named = identity()
    if "identifier" in practitioner:
        named["pid"] = practitioner["identifier"]["id"]
    if "id" in hpr:
        named["hpr_number"] = hpr["id"]
    return named


def _patient(attestation: Json) -> str:
    found = [p["identifier"]["id"] for p in attestation["patients"] if "identifier" in p]
    return found[0] if found else PATIENT


def _outcomes(runtime: Runtime, person: Json, patient: str, now: datetime) -> list[Any]:
    body = {"action": "list", "path": "hpl45", "patient": patient, "documents": documents()}
    request = PjdDecisionIn.model_validate(body | person | {"at": now.isoformat()})
    answer = decide(runtime, request, now)
    return [(r.document, r.decision, [x.rule for x in r.reasons]) for r in answer.results]


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_published_example_in_a_helseid_token_decides_as_its_json_equivalent(
    runtimes: tuple[Runtime, Runtime], name: str
) -> None:
    strict, lenient = runtimes
    now, attestation = datetime.now(UTC), _example(name)
    worker, patient = _worker(attestation), _patient(attestation)
    claims = {PID: worker["pid"], HPR_NUMBER: worker["hpr_number"]}
    value = helseid_token(attestation, **claims)  # issued now: `toa` is its `iat`
    from_token = _outcomes(strict, {"helseid_token": value}, patient, now)
    as_json = attestation | {"toa": int(now.timestamp()) - 1}
    from_json = _outcomes(lenient, {"identity": worker, "attestation": as_json}, patient, now)
    assert from_token == from_json
    assert (from_token[0][1], sorted(from_token[0][2])) == FIRST[name]


def test_every_example_that_is_json_is_decided() -> None:
    assert sorted(FIRST) == EXAMPLES
