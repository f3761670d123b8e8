"""Quality of the sender tools on the development set: aim ranking and draft checking.

Usage: python scripts/evaluate_senders.py [--devset ../shared/data/devset] [--json OUT.json]

- Aim: for each relevant_pitch case, its text is the offer and all 8 personas are ranked
  (profiles, articles, posts and prefs as scripts/devset_json.py builds them). Reported: the
  share of cases whose own persona ranks first, and the mean reciprocal rank (MRR).
- Check: each spam case's text is a draft to its own persona (an invitation note when the
  case is an invitation), and the share predicted spam is reported; likewise the share of
  welcome cases NOT predicted spam, and of relevant_pitch cases not predicted spam.
- Claims: how many fake-personalisation cases get an untraced claim flagged, and how many
  specific-reference cases get a claim flagged wrongly.

The packaged judge was fitted on this very set, so its figures are optimistic. Every figure is
therefore also given with a judge refitted without the case's persona (seedbed's corpus plus
the other personas, through the real import, as scripts/evaluate.py does).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset_json import load
from labelled import ROOT, corpus_evidence, devset_evidence

from seedbed.judge.combine import Judge, load_packaged
from seedbed.judge.embedding import CachedEmbedder, Embedder, MemoryVectorCache, OnnxEmbedder
from seedbed.model import Kind, Label
from seedbed.sender.aim import aim
from seedbed.sender.check import check_draft
from seedbed.sender.claims import trace_claims
from seedbed.sender.profiles import Recipient, as_recipient

# Welcome cases that are welcome because of who sent them (a known person, a reply in a thread
# the persona started): as a stranger's draft the same text may rightly be spam.
RELATIONSHIP_TAGS = frozenset({
    "known_person", "shared_employer", "former_colleague", "reply_to_persona_thread",
    "requested_offer", "former_client", "former_student", "classmate", "friend_recommendation",
})


@dataclass
class Figures:
    ranks: list[int] = field(default_factory=list)
    spam_hits: list[bool] = field(default_factory=list)
    first_spam_hits: list[bool] = field(default_factory=list)  # spam that is not a follow-up
    welcome_kept: list[bool] = field(default_factory=list)
    stranger_welcome_kept: list[bool] = field(default_factory=list)
    pitch_kept: list[bool] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        def share(xs: list[bool]) -> float:
            return round(sum(xs) / len(xs), 3) if xs else float("nan")

        return {
            "aim_cases": len(self.ranks),
            "aim_first_share": share([r == 1 for r in self.ranks]),
            "aim_mrr": round(sum(1 / r for r in self.ranks) / len(self.ranks), 3),
            "spam_drafts": len(self.spam_hits), "spam_predicted_spam": share(self.spam_hits),
            "spam_first_messages": len(self.first_spam_hits),
            "spam_first_messages_predicted_spam": share(self.first_spam_hits),
            "welcome_drafts": len(self.welcome_kept),
            "welcome_not_spam": share(self.welcome_kept),
            "welcome_from_strangers": len(self.stranger_welcome_kept),
            "welcome_from_strangers_not_spam": share(self.stranger_welcome_kept),
            "pitch_drafts": len(self.pitch_kept), "pitch_not_spam": share(self.pitch_kept),
        }


def evaluate(people: dict[str, Recipient], cases: list[tuple[str, Any, Label]],
             judges: dict[str, Judge], embedder: Embedder,
             tags: dict[str, set[str]]) -> Figures:
    """Aim and check figures; ``judges`` maps each persona to the judge used for its cases."""
    figures = Figures()
    order = sorted(people)
    for pid, case, label in cases:
        judge = judges[pid]
        if label is Label.RELEVANT_PITCH:
            report = aim(case.text, [people[p] for p in order], judge, embedder)
            names = [a.recipient.key for a in report.ranked]
            rank = names.index(people[pid].key) + 1
            figures.ranks.append(rank)
            if rank > 1:
                figures.misses.append(f"aim {case.item_id} ({pid}) ranked {rank}")
        if not case.text.strip():
            continue
        invitation = case.kind is Kind.INVITATION
        verdict = check_draft(case.text, people[pid], as_invitation=invitation, judge=judge,
                              embedder=embedder).verdict
        spam = verdict.label is Label.SPAM
        case_tags = tags[case.item_id]
        note = ", ".join(sorted(case_tags))
        if label is Label.SPAM:
            figures.spam_hits.append(spam)
            if "followup" not in case_tags:
                figures.first_spam_hits.append(spam)
            if not spam:
                figures.misses.append(f"spam draft {case.item_id} ({pid}) judged "
                                      f"{verdict.label.value} [{note}]")
        elif label is Label.WELCOME:
            figures.welcome_kept.append(not spam)
            if not case_tags & RELATIONSHIP_TAGS and not case.thread:
                figures.stranger_welcome_kept.append(not spam)
            if spam:
                figures.misses.append(f"welcome draft {case.item_id} ({pid}) judged spam "
                                      f"[{note}]")
        elif label is Label.RELEVANT_PITCH:
            figures.pitch_kept.append(not spam)
    return figures


def case_tags(devset: Path) -> dict[str, set[str]]:
    tags = {}
    for line in (devset / "cases.jsonl").open(encoding="utf-8"):
        c = json.loads(line)
        tags[c["id"]] = set(c.get("tags", []))
    return tags


def claim_figures(people: dict[str, Recipient], cases: list[tuple[str, Any, Label]],
                  embedder: Embedder, tags: dict[str, set[str]]) -> dict[str, Any]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # cases, with claims, flagged
    for pid, case, _label in cases:
        for tag in ("fake_personalization", "specific_reference"):
            if tag in tags[case.item_id]:
                traced = trace_claims(case.text, people[pid].owner, embedder)
                counts[tag][0] += 1
                counts[tag][1] += bool(traced)
                counts[tag][2] += any(t.source is None for t in traced)
    return {tag: {"cases": n, "with_claims": c, "flagged": f}
            for tag, (n, c, f) in counts.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--devset", type=Path, default=ROOT.parent / "shared/data/devset")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--no-held-out", action="store_true",
                        help="skip the refitted judges (faster, optimistic figures only)")
    args = parser.parse_args()
    devset: Path = args.devset
    embedder = CachedEmbedder(OnnxEmbedder(), MemoryVectorCache())
    owners, cases = load(devset)
    people = {pid: as_recipient(owner) for pid, owner in owners.items()}
    packaged = load_packaged()
    tags = case_tags(devset)
    result: dict[str, Any] = {}

    fig = evaluate(people, cases, {pid: packaged for pid in people}, embedder, tags)
    result["packaged_judge"] = fig.summary()
    result["packaged_judge_misses"] = fig.misses
    if not args.no_held_out:
        corpus = []
        if (ROOT / "training" / "items.jsonl").exists():
            corpus = corpus_evidence(ROOT / "training", embedder)
        with tempfile.TemporaryDirectory() as tmp:
            labelled = devset_evidence(devset, embedder, Path(tmp))
        judges = {}
        for pid in people:
            train = corpus + [d for d in labelled if d.group != pid]
            judges[pid] = Judge().fit([d.evidence for d in train], [d.label for d in train],
                                      [d.group for d in train])
        held = evaluate(people, cases, judges, embedder, tags)
        result["held_out_judge"] = held.summary()
        result["held_out_judge_misses"] = held.misses
    result["claims"] = claim_figures(people, cases, embedder, tags)

    for name in ("packaged_judge", "held_out_judge"):
        if name in result:
            s = result[name]
            print(f"{name}:\n"
                  f"  aim: own persona first {s['aim_first_share']:.3f}, MRR {s['aim_mrr']:.3f} "
                  f"({s['aim_cases']} relevant_pitch offers x {len(people)} personas)\n"
                  f"  spam drafts predicted spam {s['spam_predicted_spam']:.3f} of "
                  f"{s['spam_drafts']} (first messages, no follow-ups: "
                  f"{s['spam_first_messages_predicted_spam']:.3f} of "
                  f"{s['spam_first_messages']})\n"
                  f"  welcome drafts not spam {s['welcome_not_spam']:.3f} of "
                  f"{s['welcome_drafts']} (from strangers, no thread: "
                  f"{s['welcome_from_strangers_not_spam']:.3f} of "
                  f"{s['welcome_from_strangers']})\n"
                  f"  relevant_pitch drafts not spam {s['pitch_not_spam']:.3f} of "
                  f"{s['pitch_drafts']}")
            for miss in result[name + "_misses"]:
                print(f"    {miss}")
    for tag, c in result["claims"].items():
        print(f"claims, {tag}: {c['cases']} cases, {c['with_claims']} with a claim found, "
              f"{c['flagged']} with an untraced claim flagged")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
