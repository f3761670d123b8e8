"""Content signals: offers, automation artefacts and purpose, each with its evidence span."""

from __future__ import annotations

from seedbed.judge.content import content_signals
from seedbed.judge.context import Case, Owner, ThreadMessage
from seedbed.judge.lexicon import is_decline
from seedbed.model import Article, Kind, Person, Preferences, Profile

OWNER = Owner(Profile("Dana", "Okafor", headline="Head of Data Engineering"), Preferences(),
              articles=(Article("Why our dbt tests failed silently",
                                "Freshness checks on late-arriving shipment events and the "
                                "quarantine table we built for them."),))


def signals(text: str, kind: Kind = Kind.MESSAGE, thread: tuple[ThreadMessage, ...] = ()):
    return content_signals(Case("i", kind, Person("X"), text, thread=thread), OWNER)


def clue(text: str, code: str):
    return next((c for c in signals(text).clues if c.code == code), None)


def test_meeting_ask_is_found_with_its_span() -> None:
    text = "We help freight firms cut costs. Worth a quick 15 minute call?"
    c = clue(text, "offer:meeting_ask")
    assert c is not None and c.span is not None
    assert text[c.span[0]:c.span[1]] == c.evidence


def test_unfilled_merge_fields_are_caught() -> None:
    for text in ("Hi {first_name}, quick one", "Hello [Company] team", "Dear %FIRSTNAME%,"):
        assert clue(text, "auto:merge_field") is not None, text


def test_linkedin_default_note_is_caught() -> None:
    assert signals("I'd like to add you to my professional network.",
                   Kind.INVITATION).features["auto_default_note"] == 1.0


def test_follow_up_bump_is_caught() -> None:
    assert clue("Just bumping this to the top of your inbox", "auto:follow_up_bump")


def test_claim_to_have_read_something_the_owner_never_wrote_is_fake() -> None:
    fake = signals("Loved your post about crypto staking yields, let's talk")
    real = signals("Read your article about freshness checks and the quarantine table")
    assert fake.features["fake_personalisation"] == 1.0
    assert real.features["fake_personalisation"] == 0.0


def test_specific_reference_to_the_owners_writing_is_noticed() -> None:
    s = signals("How did the quarantine table handle late-arriving shipment events?")
    assert s.features["cites_owner_work"] > 0
    assert any(c.code == "purpose:cites_your_work" for c in s.clues)


def test_offer_earlier_in_the_thread_counts_for_a_bump() -> None:
    thread = (ThreadMessage(False, "We help logistics teams with a free audit of their ads."),)
    s = signals("Any thoughts?", thread=thread)
    assert s.features["offer_freebie"] > 0
    assert s.features["unanswered_before"] > 0


def test_blank_invitation_has_no_purpose() -> None:
    s = signals("", Kind.INVITATION)
    assert s.features["blank"] == 1.0
    assert any(c.code == "purpose:none" for c in s.clues)


def test_short_refusals_are_declines_but_long_replies_are_not() -> None:
    assert is_decline("No thanks")
    assert is_decline("Not interested, please remove me.")
    long_reply = ("Not interested in the tool itself, but I would love to hear how your team "
                  "handled the migration last year and what you learned from running it for "
                  "our kind of freight volumes.")
    assert not is_decline(long_reply)


def test_quoting_the_owners_own_figures_is_not_a_results_claim() -> None:
    owner = Owner(Profile("Nadia", "H"), Preferences(),
                  articles=(Article("Tuning", "SAR conversion went from 1.8% to 4.6%."),))
    quoting = content_signals(Case("i", Kind.MESSAGE, Person("X"),
                                   "When conversion went from 1.8% to 4.6%, per alert?"), owner)
    selling = content_signals(Case("i", Kind.MESSAGE, Person("X"),
                                   "We cut false positives by 37% in 30 days."), owner)
    assert quoting.features["offer_results_claim"] == 0.0
    assert selling.features["offer_results_claim"] > 0.0


def test_a_sellers_question_about_your_pain_is_a_sales_opener() -> None:
    opener = signals("Most logistics teams I talk to lose hours on manual routing. "
                     "How are you currently handling route planning at Northwind?")
    assert opener.features["sales_opener"] > 0
    assert any(c.code == "offer:sales_opener" for c in opener.clues)


def test_a_peers_question_is_not_a_sales_opener() -> None:
    peer = signals("I've just been made manager of a team of six. How do you run your 1:1s "
                   "without them eating your week?")
    assert peer.features["sales_opener"] == 0.0


def test_asks_for_a_seat_a_membership_or_an_introduction_are_offers() -> None:
    for text in ("Only 5 seats left for our growth mastermind, shall I reserve you a seat?",
                 "Would love you to join our founders community, it's 49/month.",
                 "Could you introduce me to the head of procurement at Northwind?",
                 "We're building an advisor team, commission-only, be your own boss."):
        assert signals(text).features["offer_partner_ask"] > 0, text
