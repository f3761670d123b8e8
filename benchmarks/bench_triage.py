"""Triage benchmark: judging speed including embeddings, model load time and peak memory.

Usage: python benchmarks/bench_triage.py [--messages 6000] [--invitations 1500]

Generates an export, imports it, then judges every inbound item twice in one process:
cold (no cached embeddings) and warm (all embeddings cached, nothing changed, so nothing
is judged again) and once more after a preferences change (all judged again from cached
embeddings). Targets (issue 3): >= 300 inbound items/s judged cold on 2 cores, model load
< 3 s, peak RSS < 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from exportgen import generate_export, write_export  # noqa: E402
from seedbed import service  # noqa: E402
from seedbed.judge.combine import load_packaged  # noqa: E402
from seedbed.judge.embedding import OnnxEmbedder  # noqa: E402
from seedbed.model import Direction  # noqa: E402
from seedbed.store import open_engine, queries  # noqa: E402
from seedbed.triage import stored_rows  # noqa: E402


def _owners(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return queries.owners(conn)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=6000)
    parser.add_argument("--invitations", type=int, default=1500)
    parser.add_argument("--strangers-only", action="store_true",
                        help="drop the owner's own messages, connections and endorsements so "
                             "that every item comes from a stranger (the worst case)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        generated = generate_export(args.messages, args.invitations, 2000, seed=7)
        if args.strangers_only:
            generated.messages = [m for m in generated.messages
                                  if m.direction is Direction.INCOMING]
            generated.invitations = [i for i in generated.invitations
                                     if i.direction is Direction.INCOMING]
            generated.connections, generated.endorsements = [], []
            generated.recommendations, generated.notes = [], []
        export = write_export(generated, work / "bench.zip")
        db = work / "bench.sqlite3"
        service.import_path(export, db)

        start = time.perf_counter()
        judge = load_packaged()
        embedder = OnnxEmbedder()
        embedder.load()
        load = time.perf_counter() - start

        engine = open_engine(db)
        start = time.perf_counter()
        judged = service.make_triage(engine, judge, embedder).run()
        cold = time.perf_counter() - start
        rows = list(stored_rows(engine, [o.id for o in _owners(engine)], judged))
        start = time.perf_counter()
        service.make_triage(engine, judge, embedder).run()
        warm = time.perf_counter() - start
        prefs = work / "prefs.toml"
        prefs.write_text('needs = ["a data observability tool"]\n', encoding="utf-8")
        service.apply_preferences(prefs, db)
        start = time.perf_counter()
        service.make_triage(engine, judge, embedder).run()
        rejudge = time.perf_counter() - start
        engine.dispose()
    n = len(rows)
    strangers = sum(1 for r in rows if r.verdict.source != "relationship")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inbound items: {n} ({strangers} from strangers, embedded and judged by the "
          f"stages; {n - strangers} decided by the relationship alone)")
    print(f"model load (judge + ONNX embedder): {load:.2f} s")
    print(f"cold triage (embedding every text): {cold:.2f} s = {n / cold:.0f} items/s")
    print(f"warm triage (nothing changed):      {warm:.2f} s = {n / warm:.0f} items/s "
          f"({cold / warm:.1f}x faster than cold)")
    print(f"re-judge after a preferences change (embeddings cached): {rejudge:.2f} s = "
          f"{n / rejudge:.0f} items/s ({cold / rejudge:.1f}x faster than cold)")
    print(f"peak RSS: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
