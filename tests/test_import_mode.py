"""The tests import the project as packages (`--import-mode=importlib`, `pythonpath = ["."]`):
no test, conftest or step module edits the interpreter's search path to find a module."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD = ("tests", "scenarios")


def _touches_search_path(tree: ast.AST) -> list[int]:
    """Lines that read or change `sys.path` (`sys.path`, `from sys import path`)."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "path"
            and isinstance(node.value, ast.Name)
            and node.value.id == "sys"
        ):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "sys":
            lines += [node.lineno for alias in node.names if alias.name == "path"]
    return lines


def test_pytest_imports_by_importlib_from_the_root() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pytest_options = options["tool"]["pytest"]["ini_options"]
    assert "--import-mode=importlib" in pytest_options["addopts"].split()
    assert pytest_options["pythonpath"] == ["."]


def test_no_module_under_tests_or_scenarios_edits_sys_path() -> None:
    found = {
        f"{path.relative_to(ROOT)}:{line}"
        for folder in HELD
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line in _touches_search_path(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert not found, f"sys.path is edited in {sorted(found)}; import the package instead"


def test_the_check_sees_both_spellings() -> None:
    tree = ast.parse("import sys\nsys.path.insert(0, '.')\nfrom sys import path\n")
    assert sorted(_touches_search_path(tree)) == [2, 3]
