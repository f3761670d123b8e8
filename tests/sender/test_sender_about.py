"""``seedbed aim --about ME.toml``: who the sender is, and what that changes for recipients."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import CONNECTIONS, CONNECTIONS_PREAMBLE, write_csv, write_export
from tests.sender.conftest import person
from typer.testing import CliRunner

from seedbed.cli import app
from seedbed.errors import InputError
from seedbed.judge.combine import Judge
from seedbed.judge.embedding import OnnxEmbedder
from seedbed.model import Position, Profile
from seedbed.sender.aim import (
    Sender,
    aim,
    aim_at_connections,
    aim_at_profiles,
    introduce,
    parse_about,
    read_about,
)
from seedbed.sender.profiles import recipient

# Far from a venue manager's needs: a stranger sending it would be spam to her.
SEO_OFFER = "Our SEO agency gets your website to page one of Google within 90 days, guaranteed."
ABOUT = """
name = "Dana Okafor"
headline = "Founder at Pagewise SEO"
company = "Pagewise SEO"
past_companies = ["Kilbride House Hotels"]
profile_url = "linkedin.com/in/Dana-Okafor-SEO/"
offer = "Our SEO agency gets your website to page one of Google within 90 days, guaranteed."
"""


def _about(tmp_path: Path, text: str = ABOUT) -> Path:
    path = tmp_path / "me.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the file ---------------------------------------------------------------------------------


def test_about_file_is_read_with_a_canonical_profile_url(tmp_path: Path) -> None:
    sender = read_about(_about(tmp_path))
    assert sender.name == "Dana Okafor"
    assert sender.companies == ("Pagewise SEO", "Kilbride House Hotels")
    assert sender.profile_url == "https://www.linkedin.com/in/dana-okafor-seo"
    assert sender.offer.startswith("Our SEO agency")


def test_a_field_of_the_wrong_type_names_file_and_field(tmp_path: Path) -> None:
    path = _about(tmp_path, 'name = "Dana"\ncompany = 3\n')
    with pytest.raises(InputError, match=r"me\.toml: field 'company' must be a string"):
        read_about(path)


def test_an_unknown_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"unknown field\(s\): compnay"):
        read_about(_about(tmp_path, 'compnay = "Pagewise"\n'))


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"me\.toml: not valid TOML"):
        read_about(_about(tmp_path, "name = Dana\n"))


def test_a_profile_url_that_is_not_linkedin_is_refused() -> None:
    with pytest.raises(InputError, match="field 'profile_url'"):
        parse_about('name = "Dana"\nprofile_url = "https://example.com/dana"\n')


def test_an_about_that_says_nothing_is_refused() -> None:
    with pytest.raises(InputError, match="says nothing about you"):
        parse_about('headline = ""\n')


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.toml: cannot read"):
        read_about(tmp_path / "nowhere.toml")


# -- what it changes --------------------------------------------------------------------------


def test_a_colleague_at_the_senders_company_knows_the_sender(
        judge: Judge, embedder: OnnxEmbedder) -> None:
    venue = person("Aoife", "Brennan", "Venue Manager", "Kilbride House Hotels",
                   ("Florists and caterers for the wedding open day",))
    stranger = aim(SEO_OFFER, [venue], judge, embedder).ranked[0]
    colleague = aim(SEO_OFFER, [venue], judge, embedder,
                    sender=Sender("Dana Okafor", company="Kilbride House Hotels")).ranked[0]
    assert stranger.skip
    assert not colleague.skip
    assert colleague.verdict.source == "relationship"
    assert "rel:shared_employer" in {c.code for c in colleague.verdict.clues}
    assert colleague.reason().startswith("They know you")


def test_a_past_employer_of_the_sender_counts_too() -> None:
    profile = Profile("Aoife", "Brennan", positions=(
        Position("Harbour Hotels", "Venue Manager"),
        Position("Kilbride House Hotels", "Events Assistant", finished_on=date(2021, 5, 31))))
    people = introduce([recipient(profile)], Sender(company="Pagewise SEO",
                                                    past_companies=("Kilbride House Hotels",)))
    assert people[0].facts.company == "Kilbride House Hotels"


def test_someone_at_an_unrelated_company_stays_a_stranger() -> None:
    venue = person("Aoife", "Brennan", "Venue Manager", "Kilbride House")
    people = introduce([venue], Sender(company="Pagewise SEO"))
    assert people[0].facts.company == ""


def test_the_sender_is_left_out_of_their_own_ranking(judge: Judge,
                                                     embedder: OnnxEmbedder) -> None:
    me = person("Dana", "Okafor", "Founder", "Pagewise SEO")
    venue = person("Aoife", "Brennan", "Venue Manager", "Kilbride House")
    sender = Sender("Dana Okafor", company="Pagewise SEO", profile_url=me.profile_url)
    report = aim(SEO_OFFER, [me, venue], judge, embedder, sender=sender)
    assert [a.recipient.name for a in report.ranked] == ["Aoife Brennan"]


def test_aim_at_profiles_uses_the_about(tmp_path: Path, judge: Judge,
                                        embedder: OnnxEmbedder) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps({"type": "profile", "owner": "a", "name": "Aoife Brennan",
                                "headline": "Venue Manager at Kilbride House Hotels",
                                "positions": [{"company": "Kilbride House Hotels",
                                               "title": "Venue Manager"}]}) + "\n",
                    encoding="utf-8")
    without = aim_at_profiles(SEO_OFFER, path, judge, embedder).ranked[0]
    with_about = aim_at_profiles(SEO_OFFER, path, judge, embedder,
                                 about=read_about(_about(tmp_path))).ranked[0]
    assert without.verdict.source != "relationship"
    assert with_about.verdict.source == "relationship"


def test_a_connection_at_the_senders_company_knows_them(tmp_path: Path, judge: Judge,
                                                        embedder: OnnxEmbedder) -> None:
    from seedbed import service

    folder = write_export(tmp_path / "export")
    nina = ["Nina", "Patel", "https://www.linkedin.com/in/nina-patel-x7", "",
            "Fernway Florists", "Owner", "01 Oct 2026"]
    write_csv(folder / "Connections.csv", [*CONNECTIONS, nina], CONNECTIONS_PREAMBLE)
    db = tmp_path / "store.sqlite3"
    service.import_path(folder, db)
    sender = Sender("Dana Okafor", company="Fernway Florists Ltd")
    before = {a.recipient.name: a for a in aim_at_connections(
        SEO_OFFER, db, judge=judge, embedder=embedder).ranked}
    after = {a.recipient.name: a for a in aim_at_connections(
        SEO_OFFER, db, judge=judge, embedder=embedder, about=sender).ranked}
    assert before["Nina Patel"].verdict.source == "model"
    assert after["Nina Patel"].verdict.source == "relationship"
    # What the store already knew still holds: Priya worked where the owner worked.
    assert after["Priya Raman"].verdict.source == "relationship"


# -- the command ------------------------------------------------------------------------------


def test_aim_takes_the_offer_from_the_about_file(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps({"type": "profile", "owner": "a", "name": "Aoife Brennan",
                                "headline": "Venue Manager at Kilbride House"}) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(app, ["aim", str(path), "--about", str(_about(tmp_path)),
                                      "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["name"] for r in rows] == ["Aoife Brennan"]


def test_aim_without_any_offer_says_how_to_give_one(tmp_path: Path) -> None:
    about = _about(tmp_path, 'name = "Dana Okafor"\ncompany = "Pagewise SEO"\n')
    result = CliRunner().invoke(app, ["aim", "--about", str(about), "--db",
                                      str(tmp_path / "db.sqlite3")])
    assert result.exit_code == 1
    assert "offer = " in result.output
