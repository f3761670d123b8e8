"""What the pages of the local web app show, read from the stored verdicts.

Owns: inbox filters, groups and pages, evidence highlighting (text segments, never markup),
the relationship facts of an item, the campaigns the pages read (with their templates),
editing the owner's preferences and allow/block lists, and the network report's figures.
Every listing is a page of rows or a count from ``seedbed.store.listing``: a page costs the
same in a store of ten thousand items and of a million.
Must not import: FastAPI, Starlette, Jinja, typer, rich, the CLI or the web layer. It never
judges: the pages call ``seedbed.service`` first (which judges again whatever is stale).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from seedbed import prefs as prefs_mod
from seedbed import service
from seedbed.errors import InputError, NotFoundError
from seedbed.model import Clue, Kind, Label, Person, Preferences
from seedbed.store import listing, open_engine, queries, summaries, verdicts
from seedbed.store.verdicts import final_labels

if TYPE_CHECKING:
    from seedbed.triage import ItemDetail, TriageRow

LABEL_ORDER = (Label.WELCOME, Label.RELEVANT_PITCH, Label.ASK_WHY, Label.SPAM)
# Where preferences edited in the web app say they came from (shown on the page).
WEB_PREFS_SOURCE = "seedbed ui"
# The network report lists this many spam senders and campaigns: a glance, not a census.
TOP_N = 8
# Rows an inbox group shows per page, and campaigns per page of the campaign list: a page
# reads, renders and downloads in a blink (tens of KB), and the filters narrow the rest.
PAGE_ROWS = 50
CAMPAIGN_PAGE = 50
# Campaigns offered in the inbox's campaign filter (the biggest ones; any other is reached
# from its campaign page).
FILTER_CAMPAIGNS = 50
# A campaign is named by the start of its template: enough to recognise it in a list.
PREVIEW_CHARS = 80
# Placeholder names LinkedIn gives anonymous senders; they never identify a person.
_ANONYMOUS = frozenset({"", "linkedin member"})


# -- inbox ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class InboxFilter:
    """What the inbox shows; every field empty means everything."""

    kind: Kind | None = None
    verdict: Label | None = None
    campaign: str = ""
    since: date | None = None
    until: date | None = None
    query: str = ""

    @classmethod
    def parse(cls, kind: str = "", verdict: str = "", campaign: str = "", since: str = "",
              until: str = "", query: str = "") -> InboxFilter:
        """Build a filter from form strings; raise InputError naming the bad field."""
        try:
            kind_ = Kind(kind) if kind else None
        except ValueError:
            raise InputError(f"field 'kind' must be invitation or message, not {kind!r}") from None
        try:
            verdict_ = Label(verdict) if verdict else None
        except ValueError:
            raise InputError(f"field 'verdict' must be one of "
                             f"{', '.join(x.value for x in Label)}, not {verdict!r}") from None
        return cls(kind_, verdict_, campaign.strip(), _date("since", since), _date("until", until),
                   " ".join(query.split()))

    @property
    def active(self) -> bool:
        return any((self.kind, self.verdict, self.campaign, self.since, self.until, self.query))

    def where(self) -> listing.Where:
        """The filter as the store reads it (days are UTC days, both ends included)."""
        return listing.Where(
            kind=self.kind.value if self.kind else None,
            label=self.verdict.value if self.verdict else None,
            campaign_id=self.campaign or None,
            since=datetime.combine(self.since, time(), UTC) if self.since else None,
            until=(datetime.combine(self.until, time(), UTC) + timedelta(days=1)
                   if self.until else None),
            needle=self.query.casefold())


def _date(name: str, value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"field '{name}' must be a date like 2026-03-31, not {value!r}") from None


@dataclass(frozen=True)
class InboxGroup:
    """One verdict's rows on a page of the inbox: ``count`` of them in all, ``rows`` the
    ones on page ``page`` of ``pages``, newest first."""

    label: Label
    count: int
    rows: list[TriageRow]
    page: int = 1
    pages: int = 1


@dataclass(frozen=True)
class Inbox:
    """What the inbox shows: its groups in reading order, how many items the store holds
    (``total``) and how many pass the filter (``shown``), and the campaigns to filter by."""

    groups: list[InboxGroup]
    total: int
    shown: int
    campaigns: list[tuple[str, int]]


def _rows(found: Sequence[listing.ListedRow]) -> list[TriageRow]:
    from seedbed.triage import TriageRow

    return [TriageRow(item, verdict, False, campaign_id, size)
            for item, verdict, campaign_id, size in found]


def inbox(db: Path | str | None, f: InboxFilter, page: int = 1,
          per_page: int | None = None) -> Inbox:
    """The inbox: per verdict (welcome first, spam last) the count and a page of rows
    (``PAGE_ROWS`` a page unless ``per_page`` says).

    Without a verdict filter every group shows its first page; with one, that group shows
    page ``page``. Raises InputError when ``page`` is past the last page.
    """
    per_page = per_page or PAGE_ROWS
    where = f.where()
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            listing.searchable(conn)
            shown_counts = listing.counts(conn, where)
            total = sum(listing.counts(conn, listing.Where()).values()) if f.active \
                else sum(shown_counts.values())
            groups = []
            for label in LABEL_ORDER:
                n = shown_counts[label.value]
                pages = max(1, math.ceil(n / per_page))
                at = page if f.verdict is label else 1
                if at > pages:
                    raise InputError(f"field 'page' must be at most {pages}, not {at}")
                found = (listing.rows(conn, replace(where, label=label.value), per_page,
                                      (at - 1) * per_page) if n else [])
                groups.append(InboxGroup(label, n, _rows(found), at, pages))
            top = summaries.sizes(conn, FILTER_CAMPAIGNS)
            chosen = summaries.one(conn, f.campaign) if f.campaign else None
            if chosen is not None and all(c != f.campaign for c, _ in top):
                top.append((chosen.campaign_id, chosen.size))
    finally:
        engine.dispose()
    return Inbox(groups, total, sum(shown_counts.values()), top)


# -- one item -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    """A stretch of an item's text; ``codes`` names the reasons whose evidence it is."""

    text: str
    codes: tuple[str, ...] = ()


def highlight(text: str, clues: Sequence[Clue]) -> list[Segment]:
    """Cut ``text`` at the clues' spans; overlapping spans give one segment per overlap.

    Spans outside the text are clipped; the segments joined give back ``text`` exactly.
    """
    cuts = {0, len(text)}
    spans = []
    for clue in clues:
        if clue.span is None:
            continue
        start, end = max(0, clue.span[0]), min(len(text), clue.span[1])
        if start < end:
            spans.append((start, end, clue.code))
            cuts.update((start, end))
    points = sorted(cuts)
    out: list[Segment] = []
    for start, end in pairwise(points):
        codes = tuple(dict.fromkeys(code for s, e, code in spans if s <= start and end <= e))
        if out and out[-1].codes == codes:
            out[-1] = Segment(out[-1].text + text[start:end], codes)
        else:
            out.append(Segment(text[start:end], codes))
    return [s for s in out if s.text]


def relationship_facts(row: ItemDetail) -> list[tuple[str, str]]:
    """What the owner's own data says about the sender, as (fact, value) lines."""
    facts = row.case.facts
    if facts.is_connection:
        since = facts.connected_on.isoformat() if facts.connected_on else "date unknown"
        connected = f"yes, since {since}"
    else:
        connected = "no"
    employer = next((c.evidence for c in row.verdict.clues if c.code == "rel:shared_employer"),
                    "")
    you = len(facts.owner_messages) + sum(1 for m in row.case.thread if m.from_owner)
    return [
        ("Connected", connected),
        ("Their company", " · ".join(x for x in (facts.position, facts.company) if x) or "unknown"),
        ("Shared employer", employer or "none found"),
        ("Messages before this one", f"you sent {you}, they sent {facts.sender_messages}"),
        ("You invited them", "yes" if facts.owner_invited else "no"),
        ("Endorsements, recommendations", f"{facts.endorsements}, {facts.recommendations}"),
        ("Your note on them", "yes" if facts.has_note else "no"),
    ]


# -- campaigns ----------------------------------------------------------------------------

SegmentKind = Literal["fixed", "slot"]
TemplateSegment = tuple[SegmentKind, str]


@dataclass(frozen=True)
class Campaign:
    """One mass campaign: its template (fixed text and slots), size, verdict mix, senders
    (most items first: in a list the first ones, ``sender_count`` in all) and dates."""

    campaign_id: str
    size: int
    senders: tuple[str, ...]
    verdicts: dict[str, int]
    segments: tuple[TemplateSegment, ...]
    first_at: datetime | None = None
    last_at: datetime | None = None
    sender_count: int = 0

    @property
    def preview(self) -> str:
        """The template on one line, each slot shown as {…}, cut to ``PREVIEW_CHARS``."""
        text = " ".join("".join(t if k == "fixed" else "{…}" for k, t in self.segments).split())
        text = text or self.campaign_id
        return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"

    @property
    def sender_total(self) -> int:
        return max(self.sender_count, len(self.senders))


def _campaign(found: summaries.Summary, senders: Sequence[str] | None = None) -> Campaign:
    segments: tuple[TemplateSegment, ...] = tuple(
        ("slot", text) if kind == "slot" else ("fixed", text) for kind, text in found.segments)
    return Campaign(found.campaign_id, found.size, tuple(senders or found.senders),
                    {label.value: found.verdicts.get(label.value, 0) for label in LABEL_ORDER},
                    segments, found.first_at, found.last_at, found.sender_count)


@dataclass(frozen=True)
class CampaignPage:
    """A page of the campaign list, biggest campaigns first."""

    campaigns: list[Campaign]
    total: int
    page: int = 1
    pages: int = 1


def campaign_list(db: Path | str | None, page: int = 1,
                  per_page: int | None = None) -> CampaignPage:
    """Page ``page`` of the campaigns, ``CAMPAIGN_PAGE`` a page unless ``per_page`` says
    (InputError past the last page)."""
    per_page = per_page or CAMPAIGN_PAGE
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            total = summaries.count(conn)
            pages = max(1, math.ceil(total / per_page))
            if page > pages:
                raise InputError(f"field 'page' must be at most {pages}, not {page}")
            found = summaries.page(conn, per_page, (page - 1) * per_page)
    finally:
        engine.dispose()
    return CampaignPage([_campaign(c) for c in found], total, page, pages)


@dataclass(frozen=True)
class CampaignDetail:
    """One campaign's page: the campaign (with all its senders), its members by verdict (a
    page of each) and the members per month."""

    campaign: Campaign
    groups: list[InboxGroup]
    months: list[tuple[str, dict[str, int]]]


def campaign_detail(db: Path | str | None, campaign_id: str) -> CampaignDetail:
    """The campaign with this id; NotFoundError when there is none."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            found = summaries.one(conn, campaign_id) if campaign_id else None
            if found is None:
                raise NotFoundError(f"no campaign with id {campaign_id!r}")
            senders = listing.campaign_senders(conn, campaign_id)
            where = listing.Where(campaign_id=campaign_id)
            groups = []
            for label in LABEL_ORDER:
                n = found.verdicts.get(label.value, 0)
                rows = listing.rows(conn, replace(where, label=label.value), PAGE_ROWS) \
                    if n else []
                groups.append(InboxGroup(label, n, _rows(rows), 1,
                                         max(1, math.ceil(n / PAGE_ROWS))))
            months = _month_series(listing.months(conn, where))
    finally:
        engine.dispose()
    return CampaignDetail(_campaign(found, senders), groups, months)


# -- preferences ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OwnerPreferences:
    """An owner's stored preferences (what they said) and effective ones (with inferred)."""

    owner_id: int
    name: str
    stored: Preferences
    effective: Preferences
    source: str | None


def owner_preferences(db: Path | str | None) -> list[OwnerPreferences]:
    """Every owner's stored and effective preferences."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            return [OwnerPreferences(o.id, o.name, o.preferences or Preferences(),
                                     prefs_mod.with_defaults(o.preferences, o.profile),
                                     o.prefs_source) for o in queries.owners(conn)]
    finally:
        engine.dispose()


def preferences_from_lists(lists: Mapping[str, Sequence[str]], open_to_recruiters: bool,
                           source: str = WEB_PREFS_SOURCE) -> Preferences:
    """Preferences from edited lists, checked exactly as a preferences file is.

    Raises PreferencesError naming the field (too many entries, and so on).
    """
    unknown = sorted(set(lists) - set(prefs_mod.LIST_FIELDS))
    if unknown:
        raise InputError(f"unknown preference field(s): {', '.join(unknown)}")
    draft = Preferences(open_to_recruiters=open_to_recruiters,
                        **{name: tuple(lists.get(name, ())) for name in prefs_mod.LIST_FIELDS})
    return prefs_mod.parse(prefs_mod.to_toml(draft), source)


@dataclass(frozen=True)
class Rejudged:
    """What saving preferences changed: items judged again and verdicts that moved."""

    judged: int
    changed: int


def save_preferences(db: Path | str | None, owner_id: int, prefs: Preferences,
                     **kw: Any) -> Rejudged:
    """Store ``prefs`` for the owner and judge again every item they affect.

    ``kw`` goes to ``service.sync`` (``judge``, ``embedder``). Raises NotFoundError for an
    unknown owner.
    """
    service.sync(db, **kw)
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            if not queries.owners(conn, [owner_id]):
                raise NotFoundError(f"no owner with id {owner_id} in the store")
            before = final_labels(conn, [owner_id])
            queries.set_preferences(conn, owner_id, prefs, WEB_PREFS_SOURCE)
    finally:
        engine.dispose()
    judged = service.sync(db, **kw)
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            after = final_labels(conn, [owner_id])
    finally:
        engine.dispose()
    return Rejudged(len(judged), sum(1 for k, v in after.items()
                                     if before.get(k) not in (None, v)))


SenderList = Literal["allow", "block", "none"]


def set_sender_list(db: Path | str | None, item_id: str, which: SenderList) -> str:
    """Put an item's sender on the owner's allow or block list (or on neither: "none").

    Returns the sender's profile URL. Raises InputError when the sender has no profile URL
    (a name alone is shared and forgeable) and NotFoundError for an unknown item.
    """
    if which not in ("allow", "block", "none"):
        raise InputError(f"list must be allow, block or none, not {which!r}")
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            item = queries.find_item(conn, item_id)
            url = item.sender.profile_url
            if not url:
                raise InputError(f"{item.item_id}: the sender has no profile URL, so seedbed "
                                 "cannot allow or block them")
            owner = queries.owners(conn, [item.owner_id])[0]
            stored = owner.preferences or Preferences()
            allow = tuple(u for u in stored.allow if u != url)
            block = tuple(u for u in stored.block if u != url)
            new = replace(stored, allow=(*allow, url) if which == "allow" else allow,
                          block=(*block, url) if which == "block" else block)
            queries.set_preferences(conn, owner.id, new, owner.prefs_source or WEB_PREFS_SOURCE)
        return url
    finally:
        engine.dispose()


def sender_list(prefs: Preferences, sender: Person) -> SenderList:
    """Which of the owner's lists holds this sender."""
    if sender.profile_url and sender.profile_url in prefs.allow:
        return "allow"
    if sender.profile_url and sender.profile_url in prefs.block:
        return "block"
    return "none"


# -- network report -------------------------------------------------------------------------

@dataclass(frozen=True)
class YearShare:
    year: int
    connections: int
    talked: int


@dataclass(frozen=True)
class Invitations:
    sent: int = 0
    sent_accepted: int = 0
    received: int = 0
    received_accepted: int = 0


@dataclass(frozen=True)
class NetworkReport:
    """The network report's numbers; every list is in display order."""

    months: list[tuple[str, dict[str, int]]]
    connection_years: list[YearShare]
    invitations: Invitations
    top_campaigns: list[Campaign]
    top_spam_senders: list[tuple[str, str | None, int]]
    totals: dict[str, int] = field(default_factory=dict)


def _month_series(counts: Mapping[str, Mapping[str, int]]
                  ) -> list[tuple[str, dict[str, int]]]:
    """Counts per month ("YYYY-MM") by verdict, every month from the first to the last."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        found = counts.get(key, {})
        out.append((key, {label.value: found.get(label.value, 0) for label in LABEL_ORDER}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def inbound_by_month(db: Path | str | None, campaign_id: str | None = None
                     ) -> list[tuple[str, dict[str, int]]]:
    """Inbound items (of one campaign) per calendar month, by verdict, without gaps."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            return _month_series(listing.months(conn, listing.Where(campaign_id=campaign_id)))
    finally:
        engine.dispose()


def top_spam_senders(db: Path | str | None, limit: int = TOP_N
                     ) -> list[tuple[str, str | None, int]]:
    """(name, profile URL, spam items) of the senders with the most spam, most first."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            return listing.top_spam_senders(conn, limit)
    finally:
        engine.dispose()


def network_report(db: Path | str | None) -> NetworkReport:
    """The report over every owner in the store: counts per verdict and month, the owners'
    network figures (counted by triage when rows were added), the biggest campaigns and the
    top senders of spam."""
    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            everything = listing.Where()
            totals = listing.counts(conn, everything)
            months = _month_series(listing.months(conn, everything))
            found = listing.Network.total(verdicts.networks(conn).values())
            top = summaries.page(conn, TOP_N)
            spam = listing.top_spam_senders(conn, TOP_N)
    finally:
        engine.dispose()
    years = [YearShare(y, n, k) for y, n, k in found.years]
    invitations = Invitations(found.sent, found.sent_accepted, found.received,
                              found.received_accepted)
    return NetworkReport(months, years, invitations, [_campaign(c) for c in top], spam,
                         {label.value: totals[label.value] for label in LABEL_ORDER})
