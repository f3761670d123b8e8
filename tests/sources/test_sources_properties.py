"""Property-based tests of the readers: any input gives a result or a clean, located error.

Dates, profile URLs, every CSV reader of an export and the JSONL interchange reader are fed
generated input; none may raise anything but a SeedbedError, and what they return must go
into a store. Runs are derandomized, so CI sees the same examples every time.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from seedbed import service
from seedbed.errors import InputError, NotAnExportError
from seedbed.model import Export, canonical_profile_url
from seedbed.sources.dates import parse_date, parse_datetime, parse_month
from seedbed.sources.jsonl import read_jsonl
from seedbed.sources.linkedin import read_export
from seedbed.store import open_engine


def _settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# Any character at all, lone surrogates and unassigned code points included.
ANY_CHAR = st.characters(exclude_categories=())
ANY_TEXT = st.text(ANY_CHAR, max_size=60)

# Every timestamp shape the parser knows, with out-of-range numbers in every slot (day 32,
# hour 25, year 0 and 10000, offset +99:99) and sometimes other scripts' digits.
_DATE_TEMPLATES = [
    "{Y}-{m}-{d}", "{Y}-{m}-{d} {H}:{M}:{S}{z}", "{Y}-{m}-{d}T{H}:{M}:{S}.{f}{z}",
    "{Y}-{m}-{d} {H}:{M}{z}", "{Y}/{m}/{d} {H}:{M}:{S} UTC", "{m}/{d}/{y}, {H}:{M} {p}{z}",
    "{m}/{d}/{Y}, {H}:{M} {p}", "{m}/{d}/{y} {H}:{M} {p} UTC", "{d} {b} {Y}", "{d}-{b}-{y}",
    "{d} {b} {Y}, {H}:{M} {p}{z}", "{a} {b} {d} {H}:{M}:{S} UTC {Y}", "{b} {d}, {Y}",
    "{B} {d}, {Y} at {H}:{M} {p} (GMT)", "{a}, {b} {d}, {Y}", "{b} {Y}", "{Y}", "{Y}-{m}",
    "{m}/{Y}",
]
def _edgy(low: int, high: int, edges: list[int], width: int = 1) -> st.SearchStrategy[str]:
    """Numbers in a slot, with the calendar's edges (year 1, year 9999, day 31) made common."""
    return st.one_of(st.sampled_from(edges), st.integers(low, high)).map(
        lambda n: str(n).zfill(width))


_DATE_FIELDS = {
    "Y": _edgy(0, 10000, [1, 9999, 9999, 0, 10000, 2025], 4), "y": _edgy(0, 99, [0, 1, 99], 2),
    "m": _edgy(0, 13, [1, 12, 12]), "d": _edgy(0, 32, [1, 31, 31]), "H": _edgy(0, 25, [0, 23]),
    "M": _edgy(0, 61, [0, 59], 2), "S": _edgy(0, 61, [0, 59], 2),
    "f": st.from_regex(r"\A[0-9]{1,9}\Z"),
    "z": st.sampled_from(["", " UTC", "Z", " GMT", "+00:00", "-05:00", "+14:00", "-23:59",
                          "+24:00", "+99:99", "+0530", " +01:75", " PDT"]),
    "p": st.sampled_from(["AM", "PM", "am", "p.m.", "XM"]),
    "a": st.sampled_from(["Tue", "Mon", "Xyz"]),
    "b": st.sampled_from(["Jan", "Sep", "Sept", "Dec", "may", "Smarch"]),
    "B": st.sampled_from(["December", "March", "Undecember"]),
}
_OTHER_DIGITS = [str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666"
                               "\u0667\u0668\u0669"),
                 str.maketrans("0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16"
                               "\uff17\uff18\uff19")]
_MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec"]


def _written(template: str, moment: datetime, zone: str) -> str:
    """A real moment written in one of the shapes, 12-hour clock where it has AM/PM."""
    twelve = "{p}" in template
    return template.format(
        Y=f"{moment.year:04d}", y=f"{moment.year % 100:02d}", m=moment.month, d=moment.day,
        H=(moment.hour % 12 or 12) if twelve else moment.hour, M=f"{moment.minute:02d}",
        S=f"{moment.second:02d}", f="0", z=zone, p="PM" if moment.hour >= 12 else "AM",
        a="Mon", b=_MONTH_NAMES[moment.month - 1], B=_MONTH_NAMES[moment.month - 1])


# The first and last days a datetime can hold, where an offset pushes the moment out.
EDGE_MOMENTS = st.one_of(
    st.datetimes(datetime(9999, 12, 31), datetime(9999, 12, 31, 23, 59)),
    st.datetimes(datetime(1, 1, 1), datetime(1, 1, 1, 23, 59)), st.datetimes())
DATE_SHAPES = st.one_of(
    st.builds(lambda template, fields, digits: template.format(**fields).translate(digits),
              st.sampled_from(_DATE_TEMPLATES), st.fixed_dictionaries(_DATE_FIELDS),
              st.sampled_from([{}, {}, {}, *_OTHER_DIGITS])),
    st.builds(_written, st.sampled_from([t for t in _DATE_TEMPLATES if "{z}" in t]),
              EDGE_MOMENTS, st.sampled_from(["-23:59", "+14:00", " -05:00", "+0530", " UTC"])),
)
FIXED_ZONES = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes)))


@_settings(400)
@given(st.one_of(ANY_TEXT, DATE_SHAPES))
def test_any_text_is_a_utc_moment_or_none(text: str) -> None:
    moment = parse_datetime(text)
    assert moment is None or moment.utcoffset() == timedelta(0)
    assert parse_date(text) == (moment.date() if moment is not None else None)
    parse_month(text)


@_settings(200)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59),
                    timezones=FIXED_ZONES))
@example(datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))))
@example(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))))
def test_an_iso_timestamp_is_read_back_as_the_same_moment(moment: datetime) -> None:
    try:
        expected: datetime | None = moment.astimezone(UTC)
    except OverflowError:  # before year 1 or after 9999 once in UTC: no datetime can hold it
        expected = None
    assert parse_datetime(moment.isoformat()) == expected


@_settings(200)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)))
def test_a_four_digit_year_in_linkedins_us_shape_is_that_year(moment: datetime) -> None:
    hour = moment.hour % 12 or 12
    text = (f"{moment.month}/{moment.day}/{moment.year:04d}, {hour}:{moment.minute:02d} "
            f"{'PM' if moment.hour >= 12 else 'AM'}")
    assert parse_datetime(text) == moment.replace(second=0, microsecond=0, tzinfo=UTC)


# -- profile URLs ------------------------------------------------------------------------------

URL_PIECES = st.lists(st.sampled_from(
    ["https://", "http://", "www.", "linkedin.com", "/in/", "[", "]", ":", "//", "%", "%ff",
     "?q=1", "#x", "@", " ", "\n", "\x00", "::1", "a", "-", "é", "\u202e"]), max_size=8)
# URLs whose host holds what hosts must not (brackets, colons, '@', '%').
ODD_HOSTS = st.builds("".join, st.tuples(
    st.sampled_from(["https://", "http://", "", "//"]), st.text("ab.[]:@%-", max_size=8),
    st.sampled_from(["", "/", "/in/x", "/in/", "?q=[", "#]"])))
URLS = st.one_of(URL_PIECES.map("".join), ODD_HOSTS)


@_settings(400)
@given(st.one_of(ANY_TEXT, URLS,
                 st.tuples(URL_PIECES, ANY_TEXT).map(lambda p: "".join(p[0]) + p[1])))
def test_any_text_is_a_canonical_url_or_none(text: str) -> None:
    url = canonical_profile_url(text)
    assert url is None or url.startswith("https://")


SLUGS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,30}\Z").filter(lambda s: not s.endswith("-"))


@_settings(200)
@given(SLUGS, st.sampled_from(["", "http://", "https://", "HTTPS://"]),
       st.sampled_from(["linkedin.com", "www.linkedin.com", "WWW.LinkedIn.COM", "de.linkedin.com"]),
       st.sampled_from(["in", "pub", "IN"]), st.booleans(), st.booleans(),
       st.sampled_from(["", "/", "?trk=people", "/?x=1#about", "#top"]))
def test_every_spelling_of_a_profile_url_is_one_person(
        slug: str, scheme: str, host: str, kind: str, encoded: bool, spaced: bool,
        tail: str) -> None:
    written = f"{scheme}{host}/{kind}/{quote(slug) if encoded else slug.upper()}{tail}"
    if spaced:
        written = f"  {written}\t"
    assert canonical_profile_url(written) == f"https://www.linkedin.com/in/{slug}"


# -- the CSV readers ---------------------------------------------------------------------------

# One real name per reader, with the columns that make it recognise its header.
READER_FILES = {
    "Profile.csv": ["First Name", "Last Name", "Headline", "Summary", "Geo Location"],
    "Profile Summary.csv": ["Profile Summary"],
    "Invitations.csv": ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl",
                        "inviteeProfileUrl"],
    "Connections.csv": ["First Name", "Last Name", "URL", "Email Address", "Company",
                        "Position", "Connected On"],
    "messages.csv": ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                     "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER",
                     "IS MESSAGE DRAFT"],
    "Positions.csv": ["Company Name", "Title", "Description", "Location", "Started On",
                      "Finished On"],
    "Education.csv": ["School Name", "Start Date", "End Date", "Notes", "Degree Name"],
    "Skills.csv": ["Name"],
    "Certifications.csv": ["Name", "Url", "Authority", "Started On", "Finished On"],
    "Languages.csv": ["Name", "Proficiency"],
    "Projects.csv": ["Title", "Description", "Url", "Started On", "Finished On"],
    "Publications.csv": ["Name", "Published On", "Description", "Publisher", "Url"],
    "Honors.csv": ["Title", "Description", "Issued On"],
    "Volunteering.csv": ["Company Name", "Role", "Cause", "Started On", "Finished On"],
    "Company Follows.csv": ["Organization", "Followed On"],
    "Learning.csv": ["Content Title", "Content Type", "Content Completed At (if completed)"],
    "Job Seeker Preferences.csv": ["Locations", "Job Titles", "Open To Recruiters",
                                   "Introduction Statement"],
    "Endorsement_Received_Info.csv": ["Endorsement Date", "Skill Name", "Endorser First Name",
                                      "Endorser Last Name", "Endorser Public Url"],
    "Endorsement_Given_Info.csv": ["Endorsement Date", "Skill Name", "Endorsee First Name",
                                   "Endorsee Last Name", "Endorsee Public Url"],
    "Recommendations_Received.csv": ["First Name", "Last Name", "Company", "Job Title", "Text",
                                     "Creation Date", "Status"],
    "Recommendations_Given.csv": ["First Name", "Last Name", "Company", "Job Title", "Text",
                                  "Creation Date", "Status"],
    "Notes.csv": ["Note", "Created At", "Name", "Profile Url"],
    "Shares.csv": ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "Visibility"],
    "Comments.csv": ["Date", "Link", "Message"],
    "Reactions.csv": ["Date", "Type", "Link"],
}

CELLS = st.one_of(
    ANY_TEXT, DATE_SHAPES, URLS,
    st.sampled_from(["", "INCOMING", "OUTGOING", "Yes", "No", "N/A", "LinkedIn Member",
                     "https://www.linkedin.com/in/olga-p", '"', '""', "\\", "\\\"", "\r\n",
                     "=HYPERLINK(\"x\")", "<p>Hi</p><br>", "\ufeff", "\x00"]),
)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and its bytes: a real header (maybe damaged), rows of odd cells."""
    name = draw(st.sampled_from(sorted(READER_FILES)))
    if draw(st.integers(0, 9)) == 0:
        return name, draw(st.binary(max_size=300))
    header = list(READER_FILES[name])
    if draw(st.booleans()):
        header = draw(st.permutations(header))[: draw(st.integers(1, len(header)))]
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=6))
    delimiter = draw(st.sampled_from([",", "\t", ";"]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
        csv.writer(buffer, delimiter=delimiter, quoting=quoting).writerows([header, *rows])
        text = buffer.getvalue()
    else:  # joined by hand: quotes, delimiters and newlines inside cells stay unescaped
        text = "\n".join(delimiter.join(row) for row in [header, *rows])
    text = draw(st.sampled_from(["", "Notes:\n\n", "\ufeff"])) + text
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252", "utf-8-sig"]))
    data = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else
                       "replace")
    if draw(st.booleans()):  # and some bytes changed, cut or added
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=4)) + data[at + draw(st.integers(0, 3)):]
    return name, data


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    """One in-memory store for all examples: what a reader returns must be storable."""
    store = open_engine(":memory:")
    yield store
    store.dispose()


def _store(engine: Engine, exports: list[Export]) -> None:
    service.import_exports(engine, exports, "property test")


@_settings(250)
@given(st.lists(csv_files(), min_size=1, max_size=3, unique_by=lambda f: f[0]))
def test_any_bytes_in_export_files_read_or_fail_naming_file_and_line(
        engine: Engine, files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "export")
        folder.mkdir()
        for name, data in files:
            (folder / name).write_bytes(data)
        try:
            export = read_export(folder)
        except NotAnExportError as exc:
            # No file kept LinkedIn's columns: the folder as a whole is refused, by its name.
            assert str(exc).startswith(f"no LinkedIn export files found in {folder}"), str(exc)
            return
        except InputError as exc:
            assert exc.line is not None, str(exc)
            assert any(str(folder / name) in str(exc) for name, _ in files), str(exc)
            return
    _store(engine, [export])


# -- the JSONL interchange reader --------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT | DATE_SHAPES | URLS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=5,
)
PERSON = st.fixed_dictionaries({}, optional={
    "name": JSON_VALUES, "first_name": ANY_TEXT, "last_name": ANY_TEXT,
    "profile_url": st.one_of(URLS, ANY_TEXT), "headline": ANY_TEXT, "company": JSON_VALUES})
FIELDS = {
    "name": ANY_TEXT, "first_name": ANY_TEXT, "last_name": ANY_TEXT, "headline": ANY_TEXT,
    "profile_url": st.one_of(URLS, ANY_TEXT), "sender": PERSON,
    "recipient": PERSON, "recipients": st.lists(PERSON, max_size=2) | JSON_VALUES,
    "sent_at": st.one_of(DATE_SHAPES, ANY_TEXT), "connected_on": DATE_SHAPES,
    "text": ANY_TEXT, "html": st.sampled_from(["<p>Hi</p>", "<![x[", "<b>"]) | ANY_TEXT,
    "direction": st.sampled_from(["incoming", "outgoing", "INCOMING", "sideways"]),
    "conversation_id": ANY_TEXT, "hidden": JSON_VALUES, "skills": JSON_VALUES,
    "positions": st.lists(st.fixed_dictionaries({}, optional={
        "company": ANY_TEXT, "start": DATE_SHAPES, "end": JSON_VALUES}), max_size=2)
    | JSON_VALUES,
    "posts": st.lists(st.fixed_dictionaries({}, optional={
        "text": ANY_TEXT, "posted_at": DATE_SHAPES, "is_comment": JSON_VALUES}), max_size=2),
    "job_seeker": st.none() | st.fixed_dictionaries({}, optional={
        "job_titles": JSON_VALUES, "open_to_recruiters": JSON_VALUES}),
}
# Mostly lines of the right shape, so that reading goes past the first line's checks.
LINES = st.fixed_dictionaries(
    {"type": st.sampled_from(["profile", "profile", "connection", "invitation", "message",
                              "message", "poke"])},
    optional={"owner": st.sampled_from(["", "p1", "p1", "p2"]), **FIELDS},
)


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines: list[bytes] = []
    for value in draw(st.lists(st.one_of(LINES, LINES, LINES, JSON_VALUES), min_size=1,
                               max_size=6)):
        text = json.dumps(value, ensure_ascii=draw(st.booleans()))
        lines.append(text.encode("utf-8", errors="surrogatepass"))
    if draw(st.integers(0, 4)) == 0:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.binary(max_size=40)))
    return draw(st.sampled_from([b"", codecs.BOM_UTF8])) + b"\n".join(lines)


@_settings(250)
@given(jsonl_files())
def test_any_jsonl_file_reads_or_fails_naming_file_and_line(engine: Engine, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "people.jsonl")
        path.write_bytes(data)
        try:
            exports = read_jsonl(path)
        except InputError as exc:
            assert exc.line is not None and f"{path}, line {exc.line}: " in str(exc), str(exc)
            return
    _store(engine, exports)
