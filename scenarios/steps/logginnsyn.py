"""Innsyn i loggen (R21, R22): hvem som har sett pasientens dokumenter, slik innbyggeren ser det.

Legen åpner dokumentet gjennom det samme PJD-kallet som ellers (`spor` i steps/foresporsel.py),
og tjenesten logger tilgangen. Innbyggeren leser loggen med `GET
/v1/patients/{pasient}/access-log` i FastAPI-appen, med de verifiserte påstandene i
`X-Citizen` (det samme JSON-objektet som `citizen`); svaret er 200 med oppføringene eller 403
med reglene som avslo. Tjenesten avgjør innsynet (`view_log`) på sin egen klokke og logger
avgjørelsen med reglene som avgjorde den; derfra leses regelen også når innsynet innvilges.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from sqlmodel import Session

from api.access_log.store import for_patient
from api.main import create_app
from api.runtime import Runtime
from scenarios.steps.foresporsel import Svar, spor
from scenarios.steps.innbyggere import Innbygger, med_representert
from tests.clients import api_client
from tests.tokens import citizen_headers


@given("legen har åpnet dokumentet")
def legen_har_aapnet_dokumentet(
    request: pytest.FixtureRequest, runtime: Runtime, foresporsel: dict[str, Any]
) -> None:
    """Legen åpner scenarioets dokument og får tilgang; tjenesten har da logget tilgangen."""
    svar = spor(request, runtime, {"action": "read", **foresporsel})
    assert svar.status == 200, f"legen fikk {svar.status}: {svar.innhold}"
    beslutninger = [r["decision"] for r in svar.innhold["results"]]
    assert beslutninger == ["permit"], f"legen fikk ikke åpne dokumentet: {svar.innhold}"


@when(
    "innbyggeren leser loggen over hvem som har sett pasientens dokumenter", target_fixture="logg"
)
def innbyggeren_leser_loggen(runtime: Runtime, pasient: str, innbygger: Innbygger | None) -> Svar:
    assert innbygger is not None, "scenarioet har ikke sagt hvilken innbygger som er innlogget"
    hode = citizen_headers(dict(med_representert(innbygger, pasient)))
    with api_client(create_app(runtime=runtime)) as klient:
        svar = klient.get(f"/v1/patients/{pasient}/access-log", headers=hode)
    assert svar.status_code in (200, 403), f"loggen svarte {svar.status_code}: {svar.text}"
    return Svar(svar.status_code, svar.json())


@then(parsers.parse('er beslutningen "{effekt:w}" for innsynet i loggen'))
def beslutningen_for_innsynet(logg: Svar, effekt: str) -> None:
    """`permit`: svar 200 med loggen; `deny`: svar 403 som sier at innsynet er avslått."""
    if effekt == "permit":
        assert logg.status == 200, f"innsynet ble avslått ({logg.status}): {logg.innhold}"
    else:
        assert logg.status == 403, f"ventet avslag (403), fikk {logg.status}: {logg.innhold}"
        assert logg.innhold["decision"] == "deny", f"svaret er {logg.innhold}"


@then(parsers.parse('innsynet i loggen er begrunnet med regelen "{regel:w}"'))
def innsynet_begrunnet_med(runtime: Runtime, pasient: str, logg: Svar, regel: str) -> None:
    """Regelen står i avgjørelsen tjenesten logget (og i 403-svaret, når innsynet ble avslått)."""
    with Session(runtime.db) as session:
        innsyn = [r for r in for_patient(session, pasient) if r.action == "view_log"]
    assert innsyn, "tjenesten har ikke logget avgjørelsen om innsyn i loggen"
    logget = json.loads(innsyn[0].rules)
    assert regel in logget, f"innsynet er logget med reglene {logget}, ikke {regel}"
    if logg.status == 403:
        avslag = [grunn["rule"] for grunn in logg.innhold["reasons"]]
        assert regel in avslag, f"avslaget er begrunnet med {avslag}, ikke {regel}"


def _oppforinger(logg: Svar) -> list[dict[str, Any]]:
    assert logg.status == 200, f"ventet loggen (200), fikk {logg.status}: {logg.innhold}"
    return list(logg.innhold["entries"])


@then(
    parsers.parse(
        'loggen viser at "{navn}" ved "{virksomhet}" åpnet dokumentet "{dokument}" '
        "oppgitt til tidspunktet {tid}"
    )
)
def loggen_viser(logg: Svar, navn: str, virksomhet: str, dokument: str, tid: str) -> None:
    """En oppføring med helsepersonellets navn og virksomhet, handlingen, dokumentet og det
    tidspunktet beslutningen gjaldt (`decided_at`, her det oppgitte: tidspunktene er betrodd i
    scenarioene, R26); `time` er tjenestens klokke da tilgangen skjedde."""
    treff = [
        o
        for o in _oppforinger(logg)
        if (o["health_worker"], o["organisation"], o["action"], o["document"])
        == (navn, virksomhet, "read", dokument)
    ]
    assert treff, f"ingen oppføring om at {navn} ved {virksomhet} åpnet {dokument}: {logg.innhold}"
    oppgitt = treff[0]["decided_at"].replace("+00:00", "Z")
    assert oppgitt == tid, f"oppføringen er oppgitt til {oppgitt}"
    assert datetime.fromisoformat(treff[0]["time"]).utcoffset() is not None  # tjenestens klokke


@then(parsers.parse('loggen viser ikke helsepersonellets {hva} "{verdi}"'))
def loggen_viser_ikke(logg: Svar, hva: str, verdi: str) -> None:
    """Helsepersonellets fødselsnummer og HPR-nummer står ikke noe sted i svaret (R22)."""
    _oppforinger(logg)
    assert verdi not in json.dumps(logg.innhold), f"loggen viser {hva} {verdi}: {logg.innhold}"
