"""Skeletons of many texts on several cores: the first import of a large archive.

Owns: ``skeletons`` (in order, on a pool of forked processes when there are many texts and
the process can fork safely, else in this process). Must not import: the store, the judge,
the CLI.

Masking is pure Python (about 120 us per note), so a million notes take minutes on one core.
Forked workers inherit the texts and the owners' lookup tables (built once, before the fork)
instead of receiving them pickled; only the (short) skeletons travel back.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence

from seedbed.campaign.skeleton import MaskContext, prepare, skeleton

# Below this many texts one process is faster: starting workers and sending the skeletons back
# costs more than it saves.
PARALLEL_MIN = 20_000
# Texts per task: large enough that sending a task costs nothing, small enough that the
# workers finish together.
CHUNK = 5_000
# Workers at most (the masking is CPU-bound; more processes than cores only add memory).
MAX_WORKERS = 4

# What the forked workers read: the texts and how to build each one's context.
_TEXTS: Sequence[str] = ()
_CONTEXT_OF: Callable[[int], MaskContext] | None = None


def _chunk(bounds: tuple[int, int]) -> list[str]:
    assert _CONTEXT_OF is not None
    return [skeleton(_TEXTS[i], _CONTEXT_OF(i)) for i in range(*bounds)]


def _can_fork() -> bool:
    # Forking a process that runs other threads (a web server) can copy a held lock.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def workers() -> int:
    """How many processes ``skeletons`` uses for a large batch on this machine."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def skeletons(texts: Sequence[str], context_of: Callable[[int], MaskContext],
              shared: Sequence[MaskContext] = ()) -> list[str]:
    """The skeleton of each text, in order; ``context_of(i)`` gives text i's context.

    ``shared`` lists contexts that many texts build on (the owners'): their tables are built
    before forking, so that workers share them.
    """
    n = len(texts)
    if n < PARALLEL_MIN or workers() < 2 or not _can_fork():
        return [skeleton(texts[i], context_of(i)) for i in range(n)]
    global _TEXTS, _CONTEXT_OF
    for context in shared:
        prepare(context)
    _TEXTS, _CONTEXT_OF = texts, context_of
    try:
        with multiprocessing.get_context("fork").Pool(workers()) as pool:
            parts = pool.map(_chunk, [(lo, min(lo + CHUNK, n)) for lo in range(0, n, CHUNK)])
    finally:
        _TEXTS, _CONTEXT_OF = (), None
    return [skel for part in parts for skel in part]
