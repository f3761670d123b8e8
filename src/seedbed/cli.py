"""The command line: parse flags, call seedbed.service, print with Rich.

The only module that imports Typer or Rich. SeedbedError becomes one red line and exit 1.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from seedbed import __version__, service
from seedbed.errors import SeedbedError
from seedbed.model import Label

if TYPE_CHECKING:  # the judge loads only for commands that judge
    from seedbed.triage import TriageRow
from seedbed.store import default_db_path

app = typer.Typer(
    name="seedbed",
    help="Sort LinkedIn invitations and messages: welcome, relevant pitch, ask why, spam.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="The store's SQLite file (default: in your user data folder).",
                 dir_okay=False),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"seedbed {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Sort LinkedIn invitations and messages: welcome, relevant pitch, ask why, spam."""


def _fail(exc: SeedbedError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", markup=True, soft_wrap=True)
    return typer.Exit(1)


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]reading[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def print_import_summary(summary: service.ImportSummary) -> None:
    for owner in summary.owners:
        out.print(f"[bold]{owner.name}[/bold]  {owner.headline}", markup=True)
        out.print(f"profile: {owner.profile_url or 'not found in the export'}")
        counts = Table(title="What the export holds", title_justify="left")
        counts.add_column("kind")
        counts.add_column("count", justify="right")
        counts.add_column("new", justify="right")
        new = owner.counts.new
        for kind, total in owner.counts.total.items():
            fresh = ""
            if kind in new:
                fresh = str(new[kind])
            counts.add_row(kind, str(total), fresh)
        out.print(counts)
        out.print(f"new items (invitations and messages): {new.get('items', 0)}")
        used = [f for f in owner.files if f.used]
        unused = [f for f in owner.files if not f.used]
        files = Table(title="Files read", title_justify="left")
        files.add_column("file")
        files.add_column("rows", justify="right")
        files.add_column("skipped", justify="right")
        files.add_column("note")
        for f in used:
            files.add_row(f.name, str(f.rows), str(len(f.skipped)), f.note)
        out.print(files)
        for f in used:
            for reason in f.skipped[:5]:
                out.print(f"  skipped in {f.name}: {reason}")
            if len(f.skipped) > 5:
                out.print(f"  … and {len(f.skipped) - 5} more in {f.name}")
        if unused:
            out.print("not used: " + ", ".join(f.name for f in unused))


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="An export zip, its extracted folder, or JSONL.")],
    db: DbOption = None,
) -> None:
    """Import a LinkedIn data export (zip or folder) or a JSONL file into the store."""
    try:
        with _progress() as bar:
            task = bar.add_task("", total=None)

            def progress(name: str, done: int, total: int) -> None:
                bar.update(task, description=name, completed=done, total=total)

            summary = service.import_path(path, db, progress)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    print_import_summary(summary)


FORMATS = ("table", "jsonl", "json")
LABEL_ORDER = [Label.WELCOME, Label.RELEVANT_PITCH, Label.ASK_WHY, Label.SPAM]
LABEL_STYLE = {Label.WELCOME: "green", Label.RELEVANT_PITCH: "cyan", Label.ASK_WHY: "yellow",
               Label.SPAM: "red"}
LABEL_TITLE = {Label.WELCOME: "Welcome", Label.RELEVANT_PITCH: "Relevant pitch",
               Label.ASK_WHY: "Ask why", Label.SPAM: "Spam (hidden)"}


def _safe(text: str, limit: int = 0) -> str:
    """Message text made safe for a terminal: no control or escape characters, no markup."""
    cleaned = "".join(ch if ch.isprintable() or ch in " " else " " for ch in text)
    cleaned = " ".join(cleaned.split())
    if limit and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def _when(row: TriageRow) -> str:
    return row.item.sent_at.strftime("%Y-%m-%d") if row.item.sent_at else "?"


def print_triage(rows: list[TriageRow], fmt: str) -> None:
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row.as_json(), ensure_ascii=False) + "\n")
        return
    if fmt == "json":
        sys.stdout.write(json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=1))
        sys.stdout.write("\n")
        return
    for label in LABEL_ORDER:
        group = [r for r in rows if r.verdict.label is label]
        if not group:
            continue
        table = Table(title=f"{LABEL_TITLE[label]} ({len(group)})", title_justify="left",
                      title_style=f"bold {LABEL_STYLE[label]}", expand=True)
        table.add_column("id", no_wrap=True, min_width=10)
        table.add_column("date", no_wrap=True, min_width=10)
        table.add_column("", no_wrap=True, width=3)
        table.add_column("from", max_width=18, overflow="ellipsis", no_wrap=True)
        table.add_column("why", ratio=1, min_width=30)
        table.add_column("spam", justify="right", width=4)
        for r in sorted(group, key=lambda r: r.item.sent_at or datetime.min.replace(tzinfo=UTC),
                        reverse=True):
            why = Text(_safe(r.verdict.summary, 160))
            if r.verdict.unsure:
                why.append("  (unsure)", style="dim")
            table.add_row(r.item.item_id, _when(r), "inv" if r.item.kind.value == "invitation"
                          else "msg",
                          Text(_safe(r.item.sender.name or "(no name)", 40)), why,
                          f"{r.verdict.spam_probability:.2f}")
        out.print(table)
    counts = {label: sum(1 for r in rows if r.verdict.label is label) for label in LABEL_ORDER}
    out.print("  ".join(f"{LABEL_TITLE[k].split(' (')[0].lower()}: {v}" for k, v in counts.items()))


@app.command()
def triage(
    path: Annotated[Path | None, typer.Argument(
        help="An export (zip or folder) or JSONL to import first; omit to list the store.")] = None,
    prefs: Annotated[Path | None, typer.Option(
        "--prefs", help="A preferences TOML file, stored for the owner(s) of PATH.",
        dir_okay=False)] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or json.")] = "table",
    new: Annotated[bool, typer.Option("--new", help="Only items judged in this run.")] = False,
) -> None:
    """Judge every inbound invitation and message and print the verdicts."""
    if fmt not in FORMATS:
        raise _fail(SeedbedError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}"))
    try:
        with _progress() as bar:
            task = bar.add_task("", total=None)

            def progress(name: str, done: int, total: int) -> None:
                bar.update(task, description=name, completed=done, total=total)

            result = service.triage(path, db, prefs, progress)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    rows = [r for r in result.rows if r.judged_now] if new else result.rows
    if fmt == "table":
        if result.imported is not None:
            out.print(f"imported {result.imported.source}: "
                      f"{result.imported.new_items} new item(s)")
        for name, fields in result.inferred.items():
            if fields:
                out.print(f"[dim]{name}: inferred from the profile: {', '.join(fields)} "
                          "(give --prefs to state them)[/dim]", markup=True)
    print_triage(rows, fmt)


def print_explain(row: TriageRow) -> None:
    v = row.verdict
    out.print(Text(f"{row.item.item_id}  {row.item.kind.value} from "
                   f"{_safe(row.item.sender.name)} "
                   f"<{row.item.sender.profile_url or 'no profile URL'}>  {_when(row)}"))
    out.print(Text(f"verdict: {v.label.value}   spam probability {v.spam_probability:.2f}"
                   f"{'  (unsure)' if v.unsure else ''}   decided by: {v.source}",
                   style=f"bold {LABEL_STYLE[v.label]}"))
    out.print(Text(_safe(v.summary)))
    table = Table(title="Reasons", title_justify="left")
    table.add_column("points", justify="right")
    table.add_column("code")
    table.add_column("description")
    table.add_column("evidence")
    for c in v.clues:
        table.add_row(f"{c.points:+.1f}", c.code, Text(c.detail), Text(_safe(c.evidence, 90)))
    out.print(table)
    out.print(Text("text: ", style="dim") + Text(_safe(row.item.text, 600) or "(empty)"))


@app.command()
def explain(
    item: Annotated[str, typer.Argument(help="An item id (or a unique prefix of it).")],
    db: DbOption = None,
) -> None:
    """Show why an item got its verdict: every reason with its points and evidence."""
    try:
        row = service.explain(item, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    print_explain(row)


@app.command()
def mark(
    item: Annotated[str, typer.Argument(help="An item id (or a unique prefix of it).")],
    label: Annotated[str, typer.Argument(help="welcome, relevant_pitch, ask_why or spam.")],
    db: DbOption = None,
) -> None:
    """Correct a verdict; it applies at once to the item and to its sender."""
    try:
        verdict = Label(label)
    except ValueError:
        raise _fail(SeedbedError(f"label must be one of {', '.join(x.value for x in Label)}, "
                                 f"not {label!r}")) from None
    try:
        row = service.mark(item, verdict, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    out.print(f"{row.item.item_id} is now {row.verdict.label.value} "
              f"({row.verdict.source}); undo with: seedbed unmark {row.item.item_id}")


@app.command()
def unmark(
    item: Annotated[str, typer.Argument(help="An item id (or a unique prefix of it).")],
    db: DbOption = None,
) -> None:
    """Undo your last correction of an item."""
    try:
        undone, row = service.unmark(item, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if undone is None:
        out.print(f"{row.item.item_id} had no correction to undo")
    else:
        out.print(f"undid '{undone}': {row.item.item_id} is {row.verdict.label.value} again "
                  f"({row.verdict.source})")


@app.command()
def reply(
    item: Annotated[str, typer.Argument(help="An item id (or a unique prefix of it).")],
    db: DbOption = None,
) -> None:
    """Draft a polite "what prompted you to connect?" reply to copy (never sent)."""
    try:
        row, text = service.reply(item, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if row.verdict.label is not Label.ASK_WHY:
        err.print(f"note: this item's verdict is {row.verdict.label.value}, not ask_why")
    sys.stdout.write(_safe_block(text) + "\n")


def _safe_block(text: str) -> str:
    return "\n".join(_safe(line) for line in text.splitlines())


prefs_app = typer.Typer(help="Your preferences: needs, topics, recruiters, allow/block lists.",
                        no_args_is_help=True)
app.add_typer(prefs_app, name="prefs")


@prefs_app.command("path")
def prefs_path() -> None:
    """Print where your preferences file lives (seedbed prefs edit creates it)."""
    out.print(str(service.preferences_file()))


@prefs_app.command("show")
def prefs_show(db: DbOption = None) -> None:
    """Show each owner's preferences in effect, and which were inferred from the profile."""
    try:
        owners = service.owner_preferences(db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if not owners:
        out.print("no owners in the store yet: import an export first")
    for name, prefs, source in owners:
        out.print(Text(f"{name}  (from {source or 'defaults'})", style="bold"))
        for field_name in ("needs", "welcome_topics", "unwelcome_topics", "languages", "allow",
                           "block"):
            values = getattr(prefs, field_name)
            mark_ = " (inferred)" if field_name in prefs.inferred else ""
            out.print(Text(f"  {field_name}{mark_}: " + ("; ".join(values) or "-")))
        mark_ = " (inferred)" if "open_to_recruiters" in prefs.inferred else ""
        out.print(f"  open_to_recruiters{mark_}: {str(prefs.open_to_recruiters).lower()}")


@prefs_app.command("edit")
def prefs_edit(db: DbOption = None) -> None:
    """Open your preferences file in $EDITOR (creating it first), then apply it to the store."""
    path = service.preferences_file()
    try:
        service.ensure_preferences_file(path)
        typer.edit(filename=str(path))
        count = service.apply_preferences(path, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    out.print(f"saved {path}; applied to {count} owner(s): run seedbed triage to see the effect")


@app.command("where")
def where() -> None:
    """Print where the default store lives."""
    out.print(str(default_db_path()))


def main() -> None:
    """Entry point of the ``seedbed`` command."""
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted: nothing was written")
        sys.exit(130)
