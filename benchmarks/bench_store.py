"""Store benchmark: triage and page latency on big stores (10k, 100k, 1M messages).

Usage: ``.venv/bin/python benchmarks/bench_store.py [--messages 10000,100000] [--requests 50]
[--concurrent 20] [--work DIR] [--no-pages] [--json FILE]``

For each size: an export from ``make_bench_export.py`` (messages N, invitations N/10,
connections 3N/10) is imported with ``seedbed import``; then, each in a fresh process,
triage cold (nothing judged yet), triage warm (nothing changed) and ``seedbed triage --format
jsonl`` warm with its output; then ``seedbed ui``'s server is started over the store and
timed from outside: the first inbox after start, then 50 sequential requests and 20
concurrent ones of each page (inbox, an item, an ask-why item, campaigns, report). Peak RSS
is each process's own ``ru_maxrss``; the 1-minute load average is recorded around every
step. ``--work`` keeps exports and stores between runs (an existing store is reused:
delete it to measure cold again). Targets (issue 13): warm triage of 100k < 3 s; every page
p95 < 200 ms at 100k and < 500 ms at 1M; cold triage of 300k with peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SEEDBED = str(Path(PYTHON).with_name("seedbed"))
# What a child process runs to time one triage: the call, then listing its rows.
TRIAGE_CHILD = """
import json, resource, sys, time
from seedbed import service
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
result = service.triage(None, sys.argv[1])
called, called_peak = time.perf_counter() - start, peak()
rows = len(result.rows)
listed = time.perf_counter() - start
judged = sum(1 for r in result.rows if r.judged_now)
print(json.dumps({"call_s": called, "with_rows_s": listed, "rows": rows, "judged": judged,
                  "peak_mb": called_peak, "peak_rows_mb": peak()}))
"""
SERVER_CHILD = """
import sys
from seedbed.web.command import serve
serve(sys.argv[1], "127.0.0.1", 0)
"""
PAGES = ("inbox", "item", "ask_why item", "campaigns", "report")


def load() -> float:
    return round(os.getloadavg()[0], 2)


def export_for(work: Path, messages: int) -> Path:
    path = work / f"export-{messages}.zip"
    if not path.exists():
        subprocess.run([PYTHON, str(HERE / "make_bench_export.py"), str(path), "--messages",
                        str(messages), "--invitations", str(messages // 10), "--connections",
                        str(messages * 3 // 10)], check=True, stdout=subprocess.DEVNULL)
    return path


def timed(cmd: list[str], stdout: Any = subprocess.PIPE) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, stdout=stdout, text=True)
    return time.perf_counter() - start, done.stdout or ""


def triage(db: Path) -> dict[str, Any]:
    before = load()
    wall, out = timed([PYTHON, "-c", TRIAGE_CHILD, str(db)])
    found: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    found.update(wall_s=wall, load_before=before, load_after=load())
    return found


def jsonl_output(db: Path) -> dict[str, Any]:
    before = load()
    with open(os.devnull, "w") as sink:
        wall, _ = timed([SEEDBED, "triage", "--db", str(db), "--format", "jsonl"], stdout=sink)
    return {"wall_s": wall, "load_before": before, "load_after": load()}


def item_ids(db: Path, n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """Random item ids: ones judged other than ask-why, and ask-why ones."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT i.item_id, v.label FROM item i JOIN verdict v "
                            "ON v.item_pk = i.id").fetchall()
    finally:
        conn.close()
    rng = random.Random(seed)
    other = [i for i, label in rows if label != "ask_why"]
    ask = [i for i, label in rows if label == "ask_why"]
    return rng.sample(other, min(n, len(other))), rng.sample(ask, min(n, len(ask)))


class Server:
    """``seedbed ui`` over a store in a child process, on 127.0.0.1 and a free port."""

    def __init__(self, db: Path) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen([PYTHON, "-c", SERVER_CHILD, str(db)],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.search(r"(http://\S+)/\?token=(\S+)", line)
        assert match, f"no URL in {line!r}"
        self.base, token = match.group(1), match.group(2)
        self.client = httpx.Client(timeout=600)
        start = time.perf_counter()
        response = self.client.get(f"{self.base}/?token={token}", follow_redirects=True)
        response.raise_for_status()
        self.first_inbox_s = time.perf_counter() - start
        self.first_inbox_bytes = len(response.content)

    def get(self, path: str, client: httpx.Client | None = None) -> tuple[float, int]:
        start = time.perf_counter()
        response = (client or self.client).get(self.base + path)
        response.raise_for_status()
        return time.perf_counter() - start, len(response.content)

    def close(self) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(30)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def page_figures(server: Server, paths: list[str], concurrent: int) -> dict[str, Any]:
    before = load()
    sequential = [server.get(p) for p in paths]
    cookies = server.client.cookies
    local = threading.local()

    def one(path: str) -> float:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=600, cookies=cookies)
        return server.get(path, local.client)[0]

    chosen = (paths * (concurrent // len(paths) + 1))[:concurrent]
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrent) as pool:
        together = list(pool.map(one, chosen))
    wall = time.perf_counter() - start
    seconds = [s for s, _ in sequential]
    return {"n": len(paths), "p50_ms": 1000 * statistics.median(seconds),
            "p95_ms": 1000 * percentile(seconds, 0.95), "max_ms": 1000 * max(seconds),
            "kb": statistics.median(b for _, b in sequential) / 1024,
            "concurrent": concurrent, "conc_p50_ms": 1000 * statistics.median(together),
            "conc_p95_ms": 1000 * percentile(together, 0.95), "conc_wall_s": wall,
            "load_before": before, "load_after": load()}


def pages(db: Path, requests: int, concurrent: int) -> dict[str, Any]:
    others, asks = item_ids(db, requests)
    server = Server(db)
    try:
        out: dict[str, Any] = {"first_inbox_s": server.first_inbox_s,
                               "first_inbox_kb": server.first_inbox_bytes / 1024}
        plan = {"inbox": ["/"] * requests, "item": [f"/items/{i}" for i in others],
                "ask_why item": [f"/items/{i}" for i in asks],
                "campaigns": ["/campaigns"] * requests, "report": ["/report"] * requests}
        for name in PAGES:
            if plan[name]:
                out[name] = page_figures(server, plan[name], concurrent)
                print(f"  {name}: {out[name]}", flush=True)
        return out
    finally:
        server.close()


def measure(work: Path, messages: int, args: argparse.Namespace) -> dict[str, Any]:
    export = export_for(work, messages)
    db = work / f"store-{messages}" / "seedbed.sqlite3"
    result: dict[str, Any] = {"messages": messages}
    if not db.exists():
        before = load()
        wall, _ = timed([SEEDBED, "import", str(export), "--db", str(db)],
                        stdout=subprocess.DEVNULL)
        result["import"] = {"wall_s": wall, "load_before": before, "load_after": load()}
        result["cold"] = triage(db)
        print(f"  cold: {result['cold']}", flush=True)
    result["warm"] = triage(db)
    print(f"  warm: {result['warm']}", flush=True)
    result["warm_jsonl"] = jsonl_output(db)
    print(f"  warm jsonl: {result['warm_jsonl']}", flush=True)
    result["store_mb"] = sum(p.stat().st_size for p in db.parent.rglob("*") if p.is_file()) / 2**20
    if not args.no_pages:
        result["pages"] = pages(db, args.requests, args.concurrent)
    return result


def table(results: list[dict[str, Any]]) -> str:
    lines = ["| messages | inbound items | triage cold | peak RSS cold | triage warm | warm + rows "
             "| warm `triage --format jsonl` | store |",
             "|---|---|---|---|---|---|---|---|"]
    # peak RSS cold: of the triage call; listing every row afterwards (``result.rows``) is
    # output, reported in the JSON figures as peak_rows_mb.
    for r in results:
        cold = r.get("cold", {})
        warm = r["warm"]
        lines.append(
            f"| {r['messages']:,} | {warm['rows']:,} | "
            + (f"{cold['wall_s']:.1f} s | {cold['peak_mb']:.0f} MB" if cold else "- | -")
            + f" | {warm['call_s']:.2f} s | {warm['with_rows_s']:.2f} s "
            f"| {r['warm_jsonl']['wall_s']:.1f} s | {r['store_mb']:.0f} MB |")
    lines += ["", "| messages | page | p50 | p95 | 20 concurrent: p50 / p95 / wall | HTML "
              "| load |", "|---|---|---|---|---|---|---|"]
    for r in results:
        found = r.get("pages")
        if not found:
            continue
        lines.append(f"| {r['messages']:,} | first inbox after start | "
                     f"{1000 * found['first_inbox_s']:.0f} ms | | | "
                     f"{found['first_inbox_kb']:.0f} KB | |")
        for name in PAGES:
            if name in found:
                p = found[name]
                lines.append(
                    f"| {r['messages']:,} | {name} | {p['p50_ms']:.0f} ms | {p['p95_ms']:.0f} ms"
                    f" | {p['conc_p50_ms']:.0f} / {p['conc_p95_ms']:.0f} ms / "
                    f"{p['conc_wall_s']:.2f} s | {p['kb']:.0f} KB | "
                    f"{p['load_before']}-{p['load_after']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", default="10000,100000",
                        help="comma-separated export sizes (messages)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--work", type=Path, help="keep exports and stores here")
    parser.add_argument("--no-pages", action="store_true", help="triage figures only")
    parser.add_argument("--json", type=Path, help="append the raw figures to this file")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="seedbed-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for messages in (int(m) for m in args.messages.split(",")):
            print(f"{messages:,} messages (load {load()})", flush=True)
            results.append(measure(work, messages, args))
            if args.json:
                with args.json.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(results[-1]) + "\n")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
