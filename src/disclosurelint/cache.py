"""Content-hash cache of per-file lint outcomes, like ruff's ``.ruff_cache``.

An entry is keyed by the file's bytes and path together with a *run key*: the
tool version, the code of the installed package, ``Config.fingerprint()``, the
plugins and their versions, and the rule-pack and template data.  Anything that
can change a file's findings changes the key, so a stale entry is never used;
entries of other run keys live in sibling folders and can simply be deleted.

The value is the file's :class:`~disclosurelint.api.FileOutcome` (findings and
run-scope summaries), pickled.  Writes go to a temporary file renamed into
place, so concurrent runs never see half an entry; an entry that cannot be read
back is treated as missing.  Only the cache folder is ever written.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional, Set

from ._version import __version__
from .plugins import BUILTIN

if TYPE_CHECKING:  # pragma: no cover
    from .api import FileOutcome, Linter

CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by disclosurelint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
_PACKAGE = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".yaml")


def run_key(linter: "Linter") -> str:
    """Everything besides the file itself that decides its findings, hashed."""
    catalog = linter.catalog
    data = {
        "version": __version__,
        "python": list(sys.version_info[:2]),
        "code": _code_stamp(_PACKAGE),
        "plugin_code": [_code_stamp(root) for root in _plugin_roots(linter)],
        "config": linter.config.fingerprint(),
        "plugins": sorted(catalog.plugins.items()),
        "rules": [(r.code, r.plugin) for r in linter.rules],
        "packs": [pack.data for pack in catalog.packs.packs],
        "templates": {k: dataclasses.asdict(t) for k, t in sorted(catalog.parse.templates.items())},
        "readers": [type(r).__module__ + "." + type(r).__qualname__ for r in catalog.parse.readers],
    }
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=_json_default)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return str(value)


def _code_stamp(root: str) -> list:
    """Name, size and mtime of the code files under ``root``: an edited checkout invalidates the cache."""
    stamp = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(_CODE_SUFFIXES):
                info = os.stat(os.path.join(folder, name))
                stamp.append((os.path.relpath(os.path.join(folder, name), root), info.st_size, info.st_mtime_ns))
    return stamp


def _plugin_roots(linter: "Linter") -> List[str]:
    """Folders of the plugins' rule modules, so that editing a plugin invalidates the cache too."""
    roots = set()
    for rule in linter.rules:
        if rule.plugin != BUILTIN:
            module_file = getattr(sys.modules.get(type(rule).__module__), "__file__", None)
            if module_file:
                roots.add(os.path.dirname(os.path.abspath(module_file)))
    return sorted(roots)


class Cache:
    """One run's view of the cache folder: entries of its run key only."""

    def __init__(self, directory: Path, key: str) -> None:
        self.root = Path(directory)
        self.run_key = key
        self.folder = self.root / key[:16]
        self.writable = True
        self._made: Set[str] = set()

    @classmethod
    def for_linter(cls, linter: "Linter") -> "Cache":
        return cls(linter.config.cache_dir, run_key(linter))

    def key(self, path: str, data: bytes, history: bool = False, model: bool = False) -> str:
        """The entry key of one file: its bytes and its path (findings and ignores name the path),
        whether it is read as a history report (summaries only) and whether its outcome holds the
        review model (an entry without one never answers a run that needs it)."""
        digest = hashlib.blake2b(self.run_key.encode("ascii"), digest_size=20)
        digest.update(b"\0" + os.path.abspath(path).encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + path.encode("utf-8", "surrogateescape") + (b"\0history\0" if history else b"\0"))
        if model:
            digest.update(b"model\0")
        digest.update(data)
        return digest.hexdigest()

    def load(self, key: str) -> Optional["FileOutcome"]:
        """The cached outcome, or None when missing or unreadable (a corrupt entry is a miss)."""
        from .api import FileOutcome

        try:
            with open(self._entry(key), "rb") as fh:
                outcome = pickle.load(fh)
        except Exception:  # missing, truncated, foreign or from an incompatible build: recompute
            return None
        if not isinstance(outcome, FileOutcome):
            return None
        outcome.result.cached = True
        return outcome

    def store(self, key: str, outcome: "FileOutcome") -> None:
        """Write an entry atomically; a cache that cannot be written is silently disabled."""
        if not self.writable:
            return
        target = self._entry(key)
        try:
            self._prepare(target.parent)
            write_atomic(target, pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            self.writable = False

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / key[2:]

    def _prepare(self, folder: Path) -> None:
        """Create the entry folder once; the cache root gets CACHEDIR.TAG and a .gitignore."""
        if str(folder) in self._made:
            return
        if not self._made:
            self.root.mkdir(parents=True, exist_ok=True)
            for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# Created by disclosurelint.\n*\n")):
                if not (self.root / name).exists():
                    write_atomic(self.root / name, text.encode("ascii"))
        folder.mkdir(parents=True, exist_ok=True)
        self._made.add(str(folder))


def write_atomic(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder and rename: readers never see half a file."""
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise
