"""Callers authenticate (issue: trust at the boundary): every route but `/health` and AuthZEN
discovery takes a bearer access token from the trusted issuer, with one of the route's scopes.

Every route is tried against every way a token fails: each is a 401 with RFC 6750's
`WWW-Authenticate` challenge, a valid token without the scope a 403 `insufficient_scope`; and
nothing is written or decided on the way.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey

from api.trust.tokens import TokenRefused
from tests.api.demo_app import demo_app
from tests.clients import api_client
from tests.people import PATIENT
from tests.tokens import CLIENT, SERVICE_SCOPES, claims, signing_key, token

OPEN = {"/health", "/.well-known/authzen-configuration"}
SCOPE_OF = {  # (method, path) → the scopes that admit a caller
    ("POST", "/v1/pjd/decisions"): {"pjd:decide"},
    ("POST", "/access/v1/evaluation"): {"pjd:decide"},
    ("POST", "/access/v1/evaluations"): {"pjd:decide"},
    ("POST", "/access/v1/search/subject"): {"pjd:decide"},
    ("POST", "/access/v1/search/resource"): {"pjd:decide"},
    ("POST", "/access/v1/search/action"): {"pjd:decide"},
    ("GET", "/v1/registry"): {"pjd:registry"},
    ("PUT", "/v1/registry"): {"pjd:registry"},
    ("POST", "/v1/patients/{patient}/restrictions"): {"pjd:restrictions", "pjd:citizen"},
    ("GET", "/v1/patients/{patient}/restrictions"): {"pjd:restrictions", "pjd:citizen"},
    ("DELETE", "/v1/patients/{patient}/restrictions/{id}"): {"pjd:restrictions", "pjd:citizen"},
    ("GET", "/v1/patients/{patient}/access-log"): {"pjd:citizen"},
    ("GET", "/v1/access-log"): {"pjd:log"},
    ("GET", "/v1/rules"): set(),  # any authenticated caller
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('auth') / 'pjd.db'}"
    with demo_app(url) as app, api_client(app) as test_client:
        del test_client.headers["Authorization"]  # each test sends its own
        yield test_client


def _routes(client: TestClient) -> list[tuple[str, str]]:
    """Every operation the app offers, as its OpenAPI document lists them."""
    paths = client.app.openapi()["paths"]  # type: ignore[attr-defined]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    url = path.replace("{patient}", PATIENT).replace("{id}", "00000000-0000-0000-0000-000000000000")
    body = None if method in ("GET", "DELETE") else {}
    return client.request(method, url, headers=headers, json=body)


def test_every_route_is_secured_but_health_and_discovery(client: TestClient) -> None:
    secured = {(m, p) for m, p in _routes(client) if p not in OPEN}
    assert secured == set(SCOPE_OF), "a route without a stated scope, or a stated one missing"
    assert {p for _, p in _routes(client) if p in OPEN} == OPEN
    for path in OPEN:
        assert client.get(path).status_code == 200, path


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _unsigned() -> str:
    return f"{_b64({'alg': 'none', 'typ': 'at+jwt'})}.{_b64(claims())}."


def _hmac_with_the_public_key() -> str:
    public = json.dumps(signing_key().as_dict(private=False)).encode()
    header = {"alg": "HS256", "typ": "at+jwt", "kid": "pjd-test-1"}
    return jwt.encode(header, claims(), OctKey.import_key(public), algorithms=["HS256"])


def _signed_by(key: Any, alg: str, kid: str = "pjd-test-1", **extra: Any) -> str:
    header = {"alg": alg, "typ": "at+jwt", "kid": kid}
    return jwt.encode(header, claims(**extra), key, algorithms=[alg])


ago = int(time.time()) - 3600
FAILURES: dict[str, tuple[Callable[[], str], str]] = {  # Authorization value, error code
    "missing": (lambda: "", ""),
    "not_bearer": (lambda: f"Basic {token()}", "invalid_request"),
    "empty_bearer": (lambda: "Bearer ", "invalid_request"),
    "malformed": (lambda: "Bearer not-a-jwt", "invalid_token"),
    "garbage_parts": (lambda: "Bearer a.b.c", "invalid_token"),
    "expired": (lambda: f"Bearer {token(exp=ago, iat=ago - 60, nbf=ago - 60)}", "invalid_token"),
    "not_yet_valid": (lambda: f"Bearer {token(nbf=int(time.time()) + 600)}", "invalid_token"),
    "issued_in_future": (lambda: f"Bearer {token(iat=int(time.time()) + 600)}", "invalid_token"),
    "wrong_issuer": (lambda: f"Bearer {token(iss='https://evil.example')}", "invalid_token"),
    "wrong_audience": (lambda: f"Bearer {token(aud='another-service')}", "invalid_token"),
    "no_expiry": (lambda: f"Bearer {token(exp=None)}", "invalid_token"),
    "wrong_key": (
        lambda: f"Bearer {token(key=OKPKey.generate_key('Ed25519'))}",
        "invalid_token",
    ),
    "unknown_kid": (
        lambda: f"Bearer {_signed_by(OKPKey.generate_key('Ed25519'), 'Ed25519', kid='other')}",
        "invalid_token",
    ),
    "alg_none": (lambda: f"Bearer {_unsigned()}", "invalid_token"),
    "hmac_public_key": (lambda: f"Bearer {_hmac_with_the_public_key()}", "invalid_token"),
    "rsa_not_trusted": (
        lambda: f"Bearer {_signed_by(RSAKey.generate_key(2048), 'RS256')}",
        "invalid_token",
    ),
    "ec_not_trusted": (
        lambda: f"Bearer {_signed_by(ECKey.generate_key('P-256'), 'ES256')}",
        "invalid_token",
    ),
    "not_an_access_token": (
        lambda: (
            "Bearer "
            + jwt.encode(
                {"alg": "Ed25519", "kid": "pjd-test-1"}, claims(), signing_key(), ["Ed25519"]
            )
        ),
        "invalid_token",
    ),
    "no_client_id": (lambda: f"Bearer {token(client_id=None)}", "invalid_token"),
}


@pytest.mark.parametrize("failure", FAILURES, ids=FAILURES)
def test_every_secured_route_refuses_every_bad_token_with_401(
    client: TestClient, failure: str
) -> None:
    make, error = FAILURES[failure]
    value = make()
    for method, path in SCOPE_OF:
        response = _call(client, method, path, {"Authorization": value} if value else {})
        assert response.status_code == 401, (method, path, response.text)
        challenge = response.headers["WWW-Authenticate"]
        assert challenge.startswith('Bearer realm="pjd"'), challenge
        assert (f'error="{error}"' in challenge) if error else ("error=" not in challenge)
        assert response.json()["error"] == "unauthenticated"


WINDOW = {  # claims at the clock `t` when sent → accepted? (30 s leeway, 20 s margin either way)
    "expired_10_s_ago": (lambda t: {"exp": t - 10, "iat": t - 600, "nbf": t - 600}, True),
    "expired_50_s_ago": (lambda t: {"exp": t - 50, "iat": t - 600, "nbf": t - 600}, False),
    "valid_from_10_s_ahead": (lambda t: {"nbf": t + 10}, True),
    "valid_from_50_s_ahead": (lambda t: {"nbf": t + 50}, False),
    "issued_10_s_ahead": (lambda t: {"iat": t + 10}, True),
    "issued_50_s_ahead": (lambda t: {"iat": t + 50}, False),
}


@pytest.mark.parametrize(("window", "accepted"), WINDOW.values(), ids=WINDOW.keys())
def test_a_token_is_taken_within_30_s_of_its_validity_window(
    client: TestClient, window: Callable[[int], dict[str, int]], accepted: bool
) -> None:
    value = token(**window(int(time.time())))
    response = client.get("/v1/rules", headers={"Authorization": f"Bearer {value}"})
    assert response.status_code == (200 if accepted else 401), response.text
    if not accepted:
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("claim", "last_taken"), [("exp", -29), ("nbf", 30), ("iat", 30)], ids=["exp", "nbf", "iat"]
)
def test_the_leeway_is_30_s_to_the_second(client: TestClient, claim: str, last_taken: int) -> None:
    """At a fixed clock, as the service's authenticator judges: a token is used before its
    `exp` + 30 s (RFC 7519 § 4.1.4), and from 30 s before its `nbf` and `iat`."""
    authenticator = client.app.state.authenticator  # type: ignore[attr-defined]
    now = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    t = int(now.timestamp())
    valid = {"iat": t - 600, "nbf": t - 600, "exp": t + 600}
    first_refused = last_taken - 1 if claim == "exp" else last_taken + 1
    taken = token(**(valid | {claim: t + last_taken}))
    assert authenticator.caller(f"Bearer {taken}", now).client_id == CLIENT
    with pytest.raises(TokenRefused):
        authenticator.caller(f"Bearer {token(**(valid | {claim: t + first_refused}))}", now)


@pytest.mark.parametrize(("method", "path"), [k for k, v in SCOPE_OF.items() if v])
def test_a_token_without_the_routes_scope_is_a_403(
    client: TestClient, method: str, path: str
) -> None:
    others = [s for s in (*SERVICE_SCOPES, "pjd:citizen") if s not in SCOPE_OF[(method, path)]]
    response = _call(client, method, path, {"Authorization": f"Bearer {token(others)}"})
    assert response.status_code == 403, response.text
    assert response.json()["error"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(("method", "path"), list(SCOPE_OF))
def test_the_routes_scope_lets_the_caller_through(
    client: TestClient, method: str, path: str
) -> None:
    scopes = sorted(SCOPE_OF[(method, path)] - {"pjd:citizen"}) or ["pjd:citizen"]
    extra = {"pid": PATIENT} if scopes == ["pjd:citizen"] else {}
    response = _call(client, method, path, {"Authorization": f"Bearer {token(scopes, **extra)}"})
    assert response.status_code not in (401, 403), response.text


def test_a_citizen_token_reaches_only_its_own_or_a_represented_patients_restrictions(
    client: TestClient,
) -> None:
    url = f"/v1/patients/{PATIENT}/restrictions"
    own = token(["pjd:citizen"], pid=PATIENT)
    stranger = token(["pjd:citizen"], pid="13116900216")
    parent = token(["pjd:citizen"], pid="13116900216", represents=[PATIENT])
    assert client.get(url, headers={"Authorization": f"Bearer {own}"}).status_code == 200
    assert client.get(url, headers={"Authorization": f"Bearer {parent}"}).status_code == 200
    refused = client.get(url, headers={"Authorization": f"Bearer {stranger}"})
    assert (refused.status_code, refused.json()["error"]) == (403, "insufficient_scope")


def test_no_trusted_issuer_refuses_every_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pjd.db'}"
    with demo_app(url, jwks_file=None, token_issuer=None) as app, api_client(app) as bare:
        response = bare.get("/v1/rules")
    assert response.status_code == 401
    assert "trusts no token issuer" in response.json()["message"]


def test_the_openapi_declares_the_bearer_scheme_and_each_operations_scopes(
    client: TestClient,
) -> None:
    schema = client.app.openapi()  # type: ignore[attr-defined]
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    for (method, path), scopes in SCOPE_OF.items():
        operation = schema["paths"][path][method.lower()]
        declared = {s for requirement in operation["security"] for s in requirement["bearer"]}
        assert declared == scopes, (method, path)
        assert {"401", "403"} <= set(operation["responses"]), (method, path)
    for path in OPEN:
        assert "security" not in schema["paths"][path]["get"], path
