"""Configuration: ``[tool.disclosurelint]`` in pyproject.toml or disclosurelint.toml.

:func:`find_config` walks up from a path, :func:`load_config` parses and
validates (every problem is a :class:`ConfigError` naming the file and the
key; the converters are in :mod:`disclosurelint.settings`), and
:meth:`Config.merge_cli` layers command-line flags on top.

:class:`ConfigResolver` says which config applies to which file, as ruff's
resolver does: on the command line each file uses its nearest config file
(files with none above them use the run's config, found from the working
directory); ``--config FILE`` fixes one config for every file and
``--isolated`` uses the defaults.

Rule selection, per-file ignores and severities are decided by
:mod:`disclosurelint.filter`; globs are :mod:`disclosurelint.globs`, matched
against POSIX paths relative to the config root.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from . import settings as conv
from ._version import __version__
from .findings import Severity
from .globs import any_case, display_relative, fold_suffix, glob_matches
from .readers import Limits
from .settings import ConfigError, Converter, Source

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.docx", "*.pdf"]
#: A reports repository's own documents: never reports, in any letter case and with any extension.
_REPOSITORY_DOCUMENTS = ("README", "CHANGELOG", "LICENSE", "CONTRIBUTING")
DEFAULT_EXCLUDE = [
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".disclosurelint_cache",
    "build",
    "dist",
    "docs",
    *(glob for stem in _REPOSITORY_DOCUMENTS for glob in (any_case(stem), any_case(stem) + ".*")),
]
DEFAULT_CACHE_DIR = ".disclosurelint_cache"
_REPORT_KINDS = ("government", "department")
_PYPROJECT_TABLE = "tool.disclosurelint"


@dataclass(frozen=True)
class IdentityOverride:
    """``[[overrides]]``: report identity for the paths matching ``path``."""

    path: str
    agency: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None

    def identity(self) -> Dict[str, Any]:
        """The fields this override sets."""
        fields = dataclasses.asdict(self)
        return {k: v for k, v in fields.items() if k != "path" and v is not None}


@dataclass
class Config:
    """Settings of one config file (or of the defaults), with the command line's on top.

    Relative paths (``cache_dir``, ``history``, ``repository_root``, ``suppressions``, ``baseline``)
    resolve against ``root``.
    """

    source: Optional[Path] = None
    select: Optional[List[str]] = None
    extend_select: List[str] = field(default_factory=list)
    ignore: List[str] = field(default_factory=list)
    per_file_ignores: Dict[str, List[str]] = field(default_factory=dict)
    severity: Dict[str, Severity] = field(default_factory=dict)
    include: List[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: List[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    fail_on: Severity = Severity.WARNING
    plugins: Dict[str, Dict[str, Any]] = field(default_factory=dict)
    #: The directory holding the config file (the working directory when there is none).
    root: Path = field(default_factory=Path.cwd)
    extend_exclude: List[str] = field(default_factory=list)
    #: Excludes apply to paths named on the command line too (as pre-commit passes them).
    force_exclude: bool = False
    #: Default output format name; None leaves the choice to the command line.
    format: Optional[str] = None
    cache: bool = True
    cache_dir: Path = Path(DEFAULT_CACHE_DIR)
    #: Worker processes; None means one per CPU.
    jobs: Optional[int] = None
    disable_plugins: List[str] = field(default_factory=list)
    autoload_plugins: bool = True
    #: Plugins that must load without problems: a missing or failed one is a configuration error.
    require_plugins: List[str] = field(default_factory=list)
    #: Problems while loading plugins and rule packs are errors, not warnings.
    strict: bool = False
    #: The folder output paths are relative to; None: the git top-level of the linted files.
    repository_root: Optional[Path] = None
    #: The suppressions file; None: ``disclosurelint-suppressions.toml`` in ``root`` when there is one.
    suppressions: Optional[Path] = None
    #: The baseline file (a setting of the run as a whole): findings recorded in it are not reported.
    baseline: Optional[Path] = None
    #: Folders holding previous years' reports (DL6xx).
    history: List[Path] = field(default_factory=list)
    duplicate_threshold: float = 0.9
    overrides: List[IdentityOverride] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)
    #: The settings the command line gave (converted), to name them in error messages.
    cli: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root = Path(os.path.abspath(self.root))
        self.cache_dir = self.root / self.cache_dir
        self.history = [self.root / p for p in self.history]
        if self.repository_root is not None:
            self.repository_root = self.root / self.repository_root
        if self.suppressions is not None:
            self.suppressions = self.root / self.suppressions
        if self.baseline is not None:
            self.baseline = self.root / self.baseline

    def plugin_settings(self, name: str) -> Dict[str, Any]:
        """``[tool.disclosurelint.plugins.NAME]`` (a copy; empty when absent)."""
        return dict(self.plugins.get(name, {}))

    # -- where settings come from -------------------------------------------

    @property
    def where(self) -> str:
        """The config file, for messages."""
        return str(self.source) if self.source is not None else "configuration"

    def key(self, setting: str) -> str:
        """The TOML key of a setting (``tool.disclosurelint.select`` in a pyproject.toml)."""
        name = setting.replace("_", "-")
        in_pyproject = self.source is not None and self.source.name == "pyproject.toml"
        return f"{_PYPROJECT_TABLE}.{name}" if in_pyproject else name

    def origin(self, setting: str, item: Any = None) -> Tuple[str, str]:
        """(where, key) of a setting, or of one ``item`` of a list or table setting: the command
        line's flag when it gave it, else the config file's key."""
        given = self.cli.get(setting)
        if given is not None and (item is None or item in given):
            return "command line", "--" + setting.replace("_", "-")
        return self.where, self.key(setting)

    # -- paths -------------------------------------------------------------

    def relative_path(self, path: str | os.PathLike[str]) -> str:
        """``path`` (relative to the working directory, or absolute) as a POSIX path relative to
        the root; absolute when it lies outside the root."""
        return display_relative(os.fspath(path), os.fspath(self.root))

    def matches_include(self, path: str | os.PathLike[str]) -> bool:
        """Whether a file found while walking directories is a report to lint (extensions in any case)."""
        rel = fold_suffix(self.relative_path(path))
        return any(glob_matches(fold_suffix(p), rel, parents=False) for p in self.include)

    def is_excluded(self, path: str | os.PathLike[str], parents: bool = True) -> bool:
        """Whether ``path`` (a file or directory) or one of its parents below the root is excluded.

        ``parents=False`` checks the path alone: a directory walk that prunes
        excluded folders has checked the parents already."""
        rel = self.relative_path(path)
        return any(glob_matches(p, rel, parents=parents) for p in self.exclude + self.extend_exclude)

    def identity_override(self, path: str | os.PathLike[str]) -> Dict[str, Any]:
        """``agency``/``year``/``kind`` from the overrides matching ``path`` (later ones win)."""
        rel = self.relative_path(path)
        merged: Dict[str, Any] = {}
        for override in self.overrides:
            if glob_matches(override.path, rel, parents=True):
                merged.update(override.identity())
        return merged

    # -- command line and cache --------------------------------------------

    def merge_cli(self, **overrides: Any) -> "Config":
        """A copy with command-line values (snake_case setting names; None = not given) on top.

        Lists replace the config's, except ``extend_select``, ``extend_exclude``,
        ``disable_plugins`` and ``require_plugins`` which add, and ``severity``
        (``["DL602=warning"]`` or a mapping) which overrides per code.  As in
        ruff, a command-line ``select`` starts over: the config's
        ``extend-select`` no longer applies.  Relative paths resolve against the
        working directory.
        """
        source = Source("command line", Path.cwd())
        given: Dict[str, Any] = {}
        for name, value in overrides.items():
            key = name.replace("_", "-")
            if key not in _CLI_SETTINGS:
                raise TypeError(f"merge_cli() got an unexpected setting {name!r}")
            if value is not None:
                given[name] = _SETTINGS[key](source, "--" + key, value)
        changes = dict(given)
        if "select" in changes or "extend_select" in changes:
            kept = [] if "select" in changes else self.extend_select
            changes["extend_select"] = kept + changes.get("extend_select", [])
        for name in ("extend_exclude", "disable_plugins", "require_plugins"):
            if name in changes:
                changes[name] = getattr(self, name) + changes[name]
        if "severity" in changes:
            changes["severity"] = {**self.severity, **changes["severity"]}
        return dataclasses.replace(self, **changes, cli={**self.cli, **given})

    def fingerprint(self) -> str:
        """A stable hash of everything in the config that can change a file's findings."""
        data = {
            "version": __version__,
            "root": str(self.root),
            "select": None if self.select is None else sorted(set(self.select)),
            "extend_select": sorted(set(self.extend_select)),
            "ignore": sorted(set(self.ignore)),
            "per_file_ignores": {k: sorted(set(v)) for k, v in self.per_file_ignores.items()},
            "severity": {k: v.value for k, v in self.severity.items()},
            "plugins": self.plugins,
            "disable_plugins": sorted(set(self.disable_plugins)),
            "autoload_plugins": self.autoload_plugins,
            "history": [str(p) for p in self.history],
            "duplicate_threshold": self.duplicate_threshold,
            "overrides": [dataclasses.asdict(o) for o in self.overrides],
            "limits": dataclasses.asdict(self.limits),
        }
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# -- discovery and loading ----------------------------------------------------


def config_file_in(directory: Path) -> Optional[Path]:
    """The config file of ``directory`` itself: ``disclosurelint.toml``, else a ``pyproject.toml``
    with a ``[tool.disclosurelint]`` table."""
    candidate = directory / "disclosurelint.toml"
    if candidate.is_file():
        return candidate
    candidate = directory / "pyproject.toml"
    if candidate.is_file() and _pyproject_table(read_toml(candidate)) is not None:
        return candidate
    return None


def find_config(start: Path) -> Optional[Path]:
    """The nearest config file in ``start`` (a directory, or a file's parent) or above it.

    ``disclosurelint.toml`` wins over ``pyproject.toml`` in the same directory; a
    pyproject.toml without ``[tool.disclosurelint]`` is skipped.
    """
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        found = config_file_in(directory)
        if found is not None:
            return found
    return None


def load_config(path: Optional[Path]) -> Config:
    """Parse and validate the config file at ``path``; defaults (root = cwd) for None.

    A file named ``pyproject.toml`` is read from its ``[tool.disclosurelint]`` table, any
    other file from its top-level keys.
    """
    if path is None:
        return Config()
    path = Path(os.path.abspath(path))
    data = read_toml(path)
    prefix = ""
    if path.name == "pyproject.toml":
        table = _pyproject_table(data)
        if table is None:
            raise ConfigError(f"{path}: no [{_PYPROJECT_TABLE}] table")
        prefix = _PYPROJECT_TABLE
    else:
        table = data
    source = Source(str(path), path.parent)
    table = conv.table(source, prefix or "(top level)", table)
    values = conv.convert_table(source, prefix, table, _SETTINGS)
    return Config(source=path, root=path.parent, **values)


def resolve_config(
    start: Path, config_file: Optional[Path] = None, isolated: bool = False
) -> Config:
    """One config: defaults with ``isolated``, the ``config_file`` when given, else the one
    discovered from ``start``."""
    if isolated and config_file is not None:
        raise ConfigError("--config and --isolated cannot be used together")
    if isolated:
        return Config()
    return load_config(config_file if config_file is not None else find_config(start))


class ConfigResolver:
    """The config of each file: one fixed config, or (``hierarchical``) the nearest config file
    above the file, the ``run_config`` for files with none; ``cli`` settings on top of each.

    The ``run_config`` also holds the settings of the run as a whole (``format``,
    ``fail-on``, ``jobs``, ``repository-root``, ``baseline``).
    """

    def __init__(self, run_config: Config, hierarchical: bool = False, cli: Optional[Mapping[str, Any]] = None) -> None:
        self.run_config = run_config
        self.hierarchical = hierarchical
        self.cli = dict(cli or {})
        self._nearest: Dict[str, Optional[Path]] = {}
        self._loaded: Dict[Path, Config] = {run_config.source: run_config} if run_config.source else {}

    @classmethod
    def from_command_line(
        cls, config_file: Optional[Path] = None, isolated: bool = False, cli: Optional[Mapping[str, Any]] = None
    ) -> "ConfigResolver":
        """Hierarchical from the working directory, unless ``--config FILE`` or ``--isolated`` fix one config."""
        cli = dict(cli or {})
        run_config = resolve_config(Path.cwd(), config_file, isolated).merge_cli(**cli)
        return cls(run_config, hierarchical=config_file is None and not isolated, cli=cli)

    def config_for(self, path: str | os.PathLike[str]) -> Config:
        """The config that applies to the file or directory ``path``."""
        if not self.hierarchical:
            return self.run_config
        absolute = os.path.abspath(path)
        found = self._find(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
        if found is None:
            return self.run_config
        config = self._loaded.get(found)
        if config is None:
            config = self._loaded[found] = load_config(found).merge_cli(**self.cli)
        return config

    def _find(self, directory: str) -> Optional[Path]:
        """The nearest config file in ``directory`` or above it (memoised per directory)."""
        if directory not in self._nearest:
            parent = os.path.dirname(directory)
            here = config_file_in(Path(directory))
            self._nearest[directory] = here if here is not None or parent == directory else self._find(parent)
        return self._nearest[directory]


def read_toml(path: Path) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11 only
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _pyproject_table(data: Mapping[str, Any]) -> Optional[Any]:
    tool = data.get("tool")
    return tool.get("disclosurelint") if isinstance(tool, dict) else None


# -- the converters of the config's own tables --------------------------------


def _severities(source: Source, key: str, value: Any) -> Dict[str, Severity]:
    if not isinstance(value, dict):  # the command line's CODE=LEVEL form
        pairs = {}
        for item in conv.strings(source, key, value, "CODE=LEVEL items such as DL602=warning"):
            code, sep, level = item.partition("=")
            if not sep:
                raise source.expected(key, "CODE=LEVEL such as DL602=warning", item)
            pairs[code.strip()] = level.strip()
        value = pairs
    result = {}
    for code, level in value.items():
        conv.check_code(source, conv.join(key, code), code)
        result[code] = conv.severity(source, conv.join(key, code), level)
    return result


def _per_file_ignores(source: Source, key: str, value: Any) -> Dict[str, List[str]]:
    table = conv.table(source, key, value, 'a table of "glob" = ["CODE", ...]')
    return {
        conv.glob(source, conv.join(key, g), g): conv.codes(source, conv.join(key, g), codes)
        for g, codes in table.items()
    }


def _plugins(source: Source, key: str, value: Any) -> Dict[str, Dict[str, Any]]:
    table = conv.table(source, key, value, "a table of plugin name = { settings }")
    return {
        name: dict(conv.table(source, conv.join(key, name), settings, "a table of plugin settings"))
        for name, settings in table.items()
    }


def _year(source: Source, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2008 <= value <= 2099:
        raise source.expected(key, "a report year between 2008 and 2099", value)
    return value


_OVERRIDE_KEYS: Dict[str, Converter] = {
    "path": conv.glob,
    "agency": conv.name,
    "year": _year,
    "kind": conv.choice(*_REPORT_KINDS),
}


def _overrides(source: Source, key: str, value: Any) -> List[IdentityOverride]:
    what = 'an array of tables like [{ path = "glob", agency = "...", year = 2023 }]'
    if not isinstance(value, list):
        raise source.expected(key, what, value)
    result = []
    for index, entry in enumerate(value):
        where = f"{key}[{index}]"
        fields = conv.convert_table(source, where, conv.table(source, where, entry, what), _OVERRIDE_KEYS)
        if "path" not in fields:
            raise source.error(where, "missing `path` (a glob of the report files it applies to)")
        if len(fields) == 1:
            raise source.error(where, "sets nothing: give agency, year or kind")
        result.append(IdentityOverride(**fields))
    return result


_LIMIT_KEYS: Dict[str, Converter] = {
    "max-file-size": conv.size,
    "max-uncompressed-size": conv.size,
    "max-pdf-pages": conv.positive_int,
    "max-html-depth": conv.positive_int,
    "timeout": conv.seconds,
}


def _limits(source: Source, key: str, value: Any) -> Limits:
    fields = conv.convert_table(source, key, conv.table(source, key, value), _LIMIT_KEYS)
    return dataclasses.replace(Limits(), **fields)


#: TOML key -> converter; the Config field is the key in snake_case.
_SETTINGS: Dict[str, Converter] = {
    "select": conv.codes,
    "extend-select": conv.codes,
    "ignore": conv.codes,
    "per-file-ignores": _per_file_ignores,
    "severity": _severities,
    "include": conv.globs,
    "exclude": conv.globs,
    "extend-exclude": conv.globs,
    "force-exclude": conv.boolean,
    "fail-on": conv.severity,
    "format": conv.name,
    "cache": conv.boolean,
    "cache-dir": conv.path,
    "jobs": conv.positive_int,
    "plugins": _plugins,
    "disable-plugins": conv.names,
    "autoload-plugins": conv.boolean,
    "require-plugins": conv.names,
    "strict": conv.boolean,
    "repository-root": conv.path,
    "suppressions": conv.path,
    "baseline": conv.path,
    "history": conv.paths,
    "duplicate-threshold": conv.fraction,
    "overrides": _overrides,
    "limits": _limits,
}
#: Settings that :meth:`Config.merge_cli` accepts.
_CLI_SETTINGS = frozenset(_SETTINGS) - {"per-file-ignores", "plugins", "overrides", "limits"}
