"""Drafting the polite "what prompted you to connect?" reply for ask_why items.

Owns: the reply's wording. It is printed for the owner to copy; seedbed never sends it.
Must not import: the store, the CLI or the web layer.

The draft is grounded in what is known about the sender (their name, role and company from
the owner's connections, whether their note was a stock one) and varied by the item's id, so
that ten replies to ten strangers do not read like one more template.
"""

from __future__ import annotations

import hashlib

from seedbed.judge.context import Case
from seedbed.judge.lexicon import DEFAULT_NOTE, GENERIC_COMPLIMENT
from seedbed.model import Kind

_GREETINGS = ("Hi {first},", "Hello {first},", "Hi {first} -", "Thanks for reaching out, {first}.")
_THANKS = (
    "thanks for the invitation.",
    "thanks for thinking of me.",
    "good to hear from you.",
    "thank you for getting in touch.",
)
_POLICY = (
    "I try to keep my network to people I've worked with or talked with,",
    "I like to know a little about the people I connect with,",
    "I get quite a few requests and like to understand each one,",
    "Before I accept, I like to know what we might talk about,",
)
_ASKS = (
    "so what prompted you to reach out?",
    "so could you tell me what you had in mind?",
    "so is there something specific you'd like to discuss?",
    "so what made you think of connecting?",
)
_CLOSES = ("Best,", "Kind regards,", "Thanks,", "All the best,")


def _pick(options: tuple[str, ...], seed: bytes, slot: int) -> str:
    return options[seed[slot] % len(options)]


def draft_reply(case: Case, owner_first_name: str = "") -> str:
    """A short, polite reply asking the sender why they want to connect."""
    seed = hashlib.sha256(case.item_id.encode()).digest()
    first = case.sender.name.split()[0] if case.sender.name.strip() else "there"
    if first.lower() == "linkedin":  # "LinkedIn Member": no name to greet
        first = "there"
    greeting = _pick(_GREETINGS, seed, 0).format(first=first)
    thanks = _pick(_THANKS, seed, 1)
    opener = greeting if greeting.endswith(".") else f"{greeting} {thanks}"
    context = ""
    role = case.facts.position.strip()
    company = case.facts.company.strip()
    if role and company:
        context = f"I see you're {role} at {company}. "
    elif company:
        context = f"I see you're at {company}. "
    text = case.text.strip()
    if case.kind is Kind.INVITATION and not text:
        context += "Your invitation came without a note, and "
    elif DEFAULT_NOTE.search(text):
        context += "Your note didn't say much about why, and "
    elif GENERIC_COMPLIMENT.search(text):
        context += "Thank you for the kind words. "
    policy = _pick(_POLICY, seed, 2)
    if context.endswith("and "):
        policy = policy[0].lower() + policy[1:]
    ask = _pick(_ASKS, seed, 3)
    close = _pick(_CLOSES, seed, 4)
    body = f"{opener}\n\n{context}{policy} {ask}\n\n{close}"
    if owner_first_name:
        body += f"\n{owner_first_name}"
    return body
