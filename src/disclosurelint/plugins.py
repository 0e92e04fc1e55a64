"""The plugin host: loads the built-in plugin and the ``disclosurelint`` entry points.

Everything a run can use (rules, rule packs, templates, readers, formats) is
collected here into one :class:`Catalog`.  A plugin that fails to import,
implements a hook that does not exist, or raises inside a hook is reported
as a readable message and left out; the run goes on with the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Sequence, Tuple, Type

import pluggy

from . import builtin, codes, hookspecs
from ._version import __version__
from .config import Config
from .packs import PackError, builtin_sources, load_yaml
from .parse import ParseContext, placeholders_of
from .rule import Rule
from .templates import load_templates

BUILTIN = "disclosurelint"
ENTRY_POINT_GROUP = "disclosurelint"


@dataclass
class Catalog:
    """All rules and data available to a run, with the problems met while loading them."""

    rules: List[Rule]
    parse: ParseContext
    packs: List[Mapping[str, Any]]
    formats: Dict[str, Any]
    errors: List[str] = field(default_factory=list)
    plugins: Dict[str, str] = field(default_factory=dict)


def _entry_points() -> Sequence[Any]:
    from importlib.metadata import entry_points

    try:
        return list(entry_points(group=ENTRY_POINT_GROUP))
    except TypeError:  # Python < 3.10
        return list(entry_points().get(ENTRY_POINT_GROUP, []))  # type: ignore[attr-defined]


class PluginHost:
    """A pluggy manager with the built-in plugin and (optionally) the installed ones."""

    def __init__(self, disable: Sequence[str] = (), autoload: bool = True) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.errors: List[str] = []
        self.versions: Dict[str, str] = {BUILTIN: __version__}
        self.pm.register(builtin, name=BUILTIN)
        if autoload:
            self._load_entry_points(set(disable))
        self._drop_invalid()

    def _load_entry_points(self, disabled: set) -> None:
        for ep in sorted(_entry_points(), key=lambda ep: ep.name):
            if ep.name in disabled or ep.name == BUILTIN or self.pm.has_plugin(ep.name):
                continue
            dist = getattr(ep, "dist", None)
            label = f"plugin {ep.name!r}" + (f" ({dist.name} {dist.version})" if dist else "")
            try:
                plugin = ep.load()
                self.pm.register(plugin, name=ep.name)
            except Exception as exc:  # any failure of third-party code is reported, not fatal
                self.errors.append(f"{label} failed to load: {type(exc).__name__}: {exc}")
                continue
            self.versions[ep.name] = dist.version if dist else "unknown"

    def _drop_invalid(self) -> None:
        """Unregister plugins whose hooks do not match a spec (misspelled hook names)."""
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin) or repr(exc.plugin)
                self.errors.append(f"plugin {name!r} was disabled: {exc}")
                self.pm.unregister(exc.plugin)
                self.versions.pop(name, None)

    def call(self, hook: str, **kwargs: Any) -> List[Tuple[str, Any]]:
        """Call one hook on every plugin separately, in registration order (the built-in plugin,
        then entry points by name): ``[(plugin name, result)]``; failures are recorded."""
        results: List[Tuple[str, Any]] = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            try:
                result = impl.function(**{k: kwargs[k] for k in impl.argnames})
            except Exception as exc:
                self.errors.append(f"plugin {impl.plugin_name!r} failed in {hook}: {type(exc).__name__}: {exc}")
                continue
            if result is not None:
                results.append((impl.plugin_name, result))
        return results


def _register_rules(host: PluginHost, classes: List[Tuple[str, Type[Rule]]]) -> List[Rule]:
    rules: Dict[str, Rule] = {}
    for plugin, cls in classes:
        problem = None
        if not (isinstance(cls, type) and issubclass(cls, Rule)):
            problem = f"{cls!r} is not a disclosurelint.rule.Rule subclass"
        elif not codes.is_code(cls.code or ""):
            problem = f"rule {cls.__name__} has an invalid code {cls.code!r} (expected {codes.CODE_GRAMMAR})"
        elif plugin != BUILTIN and cls.code.startswith(codes.RESERVED_PREFIX):
            problem = f"rule {cls.code} uses the reserved prefix {codes.RESERVED_PREFIX}"
        elif cls.code in rules:
            problem = f"rule code {cls.code} is already registered by {rules[cls.code].plugin!r}"
        if problem:
            host.errors.append(f"plugin {plugin!r}: {problem}; rule skipped")
            continue
        cls.plugin = plugin
        rules[cls.code] = cls()
    return sorted(rules.values(), key=lambda r: r.code)


def load_catalog(config: Config) -> Catalog:
    """Load the plugins the config allows and collect everything they contribute."""
    from .checks.identities import identity_rules

    host = PluginHost(disable=config.disable_plugins, autoload=config.autoload_plugins)
    host.call("disclosurelint_configure", config=config)

    rule_classes: List[Tuple[str, Type[Rule]]] = [
        (plugin, cls) for plugin, classes in host.call("disclosurelint_rules") for cls in classes
    ]
    packs: List[Mapping[str, Any]] = []
    for plugin, sources in host.call("disclosurelint_rule_packs"):
        for source in sources:
            try:
                data = load_yaml(source) or {}
                rule_classes.extend((plugin, cls) for cls in identity_rules(data, plugin, str(source)))
            except PackError as exc:
                host.errors.append(f"plugin {plugin!r}: rule pack skipped: {exc}")
                continue
            packs.append(data)

    template_sources = [s for _, sources in host.call("disclosurelint_templates") for s in sources]
    try:
        templates = load_templates(template_sources)
    except PackError as exc:
        host.errors.append(f"templates: {exc}; plugin templates ignored")
        templates = load_templates(builtin_sources("template-"))

    readers = [r for plugin, found in host.call("disclosurelint_readers") if plugin != BUILTIN for r in found]
    readers += [r for plugin, found in host.call("disclosurelint_readers") if plugin == BUILTIN for r in found]
    formats: Dict[str, Any] = {}
    for _, provided in host.call("disclosurelint_formats"):
        formats.update(provided)

    parse = ParseContext(
        templates=templates,
        placeholders=placeholders_of(packs),
        readers=readers,
        limits=config.limits,
    )
    rules = _register_rules(host, rule_classes)
    return Catalog(rules=rules, parse=parse, packs=packs, formats=formats, errors=host.errors, plugins=host.versions)
