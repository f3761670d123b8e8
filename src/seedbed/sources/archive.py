"""Access to the files of an export, zipped or unpacked, and the safety checks on the zip.

Owns: opening a zip or a folder, listing its members, refusing zip bombs, corrupted or
truncated zips and path-traversal names, and opening one member as a byte stream. Members
are read in memory or streamed from the zip; nothing is ever extracted to disk.
Must not import: anything of seedbed but ``errors``; it knows nothing of LinkedIn's files.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from seedbed.errors import InputError, NotAnExportError, UnsafeArchiveError

# A real Complete export unpacks to well under 1 GiB even with 100k+ messages; twice that
# leaves room for the largest archives while refusing a bomb before it fills memory or disk.
MAX_TOTAL_UNCOMPRESSED = 2 * 1024**3

# CSV text deflates about 5-15x and HTML about 10x; 200x is only reached by padding, so a
# large member that shrinks further than that is treated as a bomb.
MAX_COMPRESSION_RATIO = 200

# Small members compress absurdly well when they are mostly empty (a header-only file):
# the ratio check only applies above this size, where a bomb could actually hurt.
RATIO_CHECK_MIN_SIZE = 1024**2

# Real exports hold 9 to ~60 files plus one HTML file per article; ten thousand entries is
# far beyond any member's history and bounds the work spent on the member list.
MAX_ENTRIES = 10_000

# An unpacked export is at most three levels deep (Articles/Articles/x.html); one more level
# lets a user point at the folder that holds the unpacked folder, without walking a home dir.
MAX_FOLDER_DEPTH = 4

_DRIVE_RE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class Member:
    """One file of the export: its path inside the export (POSIX, relative) and its size.

    ``stored`` is the name as the zip spells it (Windows tools write ``Jobs\\x.csv``).
    """

    name: str
    size: int
    stored: str = ""


class Archive:
    """An open export: a zip file or a folder. Use ``open_archive`` to get one."""

    def __init__(self, path: Path, members: list[Member], zip_file: zipfile.ZipFile | None):
        self.path = path
        self.members = members
        self._zip = zip_file

    def display_name(self, member: Member) -> str:
        """How errors and reports name a member: the export's path joined with the member's."""
        return f"{self.path}/{member.name}"

    def open(self, member: Member) -> IO[bytes]:
        """Open a member as a binary stream (streamed from the zip, never extracted).

        Raises UnsafeArchiveError when the zip member is corrupted, InputError when the
        member cannot be read (encrypted, unsupported compression, no permission).
        """
        if self._zip is None:
            try:
                return (self.path / member.name).open("rb")
            except OSError as exc:
                raise InputError(f"cannot read this file ({exc.strerror})",
                                 path=self.display_name(member)) from exc
        try:
            return self._zip.open(member.stored or member.name)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise UnsafeArchiveError(
                f"the zip is corrupted ({exc})", path=self.display_name(member)
            ) from exc
        except (RuntimeError, NotImplementedError) as exc:
            raise InputError(f"cannot read this zip member ({exc})",
                             path=self.display_name(member)) from exc

    def read(self, member: Member) -> bytes:
        """Read a whole member into memory, translating zip failures into SeedbedErrors."""
        with self.open(member) as stream:
            return read_stream(stream, self.display_name(member))

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def read_stream(stream: IO[bytes], display: str, size: int = -1) -> bytes:
    """Read from a member stream, turning a corrupted zip member into UnsafeArchiveError."""
    try:
        return stream.read(size)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise UnsafeArchiveError(f"the zip is corrupted ({exc})", path=display) from exc


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
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
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
    with path.open("rb") as stream:
        return stream.read(2) == b"PK"


def _zip_members(path: Path, zip_file: zipfile.ZipFile) -> list[Member]:
    infos = zip_file.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafeArchiveError(
            f"the zip has {len(infos)} entries, more than the {MAX_ENTRIES} an export can have",
            path=str(path),
        )
    members: list[Member] = []
    total = 0
    for info in infos:
        name = info.filename
        if not safe_member_name(name):
            raise UnsafeArchiveError(f"the zip names a path outside itself: {name!r}",
                                     path=str(path))
        if info.is_dir():
            continue
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeArchiveError(
                f"the zip unpacks to more than {MAX_TOTAL_UNCOMPRESSED // 1024**3} GiB",
                path=str(path),
            )
        if info.file_size > RATIO_CHECK_MIN_SIZE:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise UnsafeArchiveError(
                    f"{name} compresses {ratio:.0f} to 1, more than the"
                    f" {MAX_COMPRESSION_RATIO} to 1 allowed (a zip bomb?)",
                    path=str(path),
                )
        members.append(Member(name.replace("\\", "/"), info.file_size, name))
    return members


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
                    f"the folder holds more than {MAX_ENTRIES} files; point seedbed at the"
                    " unpacked export itself",
                    path=str(root),
                )
    return members
