"""Write a ``seedbed.model.Export`` as a LinkedIn data export of a given era, and make big ones.

Owns: the byte-level shape of the export files as described in the project's LinkedIn
export-format reference (headers, per-file date formats, encodings, quoting, line endings,
preamble, zip names) for four eras, and a cheap synthetic inbox generator for any scale.
Used by tests, by ``scripts/make_demo_export.py`` (the bundled demo) and by benchmarks.
Must not import: the export reader (``seedbed.sources``) or anything of seedbed but ``model``;
no pandas - every CSV goes through the ``csv`` module.

Eras:
  "2018"  legacy ``Messages.csv`` (From,To,Date,Subject,Content,Direction,Folder), M/D/YY
          dates, 6-column Connections without preamble, UTF-16LE tab-separated fully quoted
          ``Shares.csv`` / ``Logins.csv`` / ``Ad Targeting.csv``, ``Articles/<date>.html``.
  "2022"  9-column messages, Connections preamble + 6 columns, CRLF activity files, Comments
          with backslash-escaped quotes, parallel UTF-16 ``Endorsement Received Info.csv``.
  "2024"  10-column messages (12 with quirk ``messages_12col``), 7-column Connections,
          Invitations with profile URLs, endorsements with ``Public Url``.
  "2026"  all-quoted 11-column messages (13 with ``messages_13col``) with real multi-line
          content, ``Shares_<memberId>.csv``-style names, article skeleton, Notes, Jobs.
"""

from __future__ import annotations

import base64
import csv
import dataclasses
import functools
import html
import io
import itertools
import random
import re
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from seedbed.model import (
    Article,
    Certification,
    Connection,
    Direction,
    Education,
    Endorsement,
    Export,
    Invitation,
    Message,
    Person,
    Position,
    Post,
    Profile,
    Project,
    Publication,
    Recommendation,
    Volunteering,
    canonical_profile_url,
)

ERAS = ("2018", "2022", "2024", "2026")

QUIRKS = frozenset(
    {
        "complete",  # name the zip Complete_LinkedInDataExport_... (2018 always is)
        "messages_12col",  # 2024: ...,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT
        "messages_13col",  # 2026: ...,ATTACHMENTS,IS MESSAGE DRAFT,IS CONVERSATION DRAFT
        "draft_rows",  # add one unsent draft row where the draft columns exist
        "crlf_content",  # 2026: CRLF inside multi-line CONTENT
        "semicolon_recipients",  # join RECIPIENT PROFILE URLS with ';' instead of ','
        "no_preamble",  # Connections.csv edited by its owner: no 'Notes:' preamble
        "dated_article_names",  # Articles/Articles/2025-11-21 17_31_01.0-Title.html
        # Classes of real exports that misled the importer:
        "bare_in_url",  # 2024/2026: Invitations' URL columns hold "https://www.linkedin.com/in"
        "connections_without_url",  # 2024/2026 Connections.csv without its URL column
        "no_profile",  # no Profile.csv and no Profile Summary.csv
        "system_rows",  # LinkedIn's blank-sender lines in threads ("… left the conversation")
        "sponsored",  # two ads: a "Sponsored Conversation", an unfilled %FIRSTNAME%
        "entities",  # plain-text bodies and notes with HTML references (I&rsquo;d, &mdash;)
        "unquoted_comments",  # Comments rows with commas but no quotes (not 2018)
    }
)

# What a late-2023 Invitations.csv writes in its URL columns: a profile URL without a slug.
BARE_IN_URL = "https://www.linkedin.com/in"

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# The 366-byte disclaimer line LinkedIn puts above the Connections header since ~2022.
CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed their"
    " connections to see or download their email address using this setting"
    " https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    ' https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)

_M9 = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "DATE",
       "SUBJECT", "CONTENT", "FOLDER"]
_M10 = [*_M9[:5], "RECIPIENT PROFILE URLS", *_M9[5:]]
_DRAFT_COLS = ["IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"]
MESSAGE_HEADERS = {
    "2018": ["From", "To", "Date", "Subject", "Content", "Direction", "Folder"],
    "2022": _M9,
    "2024": _M10,
    "2024/12": _M10 + _DRAFT_COLS,
    "2026": [*_M10, "ATTACHMENTS"],
    "2026/13": [*_M10, "ATTACHMENTS", *_DRAFT_COLS],
}
CONNECTION_HEADERS = {
    "old": ["First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"],
    "new": ["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
            "Connected On"],
}
INVITATION_HEADERS = {
    "old": ["From", "To", "Sent At", "Message", "Direction"],
    "new": ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
            "inviteeProfileUrl"],
}
PROFILE_HEADERS = {
    "2018": ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
             "Contact Instructions", "Headline", "Summary", "Industry", "Country", "Zip Code",
             "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"],
    "new": ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline",
            "Summary", "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites",
            "Instant Messengers"],
}
JOB_SEEKER_HEADER = [
    "Locations", "Industries", "Company Employee Count", "Preferred Job Types", "Job Titles",
    "Open To Recruiters", "Dream Companies", "Profile Shared With Job Poster",
    "Job Title For Searching Fast Growing Companies", "Introduction Statement", "Phone Number",
    "Job Seeker Activity Level", "Preferred Start Time Range",
    "Commute Preference Starting Address", "Commute Preference Starting Time",
    "Mode Of Transportation", "Maximum Commute Duration", "Open Candidate Visibility",
    "Job Seeking Urgency Level",
]
LEARNING_HEADER = [
    "Content Title", "Content Description", "Content Type",
    "Content Last Watched Date (if viewed)", "Content Completed At (if completed)",
    "Content Saved", "Notes taken on videos (if taken)", "",
]
_AD_2022 = [
    "Member Age", "Company Names", "Company Names", "Company Follower of", "Company Names",
    "Company Category", "Company Size", "Degrees", "degreeClass", "Member Schools",
    "Company Growth Rate", "Fields of Study", "Company Connections", "Function By Size",
    "Job Functions", "Member Gender", "Graduation Year", "Member Groups", "Company Industries",
    "Member Interests", "Interface Locales", "interfaceLocale", "Member Traits",
    "Profile Locations", "Company Revenue", "Job Seniorities", "Member Skills", "Job Titles",
    "Job Titles", "Job Titles", "Years of Experience",
]
_AD_2024 = [_AD_2022[0], "Buyer Groups", *_AD_2022[1:]]


def _ad_2026() -> list[str]:
    cols = list(_AD_2024)
    cols.insert(cols.index("degreeClass") + 1, "Recent Device OS")
    cols.insert(cols.index("Member Traits") + 1, "High Value Audience Segments")
    cols.insert(cols.index("Job Titles"), "Standard Audience Segments")
    return cols


AD_TARGETING_HEADERS = {"2022": _AD_2022, "2024": _AD_2024, "2026": _ad_2026()}


# ----------------------------------------------------------------------------- dates


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _clock(moment: datetime, *, pad: bool) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour:02d}:{moment:%M}" if pad else f"{hour}:{moment:%M}"


def fmt_mdy(moment: datetime) -> str:
    """``1/29/26, 2:37 PM``: Invitations, 2018 Messages and Connections (no padding)."""
    m = _utc(moment)
    return f"{m.month}/{m.day}/{m:%y}, {_clock(m, pad=False)} {'PM' if m.hour >= 12 else 'AM'}"


def fmt_mdy_padded(moment: datetime) -> str:
    """``05/14/23, 10:22 AM``: Recommendations, Email Addresses."""
    m = _utc(moment)
    return f"{m:%m/%d/%y}, {_clock(m, pad=True)} {'PM' if m.hour >= 12 else 'AM'}"


def fmt_iso_utc(moment: datetime) -> str:
    """``2025-06-01 14:03:22 UTC``: messages, Notes."""
    return f"{_utc(moment):%Y-%m-%d %H:%M:%S} UTC"


def fmt_slash_utc(moment: datetime) -> str:
    """``2023/06/20 13:05:02 UTC``: endorsements, search queries, 2018 logins."""
    return f"{_utc(moment):%Y/%m/%d %H:%M:%S} UTC"


def fmt_java(moment: datetime) -> str:
    """``Tue Sep 28 09:08:27 UTC 2021``: Company Follows, Logins (Java Date.toString)."""
    m = _utc(moment)
    return f"{DAYS[m.weekday()]} {MONTHS[m.month - 1]} {m:%d %H:%M:%S} UTC {m.year}"


def fmt_naive(moment: datetime) -> str:
    """``2026-01-05 10:00:00``: Shares, Comments, Reactions (no zone)."""
    return f"{_utc(moment):%Y-%m-%d %H:%M:%S}"


def fmt_day(day: date) -> str:
    """``04 Apr 2022``: Connections.Connected On since 2020."""
    return f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"


def fmt_month(day: date | None) -> str:
    """``Oct 2022``, or ``2009`` when the date is 1 January (year-only values are real)."""
    if day is None:
        return ""
    if day.month == 1 and day.day == 1:
        return str(day.year)
    return f"{MONTHS[day.month - 1]} {day.year}"


def fmt_published(day: date) -> str:
    """``Apr 9, 2023``: Publications.Published On."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def fmt_learning(moment: datetime) -> str:
    """``2024-05-14 10:22 UTC``: Learning dates."""
    return f"{_utc(moment):%Y-%m-%d %H:%M} UTC"


# ----------------------------------------------------------------------------- csv


def _csv_text(
    header: Sequence[str] | None,
    rows: Iterable[Sequence[str]],
    *,
    quote_all: bool = False,
    crlf: bool = False,
    delimiter: str = ",",
    trailing_newline: bool = True,
) -> str:
    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=delimiter,
        lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    terminator = "\r\n" if crlf else "\n"
    if not trailing_newline and text.endswith(terminator):
        text = text[: -len(terminator)]
    return text


# Rows are encoded in batches so a 100k-message file never sits in memory as one str (a str
# holding any emoji takes four bytes per character).
BATCH_ROWS = 2_000


def _csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    quote_all: bool = False,
    trailing_newline: bool = True,
) -> bytes:
    """UTF-8 CSV with LF line ends, encoded batch by batch (for the big files)."""
    out = io.BytesIO()
    batch: list[Sequence[str]] = [header]
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH_ROWS:
            out.write(_utf8(_csv_text(None, batch, quote_all=quote_all)))
            batch = []
    out.write(_utf8(_csv_text(None, batch, quote_all=quote_all)))
    data = out.getvalue()
    if not trailing_newline and data.endswith(b"\n"):
        data = data[:-1]
    return data


def _backslash_csv_text(header: Sequence[str], rows: Iterable[Sequence[str]], *,
                        crlf: bool, unquoted: bool = False) -> str:
    """Comments.csv's dialect: minimal quoting, but an embedded quote is written ``\\"``.

    The csv module cannot produce it (with an escapechar it escapes instead of quoting), so
    this one dialect is written by hand. Backslashes themselves are left alone (what LinkedIn
    does with them is unknown), which is why generated comments never contain one.
    """
    def cell(value: str) -> str:
        if unquoted and not any(ch in value for ch in '"\r\n\\'):
            return value  # LinkedIn left some comments unquoted, commas and all
        if any(ch in value for ch in ',"\r\n'):
            return '"' + value.replace('"', '\\"') + '"'
        return value

    end = "\r\n" if crlf else "\n"
    return "".join(",".join(cell(v) for v in row) + end for row in (header, *rows))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _utf16_tsv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """UTF-16LE with BOM, tab-separated, every field quoted (2018 activity files)."""
    text = _csv_text(header, rows, quote_all=True, delimiter="\t")
    return b"\xff\xfe" + text.encode("utf-16-le")


# ----------------------------------------------------------------------------- people


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand people recur on every row
def url_out(url: str | None, *, scheme: bool = True) -> str:
    """A profile URL as LinkedIn writes it: percent-encoded slug, optionally no scheme."""
    canon = canonical_profile_url(url)
    if not canon:
        return ""
    prefix = "https://www.linkedin.com/in/"
    if canon.startswith(prefix):
        canon = prefix + quote(canon[len(prefix):], safe="-_.~")
    return canon if scheme else canon.removeprefix("https://")


def split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().partition(" ")
    return first, last


def _member_id(export: Export) -> str:
    return str(100_000_000 + zlib.crc32(_utf8(export.profile.name)) % 900_000_000)


def _urn(kind: str, seed: str) -> str:
    number = 7_000_000_000_000_000_000 + zlib.crc32(_utf8(seed)) * 1_000_003
    return f"https://www.linkedin.com/feed/update/urn%3Ali%3A{kind}%3A{number}"


# What ``entities`` writes in plain text instead of these characters, as some real exports do.
_REFERENCES = (("&", "&amp;"), ("\u2019", "&rsquo;"), ("\u2014", "&mdash;"), ("'", "&#39;"),
               ("\u201c", "&ldquo;"), ("\u201d", "&#x201D;"), ("\u00e9", "&eacute;"),
               ("\u00fc", "&#252;"))


def _plain(text: str, quirks: frozenset[str]) -> str:
    """A plain-text body as the file holds it: with quirk ``entities``, HTML references."""
    if "entities" not in quirks:
        return text
    for char, reference in _REFERENCES:
        text = text.replace(char, reference)
    return text


# LinkedIn's own lines in a thread, written with a blank FROM and SENDER PROFILE URL
# (``{name}``: the other person of the thread).
SYSTEM_LINES = ("{name} left the conversation", "Message request accepted",
                "{name} changed the conversation name to Data chat", "{name} joined",
                "{name} added Bob Lee")
# The two ads quirk ``sponsored`` adds: (title, sender, subject, HTML body or None, text).
SPONSORED_ADS = (
    ("Sponsored Conversation", "Enrolly Learning", "Your free data guide",
     '<p class="spinmail-quill-editor__spin-break">Hi Sam,</p><p>Grab our free guide to '
     "modern data stacks &amp; save 20% on the course.</p>",
     "Hi Sam,\n\nGrab our free guide to modern data stacks & save 20% on the course."),
    ("", "Northwind Talent", "Quick question", None,
     "Hi %FIRSTNAME%, our platform matches data engineers with top employers. Book a demo!"),
)


def with_linkedin_rows(export: Export, quirks: frozenset[str]) -> Export:
    """``export`` with the rows quirks ``system_rows`` and ``sponsored`` add to its messages:
    system rows (``Message.system``, blank sender) in the first threads of the owner with
    someone, and two ads (``Message.sponsored``) from senders without a profile URL."""
    if not {"system_rows", "sponsored"} & quirks or not export.messages:
        return export
    owner = Person(export.profile.name, export.profile.profile_url)
    added: list[Message] = []
    if "system_rows" in quirks:
        threads: dict[str, list[Message]] = {}
        for m in export.messages:
            if m.sent_at is not None and m.sender.name:
                threads.setdefault(m.conversation_id, []).append(m)
        ids = sorted(threads)
        for k, line in enumerate(SYSTEM_LINES):
            first = min(threads[ids[k % len(ids)]], key=lambda m: _utc(m.sent_at or START))
            other = (first.recipients[0] if first.direction is Direction.OUTGOING
                     and first.recipients else first.sender)
            assert first.sent_at is not None
            added.append(Message(first.conversation_id, Person(""), (),
                                 first.sent_at + timedelta(seconds=k + 1),
                                 line.format(name=other.name), Direction.INCOMING,
                                 system=True))
    if "sponsored" in quirks:
        latest = max(_utc(m.sent_at) for m in export.messages if m.sent_at) - timedelta(days=1)
        for k, (title, sender, subject, body, text) in enumerate(SPONSORED_ADS):
            conv = "2-" + base64.b64encode(f"sponsored-{k}".encode()).decode()
            added.append(Message(conv, Person(sender), (owner,), latest - timedelta(hours=k),
                                 text, Direction.INCOMING, subject=subject, html=body,
                                 conversation_title=title or subject, sponsored=True))
    return dataclasses.replace(export, messages=[*export.messages, *added])


def _one_line(text: str) -> str:
    """Pre-2026 exports collapse line breaks in message content (paragraphs -> two spaces)."""
    return re.sub(r"\r?\n", " ", text)


# ----------------------------------------------------------------------------- files


def _messages_file(export: Export, era: str, quirks: frozenset[str]) -> tuple[str, bytes]:
    grouped: dict[str, list[Message]] = {}
    for message in export.messages:
        grouped.setdefault(message.conversation_id, []).append(message)
    floor = datetime.min.replace(tzinfo=UTC)
    for messages in grouped.values():
        messages.sort(key=lambda m: _utc(m.sent_at) if m.sent_at else floor, reverse=True)
    order = sorted(grouped.values(), key=lambda ms: _utc(ms[0].sent_at) if ms[0].sent_at
                   else floor, reverse=True)
    ordered = [m for ms in order for m in ms]

    if era == "2018":
        return "Messages.csv", _csv_bytes(MESSAGE_HEADERS["2018"],
                                          _legacy_rows(ordered, quirks))

    key = era
    if era == "2024" and "messages_12col" in quirks:
        key = "2024/12"
    if era == "2026" and "messages_13col" in quirks:
        key = "2026/13"
    header = MESSAGE_HEADERS[key]
    rows = _message_rows(ordered, header, era, quirks)
    if "draft_rows" in quirks and "IS MESSAGE DRAFT" in header and ordered:
        draft = next(_message_rows(ordered[:1], header, era, quirks))
        draft[header.index("CONTENT")] = "(unsent draft) let me get back to you on this"
        draft[header.index("FOLDER")] = ""
        draft[header.index("IS MESSAGE DRAFT")] = "Yes"
        rows = itertools.chain([draft], rows)
    return "messages.csv", _csv_bytes(header, rows, quote_all=era == "2026")


def _legacy_rows(ordered: list[Message], quirks: frozenset[str]) -> Iterator[list[str]]:
    """2018 ``Messages.csv`` rows: no conversation id, no URLs, M/D/YY dates."""
    for m in ordered:
        outgoing = m.direction is Direction.OUTGOING
        folder = "SENT" if outgoing else ("ARCHIVED" if m.folder == "ARCHIVE" else "INBOX")
        yield [m.sender.name, ", ".join(p.name for p in m.recipients),
               fmt_mdy(m.sent_at) if m.sent_at else "", m.subject,
               _one_line(m.html if m.html is not None else _plain(m.text, quirks)),
               "OUTGOING" if outgoing else "INCOMING", folder]


def _message_rows(ordered: list[Message], header: list[str], era: str,
                  quirks: frozenset[str]) -> Iterator[list[str]]:
    url_joiner = ";" if "semicolon_recipients" in quirks else ","
    for m in ordered:
        content = m.html if m.html is not None else _plain(m.text, quirks)
        if era == "2026":
            if "crlf_content" in quirks:
                content = re.sub(r"\r?\n", "\r\n", content)
        else:
            content = _one_line(content)
        values = {
            "CONVERSATION ID": m.conversation_id,
            "CONVERSATION TITLE": m.conversation_title,
            "FROM": m.sender.name,
            "SENDER PROFILE URL": url_out(m.sender.profile_url),
            "TO": ", ".join(p.name for p in m.recipients),
            "RECIPIENT PROFILE URLS": url_joiner.join(
                u for u in (url_out(p.profile_url) for p in m.recipients) if u),
            "DATE": fmt_iso_utc(m.sent_at) if m.sent_at else "",
            "SUBJECT": m.subject,
            "CONTENT": content,
            "FOLDER": m.folder or "INBOX",
            "ATTACHMENTS": "",
            "IS MESSAGE DRAFT": "No",
            "IS CONVERSATION DRAFT": "No",
        }
        yield [values[c] for c in header]


def _connections_file(export: Export, era: str, quirks: frozenset[str]) -> bytes:
    conns = sorted(export.connections, key=lambda c: c.connected_on or date.min, reverse=True)
    new = era in ("2024", "2026") and "connections_without_url" not in quirks
    rows = []
    for i, c in enumerate(conns):
        if era == "2018":
            # the 2018 file kept a time of day; any stable one will do
            when = datetime.combine(c.connected_on, datetime.min.time(), UTC) + timedelta(
                minutes=(zlib.crc32(_utf8(c.name)) % 720) + 480) if c.connected_on else None
            day = fmt_mdy(when) if when else ""
        else:
            day = fmt_day(c.connected_on) if c.connected_on else ""
        if c.hidden:
            rows.append([""] * (6 if new else 5) + [day])
            continue
        # real files carry trailing spaces in many Company/Position cells
        pad = " " if i % 7 == 3 else ""
        row = [c.first_name, c.last_name, c.email, c.company + pad, c.position + pad, day]
        if new:
            row.insert(2, url_out(c.profile_url))
        rows.append(row)
    data = _csv_bytes(CONNECTION_HEADERS["new" if new else "old"], rows, trailing_newline=False)
    if era != "2018" and "no_preamble" not in quirks:
        data = _utf8(CONNECTIONS_PREAMBLE) + data
    return data


def _invitations_file(export: Export, era: str, quirks: frozenset[str]) -> bytes:
    new = era in ("2024", "2026")
    bare = "bare_in_url" in quirks
    rows = []
    for inv in export.invitations:
        row = [inv.sender.name, inv.recipient.name, fmt_mdy(inv.sent_at) if inv.sent_at else "",
               _plain(inv.text, quirks),
               "OUTGOING" if inv.direction is Direction.OUTGOING else "INCOMING"]
        if new and bare:
            row += [BARE_IN_URL, BARE_IN_URL]
        elif new:
            row += [url_out(inv.sender.profile_url), url_out(inv.recipient.profile_url)]
        rows.append(row)
    return _csv_bytes(INVITATION_HEADERS["new" if new else "old"], rows)


def _profile_files(export: Export, era: str) -> list[tuple[str, bytes]]:
    p: Profile = export.profile
    if era == "2018":
        profile_row = [p.first_name, p.last_name, "", "", "Aug 15, 1986", "", p.headline,
                       p.summary, p.industry, "", "", p.location, "", "", ""]
        header = PROFILE_HEADERS["2018"]
    else:
        profile_row = [p.first_name, p.last_name, "", "", "Aug 15", p.headline, p.summary,
                       p.industry, "", p.location, "", "", ""]
        header = PROFILE_HEADERS["new"]
    files = [
        ("Profile.csv", _utf8(_csv_text(header, [profile_row]))),
        ("Profile Summary.csv",
         _utf8(_csv_text(["Profile Summary"], [[p.summary]] if p.summary else []))),
    ]
    files.append(("Positions.csv", _utf8(_csv_text(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [_position_row(x) for x in p.positions]))))
    files.append(("Education.csv", _utf8(_csv_text(
        ["School Name", "Start Date", "End Date", "Notes", "Degree Name", "Activities"],
        [_education_row(x) for x in p.education]))))
    files.append(("Skills.csv", _utf8(_csv_text(["Name"], [[s] for s in p.skills]))))
    if p.certifications:
        files.append(("Certifications.csv", _utf8(_csv_text(
            ["Name", "Url", "Authority", "Started On", "Finished On", "License Number"],
            [_certification_row(x) for x in p.certifications]))))
    if p.languages:
        files.append(("Languages.csv", _utf8(_csv_text(
            ["Name", "Proficiency"],
            [[lang, "Native or bilingual proficiency" if i == 0
              else "Professional working proficiency"] for i, lang in enumerate(p.languages)]))))
    if p.projects:
        proj_header = (["Title", "Description", "Url", "Start Date", "End Date"] if era == "2018"
                       else ["Title", "Description", "Url", "Started On", "Finished On"])
        files.append(("Projects.csv", _utf8(_csv_text(
            proj_header, [_project_row(x) for x in p.projects]))))
    if p.publications:
        files.append(("Publications.csv", _utf8(_csv_text(
            ["Name", "Published On", "Description", "Publisher", "Url"],
            [_publication_row(x, i) for i, x in enumerate(p.publications)]))))
    if p.honors:
        if era == "2018":
            files.append(("Honors.csv", _utf8(_csv_text(
                ["Title", "Description", "Issuer", "Issue Date"],
                [[h, "", "", "Nov 2016"] for h in p.honors]))))
        else:
            files.append(("Honors.csv", _utf8(_csv_text(
                ["Title", "Description", "Issued On"], [[h, "", "Nov 2016"] for h in p.honors]))))
    if p.volunteering:
        files.append(("Volunteering.csv", _utf8(_csv_text(
            ["Company Name", "Role", "Cause", "Started On", "Finished On", "Description"],
            [[v.organization, v.role, v.cause, "Mar 2019", "", v.description]
             for v in p.volunteering]))))
    if p.company_follows:
        base = datetime(2021, 9, 28, 9, 8, 27, tzinfo=UTC)
        files.append(("Company Follows.csv", _utf8(_csv_text(
            ["Organization", "Followed On"],
            [[c, fmt_java(base + timedelta(days=41 * i, seconds=17 * i))]
             for i, c in enumerate(p.company_follows)], trailing_newline=False))))
    if p.learning:
        base = datetime(2024, 5, 14, 10, 22, tzinfo=UTC)
        files.append(("Learning.csv", _utf8(_csv_text(LEARNING_HEADER, [
            [t, f"<p>{html.escape(t)}: a course, in short.</p>", "Course",
             fmt_learning(base + timedelta(days=30 * i)),
             fmt_learning(base + timedelta(days=30 * i + 2)) if i % 2 == 0 else "N/A",
             "false", "N/A", ""] for i, t in enumerate(p.learning)]))))
    if p.job_seeker is not None:
        js = p.job_seeker
        row = [" | ".join(js.locations), " | ".join(js.industries), "",
               " | ".join(js.job_types), " | ".join(js.job_titles),
               "Yes" if js.open_to_recruiters else "No", "", "Yes", "", js.introduction,
               "", "", "", "", "", "", "", "RECRUITERS" if js.open_to_recruiters else "",
               "ACTIVELY_SEEKING"]
        header = JOB_SEEKER_HEADER[:17] if era == "2018" else JOB_SEEKER_HEADER
        files.append(("Jobs/Job Seeker Preferences.csv",
                      _utf8(_csv_text(header, [row[: len(header)]]))))
    return files


def _position_row(x: Position) -> list[str]:
    return [x.company, x.title, x.description, x.location, fmt_month(x.started_on),
            fmt_month(x.finished_on)]


def _education_row(x: Education) -> list[str]:
    return [x.school, fmt_month(x.started_on), fmt_month(x.finished_on), x.notes, x.degree, ""]


def _certification_row(x: Certification) -> list[str]:
    return [x.name, "", x.authority, fmt_month(x.started_on), "", ""]


def _project_row(x: Project) -> list[str]:
    return [x.title, x.description, "", "Jan 2020", ""]


def _publication_row(x: Publication, i: int) -> list[str]:
    return [x.name, fmt_published(date(2023, 4, 9) + timedelta(days=97 * i)), x.description,
            x.publisher, ""]


def _endorsement_files(export: Export, era: str) -> list[tuple[str, bytes]]:
    files = []
    with_url = era in ("2024", "2026")
    for direction, stem, role in ((Direction.INCOMING, "Received", "Endorser"),
                                  (Direction.OUTGOING, "Given", "Endorsee")):
        items = [e for e in export.endorsements if e.direction is direction]
        if not items:
            continue
        header = ["Endorsement Date", "Skill Name", f"{role} First Name", f"{role} Last Name"]
        if with_url:
            header.append(f"{role} Public Url")
        header.append("Endorsement Status")
        rows = []
        for e in items:
            first, last = split_name(e.person.name)
            row = [fmt_slash_utc(e.endorsed_at) if e.endorsed_at else "", e.skill, first, last]
            if with_url:
                row.append(url_out(e.person.profile_url, scheme=False))
            rows.append([*row, "ACCEPTED"])
        files.append((f"Endorsement_{stem}_Info.csv", _utf8(_csv_text(header, rows))))
        if era == "2022" and direction is Direction.INCOMING:
            # 2022 also shipped a parallel UTF-16 TSV copy with a 'Display Status' column
            tsv_rows = [[*r, "VISIBLE"] for r in rows]
            files.append(("Endorsement Received Info.csv", _utf16_tsv([*header, "Display Status"],
                                                                      tsv_rows)))
    return files


def _recommendation_files(export: Export) -> list[tuple[str, bytes]]:
    files = []
    header = ["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date",
              "Status"]
    for direction, stem in ((Direction.INCOMING, "Received"), (Direction.OUTGOING, "Given")):
        rows = []
        for r in export.recommendations:
            if r.direction is direction:
                first, last = split_name(r.person.name)
                rows.append([first, last, r.person.company, r.job_title, r.text,
                             fmt_mdy_padded(r.created_at) if r.created_at else "", "VISIBLE"])
        if rows:
            files.append((f"Recommendations_{stem}.csv", _utf8(_csv_text(header, rows))))
    return files


def _activity_files(export: Export, era: str, quirks: frozenset[str] = frozenset(),
                    ) -> list[tuple[str, bytes]]:
    suffix = f"_{_member_id(export)}" if era == "2026" else ""
    crlf = era in ("2022", "2024")
    files = []
    shares = [p for p in export.posts if not p.is_comment]
    comments = [p for p in export.posts if p.is_comment]
    never = datetime(2020, 1, 1, tzinfo=UTC)
    if shares:
        if era == "2018":
            rows18 = [[fmt_naive(p.posted_at or never), "", "", p.url or _urn("share", p.text),
                       p.text, "", "", "SHARE", "MEMBER_NETWORK"] for p in shares]
            files.append(("Shares.csv", _utf16_tsv(
                ["Date", "Share Title", "Share Description", "Share Link", "Share Commentary",
                 "Shared URL", "Media URL", "Type", "Visibility"], rows18)))
        else:
            upper = era == "2022"
            header = ["Date", "ShareLink", "ShareCommentary",
                      "SharedURL" if upper else "SharedUrl", "MediaURL" if upper else "MediaUrl",
                      "Visibility"]
            rows = [[fmt_naive(p.posted_at or never), p.url or _urn("share", p.text), p.text,
                     "", "", "MEMBER_NETWORK"] for p in shares]
            files.append((f"Shares{suffix}.csv", _utf8(_csv_text(header, rows, crlf=crlf))))
    if comments:
        rows = [[fmt_naive(p.posted_at or never), p.url or _urn("ugcPost", p.text), p.text]
                for p in comments]
        header = ["Date", "Link", "Message"]
        text = (_csv_text(header, rows, crlf=crlf) if era == "2018"
                else _backslash_csv_text(header, rows, crlf=crlf,
                                         unquoted="unquoted_comments" in quirks))
        files.append((f"Comments{suffix}.csv", _utf8(text)))
    if export.reaction_count:
        kinds = ("LIKE", "PRAISE", "EMPATHY", "APPRECIATION", "INTEREST", "ENTERTAINMENT")
        start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
        rows = [[fmt_naive(start - timedelta(hours=37 * i, seconds=13 * i)), kinds[i % 6],
                 _urn("activity", str(i))] for i in range(export.reaction_count)]
        files.append((f"Reactions{suffix}.csv", _utf8(_csv_text(
            ["Date", "Type", "Link"], rows, crlf=crlf))))
    return files


def _slugify(title: str) -> str:
    return re.sub(r"[^\w]+", "-", title.lower()).strip("-")


def _article_files(export: Export, era: str, quirks: frozenset[str]) -> list[tuple[str, bytes]]:
    files = []
    for a in export.articles:
        published = _utc(a.published_at) if a.published_at else None
        created = (published or datetime(2026, 1, 1, tzinfo=UTC)) - timedelta(minutes=3)
        url = a.url or (f"https://www.linkedin.com/pulse/{_slugify(a.title)}" if published
                        else "")
        title = html.escape(a.title)
        heading = f'<a href="{html.escape(url)}">{title}</a>' if published and url else title
        body = "".join(
            "<p>" + html.escape(para).replace("\n", "<br>") + "</p>"
            for para in a.text.split("\n\n") if para.strip())
        page = (
            f"<html><head><title>{title}</title>"
            + ('<meta charset="UTF-8">' if era == "2018" else "")
            + "<style>body{max-width:700px;margin:auto;font-family:sans-serif}"
            "p.created,p.published{color:#666}</style></head>\n<body>\n"
            f"<h1>{heading}</h1>\n"
            f'<p class="created">Created on {created:%Y-%m-%d %H:%M}</p>\n'
            f'<p class="published">Published on '
            f"{f'{published:%Y-%m-%d %H:%M}' if published else '---'}</p>\n"
            f"<div>{body}</div>\n</body></html>\n"
        )
        if era == "2018":
            name = f"Articles/{created:%Y-%m-%d %H:%M:%S}.html"
        elif "dated_article_names" in quirks:
            name = f"Articles/Articles/{created:%Y-%m-%d %H_%M_%S}.0-{a.title}.html"
        else:
            slug = url.rstrip("/").rsplit("/", 1)[-1] if "/pulse/" in url else _slugify(a.title)
            name = f"Articles/Articles/{slug}.html"
        files.append((name, _utf8(page)))
    return files


def _notes_file(export: Export) -> bytes:
    rows = []
    for n in export.notes:
        first, last = split_name(n.person.name)
        when = fmt_iso_utc(n.created_at) if n.created_at else ""
        rows.append([first, last, url_out(n.person.profile_url), n.text, when, when])
    return _utf8(_csv_text(["Connection First Name", "Connection Last Name",
                            "Connection Profile URL", "Note", "Created On", "Edited On"], rows))


def _unused_files(export: Export, era: str, exported_on: date) -> list[tuple[str, bytes]]:
    """Files seedbed does not use, so the importer's 'not used' listing has something to list."""
    last = datetime.combine(exported_on, datetime.min.time(), UTC) - timedelta(hours=5)
    logins = [(last - timedelta(days=3 * i, minutes=37 * i), f"203.0.113.{10 + i}")
              for i in range(4)]
    agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    email = f"{_slugify(export.profile.name).replace('-', '.')}@example.com"
    files: list[tuple[str, bytes]] = []
    if era == "2018":
        files.append(("Logins.csv", _utf16_tsv(
            ["Login Date", "IP Address", "User Agent", "Login Type"],
            [[fmt_slash_utc(t), ip, agent, "Login"] for t, ip in logins])))
        files.append(("Ad Targeting.csv", _utf16_tsv(
            ["Member Age", "Member Gender", "Job Titles", "Member Skills"],
            [["25 to 34", "", "Data Engineer", "Python; SQL"]])))
        files.append(("Search Queries.csv", _utf16_tsv(
            ["Time", "Search Query"], [[fmt_slash_utc(last), "data engineer manchester"]])))
    else:
        files.append(("Logins.csv", _utf8(_csv_text(
            ["Login Date", "IP Address", "User Agent", "Login Type"],
            [[fmt_java(t), ip, agent, "Login"] for t, ip in logins]))))
        header = AD_TARGETING_HEADERS[era]
        values = {"Member Age": "35 to 54", "Member Skills": "Python; SQL; dbt",
                  "Job Titles": "Data Engineer; Head of Data", "Interface Locales": "en_GB"}
        files.append(("Ad_Targeting.csv", _utf8(_csv_text(
            header, [[values.get(h, "") for h in header]]))))
    files.append(("Email Addresses.csv", _utf8(_csv_text(
        ["Email Address", "Confirmed", "Primary", "Updated On"],
        [[email, "Yes", "Yes", fmt_mdy_padded(datetime(2019, 12, 22, 10, 6, tzinfo=UTC))]],
        trailing_newline=False))))
    if era in ("2024", "2026"):
        files.append(("guide_messages.csv", _utf8(_csv_text(MESSAGE_HEADERS["2024"], []))))
        # SearchQueries leaves a query containing commas unquoted (real, 2025)
        files.append(("SearchQueries.csv", _utf8(
            "Time,Search Query\n"
            f"{fmt_slash_utc(last)},dbt airflow\n"
            f"{fmt_slash_utc(last - timedelta(days=2))},data observability, pricing, uk\n")))
    if era == "2026":
        files.append(("learning_role_play_messages.csv",
                      _utf8(_csv_text(MESSAGE_HEADERS["2024"], []))))
        files.append(("LearningCoachMessages.csv", b"No conversations found\n"))
    return files


# ----------------------------------------------------------------------------- entry point


def export_file_name(exported_on: date, *, complete: bool) -> str:
    """``Basic_LinkedInDataExport_MM-DD-YYYY`` (or ``Complete_...``), without extension."""
    kind = "Complete" if complete else "Basic"
    return f"{kind}_LinkedInDataExport_{exported_on:%m-%d-%Y}"


def _latest_day(export: Export) -> date:
    days = [_utc(m.sent_at).date() for m in export.messages if m.sent_at]
    days += [_utc(i.sent_at).date() for i in export.invitations if i.sent_at]
    days += [c.connected_on for c in export.connections if c.connected_on]
    return max(days) if days else date(2026, 11, 19)


def export_files(
    export: Export, era: str = "2026", *, quirks: frozenset[str] = frozenset(),
    exported_on: date | None = None, missing: Iterable[str] = (),
) -> list[tuple[str, bytes]]:
    """Every file of the export as (path inside the archive, bytes), in archive order.

    ``missing`` names files to leave out, as a partial folder would (``"Connections.csv"``;
    matched without regard to case); a name the export does not hold is a ValueError.
    """
    files = _export_files(export, era, quirks, exported_on)
    left_out = {name.lower() for name in missing}
    held = {path.lower() for path, _data in files}
    unknown = sorted(name for name in missing if name.lower() not in held)
    if unknown:
        raise ValueError(f"not files of this export: {', '.join(unknown)}")
    return [(path, data) for path, data in files if path.lower() not in left_out]


def _export_files(export: Export, era: str, quirks: frozenset[str],
                  exported_on: date | None) -> list[tuple[str, bytes]]:
    if era not in ERAS:
        raise ValueError(f"unknown era {era!r}; expected one of {', '.join(ERAS)}")
    unknown = quirks - QUIRKS
    if unknown:
        raise ValueError(f"unknown quirks: {', '.join(sorted(unknown))}")
    exported_on = exported_on or _latest_day(export) + timedelta(days=1)
    export = with_linkedin_rows(export, quirks)
    files: list[tuple[str, bytes]] = []
    files.append(("Connections.csv", _connections_file(export, era, quirks)))
    if export.messages:
        files.append(_messages_file(export, era, quirks))
    if export.invitations:
        files.append(("Invitations.csv", _invitations_file(export, era, quirks)))
    files += _profile_files(export, era)
    if "no_profile" in quirks:
        files = [f for f in files if f[0] not in ("Profile.csv", "Profile Summary.csv")]
    files += _endorsement_files(export, era)
    files += _recommendation_files(export)
    files += _activity_files(export, era, quirks)
    files += _article_files(export, era, quirks)
    if export.notes and era == "2026":
        files.append(("Notes.csv", _notes_file(export)))
    files += _unused_files(export, era, exported_on)
    return files


def write_export(
    export: Export,
    target: Path,
    era: str = "2026",
    *,
    as_zip: bool = True,
    quirks: frozenset[str] = frozenset(),
    exported_on: date | None = None,
    missing: Iterable[str] = (),
    nested: bool = False,
) -> Path:
    """Write ``export`` in the real format of ``era``; return the zip (or folder) written.

    ``target`` is either the zip path itself (ends in ``.zip``) or a directory in which
    ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` (``Complete_`` for 2018 or quirk
    ``complete``) is created; with ``as_zip=False`` a folder of that name is written instead.
    ``exported_on`` defaults to the day after the newest dated item. The zip is deterministic:
    fixed member order and timestamps, so the same input gives the same bytes. ``missing``
    leaves files out (see ``export_files``). ``nested`` writes the export one folder down,
    in a folder named like the zip, beside a partial older copy at the top: its
    Connections.csv and messages file with the older half of the connections and threads.
    """
    exported_on = exported_on or _latest_day(export) + timedelta(days=1)
    files = export_files(export, era, quirks=quirks, exported_on=exported_on, missing=missing)
    complete = era == "2018" or "complete" in quirks
    name = export_file_name(exported_on, complete=complete)
    if nested:
        older = partial_copy(export)
        copy = [f for f in export_files(older, era, quirks=quirks, exported_on=exported_on)
                if f[0].lower() in ("connections.csv", "messages.csv")]
        files = copy + [(f"{name}/{path}", data) for path, data in files]
    if target.suffix.lower() == ".zip":
        out = target if as_zip else target.with_suffix("")
    else:
        out = target / (name + ".zip" if as_zip else name)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not as_zip:
        for path, data in files:
            dest = out / path
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        return out
    stamp = (exported_on.year, exported_on.month, exported_on.day, 6, 0, 0)
    with zipfile.ZipFile(out, "w") as archive:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out


def partial_copy(export: Export) -> Export:
    """The export as an older partial copy holds it: the older half of the connections and
    of the conversations (by their first message)."""
    floor = date.min
    connections = sorted(export.connections, key=lambda c: c.connected_on or floor)
    started: dict[str, datetime] = {}
    for m in export.messages:
        at = _utc(m.sent_at) if m.sent_at else datetime.min.replace(tzinfo=UTC)
        started[m.conversation_id] = min(at, started.get(m.conversation_id, at))
    threads = sorted(started, key=lambda c: (started[c], c))[: len(started) // 2]
    kept = set(threads)
    return dataclasses.replace(
        export, connections=connections[: len(connections) // 2],
        messages=[m for m in export.messages if m.conversation_id in kept])


# ----------------------------------------------------------------------------- generator
#
# Small vocabularies, combined cheaply, so 100k messages take well under a few seconds.

_FIRST = ("Aisha", "Ben", "Chloé", "Dmitri", "Élodie", "Farah", "Gareth", "Hiroshi", "Ingrid",
          "Jakub", "Kemi", "Liam", "Mei", "Nuno", "Olu", "Priya", "Quentin", "Rosa", "Søren",
          "Tomás", "Uma", "Vikram", "Wen", "Xavier", "Yara", "Zoë", "伟", "Ngozi", "Łukasz",
          "Sinéad", "Mateus", "Amélie", "Raj", "Hannah", "Yusuf", "Carmen")
_LAST = ("Adeyemi", "Brandt", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Horvath",
         "Iyer", "Jansen", "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Petrov",
         "Quinn", "Rossi", "Singh", "Tanaka", "Varga", "Walsh", "Xu", "Yılmaz", "Zielińska",
         "张", "Nwosu", "Ferreira", "Haddad", "Moreau", "Walsh, MBA", "Park, PMP")
_CO_A = ("North", "Blue", "Iron", "Silver", "Harbour", "Quantum", "Bright", "Cedar", "Kestrel",
         "Lumen", "Pinnacle", "Granite")
_CO_B = ("Labs", "Systems", "Freight", "Analytics", "Digital", "Works", "Solutions", "Partners",
         "Cloud", "Data")
_TITLES = ("Data Engineer", "Senior Data Engineer", "Account Executive", "Founder & CEO",
           "Technical Recruiter", "SEO Specialist", "Business Development Manager",
           "Head of Analytics", "Software Engineer", "Growth Consultant", "CTO",
           "Product Manager", "Sales Director", "Analytics Engineer")
_GREET = ("Hi {f},", "Hello {f},", "Hey {f}!", "Dear {f},", "Hi {f} 👋", "Good morning {f},",
          "Hola {f},", "Hallo {f},", "{f},")
_FRIENDLY = (
    "Great to catch up last week, thanks for the coffee.",
    "Did you manage to get the backfill running in the end?",
    "We are finally moving off the old cron jobs, wish us luck.",
    "Are you going to the meetup on Thursday?",
    "Thanks for the intro to your team, that was really helpful.",
    "I read your post on late-arriving data and it matched what we see exactly.",
    "Quick one: which orchestration tool did you settle on?",
    "Happy to share our dbt style guide if it helps.",
    "Congrats on the new role! 🎉",
    "Sorry for the slow reply, it has been a week.",
    "谢谢你的帮助，下次见。",
    "The café near the office does a decent flat white now ☕",
    "Let me know if you want to pair on the migration next sprint.",
)
_PITCH = (
    "We help companies like {c} cut cloud costs by 40% in 90 days.",
    "Our offshore team can scale your development capacity within two weeks.",
    "I can get your website to page one of Google, guaranteed.",
    "We generate 30+ qualified B2B leads per month on autopilot.",
    "Are you open to a new opportunity? I have a Head of Data role that fits you perfectly.",
    "Our token presale closes Friday, early investors get a 3x bonus 🚀",
    "We build custom MES software for manufacturers, would you like a demo?",
    "Our data observability platform catches broken pipelines before your users do.",
    "I noticed {c} is hiring; we place senior data engineers within 3 weeks.",
    "Loved your recent post about leadership, it really resonated!",
)
_ASK = ("Do you have 15 minutes this week for a quick call?",
        "Would you be open to a short chat?",
        "Can I send over a deck?",
        "What does your calendar look like on Tuesday?",
        "Just bumping this to the top of your inbox.",
        "Any thoughts on my last message?")
_REPLY = ("Thanks, not for us at the moment.", "Sounds good, talk then!",
          "Yes, Thursday works.", "Ha, fair point 😄", "Can you send pricing?",
          "No thanks, please remove me from your list.", "Will do, cheers.")
_CLOSE = ("Best,\n{n}", "Cheers,\n{n}", "Thanks!\n{n}", "Regards,\n{n}", "— {n}", "Grüße, {n}")
_MOJIBAKE = (("é", "Ã©"), ("’", "â€™"), ("ü", "Ã¼"))
_INVITE_NOTES = (
    "I'd like to add you to my professional network.",
    "Hi {f}, we met at the data meetup in Manchester, would be good to stay in touch.",
    "Hi {f}, I help logistics firms grow revenue with outbound. Let's connect!",
    "Fellow data engineer here, enjoyed your article on data checks.",
    "Hi {f}, I'm expanding my network in the data space.",
)

# Rates of the varied features, picked to look like a real inbox at scale.
HTML_RATE = 0.03  # InMail / sponsored bodies
MEMBER_RATE = 0.01  # 'LinkedIn Member' senders without a URL
MOJIBAKE_RATE = 0.01  # cp1252-decoded UTF-8 in ~1% of texts
HIDDEN_RATE = 0.02  # date-only hidden Connections rows
BLANK_INVITE_RATE = 0.6  # most invitations carry no note
GROUP_RATE = 0.02  # conversations with two other people
MAX_GAP_SECONDS = 3 * 86400  # replies come within minutes to three days
START = datetime(2025, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2026, 11, 15, tzinfo=UTC) - START).total_seconds())


def generated_owner() -> Profile:
    """The fixed owner of every generated export."""
    return Profile(
        first_name="Sam", last_name="Okonkwo", headline="Data Platform Lead at Cedar Freight",
        summary="I build data platforms for logistics.\n\nPython, dbt, Airflow, Kafka.",
        industry="Transportation, Logistics, Supply Chain and Storage",
        location="Leeds, England, United Kingdom",
        profile_url="https://www.linkedin.com/in/sam-okonkwo-data",
        positions=(Position("Cedar Freight", "Data Platform Lead", location="Leeds",
                            started_on=date(2022, 3, 1)),
                   Position("Kestrel Analytics", "Data Engineer", started_on=date(2017, 1, 1),
                            finished_on=date(2022, 2, 1))),
        education=(Education("University of Leeds", "BSc Computer Science",
                             date(2012, 9, 1), date(2015, 6, 1)),),
        skills=("Python", "SQL", "dbt", "Apache Airflow", "Kafka"),
        certifications=(Certification("dbt Analytics Engineering", "dbt Labs",
                                      date(2023, 5, 1)),),
        languages=("English", "Yoruba"),
        projects=(Project("Parcel events lakehouse", "Streaming ingestion of scan events."),),
        publications=(Publication("Late data in logistics", "A short paper.", "Data Journal"),),
        honors=("Data Team of the Year",),
        volunteering=(Volunteering("Code Club", "Volunteer", "Education"),),
        company_follows=("dbt Labs", "Astronomer"),
        learning=("Apache Kafka Essential Training",),
    )


def _conversation(rng: random.Random, owner: Person, people: list[Person],
                  room: int) -> list[Message]:
    """One thread of 1-6 messages (at most ``room``): a pitch run or a two-way exchange."""
    rand, choice = rng.random, rng.choice
    conv_id = "2-" + base64.b64encode(
        str(uuid.UUID(int=rng.getrandbits(128))).encode() + b"_010").decode()
    member = rand() < MEMBER_RATE
    other = Person("LinkedIn Member") if member else choice(people)
    group = not member and rand() < GROUP_RATE
    others = (other, choice(people)) if group else (other,)
    is_html = not member and rand() < HTML_RATE
    subject = "An opportunity for you" if is_html else ""
    title = "Project catch-up" if group else subject
    pitchy = is_html or member or rand() < 0.45
    size = min(room, rng.randint(1, 6))
    # start early enough that even a slow thread ends before the end of the span
    at = START + timedelta(seconds=rng.randrange(SPAN_SECONDS - size * MAX_GAP_SECONDS))
    incoming = pitchy or rand() < 0.6
    out: list[Message] = []
    for k in range(size):
        sender = choice(others) if incoming else owner
        addressee = owner if incoming else other
        if incoming and pitchy:
            body = choice(_PITCH if k == 0 else _ASK).format(c=choice(_CO_A) + " Freight")
        elif incoming:
            body = choice(_FRIENDLY)
        else:
            body = choice(_REPLY) if k else choice(_FRIENDLY)
        text = f"{choice(_GREET).format(f=split_name(addressee.name)[0])}\n\n{body}"
        if rand() < 0.5:
            text += "\n\n" + choice(_CLOSE).format(n=split_name(sender.name)[0])
        if rand() < MOJIBAKE_RATE:
            good, bad = choice(_MOJIBAKE)
            text = text.replace(good, bad) if good in text else text + " Ã©quipe"
        raw = None
        if is_html and incoming:
            raw = "".join('<p class="spinmail-quill-editor__spin-break">'
                          + html.escape(para).replace("\n", "<br>") + "</p>"
                          for para in text.split("\n\n"))
            raw += "<p>Data &amp; analytics team</p>"
            text += "\n\nData & analytics team"
        recipients = (owner, *(o for o in others if o is not sender)) if incoming else others
        out.append(Message(
            conv_id, sender, recipients, at, text,
            Direction.INCOMING if incoming else Direction.OUTGOING,
            subject=subject, html=raw, conversation_title=title,
            folder="SPAM" if pitchy and rand() < 0.02 else "INBOX"))
        at += timedelta(seconds=rng.randint(60, MAX_GAP_SECONDS))
        # pitches are mostly unanswered bumps; real exchanges mostly alternate
        incoming = (rand() > 0.2) if pitchy else (not incoming if rand() < 0.7 else incoming)
    return out


def _slug(first: str, last: str, n: int) -> str:
    base = f"{first}-{last}".lower().replace(" ", "-").replace(",", "").replace("'", "")
    return f"{base}-{n:x}"


def generate_export(n_messages: int, n_invitations: int, n_connections: int,
                    seed: int = 0) -> Export:
    """A synthetic, varied owner inbox of exactly the requested sizes, deterministic per seed."""
    rng = random.Random(seed)
    rand, choice = rng.random, rng.choice
    owner_profile = generated_owner()
    owner = Person(owner_profile.name, owner_profile.profile_url)
    pool_size = max(50, n_connections, n_messages // 3, n_invitations)
    people: list[Person] = []
    for i in range(pool_size):
        first, last = choice(_FIRST), choice(_LAST)
        url = f"https://www.linkedin.com/in/{_slug(first, last, i)}"
        people.append(Person(f"{first} {last}", url, headline=choice(_TITLES),
                             company=f"{choice(_CO_A)} {choice(_CO_B)}"))
    connections = []
    for i in range(n_connections):
        day = (START + timedelta(seconds=rng.randrange(SPAN_SECONDS)) - timedelta(
            days=rng.randrange(3000))).date()
        if rand() < HIDDEN_RATE:
            connections.append(Connection("", "", connected_on=day, hidden=True))
            continue
        p = people[i]
        first, last = split_name(p.name)
        email = f"{_slug(first, 'x', i)}@example.org" if rand() < 0.03 else ""
        connections.append(Connection(first, last, p.profile_url, email, p.company, p.headline,
                                      day))

    invitations = []
    for _ in range(n_invitations):
        p = choice(people)
        sent = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        text = "" if rand() < BLANK_INVITE_RATE else choice(_INVITE_NOTES).format(
            f=owner_profile.first_name)
        if rand() < 0.2:
            invitations.append(Invitation(Direction.OUTGOING, owner, p, sent, ""))
        else:
            invitations.append(Invitation(Direction.INCOMING, p, owner, sent, text))

    messages: list[Message] = []
    while len(messages) < n_messages:
        messages += _conversation(rng, owner, people, n_messages - len(messages))

    return Export(
        profile=owner_profile,
        connections=connections,
        invitations=invitations,
        messages=messages,
        articles=[Article("Late data in logistics",
                          "Scans arrive out of order.\n\nHere is what we did about it.",
                          published_at=datetime(2025, 6, 3, 9, 30, tzinfo=UTC))],
        posts=[Post("Hiring: two data engineers in Leeds.\nDM me!",
                    datetime(2025, 4, 2, 8, 0, tzinfo=UTC)),
               Post('He said "ship it", so we did.', datetime(2025, 4, 3, 9, 0, tzinfo=UTC),
                    is_comment=True)],
        endorsements=[Endorsement(Direction.INCOMING, "dbt", people[0],
                                  datetime(2025, 5, 1, 12, 0, tzinfo=UTC))],
        recommendations=[Recommendation(Direction.INCOMING, people[1], "A great lead.",
                                        "Data Engineer", datetime(2024, 5, 14, 10, 22,
                                                                  tzinfo=UTC))],
        reaction_count=12,
        source="generated",
    )
