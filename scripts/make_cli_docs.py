"""Regenerate docs/cli.md from the commands' own --help (tests/test_docs.py checks it).

Usage: python scripts/make_cli_docs.py
"""

from __future__ import annotations

import os
from pathlib import Path

from typer.main import get_command
from typer.testing import CliRunner

from seedbed.cli import app

ROOT = Path(__file__).resolve().parent.parent


def command_paths() -> list[list[str]]:
    root = get_command(app)
    paths: list[list[str]] = []
    for name, cmd in sorted(root.commands.items()):  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            paths += [[name, s] for s in sorted(sub)]
        else:
            paths.append([name])
    return paths


def render() -> str:
    os.environ["COLUMNS"] = "100"
    runner = CliRunner()
    parts = ["# Command reference\n",
             "Generated from each command's `--help` by `scripts/make_cli_docs.py`.\n"]
    top = runner.invoke(app, ["--help"]).stdout
    parts.append(f"## seedbed\n\n```text\n{top.strip()}\n```\n")
    for path in command_paths():
        text = runner.invoke(app, [*path, "--help"]).stdout
        parts.append(f"## seedbed {' '.join(path)}\n\n```text\n{text.strip()}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "cli.md").write_text(render(), encoding="utf-8")
