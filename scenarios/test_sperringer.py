"""R10–R15: pasientens sperreregler, sperrede dokumenter, reservasjon, sperring, blokkering og
nødtilgang."""

from pytest_bdd import scenarios

scenarios("sperringer")
