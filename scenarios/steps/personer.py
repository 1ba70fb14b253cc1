"""Personer: det folkeregisteret sier om pasienten og innbyggeren (R34).

Opplysningene står i registerets `persons` (adressebeskyttelse og dødsdato) og lastes inn med
resten av registeret (steps/virksomheter.py). Adressebeskyttelsen er `fortrolig` eller
`strengt_fortrolig`; dødsdatoen er en kalenderdato.
"""

from __future__ import annotations

import copy
from typing import Any

from pytest_bdd import given, parsers

from scenarios.steps.innbyggere import Innbygger
from scenarios.steps.virksomheter import Register

GRADER = {"fortrolig": "fortrolig", "strengt fortrolig": "strengt_fortrolig"}


def _med_person(registry: Register, pid: str, **opplysninger: Any) -> Register:
    """Registeret med folkeregisterets opplysninger om `pid` lagt til (eller endret)."""
    nytt = copy.deepcopy(registry)
    personer = nytt.setdefault("persons", [])
    for person in personer:
        if person["pid"] == pid:
            person.update(opplysninger)
            return nytt
    personer.append({"pid": pid, "address_protection": None, "deceased_on": None} | opplysninger)
    return nytt


def _grad(grad: str) -> str:
    assert grad in GRADER, f"ukjent adressebeskyttelse {grad!r}; bruk en av {sorted(GRADER)}"
    return GRADER[grad]


@given(
    parsers.parse("folkeregisteret oppgir at pasienten har {grad} adresse"),
    target_fixture="registry",
)
def pasienten_har_adressebeskyttelse(registry: Register, pasient: str, grad: str) -> Register:
    return _med_person(registry, pasient, address_protection=_grad(grad))


@given(
    parsers.parse("folkeregisteret oppgir at innbyggeren har {grad} adresse"),
    target_fixture="registry",
)
def innbyggeren_har_adressebeskyttelse(
    registry: Register, innbygger: Innbygger | None, grad: str
) -> Register:
    assert innbygger is not None, "scenarioet har ikke sagt hvilken innbygger som er innlogget"
    return _med_person(registry, innbygger["pid"], address_protection=_grad(grad))


@given(parsers.parse("folkeregisteret oppgir at pasienten døde {dato}"), target_fixture="registry")
def pasienten_doede(registry: Register, pasient: str, dato: str) -> Register:
    return _med_person(registry, pasient, deceased_on=dato)
