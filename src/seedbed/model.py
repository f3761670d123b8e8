"""The vocabulary of seedbed: plain, typed dataclasses and nothing else.

Owns: the shapes that readers produce, the store keeps and the judge reads.
Must not import: anything of seedbed but ``errors``; no I/O, no third-party packages.

Times are timezone-aware UTC ``datetime`` values; calendar dates (a position's start,
a connection's day) are ``date`` values. Profile URLs are kept in their canonical form
(see ``canonical_profile_url``) so that one person has one key everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from urllib.parse import unquote, urlsplit


class Kind(StrEnum):
    """What an outreach item is."""

    INVITATION = "invitation"
    MESSAGE = "message"


class Direction(StrEnum):
    """Whether the owner received an item or sent it."""

    INCOMING = "incoming"
    OUTGOING = "outgoing"


class Label(StrEnum):
    """The four verdicts, in the order a person reads them."""

    WELCOME = "welcome"
    RELEVANT_PITCH = "relevant_pitch"
    ASK_WHY = "ask_why"
    SPAM = "spam"


_SLUG_RE = re.compile(r"linkedin\.com/(?:in|pub)/([^/?#\s]+)", re.IGNORECASE)


def canonical_profile_url(url: str | None) -> str | None:
    """Return the canonical form of a LinkedIn profile URL, or None when there is none.

    Lower-cases the host, drops ``www.``, the scheme's variants, query, fragment and a
    trailing slash, and percent-decodes the slug, so ``https://www.linkedin.com/in/zo%C3%AB-b/``
    and ``linkedin.com/in/zoë-b`` are the same person. Non-LinkedIn URLs are returned trimmed.
    Total: any text gives a string or None, never an error. Text that no URL parser accepts
    (``https://a[b/``, an unclosed IPv6 bracket) or that names no host is not a URL: None.
    A LinkedIn URL without a slug (``https://www.linkedin.com/in``, ``/in/?trk=x``,
    ``http://de.linkedin.com/pub/``, the bare host) names nobody: None. Late-2023 exports
    write ``https://www.linkedin.com/in`` on rows of Invitations.csv; taken as an identity,
    it made the owner, every inviter and every invitee one person.
    """
    if url is None:
        return None
    url = url.strip()
    if not url:
        return None
    match = _SLUG_RE.search(url)
    if match:
        slug = unquote(match.group(1)).strip().lower()
        return f"https://www.linkedin.com/in/{slug}" if slug else None
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
        host = parts.hostname or ""
    except ValueError:
        return None
    if not parts.netloc:
        return None
    path = parts.path.strip().rstrip("/")
    if _is_linkedin_host(host) and path.strip("/ ").lower() in _NOBODY_PATHS:
        return None
    return f"https://{parts.netloc.lower()}{path}"


# Paths of a LinkedIn URL (slashes and spaces around them dropped) that name no member: the
# profile prefixes without a slug, and the site itself.
_NOBODY_PATHS = frozenset({"", "in", "pub"})


def _is_linkedin_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == "linkedin.com" or host.endswith(".linkedin.com")


@dataclass(frozen=True, slots=True)
class Person:
    """Someone on the other end: a name as shown, and the profile URL when known."""

    name: str
    profile_url: str | None = None
    headline: str = ""
    company: str = ""

    @property
    def key(self) -> str:
        """A stable identity: the profile URL, else the lower-cased name."""
        return self.profile_url or "name:" + " ".join(self.name.lower().split())


@dataclass(frozen=True, slots=True)
class Position:
    company: str
    title: str
    description: str = ""
    location: str = ""
    started_on: date | None = None
    finished_on: date | None = None

    @property
    def is_current(self) -> bool:
        return self.finished_on is None


@dataclass(frozen=True, slots=True)
class Education:
    school: str
    degree: str = ""
    started_on: date | None = None
    finished_on: date | None = None
    notes: str = ""


@dataclass(frozen=True, slots=True)
class Certification:
    name: str
    authority: str = ""
    started_on: date | None = None


@dataclass(frozen=True, slots=True)
class Project:
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Publication:
    name: str
    description: str = ""
    publisher: str = ""


@dataclass(frozen=True, slots=True)
class Volunteering:
    organization: str
    role: str = ""
    cause: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class JobSeekerPreferences:
    """What ``Jobs/Job Seeker Preferences.csv`` says the owner is looking for."""

    job_titles: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    job_types: tuple[str, ...] = ()
    open_to_recruiters: bool = False
    introduction: str = ""


@dataclass(frozen=True, slots=True)
class Profile:
    """The owner: who they are and what they do, from the profile files."""

    first_name: str
    last_name: str
    headline: str = ""
    summary: str = ""
    industry: str = ""
    location: str = ""
    profile_url: str | None = None
    positions: tuple[Position, ...] = ()
    education: tuple[Education, ...] = ()
    skills: tuple[str, ...] = ()
    certifications: tuple[Certification, ...] = ()
    languages: tuple[str, ...] = ()
    projects: tuple[Project, ...] = ()
    publications: tuple[Publication, ...] = ()
    honors: tuple[str, ...] = ()
    volunteering: tuple[Volunteering, ...] = ()
    company_follows: tuple[str, ...] = ()
    learning: tuple[str, ...] = ()
    job_seeker: JobSeekerPreferences | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def current_positions(self) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.is_current)


@dataclass(frozen=True, slots=True)
class Connection:
    """A 1st-degree connection. ``hidden`` marks LinkedIn's date-only rows."""

    first_name: str
    last_name: str
    profile_url: str | None = None
    email: str = ""
    company: str = ""
    position: str = ""
    connected_on: date | None = None
    hidden: bool = False

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True, slots=True)
class Invitation:
    """A connection invitation, either way; ``text`` is the note ("" when blank)."""

    direction: Direction
    sender: Person
    recipient: Person
    sent_at: datetime | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a conversation.

    ``text`` is clean plain text; ``html`` keeps the raw body when LinkedIn sent HTML
    (InMail, sponsored), else it is None. ``direction`` is relative to the owner.
    ``system`` marks a row LinkedIn wrote itself, from no one ("… left the conversation",
    "Message request accepted"): kept in its thread, never judged. ``sponsored`` marks a
    LinkedIn ad (Sponsored InMail): a "Sponsored Conversation", or a body with an unfilled
    ``%FIRSTNAME%`` placeholder from a sender without a profile URL.
    """

    conversation_id: str
    sender: Person
    recipients: tuple[Person, ...]
    sent_at: datetime | None
    text: str
    direction: Direction
    subject: str = ""
    html: str | None = None
    folder: str = ""
    conversation_title: str = ""
    system: bool = False
    sponsored: bool = False


@dataclass(frozen=True, slots=True)
class Conversation:
    """A thread: its messages oldest first."""

    conversation_id: str
    title: str
    messages: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    text: str
    url: str = ""
    published_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A share, or a comment when ``is_comment`` is set."""

    text: str
    posted_at: datetime | None = None
    url: str = ""
    is_comment: bool = False


@dataclass(frozen=True, slots=True)
class Endorsement:
    """An endorsement; ``person`` is the other side (endorser or endorsee)."""

    direction: Direction
    skill: str
    person: Person
    endorsed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation; ``person`` is the other side. LinkedIn gives no URL here."""

    direction: Direction
    person: Person
    text: str
    job_title: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Note:
    """The owner's private note about a connection (``Notes.csv``)."""

    person: Person
    text: str
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Preferences:
    """What the owner wants and does not want; see docs/preferences.md.

    ``inferred`` lists the fields seedbed filled in itself, for the summary to say so.
    """

    needs: tuple[str, ...] = ()
    welcome_topics: tuple[str, ...] = ()
    unwelcome_topics: tuple[str, ...] = ()
    open_to_recruiters: bool = False
    languages: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()


@dataclass(slots=True)
class FileReport:
    """What reading one file gave: rows read, rows skipped with reasons, or why unused.

    ``skipped`` holds one line per reason, with its count and first lines (a field that
    could not be read, the row kept, is a reason too); ``skipped_rows`` is how many rows
    were left out.
    """

    name: str
    rows: int = 0
    used: bool = True
    skipped: list[str] = field(default_factory=list)
    note: str = ""
    skipped_rows: int = 0


@dataclass(slots=True)
class Export:
    """Everything one export (or JSONL interchange file) holds for one owner."""

    profile: Profile
    connections: list[Connection] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reaction_count: int = 0
    files: list[FileReport] = field(default_factory=list)
    source: str = ""
    # What the reader could not read or had to guess about the export as a whole, in words
    # ("owner unknown: ...", a file every export has that is missing, which of two copies
    # was read), for the import summary.
    remarks: list[str] = field(default_factory=list)

    def conversations(self) -> list[Conversation]:
        """Group messages into conversations, each oldest first."""
        grouped: dict[str, list[Message]] = {}
        for message in self.messages:
            grouped.setdefault(message.conversation_id, []).append(message)
        result = []
        for conversation_id, messages in grouped.items():
            messages.sort(key=lambda m: (m.sent_at is None, m.sent_at))
            title = next((m.conversation_title for m in messages if m.conversation_title), "")
            result.append(Conversation(conversation_id, title, tuple(messages)))
        return result


@dataclass(frozen=True, slots=True)
class Clue:
    """One piece of evidence for a verdict.

    ``code`` is a stable, prefixed rule name (``rel:two_way_history``, ``offer:call_ask``);
    ``points`` is its signed contribution to the spam score (negative = towards welcome);
    ``detail`` says it in plain words; ``evidence`` quotes the text span or fact behind it;
    ``span`` is the (start, end) of that evidence in the item's text when it is from the text.
    """

    code: str
    points: float
    detail: str
    evidence: str = ""
    span: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judge's answer for one item: a label, a probability, and its reasons."""

    label: Label
    spam_probability: float
    clues: tuple[Clue, ...]
    summary: str
    unsure: bool = False
    source: str = "model"
    # What the verdict would become on the other side of the hiding bar (the best
    # non-spam verdict for a spam one, spam for the others), with its summary; used when
    # the owner's corrections move their bar (triage.owner_threshold).
    alternative: tuple[Label, str] | None = None
