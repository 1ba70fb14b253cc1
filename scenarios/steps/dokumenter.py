"""Dokumenter: metadata for journaldokumentene forespørselen gjelder (klasse, kilde, tid)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pytest_bdd import given

from scenarios.steps.typer import steg

Dokument = dict[str, Any]


@pytest.fixture
def dokumenter() -> list[Dokument]:
    """Dokumentene forespørselen gjelder, i rekkefølge; scenarioet nevner hvert av dem."""
    return []


def _nytt(
    dokumenter: list[Dokument], id_: str, klasse: str, kilde: str, **tid: str
) -> list[Dokument]:
    assert all(d["id"] != id_ for d in dokumenter), f"dokumentet {id_} finnes allerede"
    dokument = {"id": id_, "source": kilde, "class_code": klasse, "confidentiality": ["N"]}
    return [*dokumenter, dokument | tid]


@given(
    steg('et dokument "{id_}" av klasse "{klasse}" fra {kilde:Virksomhet}, opprettet {tid:Tid}'),
    target_fixture="dokumenter",
)
def dokument_opprettet(
    dokumenter: list[Dokument], id_: str, klasse: str, kilde: str, tid: str
) -> list[Dokument]:
    return _nytt(dokumenter, id_, klasse, kilde, created=tid)


@given(
    steg(
        'et dokument "{id_}" av type "{type_}" i klasse "{klasse}" fra {kilde:Virksomhet}, '
        "opprettet {tid:Tid}"
    ),
    target_fixture="dokumenter",
)
def dokument_av_type(
    dokumenter: list[Dokument], id_: str, klasse: str, type_: str, kilde: str, tid: str
) -> list[Dokument]:
    """Et dokument med dokumenttype (Volven 9602 typeCode), R5."""
    *andre, nytt = _nytt(dokumenter, id_, klasse, kilde, created=tid)
    return [*andre, nytt | {"type_code": type_}]


@given(
    steg(
        'et dokument "{id_}" av klasse "{klasse}" fra {kilde:Virksomhet}, '
        "med tjenestetidspunkt {tid:Tid}"
    ),
    target_fixture="dokumenter",
)
def dokument_med_tjenestetidspunkt(
    dokumenter: list[Dokument], id_: str, klasse: str, kilde: str, tid: str
) -> list[Dokument]:
    return _nytt(dokumenter, id_, klasse, kilde, service_time=tid)


@given(
    steg('et dokument "{id_}" av klasse "{klasse}" fra {kilde:Virksomhet}, uten dato'),
    target_fixture="dokumenter",
)
def dokument_uten_dato(
    dokumenter: list[Dokument], id_: str, klasse: str, kilde: str
) -> list[Dokument]:
    return _nytt(dokumenter, id_, klasse, kilde)


def _endret(dokumenter: list[Dokument], id_: str, **felter: Any) -> list[Dokument]:
    nye = copy.deepcopy(dokumenter)
    treff = [d for d in nye if d["id"] == id_]
    assert treff, f"dokumentet {id_} er ikke nevnt i scenarioet"
    treff[0].update(felter)
    return nye


@given(steg('dokumentet "{id_}" har tjenestetidspunkt {tid:Tid}'), target_fixture="dokumenter")
def dokumentet_har_tjenestetidspunkt(
    dokumenter: list[Dokument], id_: str, tid: str
) -> list[Dokument]:
    return _endret(dokumenter, id_, service_time=tid)


@given(steg('dokumentet "{id_}" har konfidensialiteten "{kode}"'), target_fixture="dokumenter")
def dokumentet_har_konfidensialiteten(
    dokumenter: list[Dokument], id_: str, kode: str
) -> list[Dokument]:
    """Kildens konfidensialitetskode (Volven 9603): `N`, `NORS` sperret, `NORU`, `NORN_*`."""
    return _endret(dokumenter, id_, confidentiality=[kode])
