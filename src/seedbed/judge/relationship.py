"""Relationship signals: does the owner really know the sender? Decided before content.

Owns: the "don't know" clause. Returns clues; ``known`` says whether any of them makes the
sender someone the owner knows. Must not import: the store, SQLAlchemy, the CLI or the web.

Known means real two-way history, not a 1st-degree link: a connection who never talked is a
stranger (connect-then-pitch), and the owner's own "no thanks" never makes anyone known.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from seedbed.judge.context import Case, Owner
from seedbed.judge.lexicon import is_decline
from seedbed.model import Clue, Profile

# Company names are written loosely ("Acme", "Acme Ltd", "ACME GmbH"): a token-set ratio
# of 90 accepts suffix and case differences and rejects different firms sharing one word.
EMPLOYER_MATCH = 90

# Points are on the spam log-odds scale shown in explanations; relationship clues are
# decisive (they gate the content models), so their points only have to read as strong.
KNOWN_POINTS = -6.0


def _substantive(texts: tuple[str, ...] | list[str]) -> list[str]:
    return [t for t in texts if t.strip() and not is_decline(t)]


def shared_employer(company: str, profile: Profile) -> str | None:
    """The employer in ``profile``'s positions that ``company`` names, or None.

    The one rule for "same employer" (the judge, aim and the sender tools all use it).
    """
    company = company.strip().lower()
    if not company:
        return None
    for position in profile.positions:
        if position.company and fuzz.token_set_ratio(
                company, position.company.lower()) >= EMPLOYER_MATCH:
            return position.company
    return None


def relationship_clues(case: Case, owner: Owner) -> list[Clue]:
    """Clues about the sender's relationship with the owner (strongest first)."""
    clues: list[Clue] = []
    url = case.sender.profile_url
    prefs = owner.preferences
    if url and url in prefs.block:
        clues.append(Clue("rel:blocked", 10.0, "You blocked this sender.", url))
    if url and url in prefs.allow:
        clues.append(Clue("rel:allowed", -10.0, "You allowed this sender.", url))

    owner_in_thread = [m.text for m in case.thread if m.from_owner]
    real_replies = _substantive(owner_in_thread)
    if case.thread and case.thread[0].from_owner and real_replies:
        clues.append(Clue("rel:owner_started", KNOWN_POINTS,
                          "You started this conversation.", _quote(case.thread[0].text)))
    elif real_replies:
        clues.append(Clue("rel:two_way_history", KNOWN_POINTS,
                          f"You have written to this person before ({len(real_replies)} "
                          "message(s) in this conversation).", _quote(real_replies[-1])))
    elif owner_in_thread:
        clues.append(Clue("rel:only_declined", 1.0,
                          "Your only reply was a refusal; that does not make them someone you "
                          "know.", _quote(owner_in_thread[-1])))

    elsewhere = _substantive(case.facts.owner_messages)
    if elsewhere and not real_replies:
        clues.append(Clue("rel:talked_elsewhere", KNOWN_POINTS,
                          f"You have written to this person in another conversation "
                          f"({len(elsewhere)} message(s)).", _quote(elsewhere[-1])))

    employer = shared_employer(case.facts.company, owner.profile)
    if employer:
        clues.append(Clue("rel:shared_employer", KNOWN_POINTS,
                          f"They work at {employer}, where you work or worked.", employer))
    if case.facts.recommendations:
        clues.append(Clue("rel:recommendation", KNOWN_POINTS,
                          "One of you recommended the other.", case.sender.name))
    if case.facts.endorsements:
        clues.append(Clue("rel:endorsement", KNOWN_POINTS / 2,
                          "One of you endorsed the other's skills.", case.sender.name))
    if case.facts.owner_invited and case.facts.is_connection:
        clues.append(Clue("rel:you_invited", KNOWN_POINTS,
                          "You invited them to connect and they accepted.", case.sender.name))
    if case.facts.has_note:
        clues.append(Clue("rel:your_note", KNOWN_POINTS / 2,
                          "You keep a note about this person.", case.sender.name))

    if not any(c.points <= KNOWN_POINTS / 2 for c in clues):
        if case.facts.is_connection:
            since = case.facts.connected_on.isoformat() if case.facts.connected_on else "?"
            clues.append(Clue("rel:connection_never_talked", 0.5,
                              "A 1st-degree connection you have never talked with: a stranger "
                              "as far as your messages show.", f"connected {since}"))
        else:
            clues.append(Clue("rel:stranger", 0.5,
                              "No earlier conversation, shared employer, endorsement or "
                              "recommendation with this sender.", case.sender.name))
    return clues


def known(clues: list[Clue]) -> bool:
    """True when the clues show a real relationship (and the owner did not block them)."""
    if any(c.code == "rel:blocked" for c in clues):
        return False
    return any(c.points <= KNOWN_POINTS / 2 for c in clues if c.code.startswith("rel:"))


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
