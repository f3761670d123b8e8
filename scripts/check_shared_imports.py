"""CI check: import every LinkedIn export found under a data folder into a throwaway store.

Usage: python scripts/check_shared_imports.py DATA_DIR

Looks for export zips and extracted export folders under DATA_DIR/linkedin-samples and
DATA_DIR/devset/exports; fails (exit 1) on the first one that does not import cleanly.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from seedbed import SeedbedError, service


def candidates(data: Path) -> list[Path]:
    found: list[Path] = []
    samples = data / "linkedin-samples"
    if samples.is_dir():
        found += sorted(p for p in samples.iterdir() if p.is_dir() or p.suffix == ".zip")
    exports = data / "devset" / "exports"
    if exports.is_dir():
        found += sorted(exports.glob("*.zip"))
    return found


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else Path("../shared/data")
    paths = candidates(data)
    if not paths:
        print(f"no exports found under {data}")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "check.sqlite3"
        for path in paths:
            try:
                summary = service.import_path(path, db)
            except SeedbedError as exc:
                failures += 1
                print(f"FAIL {path.name}: {exc}")
                continue
            for owner in summary.owners:
                counts = ", ".join(f"{k} {v}" for k, v in owner.counts.total.items() if v)
                print(f"ok   {path.name}: {owner.name}: {counts}")
    print(f"{len(paths) - failures} of {len(paths)} exports imported")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
