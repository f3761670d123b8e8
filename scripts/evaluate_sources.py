"""Source-held-out quality: outreach from template collections the judge never saw.

Usage: python scripts/evaluate_sources.py [--shared ../shared] [--folds 10] [--out DIR]
                                          [--baseline]

The cases scripts/make_training_cases.py fills from real templates are grouped by the
repository their template came from. Repositories are dealt into ``--folds`` folds (each
repository wholly in one); for each fold the judge is fitted by the training recipe
(scripts/judge_recipe.py) on everything else (seedbed's corpus, the development set minus
its cases from that fold's repositories, the other folds' cases), and the fold's cases,
imported from their recipients' exports through the real pipeline, are judged. The
predictions of all folds are scored with the development set's score.py against the
generated cases. ``--baseline`` fits without any generated case (the recipe before real
templates were learned from) for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge_recipe import SHARED, collect, fit
from labelled import ROOT, Labelled

from seedbed.judge.combine import Judge
from seedbed.judge.embedding import OnnxEmbedder


def repo(d: Labelled) -> str:
    return d.source.removeprefix("template:") if d.source.startswith("template:") else ""


def deal(generated: list[Labelled], k: int) -> dict[str, int]:
    """Repository -> fold: largest first onto the smallest fold (deterministic)."""
    sizes = Counter(repo(d) for d in generated)
    load = [0] * k
    out: dict[str, int] = {}
    for name, n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        fold = min(range(k), key=lambda i: (load[i], i))
        out[name] = fold
        load[fold] += n
    return out


def prediction(judge: Judge, d: Labelled) -> dict[str, object]:
    """One line as ``seedbed triage --format jsonl`` writes it (the fields score.py reads)."""
    prefs = d.prefs
    v = judge.verdict(d.evidence, prefs.needs if prefs else (),
                      prefs.unwelcome_topics if prefs else (), prefs.languages if prefs else ())
    case = d.evidence.case
    return {"persona": d.group, "kind": case.kind.value,
            "sender": {"name": case.sender.name, "profile_url": case.sender.profile_url},
            "sent_at": case.sent_at.isoformat() if case.sent_at else None,
            "text": case.html or case.text, "verdict": v.label.value,
            "spam_probability": v.spam_probability, "summary": v.summary,
            "reasons": [{"code": c.code, "points": c.points} for c in v.clues[:8]]}


def held_out(corpus: list[Labelled], dev: list[Labelled], generated: list[Labelled],
             k: int, baseline: bool = False) -> list[dict[str, object]]:
    folds = deal(generated, k)
    out: list[dict[str, object]] = []
    for fold in range(k):
        names = {n for n, f in folds.items() if f == fold}
        test = [d for d in generated if repo(d) in names]
        train = corpus + [d for d in dev if repo(d) not in names]
        if not baseline:
            train += [d for d in generated if repo(d) not in names]
        judge = fit(train)
        out += [prediction(judge, d) for d in test]
        print(f"fold {fold}: {len(names)} sources, {len(test)} cases, fitted on {len(train)}",
              file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--baseline", action="store_true")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus, dev, generated = collect(OnnxEmbedder(), work,
                                         args.shared / "data" / "devset", args.shared)
        if not generated:
            print("no templates found under --shared", file=sys.stderr)
            return 1
        rows = held_out(corpus, dev, generated, args.folds, args.baseline)
        name = "sources_baseline" if args.baseline else "sources"
        predictions = args.out / f"{name}_predictions.jsonl"
        with predictions.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        cases = args.out / "generated_cases.jsonl"
        cases.write_text((work / "generated" / "cases.jsonl").read_text("utf-8"), "utf-8")
        done = subprocess.run([sys.executable, str(args.shared / "data/devset/score.py"),
                               "--cases", str(cases), "--pred", str(predictions),
                               "--json", str(args.out / f"{name}_score.json")], check=False)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
