"""Typed settings: the converters that check and convert configuration values.

The config file, the command line and the settings of plugins (the
:class:`Setting` specs a plugin declares through the ``disclosurelint_settings``
hook) are validated by the same converters.  A converter takes the
:class:`Source` of the value, its dotted key and the value, and returns the
converted value or raises a :class:`ConfigError` naming the source and the key.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Sequence

from . import codes as code_grammar
from .findings import Severity
from .globs import compile_glob

_BARE_KEY_RE = re.compile(r"[A-Za-z0-9_-]+")
_SIZE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:([KMG])I?)?B?", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


class ConfigError(Exception):
    """Bad configuration: reported with exit code 2."""


@dataclass(frozen=True)
class Source:
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


Converter = Callable[[Source, str, Any], Any]


@dataclass(frozen=True)
class Setting:
    """One setting a plugin declares: its converter, its default (converted too) and a line of help."""

    type: Converter
    default: Any = None
    help: str = ""


def join(key: str, name: str) -> str:
    """The dotted key of ``name`` inside the table ``key`` (TOML-quoted when needed)."""
    name = name if _BARE_KEY_RE.fullmatch(name) else json.dumps(name, ensure_ascii=False)
    return f"{key}.{name}" if key else name


def did_you_mean(name: str, candidates: Sequence[str]) -> str:
    """``did you mean `x`?`` for the closest candidate, else the candidates."""
    close = difflib.get_close_matches(name.replace("_", "-").lower(), list(candidates), n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    return "expected one of " + ", ".join(candidates) if candidates else "no keys are expected here"


def unknown_key(source: Source, key: str, candidates: Sequence[str]) -> ConfigError:
    return source.error(key, f"unknown key ({did_you_mean(key.rsplit('.', 1)[-1], candidates)})")


def convert_table(
    source: Source, key: str, table: Mapping[str, Any], converters: Mapping[str, Converter]
) -> Dict[str, Any]:
    """``{field_name: converted value}`` for each entry (the name in snake_case); unknown keys are errors."""
    result: Dict[str, Any] = {}
    for name, value in table.items():
        convert = converters.get(name)
        if convert is None:
            raise unknown_key(source, join(key, name), list(converters))
        result[name.replace("-", "_")] = convert(source, join(key, name), value)
    return result


def table(source: Source, key: str, value: Any, what: str = "a table") -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise source.expected(key, what, value)
    return value


def strings(source: Source, key: str, value: Any, what: str) -> List[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in items):
        raise source.expected(key, what, value)
    return [v.strip() for v in items]


def check_code(source: Source, key: str, code: str) -> None:
    if code_grammar.is_selector(code):
        return
    hint = f" (codes are upper-case: {code.upper()!r})" if code_grammar.is_selector(code.upper()) else ""
    raise source.error(key, f"invalid rule code or prefix {code!r}: expected {code_grammar.SELECTOR_GRAMMAR}{hint}")


def codes(source: Source, key: str, value: Any) -> List[str]:
    """Rule codes or prefixes, as a list or comma-separated."""
    items = strings(source, key, value, 'a list of rule codes or prefixes such as ["DL3", "SH"]')
    found = [part.strip() for item in items for part in item.split(",") if part.strip()]
    for code in found:
        check_code(source, key, code)
    return found


def severity(source: Source, key: str, value: Any) -> Severity:
    if isinstance(value, Severity):
        return value
    if isinstance(value, str):
        try:
            return Severity.parse(value)
        except ValueError:
            pass
    raise source.expected(key, '"error", "warning" or "note"', value)


def glob(source: Source, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise source.expected(key, "a glob pattern string", value)
    try:
        compile_glob(value)
    except ValueError as exc:
        raise source.error(key, f"invalid glob {value!r}: {exc}") from None
    return value


def globs(source: Source, key: str, value: Any) -> List[str]:
    what = 'a list of glob patterns such as ["*.pdf", "archive/**"]'
    return [glob(source, key, v) for v in strings(source, key, value, what)]


def boolean(source: Source, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise source.expected(key, "true or false", value)
    return value


def positive_int(source: Source, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise source.expected(key, "an integer >= 1", value)
    return value


def seconds(source: Source, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise source.expected(key, "a number of seconds > 0", value)
    return float(value)


def fraction(source: Source, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise source.expected(key, "a number between 0 and 1", value)
    return float(value)


def size(source: Source, key: str, value: Any) -> int:
    """Bytes: an integer or a string such as "20MB", "512 KiB", "1.5G" (K/M/G: powers of 1024)."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        converted = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "").upper()])
        if converted > 0:
            return converted
    raise source.expected(key, 'a positive number of bytes or a size such as "20MB"', value)


def name(source: Source, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise source.expected(key, "a non-empty string", value)
    return value.strip()


def names(source: Source, key: str, value: Any) -> List[str]:
    return strings(source, key, value, "a list of names")


def path(source: Source, key: str, value: Any) -> Path:
    """A path, relative to the config file's folder (the working directory on the command line)."""
    return source.base / Path(name(source, key, value)).expanduser()


def paths(source: Source, key: str, value: Any) -> List[Path]:
    return [source.base / Path(p).expanduser() for p in strings(source, key, value, "a list of folders")]


def regex(source: Source, key: str, value: Any) -> "re.Pattern[str]":
    """A regular expression, compiled."""
    if not isinstance(value, str) or not value:
        raise source.expected(key, "a regular expression", value)
    try:
        return re.compile(value)
    except re.error as exc:
        raise source.error(key, f"invalid regular expression {value!r}: {exc}") from None


def regexes(source: Source, key: str, value: Any) -> List["re.Pattern[str]"]:
    """A non-empty list of regular expressions, compiled."""
    if not isinstance(value, list) or not value:
        raise source.expected(key, "a list of regular expressions", value)
    return [regex(source, key, v) for v in value]


def choice(*allowed: str) -> Converter:
    """One of ``allowed``."""
    what = " or ".join(json.dumps(a, ensure_ascii=False) for a in allowed)

    def convert(source: Source, key: str, value: Any) -> str:
        if value not in allowed:
            raise source.expected(key, what, value)
        return value

    return convert


def choices(*allowed: str) -> Converter:
    """A list of values, each one of ``allowed``."""
    what = "a list of " + ", ".join(json.dumps(a, ensure_ascii=False) for a in allowed)

    def convert(source: Source, key: str, value: Any) -> List[str]:
        if not isinstance(value, list) or any(item not in allowed for item in value):
            raise source.expected(key, what, value)
        return list(value)

    return convert


def table_of(convert: Converter, what: str = "a table") -> Converter:
    """A table whose values are each converted by ``convert``."""

    def convert_all(source: Source, key: str, value: Any) -> Dict[str, Any]:
        return {str(k): convert(source, join(key, str(k)), v) for k, v in table(source, key, value, what).items()}

    return convert_all


def convert_settings(
    source: Source, key: str, values: Mapping[str, Any], specs: Mapping[str, Setting], defaults: Source
) -> Dict[str, Any]:
    """A plugin's settings table checked against its specs: the keys given, converted, and the
    declared defaults (converted from ``defaults``) for the others."""
    result: Dict[str, Any] = {}
    for setting, value in values.items():
        spec = specs.get(setting)
        if spec is None:
            raise unknown_key(source, join(key, setting), list(specs))
        result[setting] = spec.type(source, join(key, setting), value)
    for setting, spec in specs.items():
        if setting not in result and spec.default is not None:
            result[setting] = spec.type(defaults, join(key, setting), spec.default)
    return result
