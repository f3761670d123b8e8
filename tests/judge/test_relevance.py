"""Relevance compares needs with what is offered, and guessed needs are not stated ones."""

from __future__ import annotations

import numpy as np

from seedbed import prefs as prefs_mod
from seedbed.judge.context import Owner
from seedbed.judge.embedding import HashingEmbedder
from seedbed.judge.relevance import NeedsSpace, match, pick_sentences
from seedbed.model import JobSeekerPreferences, Position, Preferences, Profile


def test_sentences_that_state_the_offer_come_before_ones_about_the_recipient() -> None:
    text = ("Hi Femke, saw you're hiring two transport planners at Van Houten Logistics. "
            "We built an AI roleplay trainer that gets new sales reps to quota faster. "
            "Worth a quick chat next week?")
    chosen, offers = pick_sentences(text)
    assert chosen[0].startswith("We built an AI roleplay trainer")
    assert offers[0] is True
    assert not any(o for s, o in zip(chosen, offers, strict=True) if "saw you're" in s)


def test_offer_similarity_uses_the_offer_sentences_only() -> None:
    emb = HashingEmbedder()
    owner = Owner(Profile("Femke", "de Wit"),
                  Preferences(needs=("experienced transport planners for Rotterdam",)))
    space = NeedsSpace.build(owner, emb)
    pitch = "saw you're hiring experienced transport planners for Rotterdam"
    offer = "we sell coffee machines for offices"
    vectors = emb.encode([pitch + ". " + offer, pitch, offer])
    m = match(space, vectors, [False, True])
    assert m.need > m.offer_need


def test_needs_guessed_from_the_headline_do_not_count_as_needs() -> None:
    profile = Profile("Marta", "Rossi", headline="Financial Controller at Meccanica Brianza",
                      positions=(Position("Meccanica Brianza", "Financial Controller"),),
                      job_seeker=JobSeekerPreferences(job_titles=("FP&A Manager",),
                                                      open_to_recruiters=True))
    prefs = prefs_mod.with_defaults(None, profile)
    assert "needs" in prefs.inferred and profile.headline in prefs.needs
    space = NeedsSpace.build(Owner(profile, prefs), HashingEmbedder())
    assert len(space.needs) == len(prefs.needs)        # a need is still quoted by its place
    assert not np.linalg.norm(space.needs, axis=1).any()
    assert np.linalg.norm(space.jobs, axis=1).all()    # the wanted role stays a wanted role
