"""Opening a database file safely: read-only for reading, one ingest at a time for writing.

Read commands (`search`, `show`, `serve`, `doctor`) open the file read-only (`mode=ro`, or
`immutable=1` on read-only media) and never create or migrate anything, so pointing them at
the wrong file cannot change it. A file that is not an SQLite database, is corrupt, or is
another program's database gets one line that says so. Writers (`ingest`, `correct`) take an
exclusive lock file beside the database, so a second ingest says one is already running
instead of failing later with "database is locked".
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .i18n import _

if TYPE_CHECKING:
    import sqlite_utils

try:
    import fcntl   # POSIX; elsewhere the lock is not taken (see `_flock`)
except ImportError:
    fcntl = None

# Tables and columns that make a file a baocao database.
_SIGNATURE = {"files": {"path", "sha256", "status"}, "reports": {"file_id", "text"}}


class DatabaseFileError(Exception):
    """The database file cannot be used as asked; the message is one line saying what to do."""


class IngestRunning(DatabaseFileError):
    pass


def _uri(path: Path, **params: str) -> str:
    return f"file:{quote(str(path.resolve()))}?" + "&".join(f"{k}={v}" for k, v in params.items())


def _read_schema(conn: sqlite3.Connection, path: str | Path) -> tuple[set[str], dict[str, set[str]]]:
    """The tables of `conn`, and the columns of those baocao recognises; DatabaseFileError when
    the file is not SQLite."""
    try:
        tables = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        return tables, {t: {row[1] for row in conn.execute(f"pragma table_info([{t}])")} for t in _SIGNATURE if t in tables}
    except sqlite3.DatabaseError as e:
        if isinstance(e, sqlite3.OperationalError) and "not a database" not in str(e):
            raise   # cannot open (read-only media, locked): the caller may try otherwise
        raise DatabaseFileError(_("{path} is not an SQLite database or is corrupt ({error}): check --db").format(path=path, error=e)) from None


def check_baocao(conn: sqlite3.Connection, path: str | Path, empty_ok: bool = False) -> None:
    """Raise DatabaseFileError unless `conn` is a baocao database (or, with `empty_ok`, an empty one)."""
    tables, columns = _read_schema(conn, path)
    if not tables:
        if empty_ok:
            return
        raise DatabaseFileError(_("{path} holds no baocao data: run `baocao ingest FOLDER --db {path}` first").format(path=path))
    for table, needed in _SIGNATURE.items():
        if not needed <= columns.get(table, set()):
            shown = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
            raise DatabaseFileError(_("{path} is not a baocao database (it holds other tables: {tables}): "
                                      "choose another --db").format(path=path, tables=shown))


def connect_readonly(path: str | Path, baocao_only: bool = True) -> sqlite3.Connection:
    """Connect to an existing baocao database (any SQLite database unless `baocao_only`) for
    reading only; nothing in the file can change.

    Plain sqlite3, so that `baocao search` starts without loading sqlite-utils.
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseFileError(_("no database at {path}: run `baocao ingest FOLDER --db {path}` first").format(path=path))
    if path.is_dir():
        raise DatabaseFileError(_("{path} is a folder, not a database file: check --db").format(path=path))
    if not os.access(path, os.R_OK):
        raise DatabaseFileError(_("cannot read {path} (permission denied): make it readable").format(path=path))
    last_error: Exception | None = None
    # mode=ro sees an ingest's committed rows; immutable=1 is what works on read-only media
    # (a database in WAL mode needs its -shm file, which cannot be created there)
    for params in ({"mode": "ro"}, {"immutable": "1"}):
        conn = sqlite3.connect(_uri(path, **params), uri=True, check_same_thread=False)
        try:
            conn.execute("pragma busy_timeout = 30000")
            if baocao_only:
                check_baocao(conn, path)
            else:
                _read_schema(conn, path)   # SQLite at all?
            return conn
        except DatabaseFileError:
            conn.close()
            raise
        except sqlite3.Error as e:
            conn.close()
            last_error = e
    raise DatabaseFileError(_("cannot open {path} for reading ({error}): check the file and its folder").format(path=path, error=last_error))


def open_readonly(path: str | Path) -> sqlite_utils.Database:
    """`connect_readonly` wrapped for sqlite-utils."""
    import sqlite_utils

    return sqlite_utils.Database(connect_readonly(path))


def check_writable(path: str | Path) -> None:
    """Before `open_db` creates or migrates anything: the file is new, empty, or a baocao database."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseFileError(_("{path} is a folder, not a database file: check --db").format(path=path))
    if not path.exists() or path.stat().st_size == 0:
        return
    conn = sqlite3.connect(_uri(path, mode="ro"), uri=True)
    try:
        check_baocao(conn, path, empty_ok=True)
    except sqlite3.Error as e:
        raise DatabaseFileError(_("cannot open {path} ({error}): check the file and its folder").format(path=path, error=e)) from None
    finally:
        conn.close()


def lock_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.lock")


# Lock files this process holds. Forked workers would share the lock (flock belongs to the open
# file, which fork shares) and keep it after the ingest is killed: they close their copies.
_HELD: set[int] = set()


def _close_held_locks_in_child() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_locks_in_child)


def _flock(fd: int, exclusive: bool, wait: bool = False) -> None:
    """flock(2). Where there is none (Windows) no lock is taken: a second ingest then meets
    SQLite's own lock, and an immutable server is not detected."""
    if fcntl is not None:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB))


@contextlib.contextmanager
def ingest_lock(db_path: str | Path):
    """Hold the database's writer lock; raise IngestRunning when another process holds it."""
    if fcntl is None:
        yield
        return
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            _flock(fd, exclusive=True)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise IngestRunning(_("another ingest is running on {db} (pid {pid}): "
                                  "wait for it to finish, or stop it first").format(db=db_path, pid=holder)) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD.add(fd)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)   # closing releases the lock (also when the process is killed)


def ingest_running(db_path: str | Path) -> bool:
    """Whether an ingest holds the database's writer lock now (without creating anything)."""
    return _held(lock_path(db_path), exclusive=False)


def _serve_lock_path(db_path: str | Path) -> Path:
    return Path(f"{db_path}.serve.lock")


@contextlib.contextmanager
def immutable_reader(db_path: str | Path):
    """Mark the database as read by an immutable server (shared lock, best effort: on
    read-only media nobody can write the database anyway)."""
    try:
        fd = os.open(_serve_lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        _flock(fd, exclusive=False, wait=True)
        yield
    finally:
        os.close(fd)


def has_immutable_reader(db_path: str | Path) -> bool:
    """Whether an immutable `baocao serve` reads the database (it would show errors while it changes)."""
    return _held(_serve_lock_path(db_path), exclusive=True)


def _held(path: Path, exclusive: bool) -> bool:
    """Whether another process holds a lock on `path` that a lock taken now (exclusive or shared) would
    wait for; False where the file does not exist (nothing is created)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        _flock(fd, exclusive=exclusive)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
