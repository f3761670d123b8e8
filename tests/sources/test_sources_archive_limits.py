"""Limits on the whole export: zip bombs and their variants are refused before they are read.

Every bomb here is built at the real default limits (none is lowered), in milliseconds, by
tests/zipbombs.py; an honest export of real size must still import.
"""

from __future__ import annotations

import os
import re
import tempfile
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import write_export
from tests.exportgen import generate_export
from tests.exportgen import write_export as write_generated_export
from tests.zipbombs import (
    MESSAGE_ROW,
    MESSAGES_HEADER,
    PROFILE_CSV,
    Entry,
    lying_member_bomb,
    member,
    parts_bomb,
    small_members_bomb,
    stored,
    write_zip,
)
from typer.testing import CliRunner

from seedbed.cli import app
from seedbed.errors import SeedbedError, UnsafeArchiveError
from seedbed.sources import archive as archive_module
from seedbed.sources.archive import open_archive
from seedbed.sources.linkedin import read_export

MiB = 1024**2


def _refusal(path: Path) -> str:
    with pytest.raises(UnsafeArchiveError) as caught:
        read_export(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_reported_bomb_of_2048_one_mib_parts_is_refused_by_its_total(tmp_path: Path) -> None:
    message = _refusal(parts_bomb(tmp_path / "bomb.zip"))
    assert message.endswith("bomb.zip: the zip unpacks to 2.0 GiB, more than the 1.0 GiB an"
                            " export can hold (a zip bomb?)")


def test_the_bomb_cut_under_the_total_is_refused_by_the_whole_archive_ratio(
        tmp_path: Path) -> None:
    message = _refusal(parts_bomb(tmp_path / "bomb.zip", parts=900))
    assert "bomb.zip: the zip unpacks to 900 MiB from " in message
    assert "more than the 50 to 1 an export compresses" in message


def test_many_small_members_are_refused_by_the_whole_archive_ratio(tmp_path: Path) -> None:
    message = _refusal(small_members_bomb(tmp_path / "small.zip"))
    assert "small.zip: the zip unpacks to 781 MiB" in message
    assert "to 1 an export compresses" in message


def test_a_file_in_too_many_parts_is_refused_before_reading(tmp_path: Path) -> None:
    part = MESSAGES_HEADER + MESSAGE_ROW
    entries = [stored("Profile.csv", PROFILE_CSV)]
    entries += [member(f"messages_{n}.csv", part) for n in range(1, 101)]
    message = _refusal(write_zip(tmp_path / "parts.zip", entries))
    assert message.endswith("parts.zip: messages.csv comes in 100 parts, more than the 64 an"
                            " export splits a file into (a zip bomb?)")


def test_sixty_four_parts_of_one_file_are_read(tmp_path: Path) -> None:
    rows = [MESSAGES_HEADER + MESSAGE_ROW.replace(b'"c-1"', f'"c-{n}"'.encode())
            for n in range(1, 65)]
    entries = [stored("Profile.csv", PROFILE_CSV)]
    entries += [member(f"messages_{n}.csv", row) for n, row in enumerate(rows, 1)]
    export = read_export(write_zip(tmp_path / "parts.zip", entries))
    assert len(export.messages) == 64


def test_one_file_larger_than_any_linkedin_file_is_refused_before_reading(
        tmp_path: Path) -> None:
    # Declared only: the check must refuse on the sizes alone, so the data is never inflated.
    entries = [stored("Profile.csv", PROFILE_CSV),
               Entry("messages.csv", b"\x00" * (14 * MiB), 600 * MiB, 0)]
    message = _refusal(write_zip(tmp_path / "big.zip", entries))
    assert message.endswith("big.zip: messages.csv is 600 MiB, larger than the 512 MiB any"
                            " LinkedIn file reaches")


def test_parts_that_join_into_too_large_a_file_are_refused(tmp_path: Path) -> None:
    entries = [stored("Profile.csv", PROFILE_CSV)]
    entries += [Entry(f"Jobs/Connections_{n}.csv", b"\x00" * (2 * MiB), 80 * MiB, 0)
                for n in range(1, 9)]
    message = _refusal(write_zip(tmp_path / "big.zip", entries))
    assert "big.zip: Jobs/Connections.csv is 640 MiB in 8 parts" in message


@pytest.mark.parametrize("name", ["Articles/Articles/a.html", "messages.csv"])
def test_a_member_inflating_past_its_declared_size_is_stopped_while_streaming(
        tmp_path: Path, name: str) -> None:
    path = lying_member_bomb(tmp_path / "liar.zip", name, mib=256)
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeArchiveError, match=rf"liar\.zip/{name}: the zip is corrupted"):
            read_export(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * MiB  # the member inflates to 256 MiB; it was never held


def test_a_folder_file_that_grows_after_listing_is_read_no_further(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "Profile.csv").write_bytes(PROFILE_CSV)
    with open_archive(folder) as archive:
        profile = next(m for m in archive.members if m.name == "Profile.csv")
        with (folder / "Profile.csv").open("ab") as grow:
            grow.write(b"x" * 200_000)
        with pytest.raises(UnsafeArchiveError,
                           match=rf"Profile\.csv: holds more than the {len(PROFILE_CSV)} bytes"):
            archive.read(profile)


def test_reading_stops_at_the_total_even_past_the_plan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The plan check keeps the reader under the total; the stream enforces it on its own.
    monkeypatch.setattr(archive_module, "MAX_TOTAL_UNCOMPRESSED", 100_000)
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_bytes(b"x" * 60_000)
    with open_archive(tmp_path) as archive:
        first, second = archive.members
        archive.read(first)
        archive.read(first)  # the same bytes again do not count twice
        with pytest.raises(UnsafeArchiveError, match="reading it took more than the 98 KiB"):
            archive.read(second)


@pytest.mark.parametrize(("method", "shown"), [(zipfile.ZIP_BZIP2, "bzip2"),
                                               (zipfile.ZIP_LZMA, "LZMA"), (9, "deflate64")])
def test_members_compressed_other_than_deflate_are_refused_before_reading(
        tmp_path: Path, method: int, shown: str) -> None:
    entries = [stored("Profile.csv", PROFILE_CSV),
               Entry("messages.csv", b"\x00" * 1000, 1024, 0, method=method)]
    message = _refusal(write_zip(tmp_path / "odd.zip", entries))
    assert f"odd.zip/messages.csv: this zip member is compressed with {shown};" in message


def test_a_real_bzip2_zip_is_refused_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "rezipped.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("Profile.csv", PROFILE_CSV)
    assert "re-zip it, or import the unpacked folder" in _refusal(path)


def test_a_member_needing_a_newer_zip_version_is_named(tmp_path: Path) -> None:
    entries = [stored("Profile.csv", PROFILE_CSV),
               Entry("messages.csv", b"x", 1, 0, method=zipfile.ZIP_STORED, version=64)]
    message = _refusal(write_zip(tmp_path / "new.zip", entries))
    assert message.endswith("new.zip/messages.csv: this zip member needs zip version 6.4 to"
                            " unpack, newer than the 6.3 seedbed reads (re-zip it, or import"
                            " the unpacked folder)")


def test_an_encrypted_member_is_refused_before_reading(tmp_path: Path) -> None:
    entries = [stored("Profile.csv", PROFILE_CSV),
               Entry("messages.csv", b"\x00" * 40, 28, 0, flags=0x1)]
    message = _refusal(write_zip(tmp_path / "locked.zip", entries))
    assert "locked.zip/messages.csv: this zip member is encrypted" in message


def test_entries_that_share_their_data_are_refused(tmp_path: Path) -> None:
    first = member("Articles/Articles/a.html", b"<p>hello</p>")
    second = Entry("Articles/Articles/b.html", first.data, first.size, first.crc,
                   share_previous=True)
    entries = [stored("Profile.csv", PROFILE_CSV), first, second]
    message = _refusal(write_zip(tmp_path / "shared.zip", entries))
    assert message.endswith("shared.zip: the zip entries Articles/Articles/a.html and"
                            " Articles/Articles/b.html overlap (a zip bomb?)")


def test_many_entries_sharing_one_kernel_are_measured_against_the_zip_size(
        tmp_path: Path) -> None:
    # Each entry declares an honest 2x ratio; only the zip's own size shows the bomb.
    kernel = member("Articles/Articles/a0.html", os.urandom(5_000).hex().encode())
    entries = [stored("Profile.csv", PROFILE_CSV), kernel]
    entries += [Entry(f"Articles/Articles/a{n}.html", kernel.data, kernel.size, kernel.crc,
                      share_previous=True) for n in range(1, 2_000)]
    message = _refusal(write_zip(tmp_path / "kernel.zip", entries))
    assert "kernel.zip: the zip unpacks to 19 MiB from " in message


def test_a_zip_naming_one_member_twice_is_refused(tmp_path: Path) -> None:
    entries = [stored("Profile.csv", PROFILE_CSV), member("messages.csv", MESSAGES_HEADER),
               member("messages.csv", MESSAGES_HEADER + MESSAGE_ROW)]
    message = _refusal(write_zip(tmp_path / "twice.zip", entries))
    assert message.endswith("twice.zip: the zip holds messages.csv twice")


def test_a_zip_inside_the_export_is_never_opened(tmp_path: Path) -> None:
    inner = parts_bomb(tmp_path / "inner.zip").read_bytes()
    path = write_zip(tmp_path / "outer.zip", [stored("Profile.csv", PROFILE_CSV),
                                              stored("Extras/inner.zip", inner)])
    export = read_export(path)
    report = next(f for f in export.files if f.name == "Extras/inner.zip")
    assert (export.profile.name, report.used, report.note) == ("Ingrid Halvorsen", False,
                                                               "not used")


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    with path.open("wb") as out:
        out.write(head)
        out.truncate(size)


def test_a_huge_file_in_a_folder_is_refused_before_reading(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    _sparse(folder / "messages.csv", 600 * MiB, MESSAGES_HEADER)
    with pytest.raises(UnsafeArchiveError, match=r"export: messages\.csv is 600 MiB, larger"):
        read_export(folder)


def test_files_of_a_folder_adding_up_past_the_total_are_refused(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    for name in ("messages.csv", "Connections.csv", "Invitations.csv"):
        _sparse(folder / name, 400 * MiB, b"a,b\n")
    with pytest.raises(UnsafeArchiveError, match=re.escape(
            "export: the files to read add up to 1.2 GiB, more than the 1.0 GiB an export can"
            " hold")):
        read_export(folder)


def test_a_big_file_seedbed_does_not_read_does_not_count_in_a_folder(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    _sparse(folder / "holiday.mp4", 3 * 1024 * MiB)
    assert read_export(folder).profile.name == "Dana Okafor"


@pytest.mark.parametrize("as_zip", [True, False])
def test_an_honest_export_of_real_size_still_imports(tmp_path: Path, as_zip: bool) -> None:
    generated = generate_export(20_000, 2_000, 6_000, seed=3)
    path = write_generated_export(generated, tmp_path / "out", "2026", as_zip=as_zip)
    export = read_export(path)
    assert (len(export.messages), len(export.invitations), len(export.connections)) == (
        20_000, 2_000, 6_000)


def test_the_cli_refuses_the_bomb_in_one_line_and_leaves_the_store_alone(
        tmp_path: Path, db: Path) -> None:
    runner = CliRunner()
    honest = runner.invoke(app, ["import", str(write_export(tmp_path / "export")),
                                 "--db", str(db)])
    assert honest.exit_code == 0, honest.output
    before = db.read_bytes()
    bomb = parts_bomb(tmp_path / "Basic_LinkedInDataExport_bomb.zip")
    result = runner.invoke(app, ["import", str(bomb), "--db", str(db)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "Basic_LinkedInDataExport_bomb.zip: the zip unpacks to 2.0 GiB" in lines[0]
    assert db.read_bytes() == before


def _honest_zip() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        entries = [member("Profile.csv", PROFILE_CSV),
                   member("messages.csv", MESSAGES_HEADER + MESSAGE_ROW * 3),
                   member("Articles/Articles/a.html", b"<html><p>Notes</p></html>")]
        return write_zip(Path(folder, "x.zip"), entries).read_bytes()


HONEST_ZIP = _honest_zip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, len(HONEST_ZIP) - 1), st.binary(min_size=1,
                                                                               max_size=4)),
                      min_size=1, max_size=6))
def test_a_mutated_zip_gives_an_export_or_a_clean_error(edits: list[tuple[int, bytes]]) -> None:
    data = bytearray(HONEST_ZIP)
    for position, replacement in edits:
        data[position:position + len(replacement)] = replacement
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "mutated.zip")
        path.write_bytes(bytes(data))
        try:
            read_export(path)
        except SeedbedError as exc:
            assert "\n" not in str(exc)
            assert "mutated.zip" in str(exc)


def test_a_zip_whose_offsets_point_before_its_start_is_corrupted(tmp_path: Path) -> None:
    # Found by mutation: zipfile seeks to a negative offset and raises ValueError.
    path = write_zip(tmp_path / "shifted.zip", [stored("Profile.csv", PROFILE_CSV)])
    data = bytearray(path.read_bytes())
    offset_field = len(data) - 6  # the end record's "offset of the central directory"
    shifted = int.from_bytes(data[offset_field:offset_field + 4], "little") + 2**31
    data[offset_field:offset_field + 4] = shifted.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "shifted.zip/Profile.csv: the zip is corrupted" in _refusal(path)


def test_a_member_name_that_is_not_utf8_is_corrupted(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "names.zip", [stored("Profile.csv", PROFILE_CSV)])
    data = path.read_bytes().replace(b"Profile.csv", b"Pro\xffile.csv")
    path.write_bytes(data)
    assert "names.zip: the zip is corrupted or truncated" in _refusal(path)


def test_the_bomb_builder_writes_zips_that_zipfile_reads(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "x.zip", [member("a.csv", b"a,b\n1,2\n"),
                                          stored("b.csv", b"c\n")])
    with zipfile.ZipFile(path) as archive:
        assert (archive.read("a.csv"), archive.read("b.csv")) == (b"a,b\n1,2\n", b"c\n")
