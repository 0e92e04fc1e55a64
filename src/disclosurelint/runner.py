"""The driver of every run: many files from the cache, in this process or in worker processes.

:class:`~disclosurelint.api.Linter` stays the one engine (a
:class:`~disclosurelint.api.Session` holds one per config); this module only
decides where each file is handled and guards it.  Each file is parsed, then
a :data:`Work` turns the parsed file into what is sent back: for a lint run
(:func:`run_files`) ``Linter.check`` and its
:class:`~disclosurelint.api.FileOutcome` (with the review model when a format
needs it), for an extraction
(:func:`process_files` with :func:`disclosurelint.extract.model`) the file's
model as JSON data.

* cache hits (lint runs, see :mod:`disclosurelint.cache`) are answered in
  this process without reading the report beyond hashing it;
* the other files are handled here when there are few of them (or one job),
  otherwise by a pool of workers, each with its own linters built from the
  configs, fed bounded chunks so that memory does not grow with the run; a
  worker returns only the work's results;
* every file gets ``Limits.timeout`` seconds (SIGALRM, POSIX main thread;
  no limit elsewhere); one that runs over is a ``ReadError`` of kind
  ``timeout`` (DL001 when linted);
* a file that kills its worker (a crash in a C library) is found by retrying
  the files of the broken pool one at a time, and is a ``ReadError`` of kind
  ``crash``;
* Ctrl-C stops the workers at once (they ignore SIGINT; the parent ends them).

Results come out in the input order, each as soon as it and the files before
it are done, whatever order workers finish in; workers run at most a few
chunks ahead of the oldest unfinished one, so the results waiting for it stay
few.  The files of the configs' ``history`` folders go through the same
machinery, summarised only for the rules that want history; the cross-file
rules (:meth:`Session.result`) run once at the end of a lint run.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import stat
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import (
    Any, Callable, Deque, Dict, Generator, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple, Union,
)

from .api import FileOutcome, Linter, PathLike, Session
from .cache import Cache
from .config import Config
from .discovery import history_files
from .model import ReadError, Report
from .progress import Progress
from .readers import Limits
from .results import RunResult

#: Below this many files (and this many bytes) to handle, starting workers costs more than it saves.
MIN_PARALLEL = 24
MIN_PARALLEL_BYTES = 2**20
#: Most files in one task sent to a worker.
MAX_CHUNK = 32
#: Tasks queued per worker: enough to keep it busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
#: Workers start no task more than this many times the tasks in flight after the oldest unfinished
#: one: the results that wait for it (results go out in input order) stay few.
AHEAD = 2

#: What a run does with each parsed file (a ``ReadError`` when it could not be read, ran over its
#: time limit or crashed its worker): ``work(linter, subject, history)`` gives the result sent back.
#: A module-level function or method (or a ``functools.partial`` of one), so that workers can be given it.
Work = Callable[[Linter, Union[Report, ReadError], bool], Any]


class Job(NamedTuple):
    index: int  # position in the results
    path: str
    linter: int  # position in the session's linters
    key: Optional[str] = None  # cache entry to write, or None
    history: bool = False  # a history report: summaries only
    model: bool = False  # the work keeps the review model (FileResult.model): part of the cache key


Caches = Dict[int, Optional[Cache]]
#: ``(job index, result)`` pairs as files finish; a generator's return value: the chunks a broken pool lost.
Finished = Generator[Tuple[int, Any], None, List[List[Job]]]

_TIMEOUT = (
    "读取和检查该文件超过了 {:g} 秒的时限，已停止；文件可能过大或结构异常。"
    "请确认文件完整，或在配置 [tool.disclosurelint.limits] 中调高 timeout 后再检查"
)
_CRASH = (
    "检查该文件时工作进程异常退出（文件可能已损坏，触发了解析库的缺陷），已跳过；"
    "请用原软件重新打开并另存（导出）该文件后再检查"
)


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


def run_one(
    linter: Linter,
    path: PathLike,
    work: Work = Linter.check,
    history: bool = False,
    cache: Optional[Cache] = None,
    key: Optional[str] = None,
) -> Any:
    """Parse one file and do ``work`` on it within ``Limits.timeout``; store the result under ``key``
    (never a timeout's)."""
    timeout = linter.config.limits.timeout
    try:
        with time_limit(timeout):
            result = work(linter, linter.parse(path), history)
    except FileTimeout:
        return work(linter, ReadError(str(path), "timeout", _TIMEOUT.format(timeout)), history)
    if cache is not None and key is not None:
        cache.store(key, result)
    return result


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_files(
    engine: Union[Linter, Session],
    paths: Iterable[PathLike],
    jobs: Optional[int] = None,
    use_cache: Optional[bool] = None,
    progress: Optional[bool] = None,
    models: bool = False,
) -> RunResult:
    """Lint ``paths`` (each with the linter of its config), read the history folders, run the
    cross-file rules; files keep the input order.

    ``jobs`` defaults to the run config's ``jobs``, else the number of CPUs;
    ``use_cache`` to each config's ``cache``; ``progress`` None shows the bar
    on a terminal for long runs; ``models`` keeps each report's review model
    in :attr:`FileResult.model` (for a format with ``needs_model``).
    Relative paths are made absolute when the run's root is not the working
    directory, so that every path of the result is absolute or relative to
    :attr:`RunResult.root`.
    """
    session = Session.of(engine) if isinstance(engine, Linter) else engine
    names = [str(p) for p in paths]
    root = session.root(names)
    if os.path.abspath(root) != os.getcwd():
        names = [n if os.path.isabs(n) else os.path.abspath(n) for n in names]
    linters = [session.index_for(n) for n in names]
    todo = [Job(i, name, linter, model=models) for i, (name, linter) in enumerate(zip(names, linters))]
    history = _history_jobs(session, names, sorted(set(linters)), start=len(todo))
    work = functools.partial(Linter.check, model=True) if models else Linter.check
    outcomes = list(_process(session, todo + history, work, jobs, use_cache, progress))
    past = [(job.linter, outcome) for job, outcome in zip(history, outcomes[len(todo) :])]
    return session.result(names, linters, outcomes[: len(todo)], past, root)


def process_files(
    session: Session, paths: Iterable[PathLike], work: Work, jobs: Optional[int] = None, progress: Optional[bool] = None
) -> Generator[Any, None, None]:
    """``work``'s result for each of ``paths`` (each with the linter of its config) in input order,
    each as soon as it and the files before it are done: a run's results are never all held at once.

    The same workers, time limit and crash isolation as :func:`run_files`, without the cache and
    the history folders.  Every config is resolved and checked before this returns; closing the
    iterator early stops the workers.
    """
    todo = [Job(i, str(path), session.index_for(str(path))) for i, path in enumerate(paths)]
    return _process(session, todo, work, jobs, False, progress)


def lint_history(session: Session, names: Sequence[str]) -> List[Tuple[int, FileOutcome]]:
    """The history reports of every linter of ``session`` (but the files ``names``), here and without the cache."""
    history = _history_jobs(session, names, range(len(session.linters)), start=0)
    outcomes = list(_process(session, history, Linter.check, 1, False, False))
    return [(job.linter, outcome) for job, outcome in zip(history, outcomes)]


def _history_jobs(session: Session, names: Sequence[str], linters: Iterable[int], start: int) -> List[Job]:
    """The files of the history folders of ``linters`` whose rules want history (never a file of the run)."""
    run = {os.path.realpath(n) for n in names}
    jobs: List[Job] = []
    for index in linters:
        linter = session.linters[index]
        if not linter.config.history or not any(r.wants_history for r in linter.rules):
            continue
        for path in history_files(linter.config):
            if os.path.realpath(path) not in run:
                jobs.append(Job(start + len(jobs), path, index, history=True))
    return jobs


def _process(
    session: Session, todo: List[Job], work: Work, jobs: Optional[int], use_cache: Optional[bool], progress: Optional[bool]
) -> Generator[Any, None, None]:
    """``work``'s result of every job in order (from the cache, here or in workers); ``todo[i].index == i``."""
    caches: Caches = {}
    for index in sorted({job.linter for job in todo}):
        linter = session.linters[index]
        caches[index] = Cache.for_linter(linter) if (linter.config.cache if use_cache is None else use_cache) else None
    bar = Progress(len(todo), enabled=progress)
    ready: Dict[int, Any] = {}
    pending: List[Job] = []
    try:
        for job in todo:
            cache = caches[job.linter]
            key = _cache_key(cache, job, session.linters[job.linter].config.limits) if cache is not None else None
            hit = cache.load(key) if cache is not None and key is not None else None
            if hit is not None:
                ready[job.index] = hit
                bar.advance(cached=1)
            else:
                pending.append(job._replace(key=key))
        workers = min(jobs or session.resolver.run_config.jobs or default_jobs(), len(pending))
        if workers > 1 and _worth_a_pool(pending):
            finished: Generator[Tuple[int, Any], None, None] = _parallel(session, caches, pending, workers, work)
        else:
            finished = ((job.index, _here(session, caches, job, work)) for job in pending)
        with contextlib.closing(finished):  # stopping early stops the workers
            following = yield from _in_order(ready, 0)
            for index, result in finished:
                ready[index] = result
                bar.advance()
                following = yield from _in_order(ready, following)
    finally:
        bar.close()


def _in_order(ready: Dict[int, Any], following: int) -> Generator[Any, None, int]:
    """Take the results of ``ready`` out in order from index ``following`` up to the first gap; return the gap."""
    while following in ready:
        yield ready.pop(following)
        following += 1
    return following


def _here(session: Session, caches: Caches, job: Job, work: Work) -> Any:
    """The result of one job, in this process."""
    return run_one(session.linters[job.linter], job.path, work, job.history, caches[job.linter], job.key)


def _worth_a_pool(todo: List[Job]) -> bool:
    """Workers pay off for many files, or for a few big ones (PDF and DOCX reports)."""
    if len(todo) >= MIN_PARALLEL:
        return True
    size = 0
    for job in todo:
        with contextlib.suppress(OSError):
            size += os.stat(job.path).st_size
    return size >= MIN_PARALLEL_BYTES


def _cache_key(cache: Cache, job: Job, limits: Limits) -> Optional[str]:
    """The entry key of a regular file within the size limit (others are linted, never cached)."""
    try:
        info = os.stat(job.path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limits.max_file_size:
            return None
        with open(job.path, "rb") as fh:
            return cache.key(job.path, fh.read(), job.history, job.model)
    except OSError:
        return None


# -- worker processes ----------------------------------------------------------


class _Worker:
    """A worker process's linters, one per config of the run, built on first use, and the run's work."""

    def __init__(self, configs: Sequence[Config], plugins: Sequence[Any], run_keys: Sequence[Optional[str]], work: Work) -> None:
        self.session = Session(plugins=plugins)
        self.configs = configs
        self.run_keys = run_keys
        self.work = work
        self.caches: Dict[int, Optional[Cache]] = {}

    def run(self, job: Job) -> Any:
        linter = self.session.linters[self.session.index(self.configs[job.linter])]
        if job.linter not in self.caches:
            key = self.run_keys[job.linter]
            self.caches[job.linter] = Cache(linter.config.cache_dir, key) if key else None
        return run_one(linter, job.path, self.work, job.history, self.caches[job.linter], job.key)


_worker: Optional[_Worker] = None


def _init_worker(configs: Sequence[Config], plugins: Sequence[Any], run_keys: Sequence[Optional[str]], work: Work) -> None:
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker = _Worker(configs, plugins, run_keys, work)


def _run_chunk(jobs: List[Job]) -> List[Any]:
    assert _worker is not None, "worker not initialised"
    return [_worker.run(job) for job in jobs]


def _parallel(
    session: Session, caches: Caches, todo: List[Job], workers: int, work: Work
) -> Generator[Tuple[int, Any], None, None]:
    """Run ``todo`` in worker pools, yielding ``(index, result)`` as files finish; after a pool
    breaks, its unfinished files run one at a time."""
    size = max(1, min(MAX_CHUNK, len(todo) // (workers * 4)))
    chunks: Deque[List[Job]] = deque(todo[i : i + size] for i in range(0, len(todo), size))
    suspects: Deque[List[Job]] = deque()
    run_keys = [getattr(caches.get(i), "run_key", None) for i in range(len(session.linters))]
    pool_args = ([linter.given_config for linter in session.linters], session.plugins, run_keys, work)
    limit = workers * IN_FLIGHT_PER_WORKER
    while chunks or suspects:
        if not suspects:
            lost = yield from _run_pool(session, caches, work, pool_args, chunks, workers, limit)
            suspects.extend([job] for chunk in lost for job in chunk)
            continue
        lost = yield from _run_pool(session, caches, work, pool_args, suspects, 1, 1)
        for chunk in lost:  # alone in its pool: the culprit
            job = chunk[0]
            linter = session.linters[job.linter]
            yield job.index, work(linter, ReadError(job.path, "crash", _CRASH), job.history)


def _run_pool(
    session: Session,
    caches: Caches,
    work: Work,
    pool_args: Tuple[Any, ...],
    chunks: Deque[List[Job]],
    workers: int,
    limit: int,
) -> Finished:
    """Run chunks from the left of ``chunks`` until it is empty or a worker dies, yielding
    ``(index, result)`` as files finish; returns the chunks lost then.

    At most ``limit`` chunks run at once, none more than ``AHEAD * limit`` chunks after the oldest
    running one.  A chunk that fails otherwise (say, a plugin's summary that cannot be pickled) is
    handled here.
    """
    running: Dict[Future, List[Job]] = {}
    lost: List[List[Job]] = []
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=pool_args)
    try:
        while running or (chunks and not lost):
            while chunks and not lost and len(running) < limit and _near(chunks[0], running, AHEAD * limit):
                try:
                    running[pool.submit(_run_chunk, chunks[0])] = chunks[0]
                except BrokenProcessPool:  # a worker died since the last wait: its chunk is found below
                    break
                chunks.popleft()
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = running.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    lost.append(chunk)
                    continue
                except Exception:
                    results = [_here(session, caches, job, work) for job in chunk]
                for job, result in zip(chunk, results):
                    yield job.index, result
    except BaseException:  # Ctrl-C, the consumer stopping early (GeneratorExit), or a bug: end the workers now
        _stop_workers(pool)
        raise
    finally:
        # Waiting after the workers were stopped is short, and an exit while the pool still winds
        # down races in CPython before 3.12 ("Exception ignored ... Bad file descriptor").
        pool.shutdown(wait=not lost, cancel_futures=True)
    return lost


def _near(chunk: List[Job], running: Dict[Future, List[Job]], ahead: int) -> bool:
    """Whether ``chunk`` is within ``ahead`` chunks of the oldest running chunk (chunks are equally long
    but the last)."""
    if not running:
        return True
    oldest = min(c[0].index for c in running.values())
    return chunk[0].index - oldest < ahead * len(chunk)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
