"""Run the ingest's per-file work on a Dask cluster instead of this machine's process pool.

`ClusterPool` has the interface of `workers.Pool` (`run(tasks)` yields `(key, result or
Failure)`), so `ingest_files` keeps everything else: the sha256 skip, one writer with a
savepoint per file, the batch-end step. Only loading and extracting move to the cluster.

Why Dask (docs/SCALING.md has the figures): neither Dask nor Ray has a per-task timeout
or memory cap, so each cluster worker runs baocao's own `workers.Pool` (a forked child
under a deadline and an address-space cap, a crash becomes the file's one-line reason)
and the engine only moves batches of files. Per batch, Dask's 11–19 ms round trip is
noise beside a second of OCR, and Dask is a tenth of Ray's installed size, starts in
2–4 s instead of 5–9 s and needs no tuning of worker niceness or loopback addresses.

Files go out in small batches (a few files, or one large file), at most two per worker
in flight, so results stream back to the writer and memory stays flat. A batch whose
worker dies (kill -9, a node lost) is run again by Dask elsewhere; one that kills
workers repeatedly is split into single files, and a file that still kills its worker
is recorded with a reason: a dead worker costs only the files it held.
"""
from __future__ import annotations

import collections
import multiprocessing
import queue
import re
from typing import Any, Callable, Iterable, Iterator

from .i18n import _
from .workers import Failure, Limits, Pool

# "local[N]": a cluster of N single-threaded worker processes on this machine.
LOCAL_CLUSTER = re.compile(r"local\[(?P<workers>[1-9][0-9]*)\]")
# A batch holds at most this many files, or one file of at least this many MB:
# enough to amortise a round trip, small enough to spread a folder over many workers.
BATCH_FILES = 8
BATCH_MB = 4.0
# Batches in flight per worker thread: one running, one waiting, so no worker idles
# while the head hands out the next.
IN_FLIGHT_PER_WORKER = 2
# How often Dask reruns a batch whose worker died before it gives up on it.
RETRIES = 2

Task = tuple[Any, tuple, float]

# Dask's workers are daemonic processes by default, and those may not start the child
# that reads a file under its limits; workers of a real cluster need this in their environment.
WORKER_CONFIG = {"distributed.worker.daemon": False}
WORKER_ENV = "DASK_DISTRIBUTED__WORKER__DAEMON=False"


class ClusterError(Exception):
    """The cluster could not be reached or started: one line for the user."""


def cluster_extra_missing() -> str | None:
    """Why `--cluster` cannot work here, or None."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return _("the cluster engine is not installed: pip install 'baocao[cluster]' (Dask distributed)")
    return None


def batches(tasks: Iterable[Task], max_files: int = BATCH_FILES, max_mb: float = BATCH_MB) -> Iterator[list[Task]]:
    """Group tasks into batches of at most `max_files` files and about `max_mb` megabytes."""
    batch: list[Task] = []
    megabytes = 0.0
    for task in tasks:
        if batch and (len(batch) >= max_files or megabytes + task[2] > max_mb):
            yield batch
            batch, megabytes = [], 0.0
        batch.append(task)
        megabytes += task[2]
    if batch:
        yield batch


# One pool per cluster worker process, kept between batches so its forked child (with
# the extractors imported) is reused; a child that fails is replaced by the pool itself.
_worker_pools: dict[tuple, Pool] = {}


def run_batch(job: Callable, limits: Limits, batch: list[Task]) -> list[tuple[Any, Any]]:
    """Runs on a cluster worker: the batch's files through this worker's own `workers.Pool`."""
    if multiprocessing.current_process().daemon:
        raise ClusterError(_("cluster workers must be allowed child processes: start them with {setting}").format(
            setting=WORKER_ENV))
    pool = _worker_pools.get((job, limits))
    if pool is None:
        pool = _worker_pools[(job, limits)] = Pool(job, 1, limits)
    return list(pool.run(iter(batch)))


class ClusterPool:
    """`workers.Pool`'s interface over a Dask cluster at `address` (`local[N]`, `tcp://host:8786`)."""

    def __init__(self, job: Callable, address: str, limits: Limits = Limits()):
        self._job, self._address, self._limits = job, address, limits
        self._client = self._cluster = None
        self.peak_worker_rss_mb = 0.0
        self.workers = 0

    def __enter__(self) -> ClusterPool:
        missing = cluster_extra_missing()
        if missing:
            raise ClusterError(missing)
        from distributed import Client, LocalCluster

        local = LOCAL_CLUSTER.fullmatch(self._address)
        try:
            if local:
                import dask

                dask.config.set(WORKER_CONFIG)
                # Loopback only, no dashboard: nothing is exposed beyond this machine.
                self._cluster = LocalCluster(
                    n_workers=int(local["workers"]), threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None, memory_limit=0)
                self._client = Client(self._cluster, set_as_default=False)
            else:
                self._client = Client(self._address, timeout="30s", set_as_default=False)
        except (OSError, TimeoutError, RuntimeError) as e:   # RuntimeError: a local worker failed to start
            self.close()
            raise ClusterError(_("cannot reach the cluster at {address}: {error}").format(
                address=self._address, error=e)) from None
        self.workers = max(1, sum(self._client.nthreads().values()))
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._note_memory()
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def _note_memory(self) -> None:
        """Peak resident memory of the cluster's worker processes (their children included)."""
        try:
            peaks = self._client.run(_peak_rss_mb)
            self.peak_worker_rss_mb = max([self.peak_worker_rss_mb, *peaks.values()])
        except Exception:   # a closing cluster: the figure is only for the benchmark
            pass

    def _submit(self, batch: list[Task]):
        return self._client.submit(run_batch, self._job, self._limits, batch, pure=False, retries=RETRIES)

    def run(self, tasks: Iterable[Task], on_idle: Callable[[], None] | None = None,
            idle_seconds: float = 1.0, on_progress: Callable[[Any, Any], None] | None = None
            ) -> Iterator[tuple[Any, Any]]:
        """Results as batches come back; `on_idle` is called when none came for `idle_seconds`.

        `on_progress` is accepted for `workers.Pool`'s interface but never called: what a file's
        reader reports (OCR page by page) stays on its cluster worker; the bar counts files.
        """
        pending = batches(tasks)
        retries: collections.deque[list[Task]] = collections.deque()
        in_flight: dict[Any, list[Task]] = {}
        finished: queue.SimpleQueue = queue.SimpleQueue()   # futures, as Dask's callbacks report them
        limit = IN_FLIGHT_PER_WORKER * self.workers

        def top_up() -> None:
            nonlocal pending
            while len(in_flight) < limit:
                if retries:
                    batch = retries.popleft()
                elif pending is not None and (batch := next(pending, None)) is not None:
                    pass
                else:
                    pending = None
                    return
                future = self._submit(batch)
                in_flight[future] = batch
                future.add_done_callback(finished.put)

        top_up()
        try:
            while in_flight:
                try:
                    future = finished.get(timeout=idle_seconds if on_idle else None)
                except queue.Empty:
                    on_idle()
                    continue
                batch = in_flight.pop(future)
                try:
                    results = future.result()
                except Exception as e:
                    results = []
                    if len(batch) > 1:   # each file alone: only one that kills its worker is lost
                        retries.extend([task] for task in batch)
                    else:
                        results = [(batch[0][0], Failure(_worker_lost_reason(e)))]
                top_up()   # before handing results over: the cluster works while the writer stores
                yield from results
        finally:
            for future in in_flight:
                future.cancel()


def _worker_lost_reason(error: Exception) -> str:
    if type(error).__name__ == "KilledWorker":
        return _("the cluster worker reading this file died {n} times: "
                 "the file is probably corrupt or too large; re-export it").format(n=RETRIES + 1)
    return _("the cluster could not run this file ({error})").format(error=f"{type(error).__name__}: {error}")[:300]


def _peak_rss_mb() -> float:
    """Peak resident memory of this cluster worker and of its pools' children, in MB."""
    peaks = [pool.peak_worker_rss_mb for pool in _worker_pools.values()]
    try:
        import resource
        peaks.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)   # KB on Linux
    except ImportError:
        pass
    return max(peaks, default=0.0)
