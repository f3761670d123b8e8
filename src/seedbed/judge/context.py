"""What the judge is handed: an inbound item with the facts around it, and the owner.

Owns: the judge's input shapes. The service builds them from the store; tests and the
evaluation build them directly. Must not import: the store, SQLAlchemy, the CLI or the web.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from seedbed.model import Article, Kind, Person, Post, Preferences, Profile


@dataclass(frozen=True, slots=True)
class ThreadMessage:
    """An earlier message of the same conversation (oldest first in ``Case.thread``)."""

    from_owner: bool
    text: str
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SenderFacts:
    """What the owner's own data says about the sender, beyond this conversation.

    ``owner_messages`` counts messages the owner sent to this person in any conversation
    before this item; ``sender_messages`` the ones they sent the owner before it.
    """

    is_connection: bool = False
    connected_on: date | None = None
    company: str = ""
    position: str = ""
    owner_invited: bool = False
    endorsements: int = 0
    recommendations: int = 0
    has_note: bool = False
    owner_messages: tuple[str, ...] = ()
    sender_messages: int = 0
    campaign_size: int = 1
    campaign_senders: int = 1


@dataclass(frozen=True, slots=True)
class Case:
    """One inbound item to judge: an incoming invitation, or a message not sent by the owner.

    ``sponsored``: LinkedIn delivered it as an ad (Sponsored InMail).
    """

    item_id: str
    kind: Kind
    sender: Person
    text: str
    sent_at: datetime | None = None
    subject: str = ""
    html: str | None = None
    thread: tuple[ThreadMessage, ...] = ()
    facts: SenderFacts = field(default_factory=SenderFacts)
    sponsored: bool = False


@dataclass(frozen=True, slots=True)
class Owner:
    """The person seedbed works for: profile, writing, and preferences."""

    profile: Profile
    preferences: Preferences
    articles: tuple[Article, ...] = ()
    posts: tuple[Post, ...] = ()
