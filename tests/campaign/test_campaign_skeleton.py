"""Skeletons: personalisation is masked, the template's own words are kept."""

from __future__ import annotations

import pytest

from seedbed.campaign.fingerprint import fingerprint
from seedbed.campaign.skeleton import (
    MASK_DATE,
    MASK_EMAIL,
    MASK_HANDLE,
    MASK_NAME,
    MASK_NUM,
    MASK_ORG,
    MASK_URL,
    MaskContext,
    skeleton,
)
from seedbed.model import Person

TEMPLATE = (
    "Hi {first}, I noticed {company} is growing its {city} team. We help teams like yours "
    "cut onboarding time. Open to a quick chat?\n\nBest,\n{sender}"
)


def _context(recipient: str, company: str, city: str, sender: str) -> MaskContext:
    owner = MaskContext.build(names=[recipient], companies=[company], places=[city])
    return owner.with_people(Person(sender))


def test_same_template_with_other_names_and_companies_has_the_same_exact_hash() -> None:
    fills = [
        ("Anna Berg", "Nordlys Freight", "Oslo", "Tom Reed"),
        ("Kofi Mensah", "Blue Ridge Analytics", "Accra", "Lara Voss"),
    ]
    prints = [
        fingerprint(
            TEMPLATE.format(first=r.split()[0], company=c, city=p, sender=s),
            _context(r, c, p, s),
        )
        for r, c, p, s in fills
    ]
    assert prints[0].exact == prints[1].exact
    assert "anna" not in prints[0].skeleton and "nordlys" not in prints[0].skeleton


def test_a_different_template_has_a_different_exact_hash() -> None:
    ctx = _context("Anna Berg", "Nordlys Freight", "Oslo", "Tom Reed")
    a = fingerprint(TEMPLATE.format(first="Anna", company="Nordlys Freight", city="Oslo",
                                    sender="Tom"), ctx)
    b = fingerprint("Hi Anna, loved your talk on cold chains in Oslo. Let's connect!", ctx)
    assert a.exact != b.exact


@pytest.mark.parametrize(
    "field", ["{first_name}", "{{first_name}}", "[First Name]", "%FIRSTNAME%", "<<Name>>"]
)
def test_merge_field_for_a_name_reads_like_a_filled_name(field: str) -> None:
    ctx = MaskContext.build(names=["Anna Berg"])
    filled = skeleton("Hi Anna, saw your post on logistics.", ctx)
    unfilled = skeleton(f"Hi {field}, saw your post on logistics.", ctx)
    assert unfilled == filled
    assert "first" not in unfilled and "name " not in unfilled


@pytest.mark.parametrize("field", ["{{company}}", "[Company]", "{company_name}", "%COMPANY%"])
def test_merge_field_for_a_company_is_masked(field: str) -> None:
    skel = skeleton(f"I noticed {field} is hiring engineers this quarter.")
    assert MASK_ORG in skel
    assert "company" not in skel


def test_unknown_merge_field_becomes_a_slot() -> None:
    skel = skeleton("Saw your post about {{ai_generation}} last week.")
    assert "ai_generation" not in skel and "generation" not in skel
    assert "⟨slot⟩" in skel


def test_known_names_are_masked_in_lower_case_and_possessive_forms() -> None:
    ctx = MaskContext.build(names=["Anna Berg"], companies=["Nordlys Freight"])
    skel = skeleton("anna, I read Anna's post and berg's notes on nordlys freight's fleet", ctx)
    assert "anna" not in skel and "berg" not in skel and "nordlys" not in skel
    assert skel.count(MASK_NAME) == 3 and MASK_ORG in skel


def test_numbers_dates_urls_emails_and_handles_are_masked() -> None:
    skel = skeleton(
        "We saved 2,417 hours (30%) by 16 October 2026 - see https://acme.io/x?y=1, "
        "acme.io/case or mail sales@acme.io, ping @acme_team"
    )
    for mask in (MASK_NUM, MASK_DATE, MASK_URL, MASK_EMAIL, MASK_HANDLE):
        assert mask in skel
    assert "2417" not in skel and "acme" not in skel and "october" not in skel


def test_emoji_and_punctuation_are_dropped_and_whitespace_folded() -> None:
    assert skeleton("Great   post!! 🚀🚀\n\nLet's   talk…") == "great post lets talk"


def test_unknown_name_after_a_greeting_is_masked() -> None:
    assert skeleton("Hi Xylia, great post.") == f"hi {MASK_NAME} great post"
    assert skeleton("Dear Prof. Qorvath, I read your paper.").startswith(f"dear {MASK_NAME} i")


def test_greeting_without_a_name_is_kept() -> None:
    assert skeleton("Hi there, great post.") == "hi there great post"


def test_capitalised_words_after_at_are_an_org_capped_at_three_words() -> None:
    skel = skeleton("I saw you work at Zentrix Blue Ocean Data Labs now.")
    assert skel == f"i saw you work at {MASK_ORG} data labs now"


def test_opening_vocative_and_signature_are_masked() -> None:
    skel = skeleton("Quorin,\n\nTwo things: we cut cloud spend.\n\nWorth a call?\n\nZed Allard")
    assert skel == f"{MASK_NAME} two things we cut cloud spend worth a call {MASK_NAME}"


def test_capitalised_only_layer_leaves_ordinary_lower_case_words_alone() -> None:
    connections = MaskContext.build(names=["Will Hope"], capitalised_only=True)
    skel = skeleton("I will hope to meet Will soon.", connections)
    assert skel == f"i will hope to meet {MASK_NAME} soon"


def test_sender_layer_adds_names_and_headline_company_on_top_of_the_owner() -> None:
    owner = MaskContext.build(names=["Anna Berg"])
    ctx = owner.with_people(Person("Tom Reed", headline="Founder @ Quillbyte | AI for ops"))
    skel = skeleton("Anna, it's Tom from Quillbyte.", ctx)
    assert skel == f"{MASK_NAME} its {MASK_NAME} from {MASK_ORG}"
    # the owner's layer is not changed by adding a sender
    assert "tom" in skeleton("Anna, it's Tom.", owner)


def test_a_large_known_name_set_masks_like_a_small_one() -> None:
    many = [f"Person{n} Surname{n}" for n in range(20_000)] + ["Anna Berg"]
    small = MaskContext.build(names=["Anna Berg"])
    large = MaskContext.build(names=many)
    text = "Hi Anna, Berg here: thanks for the intro."
    assert skeleton(text, large) == skeleton(text, small)


def test_empty_text_has_an_empty_skeleton() -> None:
    assert skeleton("") == ""
    assert skeleton("  \n 🚀 ") == ""


def test_owner_context_masks_owner_facts_and_capitalised_connections() -> None:
    from seedbed.model import Connection, Position, Profile

    profile = Profile(
        first_name="Vilja",
        last_name="Strand",
        headline="Head of Ops at Quorvik Nutrition Group | cold chain",
        location="Tromsø, Norway",
        positions=(Position(company="Quorvik Nutrition Group AS", title="Head of Ops"),),
    )
    ctx = MaskContext.for_owner(profile, [Connection("Mark", "Olsen", company="Zentrix")])
    skel = skeleton(
        "Hi vilja, I met Mark Olsen: Quorvik Nutrition in Tromsø needs a head of ops. "
        "I mark my calendar; Zentrix too.",
        ctx,
    )
    assert skel == (
        f"hi {MASK_NAME} i met {MASK_NAME} {MASK_ORG} in ⟨place⟩ needs a ⟨title⟩ "
        f"i mark my calendar {MASK_ORG} too"
    )
