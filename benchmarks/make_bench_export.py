"""Write a large generated LinkedIn export for benchmarks and print how long it took.

Usage: ``.venv/bin/python benchmarks/make_bench_export.py OUT [--messages N] [--invitations N]
[--connections N] [--era 2026] [--seed 0]``. OUT is a zip path or a directory (then the zip
gets LinkedIn's ``Basic_LinkedInDataExport_MM-DD-YYYY.zip`` name). The generator lives in
tests/exportgen.py and is imported from there.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(1, str(ROOT / "src"))

from exportgen import ERAS, generate_export, write_export  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a generated LinkedIn export zip.")
    parser.add_argument("out", type=Path, help="zip path, or directory to write the zip into")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--invitations", type=int, default=10_000)
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--era", choices=ERAS, default="2026")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    export = generate_export(args.messages, args.invitations, args.connections, seed=args.seed)
    generated = time.perf_counter()
    path = write_export(export, args.out, args.era)
    written = time.perf_counter()
    print(f"{path}: {path.stat().st_size:,} bytes, {len(export.messages):,} messages, "
          f"{len(export.invitations):,} invitations, {len(export.connections):,} connections "
          f"(era {args.era})")
    print(f"generate {generated - start:.2f}s, write {written - generated:.2f}s, "
          f"total {written - start:.2f}s")


if __name__ == "__main__":
    main()
