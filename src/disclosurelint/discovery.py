"""Which files a run lints, which history files its cross-report rules read, and the run's root.

Files named on the command line are linted as given (ruff does the same),
unless ``force-exclude`` applies the excludes to them too; directories are
walked, each folder with the include/exclude globs of its own config.  The
files of the config's ``history`` folders are found the same way.  The root
that output paths are relative to is the git top-level of the linted files
(the folder holding ``.git``, found without running git), unless the config
or the command line names one.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Sequence, Union

from .config import Config, ConfigError

PathLike = Union[str, "os.PathLike[str]"]


def iter_report_files(paths: Sequence[PathLike], config_for: Callable[[str], Config]) -> Iterator[str]:
    """The files to lint under ``paths``, in order (each directory's files sorted).

    ``config_for`` gives the config of a file or folder.  A path that does not
    exist raises FileNotFoundError.
    """
    for raw in paths:
        name = str(raw)
        if not os.path.lexists(name):
            raise FileNotFoundError(errno.ENOENT, "no such file or directory", name)
        config = config_for(name)
        if config.force_exclude and config.is_excluded(name):
            continue
        if not os.path.isdir(name):
            yield name
            continue
        found: List[str] = []
        for folder, dirs, files in os.walk(name):
            here = config_for(folder)
            dirs[:] = sorted(d for d in dirs if not here.is_excluded(os.path.join(folder, d), parents=False))
            for file in files:
                full = os.path.join(folder, file)
                if here.matches_include(full) and not here.is_excluded(full, parents=False):
                    found.append(full)
        yield from sorted(found)


def history_files(config: Config) -> List[str]:
    """The report files of ``config``'s history folders (include/exclude as for the files of a run)."""
    try:
        return list(iter_report_files([str(p) for p in config.history], lambda _: config))
    except FileNotFoundError as exc:
        raise ConfigError(f"{config.where}: `{config.key('history')}`: no such file or directory: {exc.filename}") from None


def git_toplevel(start: Path) -> Optional[Path]:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or a file in worktrees and submodules)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repository_root(paths: Sequence[str], config_for: Callable[[str], Config]) -> Path:
    """The folder output paths are relative to, from the config of the folder holding all ``paths``:
    its ``repository-root`` when set, else the git top-level of the files, else the config's folder
    (the working directory without a config file)."""
    start = Path(os.path.commonpath([os.path.abspath(p) for p in paths])) if paths else Path.cwd()
    if not start.is_dir():
        start = start.parent
    config = config_for(str(start))
    if config.repository_root is not None:
        return config.repository_root
    top = git_toplevel(start)
    return top if top is not None else config.root
