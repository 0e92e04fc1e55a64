"""The hooks disclosurelint calls: one Python rule and one YAML rule pack.

Registered as ``zhejiang`` in the ``disclosurelint`` entry-point group, so
settings live in ``[tool.disclosurelint.plugins.zhejiang]``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, List

from disclosurelint.hookspecs import hookimpl

from .rules import RULES


@hookimpl
def disclosurelint_rules() -> List[type]:
    return list(RULES)


@hookimpl
def disclosurelint_rule_packs() -> List[Any]:
    return [resources.files(__package__) / "county.yaml"]
