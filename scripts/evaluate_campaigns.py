"""Campaign grouping on the development set: all exports imported into ONE store.

Usage: python scripts/evaluate_campaigns.py [--devset ../shared/data/devset]

Cases sharing a template_id should share a campaign_id, within one export and across
personas. Only the campaign figures of this run mean anything (its verdicts come from the
packaged judge, which was fitted on this set: scripts/evaluate.py gives the verdict figures).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from seedbed import service

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/data/devset")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args()
    manifest = json.loads((args.devset / "exports" / "manifest.json").read_text())
    args.out.mkdir(parents=True, exist_ok=True)
    predictions = args.out / "devset_campaigns.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "all.sqlite3"
        persona_of: dict[int, str] = {}  # owner id -> persona
        for persona, entry in sorted(manifest.items()):
            result = service.triage(args.devset / "exports" / entry["export"], db,
                                    args.devset / "exports" / entry["prefs"])
            assert result.imported is not None
            persona_of[result.imported.owners[0].owner_id] = persona
        rows = service.triage(None, db).rows  # campaigns now span every owner
    with predictions.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({**row.as_json(), "persona": persona_of[row.item.owner_id]},
                                 ensure_ascii=False) + "\n")
    done = subprocess.run([sys.executable, str(args.devset / "score.py"), "--cases",
                           str(args.devset / "cases.jsonl"), "--pred", str(predictions)],
                          check=False, capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if "pairs" in line or line.startswith("campaign"):
            print(line)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
