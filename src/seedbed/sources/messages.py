"""Reader for messages.csv (9 to 13 columns, 2019-2026) and the 2018 Messages.csv.

Owns: turning message rows into Messages with a direction relative to the owner, dropping
drafts, pairing recipient names with their profile URLs, keeping HTML bodies (InMail) raw
beside their plain text, and telling LinkedIn's own rows apart: system rows (from no one:
"… left the conversation") and Sponsored InMail (ads). Must not import: archive, nor
anything outside seedbed.model and sources.
"""

from __future__ import annotations

import re
import sys

from seedbed.model import Direction, Message, Person
from seedbed.sources.csvfile import Table
from seedbed.sources.reading import FileLog, Reading, name_key
from seedbed.sources.text import clean_line, clean_text, html_to_text, looks_like_html

# The format reference found both "," (org-signal) and ";" (thephm) between recipient URLs;
# splitting only before "http" keeps a comma inside a URL's query intact.
_URL_SPLIT_RE = re.compile(r"[,;](?=\s*https?://)")

# Post-nominals that follow a comma inside one display name ("Jane Roe, MBA, PMP"), so a
# comma-joined TO field is not split in the middle of a name.
_CREDENTIAL_RE = re.compile(r"^(?:[A-Z][A-Za-z]{0,2}\.?[A-Z][A-Za-z.]{0,6}|Jr\.?|Sr\.?|[IVX]+)$")

_YES = frozenset({"yes", "true", "1"})

# LinkedIn's own rows in a thread have a blank FROM and SENDER PROFILE URL and one short line
# saying what happened. A blank sender alone is not enough: a deleted account's messages have
# one too, so the wording must be LinkedIn's. Events seen: a member left, joined, was added
# or removed, the thread was renamed, a message request was accepted or declined.
_GROUP = r"(?:conversation|group(?: chat| conversation)?|chat|thread)"
_SYSTEM_RE = re.compile(
    rf"(?:.{{1,120}}\s)?(?:has\s)?(?:left|joined)(?:\sthe\s{_GROUP})?"
    rf"|.{{1,120}}\s(?:has\s)?added\s.{{1,200}}?(?:\sto\sthe\s{_GROUP})?"
    rf"|.{{1,120}}\s(?:has\s)?removed\s.{{1,200}}?(?:\sfrom\sthe\s{_GROUP})?"
    rf"|(?:.{{1,120}}\s)?(?:has\s)?(?:changed|renamed|named|updated)\sthe\s{_GROUP}"
    rf"(?:\s(?:name|title))?(?:\sto\s.{{1,200}})?"
    r"|(?:the\s|this\s|your\s)?message\srequest\s(?:was\s|has\sbeen\s)?"
    r"(?:accepted|declined)(?:\sby\s.{1,120})?"
    r"|.{1,120}\s(?:has\s)?(?:accepted|declined)\s(?:your|the|a|their|this)\smessage\srequest",
    re.IGNORECASE,
)
# Longer than any of the lines above: a body this long is someone's message.
_SYSTEM_MAX_CHARS = 240

# Sponsored InMail: LinkedIn titles the conversation so. The export-format reference lists
# no localised title; the placeholder rule below catches ads whatever the language.
_SPONSORED_TITLES = frozenset({"sponsored conversation"})
# An advertiser's template whose merge field was never filled: "Hi %FIRSTNAME%,".
_PLACEHOLDER_RE = re.compile(r"%[A-Za-z][A-Za-z_]{2,30}%")


def read_messages(table: Table, reading: Reading, log: FileLog) -> None:
    """messages.csv of any era; the 2018 legacy layout is recognised by its Direction column."""
    if table.has("Direction") and not table.has("Conversation ID"):
        _read_legacy(table, reading, log)
        return
    conversation = table.index("CONVERSATION ID")
    title = table.index("CONVERSATION TITLE")
    sender_name, sender_url = table.index("FROM"), table.index("SENDER PROFILE URL")
    to_names, to_urls = table.index("TO"), table.index("RECIPIENT PROFILE URLS")
    sent_at, subject = table.index("DATE"), table.index("SUBJECT")
    content, folder = table.index("CONTENT"), table.index("FOLDER")
    draft = table.index("IS MESSAGE DRAFT", optional=True)
    table.known("ATTACHMENTS", "IS CONVERSATION DRAFT")
    recipients_of: dict[tuple[str, str], tuple[Person, ...]] = {}
    append = reading.messages.append
    for line, row in table.rows():
        if row[draft] and row[draft].strip().lower() in _YES:
            log.skip(line, "draft (IS MESSAGE DRAFT = Yes)")
            continue
        if not any(row):
            log.skip(line, "empty row")
            continue
        sender = reading.person(row[sender_name], row[sender_url])
        key = (row[to_names], row[to_urls])
        recipients = recipients_of.get(key)
        if recipients is None:
            recipients = recipients_of[key] = _recipients(reading, *key)
        text, html = _body(row[content])
        conversation_id = row[conversation].strip() or f"{log.name}:{line}"
        direction = reading.direction_from(sender)
        heading, about = clean_line(row[title]), clean_line(row[subject])
        append(Message(
            conversation_id=sys.intern(conversation_id),
            sender=sender,
            recipients=recipients,
            sent_at=log.when(line, "DATE", row[sent_at]),
            text=text,
            direction=direction,
            subject=about,
            html=html,
            folder=sys.intern(row[folder].strip()),
            conversation_title=heading,
            system=is_system_row(sender, text),
            sponsored=is_sponsored(direction, sender, heading, about, text),
        ))
        log.rows += 1
        if reading.owner_url is None and sender.profile_url and reading.is_owner(sender):
            reading.owner_url_votes[sender.profile_url] += 1


def _read_legacy(table: Table, reading: Reading, log: FileLog) -> None:
    """2018 Messages.csv: From,To,Date,Subject,Content,Direction,Folder; no ids, no URLs."""
    sender_name, to_names = table.index("From"), table.index("To")
    sent_at, subject = table.index("Date"), table.index("Subject")
    content, direction_column = table.index("Content"), table.index("Direction")
    folder = table.index("Folder")
    thread = ""
    for line, row in table.rows():
        if not any(row):
            log.skip(line, "empty row")
            continue
        sender = reading.person(row[sender_name])
        recipients = _recipients(reading, row[to_names], "")
        raw = row[direction_column].strip().upper()
        if raw in ("INCOMING", "OUTGOING"):
            direction = Direction(raw.lower())
        else:
            direction = reading.direction_from(sender)
        outgoing = direction is Direction.OUTGOING
        other = recipients[0].name if outgoing and recipients else sender.name
        text, html = _body(row[content])
        about = clean_line(row[subject])
        system = is_system_row(sender, text)
        # The legacy file has no conversation id: one thread per other person. A system row
        # names no one: it belongs to the thread it is written in, that of the row before.
        if not system or not thread:
            thread = sys.intern("legacy:" + name_key(other))
        reading.messages.append(Message(
            conversation_id=thread,
            sender=sender,
            recipients=recipients,
            sent_at=log.when(line, "Date", row[sent_at]),
            text=text,
            direction=direction,
            subject=about,
            html=html,
            folder=row[folder].strip(),
            system=system,
            sponsored=is_sponsored(direction, sender, "", about, text),
        ))
        log.rows += 1


def _body(raw: str) -> tuple[str, str | None]:
    """(plain text, raw HTML or None) for a CONTENT cell."""
    if looks_like_html(raw):
        return html_to_text(raw), clean_text(raw, entities=False)
    return clean_text(raw), None


def is_system_row(sender: Person, text: str) -> bool:
    """True for a row LinkedIn wrote itself: no sender at all, and one line in its words."""
    return (not sender.name and sender.profile_url is None and len(text) <= _SYSTEM_MAX_CHARS
            and "\n" not in text and _SYSTEM_RE.fullmatch(text.rstrip(".!")) is not None)


def is_sponsored(direction: Direction, sender: Person, title: str, subject: str,
                 text: str) -> bool:
    """True for a LinkedIn ad received: a "Sponsored Conversation", or a template with an
    unfilled ``%FIRSTNAME%`` placeholder from a sender who has no profile URL (advertisers
    and LinkedIn's own senders have none)."""
    if direction is Direction.OUTGOING:
        return False
    if " ".join(title.casefold().split()) in _SPONSORED_TITLES:
        return True
    return sender.profile_url is None and (_PLACEHOLDER_RE.search(text) is not None
                                           or _PLACEHOLDER_RE.search(subject) is not None)


def _recipients(reading: Reading, names: str, urls: str) -> tuple[Person, ...]:
    """Pair the TO names with RECIPIENT PROFILE URLS; never split a name on a bare comma."""
    url_list = [u.strip() for u in _URL_SPLIT_RE.split(urls)] if urls.strip() else []
    url_list = [u for u in url_list if u]
    if len(url_list) <= 1:
        if not names.strip() and not url_list:
            return ()
        return (reading.person(names, url_list[0] if url_list else ""),)
    parts = split_names(names, len(url_list))
    return tuple(reading.person(name, url) for name, url in zip(parts, url_list, strict=True))


def split_names(names: str, count: int) -> list[str]:
    """Split a ", "-joined TO field into ``count`` names, keeping "Name, MBA" together.

    When the names cannot be matched to the count, every name is left empty (the URLs
    still identify the people).
    """
    parts: list[str] = []
    for piece in (p.strip() for p in names.split(",")):
        if parts and (not piece or _CREDENTIAL_RE.match(piece)):
            parts[-1] = f"{parts[-1]}, {piece}" if piece else parts[-1]
        else:
            parts.append(piece)
    return parts if len(parts) == count else [""] * count
