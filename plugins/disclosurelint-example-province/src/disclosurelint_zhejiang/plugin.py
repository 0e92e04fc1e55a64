"""The hooks disclosurelint calls: one Python rule with its settings, and one YAML rule pack.

Registered as ``zhejiang`` in the ``disclosurelint`` entry-point group, so
settings live in ``[tool.disclosurelint.plugins.zhejiang]``.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, Dict, List

from disclosurelint.hookspecs import hookimpl
from disclosurelint.settings import Setting

from .rules import RULES, SETTINGS


@hookimpl
def disclosurelint_rules() -> List[type]:
    return list(RULES)


@hookimpl
def disclosurelint_rule_packs() -> List[Any]:
    return [resources.files(__package__) / "county.yaml"]


@hookimpl
def disclosurelint_settings() -> Dict[str, Setting]:
    return SETTINGS
