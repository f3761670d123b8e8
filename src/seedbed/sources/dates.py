"""Every date and time shape LinkedIn's export uses, parsed to UTC datetimes or dates.

Owns: ``parse_datetime`` (timestamps, always timezone-aware UTC; naive ones are taken as
UTC), ``parse_date`` (a calendar day) and ``parse_month`` (``Mon YYYY`` / ``YYYY`` profile
dates). Each returns None for an empty or unparseable value, and for a moment that falls
outside years 1-9999 once converted to UTC; callers record the problem. They never raise.
A year written with four digits is that year (``1/1/0001`` is year 1); only a two-digit
year is given a century.
The shapes are those of the format reference, section 3. Regular expressions are used
instead of ``strptime`` because they are several times faster on 100k-row files.
Must not import: anything of seedbed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

# Two-digit years (``M/D/YY``, ``14-May-23``) are 20YY: LinkedIn launched in 2003, so no
# export holds an earlier year written with two digits.
TWO_DIGIT_CENTURY = 2000

# Real offsets stay within -12:00..+14:00; an offset is less than a day, so +23:59 is the
# largest one ``timezone`` (and ``datetime.fromisoformat``) takes. Anything above is garbage.
MAX_OFFSET_HOURS = 23

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_TZ = r"(?:\s*(?P<tz>UTC|GMT|Z|[+-]\d{2}:?\d{2}))?"
_ISO_RE = re.compile(
    r"(?P<y>\d{4})[-/](?P<mo>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[ T]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,6})\d*)?)?)?"
    + _TZ + r"$"
)
_US_RE = re.compile(
    r"(?P<mo>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2}),?"
    r"(?:\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[AaPp]\.?[Mm]\.?)?)?"
    + _TZ + r"$"
)
_DAY_MONTH_RE = re.compile(
    r"(?P<d>\d{1,2})[ -](?P<mon>[A-Za-z]{3,9})\.?[ -](?P<y>\d{4}|\d{2})"
    r"(?:,?\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[AaPp][Mm])?)?"
    + _TZ + r"$"
)
_MONTH_DAY_RE = re.compile(
    r"(?:[A-Za-z]{3,9},?\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})"
    r"(?:,?\s+(?:at\s+)?(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[AaPp][Mm])?)?"
    r"(?:\s*\(?(?P<tz>UTC|GMT)\)?)?$"
)
# Java's Date.toString(): "Tue Sep 28 09:08:27 UTC 2021"
_JAVA_RE = re.compile(
    r"[A-Za-z]{3}\s+(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+"
    r"(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})\s+(?P<tz>UTC|GMT)\s+(?P<y>\d{4})$"
)
_MONTH_YEAR_RE = re.compile(r"(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<y>\d{4})$")
_NUMERIC_MONTH_RE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<mo>\d{1,2}))?$|(?P<mo2>\d{1,2})/(?P<y2>\d{4})$"
)
_SPACES_RE = re.compile(r"[\s\u202f\u00a0]+")
_EMPTY = frozenset({"", "n/a", "na", "-", "---", "null", "none"})


def parse_datetime(value: str) -> datetime | None:
    """Parse any LinkedIn timestamp to an aware UTC datetime; None when empty or unknown."""
    text = value.strip()
    # Fast path for messages.csv, the file with most rows: "2025-06-01 14:03:22 UTC".
    if len(text) == 23 and text[4] == "-" and text.endswith(" UTC"):
        try:
            return datetime.fromisoformat(text[:19] + "+00:00")
        except ValueError:
            pass
    # Fast path for ISO 8601 (JSONL interchange, naive Shares/Comments timestamps).
    if len(text) >= 19 and text[4] == "-" and text[10] in "T ":
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            if moment.tzinfo is None:
                return moment.replace(tzinfo=UTC)
            return _to_utc(moment)
    if text.lower() in _EMPTY:
        return None
    text = _SPACES_RE.sub(" ", text)
    for regex in (_ISO_RE, _US_RE, _DAY_MONTH_RE, _JAVA_RE, _MONTH_DAY_RE):
        match = regex.match(text)
        if match is not None:
            return _build(match)
    return None


def parse_date(value: str) -> date | None:
    """Parse a calendar day (``04 Apr 2022``, ``11/4/18, 9:21 AM``, ISO); None when unknown."""
    moment = parse_datetime(value)
    return moment.date() if moment is not None else None


def parse_month(value: str) -> date | None:
    """Parse a profile date (``Oct 2022``, ``2009``, or a full day) to a date; None if unknown.

    A month-only value becomes the first of that month; a year-only value, the first of January.
    """
    text = _SPACES_RE.sub(" ", value.strip())
    if text.lower() in _EMPTY:
        return None
    match = _MONTH_YEAR_RE.match(text)
    if match is not None:
        month = _MONTHS.get(match["mon"].lower())
        return _safe_date(int(match["y"]), month, 1) if month else None
    match = _NUMERIC_MONTH_RE.match(text)
    if match is not None:
        year = match["y"] or match["y2"]
        month_text = match["mo"] or match["mo2"]
        return _safe_date(int(year), int(month_text) if month_text else 1, 1)
    return parse_date(text)


def _build(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if len(groups["y"]) == 2:
        year += TWO_DIGIT_CENTURY
    if groups.get("mon") is not None:
        month = _MONTHS.get(groups["mon"].lower())
        if month is None:
            return None
    else:
        month = int(groups["mo"])
    hour = int(groups["h"]) if groups.get("h") else 0
    ampm = groups.get("ap")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0] in "Pp" else 0)
    fraction = groups.get("f") or ""
    try:
        moment = datetime(
            year, month, int(groups["d"]), hour,
            int(groups["mi"]) if groups.get("mi") else 0,
            int(groups["s"]) if groups.get("s") else 0,
            int(fraction.ljust(6, "0")) if fraction else 0,
            tzinfo=UTC,
        )
    except ValueError:
        return None
    offset = _offset(groups.get("tz"))
    if offset is None:
        return None
    return _to_utc(moment.replace(tzinfo=timezone(offset)))


def _to_utc(moment: datetime) -> datetime | None:
    """``moment`` in UTC; None when that is before year 1 or after 9999 (the datetime range)."""
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


def _offset(zone: str | None) -> timedelta | None:
    """The UTC offset a zone suffix names; None for one no clock uses (``+25:00``, ``+01:75``)."""
    if not zone or zone in ("UTC", "GMT", "Z"):
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > MAX_OFFSET_HOURS or minutes >= 60:
        return None
    return sign * timedelta(hours=hours, minutes=minutes)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
