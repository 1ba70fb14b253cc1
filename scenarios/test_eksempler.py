"""Regelbokens gjennomregnede eksempler (domain/rules.md)."""

from pytest_bdd import scenarios

scenarios("eksempler")
