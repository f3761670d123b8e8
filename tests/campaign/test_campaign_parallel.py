"""Skeletons made on several processes are the ones one process makes, in the same order."""

from __future__ import annotations

import pytest

from seedbed.campaign import parallel
from seedbed.campaign.skeleton import MaskContext, skeleton

NOTES = [
    "Hi {name}, I noticed {company} is growing its operations team. Open to a call?",
    "Dear {name}, our studio designs booths that pack into one suitcase for {company}.",
    "Congratulations on the new role at {company}, {name}! Hope Lisbon treats you well.",
]
PEOPLE = [("Anna", "Nordlys Freight"), ("Kofi", "Blue Ridge Analytics"), ("Marta", "Porto Cargo")]


def test_parallel_skeletons_match_the_serial_ones_in_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if not parallel._can_fork() or parallel.workers() < 2:
        pytest.skip("this machine cannot fork workers (one core or no fork)")
    owner = MaskContext.build(companies=[c for _, c in PEOPLE])
    texts = [NOTES[i % 3].format(name=PEOPLE[i % 3][0], company=PEOPLE[(i // 3) % 3][1])
             for i in range(60)]

    def context_of(i: int) -> MaskContext:
        return MaskContext.build(names=[PEOPLE[i % 3][0]], parent=owner)

    started: list[str] = []
    real_get_context = parallel.multiprocessing.get_context

    def recording_get_context(method: str) -> object:
        started.append(method)
        return real_get_context(method)

    monkeypatch.setattr(parallel, "PARALLEL_MIN", 10)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel.multiprocessing, "get_context", recording_get_context)
    serial = [skeleton(t, context_of(i)) for i, t in enumerate(texts)]
    assert parallel.skeletons(texts, context_of, shared=[owner]) == serial
    assert started == ["fork"]  # ...and a pool of workers made them


def test_few_texts_are_done_in_this_process() -> None:
    texts = [NOTES[0].format(name="Anna", company="Porto Cargo")]
    assert parallel.skeletons(texts, lambda i: MaskContext()) == [skeleton(texts[0])]
