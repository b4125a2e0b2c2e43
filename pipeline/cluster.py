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

Files go out in small batches, at most two per worker in flight, so results stream back to
the writer and memory stays flat. A batch holds as many files as take about half a second, by
the seconds per file the batches so far took (`BatchSize`): eight text files, one scan. A batch whose
worker dies (kill -9, a node lost) is run again by Dask elsewhere; one that kills
workers repeatedly is split into single files, and a file that still kills its worker
is recorded with a reason: a dead worker costs only the files it held.

A long scan is not one task (`Split`, pipeline/pagesplit.py): its pages go out in parts,
first in line, so every free worker OCRs some; when the last part is back, the file
itself goes out, first in line again, with what the parts read, and comes back as one
file's rows. A part whose reader fails inside a worker's pool (killed, over the time or
memory limit) goes out once more; a part that fails again, or whose worker was lost as
often as Dask retries, fails its file, with the reason.
"""
from __future__ import annotations

import collections
import contextlib
import multiprocessing
import pickle
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from .i18n import _
from .workers import Failure, Limits, Pool

# "local[N]": a cluster of N single-threaded workers on this machine.
LOCAL_CLUSTER = re.compile(r"local\[(?P<workers>[1-9][0-9]*)\]")
# A batch holds at most this many files, or one file of at least this many MB:
# enough to amortise a round trip, small enough to spread a folder over many workers.
BATCH_FILES = 8
BATCH_MB = 4.0
# Within those bounds a batch holds the files that take about this long on a worker: a round
# trip costs 10-12 ms of CPU, and a few slow files (scans, 1-2 s each) must spread over every
# worker rather than travel as one batch to one worker while the others idle.
BATCH_SECONDS = 0.5
# Batches in flight per worker thread: one running, one waiting, so no worker idles
# while the head hands out the next.
IN_FLIGHT_PER_WORKER = 2
# Where a local cluster's HTTP servers listen: this machine only, any free port (Dask's
# default, port 8787 on every interface, would expose them to the network).
LOOPBACK_ANY_PORT = "127.0.0.1:0"
# How often Dask reruns a batch whose worker died before it gives up on it.
RETRIES = 2
# How a cluster worker starts its reader children: the worker runs threads of Dask's (and, on a
# local cluster, the ingest's own), so not by forking itself (see workers.Pool).
READER_START = "forkserver"

Task = tuple[Any, tuple, float]

# Dask's worker processes are daemonic by default, and those may not start the child that
# reads a file under its limits; workers of a real cluster need this in their environment.
WORKER_ENV = "DASK_DISTRIBUTED__WORKER__DAEMON=False"
# Dask's housekeeping, quietened for a local cluster (docs/SCALING.md gives the environment for
# a real one): by default each worker samples its running task every 10 ms (the dashboard's
# profile) and each process checks its event loop every 20 ms and its memory every 500 ms,
# which cost an idle 2-core local cluster about 2% of a core per process (1.7 CPU-s every
# 20 s, head and two workers), 0.2 CPU-s with these. baocao uses neither profile nor dashboard.
QUIET_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",             # event-loop watchdog (warns after 3 s)
    "distributed.admin.system-monitor.interval": "5s",   # CPU/memory samples for the dashboard
}


class ClusterError(Exception):
    """The cluster could not be reached or started: one line for the user."""


def cluster_extra_missing() -> str | None:
    """Why `--cluster` cannot work here, or None."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return _("the cluster engine is not installed: pip install 'baocao[cluster]' (Dask distributed)")
    return None


@dataclass
class BatchSize:
    """How many files the next batch holds: as many as take about `seconds` on a worker, by the
    seconds per file the batches so far took, at most `most`; one until a batch is back (the
    first files may be long scans). The estimate is a running average that halves the weight of
    the past at each batch, so a folder of scans after one of text files moves it within a few."""

    seconds: float = BATCH_SECONDS
    most: int = BATCH_FILES
    seconds_per_file: float | None = None

    def files(self) -> int:
        if self.seconds_per_file is None:
            return 1
        return max(1, min(self.most, int(self.seconds / max(self.seconds_per_file, 1e-3))))

    def took(self, seconds: float, files: int) -> None:
        per_file = seconds / files
        known = self.seconds_per_file
        self.seconds_per_file = per_file if known is None else (known + per_file) / 2


def batches(tasks: Iterable[Task], size: BatchSize, max_mb: float = BATCH_MB) -> Iterator[list[Task]]:
    """Group tasks into batches of at most `size.files()` files (asked as each batch fills) and
    about `max_mb` megabytes."""
    batch: list[Task] = []
    megabytes = 0.0
    for task in tasks:
        if batch and (len(batch) >= size.files() or megabytes + task[2] > max_mb):
            yield batch
            batch, megabytes = [], 0.0
        batch.append(task)
        megabytes += task[2]
    if batch:
        yield batch


# One pool per cluster worker thread (a pool serves one caller at a time), kept between
# batches so its reader child (with the extractors imported) is reused; a child that fails is
# replaced by the pool itself.
_worker_pools: dict[tuple, Pool] = {}


# Set while a local cluster stops: its worker threads take no further file of their batch.
_stopping = threading.Event()


@contextlib.contextmanager
def _local_workers_stopping() -> Iterator[None]:
    """Around a local cluster's close: the files its workers are reading are abandoned, as the
    process pool does when it stops, instead of the close waiting for the workers' batches to
    finish (minutes for a batch of scans after Ctrl-C); then their reader children stop."""
    _stopping.set()
    try:
        for pool in list(_worker_pools.values()):
            pool.kill_running()
        yield
    finally:
        while _worker_pools:
            _worker_pools.popitem()[1].close()
        _stopping.clear()


def _files_until_stopped(batch: list[Task]) -> Iterator[Task]:
    for task in batch:
        if _stopping.is_set():
            return
        yield task


@dataclass(frozen=True)
class _Pickled:
    """A job whose result leaves its reader child already pickled: the cluster worker forwards
    the bytes as they are, instead of unpickling a file's rows and pickling them again."""

    job: Callable

    def __call__(self, *args) -> bytes:
        return pickle.dumps(self.job(*args), protocol=pickle.HIGHEST_PROTOCOL)


def run_batch(job: Callable, limits: Limits, batch: list[Task]) -> tuple[list[tuple[Any, Any]], str, float]:
    """Runs on a cluster worker: the batch's files through this worker's own `workers.Pool`;
    their results (pickled, or a Failure), the worker's name (which worker read which part of a
    split file) and the seconds the batch took there (how large the next batches are)."""
    from distributed import get_worker

    if multiprocessing.current_process().daemon:
        raise ClusterError(_("cluster workers must be allowed child processes: start them with {setting}").format(
            setting=WORKER_ENV))
    key = (job, limits, threading.get_ident())
    pool = _worker_pools.get(key)
    if pool is None:
        # Readers come from a fork server (workers.Pool says why), which imports the job's module once.
        multiprocessing.get_context(READER_START).set_forkserver_preload([job.__module__])
        pool = _worker_pools[key] = Pool(_Pickled(job), 1, limits, start=READER_START)
    started = time.perf_counter()
    results = list(pool.run(_files_until_stopped(batch)))
    return results, str(get_worker().name), time.perf_counter() - started


@dataclass(frozen=True)
class Split:
    """How a long task is cut into parts that several workers read, then finished by one.

    `parts(*args)` gives each part's arguments for `read`, or None to run the task whole;
    `read(*part)` runs on a worker and returns a dict; the task's job then runs with the
    parts' dicts merged as its last argument (pipeline/pagesplit.py: a long scan's pages).
    """

    parts: Callable[..., list[tuple] | None]
    read: Callable[..., dict]
    done: Callable[[tuple, str], Any]     # a part and the worker that read it -> what on_progress is told
    failed: Callable[[tuple, str], str]   # a part and why it failed -> the task's one-line reason


class ClusterPool:
    """`workers.Pool`'s interface over a Dask cluster at `address` (`local[N]`, `tcp://host:8786`);
    tasks that `split` cuts into parts are spread over several workers."""

    def __init__(self, job: Callable, address: str, limits: Limits = Limits(), split: Split | None = None):
        self._job, self._address, self._limits, self._split = job, address, limits, split
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

                dask.config.set(QUIET_CONFIG)
                # Workers are threads of this process (`processes=False`): each one's reader
                # child comes from one fork server with baocao imported, and batches travel in
                # memory. Worker processes would each start Python and import Dask and baocao
                # (about 1.3 CPU-s and 5 s before the first file on 2 cores) and pass every result
                # through a socket, for nothing: the reading already runs in separate processes
                # under their limits. Dask's HTTP servers (health, metrics), which it starts
                # anyway, listen on loopback only, on a free port.
                self._cluster = LocalCluster(
                    n_workers=int(local["workers"]), threads_per_worker=1, processes=False,
                    dashboard_address=LOOPBACK_ANY_PORT, worker_dashboard_address=LOOPBACK_ANY_PORT,
                    memory_limit=0)
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
            with _local_workers_stopping():   # its workers are threads of this process
                self._cluster.close()
        self._client = self._cluster = None

    def _note_memory(self) -> None:
        """Peak resident memory of the cluster's worker processes (their children included)."""
        try:
            peaks = self._client.run(_peak_rss_mb)
            self.peak_worker_rss_mb = max([self.peak_worker_rss_mb, *peaks.values()])
        except Exception:   # a closing cluster: the figure is only for the benchmark
            pass

    def _submit(self, job: Callable, batch: list[Task]):
        return self._client.submit(run_batch, job, self._limits, batch, pure=False, retries=RETRIES)

    def run(self, tasks: Iterable[Task], on_idle: Callable[[], None] | None = None,
            idle_seconds: float = 1.0, on_progress: Callable[[Any, Any], None] | None = None
            ) -> Iterator[tuple[Any, Any]]:
        """Results as batches come back; `on_idle` is called when none came for `idle_seconds`.

        `on_progress(key, Split.done(...))` is told as each part of a split task is done; what a
        file's reader reports (OCR page by page) stays on its cluster worker: the bar counts files.
        """
        retries: collections.deque[_Work] = collections.deque()   # and joins
        parts: collections.deque[Task] = collections.deque()
        splits: dict[Any, _Splitting] = {}
        in_flight: dict[Any, _Work] = {}
        finished: queue.SimpleQueue = queue.SimpleQueue()   # futures, as Dask's callbacks report them
        limit = IN_FLIGHT_PER_WORKER * self.workers

        def whole(tasks: Iterable[Task]) -> Iterator[Task]:
            """The tasks read whole; a split one leaves its parts in `parts`, first in line."""
            for key, args, megabytes in tasks:
                cut = self._split.parts(*args) if self._split else None
                if not cut:
                    yield key, args, megabytes
                    continue
                splits[key] = _Splitting(args, megabytes, len(cut))
                parts.extend((key, part, megabytes / len(cut)) for part in cut)

        size = BatchSize()
        pending: Iterator[list[Task]] | None = batches(whole(tasks), size)

        def next_work() -> _Work | None:
            nonlocal pending
            if retries:
                return retries.popleft()
            if parts:
                return _Work(self._split.read, [parts.popleft()])
            if pending is not None:
                batch = next(pending, None)
                if batch is not None:
                    return _Work(self._job, batch, sizes_batches=True)
                pending = None
                if parts:   # the last tasks were split
                    return _Work(self._split.read, [parts.popleft()])
            return None

        def top_up() -> None:
            while len(in_flight) < limit and (work := next_work()) is not None:
                future = self._submit(work.job, work.batch)
                in_flight[future] = work
                future.add_done_callback(finished.put)

        top_up()
        try:
            while in_flight:
                try:
                    future = finished.get(timeout=idle_seconds if on_idle else None)
                except queue.Empty:
                    on_idle()
                    continue
                work = in_flight.pop(future)
                job, batch = work.job, work.batch
                try:
                    done, worker, seconds = future.result()
                    ran = True
                    if work.sizes_batches and done:
                        size.took(seconds, len(done))
                except Exception as e:   # the batch did not run (its worker lost as often as Dask retries)
                    done, worker, ran = [], None, False
                    if len(batch) > 1:   # each file alone: only one that kills its worker is lost
                        retries.extend(_Work(job, [task]) for task in batch)
                    else:
                        done = [(batch[0][0], Failure(_worker_lost_reason(e)))]
                results = []
                for key, result in done:
                    if isinstance(result, bytes):   # not a Failure: the job's own result, pickled
                        result = pickle.loads(result)
                    if job is self._job or key not in splits:
                        results.append((key, result))
                        continue
                    split, part = splits[key], batch[0][1]
                    if isinstance(result, Failure) and ran and part not in split.retried:
                        # a reader that died or overran inside the worker's pool: once more,
                        # on whichever worker is free, before the file fails for it
                        split.retried.add(part)
                        retries.append(work)
                        continue
                    if isinstance(result, Failure):
                        split.failure = split.failure or self._split.failed(part, result.reason)
                    else:
                        split.read.update(result)
                        if on_progress:
                            on_progress(key, self._split.done(part, worker))
                    split.waiting -= 1
                    if split.waiting == 0:
                        del splits[key]
                        if split.failure:
                            results.append((key, Failure(split.failure)))
                        else:   # the whole task, with what its parts read, goes first in line
                            retries.appendleft(_Work(self._job, [(key, (*split.args, split.read), split.megabytes)]))
                top_up()   # before handing results over: the cluster works while the writer stores
                yield from results
        finally:
            for future in in_flight:
                future.cancel()


class _Work(NamedTuple):
    """A batch for the cluster: the job to run on each of its tasks (a file's, or a split file's
    part reader), and whether the seconds it takes tell the size of the next batches (not so a
    part, a file read again or the last step of a split file)."""

    job: Callable
    batch: list[Task]
    sizes_batches: bool = False


@dataclass
class _Splitting:
    """A task whose parts are being read: what they read so far, the parts tried twice, and the
    first part's failure (after its second try)."""

    args: tuple
    megabytes: float
    waiting: int
    read: dict = field(default_factory=dict)
    failure: str | None = None
    retried: set = field(default_factory=set)   # parts that failed once and went out again


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
