"""The engine's public surface and its layering: what `engine` and `engine.pjd` export, that
nothing outside `engine/` imports a private engine module, that the generic modules know nothing
of PJD or of the service's settings, and that `engine.pjd` is pure.

Outside `engine/` only `engine`, `engine.pjd`, `engine.generic`, `engine.schema_info` and
`engine.strict_json` are imported. A white-box test in tests/engine/ may also import the one
private module it is named after (`test_catalogue.py` → `engine.catalogue`, `test_timeline.py`
→ `engine.pjd.timeline`).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import engine
import engine.pjd
from tests.imports_of import imports_of

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {"engine", "engine.pjd", "engine.generic", "engine.schema_info", "engine.strict_json"}
ENGINE = {
    *("EVALUATION_ERROR", "LOG_FAILED", "MANIFEST", "NO_BASIS", "SIGNATURE", "SYSTEM_RULES"),
    *("ArgumentError", "CedarEngine", "Decision", "EngineError", "Obligation", "OpaEngine", "Pack"),
    *("PolicyEngine", "PolicyError", "PolicyFile", "Query", "RegoEngine", "RegoRule"),
    *("RequestError", "RuleCount", "RuleRef", "build_catalogue", "build_engine"),
    *("build_manifest", "check_twins", "count_rules", "generic", "load_pack", "pack_catalogue"),
    *("pjd", "publish_twin", "read_pack", "register_kind", "rule_ids", "rules_of_rego"),
    *("schema_info", "sign_manifest", "system_denial", "verify_manifest"),
    *("TooLarge", "action_names", "stored_ids", "strict_json"),
    *("ParameterNote", "parameter_users", "written_annotations", "GRADES"),
}
PJD = {
    *("HPR_NUMBER", "KIND", "ORGNR", "PERSON_ID", "AccessBasis", "Action", "Attestation"),
    *("AttestationError", "AttestedPatient", "Citizen", "Coded", "Consumer", "DecisionRequest"),
    *("Document", "Ident", "Identity", "PatientRestriction", "Path", "Period", "RegistryFacts"),
    *("Source", "Vocabulary", "canonical", "check_attestation", "check_documents", "codes"),
    *("context", "decide_pjd", "decide_view_log", "epoch", "lookback_cutoffs"),
    *("parse_attestation", "patient_attrs", "principal_attrs", "read_vocabulary"),
    *("resource_attrs", "years_back", "PRODUCTION_TYPE", "without_oid_prefix"),
    *("OSLO", "oslo_date", "oslo_midnight"),
    *("AddressProtection", "Person"),
}
# What a module of engine/pjd/ may import: the standard library's pure parts and the engine.
# `zoneinfo`: the tz database that comes with the platform (R30: dates are Oslo dates), data
# of the language like its modules; it reads no clock.
PURE = {"__future__", "collections", "dataclasses", "datetime", "json", "re", "typing", "zoneinfo"}


def _python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return [ROOT / name for name in listed.stdout.split()]


def _engine_modules() -> set[str]:
    files = (ROOT / "engine").rglob("*.py")
    names = {".".join(p.relative_to(ROOT).with_suffix("").parts) for p in files}
    return {n.removesuffix(".__init__") for n in names}


def test_the_public_names_are_these() -> None:
    assert set(engine.__all__) == ENGINE
    assert set(engine.pjd.__all__) == PJD
    assert all(hasattr(engine, n) for n in ENGINE)
    assert all(hasattr(engine.pjd, n) for n in PJD)


def test_nothing_outside_engine_imports_a_private_module() -> None:
    modules, found = _engine_modules(), []
    for path in _python_files():
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "engine":
            continue
        own = rel.stem.removeprefix("test_") if rel.parts[:2] == ("tests", "engine") else None
        for line, name in imports_of(path):
            private = name in modules and name not in PUBLIC
            if private and name.rsplit(".", 1)[-1] != own:
                found.append(f"{rel}:{line}: {name}")
    assert found == []


def test_the_generic_modules_know_nothing_of_pjd_or_the_settings() -> None:
    found = []
    for path in sorted((ROOT / "engine").glob("*.py")):
        text = path.read_text()
        imports = {name for _, name in imports_of(path)}
        if path.name != "__init__.py" and any(n.startswith("engine.pjd") for n in imports):
            found.append(f"{path.name}: imports engine.pjd")
        if "PJD_" in text or "environ" in text or "getenv" in text:
            found.append(f"{path.name}: names the environment")
    assert found == []


def test_the_pjd_package_is_pure() -> None:
    found = []
    for path in sorted((ROOT / "engine" / "pjd").glob("*.py")):
        for line, name in imports_of(path):
            top = name.split(".")[0]
            if top not in PURE and top != "engine":
                found.append(f"{path.name}:{line}: {name}")
    assert found == []


def test_a_pjd_pack_reads_its_code_lists_at_load() -> None:
    pack = engine.load_pack(ROOT / "policies" / "pjd")
    assert pack.fact_provider == engine.pjd.KIND
    assert engine.pjd.codes(pack) is pack.kind_data
    assert isinstance(pack.kind_data, engine.pjd.Vocabulary)
