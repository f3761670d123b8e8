"""What LinkedIn itself writes into an export, from the generator's fixtures of real classes:
its own lines in threads (system rows), its ads (Sponsored InMail), HTML references in plain
text, and comments it left unquoted."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.exportgen import (
    ERAS,
    SPONSORED_ADS,
    SYSTEM_LINES,
    export_files,
    generate_export,
    write_export,
)

from seedbed.model import Export, Post
from seedbed.sources import read_export


@pytest.fixture(scope="module")
def generated() -> Export:
    return generate_export(80, 20, 30, seed=11)


def _read(generated: Export, tmp_path: Path, era: str, *quirks: str) -> Export:
    return read_export(write_export(generated, tmp_path, era, quirks=frozenset(quirks)))


@pytest.mark.parametrize("era", ERAS)
def test_system_rows_are_marked_and_stay_in_their_threads(
        generated: Export, tmp_path: Path, era: str) -> None:
    export = _read(generated, tmp_path, era, "system_rows")
    system = [m for m in export.messages if m.system]
    assert len(system) == len(SYSTEM_LINES)
    assert all(m.sender.name == "" and m.sender.profile_url is None for m in system)
    threads = {m.conversation_id for m in export.messages if not m.system}
    assert {m.conversation_id for m in system} <= threads
    # Nothing else changed: every message of the people is read as before.
    plain = _read(generated, tmp_path / "plain", era)
    assert sorted(m.text for m in export.messages if not m.system) == sorted(
        m.text for m in plain.messages)
    assert not any(m.system for m in plain.messages)


@pytest.mark.parametrize("era", ["2022", "2024", "2026"])
def test_sponsored_inmail_is_marked_as_an_ad(generated: Export, tmp_path: Path,
                                             era: str) -> None:
    export = _read(generated, tmp_path, era, "sponsored")
    ads = sorted((m.sender.name, m.sender.profile_url) for m in export.messages if m.sponsored)
    assert ads == sorted((sender, None) for _title, sender, *_rest in SPONSORED_ADS)
    assert sum(m.sponsored for m in _read(generated, tmp_path / "plain", era).messages) == 0


def test_a_2018_ad_is_known_by_its_unfilled_placeholder(generated: Export,
                                                        tmp_path: Path) -> None:
    # Messages.csv of 2018 has no conversation title: "Sponsored Conversation" is not there.
    export = _read(generated, tmp_path, "2018", "sponsored")
    assert [m.sender.name for m in export.messages if m.sponsored] == ["Northwind Talent"]


@pytest.mark.parametrize("era", ERAS)
def test_html_references_in_plain_bodies_and_notes_are_decoded(
        generated: Export, tmp_path: Path, era: str) -> None:
    files = dict(export_files(generated, era, quirks=frozenset({"entities"})))
    raw = files["Messages.csv" if era == "2018" else "messages.csv"]
    assert b"&mdash;" in raw and b"&eacute;" in raw
    with_references = _read(generated, tmp_path, era, "entities")
    plain = _read(generated, tmp_path / "plain", era)
    assert [m.text for m in with_references.messages] == [m.text for m in plain.messages]
    assert [i.text for i in with_references.invitations] == [i.text for i in plain.invitations]
    # HTML InMail is decoded by its parser, once: "Data &amp; analytics" is "Data & analytics".
    html = [m for m in with_references.messages if m.html is not None]
    assert html and all("&amp;" not in m.text for m in html)
    assert all("&amp;" in m.html for m in html if m.html is not None)


@pytest.mark.parametrize("era", ["2022", "2024", "2026"])
def test_comments_written_without_quotes_are_all_kept(generated: Export, tmp_path: Path,
                                                      era: str) -> None:
    comments = [Post("Great point, and thanks for sharing, Sam", generated.posts[0].posted_at,
                     is_comment=True),
                Post("Agreed, mostly", generated.posts[0].posted_at, is_comment=True)]
    export = Export(generated.profile, posts=[*generated.posts, *comments],
                    messages=generated.messages[:5])
    name = next(n for n, _ in export_files(export, era, quirks=frozenset({"unquoted_comments"}))
                if n.startswith("Comments"))
    raw = dict(export_files(export, era, quirks=frozenset({"unquoted_comments"})))[name]
    assert b",Great point, and thanks for sharing, Sam" in raw  # no quotes
    read = read_export(write_export(export, tmp_path, era,
                                    quirks=frozenset({"unquoted_comments"})))
    assert sorted(p.text for p in read.posts if p.is_comment) == sorted(
        p.text for p in export.posts if p.is_comment)
    report = next(f for f in read.files if f.name == name)
    assert report.skipped_rows == 0 and "2 rows had commas outside quotes" in report.note
