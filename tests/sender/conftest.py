"""Fixtures for the sender tools: the packaged model and judge (loaded once), small people."""

from __future__ import annotations

import pytest

from seedbed.judge.combine import Judge, load_packaged
from seedbed.judge.embedding import OnnxEmbedder
from seedbed.model import Article, Position, Post, Preferences, Profile
from seedbed.sender.profiles import Recipient, recipient

FLEET_NEED = "A fleet telematics platform with live reefer temperature monitoring for our trucks"
PATENT_NEED = "A European patent attorney for our first medical-device filing"
VENUE_NEED = "Florists and caterers for the wedding open day at our country-house venue"


@pytest.fixture(scope="session")
def embedder() -> OnnxEmbedder:
    model = OnnxEmbedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def judge() -> Judge:
    return load_packaged()


def person(first: str, last: str, title: str, company: str, needs: tuple[str, ...] = (),
           posts: tuple[str, ...] = (), articles: tuple[Article, ...] = (),
           unwelcome: tuple[str, ...] = ()) -> Recipient:
    profile = Profile(first, last, headline=f"{title} at {company}",
                      profile_url=f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}",
                      positions=(Position(company, title),))
    prefs = Preferences(needs=needs, unwelcome_topics=unwelcome) if needs or unwelcome else None
    return recipient(profile, prefs, articles, tuple(Post(p) for p in posts))


@pytest.fixture
def fleet_manager() -> Recipient:
    return person("Marit", "Olsen", "Fleet Manager", "Fjordline Cold Freight", (FLEET_NEED,),
                  posts=("Our reefer trailers lost temperature data twice this winter; we now "
                         "log reefer temperature every five minutes and alert on gaps.",),
                  unwelcome=("search engine optimisation services",))


@pytest.fixture
def founder() -> Recipient:
    return person("Tobias", "Reuter", "Founder", "Cardiofy Medical", (PATENT_NEED,))


@pytest.fixture
def venue_manager() -> Recipient:
    return person("Aoife", "Brennan", "Venue Manager", "Kilbride House", (VENUE_NEED,))
