"""The command line: parse flags, call seedbed.service, print with Rich.

The only module that imports Typer or Rich. SeedbedError becomes one red line and exit 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from seedbed import __version__, service
from seedbed.errors import SeedbedError
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
