"""seedbed's exceptions: one tree, plain-language messages, translated only at the edge.

    SeedbedError                  anything seedbed refuses to do, said in one line
    ├── InputError                the input is not what it should be (names file/line/field)
    │   ├── NotAnExportError      neither a LinkedIn export zip/folder nor a JSONL file
    │   ├── UnsafeArchiveError    zip bomb, absurd sizes, path traversal, corrupted zip
    │   └── PreferencesError      a preferences file that cannot be used
    ├── StoreError                the database cannot be opened or migrated
    │   └── StoreBusyError        another process kept the store's write lock too long
    ├── NotFoundError             an item, owner or campaign id that is not in the store
    └── ModelError                the packaged model cannot be loaded

Also owns ``printable_path``: how every message names a file whose name is not UTF-8.
Must not import: anything else of seedbed.
"""

from __future__ import annotations

import os
import re


def printable_path(path: str) -> str:
    """A file name as messages, reports and the store show it: valid UTF-8 on one line.

    Bytes of a name that are not UTF-8 (Python keeps them as lone surrogates) are shown as
    ``\\xff``, so ``b"\\xff.csv"`` reads ``\\xff.csv``; control characters (a newline, ESC)
    and bidirectional overrides are shown escaped too. Any other name is returned unchanged.
    """
    if path.isascii() and path.isprintable():
        return path
    try:
        text = os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # a lone surrogate that is not an undecodable byte
        text = path.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNPRINTABLE_RE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


# The bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they
# make a name or a message read differently from what it holds.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# What must not reach a terminal or a one-line message as itself: C0 and C1 controls, DEL,
# and the bidi controls.
_UNPRINTABLE_RE = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")


class SeedbedError(Exception):
    """Base of every error seedbed raises on purpose."""


class InputError(SeedbedError):
    """Bad input. The message names the file, and the line or field where it applies."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
        path = printable_path(path)
        where = path
        if path and line is not None:
            where = f"{path}, line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line


class NotAnExportError(InputError):
    """The path is neither an export (zip or folder) nor a JSONL interchange file."""


class UnsafeArchiveError(InputError):
    """The zip is corrupted, too large when unpacked, or names paths outside itself."""


class PreferencesError(InputError):
    """The preferences file cannot be read or has a field of the wrong type."""


class StoreError(SeedbedError):
    """The store cannot be opened, written or migrated."""


class StoreBusyError(StoreError):
    """Another process (an import, a triage, the web app) held the store's write lock for
    longer than this one would wait: trying again later may succeed."""


class NotFoundError(SeedbedError):
    """An id that the store does not hold."""


class ModelError(SeedbedError):
    """The packaged embedding model is missing or cannot be loaded."""
