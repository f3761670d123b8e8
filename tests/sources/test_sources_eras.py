"""Every era of the export generator imports the same from its zip as from its folder.

The store (owner, connections, items with their ids, articles, posts, relations), the import
summary's counts and remarks and the per-file reports must not depend on whether the export
was unpacked first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.exportgen import ERAS, generate_export, write_export

from seedbed import service
from seedbed.model import Export

# The quirks each era is seen with in real exports (as the fuzzer picks them).
ERA_QUIRKS = {
    "2018": frozenset({"complete"}),
    "2022": frozenset({"no_preamble"}),
    "2024": frozenset({"messages_12col", "draft_rows", "semicolon_recipients"}),
    "2026": frozenset({"messages_13col", "draft_rows", "crlf_content", "dated_article_names"}),
}

STORE_QUERIES = {
    "owner": "SELECT key, name, headline, profile_url, profile_json FROM owner",
    "connection": "SELECT natural_key, person_key, first_name, last_name, profile_url, company,"
                  " connected_on, hidden FROM connection",
    "item": "SELECT item_id, natural_key, kind, direction, conversation_id, sender_key,"
            " recipients_json, sent_at, text, html, folder FROM item",
    "article": "SELECT natural_key, title, text FROM article",
    "post": "SELECT natural_key, text, is_comment FROM post",
    "relation": "SELECT natural_key, kind, person_key, detail FROM relation",
}


@pytest.fixture(scope="module")
def generated() -> Export:
    return generate_export(150, 30, 60, seed=5)


def _content(store: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(store) as db:
        return {table: sorted(db.execute(sql).fetchall(), key=repr)
                for table, sql in STORE_QUERIES.items()}


def _summary(summary: service.ImportSummary) -> list[object]:
    return [(o.name, o.profile_url, o.counts.total, o.counts.new, o.remarks,
             sorted((f.name, f.rows, f.used, f.skipped, f.note) for f in o.files))
            for o in summary.owners]


@pytest.mark.parametrize("quirked", [False, True], ids=["plain", "quirks"])
@pytest.mark.parametrize("era", ERAS)
def test_an_era_imports_the_same_as_a_zip_and_as_a_folder(
        tmp_path: Path, generated: Export, era: str, quirked: bool) -> None:
    quirks = ERA_QUIRKS[era] if quirked else frozenset()
    zipped = write_export(generated, tmp_path / "zip", era, quirks=quirks)
    folder = write_export(generated, tmp_path / "folder", era, quirks=quirks, as_zip=False)
    from_zip = service.import_path(zipped, tmp_path / "zip.sqlite3")
    from_folder = service.import_path(folder, tmp_path / "folder.sqlite3")

    assert _summary(from_zip) == _summary(from_folder)
    assert _content(tmp_path / "zip.sqlite3") == _content(tmp_path / "folder.sqlite3")
    [owner] = from_zip.owners
    assert owner.name == generated.profile.name and owner.remarks == []
    assert from_zip.new_items == len(generated.invitations) + len(generated.messages)
    assert owner.counts.new["connections"] == len(generated.connections)
