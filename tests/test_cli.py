"""The command line: every command has help, bad input is one line and a non-zero exit."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from seedbed import __version__
from seedbed.cli import app
from tests.conftest import write_export

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def commands() -> list[list[str]]:
    root = get_command(app)
    out = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        out.append([name])
        for sub in getattr(cmd, "commands", {}):
            out.append([name, sub])
    return out


def test_version() -> None:
    code, stdout, _ = run("--version")
    assert code == 0 and __version__ in stdout


@pytest.mark.parametrize("command", commands(), ids=" ".join)
def test_every_command_has_help(command: list[str]) -> None:
    code, stdout, _ = run(*command, "--help")
    assert code == 0
    assert "Usage" in stdout


def test_import_prints_owner_counts_and_unused_files(export_dir: Path, db: Path) -> None:
    (export_dir / "Logins.csv").write_text("Login Date,IP Address\n", encoding="utf-8")
    code, stdout, _ = run("import", str(export_dir), "--db", str(db))
    assert code == 0
    assert "Dana Okafor" in stdout
    assert "https://www.linkedin.com/in/dana-okafor-data" in stdout
    assert "invitations in" in stdout
    assert "not used: Logins.csv" in stdout


def test_reimport_reports_nothing_new(export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    code, stdout, _ = run("import", str(export_dir), "--db", str(db))
    assert code == 0
    assert "new items (invitations and messages): 0" in stdout


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    corrupt = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    corrupt.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    traversal = tmp_path / "evil.zip"
    with zipfile.ZipFile(traversal, "w") as z:
        z.writestr("../../etc/Connections.csv", "First Name,Last Name,Connected On\n")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Profile.csv", "First Name,Last Name\nA,B\n")
        z.writestr("messages.csv", b"\0" * (300 * 1024 * 1024))  # 300 MB of zeros, ~300 KB
    truncated = write_export(tmp_path / "truncated")
    with (truncated / "messages.csv").open("a", encoding="utf-8") as f:
        f.write('2-x,,Eve,,Dana,,2026-01-01 10:00:00 UTC,,"never closed,INBOX\n')
    huge = write_export(tmp_path / "huge")
    with (huge / "messages.csv").open("a", encoding="utf-8") as f:
        f.write("2-y,,Eve,,Dana,,2026-01-01 10:00:00 UTC,," + "x" * (10 * 1024 * 1024)
                + ",INBOX\n")
    return {"text": text, "empty": empty, "corrupt": corrupt, "traversal": traversal,
            "missing": tmp_path / "nope.zip", "bomb": bomb, "truncated": truncated,
            "huge": huge}


@pytest.mark.parametrize("case", ["text", "empty", "corrupt", "traversal", "missing", "bomb",
                                  "truncated", "huge"])
def test_bad_input_is_one_line_nonzero_and_writes_nothing(tmp_path: Path, case: str) -> None:
    path = _bad_inputs(tmp_path)[case]
    db = tmp_path / "store" / "s.sqlite3"
    code, _stdout, stderr = run("import", str(path), "--db", str(db))
    assert code != 0
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:")
    assert path.name in lines[0] or (case in ("truncated", "huge") and "messages.csv" in lines[0])
    assert not db.exists()


def test_triage_jsonl_is_one_object_per_inbound_item(export_dir: Path, db: Path,
                                                     prefs_file: Path) -> None:
    code, stdout, _ = run("triage", str(export_dir), "--prefs", str(prefs_file), "--db", str(db),
                          "--format", "jsonl")
    assert code == 0
    rows = [json.loads(line) for line in stdout.splitlines()]
    assert len(rows) == 5
    assert {r["verdict"] for r in rows} <= {"welcome", "relevant_pitch", "ask_why", "spam"}


def test_triage_table_groups_welcome_first(export_dir: Path, db: Path) -> None:
    code, stdout, _ = run("triage", str(export_dir), "--db", str(db))
    assert code == 0
    assert stdout.index("Welcome") < stdout.index("Ask why") < stdout.index("Spam (hidden)")


def test_triage_new_lists_only_this_runs_items(export_dir: Path, db: Path) -> None:
    run("triage", str(export_dir), "--db", str(db))
    code, stdout, _ = run("triage", "--db", str(db), "--new", "--format", "jsonl")
    assert code == 0 and stdout.strip() == ""


def _first(db: Path, verdict: str) -> str:
    _, stdout, _ = run("triage", "--db", str(db), "--format", "jsonl")
    return next(json.loads(x)["item_id"] for x in stdout.splitlines()
                if json.loads(x)["verdict"] == verdict)


def test_explain_shows_the_rule_table(export_dir: Path, db: Path) -> None:
    run("triage", str(export_dir), "--db", str(db))
    code, stdout, _ = run("explain", _first(db, "spam"), "--db", str(db))
    assert code == 0
    assert "Reasons" in stdout and "rel:" in stdout


def test_reply_drafts_a_question_for_ask_why(export_dir: Path, db: Path) -> None:
    run("triage", str(export_dir), "--db", str(db))
    code, stdout, _ = run("reply", _first(db, "ask_why"), "--db", str(db))
    assert code == 0
    assert "?" in stdout
    assert "Dana" in stdout  # signed with the owner's first name


def test_replies_vary_between_senders(export_dir: Path, db: Path) -> None:
    run("triage", str(export_dir), "--db", str(db))
    _, stdout, _ = run("triage", "--db", str(db), "--format", "jsonl")
    ids = [json.loads(x)["item_id"] for x in stdout.splitlines()]
    drafts = {run("reply", i, "--db", str(db))[1] for i in ids}
    assert len(drafts) == len(ids)


def test_mark_with_an_unknown_label_fails_cleanly(export_dir: Path, db: Path) -> None:
    run("triage", str(export_dir), "--db", str(db))
    code, _, stderr = run("mark", _first(db, "spam"), "junk", "--db", str(db))
    assert code == 1 and "label must be one of" in stderr


def test_unknown_item_is_a_clear_error(export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    code, _, stderr = run("explain", "ffffffffff", "--db", str(db))
    assert code == 1 and "no item with id 'ffffffffff' in the store" in stderr


def test_prefs_show_says_what_was_inferred(export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    code, stdout, _ = run("prefs", "show", "--db", str(db))
    assert code == 0
    assert "needs (inferred)" in stdout
