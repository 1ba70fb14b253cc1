"""R23 og R25: attestens gyldighet og binding til pasienten, og navneformene."""

from pytest_bdd import scenarios

scenarios("attest")
