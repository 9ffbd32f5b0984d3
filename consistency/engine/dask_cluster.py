"""The per-document stages on Dask: the same functions the local engine runs in its process
pool, run on a Dask cluster (an existing one by scheduler address, or a LocalCluster started
for the run).

Documents are read on the client and partitioned; each task runs one per-document function
(extract, normalize, entity mentions and, for `check`, linking under the document's own
names) over a partition. The corpus-wide steps (names, adoption, blocks and rules) run on the
client over the gathered results, exactly as in the local engine, so findings are
byte-identical. Dask is an optional extra and is imported only when this engine is used.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from types import ModuleType
from typing import Any

from consistency import __version__
from consistency.engine.analyse import Outcome, analyse_or_report
from consistency.model import Document
from consistency.settings import Settings


class DaskEngineError(RuntimeError):
    """The Dask engine cannot run: the extra is missing, the scheduler is unreachable, or its
    workers run another version. The message is one line for the user."""


MISSING_EXTRA = "--engine dask needs the optional extra: pip install 'consistency[dask]'"
# Workers of the LocalCluster started when no scheduler address is given.
LOCAL_WORKERS = 2
# Below this many documents a LocalCluster uses threads (starts in ~1 s); above, processes,
# which pay a start-up cost but run extraction outside the client's GIL.
LOCAL_PROCESSES_FROM = 500
# Partitions per worker thread: enough to balance uneven articles, few enough to keep overhead low.
PARTITIONS_PER_THREAD = 2
# Largest partition, in documents, so one task never holds a large share of a big archive.
MAX_PARTITION = 256
# Seconds to wait for a remote scheduler before giving up.
CONNECT_TIMEOUT = 10


def analyse_documents_dask(documents: Sequence[Document], settings: Settings, with_entities: bool,
                           scheduler: str | None = None,
                           progress: Callable[[int, int], None] | None = None) -> list[Outcome]:
    """The outcome of each document, in document order, as the local engine gives it."""
    return map_documents_dask(documents, partial(analyse_or_report, settings=settings, with_entities=with_entities),
                              scheduler, progress)


def map_documents_dask(documents: Sequence[Document], work: Callable[[Document], Any], scheduler: str | None = None,
                       progress: Callable[[int, int], None] | None = None) -> list[Any]:
    """``work(document)`` for each document, in document order, run on Dask.

    ``scheduler`` is a Dask scheduler address ("tcp://host:8786"); None starts a LocalCluster
    for the call and closes it afterwards. ``progress`` is called with (documents finished,
    documents in all) as partitions complete, as in the local engine. Raises DaskEngineError when
    Dask is not installed, the scheduler cannot be reached, or its workers run another version.
    """
    if not documents:
        return []
    distributed = _import_distributed()
    with _client(distributed, scheduler, len(documents)) as client:
        _check_worker_versions(client)
        threads = sum(client.nthreads().values()) or 1
        shared = client.scatter(work, broadcast=True)
        parts = partitions(documents, threads)
        futures = client.map(_map_partition, parts, work=shared, pure=False)
        if progress is not None:
            sizes = {future.key: len(part) for future, part in zip(futures, parts)}
            done = 0
            for future in distributed.as_completed(futures):
                done += sizes[future.key]
                progress(done, len(documents))
        per_partition = client.gather(futures)
    return [outcome for part in per_partition for outcome in part]


def partitions(documents: Sequence[Document], threads: int) -> list[Sequence[Document]]:
    """Consecutive slices of ``documents``: about two per worker thread, none over MAX_PARTITION."""
    count = max(PARTITIONS_PER_THREAD * threads, math.ceil(len(documents) / MAX_PARTITION))
    size = max(1, math.ceil(len(documents) / count))
    return [documents[i:i + size] for i in range(0, len(documents), size)]


def _map_partition(documents: Sequence[Document], work: Callable[[Document], Any]) -> list[Any]:
    """Runs on a worker: ``work`` on each document of one partition."""
    return [work(doc) for doc in documents]


def _worker_version() -> str:
    import consistency
    return consistency.__version__


def _check_worker_versions(client: Any) -> None:
    """Workers must extract with this version, or results would differ from the local engine."""
    versions = client.run(_worker_version)
    other = sorted({v for v in versions.values() if v != __version__})
    if other:
        raise DaskEngineError(f"Dask workers run consistency {', '.join(other)}, this client {__version__}; "
                           "install the same version on the workers")


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError as exc:
        raise DaskEngineError(MISSING_EXTRA) from exc
    return distributed


@contextmanager
def _client(distributed: ModuleType, scheduler: str | None, n_documents: int) -> Iterator[Any]:
    """A distributed.Client on ``scheduler``, or on a LocalCluster that lives for the block."""
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError) as exc:  # unreachable, timed out, or a malformed address
            raise DaskEngineError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    import logging  # here: Dask's runs only need it

    processes = n_documents >= LOCAL_PROCESSES_FROM
    with distributed.LocalCluster(n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=processes,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster) as client:
        yield client
