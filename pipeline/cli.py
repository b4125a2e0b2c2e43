"""The `baocao` command line. Each command mirrors a function of the Python API."""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
from pathlib import Path

import click

from . import store
from .cluster import ClusterError, cluster_extra_missing
from .discover import discover, discover_list
from .ingest import DEFAULT_LIMITS, ingest_files
from .search import search as search_db

DEFAULT_DB = "output/reports.db"
db_option = click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="SQLite database file")


def _open_existing(db_path: str):
    if not Path(db_path).exists():
        raise click.ClickException(f"no database at {db_path}: run `baocao ingest FOLDER --db {db_path}` first")
    return store.open_db(db_path)


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
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--force", is_flag=True, help="Re-read files even when unchanged since the last run")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar")
@click.option("--workers", "-j", type=click.IntRange(min=1), help="Worker processes  [default: the number of CPU cores]")
@click.option("--timeout", default=DEFAULT_LIMITS.timeout, show_default=True, type=click.FloatRange(min=0.1),
              help=f"Seconds one file may take (plus {DEFAULT_LIMITS.seconds_per_mb:.0f} s per MB) "
                   "before it is stopped and recorded as an error")
@click.option("--max-memory", default=DEFAULT_LIMITS.memory_mb, show_default=True, type=click.IntRange(min=64),
              help="MB of memory one worker may use before its file is stopped and recorded as an error")
@click.option("--from-list", "from_list", type=click.Path(exists=True, dir_okay=False),
              help="Read the files named in this file, one path a line, instead of walking folders")
@click.option("--cluster", metavar="ADDRESS",
              help="Read the files on a Dask cluster: local[N] (N processes here) or tcp://scheduler:8786 "
                   "(needs pip install 'baocao[cluster]'; see docs/SCALING.md)")
def ingest(paths, db, force, quiet, workers, timeout, max_memory, from_list, cluster):
    """Read every file under PATHS (folders are walked recursively) into the database.

    Files unchanged since the last run are skipped; a file that cannot be read is
    recorded in the `files` table with its reason and the batch goes on. Ctrl-C
    stops cleanly: what was read is kept, and the same command continues.
    """
    limits = dataclasses.replace(DEFAULT_LIMITS, timeout=timeout, memory_mb=max_memory)
    if bool(paths) == bool(from_list):
        raise click.UsageError("give the folders or files to read, or --from-list FILE (not both)")
    if cluster and (missing := cluster_extra_missing()):
        raise click.ClickException(missing)
    try:
        files = discover_list(from_list) if from_list else discover(list(paths))
    except FileNotFoundError as e:
        raise click.ClickException(str(e))
    try:
        with click.progressbar(length=len(files), label="Ingesting", file=sys.stderr,
                               show_pos=True, item_show_func=lambda f: f.rel[-40:] if f else "",
                               hidden=quiet) as bar:
            summary = ingest_files(files, db, force=force, on_file=lambda found, outcome: bar.update(1, found),
                                   workers=workers, limits=limits, cluster=cluster)
    except ClusterError as e:
        raise click.ClickException(str(e)) from None
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

    Read-only: the database is opened immutable and there are no write endpoints.
    """
    if not Path(db).exists():
        raise click.ClickException(f"no database at {db}: run `baocao ingest FOLDER --db {db}` first")
    from .serve import serve as serve_datasette   # Datasette loads slowly: only here
    click.echo(f"Serving {db} at http://{host}:{port}/  (Ctrl+C to stop)")
    serve_datasette(db, host=host, port=port, live=live)


def main():
    cli(prog_name="baocao")
