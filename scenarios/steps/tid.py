"""Tid: tidspunktet beslutningen gjelder, og hvor gammel attesten er på det tidspunktet (R23)."""

from __future__ import annotations

from datetime import datetime

import pytest
from pytest_bdd import given, parsers

REGELBOKENS_ATTESTALDER = 300  # rules.md: BASE har `toa` = at − 300


@pytest.fixture
def attest_alder() -> int | None:
    """Sekunder fra attesten ble utstedt (`toa`) til tidspunktet; None: attesten har ingen `toa`."""
    return REGELBOKENS_ATTESTALDER


@given(parsers.parse("tidspunktet er {tidspunkt}"), target_fixture="tidspunkt")
def tidspunktet_er(tidspunkt: str) -> datetime:
    """Tidspunktet beslutningen gjelder (`at`); alltid med tidssone."""
    moment = datetime.fromisoformat(tidspunkt)
    assert moment.tzinfo is not None, f"tidspunktet {tidspunkt} mangler tidssone (Z eller ±hh:mm)"
    return moment


@given(
    parsers.parse("attesten ble utstedt {sekunder:d} sekunder før tidspunktet"),
    target_fixture="attest_alder",
)
def attesten_ble_utstedt(sekunder: int) -> int:
    return sekunder


@given(
    parsers.parse("attesten ble utstedt {sekunder:d} sekunder etter tidspunktet"),
    target_fixture="attest_alder",
)
def attesten_ble_utstedt_etter(sekunder: int) -> int:
    return -sekunder


@given(
    parsers.parse("attestens utstedelsestidspunkt (toa) er {toa:d}"),
    target_fixture="attest_alder",
)
def attestens_toa_er(tidspunkt: datetime, toa: int) -> int:
    """Et bestemt `toa` (sekunder siden 1970), også ved endene av tallområdet."""
    return int(tidspunkt.timestamp()) - toa


@given("attesten har ikke utstedelsestidspunkt (toa)", target_fixture="attest_alder")
def attesten_uten_toa() -> None:
    return None
