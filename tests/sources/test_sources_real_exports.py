"""Classes of real exports that misled the importer, each written by the export generator.

A profile URL without a slug, Connections.csv without URLs, an export that names its owner
nowhere, a partial folder, a folder holding a partial copy beside a whole export, and a zip
that holds no export at all.
"""

from __future__ import annotations

import sqlite3
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.exportgen import BARE_IN_URL, generate_export, write_export
from typer.testing import CliRunner

from seedbed import service
from seedbed.cli import app
from seedbed.errors import NotAnExportError
from seedbed.model import Connection, Direction, Export, canonical_profile_url
from seedbed.sources.linkedin import read_export

runner = CliRunner()
ExportMaker = Callable[..., Path]


@pytest.fixture(scope="module")
def generated() -> Export:
    return generate_export(240, 80, 150, seed=11)


def _rows(store: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(store) as db:
        return db.execute(sql).fetchall()


# -- 1. a profile URL without a slug identifies nobody ------------------------------------------


@pytest.mark.parametrize("raw", [
    "https://www.linkedin.com/in", "https://www.linkedin.com/in/", "http://www.linkedin.com/in",
    "https://www.linkedin.com/in/?trk=people-guest", "https://www.linkedin.com/in?x=1#top",
    "www.linkedin.com/in", "linkedin.com/in/", "https://de.linkedin.com/in",
    "HTTPS://UK.LINKEDIN.COM/IN/", "https://www.linkedin.com/pub/", "https://www.linkedin.com",
    "https://www.linkedin.com/", " https://www.linkedin.com/in/ / ", "https://www.linkedin.com:443/in",
])
def test_a_linkedin_url_without_a_slug_is_no_profile_url(raw: str) -> None:
    assert canonical_profile_url(raw) is None


def test_urls_with_a_slug_or_off_linkedin_are_kept() -> None:
    assert canonical_profile_url("https://de.linkedin.com/in/ab/") == "https://www.linkedin.com/in/ab"
    assert canonical_profile_url("https://example.com/in") == "https://example.com/in"
    assert canonical_profile_url("https://www.linkedin.com/company/acme/") == (
        "https://www.linkedin.com/company/acme")


@pytest.mark.parametrize("era", ["2024", "2026"])
def test_bare_in_urls_in_invitations_leave_owner_directions_and_invitations_right(
        tmp_path: Path, generated: Export, era: str) -> None:
    path = write_export(generated, tmp_path, era, quirks=frozenset({"bare_in_url"}))
    with zipfile.ZipFile(path) as archive:
        assert BARE_IN_URL in archive.read("Invitations.csv").decode()
    export = read_export(path)
    # The owner's URL comes from the messages they sent, not from the bare URL.
    assert export.profile.profile_url == generated.profile.profile_url
    assert Counter(m.direction for m in export.messages) == Counter(
        m.direction for m in generated.messages)
    assert {i.sender.profile_url for i in export.invitations} == {None}
    assert {i.recipient.profile_url for i in export.invitations} == {None}

    store = tmp_path / "store.sqlite3"
    summary = service.import_path(path, store)
    counts = summary.owners[0].counts.total
    assert counts["invitations out"] == sum(
        i.direction is Direction.OUTGOING for i in generated.invitations)
    # Every invitation is stored: none collapses into another through one shared "identity".
    assert _rows(store, "SELECT count(*) FROM item WHERE kind = 'invitation'") == [
        (len(generated.invitations),)]
    [(owner_key,)] = _rows(store, "SELECT key FROM owner")
    inviters = _rows(store, "SELECT DISTINCT sender_key FROM item WHERE kind = 'invitation'"
                            " AND direction = 'incoming'")
    assert owner_key == generated.profile.profile_url
    assert all(key != owner_key and key.startswith("name:") for (key,) in inviters)


def test_a_bare_url_never_becomes_the_owner_even_when_every_row_has_it(
        make_export: ExportMaker) -> None:
    data = ("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
            f'Ingrid Halvorsen,Olga P,"1/2/26, 9:00 AM",,OUTGOING,{BARE_IN_URL},{BARE_IN_URL}/\n'
            f'Tom W,Ingrid Halvorsen,"1/3/26, 9:00 AM",,INCOMING,{BARE_IN_URL}/,{BARE_IN_URL}\n'
            ).encode()
    export = read_export(make_export({"Invitations.csv": data}))
    assert export.profile.profile_url is None
    assert [i.direction for i in export.invitations] == [Direction.OUTGOING, Direction.INCOMING]


def test_a_stranger_is_not_taken_for_someone_the_owner_invited(
        tmp_path: Path, make_export: ExportMaker) -> None:
    from seedbed.store import open_engine, queries

    data = ("From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
            f'Ingrid Halvorsen,Olga P,"1/2/26, 9:00 AM",,OUTGOING,{BARE_IN_URL},{BARE_IN_URL}\n'
            f'Tom W,Ingrid Halvorsen,"1/3/26, 9:00 AM",Hi,INCOMING,{BARE_IN_URL},{BARE_IN_URL}\n'
            f'Olga P,Ingrid Halvorsen,"1/4/26, 9:00 AM",Hi,INCOMING,{BARE_IN_URL},{BARE_IN_URL}\n'
            ).encode()
    store = tmp_path / "store.sqlite3"
    service.import_path(make_export({"Invitations.csv": data}), store)
    engine = open_engine(store)
    try:
        with engine.connect() as conn:
            [owner] = queries.owners(conn)
            invited = {item.sender.name: case.facts.owner_invited
                       for item, case in queries.inbound_cases(conn, owner)}
    finally:
        engine.dispose()
    assert invited == {"Tom W": False, "Olga P": True}


# -- 2. Connections.csv without a URL column ----------------------------------------------------


def test_connections_without_urls_keep_every_row_and_say_people_are_matched_by_name(
        tmp_path: Path, generated: Export) -> None:
    twins = [Connection("Sam", "Lee", company="Acme",
                        connected_on=generated.connections[0].connected_on),
             Connection("Sam", "Lee", company="Blue Labs",
                        connected_on=generated.connections[0].connected_on),
             Connection("Sam", "Lee", company="Iron Works",
                        connected_on=generated.connections[1].connected_on)]
    export = Export(generated.profile, connections=[*generated.connections, *twins],
                    messages=generated.messages)
    path = write_export(export, tmp_path, "2026", quirks=frozenset({"connections_without_url"}))
    store = tmp_path / "store.sqlite3"
    summary = service.import_path(path, store)
    owner = summary.owners[0]
    stored = _rows(store, "SELECT count(*) FROM connection")[0][0]
    assert stored == len(export.connections) == owner.counts.total["connections"]
    assert owner.counts.new["connections"] == stored
    report = next(f for f in owner.files if f.name == "Connections.csv")
    assert report.note.startswith("no URL column: people are matched by name; ")
    assert _rows(store, "SELECT company FROM connection WHERE first_name = 'Sam'"
                        " AND last_name = 'Lee' ORDER BY company") == [
        ("Acme",), ("Blue Labs",), ("Iron Works",)]
    again = service.import_path(path, store)
    assert again.owners[0].counts.new["connections"] == 0


def test_a_name_that_occurs_once_keeps_its_key_so_reimports_add_nothing(tmp_path: Path) -> None:
    header = "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Connections.csv").write_text(header + "Mark,Lenmar,,Parker,Director,17 Nov 2021\n")
    store = tmp_path / "store.sqlite3"
    service.import_path(folder, store)
    (folder / "Connections.csv").write_text(
        header + "Mark,Lenmar,,Parker,Director,17 Nov 2021\nMark,Lenmar,,Volta,CTO,02 Feb 2025\n")
    summary = service.import_path(folder, store)
    assert summary.owners[0].counts.new["connections"] == 2  # the name is now shared
    assert _rows(store, "SELECT count(*) FROM connection") == [(3,)]


# -- 3. no Profile.csv and no name anywhere ----------------------------------------------------


def test_exports_that_name_no_owner_stay_two_owners(tmp_path: Path) -> None:
    # No Profile.csv, and no messages or invitations that could name the owner.
    options = {"quirks": frozenset({"no_profile"})}
    first = write_export(generate_export(0, 0, 40, seed=1), tmp_path / "a", "2024", **options)
    second = write_export(generate_export(0, 0, 40, seed=2), tmp_path / "b", "2024", **options)
    store = tmp_path / "store.sqlite3"
    summary = service.import_path(first, store)
    assert summary.owners[0].name == "" and summary.owners[0].profile_url is None
    assert any(r.startswith("owner unknown: no Profile.csv and no name found")
               for r in summary.owners[0].remarks)
    service.import_path(second, store)
    keys = [key for (key,) in _rows(store, "SELECT key FROM owner ORDER BY id")]
    assert len(keys) == 2 and all(key.startswith("export:") for key in keys)
    # The same export again, unpacked this time, is the same owner and adds nothing.
    folder = write_export(generate_export(0, 0, 40, seed=1), tmp_path / "c", "2024",
                          as_zip=False, **options)
    again = service.import_path(folder, store)
    assert again.owners[0].counts.new["connections"] == 0
    assert _rows(store, "SELECT count(*) FROM owner") == [(2,)]


def test_cli_names_an_unknown_owner_in_words(tmp_path: Path) -> None:
    path = write_export(generate_export(0, 0, 10, seed=1), tmp_path, "2026",
                        quirks=frozenset({"no_profile"}))
    result = runner.invoke(app, ["import", str(path), "--db", str(tmp_path / "s.sqlite3")])
    assert result.exit_code == 0, result.stderr
    assert "owner unknown" in result.stdout
    assert "note: owner unknown: no Profile.csv and no name found" in " ".join(
        result.stdout.split())


# -- 4. files every export has, missing ----------------------------------------------------------


def test_a_partial_folder_says_which_files_every_export_has_are_missing(
        tmp_path: Path, generated: Export) -> None:
    folder = write_export(generated, tmp_path, "2026", as_zip=False,
                          missing=("Connections.csv", "messages.csv"))
    remarks = read_export(folder).remarks
    assert remarks == [
        "Connections.csv is missing (every LinkedIn export has one): nobody counts as your"
        " connection, so verdicts may change once the whole export is imported",
        "messages.csv is missing (every LinkedIn export has one): no message was imported"]
    result = runner.invoke(app, ["import", str(folder), "--db", str(tmp_path / "s.sqlite3")])
    assert "note: Connections.csv is missing" in " ".join(result.stdout.split())


def test_a_whole_export_has_no_remarks(tmp_path: Path, generated: Export) -> None:
    assert read_export(write_export(generated, tmp_path, "2022")).remarks == []


def test_an_unreadable_connections_file_is_said_to_be_unread(make_export: ExportMaker) -> None:
    files = {"Connections.csv": b"Vorname,Nachname,Verbunden am\nOlga,P,01 Jan 2025\n",
             "messages.csv": b"FROM,DATE,CONTENT\n"}
    remarks = read_export(make_export(files)).remarks
    assert remarks == ["Connections.csv could not be read: nobody counts as your connection,"
                       " so verdicts may change once the whole export is imported"]


def test_2018_legacy_messages_file_counts_as_the_messages_file(
        tmp_path: Path, generated: Export) -> None:
    assert read_export(write_export(generated, tmp_path, "2018")).remarks == []


# -- 10. a partial copy beside a whole export ------------------------------------------------


@pytest.mark.parametrize("as_zip", [True, False], ids=["zip", "folder"])
def test_a_partial_copy_beside_a_nested_export_is_not_merged_into_it(
        tmp_path: Path, generated: Export, as_zip: bool) -> None:
    whole = read_export(write_export(generated, tmp_path / "whole", "2026"))
    path = write_export(generated, tmp_path / "nested", "2026", as_zip=as_zip, nested=True)
    export = read_export(path)
    assert len(export.connections) == len(whole.connections)
    assert sorted(m.sent_at for m in export.messages) == sorted(m.sent_at for m in whole.messages)
    [remark] = export.remarks
    nested = (path.stem if as_zip else path.name) + "/"
    assert remark.startswith(f"this {'zip' if as_zip else 'folder'} holds 2 copies of a LinkedIn"
                             f" export; the most complete was read: {nested} (")
    assert remark.endswith("; not read: the files at its top level (2 files)")
    top = {f.name: f for f in export.files if "/" not in f.name}
    assert set(top) == {"Connections.csv", "messages.csv"}
    assert all(not f.used and f.note.startswith("in another copy of the export;")
               for f in top.values())


def test_files_of_one_export_in_two_folders_that_share_no_file_are_all_read(
        make_export: ExportMaker) -> None:
    files = {"Skills.csv": b"Name\nXPS\n",
             "more/Connections.csv": b"First Name,Last Name,Connected On\nOlga,P,01 Jan 2025\n"}
    export = read_export(make_export(files))
    assert export.profile.skills == ("XPS",) and len(export.connections) == 1
    assert not any("copies" in r for r in export.remarks)


def test_a_zip_inside_the_folder_is_named_as_not_opened(make_export: ExportMaker) -> None:
    export = read_export(make_export({"Basic_LinkedInDataExport_01-02-2026.zip": b"PK",
                                      "Connections.csv": b"First Name,Last Name,Connected On\n"},
                                     as_zip=False))
    assert ("Basic_LinkedInDataExport_01-02-2026.zip inside was not opened: import a zip by"
            " itself") in export.remarks


# -- a zip that is not an export -----------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(("members", "detail"), [
    ({"photo.jpg": b"\xff\xd8", "readme.md": b"hi"},
     ": expected Profile.csv, Connections.csv, messages.csv, Invitations.csv or another file"
     " of a LinkedIn data export"),
    ({"comments.csv": b"id,post,author,body\n1,2,x,hello\n"},
     ": comments.csv does not have the columns of LinkedIn's file of that name"),
    ({"contacts.csv": b"Name,Given Name,E-mail 1 - Value\nAna,Ana,a@x\n"},
     " that seedbed reads (it holds only contacts.csv)"),
])
def test_a_zip_without_linkedin_files_is_refused_and_nothing_is_written(
        tmp_path: Path, members: dict[str, bytes], detail: str) -> None:
    path = _zip(tmp_path / "takeout.zip", members)
    store = tmp_path / "new" / "store.sqlite3"
    result = runner.invoke(app, ["import", str(path), "--db", str(store)])
    assert result.exit_code == 1
    assert result.stderr == f"error: no LinkedIn export files found in {path}{detail}\n"
    assert not store.exists() and not store.parent.exists()


def test_a_refused_zip_leaves_an_existing_store_byte_identical(
        tmp_path: Path, generated: Export) -> None:
    store = tmp_path / "store.sqlite3"
    service.import_path(write_export(generated, tmp_path, "2024"), store)
    before = store.read_bytes()
    with pytest.raises(NotAnExportError, match=r"^no LinkedIn export files found in .*x\.zip"):
        service.import_path(_zip(tmp_path / "x.zip", {"comments.csv": b"a,b\n1,2\n"}), store)
    assert store.read_bytes() == before
