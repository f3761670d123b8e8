"""The item page: text with evidence, reasons, facts, actions, the drafted reply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from seedbed import service
from seedbed.model import Label
from seedbed.report import owner_preferences
from seedbed.store import cases as store_cases
from seedbed.store import open_engine, queries
from seedbed.triage import Triage
from tests.web.conftest import csrf_of, rows


def _post(client: TestClient, path: str, **data: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_of(client), **data},
                       follow_redirects=False)


def test_item_page_shows_reasons_table(client: TestClient, store: Path,
                                       engines: dict[str, Any]) -> None:
    priya = rows(store, engines)["Priya Raman"]
    html = client.get(f"/items/{priya.item.item_id}").text
    for clue in priya.verdict.clues:
        assert f"<code>{clue.code}</code>" in html
        assert str(escape(clue.detail)) in html


def test_item_page_shows_relationship_facts(client: TestClient, store: Path,
                                            engines: dict[str, Any]) -> None:
    priya = rows(store, engines)["Priya Raman"]
    html = client.get(f"/items/{priya.item.item_id}").text
    assert "<th scope=\"row\">Connected</th><td>yes, since 2019-03-12</td>" in html
    assert "you sent 1, they sent 0" in html


def test_evidence_spans_are_highlighted_in_the_text(client: TestClient, store: Path,
                                                    engines: dict[str, Any]) -> None:
    tom = rows(store, engines)["Tom Weller"]
    spanned = [c for c in tom.verdict.clues if c.span]
    assert spanned
    start, end = spanned[0].span or (0, 0)
    html = client.get(f"/items/{tom.item.item_id}").text
    body = html[html.index('class="text message-text"'):]
    marked = body[body.index("<mark"): body.index("</mark>")]
    assert spanned[0].code in marked
    assert marked.endswith(str(escape(tom.item.text[start:end])))


def test_mark_changes_the_verdict_and_undo_restores_it(client: TestClient, store: Path,
                                                       engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"]
    path = f"/items/{connor.item.item_id}"
    response = _post(client, f"{path}/mark", label="welcome")
    assert response.status_code == 303
    assert response.headers["location"] == f"{path}?done=marked"
    assert 'class="chip chip-welcome"' in client.get(path).text
    assert rows(store, engines)["Connor Blake"].verdict.label is Label.WELCOME
    response = _post(client, f"{path}/unmark")
    assert response.headers["location"] == f"{path}?done=undone"
    assert rows(store, engines)["Connor Blake"].verdict.label is connor.verdict.label


def test_undo_without_a_correction_says_so(client: TestClient, store: Path,
                                           engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"]
    response = _post(client, f"/items/{connor.item.item_id}/unmark")
    assert response.headers["location"].endswith("done=nothing")
    assert "There was no correction to undo." in client.get(response.headers["location"]).text


def test_mark_with_an_unknown_label_is_refused(client: TestClient, store: Path,
                                               engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"]
    response = _post(client, f"/items/{connor.item.item_id}/mark", label="ham")
    assert response.status_code == 400
    assert rows(store, engines)["Connor Blake"].verdict.source == "model"


def test_after_a_post_only_local_pages_are_targets(client: TestClient, store: Path,
                                                   engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"]
    path = f"/items/{connor.item.item_id}"
    local = _post(client, f"{path}/mark", label="spam", next="/?verdict=spam")
    assert local.headers["location"] == "/?verdict=spam&done=marked"
    away = _post(client, f"{path}/mark", label="spam", next="//example.org/")
    assert away.headers["location"] == f"{path}?done=marked"


def test_blocking_a_sender_hides_their_items(client: TestClient, store: Path,
                                             engines: dict[str, Any]) -> None:
    priya = rows(store, engines)["Priya Raman"]
    assert priya.verdict.label is Label.WELCOME
    response = _post(client, f"/items/{priya.item.item_id}/sender", list="block")
    assert response.headers["location"].endswith("done=block")
    assert priya.item.sender.profile_url in owner_preferences(store)[0].stored.block
    after = rows(store, engines)["Priya Raman"]
    assert after.verdict.label is Label.SPAM
    assert after.verdict.source == "allow/block list"


def test_allowing_a_blocked_sender_moves_them_and_none_clears(client: TestClient, store: Path,
                                                              engines: dict[str, Any]) -> None:
    connor = rows(store, engines)["Connor Blake"]
    url = connor.item.sender.profile_url
    _post(client, f"/items/{connor.item.item_id}/sender", list="block")
    _post(client, f"/items/{connor.item.item_id}/sender", list="allow")
    stored = owner_preferences(store)[0].stored
    assert url in stored.allow and url not in stored.block
    assert rows(store, engines)["Connor Blake"].verdict.label is Label.WELCOME
    _post(client, f"/items/{connor.item.item_id}/sender", list="none")
    stored = owner_preferences(store)[0].stored
    assert url not in stored.allow and url not in stored.block


def test_a_sender_without_profile_url_cannot_be_blocked(jsonl_client: TestClient,
                                                        jsonl_store: Path,
                                                        engines: dict[str, Any]) -> None:
    anon = rows(jsonl_store, engines)["LinkedIn Member"]
    html = jsonl_client.get(f"/items/{anon.item.item_id}").text
    assert "Block this sender" not in html
    response = _post(jsonl_client, f"/items/{anon.item.item_id}/sender", list="block")
    assert response.status_code == 400
    assert "no profile URL" in response.text


def test_ask_why_item_offers_the_drafted_reply_to_copy(client: TestClient, store: Path,
                                                       engines: dict[str, Any]) -> None:
    mira = rows(store, engines)["Mira Solberg"]
    assert mira.verdict.label is Label.ASK_WHY
    html = client.get(f"/items/{mira.item.item_id}").text
    assert '<textarea id="reply-text" rows="7" readonly>' in html
    assert 'data-copy="reply-text"' in html
    assert "Mira" in html[html.index('id="reply-text"'):html.index("</textarea>")]


def test_other_verdicts_have_no_drafted_reply(client: TestClient, store: Path,
                                              engines: dict[str, Any]) -> None:
    priya = rows(store, engines)["Priya Raman"]
    assert 'id="reply-text"' not in client.get(f"/items/{priya.item.item_id}").text


def _never(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the whole owner was read or judged")


def test_the_item_page_reads_the_item_without_judging_the_owner(
        client: TestClient, store: Path, engines: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    expected = rows(store, engines)
    monkeypatch.setattr(Triage, "run", _never)
    monkeypatch.setattr(store_cases, "all_cases", _never)
    for name in ("Connor Blake", "Mira Solberg"):  # a spam item, and an ask-why one
        row = expected[name]
        html = client.get(f"/items/{row.item.item_id}").text
        assert f'class="chip chip-{row.verdict.label.value}"' in html
        assert str(escape(row.verdict.summary)) in html


def test_pages_show_no_stale_verdict_after_changes_made_elsewhere(
        client: TestClient, store: Path, engines: dict[str, Any], tmp_path: Path) -> None:
    connor = rows(store, engines)["Connor Blake"]
    engine = open_engine(store)
    with engine.begin() as conn:  # a correction stored by another command, not judged yet
        queries.add_correction(conn, connor.item, Label.WELCOME.value)
    engine.dispose()
    assert "Welcome: your correction." in client.get(f"/items/{connor.item.item_id}").text
    html = client.get("/?verdict=welcome").text
    assert "Connor Blake" in html and "Welcome: your correction." in html
    wants = tmp_path / "wants-seo.toml"
    wants.write_text('[me]\nneeds = ["An SEO agency to grow traffic to our website"]\n',
                     encoding="utf-8")
    zed_id = rows(store, engines)["Zed Marketing"].item.item_id
    service.apply_preferences(wants, store)  # stored by `seedbed prefs edit`, not judged
    page = client.get(f"/items/{zed_id}").text  # read before any triage of the store
    assert 'class="chip chip-relevant_pitch"' in page
    assert "Zed Marketing" in client.get("/?verdict=relevant_pitch").text
    assert rows(store, engines)["Zed Marketing"].verdict.label is Label.RELEVANT_PITCH
