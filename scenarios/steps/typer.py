"""Ordforrådet i stegene: virksomheter ved navn, perioder og tidspunkter, som parse-typer."""

from __future__ import annotations

import re

import parse
from pytest_bdd import parsers

from tests import people

VIRKSOMHETER = {
    "Oslo universitetssykehus": people.OUS,
    "Fagersta Testlegekontor": people.FAGERSTA,
    "Oslo kommune helseetaten": people.OSLO_KOMMUNE,
    "Betanien Hospital": people.BETANIEN,
    "Helse Bergen": people.BERGEN,
    "Nordlandssykehuset": people.NORDLANDSSYKEHUSET,
    "SRC-A": people.SRC_A,
    "Ukjent Klinikk AS": people.UNREGISTERED,  # finnes ikke i registeret
}


def navn(orgnr: str) -> str:
    """Virksomhetens navn i scenarioene (organisasjonsnummeret når den ikke har et)."""
    return next((n for n, nr in VIRKSOMHETER.items() if nr == orgnr), orgnr)


@parse.with_pattern("|".join(map(re.escape, VIRKSOMHETER)) + r"|\d{9}")
def _virksomhet(tekst: str) -> str:
    """Et navn fra VIRKSOMHETER eller et organisasjonsnummer, som organisasjonsnummer."""
    return VIRKSOMHETER.get(tekst, tekst)


@parse.with_pattern(r"fra \d{4}-\d{2}-\d{2}(?: til \d{4}-\d{2}-\d{2})?")
def _periode(tekst: str) -> tuple[str, str | None]:
    """`fra 2024-01-01` (åpen) eller `fra 2024-01-01 til 2026-11-26` (`til` er eksklusiv)."""
    fra, _, til = tekst.removeprefix("fra ").partition(" til ")
    return fra, til or None


@parse.with_pattern(r"\d{4}-\d{2}-\d{2}(?:T\S+)?")
def _tid(tekst: str) -> str:
    """En dato (en norsk kalenderdato: fra midnatt i Oslo, R30) eller et tidspunkt med tidssone,
    slik kilden oppgir det."""
    assert "T" not in tekst or re.search(r"(Z|[+-]\d\d:\d\d)$", tekst), f"{tekst} mangler tidssone"
    return tekst


TYPER = {"Virksomhet": _virksomhet, "Periode": _periode, "Tid": _tid}


def steg(tekst: str) -> parsers.parse:
    """En stegtekst som kan bruke typene {…:Virksomhet}, {…:Periode} og {…:Tid}."""
    return parsers.parse(tekst, extra_types=TYPER)
