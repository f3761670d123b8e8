"""Reading one CSV member of an export: decoding, dialect, header discovery, row streaming.

Owns: the byte-level quirks of LinkedIn's CSV files (UTF-16LE TSV with a BOM, utf-8-sig,
a cp1252 fallback for bytes that are not UTF-8, backslash-escaped quotes in Comments,
preambles before the header, ragged rows, a last free-text column written without quotes,
no final newline) and turning csv failures
(unterminated quote, oversized field) into InputErrors that name the file, line and column.
Must not import: anything of seedbed but ``errors`` and ``sources.archive``; it knows
which columns a file must have only because the caller says so.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Protocol

from seedbed.errors import InputError, UnsafeArchiveError, printable_path
from seedbed.sources.archive import Archive, Member, read_stream

# No real cell comes near this: the longest message seen is ~4,300 characters and profile
# summaries are capped at 2,600. A bigger field is a corrupted or hostile file.
MAX_FIELD_CHARS = 1024**2

# The csv module must be allowed to parse a field past MAX_FIELD_CHARS so that we can name
# its column; past this hard limit it stops, bounding the memory one field can take.
CSV_PARSER_FIELD_LIMIT = 64 * 1024**2

# LinkedIn puts at most a 3-line preamble ("Notes:", a disclaimer, a blank line) before the
# header; ten rows tolerates hand-edited files without scanning a whole body for a header.
HEADER_SCAN_ROWS = 10

# Enough of the start of a file to see its BOM and the delimiter of its first line.
SNIFF_BYTES = 8192

# The codecs error handler that reads bytes which are not UTF-8 as cp1252 (and counts them).
FALLBACK_ERRORS = "seedbed-cp1252"
_SENTINEL = "\ue000seedbed-end-of-file\ue000"
_SENTINEL_NL = _SENTINEL + "\n"
_HEADER_NORM_RE = re.compile(r"[\s_\ufeff]+")

_fallback_state = threading.local()


class _RowReader(Protocol):
    """What Table needs of a csv reader: rows, and the physical line it has reached."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as cp1252 (Excel re-saves), counting them."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    _fallback_state.count = getattr(_fallback_state, "count", 0) + 1
    bad = bytes(error.object[error.start:error.end])
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error(FALLBACK_ERRORS, _cp1252_fallback)


def normalise_header(name: str) -> str:
    """Header names compare case-, space- and underscore-insensitively (SharedURL, Shared Url)."""
    return _HEADER_NORM_RE.sub("", name).lower()


def sniff(head: bytes) -> tuple[str, str]:
    """Return (encoding, delimiter) from the first bytes of a file."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "\t"
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif len(head) >= 4 and head[1:4:2] == b"\x00\x00" and head[0:4:2] != b"\x00\x00":
        return "utf-16-le", "\t"
    else:
        encoding = "utf-8"
    text = head.decode("utf-8", errors="replace")
    for line in text.splitlines():
        tabs, commas = line.count("\t"), line.count(",")
        if tabs or commas:
            return encoding, "\t" if tabs > commas else ","
    return encoding, ","


class Table:
    """An open CSV member: its header, a column lookup, and a stream of its data rows.

    Rows are padded so that ``row[table.index(name)]`` always works: a column the file does
    not have maps to an extra empty cell at the end of every row.
    """

    def __init__(self, display: str, reader: _RowReader, delimiter: str = ","):
        self.display = display
        self.delimiter = delimiter
        self.header: list[str] | None = None
        self.width = 0
        self.problem = ""
        self.notes: list[str] = []
        self._reader = reader
        self._columns: dict[str, int] = {}
        self._asked: dict[str, str] = {}
        self._optional: set[str] = set()
        self._known: set[str] = set()
        self._ragged = 0
        self._free_last = False
        self._rebuilt = 0

    def has(self, name: str) -> bool:
        """True when the file has this column."""
        return normalise_header(name) in self._columns

    def index(self, name: str, *, optional: bool = False) -> int:
        """The index of a column in padded rows; a missing column maps to an empty cell.

        A missing column is reported in ``column_notes`` unless it is ``optional`` (one that
        only some eras have and whose absence says nothing about the file).
        """
        key = normalise_header(name)
        self._asked.setdefault(key, name)
        if optional:
            self._optional.add(key)
        return self._columns.get(key, self.width)

    def free_text(self, name: str) -> int:
        """``index`` of a free-text column; when it is the file's last column, a row with
        more cells than the header is rebuilt instead of cut: the last column takes the rest.

        LinkedIn sometimes writes such a value without quotes, so each comma in it starts a
        new cell (Comments.csv). The reader vouches that no column before this one holds the
        delimiter (a date, a URL); extra cells that are all empty are dropped as padding.
        """
        position = self.index(name)
        if self.header is not None and position == self.width - 1:
            self._free_last = True
        return position

    def known(self, *names: str) -> None:
        """Declare columns LinkedIn ships that the reader does not need (not "unknown")."""
        self._known.update(normalise_header(name) for name in names)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Yield (line of the record's start, padded cells) for each non-empty data row."""
        return self._records(pad=True)

    def column_notes(self) -> list[str]:
        """Notes on unknown (ignored), missing and ragged columns, for the FileReport."""
        assert self.header is not None
        notes = []
        unknown = [h for h in self.header if h.strip() and normalise_header(h) not in
                   self._asked and normalise_header(h) not in self._known]
        if unknown:
            notes.append("unknown columns ignored: " + ", ".join(unknown))
        missing = [name for key, name in self._asked.items()
                   if key not in self._columns and key not in self._optional]
        if missing:
            notes.append("columns not in this file: " + ", ".join(missing))
        if self._ragged:
            notes.append(f"{self._ragged} rows did not have {self.width} cells")
        if self._rebuilt:
            assert self.header is not None
            rows = "1 row" if self._rebuilt == 1 else f"{self._rebuilt} rows"
            notes.append(f"{rows} had commas outside quotes in {self.header[-1]}: rebuilt,"
                         " the last column taking the rest of the row")
        return notes

    def find_header(self, keys: Iterable[Iterable[str]]) -> bool:
        """Scan the first rows for a header holding one of the key-column sets."""
        groups = [tuple(group) for group in keys]
        wanted = [{normalise_header(k) for k in group} for group in groups]
        for skipped, (line, row) in enumerate(self._records()):
            if skipped >= HEADER_SCAN_ROWS:
                break
            names = {normalise_header(cell) for cell in row}
            if any(group <= names for group in wanted):
                self._set_header(row)
                if skipped:
                    self.notes.append(f"{line - 1} lines before the header skipped")
                return True
        sets = " or ".join(" + ".join(group) for group in groups)
        self.problem = f"no header with the columns {sets} in the first {HEADER_SCAN_ROWS} rows"
        return False

    def _set_header(self, row: list[str]) -> None:
        self.header = [cell.strip().lstrip("\ufeff") for cell in row]
        self.width = len(row)
        for position, cell in enumerate(self.header):
            key = normalise_header(cell)
            if not key:
                continue
            suffix = 2
            unique = key
            while unique in self._columns:  # Ad_Targeting repeats names: Job Titles x3
                unique = f"{key}{suffix}"
                suffix += 1
            self._columns[unique] = position

    def _records(self, *, pad: bool = False) -> Iterator[tuple[int, list[str]]]:
        # One generator does everything per row: this loop runs 100k+ times per export.
        reader = self._reader
        width = self.width
        full = width + 1
        previous_end = reader.line_num
        try:
            for row in reader:
                start = previous_end + 1
                previous_end = reader.line_num
                if not row:
                    continue
                last = row[-1]
                if last.endswith(_SENTINEL) or last.endswith(_SENTINEL_NL):
                    if len(row) == 1 and last == _SENTINEL:
                        return
                    raise InputError(
                        "the file ends inside a quoted field (unterminated quote; truncated?)",
                        path=self.display, line=start,
                    )
                if max(map(len, row)) > MAX_FIELD_CHARS:
                    self._too_long(row, start)
                if pad:
                    size = len(row)
                    if size == width:
                        row.append("")
                    elif size < width:
                        if size == 1 and not row[0]:
                            continue
                        self._ragged += 1
                        row.extend([""] * (full - size))
                    elif self._free_last:
                        self._rebuild(row, start)
                    else:
                        self._ragged += 1
                        del row[width:]
                        row.append("")
                yield start, row
        except csv.Error as exc:
            raise InputError(self._csv_problem(exc), path=self.display,
                             line=previous_end + 1) from exc
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise UnsafeArchiveError(f"the zip is corrupted ({exc})", path=self.display) from exc

    def _rebuild(self, row: list[str], line: int) -> None:
        """Join a row's extra cells back into its last column (see ``free_text``), in place."""
        width = self.width
        while len(row) > width and not row[-1]:
            row.pop()
        if len(row) > width:
            self._rebuilt += 1
            row[width - 1:] = [self.delimiter.join(row[width - 1:])]
            if len(row[-1]) > MAX_FIELD_CHARS:
                self._too_long(row, line)
        row.append("")

    def _too_long(self, row: list[str], line: int) -> None:
        position = next(i for i, cell in enumerate(row) if len(cell) > MAX_FIELD_CHARS)
        label = ""
        if self.header is not None and position < len(self.header):
            label = f" ({self.header[position]})"
        raise InputError(
            f"column {position + 1}{label} holds a field of {len(row[position]):,} characters,"
            f" more than the {MAX_FIELD_CHARS:,} allowed",
            path=self.display, line=line,
        )

    @staticmethod
    def _csv_problem(exc: csv.Error) -> str:
        text = str(exc)
        if "field limit" in text:
            return (f"a field is larger than {CSV_PARSER_FIELD_LIMIT // 1024**2} MiB"
                    " (an unterminated quote, or a corrupted file)")
        return f"this CSV cannot be parsed ({text})"


@contextmanager
def open_table(archive: Archive, member: Member, *, backslash_escapes: bool = False,
               ) -> Iterator[Table]:
    """Open a CSV member for streaming; the caller then calls ``find_header``.

    ``backslash_escapes`` reads ``\\"`` as a quote (LinkedIn's Comments.csv).
    Raises InputError for an unparseable file and UnsafeArchiveError for a corrupted zip.
    """
    display = printable_path(archive.display_name(member))
    with archive.open(member) as raw:
        head = read_stream(raw, display, SNIFF_BYTES)
    encoding, delimiter = sniff(head)
    csv.field_size_limit(CSV_PARSER_FIELD_LIMIT)
    _fallback_state.count = 0
    binary: IO[bytes] = archive.open(member)
    try:
        text = io.TextIOWrapper(binary, encoding=encoding, errors=FALLBACK_ERRORS, newline="")
        reader = csv.reader(
            itertools.chain(text, (_SENTINEL,)),
            delimiter=delimiter,
            escapechar="\\" if backslash_escapes else None,
            doublequote=True,
            strict=False,
        )
        table = Table(display, reader, delimiter)
        if encoding.startswith("utf-16"):
            table.notes.append("UTF-16 tab-separated file")
        yield table
        fallbacks = getattr(_fallback_state, "count", 0)
        if fallbacks:
            table.notes.append(
                f"not valid UTF-8: {fallbacks} byte sequences were read as cp1252")
    finally:
        binary.close()
