"""A saved campaign index opens without reading its items and goes on as if never closed."""

from __future__ import annotations

from pathlib import Path

from seedbed.campaign.cluster import CampaignIndex
from seedbed.campaign.fingerprint import Fingerprint, fingerprint
from seedbed.campaign.skeleton import MaskContext

PITCH = (
    "Hi {name}, I noticed {company} is growing its operations team. We help logistics "
    "companies like yours cut invoice reconciliation time in half with automated matching. "
    "Would you be open to a short call next week to see if it fits?"
)
OTHER = (
    "Dear {name}, our studio designs conference booths that pack into one suitcase. {company} "
    "exhibits at many trade fairs every year, so a booth that ships as hand luggage could save "
    "thousands in freight. May I send you the catalogue?"
)
PEOPLE = [("Anna", "Nordlys Freight"), ("Kofi", "Blue Ridge Analytics"),
          ("Marta", "Porto Cargo"), ("Jonas", "Spree Logistik"), ("Ilse", "Fjord Haulage"),
          ("Tomas", "Baltic Reefers")]
UNIQUE = [
    "Great meeting you at the battery conference yesterday, thanks for the tip on sputtering.",
    "Congratulations on the new role! Hope the move to Lisbon went smoothly for the family.",
]


def _fp(text: str, k: int) -> Fingerprint:
    name, company = PEOPLE[k]
    return fingerprint(text.format(name=name, company=company),
                       MaskContext.build(names=[name], companies=[company]))


def _saved(directory: Path, index: CampaignIndex, token: str = "t1") -> None:
    index.save(directory, token)
    CampaignIndex.publish(directory)


def _two_campaigns() -> CampaignIndex:
    index = CampaignIndex()
    index.build([("p0", _fp(PITCH, 0)), ("p1", _fp(PITCH, 1)), ("o0", _fp(OTHER, 0)),
                 ("o1", _fp(OTHER, 1)), ("u0", fingerprint(UNIQUE[0]))],
                threads={"p0": "owner1/a"})
    return index


def test_an_opened_index_has_the_same_campaigns_and_items(tmp_path: Path) -> None:
    index = _two_campaigns()
    _saved(tmp_path, index)
    opened = CampaignIndex.open(tmp_path, "t1")
    assert opened is not None
    assert opened.campaigns() == index.campaigns()
    assert len(opened) == 5 and "u0" in opened and "nobody" not in opened
    assert opened.skeleton_of("o1") == index.skeleton_of("o1")


def test_a_new_item_joins_an_opened_index_like_a_live_one(tmp_path: Path) -> None:
    live = _two_campaigns()
    _saved(tmp_path, live)
    opened = CampaignIndex.open(tmp_path, "t1")
    assert opened is not None
    assert opened.add("p2", _fp(PITCH, 2)) == live.add("p2", _fp(PITCH, 2)) is not None
    assert opened.add("u1", fingerprint(UNIQUE[1])) is None


def test_added_items_survive_a_second_save_and_open(tmp_path: Path) -> None:
    index = _two_campaigns()
    _saved(tmp_path, index)
    opened = CampaignIndex.open(tmp_path, "t1")
    assert opened is not None
    key = opened.add("p2", _fp(PITCH, 2))
    _saved(tmp_path, opened, "t2")
    again = CampaignIndex.open(tmp_path, "t2")
    assert again is not None
    assert again.campaign_of("p2") == key and len(again) == 6
    assert again.add("p3", _fp(PITCH, 3)) == key  # found through the unfolded tail


def test_a_snapshot_with_another_token_or_missing_files_is_not_used(tmp_path: Path) -> None:
    _saved(tmp_path, _two_campaigns())
    assert CampaignIndex.open(tmp_path, "other") is None
    (tmp_path / "digests").write_bytes(b"\0" * 10)  # cut short
    assert CampaignIndex.open(tmp_path, "t1") is None
    assert CampaignIndex.open(tmp_path / "absent", "t1") is None


def test_a_save_never_published_leaves_the_previous_snapshot_whole(tmp_path: Path) -> None:
    _saved(tmp_path, _two_campaigns())
    opened = CampaignIndex.open(tmp_path, "t1")
    assert opened is not None
    opened.add("p2", _fp(PITCH, 2))
    opened.save(tmp_path, "t2")  # e.g. the database transaction failed after this
    previous = CampaignIndex.open(tmp_path, "t1")
    assert previous is not None and len(previous) == 5 and "p2" not in previous
    # ... and the next writer cuts off the bytes the failed one appended.
    key = previous.add("p3", _fp(PITCH, 3))
    _saved(tmp_path, previous, "t3")
    reopened = CampaignIndex.open(tmp_path, "t3")
    assert reopened is not None
    assert "p2" not in reopened and reopened.campaign_of("p3") == key
    assert reopened.skeleton_of("p3") == previous.skeleton_of("p3")


def test_threads_still_keep_steps_apart_after_open(tmp_path: Path) -> None:
    index = CampaignIndex()
    index.add("a", _fp(PITCH, 0), thread="owner1/conv1")
    index.add("b", _fp(PITCH, 1), thread="owner2/conv9")
    _saved(tmp_path, index)
    opened = CampaignIndex.open(tmp_path, "t1")
    assert opened is not None
    # Another item of conv1 cannot join the campaign holding conv1's first item.
    assert opened.add("c", _fp(PITCH, 2), thread="owner1/conv1") is None
    assert opened.add("d", _fp(PITCH, 3), thread="owner3/conv2") == index.campaign_of("a")


def test_changes_name_new_items_and_members_moved_by_a_merge() -> None:
    index = CampaignIndex()
    index.add("p0", _fp(PITCH, 0))
    index.add("p1", _fp(PITCH, 1))
    assert index.take_changes() == {"p0": index.campaign_of("p0"), "p1": index.campaign_of("p0")}
    index.add("u0", fingerprint(UNIQUE[0]))
    assert index.take_changes() == {"u0": None}
    assert index.take_changes() == {}


def test_a_merge_reports_the_members_that_changed_campaign() -> None:
    index = CampaignIndex()
    index.build([("a0", _fp(PITCH, 0)), ("a1", _fp(PITCH, 1)), ("b0", _fp(OTHER, 0)),
                 ("b1", _fp(OTHER, 1))])
    older = index.campaign_of("a0")
    assert older is not None and index.campaign_of("b0") not in (None, older)
    index.take_changes()
    # The union a bridging item would make (no text bridges these two in a few words).
    index._union(0, 2)
    changes = index.take_changes()
    assert changes == {"b0": older, "b1": older}
