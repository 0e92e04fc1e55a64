"""Configuration: ``[tool.disclosurelint]`` in pyproject.toml or disclosurelint.toml.

:func:`find_config` walks up from the linted path, :func:`load_config` parses and
validates (every problem is a :class:`ConfigError` naming the file and the key),
:func:`resolve_config` does both for the command line (``--config``,
``--isolated``) and :meth:`Config.merge_cli` layers command-line flags on top.

Rule codes and prefixes (``DL``, ``DL3``, ``DL301``, ``SH``, ``ALL``) follow
ruff: the most specific prefix among ``select``/``extend-select`` and
``ignore`` decides, and ``ignore`` wins a tie.

Globs (``include``, ``exclude``, ``per-file-ignores``, ``overrides``) match
POSIX paths relative to the config root.  A glob without ``/`` matches a name
(the file's, or for exclude/per-file-ignores/overrides any directory's too); a
glob with ``/`` is anchored at the root.  ``*`` and ``?`` stay inside one path
component, ``**`` spans any number of them.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from . import codes as code_grammar
from ._version import __version__
from .findings import Severity
from .readers import Limits

DEFAULT_INCLUDE = ["*.txt", "*.md", "*.markdown", "*.html", "*.htm", "*.docx", "*.pdf"]
DEFAULT_EXCLUDE = [
    ".git",
    ".venv",
    "node_modules",
    "__pycache__",
    ".disclosurelint_cache",
    "build",
    "dist",
]
DEFAULT_CACHE_DIR = ".disclosurelint_cache"

_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:([KMG])I?)?B?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_REPORT_KINDS = ("government", "department")


class ConfigError(Exception):
    """Bad configuration: reported with exit code 2."""


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
    """Settings of one run.

    Relative paths (``cache_dir``, ``history``) resolve against ``root``.
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
    #: Default output format name; None leaves the choice to the command line.
    format: Optional[str] = None
    cache: bool = True
    cache_dir: Path = Path(DEFAULT_CACHE_DIR)
    #: Worker processes; None means one per CPU.
    jobs: Optional[int] = None
    disable_plugins: List[str] = field(default_factory=list)
    autoload_plugins: bool = True
    #: Folders holding previous years' reports (DL6xx).
    history: List[Path] = field(default_factory=list)
    duplicate_threshold: float = 0.9
    overrides: List[IdentityOverride] = field(default_factory=list)
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        self.root = Path(os.path.abspath(self.root))
        self.cache_dir = self.root / self.cache_dir
        self.history = [self.root / p for p in self.history]

    # -- plugins and severities --------------------------------------------

    def plugin_settings(self, name: str) -> Dict[str, Any]:
        """``[tool.disclosurelint.plugins.NAME]`` (a copy; empty when absent)."""
        return dict(self.plugins.get(name, {}))

    def severity_for(self, code: str, default: Severity) -> Severity:
        """The configured severity of ``code`` (most specific prefix wins), else ``default``."""
        best, level = -1, default
        for prefix, configured in self.severity.items():
            score = _specificity(prefix, code)
            if score > best:
                best, level = score, configured
        return level

    # -- rule selection ----------------------------------------------------

    def is_selected(self, code: str) -> bool:
        """Whether the rule ``code`` runs at all (select/extend-select against ignore)."""
        selectors = (self.select if self.select is not None else ["ALL"]) + self.extend_select
        chosen = _best_specificity(selectors, code)
        return chosen >= 0 and chosen > _best_specificity(self.ignore, code)

    def is_ignored_for(self, code: str, path: str | os.PathLike[str]) -> bool:
        """Whether ``per-file-ignores`` drops ``code`` for the file at ``path``."""
        rel = self.relative_path(path)
        return any(
            _best_specificity(codes, code) >= 0 and _glob_matches(pattern, rel, parents=True)
            for pattern, codes in self.per_file_ignores.items()
        )

    # -- paths -------------------------------------------------------------

    def relative_path(self, path: str | os.PathLike[str]) -> str:
        """``path`` (relative to the working directory, or absolute) as a POSIX path relative to
        the root; absolute when it lies outside the root."""
        absolute = os.path.abspath(path)
        rel = _relative_to(absolute, os.path.abspath(self.root))
        if rel is None:  # symlinks: compare the resolved paths
            rel = _relative_to(os.path.realpath(absolute), os.path.realpath(self.root))
        return rel if rel is not None else Path(absolute).as_posix()

    def matches_include(self, path: str | os.PathLike[str]) -> bool:
        """Whether a file found while walking directories is a report to lint."""
        rel = self.relative_path(path)
        return any(_glob_matches(p, rel, parents=False) for p in self.include)

    def is_excluded(self, path: str | os.PathLike[str], parents: bool = True) -> bool:
        """Whether ``path`` (a file or directory) or one of its parents is excluded.

        ``parents=False`` checks the path alone: a directory walk that prunes
        excluded folders has checked the parents already."""
        rel = self.relative_path(path)
        return any(_glob_matches(p, rel, parents=parents) for p in self.exclude + self.extend_exclude)

    def identity_override(self, path: str | os.PathLike[str]) -> Dict[str, Any]:
        """``agency``/``year``/``kind`` from the overrides matching ``path`` (later ones win)."""
        rel = self.relative_path(path)
        merged: Dict[str, Any] = {}
        for override in self.overrides:
            if _glob_matches(override.path, rel, parents=True):
                merged.update(override.identity())
        return merged

    # -- command line and cache --------------------------------------------

    def merge_cli(self, **overrides: Any) -> "Config":
        """A copy with command-line values (snake_case setting names; None = not given) on top.

        Lists replace the config's, except ``extend_select`` and ``extend_exclude`` which add and
        ``severity`` (``["DL602=warning"]`` or a mapping) which overrides per code.  As in ruff, a
        command-line ``select`` starts over: the config's ``extend-select`` no longer applies.
        Relative paths resolve against the working directory.
        """
        source = _Source("command line", Path.cwd())
        changes: Dict[str, Any] = {}
        for name, value in overrides.items():
            key = name.replace("_", "-")
            if key not in _CLI_SETTINGS:
                raise TypeError(f"merge_cli() got an unexpected setting {name!r}")
            if value is not None:
                changes[name] = _SETTINGS[key](source, "--" + key, value)
        if "select" in changes or "extend_select" in changes:
            kept = [] if "select" in changes else self.extend_select
            changes["extend_select"] = kept + changes.get("extend_select", [])
        if "extend_exclude" in changes:
            changes["extend_exclude"] = self.extend_exclude + changes["extend_exclude"]
        if "severity" in changes:
            changes["severity"] = {**self.severity, **changes["severity"]}
        return dataclasses.replace(self, **changes)

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


def find_config(start: Path) -> Optional[Path]:
    """The nearest config file in ``start`` (a directory, or a file's parent) or above it.

    ``disclosurelint.toml`` wins over ``pyproject.toml`` in the same directory; a
    pyproject.toml without ``[tool.disclosurelint]`` is skipped.
    """
    here = Path(os.path.abspath(start))
    if not here.is_dir():
        here = here.parent
    for directory in (here, *here.parents):
        candidate = directory / "disclosurelint.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _pyproject_table(_read_toml(candidate)) is not None:
            return candidate
    return None


def load_config(path: Optional[Path]) -> Config:
    """Parse and validate the config file at ``path``; defaults (root = cwd) for None.

    A file named ``pyproject.toml`` is read from its ``[tool.disclosurelint]`` table, any
    other file from its top-level keys.
    """
    if path is None:
        return Config()
    path = Path(os.path.abspath(path))
    data = _read_toml(path)
    prefix = ""
    if path.name == "pyproject.toml":
        table = _pyproject_table(data)
        if table is None:
            raise ConfigError(f"{path}: no [tool.disclosurelint] table")
        prefix = "tool.disclosurelint"
    else:
        table = data
    source = _Source(str(path), path.parent)
    table = _table(source, prefix or "(top level)", table)
    values = _convert_table(source, prefix, table, _SETTINGS)
    return Config(source=path, root=path.parent, **values)


def resolve_config(
    start: Path, config_file: Optional[Path] = None, isolated: bool = False
) -> Config:
    """The config for a command-line run: defaults with ``--isolated``, the ``--config`` file
    when given, else the one discovered from ``start``."""
    if isolated and config_file is not None:
        raise ConfigError("--config and --isolated cannot be used together")
    if isolated:
        return Config()
    return load_config(config_file if config_file is not None else find_config(start))


def _read_toml(path: Path) -> Dict[str, Any]:
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


# -- codes and globs ----------------------------------------------------------


def _specificity(prefix: str, code: str) -> int:
    """How specifically ``prefix`` names ``code``: -1 not at all, 0 for ALL, else its length."""
    if prefix == "ALL":
        return 0
    return len(prefix) if code.startswith(prefix) else -1


def _best_specificity(prefixes: Iterable[str], code: str) -> int:
    return max((_specificity(p, code) for p in prefixes), default=-1)


@lru_cache(maxsize=None)
def _compile_glob(pattern: str) -> Tuple[bool, "re.Pattern[str]"]:
    """(anchored, regex) for a glob; ValueError when it is malformed."""
    if pattern.startswith("./"):
        pattern = pattern[2:]
    body = pattern.strip("/")
    if not body:
        raise ValueError("empty pattern")
    anchored = pattern.startswith("/") or "/" in body
    out: List[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if body.startswith("**", i):
            end = i + 2
            if (i > 0 and body[i - 1] != "/") or (end < len(body) and body[end] != "/"):
                raise ValueError("`**` must be a whole path component, as in `a/**/b.txt`")
            if end < len(body):
                out.append("(?:[^/]+/)*")
                end += 1
            else:
                out.append(".*")
            i = end
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = body.find("]", i + 2)
            if close < 0:
                raise ValueError("unclosed `[`")
            chars = body[i + 1 : close]
            if "/" in chars:
                raise ValueError("`/` inside `[...]`")
            if chars.startswith("!"):
                chars = "^" + chars[1:]
            out.append("[" + chars.replace("\\", "\\\\").replace("[", "\\[") + "]")
            i = close + 1
            continue
        else:
            out.append(re.escape(char))
        i += 1
    return anchored, re.compile("".join(out))


def _glob_matches(pattern: str, rel: str, *, parents: bool) -> bool:
    """Whether ``pattern`` matches the root-relative POSIX path ``rel`` (see module doc);
    with ``parents`` a match on any parent directory counts too."""
    anchored, regex = _compile_glob(pattern)
    parts = rel.split("/")
    if anchored:
        candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)] if parents else [rel]
    else:
        candidates = parts if parents else parts[-1:]
    return any(regex.fullmatch(c) for c in candidates)


# -- validation ---------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """Where settings come from (a file or the command line) and what relative paths mean there."""

    where: str
    base: Path

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{self.where}: `{key}`: {message}")

    def expected(self, key: str, what: str, value: Any) -> ConfigError:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return self.error(key, f"expected {what}, got {shown}")


Converter = Callable[[_Source, str, Any], Any]


def _join(key: str, name: str) -> str:
    name = name if _BARE_KEY_RE.fullmatch(name) else json.dumps(name, ensure_ascii=False)
    return f"{key}.{name}" if key else name


def _convert_table(
    source: _Source, key: str, table: Mapping[str, Any], converters: Mapping[str, Converter]
) -> Dict[str, Any]:
    """``{field_name: converted value}`` for each entry; unknown keys are errors."""
    result: Dict[str, Any] = {}
    for name, value in table.items():
        convert = converters.get(name)
        if convert is None:
            close = difflib.get_close_matches(name.replace("_", "-").lower(), list(converters), n=1)
            if close:
                hint = f"did you mean `{close[0]}`?"
            else:
                hint = "expected one of " + ", ".join(converters)
            raise source.error(_join(key, name), f"unknown key ({hint})")
        result[name.replace("-", "_")] = convert(source, _join(key, name), value)
    return result


def _table(source: _Source, key: str, value: Any, what: str = "a table") -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise source.expected(key, what, value)
    return value


def _strings(source: _Source, key: str, value: Any, what: str) -> List[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(
        isinstance(v, str) and v.strip() for v in items
    ):
        raise source.expected(key, what, value)
    return [v.strip() for v in items]


def _check_code(source: _Source, key: str, code: str) -> None:
    if code_grammar.is_selector(code):
        return
    hint = f" (codes are upper-case: {code.upper()!r})" if code_grammar.is_selector(code.upper()) else ""
    raise source.error(key, f"invalid rule code or prefix {code!r}: expected {code_grammar.SELECTOR_GRAMMAR}{hint}")


def _codes(source: _Source, key: str, value: Any) -> List[str]:
    items = _strings(source, key, value, 'a list of rule codes or prefixes such as ["DL3", "SH"]')
    codes = [part.strip() for item in items for part in item.split(",") if part.strip()]
    for code in codes:
        _check_code(source, key, code)
    return codes


def _severity(source: _Source, key: str, value: Any) -> Severity:
    if isinstance(value, Severity):
        return value
    if isinstance(value, str):
        try:
            return Severity.parse(value)
        except ValueError:
            pass
    raise source.expected(key, '"error", "warning" or "note"', value)


def _severities(source: _Source, key: str, value: Any) -> Dict[str, Severity]:
    if not isinstance(value, dict):  # the command line's CODE=LEVEL form
        pairs = {}
        for item in _strings(source, key, value, "CODE=LEVEL items such as DL602=warning"):
            code, sep, level = item.partition("=")
            if not sep:
                raise source.expected(key, "CODE=LEVEL such as DL602=warning", item)
            pairs[code.strip()] = level.strip()
        value = pairs
    result = {}
    for code, level in value.items():
        _check_code(source, _join(key, code), code)
        result[code] = _severity(source, _join(key, code), level)
    return result


def _glob(source: _Source, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise source.expected(key, "a glob pattern string", value)
    try:
        _compile_glob(value)
    except ValueError as exc:
        raise source.error(key, f"invalid glob {value!r}: {exc}") from None
    return value


def _globs(source: _Source, key: str, value: Any) -> List[str]:
    what = 'a list of glob patterns such as ["*.pdf", "archive/**"]'
    return [_glob(source, key, v) for v in _strings(source, key, value, what)]


def _per_file_ignores(source: _Source, key: str, value: Any) -> Dict[str, List[str]]:
    table = _table(source, key, value, 'a table of "glob" = ["CODE", ...]')
    return {
        _glob(source, _join(key, g), g): _codes(source, _join(key, g), codes)
        for g, codes in table.items()
    }


def _bool(source: _Source, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise source.expected(key, "true or false", value)
    return value


def _positive_int(source: _Source, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise source.expected(key, "an integer >= 1", value)
    return value


def _seconds(source: _Source, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise source.expected(key, "a number of seconds > 0", value)
    return float(value)


def _fraction(source: _Source, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise source.expected(key, "a number between 0 and 1", value)
    return float(value)


def _size(source: _Source, key: str, value: Any) -> int:
    """Bytes: an integer or a string such as "20MB", "512 KiB", "1.5G" (K/M/G: powers of 1024)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        size = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").upper()])
        if size > 0:
            return size
    raise source.expected(key, 'a positive number of bytes or a size such as "20MB"', value)


def _name(source: _Source, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise source.expected(key, "a non-empty string", value)
    return value.strip()


def _names(source: _Source, key: str, value: Any) -> List[str]:
    return _strings(source, key, value, "a list of names")


def _path(source: _Source, key: str, value: Any) -> Path:
    return source.base / Path(_name(source, key, value)).expanduser()


def _paths(source: _Source, key: str, value: Any) -> List[Path]:
    folders = _strings(source, key, value, "a list of folders")
    return [source.base / Path(p).expanduser() for p in folders]


def _plugins(source: _Source, key: str, value: Any) -> Dict[str, Dict[str, Any]]:
    table = _table(source, key, value, "a table of plugin name = { settings }")
    return {
        name: dict(_table(source, _join(key, name), settings, "a table of plugin settings"))
        for name, settings in table.items()
    }


def _year(source: _Source, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2008 <= value <= 2099:
        raise source.expected(key, "a report year between 2008 and 2099", value)
    return value


def _kind(source: _Source, key: str, value: Any) -> str:
    if value not in _REPORT_KINDS:
        raise source.expected(key, '"government" or "department"', value)
    return value


_OVERRIDE_KEYS: Dict[str, Converter] = {
    "path": _glob,
    "agency": _name,
    "year": _year,
    "kind": _kind,
}


def _overrides(source: _Source, key: str, value: Any) -> List[IdentityOverride]:
    what = 'an array of tables like [{ path = "glob", agency = "...", year = 2023 }]'
    if not isinstance(value, list):
        raise source.expected(key, what, value)
    result = []
    for index, entry in enumerate(value):
        where = f"{key}[{index}]"
        fields = _convert_table(source, where, _table(source, where, entry, what), _OVERRIDE_KEYS)
        if "path" not in fields:
            raise source.error(where, "missing `path` (a glob of the report files it applies to)")
        if len(fields) == 1:
            raise source.error(where, "sets nothing: give agency, year or kind")
        result.append(IdentityOverride(**fields))
    return result


_LIMIT_KEYS: Dict[str, Converter] = {
    "max-file-size": _size,
    "max-uncompressed-size": _size,
    "max-pdf-pages": _positive_int,
    "max-html-depth": _positive_int,
    "timeout": _seconds,
}


def _limits(source: _Source, key: str, value: Any) -> Limits:
    fields = _convert_table(source, key, _table(source, key, value), _LIMIT_KEYS)
    return dataclasses.replace(Limits(), **fields)


#: TOML key -> converter; the Config field is the key in snake_case.
_SETTINGS: Dict[str, Converter] = {
    "select": _codes,
    "extend-select": _codes,
    "ignore": _codes,
    "per-file-ignores": _per_file_ignores,
    "severity": _severities,
    "include": _globs,
    "exclude": _globs,
    "extend-exclude": _globs,
    "fail-on": _severity,
    "format": _name,
    "cache": _bool,
    "cache-dir": _path,
    "jobs": _positive_int,
    "plugins": _plugins,
    "disable-plugins": _names,
    "autoload-plugins": _bool,
    "history": _paths,
    "duplicate-threshold": _fraction,
    "overrides": _overrides,
    "limits": _limits,
}
#: Settings that :meth:`Config.merge_cli` accepts.
_CLI_SETTINGS = frozenset(_SETTINGS) - {"per-file-ignores", "plugins", "overrides", "limits"}


def _relative_to(path: str, root: str) -> Optional[str]:
    """``path`` below ``root`` as a POSIX relative path (``.`` for the root itself), else None."""
    if path == root:
        return "."
    prefix = root.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    return rel.replace(os.sep, "/") if os.sep != "/" else rel
