"""R1: sikker identifisering av helsepersonellet."""

from pytest_bdd import scenarios

scenarios("identitet")
