"""Browse a baocao database in Datasette, with the project's metadata, plugin and templates.

`baocao serve` runs the same server as
    datasette serve -i output/reports.db --metadata pipeline/datasette/metadata.yml \\
        --plugins-dir pipeline/datasette/plugins --template-dir pipeline/datasette/templates
but works for a database file of any name (the metadata is written for `reports.db`
and renamed here) and folds a leftover write-ahead log into the file first.
"""
from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import socket
import sqlite3
from contextlib import closing
from pathlib import Path

import yaml
from datasette.app import Datasette

from .dbfile import immutable_reader, ingest_running, open_readonly
from .i18n import _

DATASETTE_DIR = Path(__file__).parent / "datasette"
METADATA_FILE = DATASETTE_DIR / "metadata.yml"
PLUGINS_DIR = DATASETTE_DIR / "plugins"
TEMPLATE_DIR = DATASETTE_DIR / "templates"
METADATA_DB_NAME = "reports"    # the database name metadata.yml is written for

SETTINGS = {
    "truncate_cells_html": 300,     # reports.text and contexts are long; the row page shows them whole
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "suggest_facets": False,        # tried on every column of every page: 2.7 s of a 100,000-row table page
}


def load_metadata(db_name: str = METADATA_DB_NAME) -> dict:
    """metadata.yml, applied to the database called `db_name` (the file name without .db)."""
    metadata = yaml.safe_load(METADATA_FILE.read_text(encoding="utf-8"))
    metadata = {key: value for key, value in metadata.items() if not key.startswith("x-")}  # YAML anchors only
    if db_name != METADATA_DB_NAME:
        metadata["databases"] = {db_name: metadata["databases"][METADATA_DB_NAME]}
        metadata["description_html"] = metadata["description_html"].replace(
            f'href="/{METADATA_DB_NAME}/', f'href="/{db_name}/')
        for dashboard in metadata["plugins"]["datasette-dashboards"].values():
            for chart in dashboard["charts"].values():
                if chart.get("db") == METADATA_DB_NAME:
                    chart["db"] = db_name
    return metadata


def fold_wal(db_path: Path) -> bool:
    """Move committed rows still in `reports.db-wal` into the file: immutable readers ignore the log.
    False when they cannot be moved (read-only media): the file must then be served live."""
    wal = Path(f"{db_path}-wal")
    if wal.exists() and wal.stat().st_size:
        try:
            with closing(sqlite3.connect(db_path)) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            return False
        return not (wal.exists() and wal.stat().st_size)
    return True


class ServeError(Exception):
    """Serving cannot start; the message says why in one line."""


LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() in LOOPBACK_NAMES


def check_port(host: str, port: int) -> None:
    """Fail now, before saying "Serving", when the address is taken or cannot be used."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as uvicorn binds
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise ServeError(_("port {port} on {host} is already in use (another `baocao serve`?): "
                                   "choose another with --port").format(port=port, host=host)) from None
            raise ServeError(_("cannot listen on {host}:{port} ({error}): check --host and --port").format(
                host=host, port=port, error=e.strerror or e)) from None


def plan(db_path: str | Path, host: str, port: int, live: bool) -> tuple[bool, list[str]]:
    """Check everything before serving: a readable baocao database, a free port. Returns whether
    to serve live, and notes for the user (serving beyond this machine, an ingest running)."""
    with closing(open_readonly(db_path)):   # DatabaseFileError: one line
        pass
    check_port(host, port)
    notes = []
    if not is_loopback(host):
        notes.append(_("warning: --host {host} serves the database to every machine that can reach this one "
                       "(no password); use 127.0.0.1 to keep it on this machine").format(host=host))
    if not live and ingest_running(db_path):
        live = True
        notes.append(_("an ingest is writing this database: serving it live (rows appear as they are stored)"))
    elif not live and not fold_wal(Path(db_path)):
        live = True
        notes.append(_("the database's write-ahead log cannot be folded in (read-only?): serving it live"))
    return live, notes


def datasette_instance(db_path: str | Path, live: bool = False) -> Datasette:
    """A Datasette for `db_path`: immutable (read-only, counted once) unless `live`, when rows
    written by a running `baocao ingest` show up (still read-only: there are no write endpoints)."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(_("no database at {path}: run `baocao ingest FOLDER --db {path}` first").format(path=db_path))
    if not live:
        fold_wal(db_path)
    from .store import inspect_data    # row counts kept at ingest: start-up counts nothing
    inspected = None if live else inspect_data(db_path)
    return Datasette(
        files=[str(db_path)] if live else [],
        immutables=[] if live else [str(db_path)],
        inspect_data={db_path.stem: inspected} if inspected else None,
        metadata=load_metadata(db_path.stem),
        plugins_dir=str(PLUGINS_DIR),
        template_dir=str(TEMPLATE_DIR),
        settings=SETTINGS,
    )


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001, live: bool = False) -> None:
    """Run Datasette's own ASGI app under uvicorn until interrupted, as `datasette serve` does."""
    import uvicorn

    ds = datasette_instance(db_path, live=live)
    asyncio.run(ds.invoke_startup())
    # an ingest started while an immutable copy is served warns that it should be served live
    with contextlib.nullcontext() if live else immutable_reader(db_path):
        uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
