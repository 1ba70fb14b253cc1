"""Innbyggere: den som er innlogget på helsenorge, alder, sikkerhetsnivå og representasjon.

Innbyggeren er helsenorges verifiserte påstander, slik PJD-endepunktet tar dem imot i `citizen`:
fødselsnummer, sikkerhetsnivå (standard 4), alder, og hvem innbyggeren handler for (ACP
2.16.578.1.12.4.1.7.2.1.N med den representertes alder; uten representasjon: seg selv).
Når-stegene sender den samme kroppen som helsenorge, med stien `helsenorge`, gjennom
`spor` i steps/foresporsel.py: i prosessen, eller over HTTP når eksempelet er merket `@http`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from pytest_bdd import given, parsers, when

from api.runtime import Runtime
from scenarios.steps.foresporsel import Svar, spor
from scenarios.steps.typer import steg
from scenarios.steps.virksomheter import Register, kilden_gir_tilgang

Innbygger = dict[str, Any]
ACP = "2.16.578.1.12.4.1.7.2.1"  # representasjonskodene (kodeverk.representasjon)


@pytest.fixture
def innbygger() -> Innbygger | None:
    """Innbyggeren som er innlogget på helsenorge; None til et steg har sagt hvem det er."""
    return None


def _innbygger(innbygger: Innbygger | None) -> Innbygger:
    assert innbygger is not None, "scenarioet har ikke sagt hvilken innbygger som er innlogget"
    return dict(innbygger)


@given(
    parsers.parse("pasienten er innlogget på helsenorge og er {alder:d} år"),
    target_fixture="innbygger",
)
def pasienten_er_innlogget(pasient: str, alder: int) -> Innbygger:
    """R16: pasienten selv, på sikkerhetsnivå 4, uten representasjon."""
    return {"pid": pasient, "security_level": "4", "age": alder}


@given(
    parsers.parse('innbyggeren "{pid}" er innlogget på helsenorge og er {alder:d} år'),
    target_fixture="innbygger",
)
def innbyggeren_er_innlogget(pid: str, alder: int) -> Innbygger:
    """En annen innbygger enn pasienten, på sikkerhetsnivå 4, uten representasjon."""
    return {"pid": pid, "security_level": "4", "age": alder}


@given(
    parsers.parse('innbyggeren er innlogget på sikkerhetsnivå "{nivaa}"'),
    target_fixture="innbygger",
)
def innbyggeren_paa_nivaa(innbygger: Innbygger | None, nivaa: str) -> Innbygger:
    return _innbygger(innbygger) | {"security_level": nivaa}


@given("innbyggeren handler for seg selv", target_fixture="innbygger")
def handler_for_seg_selv(innbygger: Innbygger | None) -> Innbygger:
    """Representasjonen `.0` sagt uttrykkelig (uten den er innbyggeren også seg selv)."""
    return _innbygger(innbygger) | {"representation": {"acp": f"{ACP}.0"}}


def _representerer(innbygger: Innbygger | None, kode: str, alder: int) -> Innbygger:
    """Innbyggeren handler for pasienten (ACP-kodens siste siffer), som er `alder` år."""
    representasjon = {"acp": f"{ACP}.{kode}", "age": alder}
    return _innbygger(innbygger) | {"representation": representasjon}


@given(
    parsers.parse("innbyggeren er forelder til pasienten, som er {alder:d} år"),
    target_fixture="innbygger",
)
def forelder_til(innbygger: Innbygger | None, alder: int) -> Innbygger:
    """R19: `.1`, forelder til et barn (under 12 år)."""
    return _representerer(innbygger, "1", alder)


@given(
    parsers.parse("innbyggeren har fullmakt fra pasienten, som er {alder:d} år"),
    target_fixture="innbygger",
)
def fullmakt_fra(innbygger: Innbygger | None, alder: int) -> Innbygger:
    """R20: `.2`, fullmakt."""
    return _representerer(innbygger, "2", alder)


@given(
    parsers.parse(
        "innbyggeren representerer pasienten, som er {alder:d} år og ikke kan samtykke selv"
    ),
    target_fixture="innbygger",
)
def representerer(innbygger: Innbygger | None, alder: int) -> Innbygger:
    """R20: `.3`, representant for en som ikke kan samtykke."""
    return _representerer(innbygger, "3", alder)


@given(
    parsers.parse('representasjonen gjelder en annen person, "{fnr}"'), target_fixture="innbygger"
)
def representasjon_for_annen(innbygger: Innbygger | None, fnr: str) -> Innbygger:
    """Helsenorge har bekreftet representasjonen for en annen person enn pasienten."""
    borger = _innbygger(innbygger)
    return borger | {"representation": {**borger["representation"], "pid": fnr}}


def med_representert(borger: Innbygger, pasient: str) -> Innbygger:
    """Representasjonen uten person gjelder `pasient`."""
    representasjon = borger.get("representation")
    if not representasjon or "pid" in representasjon or representasjon["acp"].endswith(".0"):
        return borger
    return borger | {"representation": {**representasjon, "pid": pasient}}


@given(steg("kilden {kilde:Virksomhet} deler med innbyggere"), target_fixture="registry")
def kilden_deler_med_innbyggere(registry: Register, kilde: str) -> Register:
    """R16: kategorien `innbygger` får både dokumentlisten og dokumentene hos kilden."""
    return kilden_gir_tilgang(registry, kilde, "innbygger", "dokumentlisten og dokumentene")


@pytest.fixture
def innbyggerforesporsel(
    tidspunkt: datetime,
    innbygger: Innbygger | None,
    pasient: str,
    dokumenter: list[dict[str, Any]],
) -> dict[str, Any]:
    """JSON-kroppen fra helsenorge uten `action`: `citizen` i stedet for identitet og attest.

    En representasjon uten oppgitt person gjelder pasienten det spørres om.
    """
    return {
        "path": "helsenorge",
        "patient": pasient,
        "citizen": med_representert(_innbygger(innbygger), pasient),
        "documents": dokumenter,
        "at": tidspunkt.isoformat().replace("+00:00", "Z"),
    }


@when("innbyggeren ber om dokumentlisten", target_fixture="svar")
def innbyggeren_ber_om_dokumentlisten(
    request: pytest.FixtureRequest, runtime: Runtime, innbyggerforesporsel: dict[str, Any]
) -> Svar:
    return spor(request, runtime, {"action": "list", **innbyggerforesporsel})


@when("innbyggeren åpner dokumentet", target_fixture="svar")
def innbyggeren_aapner_dokumentet(
    request: pytest.FixtureRequest, runtime: Runtime, innbyggerforesporsel: dict[str, Any]
) -> Svar:
    return spor(request, runtime, {"action": "read", **innbyggerforesporsel})
