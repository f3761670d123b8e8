"""Import benchmark: a generated export of 100k messages, 10k invitations, 30k connections.

Usage: python benchmarks/bench_import.py [--runs 3] [--keep DIR]

Each run is a whole process (`seedbed import EXPORT --db NEW_DB`, then the same import again
into the same store), timed from outside, with the child's peak RSS from getrusage. Targets
(issue 2): first import < 30 s and < 600 MB peak RSS on 2 cores; re-import < 5 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDBED = Path(sys.executable).with_name("seedbed")


def run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the max over all children so far: run the biggest first.
    return wall, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="seedbed-bench-"))
    try:
        export = work / "bench.zip"
        subprocess.run([sys.executable, str(HERE / "make_bench_export.py"), str(export)],
                       check=True, stdout=subprocess.DEVNULL)
        first, again, peaks = [], [], []
        for n in range(args.runs):
            db = work / f"run{n}.sqlite3"
            wall, peak = run([str(SEEDBED), "import", str(export), "--db", str(db)])
            first.append(wall)
            peaks.append(peak)
            wall, _ = run([str(SEEDBED), "import", str(export), "--db", str(db)])
            again.append(wall)
        print(f"first import: median {statistics.median(first):.2f} s "
              f"(runs {', '.join(f'{x:.2f}' for x in first)}); peak RSS {max(peaks):.0f} MB")
        print(f"re-import:    median {statistics.median(again):.2f} s "
              f"(runs {', '.join(f'{x:.2f}' for x in again)})")
        if args.keep:
            shutil.copy(export, args.keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
