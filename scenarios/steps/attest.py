"""Attesten: endringer av innholdet i regelbokens attest (R1, R7, R8, R23–R25).

Hvert steg lager en endret kopi; stegene bruker v1.1-navnene (`care_relation`, `hpr_nr`), men
finner omsorgsrelasjonen også under produksjons- og v1.0-navnet.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from pytest_bdd import given, parsers

FNR = "urn:oid:2.16.578.1.12.4.1.4.1"
FORMAAL = "urn:oid:2.16.840.1.113883.1.11.20448"
AUTORISASJON = "urn:oid:2.16.578.1.12.4.1.1.9060"
Attest = dict[str, Any]
Endring = Callable[[Attest, Attest, Attest], None]  # (attest, practitioner, omsorgsrelasjon)


def _endre(attest: Attest | str, endring: Endring) -> Attest:
    assert isinstance(attest, dict), "attesten er tekst, ikke et JSON-objekt, og kan ikke endres"
    ny = copy.deepcopy(attest)
    navn = next(
        (n for n in ("care_relation", "care_relationship", "care-relationship") if n in ny),
        "care_relation",
    )
    endring(ny, ny.setdefault("practitioner", {}), ny.setdefault(navn, {}))
    return ny


def _attest(tekst: str) -> Any:
    """Et steg som endrer attesten og gir den endrede videre."""
    return given(parsers.parse(tekst), target_fixture="attest")


@_attest('attesten har formålet "{kode}"')
def formaalet(attest: Attest, kode: str) -> Attest:
    verdi = {"code": kode, "system": FORMAAL}
    return _endre(attest, lambda a, p, r: r.update(purpose_of_use=verdi))


@_attest("attesten har ikke formål")
def uten_formaal(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: r.pop("purpose_of_use", None))


@_attest('attesten har autorisasjonen "{kode}"')
def autorisasjonen(attest: Attest, kode: str) -> Attest:
    verdi = {"code": kode, "system": AUTORISASJON}
    return _endre(attest, lambda a, p, r: p.update(authorization=verdi))


@_attest("attesten har ingen autorisasjon")
def uten_autorisasjon(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: p.pop("authorization", None))


@_attest("attesten har verken helsetjenestetype eller detaljert formål")
def verken_tjenestetype_eller_detaljer(attest: Attest) -> Attest:
    def endring(a: Attest, p: Attest, r: Attest) -> None:
        r.pop("healthcare_service", None)
        r.pop("purpose_of_use_details", None)

    return _endre(attest, endring)


@_attest("attesten har helsetjenestetype, men ikke detaljert formål")
def bare_tjenestetype(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: r.pop("purpose_of_use_details", None))


@_attest("attesten har detaljert formål, men ikke helsetjenestetype")
def bare_formaalsdetaljer(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: r.pop("healthcare_service", None))


@_attest('attesten har beslutningsreferansen "{ref}"')
def beslutningsreferansen(attest: Attest, ref: str) -> Attest:
    def endring(a: Attest, p: Attest, r: Attest) -> None:
        r["decision_ref"] = {"user_selected": False, **r.get("decision_ref", {}), "id": ref}

    return _endre(attest, endring)


@_attest("attesten har en beslutningsreferanse på {antall:d} tegn")
def beslutningsreferanse_paa(attest: Attest, antall: int) -> Attest:
    return beslutningsreferansen(attest, "a" * antall)


@_attest("attesten har ingen beslutningsreferanse")
def uten_beslutningsreferanse(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: r.pop("decision_ref", None))


@_attest("legen har gitt seg selv tilgang (user_selected)")
def selvvalgt(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: r["decision_ref"].update(user_selected=True))


@_attest("legen har ikke gitt seg selv tilgang (user_selected er false)")
def ikke_selvvalgt(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: r["decision_ref"].update(user_selected=False))


@_attest('attesten gjelder pasienten "{pasient}"')
def gjelder_pasienten(attest: Attest, pasient: str) -> Attest:
    verdi = [{"identifier": {"id": pasient, "system": FNR}}]
    return _endre(attest, lambda a, p, r: a.update(patients=verdi))


@_attest("attesten gjelder ingen pasient")
def gjelder_ingen_pasient(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: a.update(patients=[]))


@_attest('attesten oppgir personen "{pid}"')
def oppgir_personen(attest: Attest, pid: str) -> Attest:
    return _endre(attest, lambda a, p, r: p["identifier"].update(id=pid))


@_attest("attesten oppgir ingen person")
def oppgir_ingen_person(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: p.pop("identifier", None))


@_attest('attesten identifiserer personen i systemet "{system}"')
def personens_system(attest: Attest, system: str) -> Attest:
    return _endre(attest, lambda a, p, r: p["identifier"].update(system=system))


@_attest('attesten oppgir HPR-nummeret "{hpr}"')
def oppgir_hpr(attest: Attest, hpr: str) -> Attest:
    return _endre(attest, lambda a, p, r: p["hpr_nr"].update(id=hpr))


@_attest("attesten oppgir ikke HPR-nummer")
def oppgir_ikke_hpr(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: p.pop("hpr_nr", None))


@_attest("attesten oppgir ikke behandlingssted")
def oppgir_ikke_behandlingssted(attest: Attest) -> Attest:
    return _endre(attest, lambda a, p, r: p.pop("point_of_care", None))
