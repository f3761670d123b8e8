"""Fixtures for the export reader tests: small exports written into tmp_path."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

ExportMaker = Callable[..., Path]

PROFILE_CSV = (
    b"First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,"
    b"Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers\n"
    b'Ingrid,Halvorsen,,,,"Professor, Materials",Runs a lab.,Higher Education,,'
    b'"Trondheim, Norway",,,\n'
)


@pytest.fixture
def profile_csv() -> bytes:
    """A Profile.csv for an owner called Ingrid Halvorsen."""
    return PROFILE_CSV


@pytest.fixture
def make_export(tmp_path: Path) -> ExportMaker:
    """Write ``files`` (member name -> bytes) as a zip (default) or as a folder."""
    counter = iter(range(1_000))

    def make(files: dict[str, bytes], *, as_zip: bool = True, profile: bool = True) -> Path:
        if profile:
            files = {"Profile.csv": PROFILE_CSV, **files}
        number = next(counter)
        if as_zip:
            path = tmp_path / f"Basic_LinkedInDataExport_{number}.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, data in files.items():
                    archive.writestr(name, data)
            return path
        folder = tmp_path / f"export_{number}"
        for name, data in files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder

    return make
