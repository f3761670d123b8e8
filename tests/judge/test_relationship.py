"""The "don't know" clause: real two-way history, not a 1st-degree link."""

from __future__ import annotations

from datetime import date

from seedbed.judge.context import Case, Owner, SenderFacts, ThreadMessage
from seedbed.judge.relationship import known, relationship_clues
from seedbed.model import Kind, Person, Position, Preferences, Profile

OWNER = Owner(Profile("Dana", "Okafor", positions=(
    Position("Northwind Freight", "Head of Data"), Position("Harbour Analytics", "Engineer"))),
    Preferences(block=("https://www.linkedin.com/in/blocked",),
                allow=("https://www.linkedin.com/in/friend",)))


def case(thread: tuple[ThreadMessage, ...] = (), url: str = "https://www.linkedin.com/in/x",
         **facts: object) -> Case:
    return Case("i1", Kind.MESSAGE, Person("Sam Doe", url), "Hello", thread=thread,
                facts=SenderFacts(**facts))  # type: ignore[arg-type]


def codes(c: Case) -> set[str]:
    return {clue.code for clue in relationship_clues(c, OWNER)}


def test_a_real_reply_by_the_owner_makes_the_sender_known() -> None:
    c = case((ThreadMessage(False, "Hi Dana"), ThreadMessage(True, "Great to hear from you, "
                                                                    "let's talk Tuesday")))
    assert known(relationship_clues(c, OWNER))
    assert "rel:two_way_history" in codes(c)


def test_the_owners_no_thanks_does_not_make_the_sender_known() -> None:
    c = case((ThreadMessage(False, "Can I show you our tool?"), ThreadMessage(True, "No thanks")))
    assert not known(relationship_clues(c, OWNER))
    assert "rel:only_declined" in codes(c)


def test_a_connection_who_never_talked_is_a_stranger() -> None:
    c = case(is_connection=True, connected_on=date(2026, 1, 2))
    assert not known(relationship_clues(c, OWNER))
    assert "rel:connection_never_talked" in codes(c)


def test_owner_started_thread_is_known() -> None:
    c = case((ThreadMessage(True, "Could you send me your pricing for the Fitzroy kitchen?"),))
    assert "rel:owner_started" in codes(c)


def test_same_employer_makes_the_sender_known() -> None:
    c = case(is_connection=True, company="Harbour Analytics Ltd")
    assert known(relationship_clues(c, OWNER))


def test_a_different_firm_sharing_a_word_is_not_the_same_employer() -> None:
    c = case(is_connection=True, company="Harbour Freight Brokers")
    assert not known(relationship_clues(c, OWNER))


def test_recommendation_makes_the_sender_known() -> None:
    assert known(relationship_clues(case(recommendations=1), OWNER))


def test_owner_messages_elsewhere_count_but_declines_do_not() -> None:
    assert known(relationship_clues(case(owner_messages=("See you at the meetup!",)), OWNER))
    assert not known(relationship_clues(case(owner_messages=("Not interested, thanks.",)), OWNER))


def test_block_beats_history() -> None:
    c = case((ThreadMessage(True, "Long chat about the project plan"),),
             url="https://www.linkedin.com/in/blocked")
    assert not known(relationship_clues(c, OWNER))
    assert "rel:blocked" in codes(c)


def test_allow_list_is_known() -> None:
    assert known(relationship_clues(case(url="https://www.linkedin.com/in/friend"), OWNER))
