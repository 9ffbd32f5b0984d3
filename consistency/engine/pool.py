"""A process pool for per-item work that survives its workers dying.

``run_pool`` hands items to worker processes in chunks (small files should not drown in
overhead) and yields each item's result as it comes. A worker that dies (a crash, the
OOM killer) breaks the pool: the items that had started but not finished are the suspects.
Each suspect is retried alone in a fresh process and, if that dies too, given to ``lost``;
every other unfinished item goes into a new pool. Each round removes its suspects, so the
loop ends; workers that die twice in a row before taking any item (they cannot start) end
it with an error. A caller may retire workers after some items (``items_per_worker``): each round
then takes that many items per worker and its pool shuts down when they are done, so the next
round's workers start afresh, not from what a worker grew to (a parser's vocabulary and caches
grow with every new word).

Workers start from multiprocessing's fork server where there is one (``START_METHOD``): a
small process that runs while pools do and imports nothing of the checker, so a
worker is not a copy of the parent's heap (the corpus read so far: a forked worker's size
counted all of it, once per worker) and imports and loads what it needs itself. A program
that runs a pool must then guard its entry point (``if __name__ == "__main__":``), as with
the "spawn" start method. Workers ignore SIGINT (the parent stops the pool) and exit on
their own when the parent dies without stopping it (the fork server then exits with its last
worker). Multiprocessing, concurrent.futures and ctypes are imported when a
pool runs, not with this module: a check that reads one file runs none.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.context import BaseContext

Item = TypeVar("Item")
Result = TypeVar("Result")

# How worker processes start: a multiprocessing start method, used where the platform has it
# (else its default). "fork" copies the parent as it is now, with whatever it has grown to
# and whatever a test has patched.
START_METHOD = "forkserver"

# Items handed to a worker at a time.
CHUNK_SIZE = 32
# Chunks submitted per worker ahead of the results taken.
IN_FLIGHT_PER_WORKER = 3

# Signals held while the pool starts workers or stops (see _signals_held).
HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# Exit status of a worker that outlived its parent.
EXIT_ORPHANED = 1

# glibc's mallopt parameters, and the sizes workers set them to (see _keep_freed_memory).
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_TRIM_THRESHOLD = 256 << 20
_MMAP_THRESHOLD = 64 << 20

# States of an item in the array the workers share with the parent (0: not started yet).
_STARTED, _DONE = 1, 2
_state: Any = None  # a worker's view of that array, set by _init_worker

# The pools running in this process, and the servers _start_server started for them.
_server_lock = threading.Lock()
_server_users = 0
_servers: list[Any] = []


def run_pool(items: Sequence[Item], work: Callable[[Item], Result], jobs: int,
             lost: Callable[[Item], Result], chunk_size: int = CHUNK_SIZE,
             items_per_worker: int | None = None) -> Iterator[tuple[int, Result]]:
    """(index, ``work(item)``) for every item, as ``jobs`` worker processes finish them;
    ``lost(item)`` (in this process) for an item whose process died twice. ``work`` must be
    picklable (a module-level function or a partial of one). A few chunks per worker are in
    flight at a time, so results wait in memory only until they are taken. With
    ``items_per_worker``, new workers replace the old after about that many items each."""
    with _start_context() as context:
        yield from _run_pool(items, work, jobs, lost, chunk_size, items_per_worker, context)


def _run_pool(items: Sequence[Item], work: Callable[[Item], Result], jobs: int, lost: Callable[[Item], Result],
              chunk_size: int, items_per_worker: int | None, context: BaseContext) -> Iterator[tuple[int, Result]]:
    """``run_pool``, its workers started in ``context``."""
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    state = context.Array("b", len(items), lock=False)
    done: set[int] = set()
    todo = list(range(len(items)))
    stalled = 0  # rounds in a row whose workers died before taking any item
    while todo:
        batch = todo if items_per_worker is None else todo[:max(1, items_per_worker) * jobs]
        chunks = iter([batch[i:i + chunk_size] for i in range(0, len(batch), chunk_size)])
        broken = False
        with _pool(jobs, state, context) as pool:
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
        progressed = len(todo) > len([i for i in todo if i not in done])
        todo = [i for i in todo if i not in done]
        if broken:
            stalled = 0 if progressed or any(state[i] == _STARTED for i in todo) else stalled + 1
            if stalled > 1:
                raise RuntimeError("worker processes exit as they start; a script that checks with more than one "
                                   "job must guard its entry point with 'if __name__ == \"__main__\":'")
            for i in [i for i in todo if state[i] == _STARTED]:
                done.add(i)
                yield i, run_isolated(items[i], work, lost)
            todo = [i for i in todo if i not in done]


@contextmanager
def _start_context() -> Iterator[BaseContext]:
    """The multiprocessing context workers start in while the block runs: ``START_METHOD``
    where the platform has it, else the platform's default. A fork server (and
    multiprocessing's resource tracker, which it needs) that this module starts runs while
    any pool of this process does, importing nothing (what it imports, every worker would
    count in its size), and is stopped after the last: the server and the tracker (25 MB)
    would otherwise last as long as this process, beside its own peak after the pool."""
    import multiprocessing

    global _server_users
    if START_METHOD not in multiprocessing.get_all_start_methods():
        yield multiprocessing.get_context()
        return
    context = multiprocessing.get_context(START_METHOD)
    if START_METHOD != "forkserver":
        yield context
        return
    with _server_lock:
        if _server_users == 0:
            _start_server(context)
        _server_users += 1
    try:
        yield context
    finally:
        with _server_lock, _signals_held():
            _server_users -= 1
            if _server_users == 0:
                _stop_servers()


def _start_server(context: BaseContext) -> None:
    """Start the fork server (and the resource tracker) unless they run, noting those started
    here in ``_servers`` for ``_stop_servers``."""
    from multiprocessing import forkserver, resource_tracker

    # Which are running is private to multiprocessing: read defensively, and a server
    # not known to be stopped is not ours to stop (a worker has both from the fork server).
    servers = [(forkserver._forkserver, "_forkserver_alive_fd"), (resource_tracker._resource_tracker, "_fd")]
    _servers[:] = [server for server, fd in servers if getattr(server, fd, 0) is None]
    context.set_forkserver_preload([])
    # The server and the workers it forks keep the signal mask it starts with: with SIGINT
    # blocked, a Ctrl-C to the terminal's process group reaches no worker before it ignores
    # SIGINT itself (the server's own handler would raise KeyboardInterrupt in a worker still
    # starting). A SIGINT that arrives meanwhile waits for this process.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _stop_servers() -> None:
    """Stop the fork server and the resource tracker if ``_start_server`` started them (once
    their last worker has exited, each exits when asked). Where multiprocessing has no way
    to, they run until this process ends, as they otherwise would."""
    for server in _servers:  # the fork server first: it holds the tracker open
        stop = getattr(server, "_stop", None)
        if stop is not None:
            try:
                stop()
            except OSError:  # already gone
                pass
    _servers.clear()


@contextmanager
def _pool(jobs: int, state: Any, context: BaseContext) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``jobs`` workers sharing ``state``, started in ``context``, shut down when
    the block ends; when it ends by an exception (an interrupt, or the caller leaving the
    results), the work not started yet is cancelled rather than done."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(state,))
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
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the handler of the process it was forked from
    threading.Thread(target=_exit_with_parent, name="parent-watch", daemon=True).start()


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


def _exit_with_parent() -> None:
    """Runs in a worker thread: end the worker once the process that started the pool is gone.
    A parent killed outright (SIGKILL, the OOM killer) cannot shut its pool down, and its idle
    workers would wait for work forever. The worker waits on the pipe multiprocessing keeps
    open in the parent for it (its end of the pipe closes with the parent), not on its own
    parent process id: a worker forked by the fork server has the server for its parent,
    and the server lives as long as any worker it forked."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing
        return
    parent.join()
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
    from concurrent.futures.process import BrokenProcessPool

    with _start_context() as context:
        state = context.Array("b", 1, lock=False)
        try:
            with _pool(1, state, context) as pool:
                with _signals_held():
                    future = pool.submit(_work_chunk, [(0, item)], work)
                return future.result()[0][1]
        except BrokenProcessPool:
            return lost(item)
