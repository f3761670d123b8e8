"""The command line: parse flags, call seedbed.service, print with Rich.

The only module that imports Typer or Rich. SeedbedError becomes one red line and exit 1.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from seedbed import __version__, service
from seedbed.errors import PreferencesError, SeedbedError
from seedbed.model import Label

if TYPE_CHECKING:  # the judge loads only for commands that judge
    from seedbed.store.queries import OwnerRow
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
    # The message may quote the input (a key of a preferences file, a file name): printed
    # through _safe, it is one line with no markup or escape sequence of its own.
    err.print(Text.assemble(("error:", "red"), " ", _safe(str(exc))), soft_wrap=True)
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
    # Names, file names and skip reasons come from the export: shown through _safe as Text,
    # so that neither escape sequences nor Rich markup in them ("[/x]") reach the terminal.
    for owner in summary.owners:
        out.print(Text.assemble((_safe(owner.name or "owner unknown"), "bold"), "  ",
                                _safe(owner.headline)))
        out.print(Text(f"profile: {_safe(owner.profile_url or 'not found in the export')}"))
        for remark in owner.remarks:
            out.print(Text(f"note: {_safe(remark)}", style="yellow"))
        counts = Table(title="In the store for this owner", title_justify="left")
        counts.add_column("kind")
        counts.add_column("total", justify="right")
        counts.add_column("new", justify="right")
        new = owner.counts.new
        for kind, total in owner.counts.total.items():
            counts.add_row(kind, str(total), str(new.get(kind, 0)))
        out.print(counts)
        out.print(f"new items (invitations and messages): {new.get('items', 0)}")
        for kind, merged in owner.counts.merged.items():
            rows = "1 row" if merged == 1 else f"{merged} rows"
            out.print(Text(f"merged: {rows} of {kind} repeated another row of the export "
                           f"and {'was' if merged == 1 else 'were'} stored once"))
        used = [f for f in owner.files if f.used]
        unused = [f for f in owner.files if not f.used]
        files = Table(title="Files read", title_justify="left")
        files.add_column("file")
        files.add_column("rows", justify="right")
        files.add_column("skipped", justify="right")
        files.add_column("note")
        for f in used:
            files.add_row(Text(_safe(f.name)), str(f.rows), str(f.skipped_rows),
                          Text(_safe(f.note)))
        out.print(files)
        for f in used:
            for reason in f.skipped[:5]:
                out.print(Text(f"  skipped in {_safe(f.name)}: {_safe(reason)}"))
            if len(f.skipped) > 5:
                out.print(Text(f"  … and {len(f.skipped) - 5} more in {_safe(f.name)}"))
        if unused:
            out.print(Text("not used: " + ", ".join(_safe(f.name) for f in unused)))


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
    """Untrusted text made safe for a terminal, on one line: every character that is not
    printable (C0 and C1 controls such as ESC, BEL and CSI, bidi overrides and isolates,
    line and paragraph separators) becomes a space and runs of spaces one. Print the result
    as a ``Text`` (or with markup off): the function does not escape Rich markup."""
    cleaned = "".join(ch if ch.isprintable() or ch in " " else " " for ch in text)
    cleaned = " ".join(cleaned.split())
    if limit and len(cleaned) > limit:
        cleaned = cleaned[: limit - 1] + "…"
    return cleaned


def _safe_inline(text: str) -> str:
    """``_safe`` for a piece of a line: the spaces at its ends stay (one each)."""
    core = _safe(text)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and core else ""
    return lead + core + trail


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
        "--prefs", help="A preferences TOML file, stored for the owner(s) of PATH (without "
        "PATH: for the store's owner, or the one --owner names).", dir_okay=False)] = None,
    owner: Annotated[str | None, typer.Option(
        "--owner", help="Without PATH: only this owner (name or profile URL), whose items to "
        "list and whose preferences --prefs are.")] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or json.")] = "table",
    new: Annotated[bool, typer.Option("--new", help="Only items judged in this run.")] = False,
) -> None:
    """Judge every inbound invitation and message and print the verdicts."""
    if fmt not in FORMATS:
        raise _fail(SeedbedError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}"))
    if path is not None and owner is not None:
        raise _fail(SeedbedError("--owner applies to the store without PATH: an export names "
                                 "its own owner"))
    try:
        owners: list[OwnerRow] = []
        if path is None:  # the store must exist and hold an owner: only an import creates one
            owners = service.store_owners(db, owner)  # every owner, or the one --owner names
            if prefs is not None:
                owners = [service.store_preferences(prefs, db, owner)]
        with _progress() as bar:
            task = bar.add_task("", total=None)

            def progress(name: str, done: int, total: int) -> None:
                bar.update(task, description=name, completed=done, total=total)

            result = service.triage(path, db, prefs if path is not None else None, progress)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    rows = result.rows
    if owner is not None:
        rows = [r for r in rows if r.item.owner_id == owners[0].id]
    rows = [r for r in rows if r.judged_now] if new else rows
    if fmt == "table":
        if result.imported is not None:
            out.print(f"imported {result.imported.source}: "
                      f"{result.imported.new_items} new item(s)")
        if prefs is not None:
            names = ([o.name for o in result.imported.owners] if result.imported is not None
                     else [o.name or o.key for o in owners])
            out.print(Text(f"preferences from {_safe(str(prefs))} stored for "
                           f"{_safe(', '.join(names))}"), soft_wrap=True)
        shown = {o.name for o in owners} if owner is not None else None
        for name, fields in result.inferred.items():
            if fields and (shown is None or name in shown):
                out.print(Text(f"{_safe(name)}: inferred from the profile: {', '.join(fields)} "
                               "(give --prefs to state them)", style="dim"))
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
        service.require_store(db)
        row = service.explain(item, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    print_explain(row)


@app.command()
def mark(
    item: Annotated[str, typer.Argument(help="An item id (or a unique prefix of it).")],
    label: Annotated[str, typer.Argument(
        help="welcome, relevant_pitch, ask_why or spam (in any case; - or a space for _).")],
    db: DbOption = None,
) -> None:
    """Correct a verdict; it applies at once to the item and to its sender."""
    try:
        verdict = service.parse_label(label)
        service.require_store(db)
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
        service.require_store(db)
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
        service.require_store(db)
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


@prefs_app.command("show")
def prefs_show(db: DbOption = None) -> None:
    """Show each owner's preferences in effect, and which were inferred from the profile."""
    try:
        service.require_store(db)
        owners = service.owner_preferences(db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if not owners:
        out.print(f"no owners in the store at {service.store_path(db)} yet: import an export "
                  "first")
    for name, prefs, source in owners:
        out.print(Text(f"{_safe(name)}  (from {_safe(source or 'defaults')})", style="bold"))
        for field_name in ("needs", "welcome_topics", "unwelcome_topics", "languages", "allow",
                           "block"):
            values = [_safe(v) for v in getattr(prefs, field_name)]
            mark_ = " (inferred)" if field_name in prefs.inferred else ""
            out.print(Text(f"  {field_name}{mark_}: " + ("; ".join(values) or "-")))
        mark_ = " (inferred)" if "open_to_recruiters" in prefs.inferred else ""
        out.print(f"  open_to_recruiters{mark_}: {str(prefs.open_to_recruiters).lower()}")


@prefs_app.command("edit")
def prefs_edit(
    owner: Annotated[str | None, typer.Option(
        "--owner", help="Whose preferences (name or profile URL), when the store holds "
        "several owners.")] = None,
    db: DbOption = None,
) -> None:
    """Edit an owner's preferences in $VISUAL or $EDITOR; on saving they are checked, then
    stored (a wrong field stores nothing)."""
    try:
        draft = service.preferences_draft(db, owner)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    # A private folder (mode 0700) holds the file while the editor has it: preferences are
    # personal. It is removed afterwards, unless the edit was refused: then it keeps the
    # edit, so that fixing one field does not mean typing everything again.
    folder = Path(tempfile.mkdtemp(prefix="seedbed-prefs-"))
    file = folder / "prefs.toml"
    keep = False
    try:
        file.write_text(draft.text, encoding="utf-8")
        _run_editor(file)
        if file.read_bytes() == draft.text.encode("utf-8"):
            out.print("no change: nothing stored")
            return
        try:
            service.save_edited_preferences(file, draft.owner.id, db)
        except PreferencesError as exc:
            keep = True
            raise SeedbedError(f"{exc}; nothing stored (your edit is kept in that file)") from exc
    except SeedbedError as exc:
        raise _fail(exc) from exc
    except OSError as exc:
        raise _fail(SeedbedError(f"{file}: cannot write the file to edit ({exc.strerror})")
                    ) from exc
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    out.print(Text(f"stored the preferences of {_safe(draft.owner.name or draft.owner.key)}: "
                   "run seedbed triage to see the effect"))


def _editor() -> list[str]:
    """The command of the user's editor: $VISUAL, else $EDITOR, else the system's own."""
    line = os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip()
    try:
        command = shlex.split(line, posix=os.name != "nt")
    except ValueError as exc:
        raise SeedbedError(f"$EDITOR is not a command ({exc}): nothing stored") from exc
    return command or (["notepad"] if os.name == "nt" else ["vi"])


def _run_editor(file: Path) -> None:
    """Open ``file`` in the user's editor and wait; SeedbedError when it fails to run."""
    command = _editor()
    try:
        done = subprocess.run([*command, str(file)], check=False)
    except OSError as exc:
        raise SeedbedError(f"cannot start the editor {command[0]!r} "
                           f"({exc.strerror or exc.__class__.__name__}): set $EDITOR to your "
                           "editor's command; nothing stored") from exc
    if done.returncode != 0:
        raise SeedbedError(f"the editor {shlex.join(command)!r} exited with status "
                           f"{done.returncode}: nothing stored")


campaigns_app = typer.Typer(
    help="Mass campaigns: one template sent many times. Without a subcommand: list them.",
    invoke_without_command=True)
app.add_typer(campaigns_app, name="campaigns")


@campaigns_app.callback()
def campaigns_list(ctx: typer.Context, db: DbOption = None) -> None:
    """List campaigns: size, senders, verdict mix and a template preview."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        service.require_store(db)
        found = service.campaign_list(db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if not found:
        out.print("no campaigns yet: a campaign is one template reaching you (or the other "
                  "owners in this store) at least twice")
        return
    table = Table(title=f"Campaigns ({len(found)})", title_justify="left", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("size", justify="right")
    table.add_column("senders", justify="right")
    table.add_column("owners", justify="right")
    table.add_column("verdicts")
    table.add_column("template", ratio=1)
    for c in found:
        mix = ", ".join(f"{k} {v}" for k, v in sorted(c.verdicts.items()))
        table.add_row(c.campaign_id, str(c.size), str(len(c.senders)), str(len(c.owners)), mix,
                      Text(_safe(c.texts[0], 120)))
    out.print(table)


@campaigns_app.command("export")
def campaigns_export(
    file: Annotated[Path, typer.Argument(help="Where to write the fingerprints (JSON).",
                                         dir_okay=False)],
    db: DbOption = None,
) -> None:
    """Write one-way fingerprints of campaigns you marked as spam (no text, no names)."""
    try:
        service.require_store(db)
        n = service.campaign_export(file, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    out.print(f"wrote {n} fingerprint(s) to {file}")


@campaigns_app.command("import")
def campaigns_import(
    file: Annotated[Path, typer.Argument(help="A fingerprint file from another seedbed.",
                                         dir_okay=False)],
    db: DbOption = None,
) -> None:
    """Count another seedbed's spam fingerprints as reports (threshold and your veto apply)."""
    try:
        service.require_store(db)
        n = service.campaign_import(file, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    out.print(f"imported {n} new fingerprint(s); run seedbed triage to apply them")


@app.command()
def campaign(
    campaign_id: Annotated[str, typer.Argument(help="A campaign id (or a unique prefix).")],
    db: DbOption = None,
) -> None:
    """Show one campaign: its template with the variable slots, members and timeline."""
    try:
        service.require_store(db)
        summary, template, members = service.campaign_detail(campaign_id, db)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    out.print(Text(f"campaign {summary.campaign_id}: {summary.size} items from "
                   f"{len(summary.senders)} sender(s) to {len(summary.owners)} owner(s)",
                   style="bold"))
    first = summary.first_seen.strftime("%Y-%m-%d") if summary.first_seen else "?"
    last = summary.last_seen.strftime("%Y-%m-%d") if summary.last_seen else "?"
    out.print(f"first seen {first}, last seen {last}")
    rendered = Text("template: ")
    for kind, value in template.segments:
        if kind == "slot":
            rendered.append("{" + _safe(value, 40) + "}", style="bold magenta")
        else:
            rendered.append(_safe_inline(value))
    out.print(rendered)
    table = Table(title="Members", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("from")
    table.add_column("verdict")
    for r in sorted(members, key=lambda r: r.item.sent_at or datetime.min.replace(tzinfo=UTC)):
        table.add_row(r.item.item_id, _when(r), Text(_safe(r.item.sender.name, 40)),
                      r.verdict.label.value)
    out.print(table)


# ---- senders: aim, check, pacing (docs/senders.md) -------------------------------------------

SENDER_FORMATS = ("table", "jsonl")
STATUS_STYLE = {"ok": "green", "warn": "yellow", "fail": "red"}


def _sender_format(fmt: str) -> None:
    if fmt not in SENDER_FORMATS:
        raise _fail(SeedbedError(f"--format must be one of {', '.join(SENDER_FORMATS)}, "
                                 f"not {fmt!r}"))


def _jsonl(rows: list[dict[str, object]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


@app.command()
def aim(
    profiles: Annotated[Path | None, typer.Argument(
        help="A JSONL file of profiles (docs/senders.md); omit to rank your connections.",
        dir_okay=False)] = None,
    offer: Annotated[str | None, typer.Option(
        "--offer", help="What you offer, in a sentence or two.")] = None,
    offer_file: Annotated[Path | None, typer.Option(
        "--offer-file", help="Read the offer from a text file.", dir_okay=False)] = None,
    about: Annotated[Path | None, typer.Option(
        "--about", help="A TOML file about you: name, headline, company, past_companies, "
        "profile_url, offer (docs/senders.md).", dir_okay=False, metavar="ME.toml")] = None,
    owner: Annotated[str | None, typer.Option(
        "--owner", help="Whose connections, when the store holds several owners.")] = None,
    top: Annotated[int, typer.Option("--top", help="Show this many people (0: all).",
                                     min=0)] = 20,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
) -> None:
    """Rank people by how well your offer meets their needs; list whom it would spam."""
    from seedbed.sender.aim import aim_at_connections, aim_at_profiles, read_about
    from seedbed.sender.check import read_draft

    _sender_format(fmt)
    if offer is not None and offer_file is not None:
        raise _fail(SeedbedError("give the offer with --offer TEXT or --offer-file FILE, "
                                 "not both"))
    try:
        sender = read_about(about) if about is not None else None
        if offer_file is not None:
            text = read_draft(offer_file)
        elif offer is not None:
            text = offer
        elif sender is not None and sender.offer:
            text = sender.offer
        else:
            raise SeedbedError("give the offer with --offer TEXT, --offer-file FILE or "
                               "offer = \"...\" in the --about file")
        if profiles is not None:
            report = aim_at_profiles(text, profiles, about=sender)
        else:
            service.require_store(db)
            report = aim_at_connections(text, db, owner, about=sender)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    rows = report.ranked[:top] if top else report.ranked
    if fmt == "jsonl":
        _jsonl([a.as_json(rank) for rank, a in enumerate(rows, start=1)])
        return
    if any(a.recipient.little_known for a in rows):
        out.print("[dim]Little is known about some of them (name, company and title only): "
                  "their needs are inferred from those.[/dim]", markup=True)
    table = Table(title=f"Who your offer fits ({len(report.ranked)} people, best first)",
                  title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("name", max_width=22, overflow="ellipsis", no_wrap=True)
    table.add_column("headline", max_width=30, overflow="ellipsis")
    table.add_column("fit", justify="right", no_wrap=True)
    table.add_column("their side", no_wrap=True)
    table.add_column("evidence", ratio=1, min_width=30)
    for rank, a in enumerate(rows, start=1):
        label = a.verdict.label
        lines = [Text.assemble((f"{m.kind} ({m.similarity:.2f}): ", "dim"), _safe(m.text, 110))
                 for m in a.evidence]
        if a.unwelcome is not None:
            lines.append(Text(f"unwelcome topic ({a.unwelcome.similarity:.2f}): "
                              f"{_safe(a.unwelcome.text, 90)}", style="red"))
        evidence = Text("\n").join(lines) if lines else Text("nothing close", style="dim")
        table.add_row(str(rank), Text(_safe(a.recipient.name or "(no name)", 40)),
                      Text(_safe(a.recipient.headline, 80)), f"{a.relevance:.2f}",
                      Text(label.value, style=LABEL_STYLE[label]), evidence)
    out.print(table)
    skip = report.skip
    if skip:
        out.print(Text(f"Skip these {len(skip)}: a message would be spam to them (a stranger's "
                       "offer that comes nowhere close to their needs).", style="bold red"))
        for a in skip[: top or len(skip)]:
            out.print(Text(f"  {_safe(a.recipient.name, 40)}  ({_safe(a.recipient.headline, 60)})"
                           f"  spam {a.spam_probability:.2f}"))
        if top and len(skip) > top:
            out.print(f"  … and {len(skip) - top} more (--top 0 lists all)")
    else:
        out.print("Nobody here would get it as spam.")


@app.command()
def check(
    draft: Annotated[Path, typer.Argument(help="A text file with your draft ('-': stdin).",
                                          dir_okay=False, allow_dash=True)],
    to: Annotated[str, typer.Option(
        "--to", help="The recipient: a connection's profile URL, or a JSON/JSONL profile "
        "file.")],
    invitation: Annotated[bool, typer.Option(
        "--invitation", help="Judge it as an invitation note (up to 300 characters).")] = False,
    template: Annotated[list[Path] | None, typer.Option(
        "--template", help="A known campaign template to compare with (repeatable).",
        dir_okay=False, metavar="FILE")] = None,
    owner: Annotated[str | None, typer.Option(
        "--owner", help="Whose store data to use, when the store holds several owners.")] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
) -> None:
    """Check a draft: how the recipient's side would judge it, and what to look at again."""
    from seedbed.sender.check import check_with_store, read_draft

    _sender_format(fmt)
    try:
        text = sys.stdin.read() if str(draft) == "-" else read_draft(draft)
        templates = [read_draft(p) for p in template or []]
        store: Path | str | None = db
        if not service.store_exists(db):
            if not Path(to).expanduser().is_file():
                service.require_store(db)  # a profile URL is looked up in the store
            store = ":memory:"  # a profile file needs no store: none is created
        report = check_with_store(text, to, store, owner, as_invitation=invitation,
                                  templates=templates)
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if fmt == "jsonl":
        _jsonl([report.as_json()])
        return
    v = report.verdict
    out.print(Text(f"their side: {v.label.value}   spam probability {v.spam_probability:.2f}"
                   f"{'  (unsure)' if v.unsure else ''}   judged as {report.kind.value}",
                   style=f"bold {LABEL_STYLE[v.label]}"))
    out.print(Text(_safe(v.summary)))
    for m in report.scored.evidence[:2]:
        out.print(Text(f"closest to their {m.kind} ({m.similarity:.2f}): {_safe(m.text, 120)}",
                       style="dim"))
    table = Table(title="Criteria", title_justify="left", expand=True)
    table.add_column("criterion", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("what the recipient sees", ratio=1)
    for c in report.criteria:
        table.add_row(c.name, Text(c.status.value, style=STATUS_STYLE[c.status.value]),
                      Text(_safe(c.summary, 300)))
    out.print(table)
    findings = Table(title="Where", title_justify="left", expand=True)
    findings.add_column("criterion", no_wrap=True)
    findings.add_column("chars", justify="right", no_wrap=True)
    findings.add_column("sentence", ratio=2)
    findings.add_column("note", ratio=1)
    for c in report.criteria:
        if c.status.value == "ok":
            continue
        for f in c.findings:
            findings.add_row(c.name, f"{f.span[0]}-{f.span[1]}", Text(_safe(f.quote, 160)),
                             Text(_safe(f.note, 120)))
    if findings.row_count:
        out.print(findings)
    reasons = Table(title="The judge's reasons", title_justify="left")
    reasons.add_column("points", justify="right")
    reasons.add_column("code")
    reasons.add_column("description")
    reasons.add_column("evidence")
    for clue in v.clues[:10]:
        reasons.add_row(f"{clue.points:+.1f}", clue.code, Text(clue.detail),
                        Text(_safe(clue.evidence, 60)))
    out.print(reasons)


@app.command()
def pacing(
    owner: Annotated[str | None, typer.Option(
        "--owner", help="Whose invitations, when the store holds several owners.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="The day to measure from (YYYY-MM-DD; default: the export's latest "
        "date).")] = None,
    chart: Annotated[Path | None, typer.Option(
        "--chart", help="Also write the weekly chart as an SVG file.", dir_okay=False)] = None,
    weeks: Annotated[int, typer.Option("--weeks", help="Weeks to list (newest).",
                                       min=1)] = 12,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
) -> None:
    """How your invitations fare: acceptance, ones to withdraw, weekly volume, who not to ask."""
    from datetime import date

    from seedbed.sender.pacing import (
        PENDING_DAYS,
        WEEKLY_LIMIT,
        WEEKLY_WARN,
        pacing_from_store,
        weekly_chart_svg,
    )

    _sender_format(fmt)
    try:
        day = date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise _fail(SeedbedError(f"--as-of must be a date like 2026-11-20, not {as_of!r}")
                    ) from None
    try:
        service.require_store(db)
        report = pacing_from_store(db, owner, day)
        if chart is not None:
            chart.write_text(weekly_chart_svg(report.weeks), encoding="utf-8")
    except OSError as exc:
        raise _fail(SeedbedError(f"{chart}: cannot write the chart ({exc.strerror})")) from exc
    except SeedbedError as exc:
        raise _fail(exc) from exc
    if fmt == "jsonl":
        _jsonl([report.as_json()])
        return
    data = report.as_json()
    rate = report.acceptance_rate
    if rate is None:
        out.print(Text(f"as of {data['as_of']}: no invitations sent", style="bold"))
    else:
        out.print(Text(f"as of {data['as_of']}: {report.sent} invitation(s) sent, "
                       f"{data['accepted']} accepted ({rate:.0%}); pending: {data['pending']} "
                       f"under {PENDING_DAYS} days, {data['ignored']} older (ignored)",
                       style="bold"))
    table = Table(title=f"Invitations per week (limit ~{WEEKLY_LIMIT})", title_justify="left")
    table.add_column("week of", no_wrap=True)
    table.add_column("sent", justify="right")
    table.add_column("")
    for w in report.weeks[-weeks:]:
        style = {"ok": "", "near_limit": "yellow", "over_limit": "red"}[w.level.value]
        table.add_row(w.start.isoformat(), str(w.count),
                      Text("" if w.level.value == "ok" else w.level.value.replace("_", " "),
                           style=style))
    if report.weeks:
        out.print(table)
    busy = report.busy_weeks
    if busy:
        out.print(Text(f"{len(busy)} week(s) above {WEEKLY_WARN}: "
                       + ", ".join(f"{w.start} ({w.count})" for w in busy[:8]), style="yellow"))
    if report.withdraw:
        old = Table(title=f"Withdraw these (pending more than {PENDING_DAYS} days)",
                    title_justify="left")
        old.add_column("name")
        old.add_column("sent", no_wrap=True)
        old.add_column("days", justify="right")
        for i in report.withdraw:
            old.add_row(Text(_safe(i.invitee.name, 40)),
                        i.sent_at.strftime("%Y-%m-%d") if i.sent_at else "?", str(i.age_days))
        out.print(old)
    if report.do_not_invite:
        skip = Table(title="Do not invite again", title_justify="left")
        skip.add_column("name")
        skip.add_column("why")
        skip.add_column("evidence")
        for d in report.do_not_invite:
            skip.add_row(Text(_safe(d.person.name, 40)), Text(d.detail),
                         Text(_safe(d.evidence, 80)))
        out.print(skip)
    if chart is not None:
        out.print(f"chart written to {chart}")


@app.command()
def ui(
    db: DbOption = None,
    host: Annotated[str | None, typer.Option(
        help="Address to listen on (default: a random loopback address, new each run, "
             "reachable from this computer only).", show_default=False)] = None,
    port: Annotated[int, typer.Option(help="Port to listen on; 0 picks any free one.")] = 8765,
    open_browser: Annotated[bool, typer.Option(
        "--open/--no-open", help="Open the app in your browser.")] = False,
) -> None:
    """Start the local web app and print its private address (Ctrl-C stops it)."""
    from seedbed.web.command import serve  # FastAPI loads only for this command

    try:
        serve(db, host, port, open_browser)
    except SeedbedError as exc:
        raise _fail(exc) from exc


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
