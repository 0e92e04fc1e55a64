"""Hook specifications: the whole plugin interface of disclosurelint.

A plugin is a module (or object) with functions named like the hooks below,
decorated with :data:`hookimpl`, and registered through the ``disclosurelint``
entry-point group::

    [project.entry-points.disclosurelint]
    shanghai = "disclosurelint_shanghai.plugin"

The national rules ship as the built-in plugin ``disclosurelint.builtin``
registered through these very hooks.  Every hook may be implemented by any
number of plugins and is called through pluggy, which collects the results
of all of them in its call order: the built-in plugin first, then the
plugins given to ``Linter(plugins=...)``, then installed plugins by
entry-point name; ``@hookimpl(tryfirst=True)`` / ``(trylast=True)`` move an
implementation to the front / the back, and ``@hookimpl(wrapper=True)``
wraps the others (it receives the list of their results and returns it,
changed or not).  When two plugins declare the same rule code, the first
called keeps it.  A plugin whose hook raises is reported and its
contribution to that hook left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, Sequence

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from .config import Config
    from .readers import Reader
    from .settings import Setting

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
    into a :class:`disclosurelint.model.Document` or a ``ReadError``.  Readers
    are asked in call order; the built-in readers are ``trylast``, so a
    plugin's reader is asked first.
    """


@hookspec
def disclosurelint_formats() -> Dict[str, Any]:
    """Return output formats as ``{name: callable or "module:function"}``.

    The callable takes ``(run: RunResult, options: FormatOptions)`` and returns
    the output text (see :mod:`disclosurelint.formats`).  Names become
    ``--format`` values; built-in names cannot be overridden.  Each
    ``FileResult.findings`` holds the findings to report; those a suppression
    accepted and those in the baseline are in ``suppressed`` and ``baselined``.
    """


@hookspec
def disclosurelint_settings() -> Dict[str, "Setting"]:
    """Declare this plugin's settings: ``{"kebab-key": Setting(converter, default, help)}``.

    The host checks the user's ``[tool.disclosurelint.plugins.NAME]`` table
    against them before any file is linted, with the converters the config
    itself uses (:mod:`disclosurelint.settings`): an unknown key or a wrong
    value is a configuration error (exit 2) naming the plugin and the key.
    Rules then read the converted values, defaults filled in, from
    ``ctx.settings``.  A plugin without this hook gets its table unchecked.
    """


@hookspec
def disclosurelint_configure(config: "Config") -> None:
    """Receive each configuration in use before any file is linted with it.

    A run over folders with their own config files calls it once per config.
    A plugin reads its own settings, checked and converted, with
    ``config.plugin_settings(NAME)`` (the ``[tool.disclosurelint.plugins.NAME]``
    table).
    """
