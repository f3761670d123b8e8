"""Reader for the JSONL interchange format (docs/interchange.md): one JSON object per line.

Owns: ``read_jsonl``, which validates each line (a ``profile``, ``connection``,
``invitation`` or ``message`` object, tied to an owner id) and groups them into one Export
per owner. Every problem is an InputError naming the file, the line and the field.
Must not import: archive or the LinkedIn readers; nothing outside seedbed.model/errors and
sources.dates/text/reading.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from seedbed.errors import InputError, NotAnExportError, printable_path
from seedbed.model import (
    Article,
    Connection,
    Direction,
    Education,
    Export,
    FileReport,
    Invitation,
    JobSeekerPreferences,
    Message,
    Person,
    Position,
    Post,
    Profile,
    canonical_profile_url,
)
from seedbed.sources.dates import parse_datetime, parse_month
from seedbed.sources.reading import name_key
from seedbed.sources.text import clean_line, clean_text, html_to_text, looks_like_html

# Larger than any message LinkedIn allows, by far; a longer line is not interchange data.
MAX_LINE_BYTES = 16 * 1024**2

_TYPES = ("profile", "connection", "invitation", "message")


class _Line:
    """One parsed line, with typed accessors that raise InputError naming the field."""

    def __init__(self, path: str, number: int, data: dict[str, Any]):
        self.path, self.number, self.data = path, number, data

    def fail(self, name: str, problem: str) -> InputError:
        return InputError(f"field {name!r} {problem}", path=self.path, line=self.number)

    def text(self, name: str, *, line: bool = True, data: dict[str, Any] | None = None,
             prefix: str = "", entities: bool = True) -> str:
        value = (self.data if data is None else data).get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(prefix + name, f"must be a string, not {type(value).__name__}")
        return (clean_line(value, entities=entities) if line
                else clean_text(value, entities=entities))

    def flag(self, name: str, data: dict[str, Any] | None = None, prefix: str = "") -> bool:
        value = (self.data if data is None else data).get(name, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(prefix + name, "must be true or false")
        return value

    def strings(self, name: str, data: dict[str, Any] | None = None,
                prefix: str = "") -> tuple[str, ...]:
        value = (self.data if data is None else data).get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(prefix + name, "must be a list of strings")
        return tuple(clean_line(v) for v in value if v.strip())

    def objects(self, name: str) -> list[dict[str, Any]]:
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(name, "must be a list of objects")
        return value

    def moment(self, name: str, data: dict[str, Any] | None = None,
               prefix: str = "") -> datetime | None:
        raw = self.text(name, data=data, prefix=prefix)
        if not raw:
            return None
        value = parse_datetime(raw)
        if value is None:
            raise self.fail(prefix + name, f"is not an ISO 8601 date: {raw!r}")
        return value

    def month(self, data: dict[str, Any], prefix: str, *names: str) -> date | None:
        for name in names:
            raw = self.text(name, data=data, prefix=prefix)
            if raw:
                value = parse_month(raw)
                if value is None:
                    raise self.fail(prefix + name, f"is not a date: {raw!r}")
                return value
        return None

    def person(self, value: Any, name: str, cache: dict[Any, Person] | None = None) -> Person:
        if not isinstance(value, dict):
            raise self.fail(name, "must be an object with name and profile_url")
        if cache is not None:
            try:
                key = tuple(value.items())
                return cache[key]
            except (KeyError, TypeError):
                pass
        person = self._person(value, name)
        if cache is not None:
            # A list or object inside is not hashable: such a person is simply not cached.
            with contextlib.suppress(TypeError):
                cache[tuple(value.items())] = person
        return person

    def _person(self, value: dict[str, Any], name: str) -> Person:
        prefix = name + "."
        full = self.text("name", data=value, prefix=prefix) or " ".join(
            p for p in (self.text("first_name", data=value, prefix=prefix),
                        self.text("last_name", data=value, prefix=prefix)) if p)
        return Person(
            full,
            canonical_profile_url(self.text("profile_url", data=value, prefix=prefix) or None),
            self.text("headline", data=value, prefix=prefix),
            self.text("company", data=value, prefix=prefix),
        )

    def direction(self) -> Direction | None:
        raw = self.text("direction").lower()
        if not raw:
            return None
        if raw not in ("incoming", "outgoing"):
            raise self.fail("direction", f"must be 'incoming' or 'outgoing', not {raw!r}")
        return Direction(raw)


@dataclass
class _Owner:
    first_line: int
    profile: Profile | None = None
    export: Export = field(default_factory=lambda: Export(profile=Profile("", "")))
    pending: list[tuple[_Line, str]] = field(default_factory=list)
    # The same senders recur on thousands of lines: one Person each.
    people: dict[Any, Person] = field(default_factory=dict)
    me: Person | None = None


def read_jsonl(path: Path) -> list[Export]:
    """Read a JSONL interchange file into one Export per owner, in order of appearance.

    Raises NotAnExportError when the file cannot be opened, and InputError naming the
    line and field for any line that is not valid interchange data.
    """
    display = printable_path(str(path))
    owners: dict[str, _Owner] = {}
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise NotAnExportError(f"cannot open this file ({exc.strerror})", path=display) from exc
    with stream:
        for number, raw in enumerate(stream, start=1):
            if len(raw) > MAX_LINE_BYTES:
                raise InputError(f"line longer than {MAX_LINE_BYTES // 1024**2} MiB",
                                 path=display, line=number)
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 ({exc.reason})", path=display,
                                 line=number) from exc
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON ({exc.msg}, column {exc.colno})",
                                 path=display, line=number) from exc
            except ValueError as exc:  # an integer of more than 4,300 digits
                raise InputError(f"not usable JSON ({exc})", path=display,
                                 line=number) from exc
            except RecursionError as exc:
                raise InputError("not usable JSON (nested too deeply)", path=display,
                                 line=number) from exc
            if not isinstance(data, dict):
                raise InputError("each line must be a JSON object", path=display, line=number)
            _add(_Line(display, number, data), owners)
    exports = []
    for owner_id, owner in owners.items():
        if owner.profile is None:
            raise InputError(f"owner {owner_id!r} has no profile line", path=display,
                             line=owner.first_line)
        for line, kind in owner.pending:
            _add_item(line, kind, owner)
        owner.export.profile = owner.profile
        owner.export.source = display
        export = owner.export
        rows = (len(export.connections) + len(export.invitations) + len(export.messages) + 1)
        export.files.append(FileReport(printable_path(path.name), rows=rows,
                                       note=f"owner {owner_id}"))
        exports.append(export)
    return exports


def _add(line: _Line, owners: dict[str, _Owner]) -> None:
    kind = line.data.get("type")
    if kind not in _TYPES:
        raise line.fail("type", f"must be one of {', '.join(_TYPES)}, not {kind!r}")
    owner_id = line.data.get("owner", "")
    if not isinstance(owner_id, str):
        raise line.fail("owner", "must be a string")
    owner = owners.setdefault(owner_id, _Owner(line.number))
    if kind == "profile":
        if owner.profile is not None:
            raise line.fail("owner", f"{owner_id!r} already has a profile line")
        owner.profile = _profile(line, owner.export)
    elif owner.profile is None:
        owner.pending.append((line, kind))  # items may come before their profile line
    else:
        _add_item(line, kind, owner)


def _add_item(line: _Line, kind: str, owner: _Owner) -> None:
    assert owner.profile is not None
    export = owner.export
    if kind == "connection":
        name = line.text("name")
        first, last = line.text("first_name"), line.text("last_name")
        if name and not (first or last):
            first, _, last = name.partition(" ")
        export.connections.append(Connection(
            first, last, canonical_profile_url(line.text("profile_url") or None),
            line.text("email"), line.text("company"), line.text("position"),
            line.month(line.data, "", "connected_on"), line.flag("hidden")))
        return
    if "sender" not in line.data:
        raise line.fail("sender", "is required")
    sender = line.person(line.data["sender"], "sender", owner.people)
    direction = line.direction() or _direction(sender, owner.profile)
    if owner.me is None:
        owner.me = Person(owner.profile.name, owner.profile.profile_url)
    me = owner.me
    if kind == "invitation":
        recipient = (line.person(line.data["recipient"], "recipient", owner.people)
                     if line.data.get("recipient") is not None
                     else me if direction is Direction.INCOMING else Person(""))
        export.invitations.append(Invitation(
            direction, sender, recipient, line.moment("sent_at"), line.text("text", line=False)))
        return
    raw_recipients = line.data.get("recipients")
    if raw_recipients is None:
        recipients: tuple[Person, ...] = (me,) if direction is Direction.INCOMING else ()
    elif isinstance(raw_recipients, list):
        recipients = tuple(line.person(r, f"recipients[{i}]", owner.people)
                           for i, r in enumerate(raw_recipients))
    else:
        raise line.fail("recipients", "must be a list of objects")
    # Markup keeps its character references (the HTML parser decodes them, once).
    text = line.text("text", line=False, entities=False)
    html = line.text("html", line=False, entities=False) or None
    if html is not None and not text:
        text = html_to_text(html)
    elif html is None and looks_like_html(text):
        text, html = html_to_text(text), text
    else:
        text = clean_text(text)
    export.messages.append(Message(
        conversation_id=line.text("conversation_id") or f"jsonl:{line.number}",
        sender=sender, recipients=recipients, sent_at=line.moment("sent_at"), text=text,
        direction=direction, subject=line.text("subject"), html=html,
        folder=line.text("folder"), conversation_title=line.text("conversation_title")))


def _direction(sender: Person, owner: Profile) -> Direction:
    if sender.profile_url and owner.profile_url:
        mine = sender.profile_url == owner.profile_url
    else:
        mine = bool(owner.name) and name_key(sender.name) == name_key(owner.name)
    return Direction.OUTGOING if mine else Direction.INCOMING


def _profile(line: _Line, export: Export) -> Profile:
    first, last = line.text("first_name"), line.text("last_name")
    if not (first or last):
        first, _, last = line.text("name").partition(" ")
    positions = tuple(
        Position(line.text("company", data=p, prefix=f"positions[{i}]."),
                 line.text("title", data=p, prefix=f"positions[{i}]."),
                 line.text("description", line=False, data=p, prefix=f"positions[{i}]."),
                 line.text("location", data=p, prefix=f"positions[{i}]."),
                 line.month(p, f"positions[{i}].", "started_on", "start"),
                 line.month(p, f"positions[{i}].", "finished_on", "end"))
        for i, p in enumerate(line.objects("positions")))
    education = tuple(
        Education(line.text("school", data=e, prefix=f"education[{i}]."),
                  line.text("degree", data=e, prefix=f"education[{i}]."),
                  line.month(e, f"education[{i}].", "started_on", "start"),
                  line.month(e, f"education[{i}].", "finished_on", "end"),
                  line.text("notes", line=False, data=e, prefix=f"education[{i}]."))
        for i, e in enumerate(line.objects("education")))
    for i, a in enumerate(line.objects("articles")):
        prefix = f"articles[{i}]."
        body = (line.text("text", line=False, data=a, prefix=prefix)
                or line.text("body", line=False, data=a, prefix=prefix))
        export.articles.append(Article(
            line.text("title", data=a, prefix=prefix), body,
            line.text("url", data=a, prefix=prefix),
            line.moment("published_at", a, prefix) or line.moment("published", a, prefix)))
    for i, p in enumerate(line.objects("posts")):
        prefix = f"posts[{i}]."
        export.posts.append(Post(
            line.text("text", line=False, data=p, prefix=prefix),
            line.moment("posted_at", p, prefix) or line.moment("date", p, prefix),
            line.text("url", data=p, prefix=prefix), line.flag("is_comment", p, prefix)))
    return Profile(
        first_name=first, last_name=last,
        headline=line.text("headline"), summary=line.text("summary", line=False),
        industry=line.text("industry"), location=line.text("location"),
        profile_url=canonical_profile_url(line.text("profile_url") or None),
        positions=positions, education=education, skills=line.strings("skills"),
        languages=line.strings("languages"), job_seeker=_job_seeker(line),
    )


def _job_seeker(line: _Line) -> JobSeekerPreferences | None:
    value = line.data.get("job_seeker")
    if value is None:
        return None
    if not isinstance(value, dict):
        raise line.fail("job_seeker", "must be an object or null")
    prefix = "job_seeker."
    return JobSeekerPreferences(
        job_titles=line.strings("job_titles", value, prefix),
        locations=line.strings("locations", value, prefix),
        industries=line.strings("industries", value, prefix),
        job_types=line.strings("job_types", value, prefix),
        open_to_recruiters=line.flag("open_to_recruiters", value, prefix),
        introduction=line.text("introduction", line=False, data=value, prefix=prefix),
    )
