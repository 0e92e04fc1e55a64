"""The baseline: the findings a repository already has, recorded so that only new ones are reported.

``--write-baseline FILE`` records every finding of the run that no suppression
accepted; ``--baseline FILE`` (or the run config's ``baseline``) then leaves
the recorded ones out of the output and the exit code, counts them, and lists
the entries that no longer occur.  The file is JSON, one finding per line,
sorted by path, code and fingerprint, paths relative to the repository root
(:attr:`RunResult.root <disclosurelint.results.RunResult.root>`), so that it
diffs well in a pull request::

    {
      "schema": "disclosurelint-baseline/1",
      "findings": [
        {"path": "reports/2021/平阳县.txt", "code": "DL201", "fingerprint": "0f3a9c1e5b7d2a48:1", "message": "…"}
      ]
    }

A finding is in the baseline when an entry has its path and its fingerprint
(:func:`~disclosurelint.findings.fingerprints`, SARIF's
``primaryLocationLineHash``): lines moving and other cells changing do not
matter; the message is for the reviewer.  A renamed report is another file:
its findings are new, its old entries stale.  An entry is stale when its file
was linted in the run, its rule ran there and the finding did not occur, or
when its file no longer exists; entries of files not linted in the run
(pre-commit passes only the staged files) are left alone.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, NamedTuple, Sequence

from .cache import write_atomic
from .findings import fingerprints
from .settings import ConfigError

if TYPE_CHECKING:  # pragma: no cover
    from .results import FileResult, RunResult

SCHEMA = "disclosurelint-baseline/1"
_FIELDS = ("path", "code", "fingerprint", "message")


class Entry(NamedTuple):
    """One recorded finding."""

    path: str  # POSIX, relative to the repository root (absolute outside it)
    code: str
    fingerprint: str
    message: str


@dataclass
class Baseline:
    """A baseline file, read and checked."""

    path: Path
    entries: List[Entry]

    def apply(
        self, files: Sequence["FileResult"], shown_path: Callable[[str], str], root: Path, ran: Callable[["FileResult", str], bool]
    ) -> List[Entry]:
        """Move the findings in the baseline from each file's ``findings`` to its ``baselined``;
        the stale entries.  ``ran(file, code)``: whether the rule ``code`` ran on the file."""
        recorded = {(e.path, e.fingerprint) for e in self.entries}
        found = set()
        linted: Dict[str, "FileResult"] = {}
        for file in files:
            path = shown_path(file.path)
            linted[path] = file
            kept = []
            for finding, fingerprint in zip(file.findings, fingerprints([*file.findings, *file.suppressed], shown_path)):
                if (path, fingerprint) in recorded:
                    found.add((path, fingerprint))
                    file.baselined.append(finding)
                else:
                    kept.append(finding)
            file.findings = kept
        return [
            e
            for e in self.entries
            if (e.path, e.fingerprint) not in found
            and (ran(linted[e.path], e.code) if e.path in linted else not (root / e.path).exists())
        ]


def load_baseline(path: Path) -> Baseline:
    """The baseline at ``path``; :class:`ConfigError` when it cannot be read or is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("findings"), list):
        raise ConfigError(f'{path}: not a baseline (expected {{"schema": "{SCHEMA}", "findings": [...]}}; write one with --write-baseline)')
    return Baseline(path, [_entry(path, i, item) for i, item in enumerate(data["findings"])])


def _entry(path: Path, index: int, item: Any) -> Entry:
    where = f"{path}: `findings[{index}]`"
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected an object with {', '.join(_FIELDS)}")
    for key in item:
        if key not in _FIELDS:
            close = difflib.get_close_matches(key, _FIELDS, n=1)
            raise ConfigError(f"{where}: unknown key {key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    missing = [key for key in _FIELDS if not isinstance(item.get(key), str)]
    if missing:
        raise ConfigError(f"{where}: `{missing[0]}` must be a string")
    return Entry(*(item[key] for key in _FIELDS))


def baseline_entries(run: "RunResult") -> List[Entry]:
    """What ``--write-baseline`` records: every finding of the run that no suppression accepted, sorted."""
    from .formats import display_path, file_fingerprints, shown_message

    entries = []
    for file in run.files:
        prints = file_fingerprints(run, file)
        for finding in [*file.findings, *file.baselined]:
            entries.append(Entry(display_path(run, finding.path), finding.code, prints[id(finding)], shown_message(run, finding)))
    return sorted(entries)


def write_baseline(entries: Sequence[Entry], path: Path) -> None:
    """Write ``entries`` to ``path`` atomically, one per line."""
    lines = ",\n".join("    " + json.dumps(e._asdict(), ensure_ascii=False) for e in entries)
    text = f'{{\n  "schema": "{SCHEMA}",\n  "findings": [' + (f"\n{lines}\n  ]" if entries else "]") + "\n}\n"
    write_atomic(path, text.encode("utf-8"))
