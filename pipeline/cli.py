"""The `baocao` command line: thin, over the Python API (README, Usage: which function each
command calls). A command parses its options, calls the library, and prints through
pipeline/cli_output.py; no SQL here (pipeline/queries.py and the modules that own the data).

Each command imports what it needs when it runs: `baocao --help` loads click and nothing
heavy (the extractors, sqlite-utils, Datasette), see benchmarks/startup.py. Every message
goes through gettext (pipeline.i18n, pipeline/i18n/clicktext.py for click's own words):
Vietnamese by default, English with --lang en.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
import sys
from contextlib import closing, contextmanager
from pathlib import Path

import click

from .defaults import DB_VARIABLE, MEMORY_MB, SECONDS_PER_MB, TIMEOUT_SECONDS, default_db
from .i18n import LANGUAGES, _
from .i18n.clicktext import LazyChoice, LocalizedGroup, language_option, print_version

db_option = click.option("--db", default=default_db, type=click.Path(dir_okay=False),
                         show_default=f"${DB_VARIABLE}, else output/reports.db if ./output/ exists, else reports.db",
                         help="SQLite database file")


def _open_existing(db_path: str):
    """The database, read-only (never created or migrated); one clear line when it cannot be."""
    from .dbfile import DatabaseFileError, open_readonly

    try:
        return open_readonly(db_path)
    except DatabaseFileError as e:
        raise click.ClickException(str(e)) from None


def _old_schema_is_one_line(command):
    """A database made by an older baocao lacks columns: say so instead of a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except sqlite3.OperationalError as e:
            if "no such" not in str(e):
                raise
            db = kwargs.get("db") or default_db()
            raise click.ClickException(_("{db} was made by an older baocao ({error}): run "
                                         "`baocao ingest FOLDER --db {db}` once to upgrade it").format(db=db, error=e)) from None
    return wrapper


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, is_eager=True, expose_value=False, callback=print_version,
              help="Show the version and exit.")
@click.option("--lang", type=click.Choice(LANGUAGES), is_eager=True, expose_value=False, callback=language_option,
              help="Language of messages and help: vi (default) or en  [default: $BAOCAO_LANG, else $LANG, else vi]")
def cli():
    """baocao: turn folders of Vietnamese government reports into a searchable SQLite database.

    \b
    Typical use:
      baocao ingest corpus/                 read every report under corpus/
      baocao search "thư viện" --type KH    which plan covers thư viện?
      baocao show 000_34c2b11754aa651e.txt  what was read from one report
      baocao export -o baocao.xlsx          every table for Excel
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--force", is_flag=True, help="Re-read files even when unchanged since the last run")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar: only the files line and the files not read")
@click.option("--verbose", "-v", is_flag=True, help="One line per file as it is stored (on stderr)")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON for scripts")
@click.option("--log", "log_file", type=click.Path(dir_okay=False),
              help="Write one line per file to this file: status, place, reason (tab-separated)")
@click.option("--prune", is_flag=True,
              help="Forget files that vanished from the ingested folders, with their rows "
                   "(default: keep them, dated in files.missing_since)")
@click.option("--workers", "-j", type=click.IntRange(min=1), help="Worker processes  [default: the number of CPU cores]")
@click.option("--timeout", default=TIMEOUT_SECONDS, show_default=True, type=click.FloatRange(min=0.1),
              help=f"Seconds one file may take (plus {SECONDS_PER_MB:.0f} s per MB) "
                   "before it is stopped and recorded as an error")
@click.option("--max-memory", default=MEMORY_MB, show_default=True, type=click.IntRange(min=64),
              help="MB of memory one worker may use before its file is stopped and recorded as an error")
@click.option("--ocr-pdf", "ocr_pdf", type=click.Path(file_okay=False),
              help="Also write each scanned input again as a searchable PDF/A (OCR text as an invisible "
                   "layer) into this folder, by OCRmyPDF")
@click.option("--from-list", "from_list", type=click.Path(exists=True, dir_okay=False),
              help="Read the files named in this file, one path a line, instead of walking folders")
@click.option("--cluster", metavar="ADDRESS",
              help="Read the files on a Dask cluster: local[N] (N processes here) or tcp://scheduler:8786 "
                   "(needs pip install 'baocao[cluster]'; see docs/SCALING.md)")
def ingest(paths, db, force, quiet, verbose, as_json, log_file, prune, workers, timeout, max_memory, ocr_pdf,
           from_list, cluster):
    """Read every file under PATHS (folders are walked recursively) into the database.

    Files unchanged since the last run are skipped; a file that cannot be read is
    recorded in the `files` table with its reason and the batch goes on. Ctrl-C
    stops cleanly: what was read is kept, and the same command continues.

    \b
    Exit status: 0 every file read (or unchanged); 3 some files not read (error,
    needs_ocr, empty: see the summary or --log); 1 a fatal error (database, lock);
    2 a usage error; 130 stopped by Ctrl-C (run the same command to continue).
    """
    from . import searchable
    from .cluster import ClusterError, cluster_extra_missing
    from .dbfile import DatabaseFileError, check_writable, has_immutable_reader, open_readonly
    from .discover import discover, discover_list
    from .cli_output import FileLog, print_ingest_summary, show_item, write_searchable_pdfs
    from .defaults import DEFAULT_LIMITS
    from .ingest import EXIT_INTERRUPTED, ingest_files

    limits = dataclasses.replace(DEFAULT_LIMITS, timeout=timeout, memory_mb=max_memory)
    if bool(paths) == bool(from_list):
        raise click.UsageError(_("give the folders or files to read, or --from-list FILE (not both)"))
    if cluster and (missing := cluster_extra_missing()):
        raise click.ClickException(missing)
    if ocr_pdf and (reason := searchable.missing_reason()):
        raise click.ClickException(f"--ocr-pdf: {reason}")
    log = FileLog(log_file, echo=verbose)
    try:
        check_writable(db)   # before any progress is shown
        if has_immutable_reader(db):
            click.secho(_("warning: a `baocao serve` shows {db} as an immutable file: it will answer errors while "
                          "this ingest writes; restart it with --live").format(db=db), fg="yellow", err=True)
        files = discover_list(from_list) if from_list else discover(list(paths))
        with click.progressbar(length=len(files), label=_("Ingesting"), file=sys.stderr,
                               show_pos=True,
                               item_show_func=lambda f: (f if isinstance(f, str) else f.rel[-40:]) if f else "",
                               hidden=quiet or verbose or as_json) as bar:
            # A long scan reports its pages as they are OCR'd: "scan.pdf: OCR page 3/12".
            summary = ingest_files(files, db, force=force, on_file=lambda found, outcome: bar.update(1, found),
                                   workers=workers, limits=limits, roots=list(paths), prune=prune, log=log,
                                   on_progress=lambda found, message: show_item(bar, f"{found.rel[-30:]}: {message}"),
                                   cluster=cluster)
    except KeyboardInterrupt:   # while finding the files, or between two steps
        click.echo(_("Interrupted: what was stored is kept; run the same command again to continue."), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except FileNotFoundError as e:
        raise click.ClickException(str(e))
    except DatabaseFileError as e:
        raise click.ClickException(str(e))
    except ClusterError as e:
        raise click.ClickException(str(e)) from None
    except (sqlite3.Error, OSError) as e:   # disk full, folder not writable
        raise click.ClickException(_("cannot write the database {db}: {error}. Files stored so far are kept; "
                                     "fix this and run the same command again").format(db=db, error=e)) from None
    finally:
        log.close()
    print_ingest_summary(summary, db, quiet, as_json)
    if ocr_pdf and not summary.interrupted:
        with closing(open_readonly(db)) as database:
            write_searchable_pdfs(database, files, Path(ocr_pdf), workers)
    sys.exit(summary.exit_code)


# A query may start with "-" ("-thư viện"): not an option; so only --help asks for help here.
@cli.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("query")
@db_option
@click.option("--type", "type_code", help="Only documents of this type: KH, QĐ, NQ … or the word (Kế hoạch)")
@click.option("--year", type=click.IntRange(1900, 2100), help="Only documents (and reports) of this year")
@click.option("--issuer", help="Only documents whose issuer contains this (UBND tỉnh, Sở TT&TT …)")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 200), help="Most results of each kind")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts")
@_old_schema_is_one_line
def search(query, db, type_code, year, issuer, limit, as_json):
    """Find documents and report passages about QUERY, in your own words.

    \b
    Diacritics are optional ("thu vien" = "thư viện"), abbreviations match their
    words (CNTT = công nghệ thông tin), and a question works too:
      baocao search "kế hoạch nào về thư viện"     (= "thư viện" --type KH)
    """
    from .cli_output import print_search_results
    from .search import DatabaseUnavailable, QueryError, open_readonly, search as search_db   # light path
    try:
        database = open_readonly(db)
    except DatabaseUnavailable as e:
        raise click.ClickException(str(e)) from None
    try:
        results = search_db(database, query, type_code=type_code, year=year, issuer=issuer, limit=limit)
    except QueryError as e:
        raise click.UsageError(str(e)) from None
    print_search_results(results, query, as_json)


@cli.command()
@click.argument("file")
@db_option
@click.option("--html", "html_out", type=click.Path(dir_okay=False),
              help="Write a review page instead: the text with every extraction highlighted")
@_old_schema_is_one_line
def show(file, db, html_out):
    """Print what was extracted from one ingested FILE (its path as ingested, or its name)."""
    from . import queries
    from .cli_output import print_report

    database = _open_existing(db)
    try:
        report = queries.report(database, queries.report_id_for(database, file))
    except queries.NotFound as e:
        raise click.ClickException(str(e)) from None
    if html_out:
        from .review import report_review, review_page
        review = report_review(database.conn, report["id"])
        Path(html_out).write_text(review_page(review), encoding="utf-8")
        click.echo(_("{page}: {path}, highlighted {counts}").format(
            page=html_out, path=report["path"], counts=", ".join(f"{n} {label}" for label, n in review.placed.items()))
            + (_("; {n} not found on their line (listed at the end)").format(n=len(review.unplaced))
               if review.unplaced else ""))
        return
    print_report(report, queries.extractions(database, report["id"]))


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]),
              help="xlsx (Excel, one sheet per table), csv or json  [default: the extension of -o, else xlsx]")
@click.option("--table", "tables", multiple=True, metavar="TABLE",
              help="Only this table (repeat for several)  [default: reports, documents, citations, indicators, "
                   "budget_lines, assignments, tables, files]")
@click.option("--query", help="Export the answer to this SQL select instead of tables")
@click.option("--include-copies", is_flag=True,
              help="Keep the rows of copies (a report also ingested in a more faithful form)")
@click.option("-o", "--output", "out", type=click.Path(allow_dash=True),
              help="File to write (a folder for several tables as CSV; - for standard output)  "
                   "[default: the database's name with the format's extension]")
def export(db, fmt, tables, query, include_copies, out):
    """Export the extracted tables (or a query) for Excel and other tools.

    \b
    Headers in Vietnamese, numbers as numbers, dates as dates (in Excel); rows of
    copies are left out unless --include-copies. The database is opened read-only.
      baocao export -o baocao.xlsx
      baocao export --table indicators --format csv -o chi_tieu.csv
      baocao export --query "select ref, date from documents" --format json -o -
    """
    from .export import TABLE_LABELS, ExportError, export as export_db
    from .i18n import formats

    if tables and query:
        raise click.UsageError(_("give --table or --query, not both"))
    fmt = fmt or (Path(out).suffix.lstrip(".").lower() if out and out != "-" and Path(out).suffix else None) or \
        ("json" if out == "-" else "xlsx")
    several_csv = fmt == "csv" and not query and len(tables) != 1
    out = out or (f"{Path(db).stem}_csv" if several_csv else f"{Path(db).stem}.{fmt}")
    try:
        counts = export_db(db, out, fmt=fmt, tables=list(tables) or None, query=query, include_copies=include_copies)
    except (ExportError, OSError) as e:
        raise click.ClickException(str(e)) from None
    if out != "-":
        click.echo(f"{out}: " + ", ".join(_("{table} {n} rows").format(table=_(TABLE_LABELS.get(name, name)), n=formats.number(n))
                                         for name, n in counts.items()),
                   err=True)


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: the whole network)")
@click.option("--live", is_flag=True, help="Show rows a running ingest is writing (default: immutable, counted once)")
def serve(db, port, host, live):
    """Browse the database in Datasette: search, facets, canned questions, charts, review pages.

    Read-only: the database is opened immutable (or live, read-only, while an ingest writes
    it) and there are no write endpoints.
    """
    from .dbfile import DatabaseFileError
    from .serve import ServeError, plan, serve as serve_datasette   # Datasette loads slowly: only here
    try:
        live, notes = plan(db, host, port, live)
    except (DatabaseFileError, ServeError) as e:
        raise click.ClickException(str(e)) from None
    for note in notes:
        click.secho(note, fg="yellow", err=True)
    click.echo(_("Serving {db} at {url}  (Ctrl+C to stop)").format(db=db, url=f"http://{host}:{port}/"))
    serve_datasette(db, host=host, port=port, live=live)


def _correction_targets() -> list[str]:
    from .corrections import TARGETS

    return sorted(TARGETS)


@cli.command()
@click.argument("target", type=LazyChoice(_correction_targets))
@click.argument("row")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@db_option
@click.option("--note", help="Why (shown beside the correction)")
def correct(target, row, assignments, db, note):
    """Correct a field of one extracted row, for good: re-ingests keep the correction.

    ROW is the row's id (as Datasette shows it); for a report also the file as ingested,
    for a document its ref (3225/KH-UBND; add @DATE when two documents share it).
    FIELD=VALUE sets a column (VALUE empty or NULL clears it).

    \b
      baocao correct document 44/VHTT issuer="Sở Văn hóa và Thể thao"
      baocao correct report 000.txt date=2023-01-05
      baocao correct indicator 812 value=61.5 --note "61,5% in the signed copy"
    """
    from . import corrections

    with _writable(db) as database:
        try:
            row_id = corrections.row_id_for(database, target, row)
            for assignment in assignments:
                field, sep, value = assignment.partition("=")
                if not sep:
                    raise click.BadParameter(_("{assignment!r}: write FIELD=VALUE").format(assignment=assignment),
                                             param_hint="FIELD=VALUE")
                outcome = corrections.correct(database, target, row_id, field.strip(), value, note=note)
                click.echo(_("correction {id}: {target} {row} {field} = {value} ({status})").format(
                    id=outcome.id, target=target, row=row_id, field=field.strip(), value=value or "NULL",
                    status=_(corrections.STATUS_LABELS.get(outcome.status, outcome.status))))
        except (corrections.CorrectionError, LookupError) as e:
            raise click.ClickException(str(e)) from None


@cli.command()
@click.argument("document")
@click.argument("into")
@db_option
@click.option("--note", help="Why (shown beside the correction)")
def merge(document, into, db, note):
    """Record that DOCUMENT is the same as INTO (an OCR slip: 1914/KH-STTTTT is 1914/KH-STTTT).

    Both are refs, with @DATE when a ref has several dates; the citations of DOCUMENT
    move to INTO, now and after every re-ingest. `baocao doctor` suggests such pairs.
    """
    from . import corrections

    with _writable(db) as database:
        (ref, date), (into_ref, into_date) = corrections.split_ref(document), corrections.split_ref(into)
        try:
            outcome = corrections.merge_documents(database, ref, into_ref, date, into_date, note=note)
        except (corrections.CorrectionError, LookupError) as e:
            raise click.ClickException(str(e)) from None
        click.echo(_("correction {id}: {document} merged into {into} ({status})").format(
            id=outcome.id, document=document, into=into,
            status=_(corrections.STATUS_LABELS.get(outcome.status, outcome.status))))


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts")
def doctor(db, as_json):
    """Check the database: unfinished batch-end work, vanished files, corrections whose target
    is gone, and documents that look like OCR-slip twins (with the `baocao merge` to run)."""
    from .doctor import examine
    database = _open_existing(db)
    report = examine(database)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in report.lines():
            click.echo(line)
    sys.exit(0 if report.healthy else 4)


@contextmanager
def _writable(db: str):
    """The database for a writing command other than ingest: a baocao database, opened to write."""
    from . import store
    from .dbfile import DatabaseFileError, check_writable

    try:
        check_writable(db)
        if not Path(db).exists():
            raise DatabaseFileError(_("no database at {db}: run `baocao ingest FOLDER --db {db}` first").format(db=db))
    except DatabaseFileError as e:
        raise click.ClickException(str(e)) from None
    database = store.open_db(db)
    try:
        yield database
    finally:
        database.close()


def main():
    cli(prog_name="baocao")
