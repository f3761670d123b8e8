"""TOML that a person wrote (the preferences file, the sender's ``--about`` file): read and
parsed within limits, so that no file can exhaust the stack, the memory or the patience.

Owns: the size, nesting and dotted-key limits, the check of a text's shape against them
before ``tomllib`` sees it, and turning every parse failure into an InputError naming the
file (and the line where it is known). Must not import anything of seedbed but ``errors``.

Why a scan before parsing: ``tomllib`` recurses once per nested array or inline table (a
file nested 3,000 deep raised RecursionError) and keeps every prefix of a dotted key as
a pending flag, so ``a.a.a...`` costs memory quadratic in its parts (40,000 parts, an 80 KB
file, reached 4 GB). The scan below counts both in one pass over the text with a regular
expression that steps over strings and comments whole, so brackets and dots inside them are
not counted; it stops at the first quote that starts no complete string, which ``tomllib``
refuses at that same place.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from seedbed.errors import InputError

# A preferences file is a few lines (the starter file is about 1 KB). 256 KB is over two
# hundred times that and, filled to the preferences' caps (six lists of 100 entries), still
# over 400 characters an entry. At this size the slowest shape measured (an array of 120,000
# one-digit entries) parses in about 0.25 s, text entries in about 20 ms. Checked before
# anything is parsed (and, for a file, before more than this is read).
MAX_BYTES = 256 * 1024
# Brackets and braces open at once. seedbed reads two levels (``me = {needs = [...]}``);
# 32 leaves room for other tools' tables in a shared file and keeps ``tomllib`` about 100
# frames deep, far from Python's recursion limit even in a web worker thread.
MAX_NESTING = 32
# Parts of one dotted key or table header (``me.needs``: two). A key of 32 parts costs
# ``tomllib`` 31 pending prefixes of up to 31 parts (about 500 in all) instead of billions.
MAX_KEY_PARTS = 32

_TOKEN = re.compile(
    r'"""(?:\\[\s\S]|[^\\])*?"""(?:"{1,2})?'  # multi-line basic string, escapes whole
    r"|'''[\s\S]*?'''(?:'{1,2})?"  # multi-line literal string
    r'|"(?:\\.|[^"\\\n])*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}=,.\n\"']"  # structure, or a quote that starts no complete string
)


def read(path: Path, error: type[InputError] = InputError) -> str:
    """The text of a TOML file: at most ``MAX_BYTES``, UTF-8, a leading BOM dropped.

    Raises ``error`` (InputError or a subclass) naming the file, and the line of a byte
    that is not UTF-8.
    """
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise error(f"cannot read the file ({exc.strerror or exc.__class__.__name__})",
                    path=str(path)) from exc
    if len(data) > MAX_BYTES:
        raise error(f"larger than the {MAX_BYTES // 1024} KB limit", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8 text", path=str(path),
                    line=data.count(b"\n", 0, exc.start) + 1) from exc


def parse(text: str, source: str, error: type[InputError] = InputError) -> dict[str, Any]:
    """Parse TOML ``text`` after checking its size and shape; ``source`` names it in errors.

    Raises ``error`` (file, and line where known) when the text is too large, nested too
    deep, has a key of too many parts, or is not valid TOML. A leading BOM is allowed.
    """
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise error(f"larger than the {MAX_BYTES // 1024} KB limit", path=source)
    check_shape(text, source, error)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"not valid TOML ({exc})", path=source) from exc
    except ValueError as exc:  # an integer past Python's 4,300-digit limit
        raise error("not valid TOML (a number too long to read)", path=source) from exc


def check_shape(text: str, source: str, error: type[InputError] = InputError, *,
                max_nesting: int = MAX_NESTING, max_key_parts: int = MAX_KEY_PARTS) -> None:
    """Raise ``error`` at the first line nested deeper than ``max_nesting`` or holding a
    key (or table header) of more than ``max_key_parts`` parts; strings and comments are
    stepped over, and a table header counts as one level of nesting (``[[...]]`` as two)."""
    open_: list[str] = []  # "h" table header, "[" array, "{" inline table
    in_key, parts = True, 1  # a statement starts with a key (or a header)
    for match in _TOKEN.finditer(text):
        token = match.group()
        if len(token) > 1 or token == "#":
            continue  # a string (perhaps a quoted key part) or a comment
        if token in "\"'":
            return  # an unterminated string: tomllib stops there with its own message
        if token == "\n":
            if not open_:
                in_key, parts = True, 1
        elif token == ".":
            if in_key:
                parts += 1
                if parts > max_key_parts:
                    raise error(f"a key of more than {max_key_parts} dotted parts",
                                path=source, line=_line(text, match.start()))
        elif token == "=":
            in_key = False
        elif token in "[{":
            open_.append("h" if token == "[" and in_key else token)
            if len(open_) > max_nesting:
                raise error(f"nested more than {max_nesting} deep", path=source,
                            line=_line(text, match.start()))
            if token == "{":
                in_key, parts = True, 1
        elif token in "]}":
            if open_:
                open_.pop()
            in_key = False
        elif token == "," and open_ and open_[-1] == "{":
            in_key, parts = True, 1


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1
