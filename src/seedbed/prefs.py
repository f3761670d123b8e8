"""Preferences: the owner's explicit word (needs, topics, recruiters, allow/block lists).

Owns: validating the file's fields (the file itself is read and parsed within limits by
``seedbed.tomlfile``), writing a starter file, and inferring sensible defaults from the
profile when a field is absent (the summary says what was inferred).
Must not import: the store, the judge, the CLI or the web layer.

File format (docs/preferences.md): a ``[me]`` table (or the same keys at the top level)::

    [me]
    needs = ["A data-observability tool to replace our home-grown checks"]
    welcome_topics = ["questions about my articles"]
    unwelcome_topics = ["SEO services"]
    open_to_recruiters = false
    languages = ["en", "de"]
    allow = ["https://www.linkedin.com/in/someone"]
    block = []
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from seedbed import tomlfile
from seedbed.errors import PreferencesError
from seedbed.model import Preferences, Profile, canonical_profile_url

LIST_FIELDS = ("needs", "welcome_topics", "unwelcome_topics", "languages", "allow", "block")
KNOWN_FIELDS = (*LIST_FIELDS, "open_to_recruiters")
# A need longer than this is a pasted document, not a need; it would drown the others.
MAX_ITEM_CHARS = 1_000
MAX_ITEMS = 100
# Unknown keys named in an error; a file of ten thousand of them gets a line, not a page.
SHOWN_UNKNOWN = 5

STARTER = """# seedbed preferences: what you want from LinkedIn outreach, in your own words.
# Saving this file makes seedbed judge the affected items again.
[me]
# What you are actively looking for right now. Offers that meet one of these are shown as
# relevant pitches instead of being hidden.
needs = []
# Topics you are happy to hear about from strangers.
welcome_topics = []
# Topics you never want pitched, even when they sound close to your work.
unwelcome_topics = []
# true when recruiters with fitting roles are welcome.
open_to_recruiters = false
# Languages you read (ISO codes such as "en", "de"); empty = no language rule.
languages = []
# Profile URLs whose messages are always welcome / always hidden.
allow = []
block = []
"""


def parse(text: str, source: str = "preferences") -> Preferences:
    """Parse TOML preferences; raise PreferencesError naming the file (line) and field.

    Size and shape limits come first (``seedbed.tomlfile``); a leading BOM is allowed.
    """
    data = tomlfile.parse(text, source, PreferencesError)
    table: Any = data.get("me", data)
    if not isinstance(table, dict):
        raise PreferencesError("field 'me' must be a table", path=source)
    values: dict[str, Any] = {}
    for name in LIST_FIELDS:
        raw = table.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise PreferencesError(f"field '{name}' must be a list of strings", path=source)
        if len(raw) > MAX_ITEMS:
            raise PreferencesError(f"field '{name}' has more than {MAX_ITEMS} entries", path=source)
        items = [" ".join(v.split())[:MAX_ITEM_CHARS] for v in raw if v.strip()]
        if name in ("allow", "block"):
            items = [_profile_url(name, v, source) for v in items]
        values[name] = tuple(items)
    recruiters = table.get("open_to_recruiters", False)
    if not isinstance(recruiters, bool):
        raise PreferencesError("field 'open_to_recruiters' must be true or false", path=source)
    unknown = sorted(set(table) - set(KNOWN_FIELDS))
    if unknown:
        shown = ", ".join(_shown(k) for k in unknown[:SHOWN_UNKNOWN])
        more = f" and {len(unknown) - SHOWN_UNKNOWN} more" if len(unknown) > SHOWN_UNKNOWN else ""
        raise PreferencesError(f"unknown field(s): {shown}{more}", path=source)
    return Preferences(open_to_recruiters=recruiters, **values)


def _profile_url(field_name: str, value: str, source: str) -> str:
    """An allow/block entry as a canonical profile URL; refused when no URL reads it."""
    try:
        url = canonical_profile_url(value)
    except ValueError:  # urlsplit refuses some hosts ("a[b")
        url = None
    if url is None:
        raise PreferencesError(f"field '{field_name}': {_shown(value)} is not a profile URL",
                               path=source)
    return url


def _shown(value: str) -> str:
    """A key or value from the file as an error quotes it: short, escapes visible."""
    return repr(value if len(value) <= 60 else value[:59] + "…")


def load(path: Path) -> Preferences:
    """Read a preferences file; raise PreferencesError when it cannot be used.

    Nothing past ``tomlfile.MAX_BYTES`` is read; a UTF-8 BOM is allowed.
    """
    return parse(tomlfile.read(path, PreferencesError), str(path))


def to_toml(prefs: Preferences) -> str:
    """Write preferences back as TOML (inferred fields are not written)."""
    return "\n".join(["[me]", *_assignments(prefs).values()]) + "\n"


def commented_toml(prefs: Preferences) -> str:
    """``to_toml`` laid out as the starter file: each field under the comment saying what it
    does (what ``seedbed prefs edit`` opens). Reads back as the same preferences."""
    assignments = _assignments(prefs)
    lines = []
    for line in STARTER.splitlines():
        name = line.split(" = ", 1)[0]
        lines.append(assignments.get(name, line))
    return "\n".join(lines) + "\n"


def _assignments(prefs: Preferences) -> dict[str, str]:
    """Each field's ``name = value`` TOML line(s), in the file's order."""

    def arr(values: tuple[str, ...]) -> str:
        if not values:
            return "[]"
        inner = ",\n".join("  " + _quote(v) for v in values)
        return "[\n" + inner + ",\n]"

    lines = {}
    for name in LIST_FIELDS:
        values = () if name in prefs.inferred else getattr(prefs, name)
        lines[name] = f"{name} = {arr(values)}"
    lines["open_to_recruiters"] = (
        f"open_to_recruiters = {'true' if prefs.open_to_recruiters else 'false'}")
    return lines


# TOML refuses control characters raw in a string (tab aside): they go as \\uXXXX.
_TOML_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n",
                 **{c: f"\\u{c:04x}" for c in (*range(0x20), 0x7F) if c not in (0x09, 0x0A)}}


def _quote(value: str) -> str:
    return '"' + value.translate(_TOML_ESCAPES) + '"'


def with_defaults(prefs: Preferences | None, profile: Profile) -> Preferences:
    """Fill absent fields from the profile and record which ones were inferred.

    Needs come from job-seeker preferences (wanted titles) and, failing that, the headline
    and current roles: an offer close to one's core current work is at least worth reading.
    Recruiters are welcome when the export says the owner is open to them.
    """
    prefs = prefs or Preferences()
    inferred: list[str] = list(prefs.inferred)
    needs = prefs.needs
    job = profile.job_seeker
    if not needs:
        guessed: list[str] = []
        if job and job.job_titles:
            where = f" in {', '.join(job.locations[:3])}" if job.locations else ""
            guessed += [f"A {title} role{where}" for title in job.job_titles[:5]]
        if profile.headline:
            guessed.append(profile.headline)
        guessed += [f"{p.title} at {p.company}" for p in profile.current_positions[:3]]
        if guessed:
            needs = tuple(guessed)
            inferred.append("needs")
    recruiters = prefs.open_to_recruiters
    if not recruiters and job is not None and job.open_to_recruiters:
        recruiters = True
        inferred.append("open_to_recruiters")
    languages = prefs.languages
    return replace(prefs, needs=needs, open_to_recruiters=recruiters, languages=languages,
                   inferred=tuple(dict.fromkeys(inferred)))
