"""The `baocao` command line. Each command mirrors a function of the Python API.

Each command imports what it needs when it runs: `baocao --help` loads click and nothing
heavy (the extractors, sqlite-utils, Datasette), see benchmarks/startup.py. Every message
goes through gettext (pipeline.i18n): Vietnamese by default, English with --lang en.
"""
from __future__ import annotations

import dataclasses
import functools
import gettext
import inspect
import json
import os
import sqlite3
import sys
from contextlib import closing, contextmanager
from pathlib import Path

import click

from . import i18n
from .defaults import DB_VARIABLE, DEFAULT_LIMITS, default_db
from .i18n import N_, _

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


def _write_searchable_pdfs(database, files, out_dir: Path, workers: int | None) -> None:
    from . import searchable
    from .ingest import default_workers

    written = searchable.write_searchable_pdfs(database, files, out_dir, jobs=workers or default_workers())
    failed = [w for w in written if w.error]
    click.echo(_("Searchable PDFs: {n} written to {folder}").format(n=len(written) - len(failed), folder=out_dir)
               + (_(", {n} failed").format(n=len(failed)) if failed else "")
               + _(" (unchanged scans are not written again)"))
    for w in failed:
        click.echo(f"  error       {w.rel}: {w.error}")


def _show_item(bar, item: str) -> None:
    """Show `item` beside the bar without advancing it (bar.update(0, …) does not redraw)."""
    bar.current_item = item
    bar.render_progress()


class LazyChoice(click.Choice):
    """A choice among values a module gives, imported only when they are needed (this command's
    help or its arguments), not when `baocao --help` starts."""

    def __init__(self, values):
        self._values = values
        self.case_sensitive = True

    @property
    def choices(self):
        return tuple(self._values())


def localize(command: click.Command) -> None:
    """Put the help of `command`, its options and subcommands in the current language.

    click keeps help as written (English, the catalog's msgids); the English is kept aside
    so that the language can change again (tests, --lang)."""
    for item in [command, *command.params]:
        for attr in ("help", "show_default"):
            original = item.__dict__.setdefault(f"_msgid_{attr}", getattr(item, attr, None))
            if isinstance(original, str) and original:
                setattr(item, attr, _(inspect.cleandoc(original)))
    for sub in getattr(command, "commands", {}).values():
        localize(sub)


def use_language(language: str | None, command: click.Command) -> None:
    """Speak `language` (None: as the environment says, else Vietnamese) in our messages, in the
    help and in click's own words (which click takes from gettext's domain and $LANGUAGE)."""
    os.environ["LANGUAGE"] = i18n.set_language(language)
    gettext.bindtextdomain(i18n.DOMAIN, i18n.LOCALE_DIR)
    gettext.textdomain(i18n.DOMAIN)
    localize(command)


class LocalizedGroup(click.Group):
    """The `baocao` group: each run speaks the language of its environment or of --lang."""

    def main(self, *args, **kwargs):
        saved = os.environ.get("LANGUAGE")
        use_language(None, self)
        try:
            return super().main(*args, **kwargs)
        finally:   # in tests several runs share one process: leave the environment as it was
            if saved is None:
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = saved


def _lang_option(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        use_language(value, ctx.find_root().command)


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="baocao")
@click.option("--lang", type=click.Choice(i18n.LANGUAGES), is_eager=True, expose_value=False, callback=_lang_option,
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
@click.option("--timeout", default=DEFAULT_LIMITS.timeout, show_default=True, type=click.FloatRange(min=0.1),
              help=f"Seconds one file may take (plus {DEFAULT_LIMITS.seconds_per_mb:.0f} s per MB) "
                   "before it is stopped and recorded as an error")
@click.option("--max-memory", default=DEFAULT_LIMITS.memory_mb, show_default=True, type=click.IntRange(min=64),
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
    from .ingest import EXIT_INTERRUPTED, ingest_files

    limits = dataclasses.replace(DEFAULT_LIMITS, timeout=timeout, memory_mb=max_memory)
    if bool(paths) == bool(from_list):
        raise click.UsageError(_("give the folders or files to read, or --from-list FILE (not both)"))
    if cluster and (missing := cluster_extra_missing()):
        raise click.ClickException(missing)
    if ocr_pdf and (reason := searchable.missing_reason()):
        raise click.ClickException(f"--ocr-pdf: {reason}")
    log = _FileLog(log_file, echo=verbose)
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
                                   on_progress=lambda found, message: _show_item(bar, f"{found.rel[-30:]}: {message}"),
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
    _print_ingest_summary(summary, db, quiet, as_json)
    if ocr_pdf and not summary.interrupted:
        with closing(open_readonly(db)) as database:
            _write_searchable_pdfs(database, files, Path(ocr_pdf), workers)
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
    from . import store
    from .dbfile import open_readonly

    with closing(open_readonly(db)) as database:
        n = store.counts(database)
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), "database": {"path": db, **n}}, ensure_ascii=False, indent=2))
        return
    failed = sum(summary.failed.values())
    if summary.interrupted:
        click.echo(_("Interrupted: {n} files not read yet").format(n=summary.not_reached)
                   + (_("; the batch-end step (copies, documents) is unfinished") if summary.consolidation_pending else "")
                   + _("; run the same command again to continue."))
    moves = (_(", {n} moved").format(n=summary.moved) if summary.moved else "") + (
        _(", {n} vanished").format(n=summary.missing)
        + (_(" (pruned)") if summary.pruned else _(" (kept: see files.missing_since; --prune forgets them)"))
        if summary.missing else "")
    click.echo(_("Files: {ok} ok, {skipped} unchanged (skipped){moves}, {failed} not read").format(
        ok=summary.ok, skipped=summary.skipped, moves=moves, failed=failed)
        + (f" ({', '.join(f'{v} {k}' for k, v in sorted(summary.failed.items()))})" if failed else ""))
    for path, status, reason in summary.failures[:20]:
        click.echo(f"  {status:<11} {path}: {reason}")
    if len(summary.failures) > 20:
        click.echo(_("  … and {n} more: select path, status, error from files where status != 'ok'").format(
            n=len(summary.failures) - 20))
    if summary.corrections_missing:
        click.echo(_("{n} hand corrections lost their target: `baocao doctor --db {db}` lists them").format(
            n=summary.corrections_missing, db=db))
    if not quiet:
        click.echo(_("Database {db}: {reports} reports, {documents} documents, {citations} citations, "
                     "{tables} tables, {indicators} indicators, {budget_lines} budget lines").format(db=db, **n))


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
    understood = [_("searched: {words}").format(words=", ".join(c.label for c in results.query.concepts)
                                                 or _("(everything)"))]
    if results.doc_type:
        understood.append(_("type: {type}").format(type=results.doc_type.name))
    if results.query.dropped:
        understood.append(_("left out: {words}").format(words=", ".join(results.query.dropped)))
    click.secho("; ".join(understood), dim=True)
    for note in results.notes:
        click.secho(note, fg="yellow")
    if not results.documents and not results.passages:
        click.echo(_("Nothing found for {query!r}. Try other or fewer words, or drop --type/--year/--issuer.").format(
            query=query))
        return
    from .i18n import formats

    for i, d in enumerate(results.documents, 1):
        click.secho(f"{i}. {d.doc_type or ''} {d.ref}"
                    + (" " + _("dated {date}").format(date=formats.date(d.date)) if d.date else ""), bold=True)
        if d.issuer:
            click.echo(f"   {d.issuer}")
        if d.subject:
            click.echo(f"   {d.subject}")
        if d.report_path:
            click.echo("   " + _("ingested as {path}").format(path=d.report_path))
        for c in d.cited_in[:5]:
            context = " ".join((c["context"] or "").split())
            click.echo("   " + _("cited in {place}:").format(place=f"{c['path']}:{c['line']}") + " "
                       + (context[:100] + "…" if len(context) > 100 else context))
        if d.cited_total > 5:
            click.echo("   " + _("… cited {n} more times").format(n=d.cited_total - 5))
    if results.passages:
        click.secho("\n" + _("Passages:"), bold=True)
        for p in results.passages:
            cells, last, out = (lambda t: t.replace("\t", " | ")), 0, []
            for start, end in p.highlights:
                out += [cells(p.text[last:start]), click.style(cells(p.text[start:end]), bold=True, fg="yellow")]
                last = end
            click.echo(f"  {p.path}:{p.line}: " + "".join(out) + cells(p.text[last:]))
            if p.also_in:
                click.secho("    " + _("same passage in {files}").format(files=", ".join(p.also_in)), dim=True)


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
        from .review import report_review, review_page
        review = report_review(database.conn, r["id"])
        Path(html_out).write_text(review_page(review), encoding="utf-8")
        click.echo(f"{html_out}: {r['path']}, highlighted " + ", ".join(f"{n} {label}" for label, n in review.placed.items())
                   + (f"; {len(review.unplaced)} not found on their line (listed at the end)" if review.unplaced else ""))
        return
    _print_report(database, r)


def _cell(value, width: int = 0, right: bool = False) -> str:
    """A value in a column of `width` characters: nothing for NULL (never "None")."""
    text = "" if value is None else str(value)
    return text.rjust(width) if right else text.ljust(width)


_KINDS = {"actual": N_("result"), "target": N_("target")}
_STATUSES = {"spent": N_("spent"), "planned": N_("planned"), "total": N_("total")}


def _print_report(database, r) -> None:
    """`baocao show FILE`: the report's header, then each kind of extraction, one line each."""
    from .i18n import formats

    click.secho(r["path"], bold=True)
    reference = f"{r['number'] or '…'}/{r['symbol']}" if r["symbol"] else None
    when = (_("dated {date}").format(date=formats.date(r["date"])) if r["date"]
            else _("in {year}").format(year=r["year"]) if r["year"] else None)
    click.echo("  " + " — ".join(p for p in [
        " ".join(p for p in [r["kind"] or _("(kind not found)"), reference and _("No. {ref}").format(ref=reference)] if p),
        ", ".join(p for p in [r["place"], when] if p)] if p))
    if r["title"]:
        click.echo(f"  {r['title']}")
    if r["signer"] or r["signer_title"]:
        click.echo("  " + _("Signed: {signer}").format(signer=" ".join(p for p in [r["signer_title"], r["signer"]] if p)))
    sections = [
        (N_("Citations"),
         "select c.line, d.ref, d.date, c.text_as_written from citations c "
         "join documents d on d.id = c.document_id where c.report_id = ? order by c.line",
         lambda row: f"{_cell(row['line'], 5, True)}  {_cell(row['ref'], 22)} {formats.date(row['date']):<10}  "
                     f"{_cell(row['text_as_written'])}"),
        (N_("Indicators"),
         "select line, value, value_text, unit, kind, period, subject from indicators where report_id = ? order by line",
         lambda row: f"{_cell(row['line'], 5, True)}  {_cell(row['value_text'], 14)} "
                     f"{_(_KINDS[row['kind']]) if row['kind'] in _KINDS else _cell(row['kind']):<9} "
                     f"{_cell(row['period'], 12)} {_cell(row['unit'], 14)} {_cell(row['subject'])}"),
        (N_("Budget lines"),
         "select line, amount_text, amount_vnd, year, period, status, item from budget_lines "
         "where report_id = ? order by line",
         lambda row: f"{_cell(row['line'], 5, True)}  {formats.money(row['amount_vnd']):>22}  "
                     f"{_cell(row['year'] or row['period'], 9)} "
                     f"{_(_STATUSES[row['status']]) if row['status'] in _STATUSES else _cell(row['status']):<9} "
                     f"{_cell(row['item'])}"),
        (N_("Assignments"),
         "select a.line, a.task, a.timeframe, l.units as lead, c.units as coordinating from assignments a "
         "left join (select assignment_id, group_concat(unit, '; ') as units from assignment_units "
         "           where role = 'lead' group by assignment_id) l on l.assignment_id = a.id "
         "left join (select assignment_id, group_concat(unit, '; ') as units from assignment_units "
         "           where role = 'coordinating' group by assignment_id) c on c.assignment_id = a.id "
         "where a.report_id = ? order by a.line, a.id",
         lambda row: f"{_cell(row['line'], 5, True)}  "
                     + "; ".join(p for p in [_("lead: {units}").format(units=row["lead"] or "—"),
                                             row["coordinating"] and _("with: {units}").format(units=row["coordinating"]),
                                             row["timeframe"] and _("time: {when}").format(when=row["timeframe"])] if p)
                     + f"\n       {_cell(row['task'])}"),
    ]
    for title, sql, render in sections:
        found = list(database.query(sql, [r["id"]]))
        click.secho(f"\n{_(title)} ({len(found)})", bold=True)
        for row in found:
            click.echo(render(row))


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
    from .export import ExportError, export as export_db

    if tables and query:
        raise click.UsageError("give --table or --query, not both")
    fmt = fmt or (Path(out).suffix.lstrip(".").lower() if out and out != "-" and Path(out).suffix else None) or \
        ("json" if out == "-" else "xlsx")
    several_csv = fmt == "csv" and not query and len(tables) != 1
    out = out or (f"{Path(db).stem}_csv" if several_csv else f"{Path(db).stem}.{fmt}")
    try:
        counts = export_db(db, out, fmt=fmt, tables=list(tables) or None, query=query, include_copies=include_copies)
    except (ExportError, OSError) as e:
        raise click.ClickException(str(e)) from None
    if out != "-":
        click.echo(f"{out}: " + ", ".join(f"{name} {n} rows" for name, n in counts.items()), err=True)


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
                    status=outcome.status))
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
    from . import corrections

    with _writable(db) as database:
        (ref, date), (into_ref, into_date) = corrections.split_ref(document), corrections.split_ref(into)
        try:
            outcome = corrections.merge_documents(database, ref, into_ref, date, into_date, note=note)
        except corrections.CorrectionError as e:
            raise click.ClickException(str(e)) from None
        click.echo(_("correction {id}: {document} merged into {into} ({status})").format(
            id=outcome.id, document=document, into=into, status=outcome.status))


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
