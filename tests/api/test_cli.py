"""The `pjd` command: policies check, registry import, decide — exit codes and what they print."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from api.cli import app
from api.config import get_settings
from api.main import create_app
from engine import load_pack
from tests.builders import AT, Json, document, pjd_body
from tests.clients import api_client
from tests.packs import relock
from tests.people import BERGEN

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "policies" / "pjd"
DEMO = ROOT / "api" / "demo_registry.json"


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def decision_body(**changes: Any) -> Json:
    """BASE reads D1 of SRC-A and D2 of Helse Bergen (a class PJD never shows) at AT."""
    documents = [document("D1"), document("D2", source=BERGEN, class_code="B00-1")]
    return pjd_body(AT, action="read", path="hpl45", documents=documents) | changes


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def assert_clean_failure(result: Result) -> str:
    """Exit 1 through typer.Exit with one line on stderr, not a traceback; that line."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stdout == ""
    return result.stderr.strip()


# --- policies check ---------------------------------------------------------------------------


def test_policies_check_passes_on_the_real_pack(env: Path) -> None:
    result = run("policies", "check")
    assert result.exit_code == 0, result.output
    assert "rules valid" in result.output
    assert load_pack(PACK).revision in result.output
    rules = len(re.findall(r"^@id\(", "".join(p.read_text() for p in PACK.glob("*.cedar")), re.M))
    assert f"{rules} rules valid" in result.output


def test_policies_check_and_health_count_the_same_rules(env: Path) -> None:
    checked = run("policies", "check")
    with api_client(create_app(get_settings())) as client:
        health = client.get("/health").json()
    shown = re.search(r"(\d+) rules valid \(and (\d+) system rules\)", checked.output)
    assert shown, checked.output
    assert (int(shown[1]), int(shown[2])) == (health["rules"], health["system_rules"])
    assert health["system_rules"] == 3


def _copy_without_title(folder: Path, file: str, rule_id: str) -> int:
    """Copy the pack, drop `rule_id`'s @tittel in `file`; return the line of its permit/forbid."""
    pack = folder / "pack"
    shutil.copytree(PACK, pack)
    lines = (pack / file).read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f'@id("{rule_id}")\n')
    title = next(i for i in range(start, len(lines)) if lines[i].startswith("@tittel("))
    del lines[title]
    (pack / file).write_text("".join(lines), encoding="utf-8")
    relock(pack)  # locked as it is: the check that follows is of the annotations
    effect = next(i for i in range(start, len(lines)) if re.match(r"(permit|forbid) \(", lines[i]))
    return effect + 1


def test_policies_check_names_file_and_line_of_a_missing_title(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = _copy_without_title(env, "kilde.cedar", "kilde_ikke_aktiv")
    monkeypatch.setenv("PJD_POLICY_DIR", str(env / "pack"))
    result = run("policies", "check")
    assert_clean_failure(result)
    assert f"kilde.cedar:{line}:" in result.output
    assert "@tittel" in result.output
    assert "rules valid" not in result.output


def test_policies_check_fails_on_an_empty_pack(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = env / "empty"
    empty.mkdir()
    monkeypatch.setenv("PJD_POLICY_DIR", str(empty))
    result = run("policies", "check")
    assert_clean_failure(result)
    assert "schema.cedarschema" in result.output


# --- registry import and decide ----------------------------------------------------------------


def test_import_then_decide_prints_a_json_decision(env: Path) -> None:
    imported = run("registry", "import", str(DEMO))
    assert imported.exit_code == 0, imported.output
    assert "8 organisations, 1 GP list entries" in imported.output
    result = run("decide", str(write(env, "request.json", decision_body())))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["engine"] == "cedar"
    assert answer["policy_revision"] == load_pack(PACK).revision
    assert answer["at"] == "2026-11-26T10:00:00Z"
    assert [(r["document"], r["decision"]) for r in answer["results"]] == [
        ("D1", "permit"),
        ("D2", "deny"),
    ]
    assert answer["results"][0]["reasons"][0]["rule"] == "dokumentvisning"
    assert answer["results"][0]["obligations"] == [{"id": "logg", "rule": "tilgang_logges"}]
    assert [r["rule"] for r in answer["results"][1]["reasons"]] == ["dokumentklasse_ikke_tillatt"]


def test_decide_without_the_registry_denies(env: Path) -> None:
    result = run("decide", str(write(env, "request.json", decision_body())))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert {r["decision"] for r in answer["results"]} == {"deny"}
    assert "konsument_ikke_registrert" in {r["rule"] for r in answer["results"][0]["reasons"]}


def test_a_second_import_replaces_the_first(env: Path) -> None:
    assert run("registry", "import", str(DEMO)).exit_code == 0
    empty = write(env, "empty.json", {"organisations": [], "gp_list": []})
    assert run("registry", "import", str(empty)).exit_code == 0
    answer = json.loads(run("decide", str(write(env, "r.json", decision_body()))).stdout)
    assert answer["results"][0]["decision"] == "deny"


def test_import_of_an_invalid_file_names_the_field(env: Path) -> None:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["organisations"][2]["orgnr"] = "97411658"
    result = run("registry", "import", str(write(env, "bad.json", data)))
    assert_clean_failure(result)
    assert "organisations[2].orgnr" in result.output
    assert "bad.json" in result.output


def test_import_of_an_invalid_file_changes_nothing(env: Path) -> None:
    assert run("registry", "import", str(DEMO)).exit_code == 0
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    data["gp_list"][0]["from"] = "1. januar 2020"
    assert_clean_failure(run("registry", "import", str(write(env, "bad.json", data))))
    answer = json.loads(run("decide", str(write(env, "r.json", decision_body()))).stdout)
    assert answer["results"][0]["decision"] == "permit"


def test_import_of_a_file_that_is_not_json_fails_cleanly(env: Path) -> None:
    path = env / "broken.json"
    path.write_text("{organisations", encoding="utf-8")
    result = run("registry", "import", str(path))
    assert_clean_failure(result)
    assert "broken.json" in result.output


def test_decide_with_a_bad_patient_names_patient(env: Path) -> None:
    result = run("decide", str(write(env, "r.json", decision_body(patient="0507660032"))))
    assert_clean_failure(result)
    assert re.search(r"^patient: ", result.output, re.M)
    assert "permit" not in result.output


def test_decide_with_duplicate_documents_names_the_second(env: Path) -> None:
    body = decision_body()
    body["documents"][1]["id"] = "D1"
    result = run("decide", str(write(env, "r.json", body)))
    assert_clean_failure(result)
    assert "documents[1].id" in result.output


def test_decide_with_a_malformed_attestation_names_attestation(env: Path) -> None:
    result = run("decide", str(write(env, "r.json", decision_body(attestation='{"practitioner":'))))
    assert_clean_failure(result)
    assert re.search(r"^attestation: ", result.output, re.M)


def test_decide_of_a_missing_file_fails_cleanly(env: Path) -> None:
    result = run("decide", str(env / "missing.json"))
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "missing.json" in result.output


def test_decide_without_a_pack_fails_cleanly(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = env / "empty"
    empty.mkdir()
    monkeypatch.setenv("PJD_POLICY_DIR", str(empty))
    result = run("decide", str(write(env, "r.json", decision_body())))
    assert_clean_failure(result)
    assert "no policy pack loaded" in result.output
    assert "permit" not in result.output


# --- decide is a dry run -----------------------------------------------------------------------


def test_decide_is_a_dry_run_and_says_so(env: Path) -> None:
    assert run("registry", "import", str(DEMO)).exit_code == 0
    result = run("decide", str(write(env, "r.json", decision_body())))
    assert result.exit_code == 0, result.output
    assert result.stderr == "dry run: nothing was written to the access log\n"
    assert json.loads(result.stdout)["results"][0]["decision"] == "permit"
    assert run("log", "verify").stdout == "ok: 0 records\n"


def test_decide_answers_what_the_service_decides(env: Path) -> None:
    assert run("registry", "import", str(DEMO)).exit_code == 0
    body = decision_body()
    dry = json.loads(run("decide", str(write(env, "r.json", body))).stdout)
    with api_client(create_app(get_settings())) as client:
        served = client.post("/v1/pjd/decisions", json=body).json()
    assert dry.pop("decision_id") != served.pop("decision_id")
    assert dry == served
    assert run("log", "verify").stdout == "ok: 2 records\n"  # only the served one was logged


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("{", "r.json: not valid JSON: EOF while parsing an object at line 1 column 1"),
        ("[]", "body: Input should be an object"),
    ],
)
def test_decide_of_a_file_that_is_not_a_body_is_one_line(
    env: Path, content: str, line: str
) -> None:
    (env / "r.json").write_text(content, encoding="utf-8")
    stderr = assert_clean_failure(run("decide", str(env / "r.json")))
    assert stderr.removeprefix(str(env) + "/") == line


def test_decide_of_a_folder_or_a_missing_file_is_one_line(env: Path) -> None:
    assert assert_clean_failure(run("decide", str(env))) == f"{env}: is a folder, not a file"
    missing = env / "missing.json"
    assert assert_clean_failure(run("decide", str(missing))) == f"{missing}: no such file"
    assert assert_clean_failure(run("registry", "import", str(missing))).endswith("no such file")


def test_serve_runs_on_uvloop_and_httptools() -> None:
    """Both are dependencies: `pjd serve` runs uvicorn on them, not on asyncio's loop and h11."""
    from api.cli_serve import serve_stack

    assert serve_stack() == ("uvloop", "httptools")


@pytest.mark.parametrize(("setting", "written"), [(None, True), ("false", False)])
def test_serve_writes_uvicorns_request_lines_unless_told_not_to_and_keeps_connections_75_s(
    env: Path, monkeypatch: pytest.MonkeyPatch, setting: str | None, written: bool
) -> None:
    import uvicorn

    import api.workers

    served: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *_, **options: served.append(options))
    monkeypatch.setattr(api.workers, "run_workers", lambda _, __, options: served.append(options))
    monkeypatch.setenv("PJD_PID_FILE", str(env / "pjd.pid"))
    if setting is not None:
        monkeypatch.setenv("PJD_HTTP_ACCESS_LOG", setting)
    for workers in ("1", "2"):
        result = run("serve", "--workers", workers)
        assert result.exit_code == 0, result.output
    assert [options["access_log"] for options in served] == [written, written]
    assert [options["timeout_keep_alive"] for options in served] == [75.0, 75.0]
