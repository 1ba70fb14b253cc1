"""The bench's callers authenticate as every caller must: `pjd serve` trusts a bench key
(under var/bench/, made once), and every request wrk or the checks send carries one token
signed with it (`pjd:decide`). The floor and Cerbos get the same header and ignore it: every
server reads the same bytes."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from api.config import get_settings
from api.dev_tokens import DEV_ISSUER, ensure_dev_key, mint

KEY = Path(__file__).resolve().parents[1] / "var" / "bench" / "bench_signing_key.json"


def server_env() -> dict[str, str]:
    """What `pjd serve` needs to trust the bench key; the workload's health worker comes as
    JSON claims (as in `make run`), so unverified claims are accepted."""
    jwks = ensure_dev_key(KEY)
    return {
        "PJD_JWKS_FILE": str(jwks),
        "PJD_TOKEN_ISSUER": DEV_ISSUER,
        "PJD_ACCEPT_UNVERIFIED_CLAIMS": "true",
    }


@cache
def headers() -> dict[str, str]:
    """The `Authorization` header every bench request sends (valid for a day)."""
    ensure_dev_key(KEY)
    settings = get_settings(dev_signing_key=KEY, token_issuer=DEV_ISSUER)
    return {"Authorization": f"Bearer {mint(settings, ['pjd:decide'], lifetime=86_400)}"}
