"""What the `baocao` commands print for a person: the ingest summary, search results, one
report's extractions. Every label goes through gettext; dates and numbers through
pipeline.i18n.formats (22/12/2022, 1.234,5). JSON output is not here: it stays ISO and raw."""
from __future__ import annotations

import json
from contextlib import closing
from pathlib import Path

import click

from .i18n import N_, _, formats

# The values of files.status, as a person reads them.
STATUSES = {"ok": N_("ok"), "error": N_("error"), "empty": N_("empty"), "needs_ocr": N_("needs OCR"),
            "unsupported": N_("unsupported"), "unchanged": N_("unchanged")}


def status_label(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def write_searchable_pdfs(database, files, out_dir: Path, workers: int | None) -> None:
    from . import searchable
    from .ingest import default_workers

    written = searchable.write_searchable_pdfs(database, files, out_dir, jobs=workers or default_workers())
    failed = [w for w in written if w.error]
    click.echo(_("Searchable PDFs: {n} written to {folder}").format(n=len(written) - len(failed), folder=out_dir)
               + (_(", {n} failed").format(n=len(failed)) if failed else "")
               + _(" (unchanged scans are not written again)"))
    for w in failed:
        click.echo(f"  {status_label('error'):<11} {w.rel}: {w.error}")


def show_item(bar, item: str) -> None:
    """Show `item` beside the bar without advancing it (bar.update(0, …) does not redraw)."""
    bar.current_item = item
    bar.render_progress()


class FileLog:
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


def print_ingest_summary(summary, db: str, quiet: bool, as_json: bool) -> None:
    from . import store
    from .dbfile import open_readonly

    with closing(open_readonly(db)) as database:
        n = store.counts(database)
    if as_json:
        click.echo(json.dumps({**summary.as_dict(), "database": {"path": db, **n}}, ensure_ascii=False, indent=2))
        return
    count = formats.number   # 12.345 files, not 12345
    failed = sum(summary.failed.values())
    if summary.interrupted:
        click.echo(_("Interrupted: {n} files not read yet").format(n=count(summary.not_reached))
                   + (_("; the batch-end step (copies, documents) is unfinished") if summary.consolidation_pending else "")
                   + _("; run the same command again to continue."))
    moves = (_(", {n} moved").format(n=count(summary.moved)) if summary.moved else "") + (
        _(", {n} vanished").format(n=count(summary.missing))
        + (_(" (pruned)") if summary.pruned else _(" (kept: see files.missing_since; --prune forgets them)"))
        if summary.missing else "")
    click.echo(_("Files: {ok} ok, {skipped} unchanged (skipped){moves}, {failed} not read").format(
        ok=count(summary.ok), skipped=count(summary.skipped), moves=moves, failed=count(failed))
        + (f" ({', '.join(f'{count(v)} {status_label(k)}' for k, v in sorted(summary.failed.items()))})" if failed else ""))
    for path, status, reason in summary.failures[:20]:
        click.echo(f"  {status_label(status):<11} {path}: {reason}")
    if len(summary.failures) > 20:
        click.echo(_("  … and {n} more: select path, status, error from files where status != 'ok'").format(
            n=count(len(summary.failures) - 20)))
    if summary.corrections_missing:
        click.echo(_("{n} hand corrections lost their target: `baocao doctor --db {db}` lists them").format(
            n=count(summary.corrections_missing), db=db))
    if not quiet:
        click.echo(_("Database {db}: {reports} reports, {documents} documents, {citations} citations, "
                     "{tables} tables, {indicators} indicators, {budget_lines} budget lines").format(
            db=db, **{name: count(value) for name, value in n.items()}))


def print_search_results(results, query: str, as_json: bool) -> None:
    """`baocao search`: what was understood, then documents, then passages."""
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
    if results.assignments:
        _echo_body_assignments(results.assignments)
    if not results.documents and not results.passages and not results.assignments:
        click.echo(_("Nothing found for {query!r}. Try other or fewer words, or drop --type/--year/--issuer.").format(
            query=query))
        return
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



_ROLES = {"lead": N_("lead"), "coordinating": N_("coordinating")}


def _echo_body_assignments(found) -> None:
    """The tasks of the body a search names: role, body as written, task, timeframe, where."""
    asked = f" ({_(_ROLES[found.role])})" if found.role else ""
    click.secho(_("Assignments of {body}{role}: {n}").format(body=found.name, role=asked, n=len(found.assignments)),
                bold=True)
    for a in found.assignments:
        due = f" — {a.timeframe}" if a.timeframe else ""
        click.echo(f"  [{_(_ROLES[a.role])}] {a.unit}: {a.task}{due}")
        click.secho(f"     {a.path}:{a.line}" + (f" ({a.ref})" if a.ref else ""), dim=True)
    click.echo("")


def _cell(value, width: int = 0, right: bool = False) -> str:
    """A value in a column of `width` characters: nothing for NULL (never "None")."""
    text = "" if value is None else str(value)
    return text.rjust(width) if right else text.ljust(width)


_KINDS = {"actual": N_("result"), "target": N_("target")}
_BUDGET_STATUSES = {"spent": N_("spent"), "planned": N_("planned"), "total": N_("total")}


def _label(value, labels: dict, width: int) -> str:
    return (_(labels[value]) if value in labels else _cell(value)).ljust(width)


# Each kind of extraction `baocao show` lists: its title, and one row as a line.
_SECTIONS = {
    "citations": (N_("Citations"), lambda row: (
        f"{_cell(row['line'], 5, True)}  {_cell(row['ref'], 22)} {formats.date(row['date']):<10}  "
        f"{_cell(row['text_as_written'])}")),
    "indicators": (N_("Indicators"), lambda row: (
        f"{_cell(row['line'], 5, True)}  {_cell(row['value_text'], 14)} {_label(row['kind'], _KINDS, 9)} "
        f"{_cell(row['period'], 12)} {_cell(row['unit'], 14)} {_cell(row['subject'])}")),
    "budget_lines": (N_("Budget lines"), lambda row: (
        f"{_cell(row['line'], 5, True)}  {formats.money(row['amount_vnd']):>22}  "
        f"{_cell(row['year'] or row['period'], 9)} {_label(row['status'], _BUDGET_STATUSES, 9)} {_cell(row['item'])}")),
    "assignments": (N_("Assignments"), lambda row: (
        f"{_cell(row['line'], 5, True)}  "
        + "; ".join(p for p in [_("lead: {units}").format(units=row["lead"] or "—"),
                                row["coordinating"] and _("with: {units}").format(units=row["coordinating"]),
                                row["timeframe"] and _("time: {when}").format(when=row["timeframe"])] if p)
        + f"\n       {_cell(row['task'])}")),
}


def print_report(r: dict, extractions: dict[str, list[dict]]) -> None:
    """`baocao show FILE`: the report's header (`queries.report`), then each kind of extraction
    (`queries.extractions`), one line each."""
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
    for kind, (title, render) in _SECTIONS.items():
        found = extractions[kind]
        click.secho(f"\n{_(title)} ({len(found)})", bold=True)
        for row in found:
            click.echo(render(row))
