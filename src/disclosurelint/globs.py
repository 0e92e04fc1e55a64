"""Glob patterns over root-relative POSIX paths (``include``, ``exclude``, ``per-file-ignores``, ``overrides``).

A glob without ``/`` matches a name (the file's, or with ``parents`` any
directory's too); a glob with ``/`` is anchored at the root.  ``*`` and ``?``
stay inside one path component, ``**`` spans any number of them, ``[...]``
and ``[!...]`` are character classes.  A path outside the root is matched by
its name only.
"""

from __future__ import annotations

import os
from pathlib import Path
import re
from functools import lru_cache
from typing import List, Optional, Tuple


@lru_cache(maxsize=None)
def compile_glob(pattern: str) -> Tuple[bool, "re.Pattern[str]"]:
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


def glob_matches(pattern: str, rel: str, *, parents: bool) -> bool:
    """Whether ``pattern`` matches the root-relative POSIX path ``rel`` (absolute when outside the
    root); with ``parents`` a match on any parent directory below the root counts too."""
    anchored, regex = compile_glob(pattern)
    parts = rel.split("/")
    if rel.startswith("/"):
        candidates = [] if anchored else parts[-1:]
    elif anchored:
        candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)] if parents else [rel]
    else:
        candidates = parts if parents else parts[-1:]
    return any(regex.fullmatch(c) for c in candidates)


def fold_suffix(path: str) -> str:
    """``path`` with the extension of its last component in lower case (``a/R.PDF`` → ``a/R.pdf``)."""
    head, dot, suffix = path.rpartition(".")
    return f"{head}.{suffix.lower()}" if dot and "/" not in suffix else path


def any_case(name: str) -> str:
    """A glob matching ``name`` in any letter case (``[Rr][Ee]…``)."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in name)


def display_relative(path: str, root: str) -> str:
    """``path`` (absolute, or relative to the working directory) as a POSIX path relative to ``root``;
    absolute when it lies outside it (symlinks resolved before giving up)."""
    absolute = os.path.abspath(path)
    rel = relative_to(absolute, os.path.abspath(root))
    if rel is None:
        rel = relative_to(os.path.realpath(absolute), os.path.realpath(root))
    return rel if rel is not None else Path(absolute).as_posix()


def relative_to(path: str, root: str) -> Optional[str]:
    """``path`` below ``root`` as a POSIX relative path (``.`` for the root itself), else None."""
    if path == root:
        return "."
    prefix = root.rstrip(os.sep) + os.sep
    if not path.startswith(prefix):
        return None
    rel = path[len(prefix) :]
    return rel.replace(os.sep, "/") if os.sep != "/" else rel
