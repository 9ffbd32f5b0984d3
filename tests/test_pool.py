"""The process pool's workers keep the memory they free for their next allocations, and are
replaced by new ones after the items a caller allows each."""
from __future__ import annotations

import os
import resource
import sys

import pytest

from consistency.engine.pool import run_pool

_BLOCK = 40 << 20  # bytes: above the largest block glibc keeps by default (32 MB on 64 bits)
_ROUNDS = 5


def _page_faults_of_reallocating(_: int) -> int:
    """Runs in a worker: the minor page faults of allocating, touching and freeing a block of
    ``_BLOCK`` bytes ``_ROUNDS`` times (after a first round that maps it)."""
    bytearray(_BLOCK)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(_ROUNDS):
        block = bytearray(_BLOCK)  # zero-filled: every page is touched
        del block
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_worker_reuses_freed_blocks_without_mapping_them_again():
    (_, faults), = run_pool([0], _page_faults_of_reallocating, jobs=1, lost=lambda item: -1)
    pages = _BLOCK // resource.getpagesize()
    # A block given back to the system when freed faults in again page by page each round.
    assert faults < pages, f"{faults} page faults for {_ROUNDS} rounds of a {pages}-page block"


def _worker_pid(item: int) -> tuple[int, int]:
    """Runs in a worker: the item doubled, and the process that did it."""
    return item * 2, os.getpid()


def test_workers_are_replaced_after_the_items_allowed_each():
    results = dict(run_pool(list(range(10)), _worker_pid, jobs=2, lost=lambda item: (-1, 0), chunk_size=1,
                            items_per_worker=2))
    assert [results[i][0] for i in range(10)] == [i * 2 for i in range(10)]
    pids = [pid for _, pid in results.values()]
    # Three rounds of at most 2 x 2 items, each with workers of its own.
    assert len(set(pids)) >= 3
    assert max(pids.count(pid) for pid in set(pids)) <= 4
    assert os.getpid() not in pids


def test_workers_live_for_the_whole_run_by_default():
    results = dict(run_pool(list(range(10)), _worker_pid, jobs=2, lost=lambda item: (-1, 0), chunk_size=1))
    assert [results[i][0] for i in range(10)] == [i * 2 for i in range(10)]
    assert len({pid for _, pid in results.values()}) <= 2


_HEAP = 256 << 20  # bytes the parent holds while its pool runs


def _resident_bytes(_: int) -> int:
    """Runs in a worker: its resident set size (Linux /proc)."""
    with open("/proc/self/status", encoding="ascii") as status:
        kilobytes = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kilobytes << 10


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, and the fork server")
def test_a_worker_does_not_count_the_heap_of_the_process_that_runs_the_pool():
    """A forked worker's resident set counted every page the parent had touched: the corpus a
    check held, once more per worker."""
    heap = bytearray(b"\x01") * _HEAP  # every page written, so resident in this process
    (_, resident), = run_pool([0], _resident_bytes, jobs=1, lost=lambda item: -1)
    assert heap[-1] == 1
    assert resident < _HEAP // 2, f"a worker of {resident >> 20} MB beside a parent's heap of {_HEAP >> 20} MB"
