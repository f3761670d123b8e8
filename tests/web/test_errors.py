"""One handler: every error is the error page with the right status, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from seedbed.errors import (
    InputError,
    ModelError,
    NotFoundError,
    PreferencesError,
    SeedbedError,
    StoreBusyError,
    StoreError,
)
from seedbed.web import create_app
from seedbed.web.errors import ForbiddenError, UploadTooLargeError, status_for
from tests.web.conftest import TOKEN, make_client


@pytest.mark.parametrize(("error", "status"), [
    (NotFoundError("x"), 404), (InputError("x"), 400), (PreferencesError("x"), 400),
    (UploadTooLargeError("x"), 413), (ForbiddenError("x"), 403), (StoreError("x"), 500),
    (StoreBusyError("x"), 503), (ModelError("x"), 500), (SeedbedError("x"), 500),
    (RuntimeError("x"), 500)])
def test_status_for_each_error_class(error: BaseException, status: int) -> None:
    assert status_for(error) == status


def test_unknown_item_is_a_404_page(client: TestClient) -> None:
    response = client.get("/items/ffff000000")
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text
    assert "no item with id &#39;ffff000000&#39;" in response.text


def test_bad_filter_is_a_400_page_naming_the_field(client: TestClient) -> None:
    response = client.get("/?since=yesterday")
    assert response.status_code == 400
    assert "field &#39;since&#39;" in response.text


def test_unknown_page_uses_the_error_template(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert 'class="error-page"' in response.text


def test_store_that_cannot_be_opened_is_a_500_page_without_traceback(
        tmp_path: Path, engines: dict[str, Any]) -> None:
    broken = tmp_path / "not-a-store.sqlite3"
    broken.write_text("this is not SQLite, just text " * 100, encoding="utf-8")
    client = TestClient(create_app(broken, token=TOKEN, **engines))
    client.get(f"/?token={TOKEN}", follow_redirects=False)
    response = client.get("/report")
    assert response.status_code == 500
    assert "not a usable seedbed store" in response.text
    assert "Traceback" not in response.text


def test_unexpected_exception_is_a_500_page_without_traceback(store: Path,
                                                              engines: dict[str, Any]) -> None:
    app = make_client(store, engines).app

    @app.get("/boom")  # type: ignore[attr-defined, untyped-decorator]
    def boom() -> None:
        raise RuntimeError("secret internals")

    client = TestClient(app, raise_server_exceptions=False)
    client.get(f"/?token={TOKEN}")
    response = client.get("/boom")
    assert response.status_code == 500
    assert "unexpected error" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
