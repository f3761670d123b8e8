"""seedbed's exceptions: one tree, plain-language messages, translated only at the edge.

    SeedbedError                  anything seedbed refuses to do, said in one line
    ├── InputError                the input is not what it should be (names file/line/field)
    │   ├── NotAnExportError      neither a LinkedIn export zip/folder nor a JSONL file
    │   ├── UnsafeArchiveError    zip bomb, absurd sizes, path traversal, corrupted zip
    │   └── PreferencesError      a preferences file that cannot be used
    ├── StoreError                the database cannot be opened or migrated
    ├── NotFoundError             an item, owner or campaign id that is not in the store
    └── ModelError                the packaged model cannot be loaded

Must not import: anything else of seedbed.
"""

from __future__ import annotations


class SeedbedError(Exception):
    """Base of every error seedbed raises on purpose."""


class InputError(SeedbedError):
    """Bad input. The message names the file, and the line or field where it applies."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None) -> None:
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


class NotFoundError(SeedbedError):
    """An id that the store does not hold."""


class ModelError(SeedbedError):
    """The packaged embedding model is missing or cannot be loaded."""
