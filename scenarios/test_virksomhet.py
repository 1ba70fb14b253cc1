"""R2: konsumentvirksomheten er registrert og aktiv."""

from pytest_bdd import scenarios

scenarios("virksomhet")
