"""The network report: aggregates read from the store, drawn as accessible SVG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from seedbed import report, service
from seedbed.model import Clue
from tests.conftest import CONNECTIONS, CONNECTIONS_PREAMBLE, write_csv


def test_report_page_draws_titled_svg_charts(client: TestClient) -> None:
    html = client.get("/report").text
    for chart in ("months", "years", "invitations", "spammers"):
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
        assert f'<title id="{chart}-title">' in html
    assert "<rect " in html


def test_inbound_by_month_is_stacked_by_verdict_without_gaps(store: Path) -> None:
    months = report.inbound_by_month(store)
    keys = [m for m, _ in months]
    assert keys[0] == "2026-05" and keys[-1] == "2026-09"
    assert len(keys) == 5  # June, July and August are there even when quiet
    assert sum(sum(c.values()) for _, c in months) == 5
    assert dict(months)["2026-06"]["spam"] == 1


def test_connections_talked_to_by_year_counts_only_the_owners_messages(store: Path) -> None:
    data = report.network_report(store)
    shares = {s.year: (s.connections, s.talked) for s in data.connection_years}
    assert shares == {2019: (1, 1), 2026: (1, 0)}  # Connor wrote; Dana never did


def test_invitation_acceptance(export_dir: Path, db: Path, engines: dict[str, Any]) -> None:
    accepted = ["Mira", "Solberg", "https://www.linkedin.com/in/mira-solberg-x1", "", "", "",
                "15 Sep 2026"]
    write_csv(export_dir / "Connections.csv", [*CONNECTIONS, accepted], CONNECTIONS_PREAMBLE)
    service.triage(export_dir, db, **engines)
    stats = report.network_report(db).invitations
    assert stats == report.Invitations(sent=1, sent_accepted=0, received=2, received_accepted=1)


def test_top_spam_senders_counts_spam_items(store: Path) -> None:
    top = report.top_spam_senders(store)
    assert {name for name, _, _ in top} == {"Connor Blake", "Zed Marketing"}
    assert all(n == 1 for _, _, n in top)


def test_highlight_rejoins_the_text_and_merges_overlaps() -> None:
    text = "Hi {first_name}, book a call"
    clues = [Clue("auto:merge_field", 1.0, "", "", (3, 15)),
             Clue("offer:call_ask", 1.0, "", "", (17, 28)),
             Clue("offer:call", 1.0, "", "", (24, 99)), Clue("rel:x", 1.0, "", "")]
    segments = report.highlight(text, clues)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.codes) for s in segments if s.codes] == [
        ("{first_name}", ("auto:merge_field",)), ("book a ", ("offer:call_ask",)),
        ("call", ("offer:call_ask", "offer:call"))]


def test_inbox_filter_refuses_unknown_values() -> None:
    import pytest

    from seedbed.errors import InputError

    for bad in ({"kind": "email"}, {"verdict": "ham"}, {"until": "31/12/2026"}):
        with pytest.raises(InputError, match=next(iter(bad))):
            report.InboxFilter.parse(**bad)


def test_preferences_from_lists_are_checked_like_a_file() -> None:
    prefs = report.preferences_from_lists(
        {"needs": ["  A   tool "], "block": ["linkedin.com/in/Some-One/"]}, True)
    assert prefs.needs == ("A tool",)
    assert prefs.block == ("https://www.linkedin.com/in/some-one",)
    assert prefs.open_to_recruiters is True
