"""The plugin host: the built-in plugin, plugins given by the caller, and the ``disclosurelint`` entry points.

Hooks are called through pluggy (``pm.hook.NAME(...)``), so ``tryfirst``,
``trylast``, wrappers, tracing and call monitoring work as pluggy defines
them.  Without those options the call order is: the built-in plugin, the
plugins given to ``Linter(plugins=...)`` in their order, then the installed
plugins by entry-point name.  Every implementation is guarded: a plugin that
fails to import, implements a hook that does not exist, raises inside a hook
or returns the wrong type is reported as a readable message (attributed to
it) and its contribution is left out; the run goes on with the rest.

Everything a run can use (rules, rule packs, templates, readers, formats,
declared settings) is collected into one :class:`Catalog`.  Templates load
first: each rule pack is checked against them when it loads
(:mod:`disclosurelint.packs`), and a pack that fails is reported and left out
whole, the packs before it intact.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Generator, Iterable, List, Optional, Sequence, Set, Tuple, Type

import pluggy

from . import builtin, codes, hookspecs
from ._version import __version__
from .config import Config
from .packs import PackError, RulePacks, builtin_sources, read_pack
from .parse import ParseContext, placeholders_of
from .rule import Rule
from .settings import Setting
from .templates import load_templates

BUILTIN = "disclosurelint"
ENTRY_POINT_GROUP = "disclosurelint"
#: Hooks that return a mapping; the others return a list.
_MAPPING_HOOKS = frozenset({"disclosurelint_formats", "disclosurelint_settings"})
_HOOKS = tuple(name for name in vars(hookspecs) if name.startswith("disclosurelint_"))


def _entry_points() -> Sequence[Any]:
    from importlib.metadata import entry_points

    try:
        return list(entry_points(group=ENTRY_POINT_GROUP))
    except TypeError:  # Python < 3.10
        return list(entry_points().get(ENTRY_POINT_GROUP, []))  # type: ignore[attr-defined]


def _given(item: Any) -> Tuple[str, Any, str]:
    """``(name, plugin, version)`` for an item of ``Linter(plugins=...)``: a ``(name, plugin)`` pair, or a
    plugin named as pluggy names it; the version is its ``__version__`` or its top-level package's."""
    if isinstance(item, tuple):
        name, plugin = item
    else:
        plugin = item
        name = getattr(plugin, "__name__", None) or str(id(plugin))
    package = sys.modules.get(str(getattr(plugin, "__name__", "")).partition(".")[0])
    version = getattr(plugin, "__version__", None) or getattr(package, "__version__", None) or "unknown"
    return name, plugin, str(version)


class PluginHost:
    """A pluggy manager holding the built-in plugin, the given plugins and (with ``autoload``) the installed ones."""

    def __init__(self, plugins: Iterable[Any] = (), disable: Sequence[str] = (), autoload: bool = True) -> None:
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.errors: List[str] = []
        #: Plugin name -> its first problem (failed to load, disabled, failed in a hook, a rule skipped).
        self.failed: Dict[str, str] = {}
        #: Plugins whose implementation returned a value in the last :meth:`collect`.
        self.answered: Set[str] = set()
        self._owners: Dict[int, Tuple[str, Any]] = {}
        order: List[Tuple[str, Any, str]] = [(BUILTIN, builtin, __version__)]
        order += [given for given in map(_given, plugins) if given[0] not in disable]
        if autoload:
            order += self._load_entry_points({*disable, *(name for name, _, _ in order)})
        for name, plugin, _ in reversed(order):  # pluggy calls the last registered first
            try:
                self.pm.register(plugin, name=name)
            except Exception as exc:  # pluggy rejects a hook whose arguments are not in the spec
                self.problem(name, f"plugin {name!r} was disabled: {exc}")
        self._drop_invalid()
        #: Loaded plugin name -> version, in call order.
        self.versions = {name: version for name, _, version in order if self.pm.has_plugin(name)}
        for hook in _HOOKS:
            for impl in getattr(self.pm.hook, hook).get_hookimpls():
                impl.function = self._guarded(hook, impl)

    def problem(self, plugin: str, message: str) -> None:
        """Record a problem of ``plugin`` (shown as a warning; ``require-plugins``/``strict`` make it an error)."""
        self.errors.append(message)
        self.failed.setdefault(plugin, message)

    def _load_entry_points(self, skip: Set[str]) -> List[Tuple[str, Any, str]]:
        loaded = []
        for ep in sorted(_entry_points(), key=lambda ep: ep.name):
            if ep.name in skip:
                continue
            skip.add(ep.name)  # of two entry points with one name, the first loads
            dist = getattr(ep, "dist", None)
            label = f"plugin {ep.name!r}" + (f" ({dist.name} {dist.version})" if dist else "")
            try:
                plugin = ep.load()
            except Exception as exc:  # any failure of third-party code is reported, not fatal
                self.problem(ep.name, f"{label} failed to load: {type(exc).__name__}: {exc}")
                continue
            loaded.append((ep.name, plugin, dist.version if dist else "unknown"))
        return loaded

    def _drop_invalid(self) -> None:
        """Unregister plugins whose hooks do not match a spec (misspelled hook names)."""
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as exc:
                name = self.pm.get_name(exc.plugin) or repr(exc.plugin)
                self.problem(name, f"plugin {name!r} was disabled: {exc}")
                self.pm.unregister(exc.plugin)

    # -- calling hooks -----------------------------------------------------

    def collect(self, hook: str, **kwargs: Any) -> List[Tuple[str, Any]]:
        """Call ``hook`` through pluggy: ``(plugin name, item)`` for every item of every result in
        call order (a mapping result gives ``(key, value)`` items)."""
        self._owners = {}
        self.answered = set()
        items: List[Tuple[str, Any]] = []
        for result in getattr(self.pm.hook, hook)(**kwargs):
            for item in result.items() if isinstance(result, dict) else result:
                value = item[1] if isinstance(result, dict) else item
                items.append((self._owners[id(value)][0], item))
        return items

    def _own(self, plugin: str, results: Iterable[Any]) -> None:
        """Note ``plugin`` as the owner of the items in ``results`` not owned yet (kept alive for ``id``)."""
        for result in results:
            for value in result.values() if isinstance(result, dict) else result:
                self._owners.setdefault(id(value), (plugin, value))

    def _failed_in(self, plugin: str, hook: str, exc: Exception) -> None:
        self.problem(plugin, f"plugin {plugin!r} failed in {hook}: {type(exc).__name__}: {exc}")

    def _guarded(self, hook: str, impl: Any) -> Callable[..., Any]:
        """``impl.function`` with its failures reported and its contribution left out."""
        if impl.wrapper or impl.hookwrapper:
            return self._guarded_wrapper(hook, impl)
        function, plugin = impl.function, impl.plugin_name
        expected = dict if hook in _MAPPING_HOOKS else (list, tuple)

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                result = function(*args, **kwargs)
                if result is not None and not isinstance(result, expected):
                    shape = "a dict" if expected is dict else "a list"
                    raise TypeError(f"returned {type(result).__name__}, expected {shape}")
            except Exception as exc:
                self._failed_in(plugin, hook, exc)
                return None
            if result is not None:
                self.answered.add(plugin)
                self._own(plugin, [result])
            return result

        return call

    def _guarded_wrapper(self, hook: str, impl: Any) -> Callable[..., Generator[None, Any, Any]]:
        """A hook wrapper (``wrapper=True``, or the older ``hookwrapper=True``) that cannot break the call:
        when it raises, the inner result goes through unchanged."""
        function, plugin = impl.function, impl.plugin_name

        def wrapper(*args: Any, **kwargs: Any) -> Generator[None, Any, Any]:
            steps = function(*args, **kwargs)
            try:
                next(steps)
            except Exception as exc:
                self._failed_in(plugin, hook, exc)
                return (yield)
            received = yield
            try:
                steps.send(received)
            except StopIteration as stop:
                self._own(plugin, stop.value if impl.wrapper else received.get_result())
                return stop.value
            except Exception as exc:
                self._failed_in(plugin, hook, exc)
                return received
            steps.close()
            self._failed_in(plugin, hook, RuntimeError("the wrapper yielded more than once"))
            return received

        return wrapper


@dataclass
class Catalog:
    """All rules and data available to a run, with the problems met while loading them."""

    rules: List[Rule]
    parse: ParseContext
    packs: RulePacks
    formats: Dict[str, Any]
    errors: List[str] = field(default_factory=list)
    #: Loaded plugin name -> version, in call order.
    plugins: Dict[str, str] = field(default_factory=dict)
    #: Settings declared by plugins (``disclosurelint_settings``): plugin -> key -> spec.
    settings: Dict[str, Dict[str, Setting]] = field(default_factory=dict)
    #: Plugin name -> its first problem.
    failed: Dict[str, str] = field(default_factory=dict)
    #: False when some plugin may be missing: one failed, was disabled or autoloading is off.
    complete: bool = True
    host: Optional[PluginHost] = None

    def configure(self, config: Config) -> None:
        """Hand a config to every plugin's ``disclosurelint_configure``."""
        if self.host is not None:
            self.host.collect("disclosurelint_configure", config=config)


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
            host.problem(plugin, f"plugin {plugin!r}: {problem}; rule skipped")
            continue
        cls.plugin = plugin
        rules[cls.code] = cls()
    return sorted(rules.values(), key=lambda r: r.code)


def _declared_settings(host: PluginHost) -> Dict[str, Dict[str, Setting]]:
    """The settings each plugin declares; a plugin without the hook declares nothing (its table is not checked)."""
    declared: Dict[str, Dict[str, Setting]] = {}
    for plugin, (key, spec) in host.collect("disclosurelint_settings"):
        if isinstance(key, str) and isinstance(spec, Setting):
            declared.setdefault(plugin, {})[key] = spec
        else:
            host.problem(plugin, f"plugin {plugin!r}: setting {key!r} is not a disclosurelint.settings.Setting; ignored")
    for plugin in host.answered:
        declared.setdefault(plugin, {})
    return declared


def load_catalog(config: Config, plugins: Iterable[Any] = ()) -> Catalog:
    """Load the plugins the config allows (and ``plugins``, see :class:`PluginHost`) and collect
    everything they contribute."""
    from .checks.identities import identity_rules

    host = PluginHost(plugins, disable=config.disable_plugins, autoload=config.autoload_plugins)
    rule_classes: List[Tuple[str, Type[Rule]]] = host.collect("disclosurelint_rules")
    template_sources = [source for _, source in host.collect("disclosurelint_templates")]
    try:
        templates = load_templates(template_sources)
    except PackError as exc:
        host.errors.append(f"templates: {exc}; plugin templates ignored")
        templates = load_templates(builtin_sources("template-"))

    packs = RulePacks()
    for plugin, source in host.collect("disclosurelint_rule_packs"):
        try:
            pack = read_pack(source, templates)
            packs = packs.add(pack)
        except PackError as exc:
            host.problem(plugin, f"plugin {plugin!r}: rule pack skipped: {exc}")
            continue
        rule_classes.extend((plugin, cls) for cls in identity_rules(pack, plugin))

    readers = [reader for _, reader in host.collect("disclosurelint_readers")]
    formats = dict(item for _, item in host.collect("disclosurelint_formats"))
    settings = _declared_settings(host)
    parse = ParseContext(templates=templates, placeholders=placeholders_of(packs), readers=readers, limits=config.limits)
    rules = _register_rules(host, rule_classes)
    return Catalog(
        rules=rules,
        parse=parse,
        packs=packs,
        formats=formats,
        errors=host.errors,
        plugins=host.versions,
        settings=settings,
        failed=host.failed,
        complete=config.autoload_plugins and not config.disable_plugins and not host.failed,
        host=host,
    )
