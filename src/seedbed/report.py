"""What the pages of the local web app show, computed from triage rows and the store.

Owns: inbox filters and grouping, evidence highlighting (text segments, never markup), the
relationship facts of an item, the campaigns protocol the pages read, editing the owner's
preferences and allow/block lists, and the network report's aggregates.
Must not import: FastAPI, Starlette, Jinja, typer, rich, the CLI or the web layer. It never
judges: verdicts come from ``seedbed.service`` (which judges again whatever is stale).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Engine, select

from seedbed import prefs as prefs_mod
from seedbed import service
from seedbed.errors import InputError, NotFoundError
from seedbed.model import Clue, Direction, Kind, Label, Person, Preferences
from seedbed.store import open_engine, queries
from seedbed.store import tables as t

if TYPE_CHECKING:
    from seedbed.triage import TriageRow

LABEL_ORDER = (Label.WELCOME, Label.RELEVANT_PITCH, Label.ASK_WHY, Label.SPAM)
# Where preferences edited in the web app say they came from (shown on the page).
WEB_PREFS_SOURCE = "seedbed ui"
# The network report lists this many spam senders and campaigns: a glance, not a census.
TOP_N = 8
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


def _date(name: str, value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"field '{name}' must be a date like 2026-03-31, not {value!r}") from None


def filter_rows(rows: Iterable[TriageRow], f: InboxFilter) -> list[TriageRow]:
    """The rows that pass the filter; the search matches sender, subject, text and summary."""
    needle = f.query.casefold()
    out = []
    for row in rows:
        day = row.item.sent_at.astimezone(UTC).date() if row.item.sent_at else None
        if f.kind and row.item.kind is not f.kind:
            continue
        if f.verdict and row.verdict.label is not f.verdict:
            continue
        if f.campaign and row.campaign_id != f.campaign:
            continue
        if f.since and (day is None or day < f.since):
            continue
        if f.until and (day is None or day > f.until):
            continue
        if needle and needle not in " ".join((row.item.sender.name, row.item.subject,
                                              row.item.text, row.verdict.summary)).casefold():
            continue
        out.append(row)
    return out


def _newest_first(row: TriageRow) -> datetime:
    return row.item.sent_at or datetime.min.replace(tzinfo=UTC)


def group_rows(rows: Iterable[TriageRow]) -> list[tuple[Label, list[TriageRow]]]:
    """Rows by verdict in reading order (welcome first, spam last), newest first in each."""
    groups: dict[Label, list[TriageRow]] = {label: [] for label in LABEL_ORDER}
    for row in rows:
        groups[row.verdict.label].append(row)
    return [(label, sorted(group, key=_newest_first, reverse=True))
            for label, group in groups.items()]


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


def relationship_facts(row: TriageRow) -> list[tuple[str, str]]:
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


# -- campaigns (the protocol the pages read; seedbed.campaign fills it) ---------------------

SegmentKind = Literal["fixed", "slot"]
TemplateSegment = tuple[SegmentKind, str]
Templater = Callable[[Sequence[str]], Sequence[TemplateSegment]]


@dataclass(frozen=True)
class Campaign:
    """One mass campaign: its template (fixed text and slots) and who sent it to whom."""

    campaign_id: str
    size: int
    senders: tuple[str, ...]
    verdicts: dict[str, int]
    segments: tuple[TemplateSegment, ...]
    members: tuple[str, ...]
    first_at: datetime | None = None
    last_at: datetime | None = None

    @property
    def preview(self) -> str:
        """The template on one line, each slot shown as {…}, cut to ``PREVIEW_CHARS``."""
        text = " ".join("".join(t if k == "fixed" else "{…}" for k, t in self.segments).split())
        text = text or self.campaign_id
        return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


CampaignSource = Callable[[Sequence["TriageRow"]], list["Campaign"]]


def literal_template(texts: Sequence[str]) -> tuple[TemplateSegment, ...]:
    """The fallback template: the earliest member's text, all fixed (no slots found)."""
    return (("fixed", texts[0]),) if texts else ()


def aligned_template(texts: Sequence[str]) -> tuple[TemplateSegment, ...]:
    """The members aligned: what stays fixed and the variable slots (campaign.template)."""
    from seedbed.campaign import extract_template

    if not texts:
        return ()
    return tuple(extract_template(list(texts)[:TEMPLATE_MEMBERS]).segments)


# Members aligned to find a campaign's template: alignment is quadratic in the words.
TEMPLATE_MEMBERS = 20


def campaigns_from_rows(rows: Sequence[TriageRow],
                        template: Templater = aligned_template) -> list[Campaign]:
    """Campaigns from the rows' ``campaign_id``, biggest first ([] when none has one)."""
    members: dict[str, list[TriageRow]] = defaultdict(list)
    for row in rows:
        if row.campaign_id:
            members[row.campaign_id].append(row)
    out = []
    for campaign_id, group in members.items():
        group.sort(key=_newest_first)
        senders = Counter(r.item.sender.name or "(no name)" for r in group)
        verdicts = Counter(r.verdict.label.value for r in group)
        dates = [r.item.sent_at for r in group if r.item.sent_at]
        out.append(Campaign(
            campaign_id, len(group), tuple(name for name, _ in senders.most_common()),
            {label.value: verdicts[label.value] for label in LABEL_ORDER},
            tuple(template([r.item.text for r in group])), tuple(r.item.item_id for r in group),
            min(dates, default=None), max(dates, default=None)))
    return sorted(out, key=lambda c: (-c.size, c.campaign_id))


def find_campaign(campaigns: Sequence[Campaign], campaign_id: str) -> Campaign:
    """The campaign with this id; raise NotFoundError when there is none."""
    for campaign in campaigns:
        if campaign.campaign_id == campaign_id:
            return campaign
    raise NotFoundError(f"no campaign with id {campaign_id!r}")


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


def _labels(rows: Sequence[TriageRow]) -> dict[str, Label]:
    return {r.item.item_id: r.verdict.label for r in rows}


def save_preferences(db: Path | str | None, owner_id: int, prefs: Preferences,
                     **kw: Any) -> Rejudged:
    """Store ``prefs`` for the owner and judge again every item they affect.

    ``kw`` goes to ``service.triage`` (``judge``, ``embedder``). Raises NotFoundError for an
    unknown owner.
    """
    before = _labels(service.triage(None, db, **kw).rows)
    engine = open_engine(db)
    try:
        with engine.begin() as conn:
            if not queries.owners(conn, [owner_id]):
                raise NotFoundError(f"no owner with id {owner_id} in the store")
            queries.set_preferences(conn, owner_id, prefs, WEB_PREFS_SOURCE)
    finally:
        engine.dispose()
    rows = service.triage(None, db, **kw).rows
    after = _labels(rows)
    return Rejudged(sum(r.judged_now for r in rows),
                    sum(1 for k, v in after.items() if before.get(k) not in (None, v)))


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


def inbound_by_month(rows: Iterable[TriageRow]) -> list[tuple[str, dict[str, int]]]:
    """Inbound items per calendar month ("YYYY-MM"), by verdict, months without gaps."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.item.sent_at:
            counts[row.item.sent_at.astimezone(UTC).strftime("%Y-%m")][row.verdict.label.value] += 1
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, {label.value: counts[key][label.value] for label in LABEL_ORDER}))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def top_spam_senders(rows: Iterable[TriageRow], limit: int = TOP_N
                     ) -> list[tuple[str, str | None, int]]:
    """(name, profile URL, spam items) of the senders with the most spam, most first."""
    counts: Counter[str] = Counter()
    who: dict[str, Person] = {}
    for row in rows:
        if row.verdict.label is Label.SPAM:
            counts[row.item.sender.key] += 1
            who[row.item.sender.key] = row.item.sender
    return [(who[k].name or "(no name)", who[k].profile_url, n)
            for k, n in counts.most_common(limit)]


def _person_keys(name: str, url: str | None) -> set[str]:
    clean = " ".join(name.lower().split())
    keys = set() if clean in _ANONYMOUS else {"name:" + clean}
    if url:
        keys.add(url)
    return keys


def _network(engine: Engine, owner_ids: Sequence[int]) -> tuple[list[YearShare], Invitations]:
    """Connections the owner ever wrote to, by year connected; invitation acceptance."""
    with engine.connect() as conn:
        links = list(conn.execute(select(
            t.connection.c.first_name, t.connection.c.last_name, t.connection.c.profile_url,
            t.connection.c.connected_on).where(t.connection.c.owner_id.in_(owner_ids),
                                               t.connection.c.hidden.is_(False))))
        items = list(conn.execute(select(
            t.item.c.kind, t.item.c.direction, t.item.c.sender_name, t.item.c.sender_url,
            t.item.c.recipients_json).where(t.item.c.owner_id.in_(owner_ids))))
    talked: set[str] = set()
    invited: list[set[str]] = []
    inviters: list[set[str]] = []
    for it in items:
        outgoing = it.direction == Direction.OUTGOING.value
        others = ([_person_keys(r.get("name") or "", r.get("profile_url"))
                   for r in json.loads(it.recipients_json)] if outgoing
                  else [_person_keys(it.sender_name, it.sender_url)])
        if it.kind == Kind.MESSAGE.value:
            if outgoing:  # talked to = the owner wrote to them; a pitch received is not talk
                for keys in others:
                    talked |= keys
        elif outgoing:
            invited.extend(others)
        else:
            inviters.extend(others)
    connected: set[str] = set()
    years: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for link in links:
        keys = _person_keys(f"{link.first_name} {link.last_name}", link.profile_url)
        connected |= keys
        if link.connected_on is not None:
            years[link.connected_on.year][0] += 1
            years[link.connected_on.year][1] += bool(keys & talked)
    shares = [YearShare(y, n, k) for y, (n, k) in sorted(years.items())]
    return shares, Invitations(len(invited), sum(1 for k in invited if k & connected),
                               len(inviters), sum(1 for k in inviters if k & connected))


def network_report(db: Path | str | None, rows: Sequence[TriageRow],
                   campaigns: Sequence[Campaign] = ()) -> NetworkReport:
    """The report over the owners of ``rows`` (all owners in the store when rows is empty)."""
    engine = open_engine(db)
    try:
        owner_ids = sorted({r.item.owner_id for r in rows})
        if not owner_ids:
            with engine.connect() as conn:
                owner_ids = [o.id for o in queries.owners(conn)]
        years, invitations = _network(engine, owner_ids)
    finally:
        engine.dispose()
    totals = Counter(r.verdict.label.value for r in rows)
    return NetworkReport(inbound_by_month(rows), years, invitations,
                         sorted(campaigns, key=lambda c: -c.size)[:TOP_N], top_spam_senders(rows),
                         {label.value: totals[label.value] for label in LABEL_ORDER})
