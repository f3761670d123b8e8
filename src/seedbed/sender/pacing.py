"""Pacing: what the owner's own outgoing invitations say about how they reach out.

Owns: matching sent invitations to later connections (accepted), invitations pending too long
(withdraw them), weekly volume against LinkedIn's reported limit, the people not to invite
again (ignored or declined), reading all that from the store, and a small SVG bar chart of
invitations per week. Must not import: typer, rich, the CLI or the web layer.

LinkedIn's export says nothing about declines or withdrawals: an invitation counts as accepted
when the invitee appears in Connections.csv connected on or after the day it was sent; as
ignored when it has waited longer than ``PENDING_DAYS``; and a person declined when they
answered one of the owner's messages with a plain refusal ("no thanks", "not interested").
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from html import escape
from typing import Any

from sqlalchemy import select

from seedbed.judge.lexicon import is_decline
from seedbed.model import Connection, Direction, Invitation, Kind, Message, Person
from seedbed.sender.profiles import Store, engine_for, pick_owner
from seedbed.store import queries
from seedbed.store import tables as t

# An invitation unanswered for three weeks is, in practice, ignored: most are accepted within
# days, and LinkedIn itself withdraws old ones only after months, so they pile up. Withdrawing
# them is the usual advice (pending invitations count against the sender).
PENDING_DAYS = 21
# LinkedIn's weekly cap on invitations is reported (not documented) as about 100 per week for
# most accounts; going over gets the account restricted.
WEEKLY_LIMIT = 100
# Weeks above this are close enough to the cap to say so (80 % of it).
WEEKLY_WARN = 80


class InvitationStatus(StrEnum):
    ACCEPTED = "accepted"
    PENDING = "pending"  # younger than PENDING_DAYS: still may be accepted
    IGNORED = "ignored"  # pending longer than PENDING_DAYS: withdraw it


class WeekLevel(StrEnum):
    OK = "ok"
    NEAR = "near_limit"  # above WEEKLY_WARN
    OVER = "over_limit"  # above WEEKLY_LIMIT


@dataclass(frozen=True)
class SentInvitation:
    invitee: Person
    sent_at: datetime | None
    text: str
    status: InvitationStatus
    connected_on: date | None = None
    age_days: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.invitee.name, "profile_url": self.invitee.profile_url,
                "sent_at": _iso(self.sent_at), "status": self.status.value,
                "connected_on": self.connected_on.isoformat() if self.connected_on else None,
                "age_days": self.age_days, "note": self.text}


@dataclass(frozen=True)
class Week:
    """Invitations sent in the week starting ``start`` (a Monday)."""

    start: date
    count: int

    @property
    def level(self) -> WeekLevel:
        if self.count > WEEKLY_LIMIT:
            return WeekLevel.OVER
        if self.count > WEEKLY_WARN:
            return WeekLevel.NEAR
        return WeekLevel.OK


@dataclass(frozen=True)
class DoNotInvite:
    person: Person
    reason: str  # "ignored" or "declined"
    detail: str
    evidence: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"name": self.person.name, "profile_url": self.person.profile_url,
                "reason": self.reason, "detail": self.detail, "evidence": self.evidence}


@dataclass
class PacingReport:
    """Everything ``seedbed pacing`` shows, as data."""

    as_of: date
    invitations: list[SentInvitation]
    weeks: list[Week]
    do_not_invite: list[DoNotInvite]

    @property
    def sent(self) -> int:
        return len(self.invitations)

    def count(self, status: InvitationStatus) -> int:
        return sum(1 for i in self.invitations if i.status is status)

    @property
    def acceptance_rate(self) -> float | None:
        """Accepted share of all sent invitations (None when none were sent)."""
        return self.count(InvitationStatus.ACCEPTED) / self.sent if self.sent else None

    @property
    def withdraw(self) -> list[SentInvitation]:
        """Invitations pending longer than PENDING_DAYS, oldest first: withdraw them."""
        old = [i for i in self.invitations if i.status is InvitationStatus.IGNORED]
        return sorted(old, key=lambda i: -(i.age_days or 0))

    @property
    def busy_weeks(self) -> list[Week]:
        return [w for w in self.weeks if w.level is not WeekLevel.OK]

    def as_json(self) -> dict[str, Any]:
        rate = self.acceptance_rate
        return {
            "as_of": self.as_of.isoformat(), "sent": self.sent,
            "accepted": self.count(InvitationStatus.ACCEPTED),
            "pending": self.count(InvitationStatus.PENDING),
            "ignored": self.count(InvitationStatus.IGNORED),
            "acceptance_rate": round(rate, 4) if rate is not None else None,
            "pending_days": PENDING_DAYS, "weekly_limit": WEEKLY_LIMIT,
            "weekly_warn": WEEKLY_WARN,
            "weeks": [{"start": w.start.isoformat(), "count": w.count, "level": w.level.value}
                      for w in self.weeks],
            "withdraw": [i.as_json() for i in self.withdraw],
            "do_not_invite": [d.as_json() for d in self.do_not_invite],
            "invitations": [i.as_json() for i in self.invitations],
        }


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _keys(person: Person) -> tuple[str, ...]:
    """How a person is matched: profile URL first, then name (never in set order, so that a
    namesake cannot win under one hash seed and lose under another)."""
    name = " ".join(person.name.lower().split())
    keys = (person.profile_url,) if person.profile_url else ()
    return keys if name in queries.ANONYMOUS_NAMES else (*keys, "name:" + name)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _latest(invitations: list[Invitation], connections: list[Connection],
            messages: list[Message]) -> date:
    days = [i.sent_at.date() for i in invitations if i.sent_at]
    days += [m.sent_at.date() for m in messages if m.sent_at]
    days += [c.connected_on for c in connections if c.connected_on]
    return max(days) if days else datetime.now(UTC).date()


def pacing(invitations: Iterable[Invitation], connections: Iterable[Connection],
           messages: Iterable[Message] = (), as_of: date | None = None) -> PacingReport:
    """Pacing of the owner's outgoing invitations (incoming ones are ignored).

    ``as_of`` is the day the export stands for; by default the latest date in the data (an
    export is a snapshot: measured from today, every old invitation would look ignored).
    """
    sent = sorted((i for i in invitations if i.direction is Direction.OUTGOING),
                  key=lambda i: (i.sent_at is None, i.sent_at))
    conns = [c for c in connections if not c.hidden]
    msgs = list(messages)
    today = as_of or _latest(sent, conns, msgs)
    connected: dict[str, Connection] = {}
    for c in conns:
        for key in _keys(Person(c.name, c.profile_url)):
            connected.setdefault(key, c)

    rows: list[SentInvitation] = []
    for inv in sent:
        link = next((connected[k] for k in _keys(inv.recipient) if k in connected), None)
        age = (today - inv.sent_at.date()).days if inv.sent_at else None
        accepted = link is not None and (link.connected_on is None or inv.sent_at is None
                                         or link.connected_on >= inv.sent_at.date())
        if accepted:
            status = InvitationStatus.ACCEPTED
        elif age is not None and age > PENDING_DAYS:
            status = InvitationStatus.IGNORED
        else:
            status = InvitationStatus.PENDING
        rows.append(SentInvitation(inv.recipient, inv.sent_at, inv.text, status,
                                   link.connected_on if link else None, age))
    return PacingReport(today, rows, _weeks(sent, today), _do_not_invite(rows, msgs))


def _weeks(sent: list[Invitation], today: date) -> list[Week]:
    counts: dict[date, int] = defaultdict(int)
    for inv in sent:
        if inv.sent_at:
            counts[_monday(inv.sent_at.date())] += 1
    if not counts:
        return []
    week, last = min(counts), max(max(counts), _monday(today))
    out = [Week(week, counts.get(week, 0))]
    # Both are Mondays, so stepping only while short of ``last`` never leaves the calendar
    # (``last`` may be the final Monday of year 9999, past which a date cannot go).
    while week < last:
        week += timedelta(days=7)
        out.append(Week(week, counts.get(week, 0)))
    return out


def _do_not_invite(rows: list[SentInvitation], messages: list[Message]) -> list[DoNotInvite]:
    out: dict[str, DoNotInvite] = {}
    accepted = {k for r in rows if r.status is InvitationStatus.ACCEPTED for k in _keys(r.invitee)}
    for r in rows:
        keys = _keys(r.invitee)
        if r.status is InvitationStatus.IGNORED and accepted.isdisjoint(keys):
            when = r.sent_at.date().isoformat() if r.sent_at else "?"
            out[min(keys)] = DoNotInvite(r.invitee, "ignored",
                                         f"Invitation of {when} unanswered for {r.age_days} days.")
    threads: dict[str, list[Message]] = defaultdict(list)
    for m in messages:
        threads[m.conversation_id].append(m)
    for thread in threads.values():
        thread.sort(key=lambda m: (m.sent_at is None, m.sent_at))
        owner_wrote = False
        for m in thread:
            if m.direction is Direction.OUTGOING:
                owner_wrote = True
            elif owner_wrote and is_decline(m.text):
                keys = _keys(m.sender)
                if keys:
                    out[min(keys)] = DoNotInvite(m.sender, "declined",
                                                 "Answered your message with a refusal.",
                                                 " ".join(m.text.split())[:120])
    return sorted(out.values(), key=lambda d: (d.reason, d.person.name.lower()))


# -- the store --------------------------------------------------------------------------------


def pacing_from_store(db: Store = None, owner: str | None = None,
                      as_of: date | None = None) -> PacingReport:
    """``pacing`` over the store owner's invitations, connections and messages.

    ``db`` is an open Engine or the store's path (the default store when None).
    """
    with engine_for(db) as engine, engine.connect() as conn:
        me = pick_owner(conn, owner)
        rows = conn.execute(select(t.item).where(t.item.c.owner_id == me.id)).all()
        conns = [Connection(r.first_name, r.last_name, r.profile_url, r.email, r.company,
                            r.position, r.connected_on, r.hidden)
                 for r in conn.execute(select(t.connection).where(
                     t.connection.c.owner_id == me.id))]
    owner_person = Person(me.name, me.profile.profile_url)
    invitations: list[Invitation] = []
    messages: list[Message] = []
    for r in rows:
        people = tuple(Person(p.get("name") or "", p.get("profile_url"))
                       for p in json.loads(r.recipients_json))
        direction = Direction(r.direction)
        sender = Person(r.sender_name, r.sender_url)
        if r.kind == Kind.INVITATION.value:
            invitations.append(Invitation(direction, sender if direction is Direction.INCOMING
                                          else owner_person,
                                          people[0] if people else Person(""), r.sent_at, r.text))
        else:
            messages.append(Message(r.conversation_id or r.item_id, sender, people, r.sent_at,
                                    r.text, direction))
    return pacing(invitations, conns, messages, as_of)


# -- the chart --------------------------------------------------------------------------------

_COLOURS = {WeekLevel.OK: "#4c7f4c", WeekLevel.NEAR: "#c98a12", WeekLevel.OVER: "#b8322a"}
# The chart shows the newest weeks only; half a year shows the rhythm and stays readable.
CHART_WEEKS = 26


def weekly_chart_svg(weeks: list[Week], title: str = "Invitations sent per week",
                     width: int = 640, height: int = 220, last: int = CHART_WEEKS) -> str:
    """An SVG bar chart of invitations per week, with lines at WEEKLY_WARN and WEEKLY_LIMIT.

    Self-contained (no script, no external references); every text is escaped.
    """
    shown = weeks[-last:]
    left, right, top, bottom = 40, 10, 28, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([WEEKLY_LIMIT * 1.1, *(w.count for w in shown)])

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / peak

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="16" font-size="13" font-family="sans-serif">'
             f'{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
             'stroke="#888"/>']
    for value, label in ((WEEKLY_WARN, f"{WEEKLY_WARN}"),
                         (WEEKLY_LIMIT, f"{WEEKLY_LIMIT} (reported weekly limit)")):
        parts.append(f'<line x1="{left}" y1="{y(value):.1f}" x2="{left + plot_w}" '
                     f'y2="{y(value):.1f}" stroke="#999" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{left - 4}" y="{y(value) + 4:.1f}" font-size="10" '
                     f'text-anchor="end" font-family="sans-serif">{escape(label.split()[0])}'
                     f'</text>')
    if not shown:
        parts.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" font-size="12" '
                     'text-anchor="middle" font-family="sans-serif">'
                     f'{escape("No invitations sent.")}</text>')
    slot = plot_w / max(len(shown), 1)
    every = max(1, len(shown) // 8)  # at most ~8 date labels on the axis
    for i, w in enumerate(shown):
        x = left + i * slot + slot * 0.1
        bar_h = top + plot_h - y(w.count)
        tip = f"Week of {w.start.isoformat()}: {w.count} invitation(s)"
        parts.append(f'<rect x="{x:.1f}" y="{y(w.count):.1f}" width="{slot * 0.8:.1f}" '
                     f'height="{bar_h:.1f}" fill="{_COLOURS[w.level]}">'
                     f'<title>{escape(tip)}</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + slot * 0.4:.1f}" y="{top + plot_h + 14}" '
                         'font-size="10" text-anchor="middle" font-family="sans-serif">'
                         f'{escape(w.start.strftime("%d %b"))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
