"""The judge's memory: nearest labelled outreach votes, never for itself."""

from __future__ import annotations

import numpy as np

from seedbed.judge.memory import Memory


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def bank() -> Memory:
    vectors = np.stack([unit(1, 0, 0), unit(0.9, 0.1, 0), unit(0, 1, 0), unit(0, 0.9, 0.1)])
    offer = np.asarray([1, 1, 0, 0], dtype=np.float32)
    purpose = np.asarray([np.nan, np.nan, 1, 0], dtype=np.float32)
    return Memory(vectors, offer, purpose, ["a", "b", "c", "d"])


def test_neighbours_that_were_offers_vote_offer() -> None:
    vote = bank().votes(unit(1, 0.05, 0).reshape(1, -1))[0]
    assert vote.offer > 0.9
    assert vote.nearest > 0.99


def test_purpose_vote_ignores_offers() -> None:
    vote = bank().votes(unit(0, 1, 0.02).reshape(1, -1))[0]
    assert vote.offer < 0.1
    assert 0.0 <= vote.purpose <= 1.0


def test_own_group_is_left_out() -> None:
    memory = bank()
    query = unit(1, 0, 0).reshape(1, -1)
    with_self = memory.votes(query)[0]
    without = memory.votes(query, exclude_groups=["a"])[0]
    assert with_self.nearest > without.nearest


def test_saved_memory_votes_the_same() -> None:
    memory = bank()
    again = Memory.from_dict(memory.to_dict())
    query = unit(0.5, 0.5, 0).reshape(1, -1)
    assert abs(memory.votes(query)[0].offer - again.votes(query)[0].offer) < 1e-3
