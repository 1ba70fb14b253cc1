"""R4: reglene som gir tilgang, og dokumentlisten og åpningen som to beslutninger."""

from pytest_bdd import scenarios

scenarios("tilgangsgrunnlag")
