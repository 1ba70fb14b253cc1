"""The signed claims of the verified-claims tests and the runtimes that verify them: a HelseID
access token for the health worker of Eksempel #3 (signed with the tests' token key, which these
runtimes trust as HelseID's), and a runtime trusting HelseID and the SAML certificates of given
test keys, holding the demo registry and VOSS HERAD (KJ01's legal entity)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from joserfc.jwk import OKPKey
from sqlmodel import Session

from api.config import Settings, get_settings
from api.registry.store import RegistryBody, replace_registry
from api.runtime import Runtime, start_runtime
from api.trust.helseid import HPR_NUMBER, LIST_SCOPES, PID, READ_SCOPE, SECURITY_LEVEL
from tests.api.saml_signing import AUDIENCE, ISSUERS, KJ01, SigningKey
from tests.api.test_saml_decisions import VOSS_HERAD
from tests.builders import identity
from tests.fixtures import attestation_text
from tests.tokens import JWKS_FILE, token

DEMO = Path(__file__).resolve().parents[2] / "api" / "demo_registry.json"
HELSEID = "https://helseid-sts.test.nhn.no"
HELSEID_AUDIENCE = "nhn:pjd-kilde"
PJD_API_SCOPES = (*LIST_SCOPES, READ_SCOPE)  # an EPJ's token for the PJD API, both paths
WORKER = identity()  # HelseID's claims about the health worker of Eksempel #3, as JSON
Json = dict[str, Any]


def settings_trusting(folder: Path, keys: Sequence[SigningKey], **extra: Any) -> Settings:
    """Settings trusting HelseID (the tests' token key) and the SAML certificates of `keys`
    (KJ01's audience, the fixtures' issuers), over a fresh SQLite file in `folder`; `extra` on
    top."""
    certs = folder / "saml-certs.pem"
    certs.write_bytes(b"".join(key.cert for key in keys))
    return get_settings(
        database_url=f"sqlite:///{folder / 'pjd.db'}",
        saml_certs=certs,
        saml_audience=AUDIENCE[KJ01],
        helseid_jwks_file=JWKS_FILE,
        helseid_issuer=HELSEID,
        helseid_audience=HELSEID_AUDIENCE,
        **(ISSUERS | extra),
    )


def runtime_trusting(folder: Path, keys: Sequence[SigningKey], **extra: Any) -> Runtime:
    """A runtime on `settings_trusting`, its registry the demo registry and VOSS HERAD."""
    runtime = start_runtime(settings_trusting(folder, keys, **extra))
    registry = json.loads(DEMO.read_text(encoding="utf-8"))
    registry["organisations"].append(VOSS_HERAD)
    with Session(runtime.db) as session:
        replace_registry(session, RegistryBody.model_validate(registry))
    return runtime


def helseid_token(attestation: Json, key: OKPKey | None = None, **claims: Any) -> str:
    """A HelseID access token for the health worker of Eksempel #3 carrying `attestation`, with
    the PJD API's scopes of both paths; `claims` on top (valid four hours from now, issued now,
    unless they say otherwise; `scope` to give others)."""
    details = {"type": "nhn:tillitsrammeverk:parameters", **attestation}
    person = {
        PID: WORKER["pid"],
        SECURITY_LEVEL: WORKER["security_level"],
        HPR_NUMBER: WORKER["hpr_number"],
        "authorization_details": [details],
        "iss": HELSEID,
        "aud": HELSEID_AUDIENCE,
        "client_id": "ous-dips",
    }
    return token(PJD_API_SCOPES, key=key, **(person | claims))


def published() -> Json:
    """Eksempel #3 as the EPJ sends it to HelseID: no `toa`, no practitioner identifier."""
    attestation: Json = json.loads(attestation_text())
    attestation.pop("toa", None)
    attestation["care_relation"]["decision_ref"] = {"id": "ref-1", "user_selected": False}
    attestation["practitioner"].pop("identifier", None)
    return attestation
