"""The state shared by the per-file readers while one export is read.

Owns: ``FileLog`` (rows read and skipped, with reasons grouped, per file) and ``Reading``
(the collected records, a cache of people so 100k messages share a few thousand Person
objects, and the evidence about who the owner is). Must not import: csvfile or archive
(readers hand it plain values), nor anything outside seedbed.model and sources.text/dates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from seedbed.model import (
    Article,
    Certification,
    Connection,
    Direction,
    Education,
    Endorsement,
    FileReport,
    Invitation,
    JobSeekerPreferences,
    Message,
    Note,
    Person,
    Position,
    Post,
    Project,
    Publication,
    Recommendation,
    Volunteering,
    canonical_profile_url,
)
from seedbed.sources.dates import parse_date, parse_datetime, parse_month
from seedbed.sources.text import clean_line

# How many line numbers a grouped skip reason quotes; the count covers the rest.
LINES_QUOTED_PER_REASON = 5

# How much of an unreadable value a note quotes.
VALUE_QUOTE_CHARS = 40


class FileLog:
    """What reading one file gave; becomes its FileReport."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0
        self.skipped_rows = 0
        self.notes: list[str] = []
        self._skips: dict[str, list[int]] = {}
        self._counts: Counter[str] = Counter()

    def skip(self, line: int, reason: str, *, row: bool = True) -> None:
        """Record a row that was not used (or, ``row=False``, a field of a kept row)."""
        if row:
            self.skipped_rows += 1
        self._counts[reason] += 1
        lines = self._skips.setdefault(reason, [])
        if len(lines) < LINES_QUOTED_PER_REASON:
            lines.append(line)

    def bad_value(self, line: int, column: str, value: str, wanted: str) -> None:
        """Record a field that could not be read; the row is kept with that field empty."""
        shown = value.strip()[:VALUE_QUOTE_CHARS]
        self.skip(line, f"field {column}: {shown!r} is not {wanted}, left empty", row=False)

    def report(self, *, used: bool = True) -> FileReport:
        skipped = []
        for reason, lines in self._skips.items():
            count = self._counts[reason]
            where = ", ".join(str(n) for n in lines) + (", ..." if count > len(lines) else "")
            rows = "1 row" if count == 1 else f"{count} rows"
            skipped.append(f"{reason}: {rows} (line {where})")
        return FileReport(self.name, self.rows, used, skipped, "; ".join(self.notes),
                          self.skipped_rows)

    def when(self, line: int, column: str, value: str) -> datetime | None:
        """Parse a timestamp, noting it when it cannot be read."""
        if not value:
            return None
        moment = parse_datetime(value)
        if moment is None and value.strip() and value.strip().lower() not in ("n/a", "---"):
            self.bad_value(line, column, value, "a date")
        return moment

    def day(self, line: int, column: str, value: str) -> date | None:
        """Parse a calendar day, noting it when it cannot be read."""
        if not value:
            return None
        moment = parse_date(value)
        if moment is None and value.strip():
            self.bad_value(line, column, value, "a date")
        return moment

    def month(self, line: int, column: str, value: str) -> date | None:
        """Parse a profile date (``Mon YYYY`` or ``YYYY``), noting it when unreadable."""
        if not value:
            return None
        moment = parse_month(value)
        if moment is None and value.strip():
            self.bad_value(line, column, value, "a date")
        return moment


def name_key(name: str) -> str:
    """How two display names are compared: case-folded, whitespace collapsed."""
    return " ".join(name.casefold().split())


@dataclass
class Reading:
    """Everything read so far from one export."""

    profile: dict[str, str] = field(default_factory=dict)
    positions: list[Position] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    honors: list[str] = field(default_factory=list)
    volunteering: list[Volunteering] = field(default_factory=list)
    company_follows: list[str] = field(default_factory=list)
    learning: list[str] = field(default_factory=list)
    job_seeker: JobSeekerPreferences | None = None
    connections: list[Connection] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reaction_count: int = 0
    # Evidence for the owner's profile URL and name, counted so one stray row cannot win.
    owner_url_votes: Counter[str] = field(default_factory=Counter)
    owner_name_votes: Counter[str] = field(default_factory=Counter)
    owner_url: str | None = None
    owner_url_settled: bool = False
    _owner_name_keys: frozenset[str] = frozenset()
    _people: dict[tuple[str, str], Person] = field(default_factory=dict)
    _urls: dict[str, str | None] = field(default_factory=dict)
    _outgoing: dict[Person, bool] = field(default_factory=dict)

    def url(self, raw: str) -> str | None:
        """The canonical form of a profile URL, cached (the same URLs recur on every row)."""
        try:
            return self._urls[raw]
        except KeyError:
            canonical = canonical_profile_url(clean_line(raw)) if raw else None
            self._urls[raw] = canonical
            return canonical

    def person(self, raw_name: str, raw_url: str = "", company: str = "") -> Person:
        """The Person for a raw name and URL, shared between every row that names them."""
        key = (raw_name, raw_url) if not company else (raw_name, raw_url + "\x00" + company)
        found = self._people.get(key)
        if found is None:
            found = Person(clean_line(raw_name), self.url(raw_url), company=clean_line(company))
            self._people[key] = found
        return found

    @property
    def owner_name(self) -> str:
        first = self.profile.get("first_name", "")
        last = self.profile.get("last_name", "")
        name = " ".join(part for part in (first, last) if part)
        if not name and self.owner_name_votes:
            name = self.owner_name_votes.most_common(1)[0][0]
        return name

    def settle_owner_url(self) -> str | None:
        """Decide the owner's URL from the votes so far; later evidence cannot change it."""
        if not self.owner_url_settled:
            self.owner_url_settled = True
            if self.owner_url_votes:
                self.owner_url = self.owner_url_votes.most_common(1)[0][0]
            # The owner's display name as Profile.csv gives it, and as Invitations show it
            # on the owner's side (the two can differ: "Davide" vs "Davide Mock").
            names = {name_key(self.owner_name), *map(name_key, self.owner_name_votes)}
            self._owner_name_keys = frozenset(names - {""})
        return self.owner_url

    def is_owner(self, person: Person) -> bool:
        """True when ``person`` is the owner: by profile URL, or by name when a URL is missing."""
        cached = self._outgoing.get(person)
        if cached is None:
            owner_url = self.settle_owner_url()
            if person.profile_url and owner_url:
                cached = person.profile_url == owner_url
            else:
                cached = name_key(person.name) in self._owner_name_keys
            self._outgoing[person] = cached
        return cached

    def direction_from(self, sender: Person) -> Direction:
        """OUTGOING when the owner sent it, else INCOMING."""
        return Direction.OUTGOING if self.is_owner(sender) else Direction.INCOMING

    def forget_owner(self) -> None:
        """Drop the decided owner identity (after it was inferred late) so it is recomputed."""
        self.owner_url_settled = False
        self._outgoing.clear()
