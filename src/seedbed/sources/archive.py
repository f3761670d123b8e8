"""Access to the files of an export, zipped or unpacked, and the limits that keep it safe.

Owns: opening a zip or a folder, listing its members, refusing zip bombs (limits on the
whole archive, on each member and on each logical file, checked before anything is read),
corrupted, truncated, encrypted or exotic zips and path-traversal names, and opening one
member as a byte stream that is read in bounded chunks and counted against its declared size
and the archive's budget. Members are read in memory or streamed from the zip; nothing is
ever extracted to disk. Every failure of ``zipfile`` on hostile input becomes an
UnsafeArchiveError naming the zip (and the member when known).
Must not import: anything of seedbed but ``errors``; it knows nothing of LinkedIn's files.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from seedbed.errors import InputError, NotAnExportError, UnsafeArchiveError, printable_path

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MiB = 1024**2
GiB = 1024**3

# The generated benchmark export (100,000 messages, 10,000 invitations, 30,000 connections)
# unpacks to 35 MB, 30 MB of it messages.csv (56 MB when every cell is quoted): 300 to 560
# bytes a message. A real Complete export unpacks to well under 1 GiB; 1 GiB holds the
# largest logical file allowed below twice over and bounds what a hostile zip (or folder)
# can make seedbed read, since every record read is held in memory until it is stored.
MAX_TOTAL_UNCOMPRESSED = GiB

# One logical file (a member, or the ``_1``, ``_2``... parts of one file joined) is read
# into memory whole. 512 MiB of messages.csv is about a million messages at the sizes above,
# more than anyone receives in a working life; no other file comes near messages.csv.
MAX_FILE_BYTES = 512 * MiB

# Each part costs two opens and a report of its own, and the 2,048 parts of one bomb each
# cost that. Even a file at MAX_FILE_BYTES split into parts of 8 MiB has 64 of them.
MAX_FILE_PARTS = 64

# CSV text deflates about 5-15x and HTML about 10x; 200x is only reached by padding, so a
# large member that shrinks further than that is treated as a bomb.
MAX_COMPRESSION_RATIO = 200

# Small members compress absurdly well when they are mostly empty (a header-only file):
# the per-member ratio check only applies from this size, where a bomb could actually hurt.
RATIO_CHECK_MIN_SIZE = MiB

# The whole benchmark export deflates 8.2x (uncompressed sum over the zip's size). 50x is
# six times that and still refuses a bomb of many small members, each under
# RATIO_CHECK_MIN_SIZE; it scales the allowed size with the zip: a 1 MB zip may unpack to
# 50 MB at most. The zip's own size is the divisor when it is smaller than the sum of the
# declared compressed sizes (entries that share their data).
MAX_ARCHIVE_RATIO = 50

# Below this uncompressed total the whole-archive ratio is not checked: a tiny export of
# header-only files compresses far better than 50x, and 16 MiB can hurt nobody.
ARCHIVE_RATIO_MIN_SIZE = 16 * MiB

# Real exports hold 9 to ~60 files plus one HTML file per article; ten thousand entries is
# far beyond any member's history and bounds the work spent on the member list.
MAX_ENTRIES = 10_000

# An unpacked export is at most three levels deep (Articles/Articles/x.html); one more level
# lets a user point at the folder that holds the unpacked folder, without walking a home dir.
MAX_FOLDER_DEPTH = 4

# Members are read at most this much at a time, so inflating one read can never produce
# more than this (zipfile inflates deflate input to at most the size asked for).
READ_CHUNK_BYTES = 64 * 1024

# LinkedIn stores or deflates its members. zipfile inflates bzip2 and LZMA input without an
# output bound (a few kB can become gigabytes in one call), and cannot read deflate64 or
# PPMd at all, so a member compressed any other way is refused before anything is read.
_READABLE_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "deflate64",
                 98: "PPMd", 99: "AES encryption"}

# General purpose flags: bit 0 (encrypted), 6 (strong encryption), 13 (encrypted central
# directory); bit 5 (patched data) is a PKWARE extension no export uses.
_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000
_PATCHED_FLAG = 0x0020

# What zipfile raises on hostile input, found by mutating exports: besides BadZipFile, a
# negative or huge offset (ValueError, OverflowError, OSError), bad names (UnicodeDecodeError),
# unknown versions and methods (NotImplementedError), encryption (RuntimeError).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error,
               OverflowError, NotImplementedError, RuntimeError, IndexError)

# The newest "version needed to extract" zipfile reads (6.3); it refuses the whole zip
# otherwise, without saying which member asked for more.
_ZIPFILE_MAX_VERSION: int = getattr(zipfile, "MAX_EXTRACT_VERSION", 63)

_DRIVE_RE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Member:
    """One file of the export: its path inside the export (POSIX, relative) and its size.

    ``stored`` is the name as the zip spells it (Windows tools write ``Jobs\\x.csv``).
    """

    name: str
    size: int
    stored: str = ""


def size_text(size: int) -> str:
    """A byte count as people read it: ``2.0 GiB``, ``512 MiB``, ``340 KiB``."""
    if size >= GiB:
        return f"{size / GiB:.1f} GiB"
    if size >= MiB:
        return f"{size / MiB:.0f} MiB"
    return f"{size / 1024:.0f} KiB"


def shown(name: str) -> str:
    """A member name fit for a one-line message: quoted and escaped if it is not printable."""
    name = printable_path(name)
    return name if name.isprintable() else repr(name)


class Archive:
    """An open export: a zip file or a folder. Use ``open_archive`` to get one."""

    def __init__(self, path: Path, members: list[Member], zip_file: zipfile.ZipFile | None):
        self.path = path
        self.members = members
        self._zip = zip_file
        # The furthest offset read in each member, so a member opened twice (a CSV is
        # sniffed, then read) counts once against the budget.
        self._reached: dict[str, int] = {}
        self._bytes_read = 0

    @property
    def is_folder(self) -> bool:
        """True for an unpacked export (a folder), False for a zip."""
        return self._zip is None

    def display_name(self, member: Member) -> str:
        """How errors and reports name a member: the export's path joined with the member's."""
        return f"{self.path}/{shown(member.name)}"

    def check_plan(self, files: Iterable[tuple[str, Sequence[Member]]]) -> None:
        """Refuse, before reading anything, logical files or a total that exceed the limits.

        ``files`` holds what will be read: (logical file name, its members) for each file,
        where a file split into ``_1``, ``_2``... parts has several members. Raises
        UnsafeArchiveError naming the export and the file.
        """
        total = 0
        for label, parts in files:
            size = sum(part.size for part in parts)
            total += size
            if len(parts) > MAX_FILE_PARTS:
                raise UnsafeArchiveError(
                    f"{shown(label)} comes in {len(parts):,} parts, more than the"
                    f" {MAX_FILE_PARTS} an export splits a file into (a zip bomb?)",
                    path=str(self.path))
            if size > MAX_FILE_BYTES:
                in_parts = f" in {len(parts):,} parts" if len(parts) > 1 else ""
                raise UnsafeArchiveError(
                    f"{shown(label)} is {size_text(size)}{in_parts}, larger than the"
                    f" {size_text(MAX_FILE_BYTES)} any LinkedIn file reaches",
                    path=str(self.path))
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeArchiveError(
                f"the files to read add up to {size_text(total)}, more than the"
                f" {size_text(MAX_TOTAL_UNCOMPRESSED)} an export can hold", path=str(self.path))

    def open(self, member: Member) -> IO[bytes]:
        """Open a member as a binary stream (streamed from the zip, never extracted).

        The stream reads at most ``member.size`` bytes and counts them against the
        archive's budget. Raises UnsafeArchiveError when the zip member is corrupted or
        cannot be read, InputError when a file of a folder cannot be read.
        """
        source: IO[bytes]
        if self._zip is None:
            try:
                source = (self.path / member.name).open("rb")
            except OSError as exc:
                raise InputError(f"cannot read this file ({exc.strerror})",
                                 path=self.display_name(member)) from exc
        else:
            try:
                source = self._zip.open(member.stored or member.name)
            except _ZIP_ERRORS as exc:
                raise UnsafeArchiveError(_zip_problem(exc),
                                         path=self.display_name(member)) from exc
        return io.BufferedReader(_MemberStream(self, member, source), READ_CHUNK_BYTES)

    def read(self, member: Member) -> bytes:
        """Read a whole member into memory, translating zip failures into SeedbedErrors."""
        with self.open(member) as stream:
            return read_stream(stream, self.display_name(member))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def count(self, member: Member, reached: int) -> None:
        """Record that ``member`` was read up to offset ``reached``; refuse past the budget.

        ``check_plan`` keeps a reader within the budget; this bounds any other use too.
        """
        before = self._reached.get(member.name, 0)
        if reached <= before:
            return
        self._reached[member.name] = reached
        self._bytes_read += reached - before
        if self._bytes_read > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeArchiveError(
                f"reading it took more than the {size_text(MAX_TOTAL_UNCOMPRESSED)} an export"
                " can hold", path=str(self.path))


class _MemberStream(io.RawIOBase):
    """One member's bytes, read in bounded chunks, never more than the member declares."""

    def __init__(self, archive: Archive, member: Member, source: IO[bytes]) -> None:
        super().__init__()
        self._archive = archive
        self._member = member
        self._source = source
        self._position = 0
        self._in_folder = archive.is_folder

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._source.read(min(len(view), READ_CHUNK_BYTES))
        except _ZIP_ERRORS as exc:
            display = self._archive.display_name(self._member)
            if self._in_folder:
                raise InputError(f"cannot read this file ({exc})", path=display) from exc
            raise UnsafeArchiveError(_zip_problem(exc), path=display) from exc
        self._position += len(data)
        if self._position > self._member.size:
            # zipfile stops at the declared size itself; a file of a folder can still grow.
            had = "it had when the export was opened" if self._in_folder else "the zip declares"
            raise UnsafeArchiveError(f"holds more than the {self._member.size:,} bytes {had}",
                                     path=self._archive.display_name(self._member))
        self._archive.count(self._member, self._position)
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


def read_stream(stream: IO[bytes], display: str, size: int = -1) -> bytes:
    """Read from a member stream, turning a corrupted zip member into UnsafeArchiveError."""
    try:
        return stream.read(size)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnsafeArchiveError(f"the zip is corrupted ({exc})", path=display) from exc


def _zip_problem(exc: BaseException) -> str:
    if isinstance(exc, (NotImplementedError, RuntimeError)):
        return f"this zip member cannot be read ({exc})"
    return f"the zip is corrupted ({exc})"


@contextmanager
def open_archive(path: Path) -> Iterator[Archive]:
    """Open ``path`` as an export: a folder, or a zip checked for bombs and traversal.

    Raises NotAnExportError when the path is neither a folder nor a zip, and
    UnsafeArchiveError when the zip is corrupted, truncated, too large or unsafe.
    """
    if path.is_dir():
        archive = Archive(path, _folder_members(path), None)
    elif path.is_file():
        archive = _open_zip(path)
    else:
        raise NotAnExportError("no such file or folder", path=str(path))
    try:
        yield archive
    finally:
        archive.close()


def _open_zip(path: Path) -> Archive:
    if not _looks_like_zip(path):
        raise NotAnExportError(
            "not a LinkedIn export: expected a .zip file or an unpacked export folder",
            path=str(path),
        )
    try:
        zip_file = zipfile.ZipFile(path)
    except NotImplementedError as exc:
        raise _too_new(path, exc) from exc
    except _ZIP_ERRORS as exc:
        raise UnsafeArchiveError(f"the zip is corrupted or truncated ({exc})",
                                 path=str(path)) from exc
    try:
        members = _zip_members(path, zip_file)
    except BaseException:
        zip_file.close()
        raise
    return Archive(path, members, zip_file)


def _looks_like_zip(path: Path) -> bool:
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as stream:
            return stream.read(2) == b"PK"
    except OSError as exc:
        raise InputError(f"cannot read this file ({exc.strerror})", path=str(path)) from exc


def _zip_members(path: Path, zip_file: zipfile.ZipFile) -> list[Member]:
    infos = zip_file.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchiveError(
            f"the zip has {len(infos):,} entries, more than the {MAX_ENTRIES:,} an export can"
            " have", path=str(path))
    members: list[Member] = []
    seen: set[str] = set()
    total = compressed = 0
    for info in infos:
        _check_entry(path, info)
        total += info.file_size
        compressed += info.compress_size
        if info.is_dir():
            continue
        name = info.filename.replace("\\", "/")
        if name in seen:
            raise UnsafeArchiveError(f"the zip holds {shown(name)} twice", path=str(path))
        seen.add(name)
        members.append(Member(name, info.file_size, info.filename))
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafeArchiveError(
            f"the zip unpacks to {size_text(total)}, more than the"
            f" {size_text(MAX_TOTAL_UNCOMPRESSED)} an export can hold (a zip bomb?)",
            path=str(path))
    divisor = max(min(compressed, path.stat().st_size), 1)
    if total >= ARCHIVE_RATIO_MIN_SIZE and total / divisor > MAX_ARCHIVE_RATIO:
        raise UnsafeArchiveError(
            f"the zip unpacks to {size_text(total)} from {size_text(divisor)},"
            f" {total / divisor:.0f} to 1, more than the {MAX_ARCHIVE_RATIO} to 1 an export"
            " compresses (a zip bomb?)", path=str(path))
    for info in infos:
        if info.file_size >= RATIO_CHECK_MIN_SIZE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise UnsafeArchiveError(
                    f"{shown(info.filename)} compresses {ratio:.0f} to 1, more than the"
                    f" {MAX_COMPRESSION_RATIO} to 1 allowed (a zip bomb?)", path=str(path))
    _check_no_overlap(path, infos)
    return members


def _check_entry(path: Path, info: zipfile.ZipInfo) -> None:
    """Refuse an entry by its name, flags and compression method alone."""
    name = info.filename
    if not safe_member_name(name):
        raise UnsafeArchiveError(f"the zip names a path outside itself: {name!r}",
                                 path=str(path))
    where = f"{path}/{shown(name)}"
    if info.flag_bits & _ENCRYPTED_FLAGS:
        raise UnsafeArchiveError("this zip member is encrypted; export it from LinkedIn"
                                 " again, or import the unpacked folder", path=where)
    if info.flag_bits & _PATCHED_FLAG:
        raise UnsafeArchiveError("this zip member holds patch data, which no export does",
                                 path=where)
    if info.compress_type not in _READABLE_METHODS and not info.is_dir():
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise UnsafeArchiveError(
            f"this zip member is compressed with {method}; seedbed reads stored and deflated"
            " members, as LinkedIn writes them (re-zip it, or import the unpacked folder)",
            path=where)


def _check_no_overlap(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse entries that share their compressed data (the overlapping-files bomb)."""
    # Every entry starts with a local header of at least 30 bytes, then its data.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for first, second in itertools.pairwise(ordered):
        if first.header_offset + 30 + first.compress_size > second.header_offset:
            raise UnsafeArchiveError(
                f"the zip entries {shown(first.filename)} and {shown(second.filename)}"
                " overlap (a zip bomb?)", path=str(path))


def _too_new(path: Path, exc: NotImplementedError) -> UnsafeArchiveError:
    """zipfile refused the whole zip for a member's "version needed"; name that member."""
    found = None
    try:
        with path.open("rb") as stream:
            found = _first_too_new_entry(stream)
    except (OSError, struct.error, ValueError):
        pass
    newest = f"{_ZIPFILE_MAX_VERSION / 10:.1f}"
    if found is None:
        return UnsafeArchiveError(f"a member of this zip cannot be read ({exc}, newer than"
                                  f" the {newest} seedbed reads)", path=str(path))
    name, version = found
    return UnsafeArchiveError(
        f"this zip member needs zip version {version / 10:.1f} to unpack, newer than the"
        f" {newest} seedbed reads (re-zip it, or import the unpacked folder)",
        path=f"{path}/{shown(name)}")


def _first_too_new_entry(stream: IO[bytes]) -> tuple[str, int] | None:
    """(name, version needed) of the first central-directory entry zipfile cannot read."""
    size = stream.seek(0, os.SEEK_END)
    # The end record is 22 bytes, followed by a comment of at most 65,535.
    tail_start = max(0, size - 22 - 65_535)
    stream.seek(tail_start)
    tail = stream.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 > len(tail):
        return None
    directory_size, directory_offset = struct.unpack_from("<II", tail, end + 12)
    if directory_offset + directory_size > size:
        return None  # ZIP64, or data before the zip: leave the member unnamed
    stream.seek(directory_offset)
    directory = stream.read(min(directory_size, 64 * MiB))
    position = 0
    while position + 46 <= len(directory) and directory[position:position + 4] == b"PK\x01\x02":
        needed = directory[position + 6]
        flags = struct.unpack_from("<H", directory, position + 8)[0]
        name_length, extra_length, comment_length = struct.unpack_from(
            "<HHH", directory, position + 28)
        if needed > _ZIPFILE_MAX_VERSION:
            raw = directory[position + 46:position + 46 + name_length]
            name = raw.decode("utf-8" if flags & 0x800 else "cp437", errors="replace")
            return name, needed
        position += 46 + name_length + extra_length + comment_length
    return None


def safe_member_name(name: str) -> bool:
    """True when a zip entry name stays inside the archive (no absolute path, no ``..``)."""
    if not name or "\x00" in name:
        return False
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE_RE.match(unified):
        return False
    return ".." not in PurePosixPath(unified).parts


def _folder_members(root: Path) -> list[Member]:
    members: list[Member] = []
    root_depth = len(root.parts)
    for directory, subdirs, files in os.walk(root, followlinks=False):
        depth = len(Path(directory).parts) - root_depth
        if depth >= MAX_FOLDER_DEPTH:
            subdirs[:] = []
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for file_name in sorted(files):
            if file_name.startswith("."):
                continue
            full = Path(directory, file_name)
            try:
                info = full.lstat()
            except OSError:
                continue
            # Symlinks could point anywhere on the machine; an export never contains any.
            if not stat.S_ISREG(info.st_mode):
                continue
            members.append(Member(full.relative_to(root).as_posix(), info.st_size))
            if len(members) > MAX_ENTRIES:
                raise NotAnExportError(
                    f"the folder holds more than {MAX_ENTRIES:,} files; point seedbed at the"
                    " unpacked export itself",
                    path=str(root),
                )
    return members
