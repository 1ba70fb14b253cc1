"""Settings from the environment (PJD_*), built by a function, never at import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class DbTimeouts:
    """How long the service waits on its database, in seconds (0 for statement/lock: no limit)."""

    connect: int = 2  # PostgreSQL connect_timeout (libpq: whole seconds, at least 2)
    statement: float = 4.0  # PostgreSQL statement_timeout
    lock: float = 2.0  # PostgreSQL lock_timeout; SQLite busy timeout
    pool: float = 2.0  # waiting for a free connection of the pool


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
    db_connect_timeout: int = Field(default=DbTimeouts.connect, ge=2)
    db_statement_timeout: float = Field(default=DbTimeouts.statement, ge=0)
    db_lock_timeout: float = Field(default=DbTimeouts.lock, ge=0)
    db_pool_timeout: float = Field(default=DbTimeouts.pool, gt=0)
    request_deadline: float = Field(default=5.0, gt=0)  # a request's whole time on the database
    health_timeout: float = Field(default=1.0, gt=0)  # the /health probe's SELECT 1
    registry_poll: float = Field(default=1.0, gt=0)  # how often the registry version is checked
    registry_load_timeout: float = Field(default=120.0, gt=0)  # loading a snapshot off-request
    page_secret: str | None = None  # PJD_PAGE_SECRET signs search page tokens; else per process
    max_body_bytes: int = Field(default=1_048_576, gt=0)  # a request body's size; beyond: 413
    # uvicorn's line per HTTP request (`pjd serve`; not the PJD access log, which records every
    # decision whatever this says). On by default: it is the one record of the requests refused
    # before deciding, and costs ~20 µs of a decision's ~5 ms. Off where a proxy logs them.
    http_access_log: bool = True
    # seconds `pjd serve` keeps an idle HTTP connection open: longer than a load balancer's or a
    # client pool's idle timeout (commonly 60 s), so that the server never closes a connection
    # just as the other side reuses it (uvicorn's own 5 s would: a lost request, or a 502)
    http_keep_alive: float = Field(default=75.0, gt=0)
    # XUA SAML assertions a source receives (`api.trust.saml`): the certificates that may sign
    # them (PJD_SAML_CERTS, a PEM file of one or more: rotation) and the audience they must name
    # (PJD_SAML_AUDIENCE); either unset, every assertion is refused. The `saml:Issuer` an
    # assertion may name, by the claims it carries (a JSON list each, e.g. PJD_SAML_CITIZEN_ISSUERS
    # '["sikkerhet.helsenorge.no"]'): a health worker's (KJ01, HelseID's XDS SAML issuer) and a
    # citizen's (HN01, helsenorge); a list empty or unset, every assertion of that kind is refused.
    saml_certs: Path | None = None
    saml_audience: str | None = None
    saml_personnel_issuers: tuple[str, ...] = ()
    saml_citizen_issuers: tuple[str, ...] = ()
    # Callers' bearer access tokens (`api.trust.callers`): the issuer's public keys (a JWKS
    # file, read again when it changes, or a JWKS URL, cached and fetched again for an unknown
    # `kid`), the issuer they must name and the audience; no issuer or no keys: every token is
    # refused (nothing is open by default). `make run` sets a development key (`pjd token`).
    jwks_file: Path | None = None
    jwks_url: str | None = None
    token_issuer: str | None = None
    token_audience: str = "pjd-tilgangstjeneste"
    dev_signing_key: Path = ROOT / "var" / "dev_signing_key.json"  # `pjd token` signs with it
    # The HelseID access token a health worker's EPJ obtained (`helseid_token`): HelseID's keys,
    # issuer and the audience it names for this service; unset, every such token is refused.
    helseid_jwks_file: Path | None = None
    helseid_jwks_url: str | None = None
    helseid_issuer: str | None = None
    helseid_audience: str | None = None
    # Claims nobody signed (`identity`, `attestation`, `citizen` in the body, `X-Citizen`): only
    # where the deployment allows them (development, tests); then /health says so and every log
    # record stores `claims: unverified`. Off, they are a 401.
    accept_unverified_claims: bool = False
    # The API's description (`/openapi.json`, `/docs`, `/redoc`) for anonymous callers: only
    # where the deployment allows it (`make run`); off, `/openapi.json` needs a valid token and
    # the pages are not served (`api.api_docs`)
    api_docs_public: bool = False
    # R26: a decision is made at the service's clock. A request's `at` further than
    # PJD_REQUEST_TIME_SKEW seconds from it is refused (400 naming `at`); within, the clock
    # decides. PJD_TRUST_REQUEST_TIME=true (tests, replay, impact analysis; never a live
    # deployment) decides at any `at` given.
    request_time_skew: float = Field(default=300.0, ge=0)
    trust_request_time: bool = False

    def db_timeouts(self) -> DbTimeouts:
        """The database timeouts these settings give."""
        return DbTimeouts(
            connect=self.db_connect_timeout,
            statement=self.db_statement_timeout,
            lock=self.db_lock_timeout,
            pool=self.db_pool_timeout,
        )


def get_settings(**overrides: object) -> Settings:
    """Read the settings from the environment, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
