"""Pacing from the owner's own export: acceptance, invitations to withdraw, weekly volume."""

from __future__ import annotations

import xml.dom.minidom
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from tests.conftest import (
    CONNECTIONS,
    CONNECTIONS_PREAMBLE,
    INVITATIONS,
    MESSAGES,
    OWNER_URL,
    write_csv,
    write_export,
)

from seedbed import service
from seedbed.model import Connection, Direction, Invitation, Person
from seedbed.sender.pacing import (
    PENDING_DAYS,
    InvitationStatus,
    PacingReport,
    Week,
    WeekLevel,
    pacing,
    pacing_from_store,
    weekly_chart_svg,
)

AS_OF = date(2026, 11, 1)
ANA = "https://www.linkedin.com/in/ana-ruiz-p1"
BEN = "https://www.linkedin.com/in/ben-kaur-p2"
CLEO = "https://www.linkedin.com/in/cleo-marsh-p3"
BUSY_WEEK = date(2026, 10, 5)  # a Monday
BUSY = 85  # invitations sent that week: above the warning line, under the limit
OVER_WEEK = date(2026, 10, 12)
OVER = 101


def _sent(name: str, url: str, when: datetime) -> list[str]:
    stamp = f"{when.month}/{when.day:02d}/{when.year % 100}, 10:00 AM"
    return ["Dana Okafor", name, stamp, "", "OUTGOING", OWNER_URL, url]


def _bulk(week: date, count: int, tag: str) -> list[list[str]]:
    start = datetime.combine(week, datetime.min.time(), UTC)
    return [_sent(f"Bulk {tag}{i}", f"https://www.linkedin.com/in/bulk-{tag}-{i}",
                  start + timedelta(days=i % 5)) for i in range(count)]


@pytest.fixture
def report(tmp_path: Path) -> PacingReport:
    folder = write_export(tmp_path / "export", messages=[*MESSAGES, *DECLINE])
    sent = [
        _sent("Ana Ruiz", ANA, datetime(2026, 9, 1, tzinfo=UTC)),
        _sent("Ben Kaur", BEN, datetime(2026, 9, 1, tzinfo=UTC)),
        _sent("Cleo Marsh", CLEO, datetime(2026, 10, 28, tzinfo=UTC)),
        *_bulk(BUSY_WEEK, BUSY, "a"),
        *_bulk(OVER_WEEK, OVER, "b"),
    ]
    write_csv(folder / "Invitations.csv", [*INVITATIONS, *sent])
    ana = ["Ana", "Ruiz", ANA, "", "Fernway", "Buyer", "03 Sep 2026"]
    write_csv(folder / "Connections.csv", [*CONNECTIONS, ana], CONNECTIONS_PREAMBLE)
    db = tmp_path / "store.sqlite3"
    service.import_path(folder, db)
    return pacing_from_store(db, as_of=AS_OF)


DECLINE = [
    ["2-ben", "", "Dana Okafor", OWNER_URL, "Ben Kaur", BEN, "2026-09-02 09:00:00 UTC", "",
     "Ben, would you like to see how we run our dbt tests?", "INBOX"],
    ["2-ben", "", "Ben Kaur", BEN, "Dana Okafor", OWNER_URL, "2026-09-03 09:00:00 UTC", "",
     "No thanks, not interested.", "INBOX"],
]


def _status(report: PacingReport, url: str) -> InvitationStatus:
    return next(i.status for i in report.invitations if i.invitee.profile_url == url)


def test_invitee_connected_after_the_invitation_counts_as_accepted(report: PacingReport) -> None:
    assert _status(report, ANA) is InvitationStatus.ACCEPTED


def test_acceptance_rate_is_accepted_over_sent(report: PacingReport) -> None:
    # Ours, the two bulk weeks, and the fixture's own Sam Ortiz (never connected): only Ana
    # connected afterwards.
    sent = 3 + BUSY + OVER + 1
    assert report.sent == sent
    assert report.acceptance_rate == pytest.approx(1 / sent)


def test_invitation_pending_over_three_weeks_is_to_withdraw(report: PacingReport) -> None:
    assert _status(report, BEN) is InvitationStatus.IGNORED
    assert _status(report, CLEO) is InvitationStatus.PENDING  # four days old
    withdraw = {i.invitee.profile_url for i in report.withdraw}
    assert BEN in withdraw and CLEO not in withdraw and ANA not in withdraw
    assert all((i.age_days or 0) > PENDING_DAYS for i in report.withdraw)


def test_weekly_counts_flag_weeks_near_and_over_the_limit(report: PacingReport) -> None:
    weeks = {w.start: w for w in report.weeks}
    assert weeks[BUSY_WEEK].count == BUSY
    assert weeks[BUSY_WEEK].level is WeekLevel.NEAR
    assert weeks[OVER_WEEK].count == OVER
    assert weeks[OVER_WEEK].level is WeekLevel.OVER
    assert weeks[date(2026, 8, 31)].count == 2  # Ana and Ben, Tuesday 1 September
    assert [w.start for w in report.busy_weeks] == [BUSY_WEEK, OVER_WEEK]


def test_weeks_without_invitations_are_listed_as_zero(report: PacingReport) -> None:
    starts = [w.start for w in report.weeks]
    assert all(b - a == timedelta(days=7) for a, b in pairwise(starts))
    assert min(w.count for w in report.weeks) == 0


def test_someone_who_declined_is_not_to_be_invited_again(report: PacingReport) -> None:
    reasons = {d.person.profile_url: d for d in report.do_not_invite}
    assert reasons[BEN].reason == "declined"
    assert "No thanks" in reasons[BEN].evidence
    assert ANA not in reasons
    assert CLEO not in reasons


def test_incoming_invitations_are_not_counted() -> None:
    incoming = Invitation(Direction.INCOMING, Person("Zed", "https://x/zed"), Person("Dana"),
                          datetime(2026, 10, 1, tzinfo=UTC))
    assert pacing([incoming], [], as_of=AS_OF).sent == 0


def test_a_connection_made_before_the_invitation_is_not_an_acceptance() -> None:
    inv = Invitation(Direction.OUTGOING, Person("Dana"), Person("Ana Ruiz", ANA),
                     datetime(2026, 9, 1, tzinfo=UTC))
    earlier = Connection("Ana", "Ruiz", ANA, connected_on=date(2025, 1, 1))
    result = pacing([inv], [earlier], as_of=AS_OF)
    assert result.invitations[0].status is InvitationStatus.IGNORED


def test_as_of_defaults_to_the_latest_date_in_the_data() -> None:
    inv = Invitation(Direction.OUTGOING, Person("Dana"), Person("Ana Ruiz", ANA),
                     datetime(2026, 9, 1, tzinfo=UTC))
    later = Connection("Bo", "Li", "https://www.linkedin.com/in/bo", connected_on=date(2026, 9, 10))
    assert pacing([inv], [later]).as_of == date(2026, 9, 10)


def test_chart_has_one_bar_per_week_and_escapes_text() -> None:
    weeks = [Week(date(2026, 1, 5) + timedelta(days=7 * i), c) for i, c in enumerate([3, 90, 120])]
    svg = weekly_chart_svg(weeks, title="<script>alert(1)</script> & co")
    doc = xml.dom.minidom.parseString(svg)
    assert len(doc.getElementsByTagName("rect")) == len(weeks)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_chart_without_invitations_is_still_valid_svg() -> None:
    svg = weekly_chart_svg([])
    assert xml.dom.minidom.parseString(svg).documentElement.tagName == "svg"


def test_as_of_the_last_day_a_date_can_hold_is_measured() -> None:
    inv = Invitation(Direction.OUTGOING, Person("Dana"), Person("Ana Ruiz", ANA),
                     datetime(9999, 12, 15, tzinfo=UTC))  # a Wednesday
    result = pacing([inv], [], as_of=date(9999, 12, 31))  # a Friday: no Monday after it
    assert [(w.start, w.count) for w in result.weeks] == [
        (date(9999, 12, 13), 1), (date(9999, 12, 20), 0), (date(9999, 12, 27), 0)]
    assert result.invitations[0].age_days == 16


def test_a_store_holding_a_9999_date_gives_its_pacing(tmp_path: Path) -> None:
    folder = write_export(tmp_path / "export")
    far = _sent("Ana Ruiz", ANA, datetime(9999, 12, 31, tzinfo=UTC))
    far[2] = "12/31/9999, 11:00 PM"  # a four-digit year, as a re-saved file may hold
    incoming = [row for row in INVITATIONS if row[4] != "OUTGOING"]
    write_csv(folder / "Invitations.csv", [*incoming, far])
    db = tmp_path / "store.sqlite3"
    service.import_path(folder, db)
    report = pacing_from_store(db)
    assert report.as_of == date(9999, 12, 31)
    assert report.weeks == [Week(date(9999, 12, 27), 1)]
    svg = weekly_chart_svg(report.weeks)
    assert xml.dom.minidom.parseString(svg).documentElement.tagName == "svg"


def test_an_invitation_matches_its_invitees_profile_before_a_namesake() -> None:
    # Two connections named Sam Ortiz: the invitation went to the second, who accepted long
    # after the first connected. Matching by name first (set order) made it flip by hash seed.
    early = Connection("Sam", "Ortiz", "https://www.linkedin.com/in/sam-ortiz-a",
                       connected_on=date(2020, 1, 1))
    invited = Connection("Sam", "Ortiz", "https://www.linkedin.com/in/sam-ortiz-b",
                         connected_on=date(2026, 9, 10))
    owner = Person("Dana Okafor", OWNER_URL)
    sent = Invitation(Direction.OUTGOING, owner,
                      Person("Sam Ortiz", "https://www.linkedin.com/in/sam-ortiz-b"),
                      datetime(2026, 9, 1, tzinfo=UTC))
    stale = Invitation(Direction.OUTGOING, owner,
                       Person("Sam Ortiz", "https://www.linkedin.com/in/sam-ortiz-c"),
                       datetime(2026, 9, 1, tzinfo=UTC))
    rows = pacing([sent, stale], [early, invited], as_of=AS_OF).invitations
    by_url = {r.invitee.profile_url: r.status for r in rows}
    assert by_url["https://www.linkedin.com/in/sam-ortiz-b"] is InvitationStatus.ACCEPTED
    # Unknown URL, a namesake connected before it was sent: not an acceptance of this one.
    assert by_url["https://www.linkedin.com/in/sam-ortiz-c"] is not InvitationStatus.ACCEPTED
