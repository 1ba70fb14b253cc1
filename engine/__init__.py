"""The generic decision engine: policy packs (read once, checked against their manifest), the
rule catalogue, and engines that decide queries over a pack — Cedar, its Rego twin in-process,
or the twin on an OPA server. No clock, no database, no settings; no I/O beyond reading a pack
at load and the OPA engine's calls (`verify`, `decide`) and `publish_twin`'s. Building an engine
makes no call.

Public surface: what `__all__` lists, and the subpackages `engine.pjd` (the PJD pack kind),
`engine.generic` (AuthZEN onto any Cedar pack), `engine.schema_info` (a Cedar schema read) and
`engine.strict_json` (the one strict JSON reader).
Every other module of `engine` is private: import its names from here.
"""

from engine import generic, pjd, schema_info, strict_json
from engine.candidates import action_names, stored_ids
from engine.catalogue import (
    GRADES,
    RuleCount,
    build_catalogue,
    count_rules,
    pack_catalogue,
    written_annotations,
)
from engine.cedar_engine import CedarEngine
from engine.errors import ArgumentError, EngineError, PolicyError, RequestError, TooLarge
from engine.manifest import build_manifest, load_pack, rule_ids, sign_manifest, verify_manifest
from engine.model import (
    EVALUATION_ERROR,
    LOG_FAILED,
    NO_BASIS,
    SYSTEM_RULES,
    Decision,
    Obligation,
    Query,
    RuleRef,
    system_denial,
)
from engine.opa_engine import OpaEngine
from engine.opa_publish import publish_twin
from engine.pack import MANIFEST, SIGNATURE, Pack, PolicyFile, read_pack, register_kind
from engine.parameters import ParameterNote, parameter_users
from engine.protocol import PolicyEngine, build_engine
from engine.rego_engine import RegoEngine
from engine.rego_twin import RegoRule, check_twins, rules_of_rego

register_kind(pjd.KIND, pjd.read_vocabulary)  # a PJD pack's code lists are read at load

__all__ = [
    "EVALUATION_ERROR",
    "GRADES",
    "LOG_FAILED",
    "MANIFEST",
    "NO_BASIS",
    "SIGNATURE",
    "SYSTEM_RULES",
    "ArgumentError",
    "CedarEngine",
    "Decision",
    "EngineError",
    "Obligation",
    "OpaEngine",
    "Pack",
    "ParameterNote",
    "PolicyEngine",
    "PolicyError",
    "PolicyFile",
    "Query",
    "RegoEngine",
    "RegoRule",
    "RequestError",
    "RuleCount",
    "RuleRef",
    "TooLarge",
    "action_names",
    "build_catalogue",
    "build_engine",
    "build_manifest",
    "check_twins",
    "count_rules",
    "generic",
    "load_pack",
    "pack_catalogue",
    "parameter_users",
    "pjd",
    "publish_twin",
    "read_pack",
    "register_kind",
    "rule_ids",
    "rules_of_rego",
    "schema_info",
    "sign_manifest",
    "stored_ids",
    "strict_json",
    "system_denial",
    "verify_manifest",
    "written_annotations",
]
