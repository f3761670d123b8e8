"""What the command line prints of untrusted text (an export's names, a file's keys): no
escape sequence reaches the terminal raw, and Rich markup in it is shown, not obeyed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from seedbed.cli import app
from tests.conftest import PROFILE, write_csv

RAW = {"\x1b", "\x07", "\x9b", "\u202e"}


def test_the_import_summary_shows_a_hostile_profile_name_harmlessly(export_dir: Path,
                                                                     db: Path) -> None:
    write_csv(export_dir / "Profile.csv", [PROFILE[0], [
        "Dana [/x] [bold]", "Okafor\x1b[2J\u202e", "", "", "", "Head \x9b31m of data",
        *PROFILE[1][6:]]])
    result = CliRunner().invoke(app, ["import", str(export_dir), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Dana [/x] [bold]" in result.output
    assert not set(result.output) & RAW


def test_an_error_quoting_markup_is_one_plain_line(tmp_path: Path, export_dir: Path,
                                                   db: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('"[/red]\\u001b[2J" = 1\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["triage", str(export_dir), "--prefs", str(path),
                                      "--db", str(db)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: {path}: unknown field(s): '[/red]\\x1b[2J'"]
