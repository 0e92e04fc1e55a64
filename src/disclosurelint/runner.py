"""Lint many files: from the cache, in this process or in worker processes.

:class:`~disclosurelint.api.Linter` stays the one engine; this module only
decides where each file is linted and guards it:

* cache hits (see :mod:`disclosurelint.cache`) are answered in this process
  without reading the report beyond hashing it;
* the other files are linted here when there are few of them (or one job),
  otherwise by a pool of workers, each with its own ``Linter`` built from the
  config, fed bounded chunks so that memory does not grow with the run; a
  worker returns only :class:`~disclosurelint.api.FileOutcome` objects;
* every file gets ``Limits.timeout`` seconds (SIGALRM, POSIX main thread;
  no limit elsewhere) and gives DL001 kind ``timeout`` when it runs over;
* a file that kills its worker (a crash in a C library) is found by retrying
  the files of the broken pool one at a time, and gives DL001 kind ``crash``.

Results keep the input order whatever order workers finish in; the
cross-file rules (:meth:`Linter.finish`) run once at the end.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Deque, Dict, Iterable, Iterator, List, NamedTuple, Optional, Tuple

from .api import FileOutcome, Linter, PathLike
from .cache import Cache
from .config import Config
from .model import ReadError
from .progress import Progress
from .readers import Limits
from .results import RunResult

#: Below this many files (and this many bytes) to lint, starting workers costs more than it saves.
MIN_PARALLEL = 24
MIN_PARALLEL_BYTES = 2**20
#: Most files in one task sent to a worker.
MAX_CHUNK = 32
#: Tasks queued per worker: enough to keep it busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2


class Item(NamedTuple):
    index: int  # position in the run's input order
    path: str
    key: Optional[str]  # cache entry to write, or None


Deliver = Callable[[int, FileOutcome], None]


class FileTimeout(BaseException):
    """Raised by the alarm inside the work on one file (a BaseException: readers catch Exception)."""


@contextlib.contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise :class:`FileTimeout` in the block after ``seconds``.

    Needs SIGALRM and the main thread; elsewhere, or when another ITIMER_REAL
    is already armed (its owner keeps it), the block runs without a limit.
    """
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def lint_one(linter: Linter, path: PathLike, cache: Optional[Cache] = None, key: Optional[str] = None) -> FileOutcome:
    """Lint one file within ``Limits.timeout``; store the outcome under ``key`` (never a timeout)."""
    timeout = linter.config.limits.timeout
    try:
        with time_limit(timeout):
            outcome = linter.lint_path(path)
    except FileTimeout:
        message = (
            f"读取和检查该文件超过了 {timeout:g} 秒的时限，已停止；文件可能过大或结构异常。"
            "请确认文件完整，或在配置 [tool.disclosurelint.limits] 中调高 timeout 后再检查"
        )
        return linter.check(ReadError(str(path), "timeout", message))
    if cache is not None and key is not None:
        cache.store(key, outcome)
    return outcome


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_files(
    linter: Linter,
    paths: Iterable[PathLike],
    jobs: Optional[int] = None,
    use_cache: Optional[bool] = None,
    progress: Optional[bool] = None,
) -> RunResult:
    """Lint ``paths`` and run the cross-file rules; files keep the input order.

    ``jobs`` defaults to ``Config.jobs``, else the number of CPUs; ``use_cache``
    to ``Config.cache``; ``progress`` None shows the bar on a terminal for long runs.
    """
    names = [str(p) for p in paths]
    config = linter.config
    cache = Cache.for_linter(linter) if (config.cache if use_cache is None else use_cache) else None
    bar = Progress(len(names), enabled=progress)
    outcomes: List[Optional[FileOutcome]] = [None] * len(names)

    def deliver(index: int, outcome: FileOutcome) -> None:
        outcomes[index] = outcome
        bar.advance()

    todo: List[Item] = []
    try:
        for index, name in enumerate(names):
            key = _cache_key(cache, name, config.limits) if cache is not None else None
            hit = cache.load(key) if cache is not None and key is not None else None
            if hit is not None:
                outcomes[index] = hit
                bar.advance(cached=1)
            else:
                todo.append(Item(index, name, key))
        workers = min(jobs or config.jobs or default_jobs(), len(todo))
        if workers > 1 and _worth_a_pool(todo):
            _parallel(linter, cache, todo, workers, deliver)
        else:
            for item in todo:
                deliver(item.index, lint_one(linter, item.path, cache, item.key))
    finally:
        bar.close()
    done = [o for o in outcomes if o is not None]
    return linter.result(done, linter.finish(done))


def _worth_a_pool(todo: List[Item]) -> bool:
    """Workers pay off for many files, or for a few big ones (PDF and DOCX reports)."""
    if len(todo) >= MIN_PARALLEL:
        return True
    size = 0
    for item in todo:
        with contextlib.suppress(OSError):
            size += os.stat(item.path).st_size
    return size >= MIN_PARALLEL_BYTES


def _cache_key(cache: Cache, path: str, limits: Limits) -> Optional[str]:
    """The entry key of a regular file within the size limit (others are linted, never cached)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limits.max_file_size:
            return None
        with open(path, "rb") as fh:
            return cache.key(path, fh.read())
    except OSError:
        return None


# -- worker processes ----------------------------------------------------------

_worker_linter: Optional[Linter] = None
_worker_cache: Optional[Cache] = None


def _init_worker(config: Config, cache_key: Optional[str]) -> None:
    global _worker_linter, _worker_cache
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker_linter = Linter(config)
    _worker_cache = Cache(config.cache_dir, cache_key) if cache_key else None


def _lint_chunk(items: List[Item]) -> List[FileOutcome]:
    assert _worker_linter is not None, "worker not initialised"
    return [lint_one(_worker_linter, item.path, _worker_cache, item.key) for item in items]


def _parallel(linter: Linter, cache: Optional[Cache], todo: List[Item], workers: int, deliver: Deliver) -> None:
    """Lint ``todo`` in worker pools; after a pool breaks, its unfinished files run one at a time."""
    size = max(1, min(MAX_CHUNK, len(todo) // (workers * 4)))
    chunks: Deque[List[Item]] = deque(todo[i : i + size] for i in range(0, len(todo), size))
    suspects: Deque[List[Item]] = deque()
    pool_args = (linter.config, cache.run_key if cache is not None else None)
    while chunks or suspects:
        if not suspects:
            lost = _run_pool(linter, cache, pool_args, chunks, workers, workers * IN_FLIGHT_PER_WORKER, deliver)
            suspects.extend([item] for chunk in lost for item in chunk)
            continue
        for chunk in _run_pool(linter, cache, pool_args, suspects, 1, 1, deliver):  # alone in its pool: the culprit
            deliver(chunk[0].index, _crashed(linter, chunk[0].path))


def _run_pool(
    linter: Linter,
    cache: Optional[Cache],
    pool_args: Tuple[Config, Optional[str]],
    chunks: Deque[List[Item]],
    workers: int,
    limit: int,
    deliver: Deliver,
) -> List[List[Item]]:
    """Run chunks from the left of ``chunks`` until it is empty or a worker dies; the chunks lost then.

    A chunk that fails otherwise (say, a plugin's summary that cannot be pickled) is linted here.
    """
    running: Dict[Future, List[Item]] = {}
    lost: List[List[Item]] = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=pool_args)
    try:
        while running or (chunks and not lost):
            while chunks and not lost and len(running) < limit:
                chunk = chunks.popleft()
                running[pool.submit(_lint_chunk, chunk)] = chunk
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = running.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost.append(chunk)
                    continue
                except Exception:
                    results = [lint_one(linter, item.path, cache, item.key) for item in chunk]
                for item, outcome in zip(chunk, results):
                    deliver(item.index, outcome)
    finally:
        pool.shutdown(wait=not lost, cancel_futures=True)
    return lost


def _crashed(linter: Linter, path: str) -> FileOutcome:
    message = (
        "检查该文件时工作进程异常退出（文件可能已损坏，触发了解析库的缺陷），已跳过；"
        "请用原软件重新打开并另存（导出）该文件后再检查"
    )
    return linter.check(ReadError(path, "crash", message))
