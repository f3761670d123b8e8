"""The TOML guard: within its limits it reads exactly what tomllib reads; anything at all
gives a result or a clean InputError, never a crash; beyond its limits it refuses.

Generated documents put brackets, braces, dots, quotes, escapes and comment signs inside
strings and comments, where the shape scan must step over them. Runs are derandomized.
"""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seedbed import prefs, tomlfile
from seedbed.errors import InputError, PreferencesError

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
TRICKY = st.text(alphabet=st.sampled_from(list("[]{}.=,#'\"\\\n\t a")) | st.characters(),
                 max_size=30)


def _basic(text: str) -> str:
    return prefs._quote(text)  # escapes quotes, backslashes and control characters


def _literal(text: str) -> str | None:
    return None if "'" in text or any((c < " " and c != "\t") or c == "\x7f" for c in text) \
        else f"'{text}'"


def _multiline(text: str) -> str:
    """A multi-line string, basic or literal, ending in up to two quotes of its own."""
    quotes = len(text) % 3
    literal = _literal(text.replace("'", "").replace("\n", ""))
    if literal is not None and len(text) % 8 == 4:
        return "'''" + literal[1:-1] + "'" * quotes + "'''"
    return '"""' + prefs._quote(text)[1:-1] + '"' * quotes + '"""'


def _string(text: str) -> str:
    return _literal(text) or _basic(text) if len(text) % 4 else _multiline(text)


STRINGS = TRICKY.map(_string)
BARE_KEY = st.text(alphabet="abc_-1", min_size=1, max_size=4)
KEY_PART = BARE_KEY | TRICKY.map(lambda t: _literal(t) or _basic(t))  # no multi-line keys
# The parts of one key: a single part half the time, so that many documents have no
# dotted key at all, where a dot miscounted shows.
KEYS = KEY_PART.map(lambda part: [part]) | st.lists(KEY_PART, min_size=1, max_size=4)
COMMENT = TRICKY.map(lambda t: " # " + "".join(
    " " if (c < " " and c != "\t") or c == "\x7f" else c for c in t))  # TOML's rule


class Value:
    """A TOML value's text, how deeply it nests, and its longest key (in inline tables)."""

    def __init__(self, text: str, depth: int = 0, parts: int = 0) -> None:
        self.text, self.depth, self.parts = text, depth, parts


def _array(values: list[Value], multiline: bool) -> Value:
    return Value("[" + (",\n  " if multiline else ", ").join(v.text for v in values) + "]",
                 1 + max((v.depth for v in values), default=0),
                 max((v.parts for v in values), default=0))


def _name(part: str) -> str:
    """The key a key part names (``a``, ``"a"`` and ``'a'`` are one key)."""
    return next(iter(tomllib.loads(part + " = 1")))


def _table(pairs: list[tuple[list[str], Value]]) -> Value:
    unique = list({_name(keys[0]): (keys, value) for keys, value in pairs}.values())
    return Value("{" + ", ".join(f"{' . '.join(k)} = {v.text}" for k, v in unique) + "}",
                 1 + max((v.depth for _, v in unique), default=0),
                 max((max(len(k), v.parts) for k, v in unique), default=0))


# Values with dots of their own, which are no key parts.
DOTTED = st.sampled_from(["1.5", "-0.25", "6.626e-34", "1979-05-27T07:32:00.999", "true"])
SCALARS = (STRINGS | st.integers().map(str) | DOTTED).map(Value)
VALUES = st.recursive(SCALARS, lambda inner: st.builds(_array, st.lists(inner, max_size=3),
                                                       st.booleans())
                      | st.lists(st.tuples(KEYS, inner), max_size=3).map(_table),
                      max_leaves=12)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, int, int]:
    """A valid TOML document (tables, dotted keys, nested values, comments), its deepest
    nesting and its longest key, in parts."""
    lines, seen, depth, parts = [], set(), 0, 0
    for n, key in enumerate(draw(st.lists(KEYS, max_size=6))):
        if n and draw(st.booleans()):
            header = [f"t{n}", *draw(KEYS)]
            lines.append("[" + " . ".join(header) + "]")
            depth, parts, seen = max(depth, 1), max(parts, len(header)), set()
        if _name(key[0]) in seen:
            continue
        seen.add(_name(key[0]))
        value = draw(VALUES)
        comment = draw(COMMENT) if draw(st.booleans()) else ""
        lines.append(f"{' . '.join(key)} = {value.text}{comment}")
        depth, parts = max(depth, value.depth), max(parts, len(key), value.parts)
    return "\n".join(lines) + "\n", depth, parts


@SETTINGS
@given(documents())
def test_within_the_limits_the_guard_reads_what_tomllib_reads(
        document: tuple[str, int, int]) -> None:
    text, _, _ = document
    assert tomlfile.parse(text, "p.toml") == tomllib.loads(text)


@SETTINGS
@given(documents())
def test_the_scan_counts_nesting_and_key_parts_exactly(document: tuple[str, int, int]) -> None:
    # Strings and comments full of brackets, dots and quotes must count for nothing.
    text, depth, parts = document
    tomlfile.check_shape(text, "p.toml", max_nesting=depth, max_key_parts=parts)
    if depth:
        with pytest.raises(InputError, match="nested more than"):
            tomlfile.check_shape(text, "p.toml", max_nesting=depth - 1, max_key_parts=parts)
    if parts > 1:
        with pytest.raises(InputError, match="dotted parts"):
            tomlfile.check_shape(text, "p.toml", max_nesting=depth, max_key_parts=parts - 1)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("[]{}.=,#'\"\\\n a1")) | st.characters(),
               max_size=400))
def test_any_text_gives_preferences_or_a_clean_error(text: str) -> None:
    try:
        prefs.parse(text, "p.toml")
    except PreferencesError as exc:
        assert str(exc).startswith("p.toml")


@SETTINGS
@given(st.integers(tomlfile.MAX_NESTING + 1, 5000), st.sampled_from(["[", "{a = "]))
def test_nesting_past_the_limit_is_refused(depth: int, opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    try:
        tomlfile.parse("x = " + opener * depth + "1" + closer * depth, "p.toml")
    except InputError as exc:
        assert "nested more than" in str(exc)
    else:
        raise AssertionError("not refused")


def test_nesting_at_the_limit_is_read() -> None:
    depth = tomlfile.MAX_NESTING
    assert tomlfile.parse("x = " + "[" * depth + "]" * depth, "p.toml")["x"]


def test_a_key_of_exactly_the_limit_is_read() -> None:
    key = ".".join(["a"] * tomlfile.MAX_KEY_PARTS)
    assert tomlfile.parse(f"{key} = 1", "p.toml")["a"]
    assert tomlfile.parse(f"[{key}]", "p.toml")["a"]


SHAPES = {  # document: (nesting, key parts)
    "x = [\n  1.5,\n  2.5,\n]\n": (1, 1),
    "x = {a = [1.5, 2.5], b = 0.5}\n": (2, 1),
    "x = [{a = 1.5}, {b = [0.5]}]  # [[[ a.b.c\n": (3, 1),
    "[t]\nx = 'a.b[{' # ]]]\n": (1, 1),
    "x = \"\"\"a.b\"\"\"\"\"\ny = '''[['''''\n": (0, 1),
    "[[a.b]]\nc.d.e = [[1.5]]\n": (2, 3),
}


@pytest.mark.parametrize("text", sorted(SHAPES))
def test_the_scan_counts_these_shapes_exactly(text: str) -> None:
    depth, parts = SHAPES[text]
    assert tomllib.loads(text) is not None
    tomlfile.check_shape(text, "p.toml", max_nesting=depth, max_key_parts=parts)
    if depth:
        with pytest.raises(InputError, match="nested more than"):
            tomlfile.check_shape(text, "p.toml", max_nesting=depth - 1, max_key_parts=parts)
    if parts > 1:
        with pytest.raises(InputError, match="dotted parts"):
            tomlfile.check_shape(text, "p.toml", max_nesting=depth, max_key_parts=parts - 1)
