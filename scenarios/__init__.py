"""The Gherkin specification of the PJD rules (pytest-bdd); see scenarios/conftest.py."""
