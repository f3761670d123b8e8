"""Campaign detection through the real store: build, first ``campaigns.update``, adding 1k.

Not a test. Checks "adding 1k new items to a 1M-item store < 2 s" end to end. Per size N,
in a fresh process: write the synthetic outreach of bench_campaigns.py (``Corpus``: 60
templates with varied fills, 40 % unique notes, 200 owners with 150 connections) as
multi-owner JSONL interchange files and import them with ``service.read`` +
``service.import_exports`` (the true template of each item is kept by its sender's URL); time
the first ``campaigns.update(engine)`` (all N new: the batch path), ``campaigns.facts`` and
pairwise P/R of ``fingerprint.campaign_id``; then ``--runs`` times import ``--adds`` new items
(another seed, the same owners) and time ``campaigns.update(engine)`` alone.

    .venv/bin/python benchmarks/bench_campaign_store.py [--sizes 10000,100000]
        [--adds 1000] [--runs 3] [--keep DIR] [--reuse DIR] [--record PATH]

``--keep DIR`` saves each imported, not yet fingerprinted store in DIR/store-N; ``--reuse
DIR`` copies it from there instead of building. The measured store sits alone in a folder
(under ``--workdir``), so its size counts every file next to it (WAL, SHM, index sidecars).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from bench_campaigns import Corpus, Item, pairwise_pr  # sibling script (benchmarks/ on path)
from sqlalchemy import Engine, select

from seedbed import campaigns, service
from seedbed.store import open_engine
from seedbed.store import tables as t

T = TypeVar("T")
BASE_SEED = 7  # Corpus's default seed
ADD_SEED = 500  # + run number: fresh texts for each batch of additions
CHUNK = 50_000  # items per JSONL file: bounds the reader's memory at 1M items
MESSAGE_SHARE = 3  # of every 10 items are messages (own conversation each); the rest invitations
START = datetime(2024, 1, 1, tzinfo=UTC)  # items are one minute apart from here, in order
DB_NAME = "seedbed.sqlite3"
URL = "https://www.linkedin.com/in/"


def _load() -> float:
    """The 1-minute load average: other work on this shared machine inflates wall times."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def _reset_peak() -> bool:
    """Reset this process's VmHWM (Linux >= 4.0) so the next peak is one phase's own."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _status_mb(field: str) -> float:
    """VmHWM (peak RSS since the last reset) or VmRSS of this process, in MB."""
    status = Path("/proc/self/status").read_text()
    return int(status.split(f"{field}:", 1)[1].split()[0]) / 1024


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    """Run ``fn``; return its result, wall seconds and CPU seconds (own + reaped children)."""
    c0, k0, t0 = time.process_time(), _children_cpu(), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0 + _children_cpu() - k0


def _disk_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def _owner_lines(corpus: Corpus, k: int, connections: bool) -> list[dict[str, Any]]:
    """The owner's profile (name, title, company, city) and, once, the connections behind
    the Corpus's weak context (150 names, 60 companies)."""
    facts, ctx = corpus.owners[k]
    owner = f"o{k}"
    lines: list[dict[str, Any]] = [{
        "type": "profile", "owner": owner, "first_name": facts["first"],
        "last_name": facts["last"], "headline": f"{facts['title']} at {facts['company']}",
        "location": facts["city"], "profile_url": f"{URL}bench-owner-{k}",
        "positions": [{"company": facts["company"], "title": facts["title"],
                       "location": facts["city"], "start": "2019"}],
    }]
    weak = ctx.parent
    if connections and weak is not None:
        companies = sorted(weak.companies) or [""]
        lines += [{"type": "connection", "owner": owner, "name": name,
                   "company": companies[j % len(companies)], "connected_on": "2023-05-01",
                   "profile_url": f"{URL}bench-c{k}-{j}"}
                  for j, name in enumerate(sorted(weak.names))]
    return lines


def _item_line(item: Item, owner: int, tag: str, serial: int, minute: int) -> dict[str, Any]:
    sender: dict[str, Any] = {"name": next(iter(item.context.names)),
                              "profile_url": f"{URL}bench-{tag}-{serial}"}
    if item.context.companies:
        sender["company"] = next(iter(item.context.companies))
    line = {"owner": f"o{owner}", "sender": sender, "direction": "incoming", "text": item.text,
            "sent_at": (START + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    if serial % 10 < MESSAGE_SHARE:
        return {"type": "message", "conversation_id": f"{tag}-{serial}", **line}
    return {"type": "invitation", **line}


def write_items(corpus: Corpus, n: int, tag: str, first_minute: int, folder: Path,
                connections: bool) -> tuple[list[Path], np.ndarray]:
    """Write ``n`` items as JSONL files of ``CHUNK`` items; return the files and the labels
    (template number, -1 for unique notes) indexed by the serial in the sender's URL."""
    owner_of = {id(ctx): k for k, (_, ctx) in enumerate(corpus.owners)}
    labels = np.empty(n, dtype=np.int32)
    files: list[Path] = []
    items = corpus.items(n)
    for start in range(0, n, CHUNK):
        lines: list[dict[str, Any]] = []
        owners: set[int] = set()
        for serial in range(start, min(n, start + CHUNK)):
            item = next(items)
            k = owner_of[id(item.context.parent)]
            owners.add(k)
            labels[serial] = item.template
            lines.append(_item_line(item, k, tag, serial, first_minute + serial))
        for k in sorted(owners):  # a profile line may come after its owner's items
            lines += _owner_lines(corpus, k, connections and start == 0)
        files.append(folder / f"{tag}-{start // CHUNK:03d}.jsonl")
        files[-1].write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines),
                             encoding="utf-8")
    return files, labels


def import_files(engine: Engine, files: list[Path]) -> int:
    """The real import path: read and check a whole file, then one transaction."""
    return sum(service.import_exports(engine, service.read(p), str(p)).new_items for p in files)


def store_campaigns(engine: Engine) -> list[tuple[str, int, str | None]]:
    """(tag, serial, campaign_id or None) of every incoming item, from the sender's URL."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.item.c.sender_url, t.fingerprint.c.campaign_id)
                            .outerjoin(t.fingerprint, t.fingerprint.c.item_pk == t.item.c.id)
                            .where(t.item.c.direction == "incoming")).all()
    out = []
    for url, cid in rows:
        tag, serial = url.rsplit("/", 1)[1].removeprefix("bench-").rsplit("-", 1)
        out.append((tag, int(serial), cid))
    return out


def quality(rows: list[tuple[str, int, str | None]], labels: dict[str, np.ndarray],
            tags: set[str]) -> tuple[float, float, int]:
    """Pairwise P/R over the items with these tags; and how many campaigns there are."""
    chosen = [(int(labels[tag][s]), cid) for tag, s, cid in rows if tag in tags]
    ids: dict[str, int] = {}
    n = len(chosen)
    true = np.array([lab if lab >= 0 else n + k for k, (lab, _) in enumerate(chosen)])
    pred = np.array([ids.setdefault(cid, len(ids)) if cid else -1 - k
                     for k, (_, cid) in enumerate(chosen)])
    precision, recall = pairwise_pr(true, pred)
    return precision, recall, len(ids)


def joined(rows: list[tuple[str, int, str | None]], labels: dict[str, np.ndarray],
           tag: str) -> dict[str, int]:
    """Of the items tagged ``tag``: templated, in a campaign, in one whose members' most
    common true template is theirs; unique notes put in a campaign."""
    majority: dict[str, Counter[int]] = {}
    for tg, s, cid in rows:
        if cid is not None and tg != tag:
            majority.setdefault(cid, Counter())[int(labels[tg][s])] += 1
    out = {"templated": 0, "joined": 0, "joined_right": 0, "unique_joined": 0}
    for tg, s, cid in rows:
        if tg != tag:
            continue
        lab = int(labels[tg][s])
        if lab < 0:
            out["unique_joined"] += cid is not None
            continue
        out["templated"] += 1
        out["joined"] += cid is not None
        top = majority.get(cid) if cid else None
        out["joined_right"] += top is not None and top.most_common(1)[0][0] == lab
    return out


def build(n: int, folder: Path) -> tuple[Path, np.ndarray, dict[str, float]]:
    """A new store in ``folder`` holding the n base items; labels and build timings."""
    db = folder / "store" / DB_NAME
    jsonl = folder / "jsonl"
    jsonl.mkdir(parents=True)
    (files, labels), gen_s, _ = timed(lambda: write_items(Corpus(seed=BASE_SEED), n, "b", 0,
                                                          jsonl, connections=True))
    engine = open_engine(db)
    imported, import_s, import_cpu = timed(lambda: import_files(engine, files))
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    assert imported == n, f"imported {imported} items, expected {n}"
    jsonl_mb = sum(p.stat().st_size for p in files) / 1e6
    shutil.rmtree(jsonl)
    return db, labels, {"generate_s": gen_s, "import_s": import_s, "import_cpu_s": import_cpu,
                        "jsonl_mb": jsonl_mb}


def run_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Build (or reuse) the n-item store, first update, then ``args.runs`` additions."""
    result: dict[str, Any] = {"n": n, "load_before": _load()}
    work = Path(tempfile.mkdtemp(prefix=f"seedbed-store-{n}-", dir=args.workdir))
    kept = (args.reuse / f"store-{n}") if args.reuse else None
    t0 = time.perf_counter()
    if kept is not None and (kept / "done").exists():
        shutil.copytree(kept / "store", work / "store")
        labels = np.load(kept / "labels.npy")
        result["build"] = {**json.loads((kept / "build.json").read_text()), "reused": True}
    else:
        db, labels, result["build"] = build(n, work)
        if args.keep:
            target = args.keep / f"store-{n}"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(db.parent, target / "store")
            np.save(target / "labels.npy", labels)
            (target / "build.json").write_text(json.dumps(result["build"]))
            (target / "done").write_text("")
    result["build"]["wall_s"] = time.perf_counter() - t0
    db = work / "store" / DB_NAME
    result["imported_mb"] = _disk_mb(db.parent)
    all_labels = {"b": labels}

    engine = open_engine(db)
    has_peak = _reset_peak()
    result["rss_before_update_mb"] = _status_mb("VmRSS")  # the floor of the next peak
    _, result["first_update_s"], result["first_update_cpu_s"] = timed(
        lambda: campaigns.update(engine))
    result["first_update_rss_mb"] = _status_mb("VmHWM") if has_peak else None
    _, result["facts_s"], _ = timed(lambda: campaigns.facts(engine))
    rows = store_campaigns(engine)
    result["precision"], result["recall"], result["campaigns"] = quality(rows, all_labels, {"b"})
    result["store_mb_after_first"] = _disk_mb(db.parent)

    adds: list[dict[str, Any]] = []
    base_owners = Corpus(seed=BASE_SEED).owners  # the same people (same seed) as the base
    for run in range(args.runs):
        corpus = Corpus(seed=ADD_SEED + run)
        corpus.owners = base_owners
        tag, folder = f"a{run}", work / f"adds-{run}"
        folder.mkdir()
        files, all_labels[tag] = write_items(corpus, args.adds, tag, n + run * args.adds,
                                             folder, connections=False)
        imported, import_s, _ = timed(partial(import_files, engine, files))
        assert imported == args.adds, f"imported {imported} of {args.adds} added items"
        _, update_s, update_cpu = timed(lambda: campaigns.update(engine))
        rows = store_campaigns(engine)
        adds.append({"import_s": import_s, "update_s": update_s, "update_cpu_s": update_cpu,
                     **joined(rows, all_labels, tag)})
    result["adds"] = adds
    if adds:
        result["add_update_median_s"] = statistics.median(a["update_s"] for a in adds)
        result["add_import_median_s"] = statistics.median(a["import_s"] for a in adds)
        p, r, c = quality(rows, all_labels, set(all_labels))
        result["final"] = {"items": n + args.runs * args.adds, "precision": p, "recall": r,
                           "campaigns": c}
    engine.dispose()
    result["store_mb"] = _disk_mb(db.parent)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["load_after"] = _load()
    shutil.rmtree(work)
    return result


def _in_subprocess(n: int, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--one", str(n), "--adds", str(args.adds),
           "--runs", str(args.runs)]
    for flag in ("keep", "reuse", "workdir"):
        if getattr(args, flag):
            cmd += [f"--{flag}", str(getattr(args, flag))]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _s(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f} s"


def fragment(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    """The markdown fragment: machine line, one table row per size, the additions' detail."""
    lines = [
        "## Campaigns in the store", "",
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()} "
        f"({multiprocessing.cpu_count()} cores, shared), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}. Command: `.venv/bin/python "
        f"benchmarks/bench_campaign_store.py --sizes {args.sizes} --adds {args.adds} "
        f"--runs {args.runs}`. Corpus of bench_campaigns.py, 200 owners with 150 connections, "
        f"multi-owner JSONL files of {CHUNK:,} items through `service.read` + "
        "`service.import_exports`; 3 in 10 items are messages. A fresh process per size; CPU "
        "includes reaped children; RSS during the first update is VmHWM reset just before it "
        "(process: ru_maxrss, build included); store size counts every file in its folder.",
        "",
        f"| items | build: generate + import | first update wall (CPU) | P | R | campaigns "
        f"| add {args.adds:,}: import (median) | add {args.adds:,}: update median (runs) "
        "| facts | peak RSS first update / process | store on disk | load before / after |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b = r["build"]
        runs = ", ".join(f"{a['update_s']:.2f}" for a in r["adds"])
        rss = r["first_update_rss_mb"]
        lines.append(
            f"| {r['n']:,} | {b['generate_s']:.1f} s + {b['import_s']:.1f} s"
            f"{' (reused)' if b.get('reused') else ''} "
            f"| {_s(r['first_update_s'], 1)} ({_s(r['first_update_cpu_s'], 1)}) "
            f"| {r['precision']:.6f} | {r['recall']:.6f} | {r['campaigns']:,} "
            f"| {_s(r.get('add_import_median_s'))} "
            f"| **{_s(r.get('add_update_median_s'))}** ({runs}) | {_s(r.get('facts_s'), 3)} "
            f"| {'n/a' if rss is None else f'{rss:,.0f}'} / {r['peak_rss_mb']:,.0f} MB "
            f"| {r['store_mb']:,.0f} MB | {r['load_before']:.1f} / {r['load_after']:.1f} |")
    lines += ["", "Added items that joined a campaign (per run: joined / templated, of them in "
              "the campaign of their own template; unique notes put in a campaign):", ""]
    for r in results:
        per_run = "; ".join(f"{a['joined']}/{a['templated']} ({a['joined_right']} right, "
                            f"{a['unique_joined']} unique)" for a in r["adds"])
        final = r.get("final")
        tail = (f"; P {final['precision']:.6f} / R {final['recall']:.6f} over all "
                f"{final['items']:,} items at the end" if final else "")
        lines.append(f"- {r['n']:,}: {per_run}{tail}.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--adds", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="save the imported stores in this folder")
    parser.add_argument("--reuse", type=Path, help="take imported stores from this folder")
    parser.add_argument("--workdir", type=Path, help="where the measured copy lives")
    parser.add_argument("--record", type=Path, help="write a markdown fragment here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args)))
        return
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        results.append(_in_subprocess(n, args))
        print(json.dumps(results[-1]), flush=True)
    if args.record:
        args.record.write_text(fragment(results, args), encoding="utf-8")


if __name__ == "__main__":
    main()
