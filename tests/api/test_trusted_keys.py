"""The keys that may sign access tokens (`api.trust.keys`): a JWKS file rotated on disk, a JWKS
URL cached and fetched again only for an unknown `kid` (rate-limited), and key sets that would
let a token forge its way in (a symmetric key, a private part) refused as a whole."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import OKPKey

from api.trust.keys import FileKeys, KeysUnavailable, UrlKeys, parse_jwks
from api.trust.tokens import TokenRefused, TokenRules, verify
from tests.tokens import AUDIENCE, ISSUER, claims

RULES = TokenRules(issuer=ISSUER, audience=AUDIENCE)


def _key(kid: str) -> OKPKey:
    return OKPKey.generate_key("Ed25519", parameters={"kid": kid})


def _jwks(*keys: OKPKey) -> dict[str, Any]:
    return {"keys": [key.as_dict(private=False) for key in keys]}


def _token(key: OKPKey) -> str:
    header = {"alg": "Ed25519", "typ": "at+jwt", "kid": key.kid}
    return jwt.encode(header, claims(), key, algorithms=["Ed25519"])


def _now() -> datetime:
    return datetime.now(UTC)


def test_a_key_added_to_the_file_verifies_without_a_restart(tmp_path: Path) -> None:
    old, new = _key("old"), _key("new")
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(_jwks(old)))
    source = FileKeys(path)
    assert verify(_token(old), RULES, source, _now())["iss"] == ISSUER
    with pytest.raises(TokenRefused, match="no trusted key has kid 'new'"):
        verify(_token(new), RULES, source, _now())
    path.write_text(json.dumps(_jwks(old, new)))  # the issuer's rotation: both for a while
    assert verify(_token(new), RULES, source, _now())["iss"] == ISSUER
    path.write_text(json.dumps(_jwks(new)) + " ")  # the old key retired
    with pytest.raises(TokenRefused):
        verify(_token(old), RULES, source, _now())


def test_a_missing_keys_file_refuses_every_token(tmp_path: Path) -> None:
    with pytest.raises(KeysUnavailable, match="cannot be read"):
        verify(_token(_key("k")), RULES, FileKeys(tmp_path / "absent.json"), _now())


@pytest.mark.parametrize(
    "entry",
    [
        {"kty": "oct", "k": "c2VjcmV0", "kid": "s"},
        _key("private").as_dict(private=True),
        {"kty": "XYZ", "kid": "x"},
    ],
    ids=["symmetric", "private_part", "unknown_type"],
)
def test_a_key_set_with_a_dangerous_key_is_refused_whole(entry: dict[str, Any]) -> None:
    data = json.dumps({"keys": [_key("good").as_dict(private=False), entry]}).encode()
    with pytest.raises(KeysUnavailable, match="not a valid JWKS"):
        parse_jwks(data, "test")


@pytest.mark.parametrize("data", [b"{}", b'{"keys": []}', b"[", b'{"keys": "x"}'])
def test_a_malformed_key_set_is_refused(data: bytes) -> None:
    with pytest.raises(KeysUnavailable):
        parse_jwks(data, "test")


class _Issuer:
    """A JWKS endpoint on 127.0.0.1 that counts its fetches."""

    def __init__(self) -> None:
        self.document: dict[str, Any] = {"keys": []}
        self.fetches = 0


@pytest.fixture
def issuer() -> Iterator[tuple[_Issuer, str]]:
    state = _Issuer()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.fetches += 1
            body = json.dumps(state.document).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/jwks"
    finally:
        server.shutdown()
        server.server_close()


def test_the_url_is_fetched_once_and_again_for_a_new_kid(issuer: tuple[_Issuer, str]) -> None:
    state, url = issuer
    first, second = _key("first"), _key("second")
    state.document = _jwks(first)
    source = UrlKeys(url, min_refresh=0.0)
    for _ in range(3):
        verify(_token(first), RULES, source, _now())
    assert state.fetches == 1  # cached
    state.document = _jwks(first, second)
    verify(_token(second), RULES, source, _now())
    assert state.fetches == 2  # the unknown kid fetched the rotated set


def test_made_up_kids_do_not_hammer_the_issuer(issuer: tuple[_Issuer, str]) -> None:
    state, url = issuer
    state.document = _jwks(_key("real"))
    source = UrlKeys(url, min_refresh=3600.0)
    for n in range(5):
        with pytest.raises(TokenRefused, match="no trusted key"):
            verify(_token(_key(f"made-up-{n}")), RULES, source, _now())
    assert state.fetches == 1


def test_a_plain_http_url_elsewhere_is_refused() -> None:
    with pytest.raises(ValueError, match="https"):
        UrlKeys("http://issuer.example/jwks")


def test_an_unreachable_url_refuses_every_token() -> None:
    source = UrlKeys("http://127.0.0.1:9/jwks", timeout=0.5)
    with pytest.raises(KeysUnavailable, match="cannot be fetched"):
        verify(_token(_key("k")), RULES, source, _now())
