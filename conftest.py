"""Settings every test's service shares: it trusts the tests' token key (`tests.tokens`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.tokens import AUDIENCE, ISSUER, JWKS_FILE, SIGNING_KEY


@pytest.fixture(autouse=True, scope="session")
def _trust_the_test_key() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PJD_JWKS_FILE", str(JWKS_FILE))
        patch.setenv("PJD_TOKEN_ISSUER", ISSUER)
        patch.setenv("PJD_TOKEN_AUDIENCE", AUDIENCE)
        patch.setenv("PJD_ACCEPT_UNVERIFIED_CLAIMS", "true")  # the JSON claims of most tests
        patch.setenv("PJD_DEV_SIGNING_KEY", str(SIGNING_KEY))  # `pjd token` signs for the tests
        yield
