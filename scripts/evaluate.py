"""Honest quality figures: leave-one-persona-out on the development set, real pipeline.

Usage: python scripts/evaluate.py [--shared ../shared] [--out benchmarks/out] [--no-corpus]
                                  [--no-generated]

For each persona P of the development set, the judge is fitted by the training recipe
(scripts/judge_recipe.py) on seedbed's own corpus, the OTHER personas and the cases filled
from real templates (minus those filled from the development set's own templates, whose
wording the set's cases share); then P's export is imported and triaged exactly as
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

from judge_recipe import SHARED, collect, fit
from labelled import ROOT

from seedbed import service
from seedbed.judge.embedding import OnnxEmbedder

# Development templates have ids d000..d163; the development set's cases are filled from them.
DEVELOPMENT_TEMPLATE = "d"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--no-generated", action="store_true",
                        help="leave the cases filled from real templates out of training")
    args = parser.parse_args()
    devset: Path = args.shared / "data" / "devset"
    args.out.mkdir(parents=True, exist_ok=True)
    embedder = OnnxEmbedder()
    manifest = json.loads((devset / "exports" / "manifest.json").read_text())
    predictions = args.out / "devset_predictions.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        corpus, labelled, generated = collect(
            embedder, Path(tmp), devset, None if args.no_generated else args.shared)
        if args.no_corpus:
            corpus = []
        templates = {}
        if generated:
            for line in (Path(tmp) / "generated" / "cases.jsonl").open(encoding="utf-8"):
                case = json.loads(line)
                templates[case["id"]] = case["template_id"]
        extra = [d for d in generated
                 if not templates.get(d.case_id, "").startswith(DEVELOPMENT_TEMPLATE)]
        with predictions.open("w", encoding="utf-8") as out:
            for persona, entry in sorted(manifest.items()):
                train = corpus + extra + [d for d in labelled if d.group != persona]
                judge = fit(train)
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
