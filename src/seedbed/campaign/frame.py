"""The second verification channel: templates whose fills are whole clauses.

Owns: ``frame_key`` (the opening and closing words of a skeleton, hashed) and
``frame_match`` (do two skeletons share the template's frame). Must not import: the store, the
judge, the CLI.

Some templates leave most of the note to the sender: "wrote this guide on {a guide title}
{url}, saw you're working on {a project}, thought you might find it useful". Their fills are
clauses, not names, so two members share only the frame: the opening, one or more anchors in
the middle and the closing. Measured on the devset, such pairs have a skeleton Jaccard of
0.20-0.33, below ``verify.VERIFY_MIN_JACCARD``, where unrelated notes of one sender (sibling
steps of one sequence, shared sign-off) also sit; and they rarely share an LSH band (0-1 of
42), so they are not even candidates.

So this channel finds candidates by an exact key instead of MinHash: the first and the last
``FRAME_WORDS`` words of the skeleton. It verifies them by the shared word runs of two
skeletons (``difflib.SequenceMatcher`` on the word lists, matching blocks of at least
``FRAME_RUN_WORDS`` words): at least ``FRAME_MIN_RUNS`` runs (the opening, the closing and an
anchor in the middle), holding at least ``FRAME_MIN_SHARED`` words together and covering at
least ``FRAME_MIN_COVER`` of the shorter skeleton.
"""

from __future__ import annotations

import hashlib
from difflib import SequenceMatcher

# Words at each end of the skeleton that make the frame key: three words are a phrase ("hey
# ⟨name⟩ wrote", "might be interesting"); two are a greeting that everybody uses ("hi ⟨name⟩").
FRAME_WORDS = 3
# Skeletons shorter than this have no frame key: both ends plus a middle anchor and some fill
# need room, and short notes are verified well by Jaccard alone.
FRAME_MIN_WORDS = 12
# A shared run counts from this length on: shorter common runs ("to the", "for your") occur
# between any two notes in one language.
FRAME_RUN_WORDS = 3
# At least the opening, the closing and one anchor in the middle. On the devset, pairs with the
# same frame key but of different templates (sibling steps of one sequence, greeting plus
# "happy to connect") share 2 runs; same-template pairs 3 or more.
FRAME_MIN_RUNS = 3
# Words inside shared runs, together: a template's fixed frame is long, while a greeting, one
# stock phrase and a sign-off ("hey ⟨name⟩ i" ... "would you like to" ... "how thanks ⟨name⟩")
# are not. Same-frame pairs of different templates in the benchmark corpus (10,000 notes) hold
# 10-12 words; devset same-template pairs found only by this channel 15-19.
FRAME_MIN_SHARED = 14
# Share of the shorter skeleton's words inside shared runs. Devset same-template pairs found
# only by this channel cover 0.28-0.53; same-key pairs of different templates 0.18-0.28 (and
# these fail the run count too).
FRAME_MIN_COVER = 0.25


def frame_key(skel: str) -> int:
    """A 64-bit key of the skeleton's opening and closing words; 0 when it has no frame."""
    words = skel.split()
    if len(words) < FRAME_MIN_WORDS:
        return 0
    frame = " ".join(words[:FRAME_WORDS]) + "\x1f" + " ".join(words[-FRAME_WORDS:])
    key = int.from_bytes(hashlib.blake2b(frame.encode("utf-8"), digest_size=8).digest(), "little")
    return key or 1  # 0 means "no frame"


def frame_match(a: str, b: str) -> float:
    """The run coverage of two skeletons when they share a template frame, else 0.0."""
    wa, wb = a.split(), b.split()
    if min(len(wa), len(wb)) < FRAME_MIN_WORDS:
        return 0.0
    if wa[:FRAME_WORDS] != wb[:FRAME_WORDS] or wa[-FRAME_WORDS:] != wb[-FRAME_WORDS:]:
        return 0.0
    blocks = SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    runs = [m.size for m in blocks if m.size >= FRAME_RUN_WORDS]
    cover = sum(runs) / min(len(wa), len(wb))
    if len(runs) < FRAME_MIN_RUNS or sum(runs) < FRAME_MIN_SHARED or cover < FRAME_MIN_COVER:
        return 0.0
    return cover
