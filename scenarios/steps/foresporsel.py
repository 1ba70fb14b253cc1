"""Forespørselen: sti, tilgangsgrunnlag og pasient, og det ene Når-steget som spør tjenesten.

Når-steget bygger den samme JSON-kroppen som PJD-endepunktet tar imot og kaller
`api.pjd.service.decide` i prosessen; eksempler merket `@http` sender den i stedet til
`POST /v1/pjd/decisions` i FastAPI-appen. Svaret er det samme i begge tilfeller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from pydantic import ValidationError
from pytest_bdd import given, parsers, when

from api.errors import field_path
from api.main import create_app
from api.pjd.schemas import PjdDecisionIn
from api.pjd.service import decide
from api.runtime import Runtime
from engine import RequestError
from engine.pjd import AttestationError
from tests.clients import api_client
from tests.people import PATIENT

ENDEPUNKT = "/v1/pjd/decisions"


@dataclass(frozen=True)
class Svar:
    """Tjenestens svar: HTTP-status og JSON-innhold (i prosessen: 200, eller 400 ved feil)."""

    status: int
    innhold: dict[str, Any]


@pytest.fixture
def sti() -> str:
    """Stien dokumentlisten hentes etter; standard er kildens egen (hpl45)."""
    return "hpl45"


@pytest.fixture
def tilgangsgrunnlag() -> str | None:
    return None


@pytest.fixture
def pasient() -> str:
    """Pasienten det spørres om: tillitsrammeverkets testpasient."""
    return PATIENT


@given("dokumentlisten hentes fra kjernejournal", target_fixture="sti")
def fra_kjernejournal() -> str:
    return "kjernejournalforskriften"


@given("dokumentlisten hentes fra kilden etter helsepersonelloven § 45", target_fixture="sti")
def fra_kilden() -> str:
    return "hpl45"


@pytest.fixture
def aapner_sperret() -> bool | None:
    """`opens_locked`: ikke oppgitt med mindre et steg sier det (R32)."""
    return None


@given(
    "legen har bekreftet at pasienten samtykker til å åpne den sperrede kjernejournalen",
    target_fixture="aapner_sperret",
)
def bekreftet_aapning() -> bool:
    return True


@given("forespørselen oppgir ingen sti", target_fixture="sti")
def uten_sti() -> None:
    """Ingen `path` i kroppen: tjenesten har ingen standardsti (R28)."""
    return None


@given(parsers.parse('tilgangsgrunnlaget er "{grunnlag}"'), target_fixture="tilgangsgrunnlag")
def tilgangsgrunnlaget_er(grunnlag: str) -> str:
    return grunnlag


@given(parsers.parse('forespørselen gjelder pasienten "{fnr}"'), target_fixture="pasient")
def forespoerselen_gjelder(fnr: str) -> str:
    return fnr


@pytest.fixture
def foresporsel(
    tidspunkt: datetime,
    attest: dict[str, Any] | str,
    attest_alder: int | None,
    identitet: dict[str, Any],
    sti: str | None,
    tilgangsgrunnlag: str | None,
    aapner_sperret: bool | None,
    pasient: str,
    dokumenter: list[dict[str, Any]],
) -> dict[str, Any]:
    """JSON-kroppen uten `action`, bygd av det Gitt-stegene har sagt (eller standardverdiene)."""
    if isinstance(attest, dict) and attest_alder is not None:
        attest = attest | {"toa": int(tidspunkt.timestamp()) - attest_alder}
    return {
        "path": sti,
        "access_basis": tilgangsgrunnlag,
        "opens_locked": aapner_sperret,
        "patient": pasient,
        "identity": identitet,
        "attestation": attest,
        "documents": dokumenter,
        "at": tidspunkt.isoformat().replace("+00:00", "Z"),
    }


def _i_prosessen(runtime: Runtime, kropp: dict[str, Any]) -> Svar:
    """Kall tjenestefunksjonen med tidspunktet som tjenestens klokke (R26); feil i
    forespørselen blir 400 slik api/errors.py gjør dem."""
    try:
        body = PjdDecisionIn.model_validate(kropp)
        svar = decide(runtime, body, body.at)
    except ValidationError as exc:
        feil = exc.errors()[0]
        return Svar(400, {"field": field_path(tuple(feil["loc"])), "message": feil["msg"]})
    except (AttestationError, RequestError) as exc:
        return Svar(400, {"field": exc.field, "message": exc.message})
    return Svar(200, svar.model_dump(mode="json"))


def _over_http(runtime: Runtime, kropp: dict[str, Any]) -> Svar:
    with api_client(create_app(runtime=runtime)) as klient:
        svar = klient.post(ENDEPUNKT, json=kropp)
    assert svar.status_code in (200, 400), f"{ENDEPUNKT} svarte {svar.status_code}: {svar.text}"
    return Svar(svar.status_code, svar.json())


def spor(request: pytest.FixtureRequest, runtime: Runtime, kropp: dict[str, Any]) -> Svar:
    """Send kroppen til tjenesten: over HTTP i eksempler merket `@http`, ellers i prosessen."""
    assert kropp["documents"], "scenarioet nevner ingen dokumenter"
    if request.node.get_closest_marker("http"):
        return _over_http(runtime, kropp)
    return _i_prosessen(runtime, kropp)


@when("legen ber om dokumentlisten", target_fixture="svar")
def ber_om_dokumentlisten(
    request: pytest.FixtureRequest, runtime: Runtime, foresporsel: dict[str, Any]
) -> Svar:
    return spor(request, runtime, {"action": "list", **foresporsel})


@when("legen åpner dokumentet", target_fixture="svar")
def aapner_dokumentet(
    request: pytest.FixtureRequest, runtime: Runtime, foresporsel: dict[str, Any]
) -> Svar:
    return spor(request, runtime, {"action": "read", **foresporsel})
