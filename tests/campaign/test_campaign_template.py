"""Template extraction: fixed text where members agree, slots where they vary."""

from __future__ import annotations

from seedbed.campaign.template import SLOT_MARK, extract_template

MEMBERS = [
    "Hi Anna, I noticed Nordlys Freight is growing fast. Worth a quick chat?",
    "Hi Bruno, I noticed Porto Cargo is growing fast. Worth a quick chat?",
    "Hi Chiara, I noticed Spree Logistik is growing fast. Worth a quick chat?",
]


def test_slots_hold_what_varies_and_fixed_text_holds_what_is_shared() -> None:
    template = extract_template(MEMBERS)
    slots = [text for kind, text in template.segments if kind == "slot"]
    fixed = "".join(text for kind, text in template.segments if kind == "fixed")
    assert sorted(slots[0].split("|")) == ["Anna", "Bruno", "Chiara"]
    assert sorted(slots[1].split("|")) == ["Nordlys Freight", "Porto Cargo", "Spree Logistik"]
    for word in ("Hi", "noticed", "growing fast", "quick chat"):
        assert word in fixed
    for name in ("Anna", "Bruno", "Porto"):
        assert name not in fixed


def test_rendering_marks_each_slot_in_place() -> None:
    template = extract_template(MEMBERS)
    assert template.rendered == f"Hi {SLOT_MARK}, I noticed {SLOT_MARK} is growing fast. " \
        "Worth a quick chat?"


def test_identical_members_have_no_slots() -> None:
    template = extract_template([MEMBERS[0]] * 3)
    assert template.segments == (("fixed", MEMBERS[0]),)


def test_an_addition_in_one_member_becomes_a_slot_with_an_empty_value() -> None:
    template = extract_template([MEMBERS[0], MEMBERS[1] + " Cheers, Tom"])
    assert template.segments[-1][0] == "slot"
    assert "Cheers, Tom" in template.segments[-1][1].split("|")


def test_segments_of_the_medoid_rebuild_its_text() -> None:
    template = extract_template(MEMBERS)
    slot_values = iter(
        [text.split("|")[0] for kind, text in template.segments if kind == "slot"]
    )
    rebuilt = "".join(text if kind == "fixed" else next(slot_values)
                      for kind, text in template.segments)
    assert rebuilt == MEMBERS[template.medoid]


def test_no_members_give_an_empty_template() -> None:
    assert extract_template([]).segments == ()
