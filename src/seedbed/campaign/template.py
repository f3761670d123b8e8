"""The template behind a campaign: what its members share, with the varying parts as slots.

Owns: ``extract_template``. Given the texts of a campaign's members it picks the medoid (the
member most like the others), aligns every member to it word by word with difflib, keeps as
fixed the medoid words that every member has in the same order, and turns each stretch in
between where any member differs into a slot listing the values seen:
``Hi {…}, I noticed {…} is growing``. Must not import: the store, the judge, the CLI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Literal

# At most this many members are read: enough to see what varies, and the medoid search is
# quadratic in it.
MAX_MEMBERS = 20
# A medoid word is fixed text when at least this share of the other members have it in the
# same order; the few that do not (a "Hello" for "Hi") simply add no value to the slots
# around it. With up to four other members this means all of them.
FIXED_SHARE = 0.8
# A slot lists at most this many distinct values, then "…".
MAX_SLOT_VALUES = 5
SLOT_MARK = "{…}"
EMPTY_VALUE = "∅"

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_STRIP = " \t\r\n,.;:!?-–—()\"'"

SegmentKind = Literal["fixed", "slot"]
Segment = tuple[SegmentKind, str]


@dataclass(frozen=True, slots=True)
class Template:
    """Segments in order (fixed text or a slot's values joined by "|"), and a rendering."""

    segments: tuple[Segment, ...]
    rendered: str
    medoid: int


@dataclass(frozen=True, slots=True)
class _Words:
    text: str
    spans: tuple[tuple[int, int], ...]
    keys: tuple[str, ...]


def _words(text: str) -> _Words:
    matches = list(_WORD.finditer(text))
    return _Words(
        text,
        tuple(m.span() for m in matches),
        tuple(m.group().lower().replace("’", "'") for m in matches),
    )


def _similarity(a: _Words, b: _Words) -> float:
    return SequenceMatcher(None, a.keys, b.keys, autojunk=False).ratio()


def _medoid(members: list[_Words]) -> int:
    if len(members) <= 2:
        return 0
    totals = [0.0] * len(members)
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            s = _similarity(members[i], members[j])
            totals[i] += s
            totals[j] += s
    return max(range(len(members)), key=lambda i: (totals[i], -i))


def _alignment(base: _Words, other: _Words) -> dict[int, int]:
    """Base word index -> other word index, for words in matching blocks."""
    matcher = SequenceMatcher(None, base.keys, other.keys, autojunk=False)
    mapping: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    return mapping


def _gap_text(words: _Words, left: int | None, right: int | None) -> str:
    """The text between word ``left`` and word ``right`` (None: the start / the end)."""
    start = words.spans[left][1] if left is not None else 0
    end = words.spans[right][0] if right is not None else len(words.text)
    return words.text[start:end]


def _slot_value(gap: str) -> str:
    value = " ".join(gap.split()).strip(_STRIP)
    return value or EMPTY_VALUE


def extract_template(texts: Sequence[str]) -> Template:
    """The shared template of a campaign's member texts, with slots where they differ."""
    members = [_words(t) for t in texts[:MAX_MEMBERS]]
    if not members:
        return Template((), "", 0)
    medoid_index = _medoid(members)
    base = members[medoid_index]
    others = [m for i, m in enumerate(members) if i != medoid_index]
    alignments = [_alignment(base, other) for other in others]
    needed = FIXED_SHARE * len(alignments)
    fixed = [
        i
        for i in range(len(base.keys))
        if sum(1 for mapping in alignments if i in mapping) >= needed
    ]
    segments: list[Segment] = []
    cursor = 0  # position in base.text up to which segments are emitted
    bounds: list[int | None] = [None, *fixed, None]
    for left, right in pairwise(bounds):
        values = [_slot_value(_gap_text(base, left, right))]
        for other, mapping in zip(others, alignments, strict=True):
            if (left is not None and left not in mapping) or (
                right is not None and right not in mapping
            ):
                continue  # this member lacks a fixed word here: its value is unknown
            values.append(
                _slot_value(
                    _gap_text(
                        other,
                        mapping[left] if left is not None else None,
                        mapping[right] if right is not None else None,
                    )
                )
            )
        gap_start = base.spans[left][1] if left is not None else 0
        gap_end = base.spans[right][0] if right is not None else len(base.text)
        if len(set(values)) > 1:
            # The slot covers the medoid's varying words; the separators around them stay fixed.
            first = left + 1 if left is not None else 0
            last = (right if right is not None else len(base.keys)) - 1
            if first <= last:
                slot_start, slot_end = base.spans[first][0], base.spans[last][1]
            else:
                # An insertion: after the medoid's punctuation, before its spacing.
                slot_start = slot_end = gap_start + len(base.text[gap_start:gap_end].rstrip())
            _append_fixed(segments, base.text[cursor:slot_start])
            distinct = list(dict.fromkeys(values))
            shown = distinct[:MAX_SLOT_VALUES] + (["…"] if len(distinct) > MAX_SLOT_VALUES else [])
            segments.append(("slot", "|".join(shown)))
            cursor = slot_end
        if right is not None:
            _append_fixed(segments, base.text[cursor : base.spans[right][1]])
            cursor = base.spans[right][1]
    _append_fixed(segments, base.text[cursor:])
    rendered = "".join(text if kind == "fixed" else SLOT_MARK for kind, text in segments)
    return Template(tuple(segments), rendered, medoid_index)


def _append_fixed(segments: list[Segment], text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == "fixed":
        segments[-1] = ("fixed", segments[-1][1] + text)
    else:
        segments.append(("fixed", text))
