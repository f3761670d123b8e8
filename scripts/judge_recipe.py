"""The judge's training recipe, shared by training and both evaluations.

- ``collect``: labelled evidence from seedbed's written corpus (training/), the development
  set's exports and, when the shared templates are present, the cases that
  scripts/make_training_cases.py fills from real outreach templates (generated afresh into a
  scratch folder, deterministic for its seed).
- ``fit``: the packaged judge's fit on such evidence. Generated cases train the stages'
  weights but are not remembered by the judge's memory (judge/memory.py keeps embeddings of
  its items, and template text must not ship, not even as vectors).

Scripts only: the package never reads ../shared.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labelled import ROOT, Labelled, corpus_evidence, devset_evidence

from seedbed.judge.combine import Judge
from seedbed.judge.embedding import Embedder

SHARED = ROOT.parent / "shared"


def is_generated(d: Labelled) -> bool:
    return d.case_id.startswith("g")


def collect(embedder: Embedder, work: Path, devset: Path | None = SHARED / "data/devset",
            shared: Path | None = SHARED) -> tuple[list[Labelled], list[Labelled],
                                                   list[Labelled]]:
    """(corpus, devset, generated) evidence; a part whose input is absent is empty."""
    corpus = (corpus_evidence(ROOT / "training", embedder)
              if (ROOT / "training" / "items.jsonl").exists() else [])
    (work / "devset").mkdir(parents=True, exist_ok=True)
    dev = (devset_evidence(devset, embedder, work / "devset")
           if devset is not None and devset.is_dir() else [])
    generated: list[Labelled] = []
    if shared is not None and (shared / "data" / "templates_train.jsonl").exists():
        from make_training_cases import generate

        folder = work / "generated"
        generate(shared, folder)
        (work / "generated-stores").mkdir(exist_ok=True)
        generated = devset_evidence(folder, embedder, work / "generated-stores")
    return corpus, dev, generated


# Generated cases count this much in the relevance stage: their fillings are cruder than
# written pitches (a need's words diluted in template text), so at full weight they lower
# the bar for every pitch.
GENERATED_RELEVANCE_WEIGHT = 0.1
# ... and this much in the offer stage.
GENERATED_OFFER_WEIGHT = 1.0


def fit(data: list[Labelled]) -> Judge:
    """The packaged judge's recipe on ``data``."""
    return Judge().fit([d.evidence for d in data], [d.label for d in data],
                       [d.group for d in data], remember=[not is_generated(d) for d in data],
                       relevance_weights=[GENERATED_RELEVANCE_WEIGHT if is_generated(d)
                                          else 1.0 for d in data],
                       offer_weights=[GENERATED_OFFER_WEIGHT if is_generated(d) else 1.0
                                      for d in data])
