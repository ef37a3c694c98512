"""The import-linter contracts (pyproject.toml) name modules one by one: these tests fail when a
new route or model module is missing from them, so a new module cannot slip past the layers."""

from __future__ import annotations

import re
import tomllib

from portal.config import default_project_root

ROOT = default_project_root()
ROUTE_MODULE = re.compile(r"(^|\.)(\w+_)?routes(\.|$)")


def modules() -> list[str]:
    found = []
    for path in (ROOT / "src" / "portal").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        dotted = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts)
        found.append(dotted.removesuffix(".__init__"))
    return sorted(found)


def contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    return {contract["name"]: contract for contract in config}


def test_every_route_module_is_kept_away_from_the_database():
    routes = {name for name in modules() if ROUTE_MODULE.search(name.removeprefix("portal."))}
    checked = set(contracts()["Route modules reach the database only through queries and services"]["source_modules"])
    assert routes - checked == set()


def test_every_route_module_is_out_of_bounds_for_other_features():
    routes = {name for name in modules() if ROUTE_MODULE.search(name.removeprefix("portal."))}
    for name, contract in contracts().items():
        if name.endswith("imports no other feature's routes"):
            feature = contract["source_modules"][0]
            others = {module for module in routes if not module.startswith(f"{feature}.") and module != feature}
            assert others - set(contract["forbidden_modules"]) == set(), name


def test_every_model_module_imports_no_routes_forms_or_services():
    models = {name for name in modules() if name.endswith((".models", ".records"))}
    assert models - set(contracts()["Models import no routes, forms or services"]["source_modules"]) == set()


def test_every_feature_with_routes_has_its_own_contract():
    routes = {name for name in modules() if ROUTE_MODULE.search(name.removeprefix("portal."))}
    features = {name.split(".")[1] for name in routes}
    assert {f"{feature} imports no other feature's routes" for feature in features} <= set(contracts())


def test_the_time_of_day_comes_from_the_one_clock():
    """`portal.clock.now()` (which a test can fix), or `portal.db.utcnow()` that it reads: never
    the machine's own `datetime.now()` or `date.today()`."""
    own_clock = re.compile(r"\b(datetime\.now|datetime\.utcnow|date\.today)\(")
    source = ROOT / "src" / "portal"
    readers = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if "migrations" not in path.parts
        and path not in (source / "db.py", source / "clock.py")
        and own_clock.search(path.read_text())
    ]
    assert readers == []
