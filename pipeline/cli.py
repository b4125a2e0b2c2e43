"""The `baocao` command line. Each command mirrors a function of the Python API."""
from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
import sys
from contextlib import closing, contextmanager
from pathlib import Path

import click

from . import corrections, store
from .corrections import TARGETS
from .dbfile import DatabaseFileError, check_writable, has_immutable_reader, open_readonly
from .discover import discover
from .ingest import DEFAULT_LIMITS, EXIT_INTERRUPTED, ingest_files

DEFAULT_DB = "output/reports.db"
db_option = click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="SQLite database file")


def _open_existing(db_path: str):
    """The database, read-only (never created or migrated); one clear line when it cannot be."""
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
            db = kwargs.get("db", DEFAULT_DB)
            raise click.ClickException(f"{db} was made by an older baocao ({e}): run "
                                       f"`baocao ingest FOLDER --db {db}` once to upgrade it") from None
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
def cli():
    """baocao: turn folders of Vietnamese government reports into a searchable SQLite database.

    \b
    Typical use:
      baocao ingest corpus/                 read every report under corpus/
      baocao search "thư viện" --type KH    which plan covers thư viện?
      baocao show 000_34c2b11754aa651e.txt  what was read from one report
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
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
@click.option("--timeout", default=DEFAULT_LIMITS.timeout, show_default=True, type=click.FloatRange(min=0.1),
              help=f"Seconds one file may take (plus {DEFAULT_LIMITS.seconds_per_mb:.0f} s per MB) "
                   "before it is stopped and recorded as an error")
@click.option("--max-memory", default=DEFAULT_LIMITS.memory_mb, show_default=True, type=click.IntRange(min=64),
              help="MB of memory one worker may use before its file is stopped and recorded as an error")
def ingest(paths, db, force, quiet, verbose, as_json, log_file, prune, workers, timeout, max_memory):
    """Read every file under PATHS (folders are walked recursively) into the database.

    Files unchanged since the last run are skipped; a file that cannot be read is
    recorded in the `files` table with its reason and the batch goes on. Ctrl-C
    stops cleanly: what was read is kept, and the same command continues.

    \b
    Exit status: 0 every file read (or unchanged); 3 some files not read (error,
    needs_ocr, empty: see the summary or --log); 1 a fatal error (database, lock);
    2 a usage error; 130 stopped by Ctrl-C (run the same command to continue).
    """
    limits = dataclasses.replace(DEFAULT_LIMITS, timeout=timeout, memory_mb=max_memory)
    log = _FileLog(log_file, echo=verbose)
    try:
        check_writable(db)   # before any progress is shown
        if has_immutable_reader(db):
            click.secho(f"warning: a `baocao serve` shows {db} as an immutable file: it will answer errors while "
                        "this ingest writes; restart it with --live", fg="yellow", err=True)
        files = discover(list(paths))
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr,
                               show_pos=True, item_show_func=lambda f: f.rel[-40:] if f else "",
                               hidden=quiet or verbose or as_json) as bar:
            summary = ingest_files(files, db, force=force, on_file=lambda found, outcome: bar.update(1, found),
                                   workers=workers, limits=limits, roots=list(paths), prune=prune, log=log)
    except KeyboardInterrupt:   # while finding the files, or between two steps
        click.echo("Interrupted: what was stored is kept; run the same command again to continue.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except FileNotFoundError as e:
        raise click.ClickException(str(e))
    except DatabaseFileError as e:
        raise click.ClickException(str(e))
    except (sqlite3.Error, OSError) as e:   # disk full, folder not writable
        raise click.ClickException(f"cannot write the database {db}: {e}. Files stored so far are kept; "
                                   "fix this and run the same command again") from None
    finally:
        log.close()
    _print_ingest_summary(summary, db, quiet, as_json)
    sys.exit(summary.exit_code)


class _FileLog:
    """`--log FILE` (one tab-separated line per file) and `-v` (the same on stderr)."""

    def __init__(self, path: str | None, echo: bool):
        self.file = open(path, "w", encoding="utf-8") if path else None
        self.echo = echo

    def __call__(self, status: str, where: str, reason: str | None) -> None:
        line = f"{status}\t{where}" + (f"\t{reason}" if reason else "")
        if self.file:
            self.file.write(line + "\n")
        if self.echo:
            click.echo(line, err=True)

    def close(self) -> None:
        if self.file:
            self.file.close()


def _print_ingest_summary(summary, db: str, quiet: bool, as_json: bool) -> None:
    with closing(open_readonly(db)) as database:
        n = store.counts(database)
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), "database": {"path": db, **n}}, ensure_ascii=False, indent=2))
        return
    failed = sum(summary.failed.values())
    if summary.interrupted:
        click.echo(f"Interrupted: {summary.not_reached} files not read yet"
                   + ("; the batch-end step (copies, documents) is unfinished" if summary.consolidation_pending else "")
                   + "; run the same command again to continue.")
    moves = (f", {summary.moved} moved" if summary.moved else "") + (
        f", {summary.missing} vanished" + (" (pruned)" if summary.pruned else " (kept: see files.missing_since; --prune forgets them)")
        if summary.missing else "")
    click.echo(f"Files: {summary.ok} ok, {summary.skipped} unchanged (skipped){moves}, {failed} not read"
               + (f" ({', '.join(f'{v} {k}' for k, v in sorted(summary.failed.items()))})" if failed else ""))
    for path, status, reason in summary.failures[:20]:
        click.echo(f"  {status:<11} {path}: {reason}")
    if len(summary.failures) > 20:
        click.echo(f"  … and {len(summary.failures) - 20} more: select path, status, error from files where status != 'ok'")
    if summary.corrections_missing:
        click.echo(f"{summary.corrections_missing} hand corrections lost their target: `baocao doctor --db {db}` lists them")
    if not quiet:
        click.echo(f"Database {db}: {n['reports']} reports, {n['documents']} documents, {n['citations']} citations, "
                   f"{n['tables']} tables, {n['indicators']} indicators, {n['budget_lines']} budget lines")


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
    from .search import DatabaseUnavailable, QueryError, open_readonly, search as search_db   # light path
    try:
        database = open_readonly(db)
    except DatabaseUnavailable as e:
        raise click.ClickException(str(e)) from None
    try:
        results = search_db(database, query, type_code=type_code, year=year, issuer=issuer, limit=limit)
    except QueryError as e:
        raise click.UsageError(str(e)) from None
    if as_json:
        click.echo(json.dumps(results.as_dict(), ensure_ascii=False, indent=2))
        return
    understood = [f"searched: {', '.join(c.label for c in results.query.concepts) or '(everything)'}"]
    if results.doc_type:
        understood.append(f"type: {results.doc_type.name}")
    if results.query.dropped:
        understood.append(f"left out: {', '.join(results.query.dropped)}")
    click.secho("; ".join(understood), dim=True)
    for note in results.notes:
        click.secho(note, fg="yellow")
    if not results.documents and not results.passages:
        click.echo(f"Nothing found for {query!r}. Try other or fewer words, or drop --type/--year/--issuer.")
        return
    for i, d in enumerate(results.documents, 1):
        click.secho(f"{i}. {d.doc_type or ''} {d.ref}" + (f" ngày {d.date}" if d.date else ""), bold=True)
        if d.issuer:
            click.echo(f"   {d.issuer}")
        if d.subject:
            click.echo(f"   {d.subject}")
        if d.report_path:
            click.echo(f"   ingested as {d.report_path}")
        for c in d.cited_in[:5]:
            context = " ".join((c["context"] or "").split())
            click.echo(f"   cited in {c['path']}:{c['line']}: " + (context[:100] + "…" if len(context) > 100 else context))
        if d.cited_total > 5:
            click.echo(f"   … cited {d.cited_total - 5} more times")
    if results.passages:
        click.secho("\nPassages:", bold=True)
        for p in results.passages:
            cells, last, out = (lambda t: t.replace("\t", " | ")), 0, []
            for start, end in p.highlights:
                out += [cells(p.text[last:start]), click.style(cells(p.text[start:end]), bold=True, fg="yellow")]
                last = end
            click.echo(f"  {p.path}:{p.line}: " + "".join(out) + cells(p.text[last:]))
            if p.also_in:
                click.secho(f"    same passage in {', '.join(p.also_in)}", dim=True)


@cli.command()
@click.argument("file")
@db_option
@click.option("--html", "html_out", type=click.Path(dir_okay=False),
              help="Write a review page instead: the text with every extraction highlighted")
@_old_schema_is_one_line
def show(file, db, html_out):
    """Print what was extracted from one ingested FILE (its path as ingested, or its name)."""
    database = _open_existing(db)
    name = Path(file).name
    rows = list(database.query(
        "select r.*, f.path from reports r join files f on f.id = r.file_id "
        "where f.path = ? or f.path like ? order by f.path = ? desc limit 1", [file, f"%{name}", file]))
    if not rows:
        raise click.ClickException(f"{file} is not in {db}: ingest it first, or check `select path from files`")
    r = rows[0]
    if html_out:
        from .review import report_review, review_page   # spaCy loads slowly: only here
        review = report_review(database.conn, r["id"])
        Path(html_out).write_text(review_page(review), encoding="utf-8")
        click.echo(f"{html_out}: {r['path']}, highlighted " + ", ".join(f"{n} {label}" for label, n in review.placed.items())
                   + (f"; {len(review.unplaced)} not found on their line (listed at the end)" if review.unplaced else ""))
        return
    click.secho(f"{r['path']}", bold=True)
    click.echo(f"  {r['kind'] or '?'} số {r['number'] or '…'}/{r['symbol'] or '?'} — {r['place'] or ''} "
               f"{r['date'] or r['year'] or ''}")
    click.echo(f"  {r['title'] or ''}")
    click.echo(f"  signed: {r['signer_title'] or ''} {r['signer'] or ''}")
    sections = {
        "Citations": ("select c.line, d.ref, d.date, c.text_as_written from citations c "
                      "join documents d on d.id = c.document_id where c.report_id = ? order by c.line",
                      "{line:>5}  {ref:<22} {date!s:<10}  {text_as_written}"),
        "Indicators": ("select line, value_text, unit, kind, period, subject from indicators "
                       "where report_id = ? order by line",
                       "{line:>5}  {value_text:<14} {kind:<6} {period!s:<12} {unit!s:<14} {subject}"),
        "Budget lines": ("select line, amount_text, amount_vnd, year, period, status, item from budget_lines "
                         "where report_id = ? order by line",
                         "{line:>5}  {amount_vnd:>16,} đ  {year!s:<5} {status:<7} {item}"),
    }
    for title, (sql, fmt) in sections.items():
        found = list(database.query(sql, [r["id"]]))
        click.secho(f"\n{title} ({len(found)})", bold=True)
        for row in found:
            click.echo(fmt.format(**{k: ("" if v is None and k not in ("date", "period", "unit", "year") else v)
                                     for k, v in row.items()}))


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: the whole network)")
@click.option("--live", is_flag=True, help="Show rows a running ingest is writing (default: immutable, counted once)")
def serve(db, port, host, live):
    """Browse the database in Datasette: search, facets, canned questions, charts, review pages.

    Read-only: the database is opened immutable (or live, read-only, while an ingest writes
    it) and there are no write endpoints.
    """
    from .serve import ServeError, plan, serve as serve_datasette   # Datasette loads slowly: only here
    try:
        live, notes = plan(db, host, port, live)
    except (DatabaseFileError, ServeError) as e:
        raise click.ClickException(str(e)) from None
    for note in notes:
        click.secho(note, fg="yellow", err=True)
    click.echo(f"Serving {db} at http://{host}:{port}/  (Ctrl+C to stop)")
    serve_datasette(db, host=host, port=port, live=live)


@cli.command()
@click.argument("target", type=click.Choice(sorted(TARGETS)))
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
    with _writable(db) as database:
        try:
            row_id = corrections.row_id_for(database, target, row)
            for assignment in assignments:
                field, sep, value = assignment.partition("=")
                if not sep:
                    raise click.BadParameter(f"{assignment!r}: write FIELD=VALUE", param_hint="FIELD=VALUE")
                outcome = corrections.correct(database, target, row_id, field.strip(), value, note=note)
                click.echo(f"correction {outcome.id}: {target} {row_id} {field.strip()} = {value or 'NULL'} ({outcome.status})")
        except corrections.CorrectionError as e:
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
    with _writable(db) as database:
        (ref, date), (into_ref, into_date) = corrections.split_ref(document), corrections.split_ref(into)
        try:
            outcome = corrections.merge_documents(database, ref, into_ref, date, into_date, note=note)
        except corrections.CorrectionError as e:
            raise click.ClickException(str(e)) from None
        click.echo(f"correction {outcome.id}: {document} merged into {into} ({outcome.status})")


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
    try:
        check_writable(db)
        if not Path(db).exists():
            raise DatabaseFileError(f"no database at {db}: run `baocao ingest FOLDER --db {db}` first")
    except DatabaseFileError as e:
        raise click.ClickException(str(e)) from None
    database = store.open_db(db)
    try:
        yield database
    finally:
        database.close()


def main():
    cli(prog_name="baocao")
