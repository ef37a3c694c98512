"""Checking objects against our JSON schemas (`schemas/`, written from the HSDS 3.0 and
Open Referral UK 3.0 schemas): the importer checks every object it reads, the tests every
response the API sends. Problems are told in words a coordinator can act on:
"address has no postal_code"."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

SCHEMAS = Path(__file__).with_name("schemas")
BASE = "https://social-prescribing-portal.invalid/oruk/3.0/schema/"
# What an array of objects holds, for naming the object a problem is in.
SINGULAR = {"addresses": "address", "accessibility": "accessibility"}


@cache
def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.stem != "openapi":
            contents = json.loads(path.read_text())
            resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    schema = _registry().contents(f"{BASE}{name}.json")
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def problem(name: str, instance: Any) -> str | None:
    """The most telling problem with `instance` as a `name` object, in words; None if it is valid."""
    error = best_match(validator(name).iter_errors(instance))
    return describe(error, name) if error is not None else None


def errors(name: str, instance: Any) -> list[str]:
    return [describe(error, name) for error in validator(name).iter_errors(instance)]


def _object_name(path: Iterable[object], root: str) -> tuple[str, str]:
    """The innermost object a path ends in, and the field within it."""
    keys = [key for key in path if isinstance(key, str)]
    if not keys:
        return root, ""
    *holders, field = keys
    thing = holders[-1] if holders else root
    return SINGULAR.get(thing, thing.removesuffix("s")), field


def describe(error: ValidationError, root: str) -> str:
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        keys = [key for key in error.absolute_path if isinstance(key, str)]
        thing = SINGULAR.get(keys[-1], keys[-1].removesuffix("s")) if keys else root
        return f"{thing} has no {', '.join(missing)}"
    thing, field = _object_name(error.absolute_path, root)
    return f"{thing} {field}: {error.message}" if field else f"{thing}: {error.message}"
