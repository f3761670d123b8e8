"""Safety of export access: what is refused, and how the refusal names the file."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from seedbed.errors import NotAnExportError, SeedbedError, UnsafeArchiveError
from seedbed.sources import archive as archive_module
from seedbed.sources.linkedin import read_export

ExportMaker = Callable[..., Path]
PROFILE_CSV = b"First Name,Last Name,Headline\nIngrid,Halvorsen,Professor\n"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_missing_path_is_not_an_export(tmp_path: Path) -> None:
    with pytest.raises(NotAnExportError, match="nothing-here"):
        read_export(tmp_path / "nothing-here")


def test_plain_text_file_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(NotAnExportError, match=r"notes\.txt"):
        read_export(path)


def test_folder_without_linkedin_files_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "holiday.csv").write_text("a,b\n1,2\n")
    with pytest.raises(NotAnExportError, match=str(tmp_path)):
        read_export(tmp_path)


def test_zip_with_zero_entries_is_not_an_export(tmp_path: Path) -> None:
    path = _zip(tmp_path / "empty.zip", {})
    with pytest.raises(NotAnExportError, match=r"empty\.zip"):
        read_export(path)


def test_errors_are_seedbed_errors_with_one_line_messages(tmp_path: Path) -> None:
    with pytest.raises(SeedbedError) as caught:
        read_export(tmp_path / "nothing-here")
    assert "\n" not in str(caught.value)


def test_truncated_zip_is_unsafe(tmp_path: Path) -> None:
    whole = _zip(tmp_path / "whole.zip", {"Profile.csv": PROFILE_CSV * 50})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(UnsafeArchiveError, match=r"cut\.zip"):
        read_export(cut)


def test_corrupted_zip_member_is_unsafe(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bad.zip", {"Profile.csv": PROFILE_CSV * 50})
    data = bytearray(path.read_bytes())
    data[60:80] = b"\xff" * 20  # inside the deflated data of the only member
    path.write_bytes(bytes(data))
    with pytest.raises(UnsafeArchiveError, match=r"bad\.zip"):
        read_export(path)


def test_file_named_zip_that_is_not_a_zip_is_unsafe(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_bytes(b"this is not a zip at all")
    with pytest.raises(UnsafeArchiveError, match=r"export\.zip"):
        read_export(path)


@pytest.mark.parametrize("name", ["../x.csv", "/etc/x.csv", "a/../../x.csv", "C:/x.csv",
                                  "..\\x.csv"])
def test_path_traversal_names_are_unsafe(tmp_path: Path, name: str) -> None:
    path = _zip(tmp_path / "evil.zip", {"Profile.csv": PROFILE_CSV, name: b"a,b\n"})
    with pytest.raises(UnsafeArchiveError, match="outside"):
        read_export(path)


def test_highly_compressed_large_member_is_a_bomb(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip",
                {"Profile.csv": PROFILE_CSV, "messages.csv": b"\x00" * (2 * 1024**2)})
    with pytest.raises(UnsafeArchiveError, match=r"bomb\.zip.*messages\.csv"):
        read_export(path)


def test_small_highly_compressed_member_is_accepted(make_export: ExportMaker) -> None:
    export = read_export(make_export({"Skills.csv": b"Name\n" + b"  \n" * 100_000}))
    assert export.profile.skills == ()


def test_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("Profile.csv", PROFILE_CSV)
        for number in range(archive_module.MAX_ENTRIES):
            archive.writestr(f"Articles/Articles/{number}.html", b"")
    with pytest.raises(UnsafeArchiveError, match="entries"):
        read_export(path)


def test_zip_is_never_extracted_to_disk(tmp_path: Path, make_export: ExportMaker) -> None:
    path = make_export({"Skills.csv": b"Name\nXPS\n"})
    before = sorted(p.name for p in tmp_path.iterdir())
    read_export(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
