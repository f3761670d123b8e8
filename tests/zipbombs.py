"""Hostile zips for the archive-limit tests, written byte by byte: fast to build, free to lie.

``write_zip`` lays out local headers, data and a central directory from ``Entry`` values
whose declared sizes, CRC, method, flags and "version needed" are whatever a test says; the
data is given already compressed, so one compressed member can be repeated 2,048 times
without compressing 2 GiB. The builders below make the bombs of the archive-limit tests.
Must not import: seedbed (these are inputs, not expectations).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

MiB = 1024**2

PROFILE_CSV = b"First Name,Last Name,Headline\nIngrid,Halvorsen,Professor\n"
MESSAGES_HEADER = (b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
                   b"RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n")
MESSAGE_ROW = (b'"c-1","Offer","Sam Seller","https://www.linkedin.com/in/sam-seller","Ingrid'
               b' Halvorsen","https://www.linkedin.com/in/ingrid","2026-01-01 10:00:00 UTC",'
               b'"","We sell lead generation. Book a demo?","INBOX"\n')


@dataclass(frozen=True)
class Entry:
    """One zip entry: ``data`` as stored (already compressed), with what the zip declares."""

    name: str
    data: bytes
    size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    version: int = 20
    flags: int = 0
    # Point this entry's central record at the previous entry's local header and data.
    share_previous: bool = False


def deflate(raw: bytes) -> bytes:
    """Raw deflate data, as zip members hold it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(raw) + compressor.flush()


def member(name: str, raw: bytes, **declared: int) -> Entry:
    """An honest deflated entry of ``raw``; ``declared`` overrides size, crc, method..."""
    values = {"size": len(raw), "crc": zlib.crc32(raw), **declared}
    return Entry(name, deflate(raw), **values)


def stored(name: str, raw: bytes) -> Entry:
    """An honest stored (uncompressed) entry of ``raw``."""
    return Entry(name, raw, len(raw), zlib.crc32(raw), method=zipfile.ZIP_STORED)


def deflated_zeros(mib: int) -> tuple[bytes, int]:
    """(raw deflate data inflating to ``mib`` MiB of zero bytes, its CRC), built in ms.

    One sync-flushed MiB of zeros refers only to zeros before it, so copies of it chain into
    a valid stream; an empty final block ends it.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(b"\x00" * MiB) + compressor.flush(zlib.Z_SYNC_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    block = b"\x00" * MiB
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return chunk * mib + final, crc


def write_zip(path: Path, entries: list[Entry]) -> Path:
    """Write ``entries`` as a zip at ``path`` exactly as declared (no ZIP64)."""
    body = bytearray()
    directory = bytearray()
    previous_offset = 0
    for entry in entries:
        name = entry.name.encode("utf-8")
        flags = entry.flags | 0x800  # names are UTF-8
        if entry.share_previous:
            offset = previous_offset
        else:
            offset = len(body)
            body += struct.pack("<4s5H3L2H", b"PK\x03\x04", entry.version, flags, entry.method,
                                0, 0x21, entry.crc, len(entry.data), entry.size, len(name), 0)
            body += name + entry.data
        directory += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 0x031E, entry.version, flags,
                                 entry.method, 0, 0x21, entry.crc, len(entry.data), entry.size,
                                 len(name), 0, 0, 0, 0, 0o644 << 16, offset)
        directory += name
        previous_offset = offset
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), len(body), 0)
    path.write_bytes(bytes(body + directory + end))
    return path


def messages_mib() -> bytes:
    """One MiB of a messages.csv: the header, then one sales message again and again."""
    return (MESSAGES_HEADER + MESSAGE_ROW * (MiB // len(MESSAGE_ROW) + 1))[:MiB]


def parts_bomb(path: Path, parts: int = 2048) -> Path:
    """The reported bomb: ``parts`` members of exactly 1 MiB named messages_<n>.csv.

    At 2,048 parts it is an 8.8 MB zip that unpacks to 2 GiB of messages, every member at
    the old per-member ratio floor (exactly 1 MiB) so that only limits on the whole see it.
    """
    raw = messages_mib()
    one = member("messages_1.csv", raw)
    entries = [stored("Profile.csv", PROFILE_CSV)]
    entries += [Entry(f"messages_{n}.csv", one.data, one.size, one.crc)
                for n in range(1, parts + 1)]
    return write_zip(path, entries)


def small_members_bomb(path: Path, count: int = 4000, size: int = 200 * 1024) -> Path:
    """Many members far below 1 MiB, each all zeros: 4,000 x 200 KiB is 781 MiB from 1 MB."""
    raw = b"\x00" * size
    one = member("x", raw)
    entries = [stored("Profile.csv", PROFILE_CSV)]
    entries += [Entry(f"Articles/Articles/a{n}.html", one.data, one.size, one.crc)
                for n in range(count)]
    return write_zip(path, entries)


def lying_member_bomb(path: Path, name: str = "Articles/Articles/a.html",
                      mib: int = 256) -> Path:
    """One member that declares 1 KiB but whose data inflates to ``mib`` MiB of zeros."""
    data, crc = deflated_zeros(mib)
    entries = [stored("Profile.csv", PROFILE_CSV), Entry(name, data, 1024, crc)]
    return write_zip(path, entries)
