"""Aktører: helsepersonellet slik HelseID har verifisert det, og attesten virksomheten utsteder.

Standard er regelbokens BASE (domain/rules.md): anestesilegen Ben Reddik ved Oslo
universitetssykehus, innlogget på nivå 4, med attesten fra tillitsrammeverkets eksempel 3 og
beslutningsreferansen fra rules.md. Endringer av attestens innhold: steps/attest.py.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pytest_bdd import given, parsers

from scenarios.steps.typer import navn, steg
from tests.builders import DECISION_REF, identity
from tests.fixtures import BASE_ATTESTATION, attestation_text

Attest = dict[str, Any]


def eksempel(fil: str) -> Attest:
    """Et publisert attesteksempel fra domain/examples, som JSON."""
    return json.loads(attestation_text(fil))


def regelbokens_attest() -> Attest:
    """BASE: eksempel 3 med beslutningsreferansen fra rules.md (`toa` legges til ved sending)."""
    attest = eksempel(BASE_ATTESTATION)
    attest["care_relation"]["decision_ref"] = dict(DECISION_REF)
    return attest


@pytest.fixture
def attest() -> Attest | str:
    """Attesten som sendes: et JSON-objekt, eller tekst slik den er publisert."""
    return regelbokens_attest()


@pytest.fixture
def identitet() -> dict[str, Any]:
    """HelseID-påstandene om den innloggede: fødselsnummer, sikkerhetsnivå, HPR-nummer."""
    return identity()


@given(
    steg("en lege ved {virksomhet:Virksomhet} med gyldig attest for pasienten"),
    target_fixture="attest",
)
def en_lege_ved(virksomhet: str) -> Attest:
    """Regelbokens attest, utstedt av den oppgitte virksomheten (`legal_entity`)."""
    attest = regelbokens_attest()
    attest["practitioner"]["legal_entity"].update(id=virksomhet, name=navn(virksomhet))
    return attest


@given(
    parsers.parse('attesten er eksempelet "{fil}" fra tillitsrammeverket'),
    target_fixture="attest",
)
def attesten_er_eksempelet(fil: str) -> Attest:
    return eksempel(fil)


@given(
    parsers.parse('attesten er teksten i eksempelet "{fil}" slik den er publisert'),
    target_fixture="attest",
)
def attesten_er_teksten(fil: str) -> str:
    return attestation_text(fil)


@given(
    parsers.parse('legen er innlogget med fødselsnummer "{pid}" og HPR-nummer "{hpr}"'),
    target_fixture="identitet",
)
def legen_er_innlogget(identitet: dict[str, Any], pid: str, hpr: str) -> dict[str, Any]:
    return identitet | {"pid": pid, "hpr_number": hpr}


@given(parsers.parse('legen er innlogget på sikkerhetsnivå "{nivaa}"'), target_fixture="identitet")
def legen_er_innlogget_paa_nivaa(identitet: dict[str, Any], nivaa: str) -> dict[str, Any]:
    return identitet | {"security_level": nivaa}


@given(parsers.parse('HelseID har verifisert HPR-nummeret "{hpr}"'), target_fixture="identitet")
def helseid_har_verifisert(identitet: dict[str, Any], hpr: str) -> dict[str, Any]:
    return identitet | {"hpr_number": hpr}


@given(
    parsers.parse('HelseID har verifisert at legen har autorisasjonene "{koder}"'),
    target_fixture="identitet",
)
def helseid_har_verifisert_autorisasjoner(identitet: dict[str, Any], koder: str) -> dict[str, Any]:
    """Alle autorisasjonene personen har i HPR, slik HelseID har verifisert dem (R27)."""
    return identitet | {"authorizations": [k.strip() for k in koder.split(",")]}


@given("HelseID har ikke verifisert noe HPR-nummer", target_fixture="identitet")
def helseid_uten_hpr(identitet: dict[str, Any]) -> dict[str, Any]:
    uten = copy.deepcopy(identitet)
    uten.pop("hpr_number", None)
    return uten
