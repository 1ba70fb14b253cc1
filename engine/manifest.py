"""The pack's manifest: the reviewed state of every file that decides, optionally signed.

`manifest.json` lists each deciding file of the pack (schema, `*.cedar`, `rego/*.rego`,
`parametere.json`, `pack.json`, `entities.json`) with its sha256, and each policy file's rule ids.
`pjd policies lock` writes it (`build_manifest`) and, given an Ed25519 private key, the detached
signature `manifest.sig` (`sign_manifest`: base64 of the signature of manifest.json's bytes).
`load_pack` refuses a pack that differs from its manifest in any way: a file missing, added,
emptied or altered, a rule id missing or unexpected; and, given a public key, a manifest whose
signature is missing or does not verify.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

from engine.catalogue import rule_ids as cedar_rule_ids
from engine.errors import PolicyError
from engine.pack import MANIFEST, SIGNATURE, Pack, PolicyFile, read_pack
from engine.rego_twin import rules_of_rego

FORMAT = 1
KEY = "public key"  # how an error names the key; the caller names its own setting
LOCK = "`pjd policies lock` locks a reviewed change"
_EMPTY = hashlib.sha256(b"").hexdigest()
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Entry:
    """What the manifest expects of one file: its sha256 and (policy files) its rule ids."""

    sha256: str
    rules: tuple[str, ...] | None


def file_rule_ids(file: PolicyFile) -> list[str]:
    """The rule ids one `.cedar` or `.rego` file defines, sorted."""
    if file.name.endswith(".rego"):
        return sorted(r.id for r in rules_of_rego(file))
    return cedar_rule_ids([file])[file.name]


def rule_ids(pack: Pack) -> dict[str, list[str]]:
    """Every policy file's rule ids, as the catalogue and the Rego twin name them, sorted."""
    rego = {f.name: file_rule_ids(f) for f in pack.rego}
    return cedar_rule_ids(pack.policies) | rego


def build_manifest(pack: Pack) -> bytes:
    """manifest.json for a pack as read: deterministic, sorted, one file per entry."""
    ids = rule_ids(pack)
    files = {
        name: {"sha256": digest, **({"rules": ids[name]} if name in ids else {})}
        for name, digest in sorted(pack.digests.items())
    }
    text = json.dumps({"format": FORMAT, "files": files}, indent=2)
    return (text + "\n").encode()


def _entry(name: str, value: Any) -> Entry:
    ruled = name.endswith((".cedar", ".rego"))
    ok = isinstance(value, dict) and _HEX.match(str(value.get("sha256", ""))) is not None
    rules = value.get("rules") if isinstance(value, dict) else None
    if ruled:
        ok = ok and isinstance(rules, list) and all(isinstance(r, str) for r in rules)
    elif ok:
        ok = "rules" not in value
    if not ok:
        shape = '{"sha256": <64 hex>, "rules": [<rule id>, …]}' if ruled else '{"sha256": …}'
        raise PolicyError(MANIFEST, 0, f"{name}: must be {shape}; {LOCK}")
    return Entry(value["sha256"], tuple(sorted(rules)) if isinstance(rules, list) else None)


def _expected(raw: bytes) -> dict[str, Entry]:
    """The manifest's entries; a manifest not written as `pjd policies lock` writes it refuses."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PolicyError(MANIFEST, getattr(exc, "lineno", 0), f"invalid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PolicyError(MANIFEST, 0, f'must hold {{"format": {FORMAT}, "files": …}}; {LOCK}')
    files = data.get("files")
    if not isinstance(files, dict) or not files:
        raise PolicyError(MANIFEST, 0, f"must list the pack's files; {LOCK}")
    return {str(name): _entry(str(name), value) for name, value in files.items()}


def _rules_differ(want: tuple[str, ...] | None, have: list[str]) -> str:
    missing = sorted(set(want or ()) - set(have))
    unexpected = sorted(set(have) - set(want or ()))
    parts = [f"rule {r!r} missing" for r in missing]
    parts += [f"rule {r!r} not in manifest.json" for r in unexpected]
    return ", ".join(parts) or "its rule ids differ from manifest.json"


def _altered(pack: Pack, name: str, want: Entry) -> str:
    """Why a file whose sha256 differs is refused, with the rule ids it lost or gained."""
    have = pack.digests[name]
    what = "emptied" if have == _EMPTY else f"altered (sha256 {have[:12]}…)"
    what += f": manifest.json expects sha256 {want.sha256[:12]}…"
    file = next((f for f in (*pack.policies, *pack.rego) if f.name == name), None)
    if file is not None and want.rules is not None:
        try:
            have_ids = file_rule_ids(file)
        except PolicyError:
            return what + ", and it does not parse"
        if sorted(have_ids) != list(want.rules):
            what += f"; {_rules_differ(want.rules, have_ids)}"
    return what


def _file_problems(pack: Pack, expected: Mapping[str, Entry]) -> list[tuple[str, str]]:
    problems = []
    for name in sorted(expected.keys() | pack.digests.keys()):
        want = expected.get(name)
        if name not in pack.digests:
            problems.append((name, "missing: manifest.json lists it, the pack has no such file"))
        elif want is None:
            problems.append((name, "added: the pack holds it, manifest.json does not list it"))
        elif pack.digests[name] != want.sha256:
            problems.append((name, _altered(pack, name, want)))
    return problems


def _rule_problems(pack: Pack, expected: Mapping[str, Entry]) -> list[tuple[str, str]]:
    return [
        (name, _rules_differ(expected[name].rules, have))
        for name, have in sorted(rule_ids(pack).items())
        if tuple(have) != expected[name].rules
    ]


def public_key(pem: bytes, name: str = KEY) -> Ed25519PublicKey:
    """The Ed25519 public key in PEM `pem`; anything else is a PolicyError naming `name`."""
    try:
        key = load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise PolicyError(name, 0, f"not a PEM public key: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise PolicyError(name, 0, "not an Ed25519 public key")
    return key


def verify_signature(pack: Pack, pem: bytes, name: str = KEY) -> None:
    """manifest.sig must be the signature of manifest.json under the public key `pem`, which
    errors call `name` (the setting it came from)."""
    key = public_key(pem, name)
    if pack.signature is None:
        raise PolicyError(SIGNATURE, 0, f"missing: {name} requires a signed manifest.json")
    try:
        key.verify(base64.b64decode(pack.signature.strip(), validate=True), pack.manifest or b"")
    except (binascii.Error, ValueError) as exc:
        raise PolicyError(SIGNATURE, 0, "not a base64 Ed25519 signature") from exc
    except InvalidSignature as exc:
        message = f"does not sign manifest.json under {name} (manifest edited, or another key)"
        raise PolicyError(SIGNATURE, 0, message) from exc


def sign_manifest(manifest: bytes, private_pem: bytes) -> bytes:
    """manifest.sig for `manifest`: base64 of its Ed25519 signature; ValueError for a bad key."""
    try:
        key = load_pem_private_key(private_pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ValueError(f"not an unencrypted PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return base64.b64encode(key.sign(manifest)) + b"\n"


def verify_manifest(pack: Pack, key: bytes | None = None, key_name: str = KEY) -> None:
    """Refuse a pack unlike its manifest (and, given a public key, its signature); errors about
    the key call it `key_name`."""
    if pack.manifest is None:
        raise PolicyError(MANIFEST, 0, f"the pack has no manifest.json; {LOCK}")
    if key is not None:
        verify_signature(pack, key, key_name)
    expected = _expected(pack.manifest)
    problems = _file_problems(pack, expected) or _rule_problems(pack, expected)
    if problems:
        (first, why), *more = problems
        also = "".join(f"; {name}: {what}" for name, what in more)
        raise PolicyError(first, 0, f"{why}{also} — not the locked pack; {LOCK}")


def load_pack(directory: Path, key: bytes | None = None, key_name: str = KEY) -> Pack:
    """Read a pack and check it against its manifest; `key`: a PEM Ed25519 public key, which
    errors call `key_name`."""
    pack = read_pack(directory)
    verify_manifest(pack, key, key_name)
    return pack
