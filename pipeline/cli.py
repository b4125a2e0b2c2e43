"""The `baocao` command line. Each command mirrors a function of the Python API.

Each command imports what it needs when it runs: `baocao --help` loads click and nothing
heavy (the extractors, sqlite-utils, Datasette), see benchmarks/startup.py.
"""
from __future__ import annotations

import dataclasses
import gettext
import inspect
import json
import os
import sqlite3
import sys
from pathlib import Path

import click

from . import i18n
from .defaults import DB_VARIABLE, DEFAULT_LIMITS, default_db
from .i18n import N_, _

db_option = click.option("--db", default=default_db, type=click.Path(dir_okay=False),
                         show_default=f"${DB_VARIABLE}, else output/reports.db if ./output/ exists, else reports.db",
                         help="SQLite database file")


def _open_existing(db_path: str):
    from . import store

    if not Path(db_path).exists():
        raise click.ClickException(f"no database at {db_path}: run `baocao ingest FOLDER --db {db_path}` first")
    return store.open_db(db_path)


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
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--force", is_flag=True, help="Re-read files even when unchanged since the last run")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar")
@click.option("--workers", "-j", type=click.IntRange(min=1), help="Worker processes  [default: the number of CPU cores]")
@click.option("--timeout", default=DEFAULT_LIMITS.timeout, show_default=True, type=click.FloatRange(min=0.1),
              help=f"Seconds one file may take (plus {DEFAULT_LIMITS.seconds_per_mb:.0f} s per MB) "
                   "before it is stopped and recorded as an error")
@click.option("--max-memory", default=DEFAULT_LIMITS.memory_mb, show_default=True, type=click.IntRange(min=64),
              help="MB of memory one worker may use before its file is stopped and recorded as an error")
def ingest(paths, db, force, quiet, workers, timeout, max_memory):
    """Read every file under PATHS (folders are walked recursively) into the database.

    Files unchanged since the last run are skipped; a file that cannot be read is
    recorded in the `files` table with its reason and the batch goes on. Ctrl-C
    stops cleanly: what was read is kept, and the same command continues.
    """
    from . import store
    from .discover import discover
    from .ingest import ingest_files

    limits = dataclasses.replace(DEFAULT_LIMITS, timeout=timeout, memory_mb=max_memory)
    try:
        files = discover(list(paths))
    except FileNotFoundError as e:
        raise click.ClickException(str(e))
    try:
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr,
                               show_pos=True, item_show_func=lambda f: f.rel[-40:] if f else "",
                               hidden=quiet) as bar:
            summary = ingest_files(files, db, force=force, on_file=lambda found, outcome: bar.update(1, found),
                                   workers=workers, limits=limits)
    except (sqlite3.Error, OSError) as e:   # disk full, not a database, folder not writable
        raise click.ClickException(f"cannot write the database {db}: {e}. Files stored so far are kept; "
                                   "fix this and run the same command again") from None
    database = store.open_db(db)
    n = store.counts(database)
    failed = sum(summary.failed.values())
    if summary.interrupted:
        click.echo(f"Interrupted: {summary.not_reached} files not read yet; run the same command again to continue.")
    click.echo(f"Files: {summary.ok} ok, {summary.skipped} unchanged (skipped), {failed} not read"
               + (f" ({', '.join(f'{v} {k}' for k, v in sorted(summary.failed.items()))})" if failed else ""))
    for path, status, reason in summary.failures[:20]:
        click.echo(f"  {status:<11} {path}: {reason}")
    if len(summary.failures) > 20:
        click.echo(f"  … and {len(summary.failures) - 20} more: select path, status, error from files where status != 'ok'")
    click.echo(f"Database {db}: {n['reports']} reports, {n['documents']} documents, {n['citations']} citations, "
               f"{n['tables']} tables, {n['indicators']} indicators, {n['budget_lines']} budget lines")
    if summary.interrupted:
        sys.exit(130)   # the shell's code for "stopped by Ctrl-C"


@cli.command()
@click.argument("query")
@db_option
@click.option("--type", "type_code", help="Only documents of this type: KH, QĐ, NQ … or the word (Kế hoạch)")
@click.option("--year", type=int, help="Only documents (and reports) of this year")
@click.option("--issuer", help="Only documents whose issuer contains this (UBND tỉnh, Sở TT&TT …)")
@click.option("--limit", default=10, show_default=True, help="Most results of each kind")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts")
def search(query, db, type_code, year, issuer, limit, as_json):
    """Find documents and report passages about QUERY, in your own words.

    \b
    Diacritics are optional ("thu vien" = "thư viện"), abbreviations match their
    words (CNTT = công nghệ thông tin), and a question works too:
      baocao search "kế hoạch nào về thư viện"     (= "thư viện" --type KH)
    """
    from .search import search as search_db

    database = _open_existing(db)
    try:
        results = search_db(database, query, type_code=type_code, year=year, issuer=issuer, limit=limit)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--type")
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
        if len(d.cited_in) > 5:
            click.echo(f"   … cited {len(d.cited_in) - 5} more times")
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

    Read-only: the database is opened immutable and there are no write endpoints.
    """
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `baocao ingest FOLDER --db {db}` first")
    from .serve import serve as serve_datasette   # Datasette loads slowly: only here
    click.echo(f"Serving {db} at http://{host}:{port}/  (Ctrl+C to stop)")
    serve_datasette(db, host=host, port=port, live=live)


def main():
    cli(prog_name="baocao")
