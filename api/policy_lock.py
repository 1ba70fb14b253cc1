"""`pjd policies lock` and `check`: write the pack's manifest (and signature), check a pack."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from api.config import Settings
from engine import (
    MANIFEST,
    SIGNATURE,
    CedarEngine,
    Pack,
    PolicyError,
    RegoEngine,
    build_manifest,
    load_pack,
    read_pack,
    rule_ids,
    sign_manifest,
)


@dataclass(frozen=True)
class Locked:
    """What `lock` wrote: how many files and Cedar rules, signed or not, a stale signature gone."""

    revision: str
    files: int
    rules: int
    signed: bool
    removed_signature: bool


KEY = "PJD_POLICY_KEY"  # the setting of the public key, as errors about the key name it


def policy_key(settings: Settings) -> bytes | None:
    """The PEM public key PJD_POLICY_KEY names, or None; an unreadable file is a PolicyError."""
    if settings.policy_key is None:
        return None
    try:
        return settings.policy_key.read_bytes()
    except OSError as exc:
        raise PolicyError(KEY, 0, f"{settings.policy_key}: {exc.strerror or exc}") from exc


def load_locked(settings: Settings) -> Pack:
    """The pack of the settings, checked against its manifest (and PJD_POLICY_KEY)."""
    return load_pack(settings.policy_dir, policy_key(settings), KEY)


def check_engines(pack: Pack) -> CedarEngine:
    """Every check an engine makes at load: Cedar's, and the Rego twin's where the pack has one."""
    engine = CedarEngine(pack)
    if pack.rego:
        RegoEngine(pack)
    return engine


def _write(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (a reload never reads half a manifest)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def lock(directory: Path, private_key: bytes | None = None) -> Locked:
    """Check the pack as it is, write manifest.json and, given an Ed25519 key, manifest.sig."""
    pack = read_pack(directory)
    check_engines(pack)
    manifest = build_manifest(pack)
    signature = sign_manifest(manifest, private_key) if private_key is not None else None
    _write(directory / MANIFEST, manifest)
    stale = signature is None and (directory / SIGNATURE).is_file()
    if signature is not None:
        _write(directory / SIGNATURE, signature)
    elif stale:
        (directory / SIGNATURE).unlink()
    rules = sum(len(ids) for name, ids in rule_ids(pack).items() if name.endswith(".cedar"))
    return Locked(pack.revision, len(pack.digests), rules, signature is not None, stale)
