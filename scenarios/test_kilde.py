"""R3 og R4: kildens deling, og dokumentlisten og åpningen som to beslutninger."""

from pytest_bdd import scenarios

scenarios("kilde")
