"""Beslutningen: permit eller deny per dokument, regelen som avgjorde, og forpliktelsene.

En beslutning krever svar 200 (over HTTP også); `avvises` krever 400 og feltet som var feil.
"Beslutningen" uten dokument betyr forespørselens eneste dokument.
"""

from __future__ import annotations

from typing import Any

from pytest_bdd import parsers, then

from scenarios.steps.foresporsel import Svar


def _resultat(svar: Svar, dokument: str | None = None) -> dict[str, Any]:
    assert svar.status == 200, f"ventet en beslutning (200), fikk {svar.status}: {svar.innhold}"
    resultater = svar.innhold["results"]
    if dokument is None:
        assert len(resultater) == 1, "flere dokumenter: si hvilket («for dokumentet …»)"
        return resultater[0]
    treff = [r for r in resultater if r["document"] == dokument]
    assert treff, f"svaret har ikke dokumentet {dokument}: {resultater}"
    return treff[0]


def _regler(resultat: dict[str, Any]) -> list[str]:
    return [grunn["rule"] for grunn in resultat["reasons"]]


def _forpliktelser(resultat: dict[str, Any]) -> list[str]:
    return [f["id"] for f in resultat["obligations"]]


@then(parsers.parse('er beslutningen "{effekt:w}"'))
def beslutningen_er(svar: Svar, effekt: str) -> None:
    resultat = _resultat(svar)
    assert resultat["decision"] == effekt, f"beslutningen ble {resultat['decision']}: {resultat}"


@then(parsers.parse('er beslutningen "{effekt:w}" for dokumentet "{dokument}"'))
@then(parsers.parse('beslutningen er "{effekt:w}" for dokumentet "{dokument}"'))
def beslutningen_for_dokumentet_er(svar: Svar, effekt: str, dokument: str) -> None:
    resultat = _resultat(svar, dokument)
    assert resultat["decision"] == effekt, f"{dokument} ble {resultat['decision']}: {resultat}"


@then(parsers.parse('beslutningen er begrunnet med regelen "{regel:w}"'))
def begrunnet_med(svar: Svar, regel: str) -> None:
    resultat = _resultat(svar)
    assert regel in _regler(resultat), f"begrunnet med {_regler(resultat)}, ikke {regel}"


@then(parsers.parse('regelen "{regel:w}" er ikke blant grunnene'))
def ikke_blant_grunnene(svar: Svar, regel: str) -> None:
    """Regelen avgjorde ikke: den står ikke blant grunnene (og beslutningen har grunner)."""
    regler = _regler(_resultat(svar))
    assert regler, "beslutningen har ingen grunner"
    assert regel not in regler, f"begrunnet med {regler}, også {regel}"


@then(
    parsers.parse('beslutningen for dokumentet "{dokument}" er begrunnet med regelen "{regel:w}"')
)
def dokumentet_begrunnet_med(svar: Svar, dokument: str, regel: str) -> None:
    resultat = _resultat(svar, dokument)
    assert regel in _regler(resultat), (
        f"{dokument}: begrunnet med {_regler(resultat)}, ikke {regel}"
    )


@then(parsers.parse('beslutningen har forpliktelsen "{forpliktelse:w}"'))
def har_forpliktelsen(svar: Svar, forpliktelse: str) -> None:
    forpliktelser = _forpliktelser(_resultat(svar))
    assert forpliktelse in forpliktelser, f"forpliktelsene er {forpliktelser}"


@then(parsers.parse('beslutningen har ikke forpliktelsen "{forpliktelse:w}"'))
def har_ikke_forpliktelsen(svar: Svar, forpliktelse: str) -> None:
    forpliktelser = _forpliktelser(_resultat(svar))
    assert forpliktelse not in forpliktelser, f"forpliktelsene er {forpliktelser}"


@then("beslutningen har ingen forpliktelser")
def har_ingen_forpliktelser(svar: Svar) -> None:
    assert _forpliktelser(_resultat(svar)) == []


@then(parsers.parse('avvises forespørselen med status {status:d} for feltet "{felt}"'))
def avvises(svar: Svar, status: int, felt: str) -> None:
    assert svar.status == status, f"ventet {status}, fikk {svar.status}: {svar.innhold}"
    assert svar.innhold.get("field") == felt, f"feltet er {svar.innhold.get('field')!r}"


@then(parsers.parse("antallet skjulte dokumenter er {antall:d}"))
def antallet_skjulte(svar: Svar, antall: int) -> None:
    """`hidden_count`: dokumenter listen ikke viser fordi de er sperret (NORS, R11)."""
    assert svar.status == 200, f"ventet en beslutning (200), fikk {svar.status}: {svar.innhold}"
    assert svar.innhold["hidden_count"] == antall, f"hidden_count er {svar.innhold['hidden_count']}"
