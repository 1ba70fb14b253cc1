"""R21 og R24: forpliktelsene logg og etterkontroll."""

from pytest_bdd import scenarios

scenarios("forpliktelser")
