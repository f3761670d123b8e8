"""Campaigns in the store: grouped across senders, stable ids, shared without disclosure."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from seedbed import campaigns, service
from seedbed.model import Label
from tests.conftest import MESSAGES, MESSAGES_HEADER, OWNER_URL, write_export

TEMPLATE = ("Hi Dana, I came across {company} and was impressed by your growth. We're a team of "
            "40 developers in Kraków building custom software for logistics firms at half the "
            "cost. Open to a 15 minute call next week?")
SENDERS = [("Ana Pop", "ana-pop-x", "Northwind Freight"), ("Bo Lind", "bo-lind-x", "Northwind"),
           ("Cy Dorn", "cy-dorn-x", "Northwind Freight Ltd")]


def campaign_export(tmp_path: Path, name: str = "e",
                    senders: list[tuple[str, str, str]] = SENDERS) -> Path:
    rows = [*MESSAGES]
    for n, (who, slug, company) in enumerate(senders):
        rows.append([f"2-camp{n}", "", who, f"https://www.linkedin.com/in/{slug}", "Dana Okafor",
                     OWNER_URL, f"2026-09-0{n + 1} 10:00:00 UTC", "",
                     TEMPLATE.format(company=company), "INBOX"])
    return write_export(tmp_path / name, rows)


def camp_rows(result: service.TriageResult) -> list[service.TriageRow]:
    return [r for r in result.rows if (r.item.conversation_id or "").startswith("2-camp")]


def test_one_template_from_three_senders_is_one_campaign(tmp_path: Path, db: Path) -> None:
    rows = camp_rows(service.triage(campaign_export(tmp_path), db))
    ids = {r.campaign_id for r in rows}
    assert len(ids) == 1 and None not in ids
    assert all(r.campaign_size == 3 for r in rows)
    assert any(c.code == "campaign:member" for r in rows for c in r.verdict.clues)


def test_campaign_id_is_stable_when_a_new_member_joins(tmp_path: Path, db: Path) -> None:
    first = camp_rows(service.triage(campaign_export(tmp_path, "a", SENDERS[:2]), db))
    later = camp_rows(service.triage(campaign_export(tmp_path, "b", SENDERS), db))
    assert {r.campaign_id for r in first} == {r.campaign_id for r in later}
    assert all(r.campaign_size == 3 for r in later)


def test_unrelated_messages_are_not_a_campaign(export_dir: Path, db: Path) -> None:
    rows = service.triage(export_dir, db).rows
    assert all(r.campaign_id is None and r.campaign_size == 1 for r in rows)


def test_two_steps_of_one_conversation_are_not_a_campaign(tmp_path: Path, db: Path) -> None:
    # One sender's first note and follow-up in one conversation share most of their words,
    # but they are steps of one sequence, not two fills of one template.
    who, slug, company = SENDERS[0]
    follow_up = "Just bumping this up. " + TEMPLATE.format(company=company)
    rows = [*MESSAGES]
    for n, text in enumerate([TEMPLATE.format(company=company), follow_up]):
        rows.append(["2-camp-seq", "", who, f"https://www.linkedin.com/in/{slug}",
                     "Dana Okafor", OWNER_URL, f"2026-09-0{n + 1} 10:00:00 UTC", "", text,
                     "INBOX"])
    found = camp_rows(service.triage(write_export(tmp_path / "seq", rows), db))
    assert len(found) == 2
    assert all(r.campaign_id is None for r in found)


def test_a_campaign_lists_the_follow_ups_of_its_conversations_as_steps(
        tmp_path: Path, db: Path) -> None:
    who, slug, _ = SENDERS[0]
    follow_up = ["2-camp0", "", who, f"https://www.linkedin.com/in/{slug}", "Dana Okafor",
                 OWNER_URL, "2026-09-20 10:00:00 UTC", "",
                 "Did you get a chance to look at my note? Happy to send case studies.", "INBOX"]
    rows = [*MESSAGES]
    for n, (name, sl, company) in enumerate(SENDERS):
        rows.append([f"2-camp{n}", "", name, f"https://www.linkedin.com/in/{sl}", "Dana Okafor",
                     OWNER_URL, f"2026-09-0{n + 1} 10:00:00 UTC", "",
                     TEMPLATE.format(company=company), "INBOX"])
    rows.append(follow_up)
    triaged = service.triage(write_export(tmp_path / "steps", rows), db)
    step_pk = next(r.item.pk for r in triaged.rows if r.item.text.startswith("Did you get"))
    found = service.campaign_list(db)
    assert len(found) == 1 and found[0].size == 3
    assert found[0].steps == [step_pk]


def test_campaign_listing_and_template_slots(tmp_path: Path, db: Path) -> None:
    service.triage(campaign_export(tmp_path), db)
    found = service.campaign_list(db)
    assert len(found) == 1 and found[0].size == 3 and len(found[0].senders) == 3
    _, template, members = service.campaign_detail(found[0].campaign_id[:6], db)
    assert len(members) == 3
    assert any(kind == "slot" for kind, _ in template.segments)


def test_shared_file_holds_no_text_or_names(tmp_path: Path, db: Path) -> None:
    rows = camp_rows(service.triage(campaign_export(tmp_path), db))
    service.mark(rows[0].item.item_id, Label.SPAM, db)
    out = tmp_path / "shared.json"
    assert service.campaign_export(out, db) >= 1
    text = out.read_text(encoding="utf-8").lower()
    words = set(re.findall(r"[a-zà-ÿ]{3,}", TEMPLATE.lower()))
    words |= {p.lower() for who, _, company in SENDERS for p in f"{who} {company}".split()}
    # Letters-only runs inside hex digests ("cccfc") are hash, not text.
    tokens = {t for t in re.findall(r"[a-zà-ÿ]{3,}", text) if not re.fullmatch(r"[a-f]+", t)}
    assert tokens <= {"format", "seedbed", "campaign", "fingerprints", "sha", "lsh"}
    assert not words & tokens
    assert json.loads(text)["format"] == "seedbed-campaign-fingerprints"


def test_reports_count_only_from_two_files_and_the_owner_can_veto(tmp_path: Path) -> None:
    sender_db = tmp_path / "sender.sqlite3"
    rows = camp_rows(service.triage(campaign_export(tmp_path, "s"), sender_db))
    service.mark(rows[0].item.item_id, Label.SPAM, sender_db)
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    service.campaign_export(one, sender_db)
    data = json.loads(one.read_text(encoding="utf-8"))
    data["note"] = "another reporter"
    two.write_text(json.dumps(data), encoding="utf-8")

    receiver = tmp_path / "receiver.sqlite3"
    service.triage(campaign_export(tmp_path, "r"), receiver)
    service.campaign_import(one, receiver)
    after_one = camp_rows(service.triage(None, receiver))
    assert not any(c.code == "campaign:reported_by_others" for r in after_one
                   for c in r.verdict.clues)
    service.campaign_import(two, receiver)
    after_two = camp_rows(service.triage(None, receiver))
    assert all(any(c.code == "campaign:reported_by_others" for c in r.verdict.clues)
               for r in after_two if r.verdict.source == "model")
    service.mark(after_two[0].item.item_id, Label.WELCOME, receiver)
    vetoed = camp_rows(service.triage(None, receiver))
    assert not any(c.code == "campaign:reported_by_others" for r in vetoed
                   for c in r.verdict.clues)


def test_importing_a_file_that_is_not_fingerprints_fails_cleanly(tmp_path: Path, db: Path) -> None:
    import pytest

    from seedbed.errors import InputError

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json"):
        service.campaign_import(bad, db)


def test_messages_header_is_unchanged() -> None:
    assert MESSAGES[0] == MESSAGES_HEADER


def test_new_items_join_through_the_snapshot_without_a_rebuild(
        tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = camp_rows(service.triage(campaign_export(tmp_path, "a", SENDERS[:2]), db))
    assert (db.parent / (db.name + ".campaigns") / "meta.json").exists()

    def no_rebuild(engine: object) -> None:
        raise AssertionError("the index was rebuilt from the rows")

    monkeypatch.setattr(campaigns, "_rebuild_index", no_rebuild)
    later = camp_rows(service.triage(campaign_export(tmp_path, "b", SENDERS), db))
    assert {r.campaign_id for r in later} == {r.campaign_id for r in first}
    assert all(r.campaign_size == 3 for r in later)


def test_a_lost_or_stale_snapshot_is_rebuilt_from_the_store(tmp_path: Path, db: Path) -> None:
    first = camp_rows(service.triage(campaign_export(tmp_path, "a", SENDERS[:2]), db))
    shutil.rmtree(db.parent / (db.name + ".campaigns"))
    later = camp_rows(service.triage(campaign_export(tmp_path, "b", SENDERS), db))
    assert {r.campaign_id for r in later} == {r.campaign_id for r in first}
    assert all(r.campaign_size == 3 for r in later)


def test_campaign_command_shows_the_template_with_spaced_slots(tmp_path: Path, db: Path) -> None:
    from typer.testing import CliRunner

    from seedbed.cli import app

    rows = camp_rows(service.triage(campaign_export(tmp_path), db))
    result = CliRunner().invoke(app, ["campaign", rows[0].campaign_id or "", "--db", str(db)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("template:"))
    # The slot (what follows "Northwind") sits between the fixed words with their spaces.
    assert re.search(r"came across Northwind \{[^}]*Freight[^}]*\} and was impressed", line)


def test_a_snapshot_that_cannot_be_written_does_not_stop_triage(
        tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(self: object, directory: Path, token: str) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(campaigns.CampaignIndex, "save", disk_full)
        first = camp_rows(service.triage(campaign_export(tmp_path, "a", SENDERS[:2]), db))
    assert len({r.campaign_id for r in first}) == 1 and None not in {r.campaign_id for r in first}
    # The next run finds no usable snapshot, rebuilds from the rows and goes on.
    later = camp_rows(service.triage(campaign_export(tmp_path, "b", SENDERS), db))
    assert {r.campaign_id for r in later} == {r.campaign_id for r in first}
    assert all(r.campaign_size == 3 for r in later)


def test_a_large_backlog_masked_on_workers_gives_the_same_campaigns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from seedbed.campaign import parallel

    if not parallel._can_fork() or parallel.workers() < 2:
        pytest.skip("this machine cannot fork workers (one core or no fork)")
    export = campaign_export(tmp_path)
    serial = camp_rows(service.triage(export, tmp_path / "serial.sqlite3"))
    started: list[str] = []
    real_get_context = parallel.multiprocessing.get_context

    def recording_get_context(method: str) -> object:
        started.append(method)
        return real_get_context(method)

    monkeypatch.setattr(parallel, "PARALLEL_MIN", 2)  # every backlog counts as large
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setattr(parallel.multiprocessing, "get_context", recording_get_context)
    forked = camp_rows(service.triage(export, tmp_path / "forked.sqlite3"))
    assert started == ["fork"]
    assert [r.campaign_id for r in forked] == [r.campaign_id for r in serial]
    assert all(r.campaign_size == 3 for r in forked)
