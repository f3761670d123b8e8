"""Honest quality figures: leave-one-persona-out on the development set, real pipeline.

Usage: python scripts/evaluate.py [--devset ../shared/data/devset] [--out benchmarks/out]

For each persona P of the development set, the judge is fitted on seedbed's own corpus and
the OTHER personas only; then P's export is imported and triaged exactly as
``seedbed triage EXPORT --prefs PREFS --format jsonl`` does (service.triage), and the
predictions are scored with the set's own score.py. No figure comes from a case the judge
was fitted on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import ROOT, corpus_evidence, devset_evidence

from seedbed import service
from seedbed.judge.combine import Judge
from seedbed.judge.embedding import OnnxEmbedder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/data/devset")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--no-corpus", action="store_true")
    args = parser.parse_args()
    devset: Path = args.devset
    args.out.mkdir(parents=True, exist_ok=True)
    embedder = OnnxEmbedder()
    manifest = json.loads((devset / "exports" / "manifest.json").read_text())
    corpus = []
    if not args.no_corpus and (ROOT / "training" / "items.jsonl").exists():
        corpus = corpus_evidence(ROOT / "training", embedder)
    predictions = args.out / "devset_predictions.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        labelled = devset_evidence(devset, embedder, Path(tmp))
        with predictions.open("w", encoding="utf-8") as out:
            for persona, entry in sorted(manifest.items()):
                train = corpus + [d for d in labelled if d.group != persona]
                judge = Judge().fit([d.evidence for d in train], [d.label for d in train],
                                    [d.group for d in train])
                result = service.triage(
                    devset / "exports" / entry["export"], db=Path(tmp) / f"eval-{persona}.db",
                    prefs_path=devset / "exports" / entry["prefs"], judge=judge,
                    embedder=embedder)
                for row in result.rows:
                    out.write(json.dumps({**row.as_json(), "persona": persona},
                                         ensure_ascii=False) + "\n")
                print(f"{persona}: fitted on {len(train)} items, judged {len(result.rows)}",
                      file=sys.stderr)
    report = args.out / "devset_score.json"
    done = subprocess.run([sys.executable, str(devset / "score.py"), "--cases",
                           str(devset / "cases.jsonl"), "--pred", str(predictions),
                           "--json", str(report)], check=False)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
