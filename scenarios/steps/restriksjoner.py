"""Restriksjoner: pasientens sperringer, reservasjoner, blokkeringer og sperreregler (R10–R15).

Hvert steg registrerer gjennom API-et, slik helsenorge og kildene gjør: `POST
/v1/patients/{pasient}/restrictions` i FastAPI-appen på scenarioets egen database (svar 201), og
tilbaketrekking med `DELETE …/{id}` (svar 200). Tjenesten startes med regelverket og registeret
slik Gitt-stegene har satt dem til da; derfor må endringer av parametere og register stå før
den første registreringen, og det kontrolleres når scenarioet er ferdig.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import parse
import pytest
from fastapi.testclient import TestClient
from pytest_bdd import given, parsers

from api.main import create_app
from api.runtime import Runtime
from scenarios.steps.typer import TYPER, VIRKSOMHETER, navn
from tests.clients import api_client

HELSENORGE = "helsenorge"
VALG = {  # stegtekst etter «pasienten har»: restriksjonens `kind`
    "sperret deling av journaldokumenter på helsenorge": "pjd_sperre",  # R12
    "reservert seg mot å ha kjernejournal": "kj_reservasjon",  # R13
    "sperret kjernejournalen": "kj_sperring",  # R14
}
Registrering = dict[str, Any]

_VIRKSOMHET = "|".join(map(re.escape, VIRKSOMHETER)) + r"|\d{9}"
_MOTTAKER = (
    rf"virksomheten (?:{_VIRKSOMHET})"
    r'|gruppen "[A-Z0-9]{2,4}"'
    r'|helsepersonellet med (?:HPR-nummer "\d{6,9}"|fødselsnummer "\d{11}")'
)


@parse.with_pattern(_MOTTAKER)
def _mottaker(tekst: str) -> dict[str, str]:
    """Hvem sperreregelen gjelder, som `target` i API-et: orgnr, authorization, hpr eller pid."""
    if tekst.startswith("virksomheten "):
        virksomhet = tekst.removeprefix("virksomheten ")
        return {"orgnr": VIRKSOMHETER.get(virksomhet, virksomhet)}
    verdi = tekst.split('"')[1]
    if tekst.startswith("gruppen "):
        return {"authorization": verdi}
    return {"hpr": verdi} if "HPR-nummer" in tekst else {"pid": verdi}


@parse.with_pattern(r'journalen|dokumentet "[^"]+"')
def _omfang(tekst: str) -> str | None:
    """Hele journalen hos kilden (None), eller ett dokument (dokumentets id)."""
    return None if tekst == "journalen" else tekst.split('"')[1]


@parse.with_pattern("|".join(map(re.escape, VALG)))
def _valg(tekst: str) -> str:
    return VALG[tekst]


def _steg(tekst: str) -> parsers.parse:
    typer = {"Mottaker": _mottaker, "Omfang": _omfang, "Valg": _valg}
    return parsers.parse(tekst, extra_types=TYPER | typer)


@pytest.fixture
def registreringer() -> list[Registrering]:
    """Restriksjonene scenarioet har registrert, slik API-et svarte (med `id`), i rekkefølge."""
    return []


@pytest.fixture
def restriksjonsklient(
    request: pytest.FixtureRequest,
    runtime: Runtime,
    policy_dir: Path,
    registry: dict[str, Any],
) -> Iterator[TestClient]:
    """Klienten mot scenarioets tjeneste; kontrollerer til slutt at tjenesten var den riktige."""
    with api_client(create_app(runtime=runtime)) as klient:
        yield klient
    assert request.getfixturevalue("policy_dir") == policy_dir, (
        "parameteren ble endret etter at en restriksjon var registrert; flytt steget før"
    )
    assert request.getfixturevalue("registry") == registry, (
        "registeret ble endret etter at en restriksjon var registrert; flytt steget før"
    )


def _registrer(
    klient: TestClient, pasient: str, registreringer: list[Registrering], **kropp: Any
) -> list[Registrering]:
    """POST restriksjonen for pasienten; API-et skal svare 201 med den lagrede posten."""
    kropp = {k: v for k, v in kropp.items() if v is not None}
    svar = klient.post(f"/v1/patients/{pasient}/restrictions", json=kropp)
    assert svar.status_code == 201, f"registreringen svarte {svar.status_code}: {svar.text}"
    return [*registreringer, svar.json()]


@given(_steg("pasienten har {kind:Valg}"), target_fixture="registreringer")
def pasienten_har_valgt(
    restriksjonsklient: TestClient, pasient: str, registreringer: list[Registrering], kind: str
) -> list[Registrering]:
    """R12–R14: pasientens eget valg på helsenorge, uten mottaker (se VALG)."""
    return _registrer(
        restriksjonsklient, pasient, registreringer, kind=kind, registered_by=HELSENORGE
    )


@given(
    _steg('pasienten har blokkert helsepersonellet med HPR-nummer "{hpr}" i kjernejournal'),
    target_fixture="registreringer",
)
def pasienten_har_blokkert(
    restriksjonsklient: TestClient, pasient: str, registreringer: list[Registrering], hpr: str
) -> list[Registrering]:
    """R14: `kj_blokkering` av ett helsepersonell (HPR-nummer)."""
    return _registrer(
        restriksjonsklient,
        pasient,
        registreringer,
        kind="kj_blokkering",
        target={"hpr": hpr},
        registered_by=HELSENORGE,
    )


@given(
    _steg(
        "pasienten har motsatt seg at {kilde:Virksomhet} deler {omfang:Omfang} "
        "med {mottaker:Mottaker}"
    ),
    target_fixture="registreringer",
)
def pasienten_har_motsatt_seg(
    restriksjonsklient: TestClient,
    pasient: str,
    registreringer: list[Registrering],
    kilde: str,
    omfang: str | None,
    mottaker: dict[str, str],
) -> list[Registrering]:
    """R10: sperreregel hos kilden, uten tidsavgrensning."""
    alltid = (None, None)
    return pasienten_har_motsatt_seg_i_perioden(
        restriksjonsklient, pasient, registreringer, kilde, omfang, mottaker, alltid
    )


@given(
    _steg(
        "pasienten har motsatt seg at {kilde:Virksomhet} deler {omfang:Omfang} "
        "med {mottaker:Mottaker}, gyldig {periode:Periode}"
    ),
    target_fixture="registreringer",
)
def pasienten_har_motsatt_seg_i_perioden(
    restriksjonsklient: TestClient,
    pasient: str,
    registreringer: list[Registrering],
    kilde: str,
    omfang: str | None,
    mottaker: dict[str, str],
    periode: tuple[str | None, str | None],
) -> list[Registrering]:
    """R10: `kilde_sperreregel` hos kilden, for hele journalen eller ett dokument, gyldig fra og
    med `fra` til (ikke med) `til`."""
    return _registrer(
        restriksjonsklient,
        pasient,
        registreringer,
        kind="kilde_sperreregel",
        source=kilde,
        document=omfang,
        target=mottaker,
        valid_from=periode[0],
        valid_to=periode[1],
        registered_by=navn(kilde),
    )


@given("registreringen er trukket tilbake", target_fixture="registreringer")
def registreringen_er_trukket_tilbake(
    restriksjonsklient: TestClient, pasient: str, registreringer: list[Registrering]
) -> list[Registrering]:
    """Den sist registrerte restriksjonen trekkes tilbake (DELETE, svar 200); den slettes ikke."""
    assert registreringer, "scenarioet har ikke registrert noe som kan trekkes tilbake"
    siste = registreringer[-1]
    svar = restriksjonsklient.delete(f"/v1/patients/{pasient}/restrictions/{siste['id']}")
    assert svar.status_code == 200, f"tilbaketrekkingen svarte {svar.status_code}: {svar.text}"
    assert svar.json()["withdrawn_at"] is not None, f"ikke trukket tilbake: {svar.json()}"
    return [*registreringer[:-1], svar.json()]
