"""Checking a draft: the recipient's-side verdict and feedback that points at sentences."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seedbed.errors import InputError, NotFoundError
from seedbed.judge.combine import Judge
from seedbed.judge.embedding import OnnxEmbedder
from seedbed.model import Kind, Label
from seedbed.sender.check import (
    INVITATION_CHARS,
    MESSAGE_MIN_WORDS,
    DraftReport,
    Status,
    check_draft,
    check_with_store,
)
from seedbed.sender.claims import find_claims
from seedbed.sender.profiles import Recipient

PITCH = ("We make a fleet telematics platform with live reefer temperature monitoring and gap "
         "alerts for refrigerated trucks. ")


Check = Callable[..., DraftReport]


@pytest.fixture
def check(fleet_manager: Recipient, judge: Judge, embedder: OnnxEmbedder) -> Check:
    def run(draft: str, **kw: Any) -> DraftReport:
        return check_draft(draft, fleet_manager, judge=judge, embedder=embedder, **kw)

    return run


def _spans(report: DraftReport, name: str) -> list[str]:
    return [report.draft[f.span[0]:f.span[1]] for f in report.criterion(name).findings]


def test_untraceable_read_claim_is_flagged_with_its_span(check: Check) -> None:
    draft = "Hi Marit, I loved your post about crypto trading bots. " + PITCH
    report = check(draft)
    crit = report.criterion("personalisation")
    assert crit.status is Status.FAIL
    assert _spans(report, "personalisation") == ["loved your post about crypto trading bots"]


def test_traceable_read_claim_is_not_flagged(check: Check) -> None:
    draft = "Hi Marit, I loved your post about logging reefer temperature. " + PITCH
    crit = check(draft).criterion("personalisation")
    assert crit.status is Status.OK
    assert crit.measures["claims"] == 1


def test_congratulations_must_trace_to_the_profile(check: Check) -> None:
    ok = check("Congratulations on your role as Fleet Manager. " + PITCH)
    made_up = check("Congratulations on your new bakery opening. " + PITCH)
    assert ok.criterion("personalisation").status is Status.OK
    assert made_up.criterion("personalisation").status is Status.FAIL


def test_claims_about_their_organisation_are_found() -> None:
    claims = find_claims("Hi Marit, I noticed Fjordline Cold Freight is hiring sales reps.")
    assert [c.topic for c in claims] == ["hiring sales reps"]


def test_merge_field_leftovers_are_flagged(check: Check) -> None:
    report = check("Hi {first_name}, we help [Company] grow. " + PITCH)
    assert report.criterion("merge_fields").status is Status.FAIL
    assert _spans(report, "merge_fields") == ["{first_name}", "[Company]"]


def test_asks_are_counted(check: Check) -> None:
    none = check(PITCH)
    one = check(PITCH + "Would a 20-minute call next Tuesday work?")
    two = check(PITCH + "Would a call next Tuesday work? Can I send you a price list?")
    assert (none.criterion("ask").measures["asks"], one.criterion("ask").measures["asks"],
            two.criterion("ask").measures["asks"]) == (0, 1, 2)
    assert [none.criterion("ask").status, one.criterion("ask").status,
            two.criterion("ask").status] == [Status.WARN, Status.OK, Status.WARN]


def test_invitation_length_is_measured_in_characters(check: Check) -> None:
    short = check(PITCH, as_invitation=True)
    long = check(PITCH * 3, as_invitation=True)
    assert short.kind is Kind.INVITATION
    assert short.criterion("length").measures["chars"] == len(PITCH.strip())
    assert short.criterion("length").status is Status.OK
    assert len((PITCH * 3).strip()) > INVITATION_CHARS
    assert long.criterion("length").status is Status.FAIL
    assert long.kind is Kind.MESSAGE  # too long for a note: judged as a message


def test_short_message_gets_a_length_warning(check: Check) -> None:
    report = check(PITCH)
    assert report.criterion("length").measures["words"] == len(PITCH.split())
    assert len(PITCH.split()) < MESSAGE_MIN_WORDS
    assert report.criterion("length").status is Status.WARN


def test_orientation_counts_sentences_about_each_side(check: Check) -> None:
    draft = ("We are a Bergen software house. Our team has built telematics since 2015. "
             "We won two awards last year. Your reefer fleet lost data twice this winter.")
    crit = check(draft).criterion("orientation")
    assert crit.measures["about_sender_sentences"] == 3
    assert crit.measures["about_recipient_sentences"] == 1
    assert crit.status is Status.WARN
    assert crit.findings[0].quote == "We are a Bergen software house."


def test_generic_openers_are_pointed_at(check: Check) -> None:
    report = check("I hope this message finds you well. Quick question. " + PITCH)
    assert report.criterion("openers").status is Status.WARN
    spans = _spans(report, "openers")
    assert "I hope this message finds you well" in spans
    assert "Quick question" in spans


def test_a_filled_campaign_template_is_not_specific(check: Check) -> None:
    template = ("Hi Anna, I noticed Acme is growing fast. We help companies like yours book "
                "30 more sales meetings a month with outbound campaigns. Open to a quick chat?")
    draft = ("Hi Marit, I noticed Fjordline is growing fast. We help companies like yours book "
             "30 more sales meetings a month with outbound campaigns. Open to a quick chat?")
    report = check(draft, known_templates=[template])
    crit = report.criterion("specificity")
    assert crit.status is Status.FAIL
    assert any("We help companies like yours" in q for q in _spans(report, "specificity"))


def test_a_draft_echoing_their_need_is_specific(check: Check) -> None:
    crit = check(PITCH).criterion("specificity")
    assert crit.status is Status.OK


def test_off_topic_pitch_is_predicted_spam(check: Check) -> None:
    report = check("Our SEO agency can triple your website traffic in 90 days and guarantee "
                   "page-one rankings. Interested in a free audit?")
    assert report.verdict.label is Label.SPAM


def test_the_draft_is_never_rewritten(check: Check) -> None:
    draft = "Hi {first_name}!  " + PITCH
    report = check(draft)
    for crit in report.criteria:
        for f in crit.findings:
            assert " ".join(draft[f.span[0]:f.span[1]].split()).startswith(f.quote.rstrip("…"))


def test_check_with_store_reads_a_json_profile(tmp_path: Path, judge: Judge,
                                               embedder: OnnxEmbedder) -> None:
    profile = tmp_path / "marit.json"
    profile.write_text(json.dumps({"name": "Marit Olsen", "headline": "Fleet Manager",
                                   "prefs": {"needs": ["A fleet telematics platform"]}}),
                       encoding="utf-8")
    report = check_with_store(PITCH, str(profile), tmp_path / "empty.sqlite3", judge=judge,
                              embedder=embedder)
    assert report.scored.recipient.declared_needs


def test_check_with_store_refuses_an_unknown_profile_url(tmp_path: Path) -> None:
    from tests.conftest import write_export

    from seedbed import service

    db = tmp_path / "store.sqlite3"
    service.import_path(write_export(tmp_path / "export"), db)
    with pytest.raises(NotFoundError):
        check_with_store(PITCH, "https://www.linkedin.com/in/not-a-connection", db)


def test_an_empty_draft_is_refused(check: Check) -> None:
    with pytest.raises(InputError):
        check("  \n")
