"""R7: helsepersonellets rolle."""

from pytest_bdd import scenarios

scenarios("roller")
