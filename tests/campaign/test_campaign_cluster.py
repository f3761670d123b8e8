"""Campaign clustering: who joins, who does not, and ids that stay put."""

from __future__ import annotations

import dataclasses

import pytest

from seedbed.campaign import cluster as cluster_module
from seedbed.campaign.cluster import CampaignIndex, IndexState, campaign_key
from seedbed.campaign.fingerprint import Fingerprint, fingerprint
from seedbed.campaign.skeleton import MaskContext
from seedbed.errors import StoreError

PITCH = (
    "Hi {name}, I noticed {company} is growing its operations team. We help logistics "
    "companies like yours cut invoice reconciliation time in half with automated matching. "
    "Would you be open to a short call next week to see if it fits?"
)
PEOPLE = [
    ("Anna Berg", "Nordlys Freight"),
    ("Kofi Mensah", "Blue Ridge Analytics"),
    ("Marta Silva", "Porto Cargo"),
    ("Jonas Weber", "Spree Logistik"),
]
UNRELATED = [
    "Great meeting you at the battery conference yesterday, thanks for the tip on sputtering.",
    "Congratulations on the new role! Hope the move to Lisbon went smoothly for the family.",
    "Your article about cold chain audits was spot on, we saw the same issue at our depot.",
    "Would you be willing to review my thesis chapter on solid electrolytes next month?",
]


def _pitch(name: str, company: str, text: str = PITCH) -> Fingerprint:
    ctx = MaskContext.build(names=[name], companies=[company])
    return fingerprint(text.format(name=name.split()[0], company=company), ctx)


def _chain(start: int, stop: int) -> str:
    """A note of made-up words number start..stop-1: overlaps are exact and easy to reason on.

    Word k is spelled with letters only (digits would be masked as numbers).
    """
    letters = "ghijklmnopqrstuvwxyz"
    return " ".join(f"vo{letters[k % 20]}{letters[k // 20]}n" for k in range(start, stop))


def test_two_fills_of_one_template_form_a_campaign() -> None:
    index = CampaignIndex()
    assert index.add("a", _pitch(*PEOPLE[0])) is None
    key = index.add("b", _pitch(*PEOPLE[1]))
    assert key is not None
    assert index.campaign_of("a") == key
    assert index.members(key) == ["a", "b"]


def test_lightly_paraphrased_fill_joins_the_campaign() -> None:
    index = CampaignIndex()
    index.add("a", _pitch(*PEOPLE[0]))
    key = index.add("b", _pitch(*PEOPLE[1]))
    paraphrase = (
        PITCH.replace("Hi ", "Hello ")
        .replace("in half", "by half")
        .replace("short call", "quick call")
        .replace("?", "? Loved your post about rail freight.")
    )
    assert index.add("c", _pitch(*PEOPLE[2], text=paraphrase)) == key


def test_unrelated_short_notes_do_not_form_campaigns() -> None:
    index = CampaignIndex()
    index.add("p", _pitch(*PEOPLE[0]))
    for k, note in enumerate(UNRELATED):
        assert index.add(f"u{k}", fingerprint(note)) is None
    assert index.campaigns() == {}


def test_blank_and_tiny_notes_never_form_campaigns() -> None:
    index = CampaignIndex()
    for k in range(3):
        assert index.add(f"blank{k}", fingerprint("")) is None
        assert index.add(f"hi{k}", fingerprint("Hi Anna!")) is None
    assert index.campaigns() == {}


def test_campaign_id_comes_from_the_earliest_member_and_survives_new_members() -> None:
    index = CampaignIndex()
    first = _pitch(*PEOPLE[0])
    index.add("a", first)
    key = index.add("b", _pitch(*PEOPLE[1]))
    assert key == campaign_key(first.skeleton)
    assert index.add("c", _pitch(*PEOPLE[2])) == key
    assert index.add("d", _pitch(*PEOPLE[3])) == key
    assert index.campaign_of("a") == key


def test_item_linking_two_campaigns_merges_them_under_the_older_id() -> None:
    index = CampaignIndex()
    index.add("a1", fingerprint(_chain(0, 20)))
    old = index.add("a2", fingerprint(_chain(0, 20) + " tail"))
    index.add("b1", fingerprint(_chain(11, 31)))
    young = index.add("b2", fingerprint("head " + _chain(11, 31)))
    assert old and young and old != young  # 10 of 20 words shared: too far apart to join
    assert index.add("x", fingerprint(_chain(6, 26))) == old  # close to both
    assert index.campaign_of("b1") == old
    assert sorted(index.members(old)) == ["a1", "a2", "b1", "b2", "x"]
    assert young not in index.campaigns()


def test_adding_an_id_twice_changes_nothing() -> None:
    index = CampaignIndex()
    index.add("a", _pitch(*PEOPLE[0]))
    key = index.add("b", _pitch(*PEOPLE[1]))
    assert index.add("b", fingerprint(UNRELATED[0])) == key
    assert len(index) == 2


def _items() -> list[tuple[str, Fingerprint]]:
    items = [(f"p{k}", _pitch(*person)) for k, person in enumerate(PEOPLE)]
    items += [(f"u{k}", fingerprint(n)) for k, n in enumerate(UNRELATED)]
    items += [("a1", fingerprint(_chain(0, 20))), ("b1", fingerprint(_chain(11, 31)))]
    items += [("x", fingerprint(_chain(6, 26)))]
    return items


def test_batch_build_finds_the_same_campaigns_as_adding_one_by_one() -> None:
    one_by_one = CampaignIndex()
    for item_id, fp in _items():
        one_by_one.add(item_id, fp)
    batch = CampaignIndex()
    batch.build(_items())
    assert batch.campaigns() == one_by_one.campaigns()
    assert len(batch.campaigns()) == 2


def test_restored_index_keeps_campaigns_and_keeps_adding_under_the_same_ids() -> None:
    index = CampaignIndex()
    index.build(_items()[:3])
    restored = CampaignIndex.restore(index.state())
    assert restored.campaigns() == index.campaigns()
    key = index.campaign_of("p0")
    assert restored.add("p3", _pitch(*PEOPLE[3])) == key


def test_state_is_plain_data() -> None:
    state = CampaignIndex().state()
    index = CampaignIndex()
    index.build(_items())
    state = index.state()
    assert isinstance(state.digests, bytes)
    assert all(isinstance(p, int) for p in state.parents)
    assert all(isinstance(s, str) for s in state.skeletons + state.item_ids)


def test_restore_rejects_an_inconsistent_state() -> None:
    index = CampaignIndex()
    index.build(_items()[:3])
    state = index.state()
    with pytest.raises(StoreError, match="parents"):
        CampaignIndex.restore(dataclasses.replace(state, parents=state.parents[:-1]))
    with pytest.raises(StoreError, match="later"):
        CampaignIndex.restore(dataclasses.replace(state, parents=[2, 0, 1]))
    with pytest.raises(StoreError, match="parameters"):
        CampaignIndex.restore(dataclasses.replace(state, params=(64, 1, 16, 4)))


def test_items_folded_out_of_the_delta_are_still_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_module, "DELTA_MAX", 2)
    index = CampaignIndex()
    index.add("a", _pitch(*PEOPLE[0]))
    index.add("u", fingerprint(UNRELATED[0]))  # the delta is folded here
    assert index.add("b", _pitch(*PEOPLE[1])) == index.campaign_of("a") is not None


def test_empty_state_restores_to_an_empty_index() -> None:
    restored = CampaignIndex.restore(IndexState([], [], b"", []))
    assert len(restored) == 0 and restored.campaigns() == {}


def test_deferred_pairs_come_strongest_first_each_once_as_sorted_tuples_did() -> None:
    import random

    from seedbed.campaign.cluster import _Pairs

    rng = random.Random(7)
    pairs = [(rng.choice([0.5, 0.75, 0.9, 1.0]), rng.randrange(40), rng.randrange(40))
             for _ in range(500)]
    pairs += pairs[:50]  # the same pair met twice
    packed = _Pairs()
    for score, a, b in pairs:
        packed.append(score, a, b)
    assert list(packed.ordered()) == sorted(set(pairs), key=lambda p: (-p[0], p[1], p[2]))
    assert list(_Pairs().ordered()) == []
