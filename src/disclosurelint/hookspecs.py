"""Hook specifications: the whole plugin interface of disclosurelint.

A plugin is a module (or object) with functions named like the hooks below,
decorated with :data:`hookimpl`, and registered through the ``disclosurelint``
entry-point group::

    [project.entry-points.disclosurelint]
    shanghai = "disclosurelint_shanghai.plugin"

The national rules ship as the built-in plugin ``disclosurelint.builtin``
registered through these very hooks.  Every hook may be implemented by any
number of plugins; results are collected from all of them, plugin by plugin
in a fixed order: the built-in plugin first, then installed plugins by
entry-point name (when two plugins declare the same rule code, the first
keeps it).  A plugin whose hook raises is reported and its contribution to
that hook left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Sequence

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .readers import Reader

PROJECT = "disclosurelint"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def disclosurelint_rules() -> Sequence[type]:
    """Return the rule classes this plugin contributes.

    Each class subclasses :class:`disclosurelint.rule.Rule` and has a unique
    ``code``.  Third-party codes must not start with ``DL``.  Called once per
    run; the classes are instantiated by the engine.
    """


@hookspec
def disclosurelint_rule_packs() -> Sequence[Any]:
    """Return YAML rule packs (paths or ``importlib.resources`` traversables).

    A pack may declare arithmetic ``identities`` (see ``rules/national.yaml``),
    extra ``placeholders`` and prose ``narrative`` patterns.  Identities become
    rules with the pack's own codes, so a province adds checks without Python.
    """


@hookspec
def disclosurelint_templates() -> Sequence[Any]:
    """Return report templates (YAML paths or traversables).

    A template describes the sections, tables, rows, columns and label
    variants of one report format (see ``rules/template-2021.yaml``).
    """


@hookspec
def disclosurelint_readers() -> Sequence["Reader"]:
    """Return readers for input formats.

    A :class:`disclosurelint.readers.Reader` names its format, the suffixes it
    claims, a cheap ``sniff`` on the first bytes, and ``read`` that turns bytes
    into a :class:`disclosurelint.model.Document` or a ``ReadError``.
    """


@hookspec
def disclosurelint_formats() -> Dict[str, Any]:
    """Return output formats as ``{name: callable or "module:function"}``.

    The callable takes ``(run: RunResult, options: FormatOptions)`` and returns
    the output text (see :mod:`disclosurelint.formats`).  Names become
    ``--format`` values; built-in names cannot be overridden.
    """


@hookspec
def disclosurelint_configure(config: "Config") -> None:
    """Receive the loaded configuration before any file is linted.

    A plugin reads its own settings with ``config.plugin_settings(NAME)``
    (the ``[tool.disclosurelint.plugins.NAME]`` table).
    """
