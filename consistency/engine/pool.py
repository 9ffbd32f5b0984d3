"""A process pool for per-item work that survives its workers dying.

``run_pool`` hands items to worker processes in chunks (small files should not drown in
overhead) and yields each item's result as it comes. A worker that dies (a crash, the
OOM killer) breaks the pool: the items that had started but not finished are the suspects.
Each suspect is retried alone in a fresh process and, if that dies too, given to ``lost``;
every other unfinished item goes into a new pool. Each round removes its suspects, so the
loop ends. A caller may retire workers after some items (``items_per_worker``): each round
then takes that many items per worker and its pool shuts down when they are done, so the next
round's workers start from the parent's memory again, not from what a worker grew to (a
parser's vocabulary and caches grow with every new word). Workers ignore SIGINT (the parent stops the pool) and exit on their own when the
parent dies without stopping it. Multiprocessing, concurrent.futures and ctypes are imported
when a pool runs, not with this module: a check that reads one file runs none.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items handed to a worker at a time.
CHUNK_SIZE = 32
# Chunks submitted per worker ahead of the results taken.
IN_FLIGHT_PER_WORKER = 3

# Signals held while the pool starts workers or stops (see _signals_held).
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# Seconds between a worker's checks that its parent process is still alive.
PARENT_CHECK_SECONDS = 0.5
# Exit status of a worker that outlived its parent.
EXIT_ORPHANED = 1

# glibc's mallopt parameters, and the sizes workers set them to (see _keep_freed_memory).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_TRIM_THRESHOLD = 256 << 20
_MMAP_THRESHOLD = 64 << 20

# States of an item in the array the workers share with the parent (0: not started yet).
_STARTED, _DONE = 1, 2
_state: Any = None  # a worker's view of that array, set by _init_worker


def run_pool(items: Sequence[Item], work: Callable[[Item], Result], jobs: int,
             lost: Callable[[Item], Result], chunk_size: int = CHUNK_SIZE,
             items_per_worker: int | None = None) -> Iterator[tuple[int, Result]]:
    """(index, ``work(item)``) for every item, as ``jobs`` worker processes finish them;
    ``lost(item)`` (in this process) for an item whose process died twice. ``work`` must be
    picklable (a module-level function or a partial of one). A few chunks per worker are in
    flight at a time, so results wait in memory only until they are taken. With
    ``items_per_worker``, new workers replace the old after about that many items each."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    state = multiprocessing.Array("b", len(items), lock=False)
    done: set[int] = set()
    todo = list(range(len(items)))
    while todo:
        batch = todo if items_per_worker is None else todo[:max(1, items_per_worker) * jobs]
        chunks = iter([batch[i:i + chunk_size] for i in range(0, len(batch), chunk_size)])
        broken = False
        with _pool(jobs, state) as pool:
            pending: set[Future] = set()

            def submit() -> None:
                nonlocal broken
                chunk = next(chunks, None)
                if chunk is not None and not broken:
                    try:
                        with _signals_held():  # submitting may start a worker
                            pending.add(pool.submit(_work_chunk, [(i, items[i]) for i in chunk], work))
                    except BrokenProcessPool:
                        broken = True

            for _ in range(IN_FLIGHT_PER_WORKER * jobs):
                submit()
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    pending.discard(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    for i, result in results:
                        done.add(i)
                        yield i, result
                    submit()
        todo = [i for i in todo if i not in done]
        if broken:
            for i in [i for i in todo if state[i] == _STARTED]:
                done.add(i)
                yield i, run_isolated(items[i], work, lost)
            todo = [i for i in todo if i not in done]


@contextmanager
def _pool(jobs: int, state: Any) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` workers sharing ``state``, shut down when the block ends; when it ends
    by an exception (an interrupt, or the caller leaving the results), the work not started
    yet is cancelled rather than done."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(state,))
    try:
        yield pool
    except BaseException:
        with _signals_held():
            pool.shutdown(wait=True, cancel_futures=True)
        raise
    with _signals_held():
        pool.shutdown(wait=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the pool starts workers or stops: the exception a
    handler raises there (in a fork's hooks, before the manager thread has started) would
    be lost or break the pool. A signal that arrived is raised again when the block ends,
    for the handler the process had. Only the main thread handles signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: arrived.append(signum))
                for signum in HELD_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in arrived:
            signal.raise_signal(signum)


def _init_worker(state: Any) -> None:
    """Runs in each new worker: keep the shared array, leave Ctrl-C to the parent (which
    stops the pool), and watch for the parent's death."""
    global _state
    _state = state
    _keep_freed_memory()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handlers, forked with the worker
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="parent-watch", daemon=True).start()


def _keep_freed_memory() -> None:
    """Have glibc's allocator keep the memory a worker frees for its next allocations, rather
    than give it back to the system at once: the parser allocates and frees arrays of
    megabytes for each batch, and each one mapped again costs a page fault per page (most of
    a cold check's system time). A worker's peak size is unchanged. Nothing is done on a C
    library without ``mallopt``."""
    import ctypes

    try:
        mallopt = getattr(ctypes.CDLL(None), "mallopt", None)  # the C library the process runs on
    except OSError:
        return
    if mallopt is not None:
        mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)


def _exit_with_parent(parent: int) -> None:
    """Runs in a worker thread: end the worker once the process that started it is gone (it
    is then re-parented). A parent killed outright (SIGKILL, the OOM killer) cannot shut its
    pool down, and its idle workers would wait for work forever."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(EXIT_ORPHANED)


def _work_chunk(chunk: list[tuple[int, Any]], work: Callable[[Any], Any]) -> list[tuple[int, Any]]:
    """Runs in a worker: the result of each (index, item), marking progress in ``_state``."""
    out = []
    for i, item in chunk:
        _state[i] = _STARTED
        out.append((i, work(item)))
        _state[i] = _DONE
    return out


def run_isolated(item: Item, work: Callable[[Item], Result], lost: Callable[[Item], Result]) -> Result:
    """``work(item)`` in a process of its own; ``lost(item)`` if that process dies."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    state = multiprocessing.Array("b", 1, lock=False)
    try:
        with _pool(1, state) as pool:
            with _signals_held():
                future = pool.submit(_work_chunk, [(0, item)], work)
            return future.result()[0][1]
    except BrokenProcessPool:
        return lost(item)
