"""The preferences page: shows what is stored, saves it and judges the items again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from seedbed import prefs as prefs_mod
from seedbed.model import Label
from seedbed.web.routes.preferences import FIELDS
from tests.conftest import PREFS
from tests.web.conftest import csrf_of, make_client, rows


def _form(client: TestClient, **fields: str) -> dict[str, str]:
    stored = prefs_mod.parse(PREFS)
    data = {name: "\n".join(getattr(stored, name)) for name in FIELDS}
    return {"csrf_token": csrf_of(client), "owner_id": "1", **data, **fields}


def test_the_form_has_every_preference_field() -> None:
    assert set(FIELDS) == set(prefs_mod.LIST_FIELDS)


def test_the_form_shows_the_stored_preferences(client: TestClient) -> None:
    html = client.get("/preferences").text
    assert "A data-observability tool to replace our home-grown data quality checks" in html
    assert 'name="open_to_recruiters"' in html


def test_saving_a_need_judges_again_and_changes_a_verdict(client: TestClient, store: Path,
                                                          engines: dict[str, Any]) -> None:
    assert rows(store, engines)["Zed Marketing"].verdict.label is Label.SPAM
    needs = ("A data-observability tool to replace our home-grown data quality checks\n"
             "An SEO agency to grow traffic to our website")
    response = client.post("/preferences", follow_redirects=False, data=_form(
        client, needs=needs, unwelcome_topics="lead generation and outbound sales services"))
    assert response.status_code == 303
    assert rows(store, engines)["Zed Marketing"].verdict.label is Label.RELEVANT_PITCH
    page = client.get(response.headers["location"]).text
    assert "Preferences saved" in page
    assert "5 items judged again; 1 changed verdict." in page


def test_inferred_needs_are_shown_as_a_hint(export_dir: Path, db: Path,
                                            engines: dict[str, Any]) -> None:
    from seedbed import service

    service.triage(export_dir, db, **engines)
    with make_client(db, engines) as client:
        html = client.get("/preferences").text
    assert "seedbed infers from your profile: " in html
    assert "Head of Data Engineering at Northwind Freight" in html


def test_too_many_entries_are_refused_naming_the_field(client: TestClient) -> None:
    many = "\n".join(f"need {i}" for i in range(prefs_mod.MAX_ITEMS + 1))
    response = client.post("/preferences", data=_form(client, needs=many))
    assert response.status_code == 400
    assert "needs" in response.text


def test_unknown_owner_is_a_404(client: TestClient) -> None:
    assert client.get("/preferences?owner=99").status_code == 404
    response = client.post("/preferences", data=_form(client, owner_id="99"))
    assert response.status_code == 404


def test_empty_store_points_to_the_import(db: Path, engines: dict[str, Any]) -> None:
    with make_client(db, engines) as client:
        assert 'href="/import"' in client.get("/preferences").text


def test_an_owner_id_that_is_no_number_is_a_400(client: TestClient) -> None:
    for owner_id in ("9" * 5000, "²", "1e3", ""):
        response = client.post("/preferences", data=_form(client, owner_id=owner_id))
        assert response.status_code == 400, owner_id
        assert "owner_id" in response.text
