"""Loading YAML data (templates and rule packs) safely, once per process."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any, List, Union

Source = Union[str, Path, Any]  # a path or an importlib.resources Traversable


class PackError(Exception):
    """A template or rule pack that cannot be loaded or is malformed."""


def builtin_sources(prefix: str) -> List[Any]:
    """The YAML files shipped in ``rules/`` whose names start with ``prefix``."""
    root = resources.files("disclosurelint.rules")
    return sorted(
        (p for p in root.iterdir() if p.name.startswith(prefix) and p.name.endswith(".yaml")),
        key=lambda p: p.name,
    )



@functools.lru_cache(maxsize=64)
def _load_text(text: str, name: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise PackError(f"{name}: invalid YAML: {exc}") from None


def load_yaml(source: Source) -> Any:
    """Parse one YAML source with the safe loader (no tags, no code)."""
    name = str(source)
    try:
        text = source.read_text(encoding="utf-8") if hasattr(source, "read_text") else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"{name}: cannot read: {exc}") from None
    return _load_text(text, name)
