"""A development signing key and the tokens it signs: what `make run` trusts and `pjd token`
prints. Never for production: there the issuer (HelseID, the region's authorization server)
holds the private key and the service sees only its public JWKS (`PJD_JWKS_FILE`/`_URL`).

`ensure_dev_key` writes an Ed25519 private key (`PJD_DEV_SIGNING_KEY`, default
`var/dev_signing_key.json`, mode 0600) and beside it the public JWKS (`dev_jwks.json`) once;
`mint` signs an RFC 9068 access token with it for the configured issuer and audience.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from joserfc import jwt
from joserfc.jwk import OKPKey

from api.config import Settings

DEV_ISSUER = "urn:pjd:dev"
DEV_CLIENT = "pjd-dev-cli"


def jwks_beside(key_path: Path) -> Path:
    """The public JWKS written beside the development key."""
    return key_path.with_name("dev_jwks.json")


def ensure_dev_key(key_path: Path) -> Path:
    """Create the development key and its public JWKS unless they exist; the JWKS path."""
    public = jwks_beside(key_path)
    if not key_path.exists():
        key_path.parent.mkdir(parents=True, exist_ok=True)
        key = OKPKey.generate_key("Ed25519", parameters={"kid": f"dev-{uuid.uuid4().hex[:8]}"})
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(key.as_dict(private=True), out)
    if not public.exists():
        key = _load(key_path)
        public.write_text(json.dumps({"keys": [key.as_dict(private=False)]}), encoding="utf-8")
    return public


def _load(key_path: Path) -> OKPKey:
    try:
        return OKPKey.import_key(json.loads(key_path.read_text(encoding="utf-8")))
    except FileNotFoundError as exc:
        raise ValueError(f"no development key at {key_path}: run `pjd dev-key` first") from exc


def mint(
    settings: Settings,
    scopes: Iterable[str],
    pid: str | None = None,
    represents: Iterable[str] = (),
    lifetime: int = 3600,
) -> str:
    """An access token signed with the development key, for the settings' issuer."""
    key = _load(settings.dev_signing_key)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": settings.token_issuer or DEV_ISSUER,
        "aud": settings.token_audience,
        "sub": pid or DEV_CLIENT,
        "client_id": DEV_CLIENT,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "jti": str(uuid.uuid4()),
        "scope": " ".join(scopes),
    }
    if pid is not None:
        claims |= {"pid": pid, "represents": list(represents)}
    header = {"alg": "Ed25519", "typ": "at+jwt", "kid": key.kid}
    return jwt.encode(header, claims, key, algorithms=["Ed25519"])
