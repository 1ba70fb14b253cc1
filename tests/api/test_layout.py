"""The api's layout as README.md's Layout section states it: the feature packages (`api.pjd`,
`api.authzen`, `api.registry`, `api.restrictions`, `api.access_log`, `api.health`) import one
another only through the modules each offers (`PUBLIC`), only along `MAY_IMPORT`, and their
`routes` only the composition root (`api.main`) imports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tests.imports_of import imports_of

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ("pjd", "authzen", "registry", "restrictions", "access_log", "health")
# the modules of a feature package that the rest of the api may import
PUBLIC = {
    "pjd": {"service", "facts", "schemas", "citizens"},
    "authzen": {"docs"},
    "registry": {"store", "cache", "snapshot", "grants"},
    "restrictions": {"store"},
    "access_log": {"store", "group_commit", "entries", "models"},
    "health": {"readiness"},
}
# which feature packages a feature package's modules may import (its routes: see ROUTES_MAY)
MAY_IMPORT = {
    "pjd": {"registry", "restrictions", "access_log"},
    "authzen": {"pjd"},
    "registry": set(),
    "restrictions": set(),
    "access_log": set(),
    "health": set(),
}
ROUTES_MAY = {"access_log": {"pjd"}}  # the citizen's log view is a decision


def _feature_imports(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line, feature, module) of each import of a feature package's module."""
    for line, name in imports_of(path):
        parts = name.split(".")
        if len(parts) >= 3 and parts[0] == "api" and parts[1] in FEATURES:
            yield line, parts[1], parts[2]


def _owner(path: Path) -> tuple[str | None, str]:
    """The feature package a module is in (None: the shared top level, migrations included)."""
    relative = path.relative_to(ROOT / "api")
    in_feature = len(relative.parts) > 1 and relative.parts[0] in FEATURES
    return (relative.parts[0], relative.stem) if in_feature else (None, path.stem)


def _violations() -> Iterator[str]:
    for path in sorted((ROOT / "api").rglob("*.py")):
        feature, module = _owner(path)
        allowed = MAY_IMPORT.get(feature or "", set())
        if module == "routes":
            allowed = allowed | ROUTES_MAY.get(feature or "", set())
        for line, other, imported in _feature_imports(path):
            where = f"{path.relative_to(ROOT)}:{line} imports api.{other}.{imported}"
            if other == feature:
                continue
            if imported == "routes" and path != ROOT / "api" / "main.py":
                yield f"{where}: routes are composed only in api/main.py"
            elif imported not in PUBLIC[other] and imported != "routes":
                yield f"{where}: not one of api.{other}'s public modules {sorted(PUBLIC[other])}"
            elif feature is not None and other not in allowed:
                yield f"{where}: api.{feature} may import only {sorted(allowed)}"


def test_the_feature_packages_import_one_another_only_as_the_readme_says() -> None:
    assert list(_violations()) == []


def test_every_feature_package_is_a_package_listed_in_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text()
    for feature in FEATURES:
        assert (ROOT / "api" / feature / "__init__.py").is_file(), feature
        assert f'"api.{feature}"' in pyproject, feature
    assert not (ROOT / "api" / "routes").exists()


def test_the_readme_names_every_feature_package() -> None:
    layout = (ROOT / "README.md").read_text().split("## Layout", 1)[1].split("\n## ", 1)[0]
    for feature in FEATURES:
        assert f"`api/{feature}/`" in layout, feature
