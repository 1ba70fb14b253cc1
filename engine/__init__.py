"""Pure decision logic for PJD: no I/O beyond reading a pack at load, no clock, no database.

Public surface: what others may import from `engine`.
"""

from engine.attestation import Attestation, AttestationError, parse_attestation
from engine.catalogue import (
    EVALUATION_ERROR,
    LOG_FAILED,
    NO_BASIS,
    RuleCount,
    build_catalogue,
    count_rules,
    pack_catalogue,
    system_denial,
)
from engine.cedar_engine import CedarEngine, Query
from engine.errors import EngineError, PolicyError, RequestError, TooLarge
from engine.manifest import build_manifest, load_pack, sign_manifest, verify_manifest
from engine.model import (
    Consumer,
    Decision,
    DecisionRequest,
    Document,
    GenericRequest,
    Identity,
    Obligation,
    Period,
    RegistryFacts,
    RuleRef,
    Source,
)
from engine.pack import Pack, read_pack
from engine.pjd_cedar import decide_pjd
from engine.protocol import PolicyEngine, build_engine
from engine.rego_engine import RegoEngine

__all__ = [
    "EVALUATION_ERROR",
    "LOG_FAILED",
    "NO_BASIS",
    "Attestation",
    "AttestationError",
    "CedarEngine",
    "Consumer",
    "Decision",
    "DecisionRequest",
    "Document",
    "EngineError",
    "GenericRequest",
    "Identity",
    "Obligation",
    "Pack",
    "Period",
    "PolicyEngine",
    "PolicyError",
    "Query",
    "RegistryFacts",
    "RegoEngine",
    "RequestError",
    "RuleCount",
    "RuleRef",
    "Source",
    "TooLarge",
    "build_catalogue",
    "build_engine",
    "build_manifest",
    "count_rules",
    "decide_pjd",
    "load_pack",
    "pack_catalogue",
    "parse_attestation",
    "read_pack",
    "sign_manifest",
    "system_denial",
    "verify_manifest",
]
