"""Docs stay true: every command, preference field and output field is documented."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from seedbed.model import Preferences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def test_cli_reference_is_current() -> None:
    from make_cli_docs import render

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is out of date: run python scripts/make_cli_docs.py")


def test_every_preference_field_is_documented() -> None:
    text = (ROOT / "docs" / "preferences.md").read_text(encoding="utf-8")
    for field in dataclasses.fields(Preferences):
        if field.name != "inferred":
            assert f"`{field.name}`" in text, field.name


def test_every_output_field_is_documented(tmp_path: Path) -> None:
    from seedbed import service
    from tests.conftest import write_export

    rows = service.triage(write_export(tmp_path / "e"), tmp_path / "db.sqlite3").rows
    text = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    for key in rows[0].as_json():
        assert f"`{key}`" in text, key
