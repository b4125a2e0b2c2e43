"""Run a job over many tasks in worker processes, each task under a time and memory limit.

One pathological file must not stall or kill a batch of thousands. Each worker
process runs with a capped address space (RLIMIT_AS), and each task has a
deadline: a worker that overruns it, or dies (a C library crash, the kernel's
OOM killer), is killed and replaced, and its task comes back as a `Failure`
with a one-line reason. Results are yielded as they arrive, so memory stays
flat however many tasks there are.

Portable: where POSIX parts are missing (Windows) the pool still works, with less: no
`resource` means no memory cap (only the deadline), no fork means spawned workers, no
prctl means orphaned workers exit when their pipe closes, no /proc means no peak-memory figure.
"""
from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .i18n import N_, _

try:
    import resource   # POSIX only: on Windows workers run without a memory limit (the timeout still holds)
except ImportError:
    resource = None

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    timeout: float = 300.0        # seconds for one task
    seconds_per_mb: float = 0.0   # more time for a larger task (a long scanned PDF is OCR'd page by page)
    memory_mb: int | None = 2048  # address space of one worker; None: no limit


@dataclass(frozen=True)
class Failure:
    """A task that did not finish: `reason` is one line for the user."""

    reason: str


@dataclass(frozen=True)
class Progress:
    """A message a task sends while it runs (`report`), handed to `Pool.run`'s `on_progress`."""

    message: Any


_task_conn = None      # in a worker process: the pipe to the parent, for `report`


def report(message: Any) -> None:
    """Tell the parent how the current task is going (pages OCR'd …); nothing outside a worker."""
    if _task_conn is not None:
        try:
            _task_conn.send(Progress(message))
        except (BrokenPipeError, OSError):
            pass


# Signals by name: SIGKILL and SIGBUS do not exist on Windows.
_SIGNAL_NAMES = {getattr(signal, name): how for name, how in [
    ("SIGKILL", N_("was killed")),
    ("SIGSEGV", N_("crashed (segmentation fault)")),
    ("SIGABRT", N_("aborted")),
    ("SIGBUS", N_("crashed (bus error)")),
] if hasattr(signal, name)}
# C libraries abort, and the kernel kills, when memory runs out.
_OUT_OF_MEMORY_SIGNALS = {getattr(signal, name) for name in ("SIGKILL", "SIGABRT") if hasattr(signal, name)}


try:
    _LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:
    _LIBC = None   # not Linux: workers still exit when their pipe closes


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (kill -9 leaves no orphans).
    Also run between fork and exec, so it only calls the C library loaded beforehand."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG


class _ChildrenDieWithWorker(subprocess.Popen):
    """Programs a worker starts (Tesseract, antiword) die with it, however it dies: they get
    PR_SET_PDEATHSIG too, since that setting is not inherited across fork."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("preexec_fn") is None and _LIBC is not None:   # no preexec_fn on Windows
            kwargs["preexec_fn"] = _die_with_parent
        super().__init__(*args, **kwargs)


# Temporary folders of workers, one each, named after the ingest that made them: the ingest
# removes them as workers go, and the next ingest removes those of one that was killed.
TEMP_PREFIX = "baocao-worker-"


def _worker_temp_dir() -> str:
    return tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")


def remove_stale_temp_dirs() -> None:
    """Temporary folders left by an ingest that was killed (kill -9 leaves no time to clean up)."""
    base = Path(tempfile.gettempdir())
    for folder in base.glob(f"{TEMP_PREFIX}*-*"):
        owner = folder.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True   # os.kill would end that process there, not probe it: keep its folder
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_main(conn, job: Callable, memory_mb: int | None, temp_dir: str | None = None) -> None:
    global _task_conn
    _task_conn = conn
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    faulthandler.disable()   # a crash is reported as the file's reason, not as a dump on the terminal
    _die_with_parent()
    if hasattr(os, "setpgid"):   # POSIX: its own process group, so stopping the worker stops what it started
        try:
            os.setpgid(0, 0)
        except OSError:
            pass   # already a group leader; PR_SET_PDEATHSIG below still stops its programs
    subprocess.Popen = _ChildrenDieWithWorker
    if temp_dir:
        os.environ["TMPDIR"] = tempfile.tempdir = temp_dir   # Tesseract's page images go here
    if memory_mb and resource is not None:
        limit = memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = job(*task)
        except MemoryError:
            result = Failure(_("needs more than {memory} MB of memory: stopped (raise --max-memory to retry)").format(
                memory=memory_mb))
        except Exception as e:   # the job should not raise; if it does, the batch still goes on
            result = Failure(_("worker error ({error})").format(error=f"{type(e).__name__}: {e}"[:250]))
        try:
            conn.send(result)
        except (BrokenPipeError, OSError):
            return
        except Exception as e:   # a result that cannot be pickled
            conn.send(Failure(_("worker could not return its result ({error})").format(error=f"{type(e).__name__}: {e}"[:250])))
            return
        if isinstance(result, Failure):
            return   # after running out of memory the heap is suspect: start afresh


# Pools in several threads of one process make their pipes and children one at a time. A child
# forked by one thread between another thread's Pipe() and its close of the child's end would
# inherit that end and keep it open: when the other reader dies, its pool would wait for an end
# of file that never comes (a hang seen in CI when a local cluster's worker threads forked their
# readers; they now come from a fork server, see Pool, but any pool may be used from threads).
_forking = threading.Lock()


class _Worker:
    def __init__(self, context, job: Callable, limits: Limits):
        self.temp_dir = _worker_temp_dir()
        with _forking:
            self.conn, child = context.Pipe()
            self.process = context.Process(target=_worker_main, args=(child, job, limits.memory_mb, self.temp_dir),
                                           daemon=True)
            self.process.start()
            child.close()
        self.task: tuple | None = None
        self.key: Any = None
        self.timeout = self.deadline = 0.0

    def give(self, key: Any, task: tuple, timeout: float) -> None:
        self.key, self.task, self.timeout = key, task, timeout
        self.deadline = time.monotonic() + timeout
        self.conn.send(task)

    def stop(self) -> None:
        if self.process.is_alive():   # not yet reaped, so its pid (and group id) is still its own
            try:
                os.killpg(self.process.pid, signal.SIGKILL)   # the worker and whatever it started
            except (ProcessLookupError, PermissionError, AttributeError):   # AttributeError: no killpg (Windows)
                pass
            self.process.kill()
        self.process.join()
        self.conn.close()
        shutil.rmtree(self.temp_dir, ignore_errors=True)


class Pool:
    """`pool.run(tasks)` yields `(key, result or Failure)` for each `(key, args, megabytes)` in tasks.

    A task may take `limits.timeout + limits.seconds_per_mb * megabytes` seconds.
    """

    def __init__(self, job: Callable, workers: int, limits: Limits = Limits(), start: str = "fork"):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        # fork: workers start in milliseconds with the extractors already imported. A pool in a
        # process whose other threads import modules or hold locks while it forks (a cluster
        # worker) asks for "forkserver": its workers are forked from a single-threaded server, as a
        # child forked from here could inherit a lock held by another thread and wait on it forever
        # (seen: a reader stuck importing PIL, which the ingest's main thread was importing). Where
        # there is neither (Windows), spawn: each worker imports the extractors first.
        try:
            self._context = multiprocessing.get_context(start)
        except ValueError:
            self._context = multiprocessing.get_context("spawn")
        remove_stale_temp_dirs()
        self._job, self._limits, self._size = job, limits, workers
        self._workers: list[_Worker] = []
        self.peak_worker_rss_mb = 0.0

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    def kill_running(self) -> None:
        """Kill the processes of the tasks running now, from another thread than `run`'s: `run`
        sees them die and yields their tasks as Failures (a local cluster that is stopping)."""
        for worker in list(self._workers):
            if worker.task is not None and worker.process.is_alive():
                try:
                    os.killpg(worker.process.pid, signal.SIGKILL)   # the worker and whatever it started
                except (ProcessLookupError, PermissionError, AttributeError):   # AttributeError: no killpg (Windows)
                    worker.process.kill()

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self._job, self._limits)
        self._workers.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        self._note_memory(worker)
        worker.stop()
        self._workers.remove(worker)

    def _note_memory(self, worker: _Worker) -> None:
        try:
            with open(f"/proc/{worker.process.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        self.peak_worker_rss_mb = max(self.peak_worker_rss_mb, int(line.split()[1]) / 1024)
        except OSError:
            pass

    def _give(self, key: Any, task: tuple, timeout: float) -> _Worker:
        """Hand the task to an idle worker, replacing workers that died while idle."""
        for worker in [w for w in self._workers if w.task is None]:
            if worker.process.is_alive():
                try:
                    worker.give(key, task, timeout)
                    return worker
                except (BrokenPipeError, OSError):   # died just now
                    worker.task = None
            self._replace(worker)
        worker = self._spawn()
        worker.give(key, task, timeout)
        return worker

    def _died(self, worker: _Worker) -> str:
        worker.process.join(1)
        code = worker.process.exitcode
        if code is not None and code < 0:
            how = _(_SIGNAL_NAMES[-code]) if -code in _SIGNAL_NAMES else _("was stopped by signal {signal}").format(signal=-code)
            if -code in _OUT_OF_MEMORY_SIGNALS and self._limits.memory_mb:
                return _("the reader {how} on this file (out of memory? limit {memory} MB): "
                         "it may be corrupt or too large; re-export it or raise --max-memory").format(
                    how=how, memory=self._limits.memory_mb)
            return _("the reader {how} on this file: it is probably corrupt; re-export it").format(how=how)
        return _("the reader exited (code {code}) on this file: it may be corrupt; re-export it").format(code=code)

    def run(self, tasks: Iterable[tuple[Any, tuple, float]],
            on_idle: Callable[[], None] | None = None, idle_seconds: float = 1.0,
            on_progress: Callable[[Any, Any], None] | None = None) -> Iterator[tuple[Any, Any]]:
        """Results as they come; `on_idle` is called when no result came for `idle_seconds`,
        `on_progress(key, message)` for each `report` a running task makes."""
        pending: Iterator | None = iter(tasks)

        def give_next() -> _Worker | None:
            nonlocal pending
            if pending is None:
                return None
            try:
                key, task, megabytes = next(pending)
            except StopIteration:
                pending = None
                return None
            return self._give(key, task, self._limits.timeout + self._limits.seconds_per_mb * megabytes)

        try:
            while True:
                busy = [w for w in self._workers if w.task is not None]
                while len(busy) < self._size and (worker := give_next()) is not None:
                    busy.append(worker)
                if not busy:
                    return
                soonest = min(w.deadline for w in busy)
                wait_for = max(0.0, soonest - time.monotonic())
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                                 timeout=min(wait_for, idle_seconds) if on_idle else wait_for))
                if not ready and on_idle:
                    on_idle()
                for worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        key = worker.key
                        try:
                            result = worker.conn.recv()
                        except (EOFError, OSError):
                            result = Failure(self._died(worker))
                        if isinstance(result, Progress):
                            if on_progress:
                                on_progress(key, result.message)
                            continue
                        worker.task = worker.key = None
                        if not worker.process.is_alive() or isinstance(result, Failure):
                            self._replace(worker)
                        give_next()   # before handing the result over: the worker reads while the caller stores
                        yield key, result
                    elif time.monotonic() >= worker.deadline and not worker.conn.poll():
                        key, timeout = worker.key, worker.timeout
                        self._replace(worker)
                        give_next()
                        yield key, Failure(_("took longer than {timeout} s: stopped (a pathological file?); "
                                             "raise --timeout to retry").format(timeout=f"{timeout:g}"))
        finally:
            for worker in self._workers:
                self._note_memory(worker)
