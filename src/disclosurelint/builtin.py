"""The built-in plugin: the national rules, packs, templates and readers.

Registered through the same hooks a third-party plugin implements.
"""

from __future__ import annotations

from typing import Any, Dict, List

from .hookspecs import hookimpl
from .packs import builtin_sources
from .readers import Reader
from .settings import Setting


@hookimpl
def disclosurelint_rules() -> List[type]:
    from .checks import artifacts, cells, dates, duplicates, fees, history, narrative, structure

    modules = (structure, cells, fees, narrative, history, duplicates, dates, artifacts)
    return [rule for module in modules for rule in module.RULES]


@hookimpl
def disclosurelint_rule_packs() -> List[Any]:
    return builtin_sources("national") + builtin_sources("narrative")


@hookimpl
def disclosurelint_templates() -> List[Any]:
    return builtin_sources("template-")


@hookimpl(trylast=True)
def disclosurelint_readers() -> List[Reader]:
    from .parse import builtin_readers

    return builtin_readers()


@hookimpl
def disclosurelint_settings() -> Dict[str, Setting]:
    return {}  # the national rules are configured by top-level keys
