"""Settings from the environment (PJD_*), built by a function, never at import."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Service settings; every field can be set as PJD_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="PJD_", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'pjd.db'}"
    policy_dir: Path = ROOT / "policies" / "pjd"
    engine: str = "cedar"
    opa_url: str | None = None  # PJD_OPA_URL, e.g. http://127.0.0.1:8181 (engine `opa`)
    opa_timeout: float = 2.0  # PJD_OPA_TIMEOUT: seconds per call to OPA; beyond it, deny
    policy_key: Path | None = (
        None  # PJD_POLICY_KEY: Ed25519 public key (PEM); manifest.sig required
    )
    pid_file: Path = (
        ROOT / "var" / "pjd.pid"
    )  # PJD_PID_FILE: `pjd serve` writes it, reload reads it


def get_settings(**overrides: object) -> Settings:
    """Read the settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
