"""Aim: people ranked by how well an offer meets their needs, with quoted evidence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import CONNECTIONS, CONNECTIONS_PREAMBLE, write_csv, write_export
from tests.sender.conftest import FLEET_NEED, person

from seedbed.errors import InputError
from seedbed.judge.combine import Judge
from seedbed.judge.embedding import OnnxEmbedder
from seedbed.model import Article, Label
from seedbed.sender.aim import aim, aim_at_connections, aim_at_profiles
from seedbed.sender.profiles import Recipient, read_profile_file, read_profiles

TELEMATICS_OFFER = ("We make a fleet telematics platform: live reefer temperature monitoring, "
                    "alerts on gaps and remote tachograph download for refrigerated trucks.")


@pytest.fixture
def ranked(fleet_manager: Recipient, founder: Recipient, venue_manager: Recipient,
           judge: Judge, embedder: OnnxEmbedder) -> list[str]:
    report = aim(TELEMATICS_OFFER, [venue_manager, founder, fleet_manager], judge, embedder)
    return [a.recipient.name for a in report.ranked]


def test_person_whose_declared_need_matches_ranks_first(ranked: list[str]) -> None:
    assert ranked[0] == "Marit Olsen"


def test_evidence_quotes_the_matched_need(fleet_manager: Recipient, founder: Recipient,
                                          judge: Judge, embedder: OnnxEmbedder) -> None:
    best = aim(TELEMATICS_OFFER, [founder, fleet_manager], judge, embedder).ranked[0]
    assert best.evidence[0].kind == "need"
    assert best.evidence[0].text == FLEET_NEED
    assert best.evidence[0].offer_part  # the part of the offer that matched is named


def test_person_whose_needs_are_far_is_on_the_skip_list(
        fleet_manager: Recipient, venue_manager: Recipient, judge: Judge,
        embedder: OnnxEmbedder) -> None:
    report = aim(TELEMATICS_OFFER, [fleet_manager, venue_manager], judge, embedder)
    skipped = [a.recipient.name for a in report.skip]
    assert "Aoife Brennan" in skipped
    assert "Marit Olsen" not in skipped
    assert all(a.verdict.label is Label.SPAM for a in report.skip)


def test_unwelcome_topic_close_to_the_offer_is_shown(fleet_manager: Recipient, judge: Judge,
                                                     embedder: OnnxEmbedder) -> None:
    offer = "Our SEO agency gets you to page one of Google with search engine optimisation."
    result = aim(offer, [fleet_manager], judge, embedder).ranked[0]
    assert result.unwelcome is not None
    assert result.unwelcome.text == "search engine optimisation services"


def test_evidence_can_quote_an_article_paragraph(judge: Judge, embedder: OnnxEmbedder) -> None:
    article = Article("What our kitchen learned about food waste",
                      "We opened a second site last spring.\n\nWe weigh every bin of food waste "
                      "at close and track spoilage per supplier, which cut our waste by a third.")
    chef = person("Lucia", "Ferri", "Head Chef", "Trattoria Ferri", articles=(article,))
    offer = "Our app weighs kitchen food waste bins and tracks spoilage by supplier."
    evidence = aim(offer, [chef], judge, embedder).ranked[0].evidence
    assert any(m.kind == "article" and m.text.startswith(article.title) for m in evidence)


def test_an_empty_offer_is_refused(fleet_manager: Recipient, judge: Judge,
                                   embedder: OnnxEmbedder) -> None:
    with pytest.raises(InputError):
        aim("   ", [fleet_manager], judge, embedder)


# -- profile files ----------------------------------------------------------------------------


def _line(owner: str, name: str, headline: str, **extra: object) -> str:
    return json.dumps({"type": "profile", "owner": owner, "name": name, "headline": headline,
                       **extra})


def test_profiles_file_carries_declared_needs(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join([
        _line("a", "Marit Olsen", "Fleet Manager", prefs={"needs": [FLEET_NEED]}),
        _line("b", "Tobias Reuter", "Founder at Cardiofy Medical"),
    ]) + "\n", encoding="utf-8")
    people = {p.name: p for p in read_profiles(path)}
    assert people["Marit Olsen"].declared_needs
    assert people["Marit Olsen"].owner.preferences.needs == (FLEET_NEED,)
    assert not people["Tobias Reuter"].declared_needs
    assert "needs" in people["Tobias Reuter"].owner.preferences.inferred


def test_bad_prefs_in_a_profiles_file_names_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(_line("a", "A B", "x") + "\n" + _line("b", "C D", "y", prefs={"needs": 3})
                    + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"people\.jsonl, line 2: field 'prefs\.needs'"):
        read_profiles(path)


def test_a_pretty_printed_json_profile_is_read(tmp_path: Path) -> None:
    path = tmp_path / "marit.json"
    path.write_text(json.dumps({"name": "Marit Olsen", "headline": "Fleet Manager",
                                "prefs": {"needs": [FLEET_NEED]}}, indent=2), encoding="utf-8")
    assert read_profile_file(path).owner.preferences.needs == (FLEET_NEED,)


def test_an_error_in_a_json_profile_names_that_file(tmp_path: Path) -> None:
    path = tmp_path / "marit.json"
    path.write_text(json.dumps({"name": "Marit Olsen", "skills": "driving"}), encoding="utf-8")
    with pytest.raises(InputError, match=r"marit\.json: field 'skills'"):
        read_profile_file(path)


def test_aim_at_profiles_ranks_the_file(tmp_path: Path, judge: Judge,
                                        embedder: OnnxEmbedder) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text("\n".join([
        _line("b", "Aoife Brennan", "Venue Manager at Kilbride House",
              prefs={"needs": ["Florists for our wedding open day"]}),
        _line("a", "Marit Olsen", "Fleet Manager at Fjordline Cold Freight",
              prefs={"needs": [FLEET_NEED]}),
    ]) + "\n", encoding="utf-8")
    report = aim_at_profiles(TELEMATICS_OFFER, path, judge, embedder)
    assert report.ranked[0].recipient.name == "Marit Olsen"
    assert report.as_jsonl()[0]["rank"] == 1


# -- the store's connections ------------------------------------------------------------------


def test_connections_who_know_the_owner_are_never_skipped(
        tmp_path: Path, judge: Judge, embedder: OnnxEmbedder) -> None:
    from seedbed import service

    folder = write_export(tmp_path / "export")
    stranger = ["Nina", "Patel", "https://www.linkedin.com/in/nina-patel-x7", "",
                "Fernway Florists", "Owner", "01 Oct 2026"]
    write_csv(folder / "Connections.csv", [*CONNECTIONS, stranger], CONNECTIONS_PREAMBLE)
    db = tmp_path / "store.sqlite3"
    service.import_path(folder, db)
    offer = "We sell outbound lead generation: 30 booked sales meetings a month, guaranteed."
    report = aim_at_connections(offer, db, judge=judge, embedder=embedder)
    by_name = {a.recipient.name: a for a in report.ranked}
    # Priya works where the owner worked; Connor wrote to the owner: both know the sender.
    assert by_name["Priya Raman"].verdict.source == "relationship"
    assert by_name["Priya Raman"].reason().startswith("They know you")
    assert "rel:shared_employer" in {c.code for c in by_name["Priya Raman"].verdict.clues}
    assert not by_name["Connor Blake"].skip
    assert by_name["Nina Patel"].recipient.little_known
    assert by_name["Nina Patel"].verdict.source == "model"
