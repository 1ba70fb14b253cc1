"""R16–R20 og R22: innbyggerens innsyn i egne dokumenter, representasjon og innsyn i loggen."""

from pytest_bdd import scenarios

scenarios("innbygger")
