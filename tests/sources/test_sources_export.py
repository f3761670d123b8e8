"""Whole-export behaviour: file-name drift, parts, duplicates, reports and progress."""

from __future__ import annotations

import codecs
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.sources.conftest import PROFILE_CSV

from seedbed.errors import InputError, NotAnExportError
from seedbed.model import Export, FileReport
from seedbed.sources import read_source
from seedbed.sources.linkedin import member_stem, read_export

ExportMaker = Callable[..., Path]

COMMENTS = b"Date,Link,Message\n"
ENDORSED = (b"Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
            b"Endorsement Status\n2021/09/14 12:18:19 UTC,Java,John,Belushi,ACCEPTED\n")


def _report(export: Export, name: str) -> FileReport:
    return next(f for f in export.files if f.name == name)


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Shares_252701747.csv", "shares"), ("Jobs/Saved Jobs_1.csv", "savedjobs"),
     ("Rich Media.csv", "richmedia"), ("Rich_Media.csv", "richmedia"),
     ("Messages.csv", "messages"), ("Export/Jobs/Job Seeker Preferences.csv",
                                    "jobseekerpreferences"), ("Receipts_v2.csv", "receiptsv2")],
)
def test_member_names_normalise_to_one_stem(name: str, stem: str) -> None:
    assert member_stem(name)[0] == stem


def test_member_id_suffixed_file_is_read(make_export: ExportMaker) -> None:
    data = b"Date,ShareLink,ShareCommentary\n2026-01-05 10:00:00,https://x.example/1,Hello\n"
    export = read_export(make_export({"Shares_252701747.csv": data}))
    assert [p.text for p in export.posts] == ["Hello"]


def test_numbered_parts_are_concatenated_in_order(make_export: ExportMaker) -> None:
    files = {"Comments_2.csv": COMMENTS + b"2024-01-02 10:00:00,https://x.example/2,second\n",
             "Comments_1.csv": COMMENTS + b"2024-01-01 10:00:00,https://x.example/1,first\n"}
    export = read_export(make_export(files))
    assert [p.text for p in export.posts] == ["first", "second"]


def test_files_are_found_at_any_folder_depth(make_export: ExportMaker) -> None:
    files = {"LinkedInDataExport/Profile.csv": b"First Name,Last Name,Headline\nAda,L,Eng\n",
             "LinkedInDataExport/Skills.csv": b"Name\nXPS\n"}
    export = read_export(make_export(files, profile=False))
    assert (export.profile.name, export.profile.skills) == ("Ada L", ("XPS",))


def test_windows_separators_in_zip_names_are_understood(make_export: ExportMaker) -> None:
    data = b"Locations,Job Titles,Open To Recruiters\nOslo,Professor,No\n"
    export = read_export(make_export({"Jobs\\Job Seeker Preferences.csv": data}))
    assert export.profile.job_seeker is not None
    assert export.profile.job_seeker.job_titles == ("Professor",)


def test_same_file_under_two_spellings_is_read_once(make_export: ExportMaker) -> None:
    utf16 = codecs.BOM_UTF16_LE + ENDORSED.decode().replace(",", "\t").encode("utf-16-le")
    files = {"Endorsement_Received_Info.csv": ENDORSED, "Endorsement Received Info.csv": utf16}
    export = read_export(make_export(files))
    assert len(export.endorsements) == 1
    duplicate = _report(export, "Endorsement Received Info.csv")
    assert not duplicate.used and "Endorsement_Received_Info.csv" in duplicate.note


def test_every_member_gets_a_report_and_unused_files_say_so(make_export: ExportMaker) -> None:
    files = {"Skills.csv": b"Name\nXPS\n", "Logins.csv": b"Login Date,IP Address\n",
             "Rich Media.csv": b"Type,Link\n"}
    export = read_export(make_export(files))
    assert sorted(f.name for f in export.files) == sorted(
        ["Profile.csv", "Skills.csv", "Logins.csv", "Rich Media.csv"])
    assert [(f.used, f.note) for f in export.files if f.name in ("Logins.csv", "Rich Media.csv")
            ] == [(False, "not used")] * 2
    assert _report(export, "Skills.csv").rows == 1


def test_export_with_only_unused_linkedin_files_is_refused_naming_them(
    make_export: ExportMaker,
) -> None:
    path = make_export({"Logins.csv": b"Login Date,IP Address\n"}, profile=False)
    with pytest.raises(NotAnExportError) as caught:
        read_export(path)
    assert str(caught.value) == (f"no LinkedIn export files found in {path} that seedbed reads"
                                 " (it holds only Logins.csv)")


def test_progress_is_reported_for_every_file(make_export: ExportMaker) -> None:
    files = {"Skills.csv": b"Name\nXPS\n", "Logins.csv": b"Login Date\n"}
    calls: list[tuple[str, int, int]] = []
    read_export(make_export(files), progress=lambda name, done, total: calls.append(
        (name, done, total)))
    assert sorted(name for name, _, _ in calls) == ["Logins.csv", "Profile.csv", "Skills.csv"]
    assert [(done, total) for _, done, total in calls] == [(1, 3), (2, 3), (3, 3)]


def test_folder_and_zip_read_the_same(make_export: ExportMaker) -> None:
    files = {"Skills.csv": b"Name\nXPS\n",
             "Connections.csv": b"First Name,Last Name,Connected On\nOlga,P,01 Jan 2025\n"}
    zipped, folder = read_export(make_export(files)), read_export(make_export(files, as_zip=False))
    assert (zipped.profile, zipped.connections) == (folder.profile, folder.connections)


def test_read_source_reads_an_export_as_one_item_list(make_export: ExportMaker) -> None:
    exports = read_source(make_export({}))
    assert [e.profile.name for e in exports] == ["Ingrid Halvorsen"]


def test_export_source_names_the_path(make_export: ExportMaker) -> None:
    path = make_export({})
    assert read_export(path).source == str(path)


def _not_utf8_folder(tmp_path: Path) -> Path:
    folder = os.path.join(os.fsencode(tmp_path), b"export_\xe9t\xe9")
    os.makedirs(os.path.join(folder, b"sub\xff"))
    files = {b"Profile.csv": PROFILE_CSV, b"\xff.csv": b"x", b"Skills_\xfe.csv": b"Name\nXPS\n",
             b"sub\xff/Skills.csv": b"Name\nXPS\n", b"new\nline.csv": b"x"}
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as stream:
            stream.write(data)
    return Path(os.fsdecode(folder))


def test_file_names_that_are_not_utf8_are_reported_and_stored_escaped(tmp_path: Path) -> None:
    from seedbed import service

    store = tmp_path / "store.sqlite3"
    summary = service.import_path(_not_utf8_folder(tmp_path), store)
    names = sorted(f.name for f in summary.owners[0].files)
    assert names == ["Profile.csv", "Skills_\\xfe.csv", "\\xff.csv", "new\\nline.csv",
                     "sub\\xff/Skills.csv"]
    odd_folder = next(f for f in summary.owners[0].files if f.name == "sub\\xff/Skills.csv")
    assert odd_folder.rows == 1  # still read: only its name is shown escaped
    with sqlite3.connect(store) as db:
        [(source, report)] = db.execute("SELECT source, report_json FROM import_run").fetchall()
    assert source.endswith("export_\\xe9t\\xe9")
    assert "sub\\\\xff/Skills.csv" in report


def test_an_error_in_a_file_whose_name_is_not_utf8_is_printable(tmp_path: Path) -> None:
    folder = _not_utf8_folder(tmp_path)
    with open(os.path.join(os.fsencode(folder), b"sub\xff", b"messages.csv"), "wb") as stream:
        stream.write(b'FROM,DATE,CONTENT\nOlga,2025-06-01 14:03:22 UTC,"never closed\n')
    with pytest.raises(InputError) as caught:
        read_export(folder)
    message = str(caught.value)
    message.encode("utf-8")
    assert "export_\\xe9t\\xe9/sub\\xff/messages.csv, line 2" in message
