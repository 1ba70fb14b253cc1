"""R9: fastleger i innføringsfasen."""

from pytest_bdd import scenarios

scenarios("fastlege")
