"""R8: tjenstlig behov og omsorgsrelasjon."""

from pytest_bdd import scenarios

scenarios("tjenstlig_behov")
