"""The people a sender writes to: read from a JSONL of profiles, a JSON file, or the store.

Owns: ``Recipient`` (a person seen as a judge would see them: an ``Owner`` with profile,
effective preferences and writing, plus what their side knows of the sender), the ``prefs``
extension of the interchange ``profile`` line, and turning the store's connections into
recipients. Must not import: typer, rich, the CLI or the web layer.

A recipient's needs are their declared ones (``prefs.needs`` on the profile line) when given;
otherwise they are inferred from the profile by ``prefs.with_defaults`` and marked inferred,
exactly as for an owner who gives no preferences file.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select

from seedbed import prefs as prefs_mod
from seedbed.errors import InputError, NotFoundError
from seedbed.judge.context import Owner, SenderFacts
from seedbed.judge.lexicon import is_decline
from seedbed.judge.relationship import shared_employer
from seedbed.model import (
    Article,
    Direction,
    Kind,
    Position,
    Post,
    Preferences,
    Profile,
    canonical_profile_url,
)
from seedbed.sources.jsonl import read_jsonl
from seedbed.store import open_engine, queries
from seedbed.store import tables as t
from seedbed.store.queries import pick_owner as pick_owner  # re-exported: sender modules use it

# The ``prefs`` object a profile line may carry (the development set's persona format).
PREFS_LISTS = ("needs", "welcome_topics", "unwelcome_topics")


@dataclass(frozen=True)
class Recipient:
    """Someone the sender may write to, as the judge would see them if they were its owner.

    ``facts`` is what the recipient's own data would say about the sender (the store's owner):
    a connection who has written to the sender before knows them, and a message to them is
    welcome whatever it offers. People read from a profile file know nothing of the sender.
    """

    key: str
    name: str
    owner: Owner
    declared_needs: bool
    source: str
    facts: SenderFacts = field(default_factory=SenderFacts)

    @property
    def headline(self) -> str:
        return self.owner.profile.headline

    @property
    def profile_url(self) -> str | None:
        return self.owner.profile.profile_url

    @property
    def little_known(self) -> bool:
        """True when seedbed knows no more than a name, a company and a title."""
        p = self.owner.profile
        return not (self.declared_needs or self.owner.articles or self.owner.posts
                    or p.summary or p.skills)


def recipient(profile: Profile, prefs: Preferences | None = None,
              articles: Iterable[Article] = (), posts: Iterable[Post] = (),
              source: str = "", facts: SenderFacts | None = None) -> Recipient:
    """A recipient from a profile and (optional) declared preferences; needs inferred if absent."""
    declared = bool(prefs and prefs.needs)
    effective = prefs_mod.with_defaults(prefs, profile)
    # with_defaults may guess the same line twice (a headline that is also the current role).
    effective = replace(effective, needs=tuple(dict.fromkeys(effective.needs)))
    key = profile.profile_url or "name:" + " ".join(profile.name.lower().split())
    return Recipient(key, profile.name, Owner(profile, effective, tuple(articles), tuple(posts)),
                     declared, source, facts or SenderFacts())


def as_recipient(person: Owner | Recipient, facts: SenderFacts | None = None) -> Recipient:
    """A recipient from a judge ``Owner`` (its inferred needs inferred again), or ``person``
    itself with ``facts`` replaced when given."""
    if isinstance(person, Recipient):
        return person if facts is None else replace(person, facts=facts)
    prefs = person.preferences
    if "needs" in prefs.inferred:  # recipient() infers them again from the same profile
        prefs = replace(prefs, needs=(), inferred=())
    return recipient(person.profile, prefs, person.articles, person.posts, facts=facts)


# -- profile files ----------------------------------------------------------------------------


def _prefs(data: dict[str, Any], path: str, line: int) -> Preferences | None:
    raw = data.get("prefs")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError("field 'prefs' must be an object", path=path, line=line)
    values: dict[str, tuple[str, ...]] = {}
    for name in PREFS_LISTS:
        items = raw.get(name) or []
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise InputError(f"field 'prefs.{name}' must be a list of strings", path=path,
                             line=line)
        values[name] = tuple(" ".join(v.split())[:prefs_mod.MAX_ITEM_CHARS]
                             for v in items[:prefs_mod.MAX_ITEMS] if v.strip())
    recruiters = raw.get("open_to_recruiters", False)
    if not isinstance(recruiters, bool):
        raise InputError("field 'prefs.open_to_recruiters' must be true or false", path=path,
                         line=line)
    return Preferences(needs=values["needs"], welcome_topics=values["welcome_topics"],
                       unwelcome_topics=values["unwelcome_topics"],
                       open_to_recruiters=recruiters)


def _declared_prefs(path: Path) -> list[Preferences | None]:
    """The ``prefs`` of each owner's profile line, in the order read_jsonl returns owners."""
    order: dict[str, Preferences | None] = {}
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            if not text.strip():
                continue
            data = json.loads(text)
            owner = data.get("owner", "")
            order.setdefault(owner, None)
            if data.get("type") == "profile":
                order[owner] = _prefs(data, str(path), number)
    return list(order.values())


def read_profiles(path: Path) -> list[Recipient]:
    """Every profile of a JSONL interchange file as a recipient (docs/senders.md).

    Lines are validated by ``read_jsonl`` (errors name the file, line and field); a profile
    line may also carry ``"prefs": {"needs": [...], "welcome_topics": [...],
    "unwelcome_topics": [...], "open_to_recruiters": false}``.
    """
    exports = read_jsonl(path)
    declared = _declared_prefs(path)
    return [recipient(e.profile, prefs, e.articles, e.posts, str(path))
            for e, prefs in zip(exports, declared, strict=True)]


def read_profile_file(path: Path) -> Recipient:
    """One recipient from a ``.jsonl`` file holding one profile or a ``.json`` file (one object).

    A ``.json`` file may be pretty-printed and may leave out ``"type": "profile"``.
    """
    if path.suffix.lower() != ".json":
        people = read_profiles(path)
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the file ({exc.__class__.__name__})",
                             path=str(path)) from exc
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg}, line {exc.lineno})",
                             path=str(path)) from exc
        if not isinstance(data, dict):
            raise InputError("must hold one JSON object (a profile)", path=str(path))
        data.setdefault("type", "profile")
        people = _read_one_object(data, path)
    if len(people) != 1:
        raise InputError(f"holds {len(people)} profiles; give a file with exactly one",
                         path=str(path))
    return people[0]


def _read_one_object(data: dict[str, Any], path: Path) -> list[Recipient]:
    # read_jsonl validates line by line; the object goes through it as a one-line file so
    # that a .json profile is checked exactly like a JSONL one. Errors name the real file.
    with tempfile.TemporaryDirectory(prefix="seedbed-") as tmp:
        line_file = Path(tmp) / (path.stem + ".jsonl")
        line_file.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        try:
            people = read_profiles(line_file)
        except InputError as exc:
            message = str(exc).removeprefix(f"{line_file}, line 1: ")
            raise InputError(message, path=str(path)) from None
    return [replace(p, source=str(path)) for p in people]


# -- the store's connections ------------------------------------------------------------------

Store = Engine | Path | str | None


@contextmanager
def engine_for(db: Store) -> Iterator[Engine]:
    """An open engine: ``db`` itself, or the store at a path (the default store when None),
    opened for the block and disposed after it."""
    if isinstance(db, Engine):
        yield db
        return
    engine = open_engine(db)
    try:
        yield engine
    finally:
        engine.dispose()



def _name_key(name: str) -> str:
    return "name:" + " ".join(name.lower().split())


def _keys(name: str, url: str | None) -> tuple[str, ...]:
    """Profile URL first, then name: an order that does not depend on the hash seed."""
    keys = (url,) if url else ()
    if " ".join(name.lower().split()) not in queries.ANONYMOUS_NAMES:
        keys = (*keys, _name_key(name))
    return keys


@dataclass
class _Ties:
    """What the store says each person did towards the owner (keys: URL and name key)."""

    wrote: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    written_to: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    invited_owner: set[str] = field(default_factory=set)
    endorsements: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    recommendations: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _ties(conn: Connection, owner_id: int) -> _Ties:
    ties = _Ties()
    items = select(t.item.c.kind, t.item.c.direction, t.item.c.sender_name, t.item.c.sender_url,
                   t.item.c.recipients_json, t.item.c.text).where(t.item.c.owner_id == owner_id)
    for row in conn.execute(items):
        if row.direction == Direction.INCOMING.value:
            for key in _keys(row.sender_name, row.sender_url):
                if row.kind == Kind.INVITATION.value:
                    ties.invited_owner.add(key)
                elif row.text.strip():
                    ties.wrote[key].append(row.text)
        elif row.kind == Kind.MESSAGE.value:
            for r in json.loads(row.recipients_json):
                for key in _keys(r.get("name") or "", r.get("profile_url")):
                    ties.written_to[key] += 1
    relations = select(t.relation.c.kind, t.relation.c.person_key, t.relation.c.person_name
                       ).where(t.relation.c.owner_id == owner_id)
    for rel in conn.execute(relations):
        target = {"endorsement": ties.endorsements,
                  "recommendation": ties.recommendations}.get(rel.kind)
        if target is not None:
            for key in {rel.person_key, _name_key(rel.person_name)}:
                target[key] += 1
    return ties


def _shared_company(company: str, owner: Profile) -> str:
    """The owner's employer that matches ``company`` (relationship.py's rule), else current."""
    match = shared_employer(company, owner)
    if match:
        return match
    current = owner.current_positions
    return current[0].company if current else ""


def connection_recipients(conn: Connection, owner: queries.OwnerRow) -> list[Recipient]:
    """The owner's connections as recipients: name, company and title only (little known).

    Their ``facts`` say what each connection's side knows of the owner: messages they wrote
    to the owner (a refusal does not count, as in the judge), an invitation they sent,
    endorsements and recommendations, a shared employer.
    """
    ties = _ties(conn, owner.id)
    rows = conn.execute(select(t.connection).where(
        t.connection.c.owner_id == owner.id, t.connection.c.hidden.is_(False)
    ).order_by(t.connection.c.id))
    out: list[Recipient] = []
    seen: set[str] = set()
    for row in rows:
        profile = _connection_profile(row.first_name, row.last_name, row.profile_url,
                                      row.company, row.position)
        keys = _keys(profile.name, profile.profile_url)
        if not keys or seen.intersection(keys) or profile.profile_url == owner.profile.profile_url:
            continue
        seen.update(keys)
        wrote = tuple(text for key in keys for text in ties.wrote.get(key, ())
                      if not is_decline(text))
        facts = SenderFacts(
            is_connection=True, connected_on=row.connected_on,
            company=_shared_company(row.company or "", owner.profile),
            owner_invited=not ties.invited_owner.isdisjoint(keys),
            endorsements=sum(ties.endorsements.get(k, 0) for k in keys),
            recommendations=sum(ties.recommendations.get(k, 0) for k in keys),
            owner_messages=wrote,
            sender_messages=sum(ties.written_to.get(k, 0) for k in keys),
        )
        out.append(recipient(profile, None, source="connection", facts=facts))
    return out


def _connection_profile(first: str, last: str, url: str | None, company: str | None,
                        position: str | None) -> Profile:
    company, position = (company or "").strip(), (position or "").strip()
    headline = " at ".join(p for p in (position, company) if p)
    positions = (Position(company, position),) if company or position else ()
    return Profile(first, last, headline=headline, profile_url=url, positions=positions)


def find_connection(conn: Connection, owner: queries.OwnerRow, url: str) -> Recipient:
    """The owner's connection with this profile URL, as a recipient."""
    wanted = canonical_profile_url(url)
    for person in connection_recipients(conn, owner):
        if wanted and person.profile_url == wanted:
            return person
    raise NotFoundError(f"{url} is not one of {owner.name}'s connections in the store; "
                        "give a JSON profile file instead")


def resolve(conn: Connection | None, spec: str, owner: str | None = None) -> Recipient:
    """``--to``: a JSON/JSONL profile file when ``spec`` is an existing file, else a profile
    URL of a connection of the store's owner."""
    path = Path(spec).expanduser()
    if path.is_file():
        return read_profile_file(path)
    if canonical_profile_url(spec) is None or "linkedin.com/" not in spec.lower():
        raise InputError("is neither a profile file nor a LinkedIn profile URL", path=spec)
    if conn is None:
        raise NotFoundError("a profile URL needs the store; give a JSON profile file instead")
    return find_connection(conn, pick_owner(conn, owner), spec)
