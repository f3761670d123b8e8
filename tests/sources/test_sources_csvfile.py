"""Byte-level CSV quirks of real exports: encodings, dialects, headers, broken files."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest

from seedbed.errors import InputError
from seedbed.model import Export, FileReport
from seedbed.sources.csvfile import MAX_FIELD_CHARS
from seedbed.sources.linkedin import read_export

ExportMaker = Callable[..., Path]


def _report(export: Export, name: str) -> FileReport:
    return next(f for f in export.files if f.name == name)


def test_utf16le_bom_tab_separated_fully_quoted_file_is_read(make_export: ExportMaker) -> None:
    text = (
        '"Date"\t"Share Title"\t"Share Description"\t"Share Link"\t"Share Commentary"\t'
        '"Shared URL"\t"Media URL"\t"Type"\t"Visibility"\r\n'
        '"2018-03-04 10:11:12"\t""\t""\t"https://www.linkedin.com/feed/update/urn:li:share:1"'
        '\t"Første innlegg, med komma"\t""\t""\t"SHARE"\t"MEMBER_NETWORK"\r\n'
    )
    data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    export = read_export(make_export({"Shares.csv": data}))
    assert [p.text for p in export.posts] == ["Første innlegg, med komma"]
    assert export.posts[0].posted_at is not None and export.posts[0].posted_at.year == 2018


def test_utf8_bom_is_not_part_of_the_first_header(make_export: ExportMaker) -> None:
    export = read_export(make_export({"Skills.csv": codecs.BOM_UTF8 + b"Name\nXPS\n"}))
    assert export.profile.skills == ("XPS",)


def test_cp1252_bytes_are_read_with_a_note(make_export: ExportMaker) -> None:
    data = "Name\nCaf\u00e9 management\nP\u00e5 norsk\n".encode("cp1252")
    export = read_export(make_export({"Skills.csv": data}))
    assert export.profile.skills == ("Café management", "På norsk")
    assert "cp1252" in _report(export, "Skills.csv").note


def test_comments_backslash_escaped_quotes_give_three_columns(make_export: ExportMaker) -> None:
    data = (
        b"Date,Link,Message\r\n"
        b'2024-05-01 10:00:00,https://www.linkedin.com/feed/update/urn:li:activity:1,'
        b'"She said \\"ship it\\", and we did.\r\nSecond line."\r\n'
        b"2024-05-02 11:00:00,https://www.linkedin.com/feed/update/urn:li:activity:2,"
        b'"Plain ""double"" quotes too"\r\n'
    )
    export = read_export(make_export({"Comments.csv": data}))
    texts = [p.text for p in export.posts]
    assert texts == ['She said "ship it", and we did.\nSecond line.', 'Plain "double" quotes too']
    assert all(p.is_comment for p in export.posts)


def test_connections_preamble_is_skipped(make_export: ExportMaker) -> None:
    data = (
        b"Notes:\n"
        b'"When exporting your connection data, you may notice that some of the email '
        b'addresses are missing."\n'
        b"\n"
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Julia,Weber,https://www.linkedin.com/in/julia-weber,,EuroCell,Specialist,10 Jun 2026"
    )
    export = read_export(make_export({"Connections.csv": data}))
    assert [c.name for c in export.connections] == ["Julia Weber"]


def test_header_is_matched_case_and_space_insensitively_in_any_order(
    make_export: ExportMaker,
) -> None:
    data = b"skill_NAME,endorser last name,ENDORSEMENT DATE,Endorser First Name\nXPS,Berg,,Eirik\n"
    export = read_export(make_export({"Endorsement_Received_Info.csv": data}))
    assert [(e.skill, e.person.name) for e in export.endorsements] == [("XPS", "Eirik Berg")]


def test_unknown_columns_are_ignored_and_listed(make_export: ExportMaker) -> None:
    export = read_export(make_export({"Skills.csv": b"Name,Sparkle Level\nXPS,11\n"}))
    assert export.profile.skills == ("XPS",)
    assert "Sparkle Level" in _report(export, "Skills.csv").note


def test_missing_columns_are_reported_and_the_rest_is_read(make_export: ExportMaker) -> None:
    data = b"Company Name,Title\nHalden Energy,Scientist\n"
    export = read_export(make_export({"Positions.csv": data}))
    assert [(p.company, p.title) for p in export.profile.positions] == [
        ("Halden Energy", "Scientist")]
    note = _report(export, "Positions.csv").note
    assert "Started On" in note and "Description" in note


def test_file_without_its_key_columns_is_skipped_not_an_error(make_export: ExportMaker) -> None:
    export = read_export(make_export({"Connections.csv": b"Colour,Shape\nred,round\n"}))
    report = _report(export, "Connections.csv")
    assert export.connections == []
    assert not report.used
    assert report.skipped and "Connected On" in report.skipped[0]


def test_ragged_rows_do_not_crash(make_export: ExportMaker) -> None:
    data = b"Name\nXPS,extra,cells\nThin films\n"
    export = read_export(make_export({"Skills.csv": data}))
    assert export.profile.skills == ("XPS", "Thin films")


def test_unused_search_queries_with_extra_columns_never_crash(make_export: ExportMaker) -> None:
    data = b"Time,Search Query\n2025/01/02 03:04:05 UTC,aaa, bbb, ccc\n"
    export = read_export(make_export({"SearchQueries.csv": data}))
    report = _report(export, "SearchQueries.csv")
    assert (report.used, report.note) == (False, "not used")


def test_unterminated_quote_at_end_of_file_names_file_and_line(make_export: ExportMaker) -> None:
    data = b'Name\nXPS\n"Thin films\nand more'
    with pytest.raises(InputError, match=r"Skills\.csv, line 3: .*unterminated"):
        read_export(make_export({"Skills.csv": data}))


def test_field_over_the_limit_names_file_line_and_column(make_export: ExportMaker) -> None:
    body = b"x" * (MAX_FIELD_CHARS + 10)
    data = (b"CONVERSATION ID,FROM,DATE,CONTENT\n"
            b"2-a,Olga,2026-01-01 10:00:00 UTC,short\n"
            b'2-b,Olga,2026-01-01 10:00:00 UTC,"' + body + b'"\n')
    with pytest.raises(InputError, match=r"messages\.csv, line 3: column 4 \(CONTENT\)"):
        read_export(make_export({"messages.csv": data}, as_zip=False))


def test_header_only_export_is_valid_and_empty(make_export: ExportMaker) -> None:
    files = {
        "Connections.csv": b"First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        "messages.csv": b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                        b"RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n",
    }
    export = read_export(make_export(files, profile=False))
    assert (export.connections, export.messages, export.profile.name) == ([], [], "")
    assert all(f.used and f.rows == 0 for f in export.files)


def test_comments_written_without_quotes_are_rebuilt(make_export: ExportMaker) -> None:
    link = "https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7"
    data = ("Date,Link,Message\n"
            f"2025-04-03 09:00:00,{link},Great point, and thanks for sharing, Sam\n"
            f'2025-04-04 09:00:00,{link},"Quoted, as usual"\n'
            f"2025-04-05 09:00:00,{link},Short one\n"
            f'2025-04-06 09:00:00,{link},He said \\"ship it\\", so we did\n'
            f"2025-04-07 09:00:00,{link},Trailing padding,,\n").encode()
    export = read_export(make_export({"Comments.csv": data}))
    assert [p.text for p in export.posts] == [
        "Great point, and thanks for sharing, Sam", "Quoted, as usual", "Short one",
        'He said "ship it", so we did', "Trailing padding"]
    report = next(f for f in export.files if f.name == "Comments.csv")
    assert report.rows == 5 and report.skipped_rows == 0
    assert "2 rows had commas outside quotes in Message: rebuilt" in report.note
    assert "did not have" not in report.note


def test_a_free_text_column_that_is_not_last_is_not_rebuilt(make_export: ExportMaker) -> None:
    # Shares: ShareCommentary is followed by URLs; an extra cell cannot be placed for sure.
    data = (b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
            b"2025-04-03 09:00:00,https://x.example/1,Hello,,,MEMBER_NETWORK,extra\n")
    export = read_export(make_export({"Shares.csv": data}))
    assert [p.text for p in export.posts] == ["Hello"]
    report = next(f for f in export.files if f.name == "Shares.csv")
    assert "1 rows did not have 6 cells" in report.note


def test_a_one_column_profile_summary_keeps_its_commas(make_export: ExportMaker) -> None:
    data = b"Profile Summary\nI build labs, teams, and thin films\n"
    export = read_export(make_export({"Profile Summary.csv": data}, profile=False))
    assert export.profile.summary == "I build labs, teams, and thin films"
