"""The import page: upload into a private folder, import and judge in the background."""

from __future__ import annotations

import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_of, make_client
from tests.zipbombs import parts_bomb

# The tiny export takes well under a second to judge; this is a generous ceiling.
WAIT_S = 60.0


def _zip(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, path.name)
    return target


def _wait(client: TestClient, location: str) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(f"{location}/status").json()
        if status["finished"]:
            return status
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_import_page_offers_a_file_input_and_states_the_limit(db: Path,
                                                              engines: dict[str, Any]) -> None:
    with make_client(db, engines, max_upload_bytes=3 * 1024 * 1024) as client:
        html = client.get("/import").text
    assert '<input type="file" name="export"' in html
    assert "Files up to 3 MB" in html


def test_upload_is_imported_and_judged_then_its_folder_removed(
        export_dir: Path, db: Path, prefs_file: Path, tmp_path: Path, private_tmp: Path,
        engines: dict[str, Any]) -> None:
    archive = _zip(export_dir, tmp_path / "Basic_LinkedInDataExport.zip")
    with make_client(db, engines) as client:
        response = client.post(
            "/import", data={"csrf_token": csrf_of(client)}, follow_redirects=False,
            files={"export": (archive.name, archive.read_bytes(), "application/zip"),
                   "prefs": ("me.toml", prefs_file.read_bytes(), "application/toml")})
        assert response.status_code == 303
        location = response.headers["location"]
        status = _wait(client, location)
        assert status["phase"] == "done", status
        assert status["items"] == 5  # inbound only
        assert status["new_items"] > status["items"]  # the owner's own items count too
        assert status["owners"] == ["Dana Okafor"]
        assert "Open the inbox" in client.get(location).text
        inbox = client.get("/").text
        prefs = client.get("/preferences").text
    assert "Priya Raman" in inbox
    assert "SEO agencies" in prefs
    assert not [p for p in private_tmp.iterdir() if p.name.startswith("seedbed-upload-")]


def test_a_failed_import_names_the_file_not_the_temporary_folder(
        tmp_path: Path, db: Path, private_tmp: Path, engines: dict[str, Any]) -> None:
    archive = tmp_path / "holiday-photos.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("beach.txt", "sun")
    with make_client(db, engines) as client:
        response = client.post("/import", data={"csrf_token": csrf_of(client)},
                               files={"export": (archive.name, archive.read_bytes(), "x")},
                               follow_redirects=False)
        status = _wait(client, response.headers["location"])
    assert status["phase"] == "failed"
    assert "holiday-photos.zip" in status["error"]
    assert str(private_tmp) not in status["error"]


def test_an_uploaded_zip_bomb_fails_with_the_reason_and_leaves_the_store_alone(
        store: Path, tmp_path: Path, private_tmp: Path, engines: dict[str, Any]) -> None:
    bomb = parts_bomb(tmp_path / "Basic_LinkedInDataExport_bomb.zip")
    before = store.read_bytes()
    with make_client(store, engines) as client:
        response = client.post("/import", data={"csrf_token": csrf_of(client)},
                               files={"export": (bomb.name, bomb.read_bytes(), "application/zip")},
                               follow_redirects=False)
        status = _wait(client, response.headers["location"])
    assert status["phase"] == "failed"
    assert status["error"] == ("Basic_LinkedInDataExport_bomb.zip: the zip unpacks to 2.0 GiB,"
                               " more than the 1.0 GiB an export can hold (a zip bomb?)")
    assert store.read_bytes() == before
    assert not [p for p in private_tmp.iterdir() if p.name.startswith("seedbed-upload-")]


def test_a_file_of_the_wrong_kind_is_refused(db: Path, engines: dict[str, Any]) -> None:
    with make_client(db, engines) as client:
        response = client.post("/import", data={"csrf_token": csrf_of(client)},
                               files={"export": ("notes.txt", b"hello", "text/plain")})
    assert response.status_code == 400
    assert "notes.txt" in response.text


def test_an_import_without_a_file_is_refused(db: Path, engines: dict[str, Any]) -> None:
    with make_client(db, engines) as client:
        response = client.post("/import", data={"csrf_token": csrf_of(client)})
    assert response.status_code == 400
    assert "choose a LinkedIn export" in response.text


def test_an_empty_file_is_refused(db: Path, engines: dict[str, Any]) -> None:
    with make_client(db, engines) as client:
        response = client.post("/import", data={"csrf_token": csrf_of(client)},
                               files={"export": ("export.zip", b"", "application/zip")})
    assert response.status_code == 400
    assert "empty" in response.text


def test_an_unknown_import_is_a_404(client: TestClient) -> None:
    assert client.get("/import/nope").status_code == 404
    assert client.get("/import/nope/status").status_code == 404
