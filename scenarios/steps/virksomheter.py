"""Virksomheter: registeret over konsumenter, kilder med deling per kategori, og fastlegelistene.

Hvert scenario starter med demoregisteret (api/demo_registry.json); stegene endrer en kopi,
som lastes inn i scenarioets egen database når legen spør (se `runtime` i conftest.py).
Alle perioder er halvåpne: `fra` er første aktive dag, `til` første dag som ikke er aktiv.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given

from scenarios.steps.typer import navn, steg

DEMOREGISTER = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
DELING = {
    "dokumentlisten og dokumentene": {"list": True, "read": True},
    "bare dokumentlisten": {"list": True, "read": False},
    "bare dokumentene": {"list": False, "read": True},
    "ingenting": {"list": False, "read": False},
}
Register = dict[str, Any]


@pytest.fixture
def registry() -> Register:
    """Registeret scenarioet starter med: demoregisteret."""
    return json.loads(DEMOREGISTER.read_text(encoding="utf-8"))


def _endret(registry: Register, orgnr: str) -> tuple[Register, dict[str, Any]]:
    nytt = copy.deepcopy(registry)
    for org in nytt["organisations"]:
        if org["orgnr"] == orgnr:
            return nytt, org
    raise AssertionError(f"{navn(orgnr)} ({orgnr}) finnes ikke i registeret")


def _del(registry: Register, orgnr: str, del_: str) -> tuple[Register, dict[str, Any]]:
    nytt, org = _endret(registry, orgnr)
    assert org[del_] is not None, f"{navn(orgnr)} er ikke registrert som {del_}"
    return nytt, org[del_]


# Kilder (R3)


@given(steg("kilden {kilde:Virksomhet} er ikke registrert"), target_fixture="registry")
def kilden_er_ikke_registrert(registry: Register, kilde: str) -> Register:
    nytt, org = _endret(registry, kilde)
    org["source"] = None
    if org["consumer"] is None:
        nytt["organisations"].remove(org)
    return nytt


@given(steg("kilden {kilde:Virksomhet} er aktiv {periode:Periode}"), target_fixture="registry")
def kilden_er_aktiv(registry: Register, kilde: str, periode: tuple[str, str | None]) -> Register:
    nytt, kilden = _del(registry, kilde, "source")
    kilden.update(active_from=periode[0], active_to=periode[1])
    return nytt


@given(
    steg('kilden {kilde:Virksomhet} gir kategorien "{kategori}" tilgang til {hva}'),
    target_fixture="registry",
)
def kilden_gir_tilgang(registry: Register, kilde: str, kategori: str, hva: str) -> Register:
    assert hva in DELING, f"ukjent deling {hva!r}; bruk en av {sorted(DELING)}"
    nytt, kilden = _del(registry, kilde, "source")
    kilden["grants"][kategori] = dict(DELING[hva])
    return nytt


# Konsumenter (R2)


def _konsument(registry: Register, orgnr: str, **endringer: object) -> Register:
    nytt, konsumenten = _del(registry, orgnr, "consumer")
    konsumenten.update(endringer)
    return nytt


@given(
    steg("virksomheten {v:Virksomhet} er ikke registrert som konsument"),
    target_fixture="registry",
)
def virksomheten_er_ikke_konsument(registry: Register, v: str) -> Register:
    nytt, org = _endret(registry, v)
    org["consumer"] = None
    return nytt


@given(steg("virksomheten {v:Virksomhet} er medlem av Helsenettet"), target_fixture="registry")
def virksomheten_er_medlem(registry: Register, v: str) -> Register:
    return _konsument(registry, v, helsenett_member=True)


@given(steg("virksomheten {v:Virksomhet} er ikke medlem av Helsenettet"), target_fixture="registry")
def virksomheten_er_ikke_medlem(registry: Register, v: str) -> Register:
    return _konsument(registry, v, helsenett_member=False)


@given(steg("virksomheten {v:Virksomhet} har akseptert bruksvilkårene"), target_fixture="registry")
def virksomheten_har_akseptert(registry: Register, v: str) -> Register:
    return _konsument(registry, v, pjd_terms=True)


@given(
    steg("virksomheten {v:Virksomhet} har ikke akseptert bruksvilkårene"),
    target_fixture="registry",
)
def virksomheten_har_ikke_akseptert(registry: Register, v: str) -> Register:
    return _konsument(registry, v, pjd_terms=False)


@given(
    steg("virksomheten {v:Virksomhet} er aktiv som konsument {periode:Periode}"),
    target_fixture="registry",
)
def konsument_aktiv(registry: Register, v: str, periode: tuple[str, str | None]) -> Register:
    return _konsument(registry, v, active_from=periode[0], active_to=periode[1])


# Fastlegeregisteret (R9)


def _uten_pasient(registry: Register, pasient: str) -> Register:
    nytt = copy.deepcopy(registry)
    nytt["gp_list"] = [e for e in nytt["gp_list"] if e["patient"] != pasient]
    return nytt


@given(steg('pasienten "{pasient}" har ingen fastlege'), target_fixture="registry")
def pasienten_har_ingen_fastlege(registry: Register, pasient: str) -> Register:
    return _uten_pasient(registry, pasient)


@given(
    steg('pasienten "{pasient}" står på listen til fastlegen "{hpr}" {periode:Periode}'),
    target_fixture="registry",
)
def pasienten_paa_listen(
    registry: Register, pasient: str, hpr: str, periode: tuple[str, str | None]
) -> Register:
    """Pasientens eneste oppføring i fastlegeregisteret blir denne."""
    nytt = _uten_pasient(registry, pasient)
    entry = {"patient": pasient, "gp_hpr": hpr, "from": periode[0], "to": periode[1]}
    nytt["gp_list"].append(entry)
    return nytt
