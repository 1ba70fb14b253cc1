"""R5 og R6: dokumentklasser som kan deles, og tidsvinduet i kjernejournal."""

from pytest_bdd import scenarios

scenarios("dokumenter")
