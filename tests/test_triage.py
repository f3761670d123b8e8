"""Triage end to end on a tiny export: verdicts by the definition, corrections, preferences."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedbed import service
from seedbed.errors import NotFoundError
from seedbed.model import Label
from tests.conftest import MESSAGES, MESSAGES_HEADER, OWNER_URL, write_export


def by_sender(rows: list[service.TriageRow]) -> dict[str, service.TriageRow]:
    return {r.item.sender.name: r for r in rows}


@pytest.fixture
def result(export_dir: Path, db: Path, prefs_file: Path) -> service.TriageResult:
    return service.triage(export_dir, db, prefs_file)


def test_only_inbound_items_are_judged(result: service.TriageResult) -> None:
    assert "Dana Okafor" not in by_sender(result.rows)
    assert len(result.rows) == 5


def test_thread_the_owner_started_is_welcome(result: service.TriageResult) -> None:
    row = by_sender(result.rows)["Priya Raman"]
    assert row.verdict.label is Label.WELCOME
    assert row.verdict.clues[0].code == "rel:owner_started"


def test_connect_then_pitch_with_merge_field_is_spam(result: service.TriageResult) -> None:
    row = by_sender(result.rows)["Connor Blake"]
    assert row.verdict.label is Label.SPAM
    assert row.verdict.summary.startswith("Hidden because:")
    codes = {c.code for c in row.verdict.clues}
    assert "rel:connection_never_talked" in codes
    assert "auto:merge_field" in codes


def test_blank_and_default_invitations_ask_why(result: service.TriageResult) -> None:
    rows = by_sender(result.rows)
    assert rows["Mira Solberg"].verdict.label is Label.ASK_WHY
    assert rows["Tom Weller"].verdict.label is Label.ASK_WHY


def test_jsonl_contract_fields(result: service.TriageResult) -> None:
    row = by_sender(result.rows)["Zed Marketing"].as_json()
    for field in ("item_id", "kind", "conversation_id", "sender", "sent_at", "text", "verdict",
                  "spam_probability", "reasons", "summary", "campaign_id", "campaign_size"):
        assert field in row
    assert row["sent_at"] == "2026-07-01T08:00:00Z"
    assert 0.0 <= row["spam_probability"] <= 1.0
    assert all({"code", "points", "detail", "evidence"} <= set(r) for r in row["reasons"])
    assert "<script>" not in row["text"]


def test_second_run_judges_nothing_new(result: service.TriageResult, db: Path) -> None:
    again = service.triage(None, db)
    assert not any(r.judged_now for r in again.rows)
    assert [r.verdict.label for r in again.rows] == [r.verdict.label for r in result.rows]


def test_mark_applies_at_once_and_unmark_restores(result: service.TriageResult,
                                                  db: Path) -> None:
    connor = by_sender(result.rows)["Connor Blake"]
    marked = service.mark(connor.item.item_id, Label.WELCOME, db)
    assert marked.verdict.label is Label.WELCOME
    assert marked.verdict.source == "your correction"
    undone, row = service.unmark(connor.item.item_id, db)
    assert undone == "welcome"
    assert row.verdict.label is connor.verdict.label


def test_marking_one_item_covers_the_senders_other_items(tmp_path: Path, db: Path) -> None:
    second = ["2-connor", "", "Connor Blake", "https://www.linkedin.com/in/connor-blake-growth",
              "Dana Okafor", OWNER_URL, "2026-06-20 08:00:00 UTC", "",
              "Just bumping this to the top of your inbox", "INBOX"]
    service.triage(write_export(tmp_path / "e", [*MESSAGES, second]), db)
    rows = [r for r in service.triage(None, db).rows if r.item.sender.name == "Connor Blake"]
    service.mark(rows[0].item.item_id, Label.RELEVANT_PITCH, db)
    after = service.explain(rows[1].item.item_id, db)
    assert after.verdict.label is Label.RELEVANT_PITCH
    assert after.verdict.source == "your correction of this sender"


def test_new_preferences_judge_items_again(result: service.TriageResult, db: Path,
                                           tmp_path: Path) -> None:
    prefs = tmp_path / "wants-leads.toml"
    prefs.write_text('[me]\nneeds = ["An outbound lead generation service that books qualified '
                     'sales meetings for our logistics company"]\n', encoding="utf-8")
    export = tmp_path / "export"
    rows = service.triage(export, db, prefs).rows
    assert all(r.judged_now for r in rows)
    connor = by_sender(rows)["Connor Blake"]
    assert connor.verdict.label is Label.RELEVANT_PITCH


def test_block_list_hides_the_sender(tmp_path: Path, db: Path, export_dir: Path) -> None:
    prefs = tmp_path / "block.toml"
    prefs.write_text('block = ["https://www.linkedin.com/in/priya-raman-hx"]\n', encoding="utf-8")
    rows = by_sender(service.triage(export_dir, db, prefs).rows)
    assert rows["Priya Raman"].verdict.label is Label.SPAM
    assert rows["Priya Raman"].verdict.source == "allow/block list"


def test_outgoing_items_cannot_be_marked(result: service.TriageResult, db: Path) -> None:
    from sqlalchemy import select

    from seedbed.errors import NotFoundError
    from seedbed.store import open_engine
    from seedbed.store import tables as t

    engine = open_engine(db)
    with engine.connect() as conn:
        mine = conn.execute(select(t.item.c.item_id).where(
            t.item.c.direction == "outgoing")).scalars().first()
    engine.dispose()
    assert mine is not None
    with pytest.raises(NotFoundError, match="never learns from your own messages"):
        service.mark(mine, Label.SPAM, db)


HOSTILE = [
    "",
    "x" * 100_000,
    "<p>Hi</p><script>document.location='http://evil'</script><img src=x onerror=alert(1)>",
    "こんにちは、御社のサービスについてご紹介させてください。",
    "Hola Dana, ¿te interesaría una demo de nuestra plataforma de marketing? 🚀🚀",
    "Hallo Dana, wir helfen Logistikfirmen, Kosten zu senken. Kurzes Gespräch?",
    "Bonjour Dana, nous aidons les entreprises à recruter. Un appel rapide ?",
    "🔥🔥🔥 💯",
]


def test_hostile_and_foreign_texts_get_a_verdict_with_reasons(tmp_path: Path, db: Path) -> None:
    rows = [MESSAGES_HEADER]
    for n, text in enumerate(HOSTILE):
        rows.append([f"2-h{n}", "", "LinkedIn Member" if n == 0 else f"Sender {n}",
                     "" if n % 2 == 0 else f"https://www.linkedin.com/in/s{n}", "Dana Okafor",
                     OWNER_URL, f"2026-08-0{n + 1} 10:00:00 UTC", "", text, "INBOX"])
    result = service.triage(write_export(tmp_path / "hostile", rows), db)
    judged = [r for r in result.rows if r.item.conversation_id
              and r.item.conversation_id.startswith("2-h")]
    assert len(judged) == len(HOSTILE)
    for row in judged:
        assert row.verdict.label in Label
        assert row.verdict.clues
        assert row.verdict.summary


def test_owner_bar_moves_only_with_balanced_corrections() -> None:
    from seedbed.triage import owner_threshold

    spam_low = [(Label.SPAM, 0.35), (Label.SPAM, 0.4), (Label.SPAM, 0.42)]
    wanted = [(Label.WELCOME, 0.05), (Label.WELCOME, 0.1), (Label.ASK_WHY, 0.2)]
    assert owner_threshold(spam_low) == 0.5  # one side only: no move
    assert owner_threshold(spam_low[:2] + wanted[:2]) == 0.5  # too few corrections
    assert owner_threshold(spam_low + wanted) == 0.35
    many_wanted = wanted * 4
    assert owner_threshold(spam_low + many_wanted) == 0.5  # unbalanced: no move


def test_a_lower_bar_hides_a_model_verdict_and_says_why() -> None:
    from seedbed.model import Verdict
    from seedbed.triage import _rebarred

    shown = Verdict(Label.ASK_WHY, 0.4, (), "A stranger with no clear purpose.",
                    alternative=(Label.SPAM, "Hidden because: an offer."))
    hidden = _rebarred(shown, 0.35)
    assert hidden.label is Label.SPAM and hidden.summary == "Hidden because: an offer."
    assert hidden.clues[0].code == "user:calibrated_bar"
    assert _rebarred(shown, 0.45) is shown
    assert _rebarred(shown, 0.5) is shown


def item_id_of(db: Path, text: str) -> str:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT item_id FROM item WHERE text = ?", (text,)).fetchone()[0])


# LinkedIn's own line in Priya's thread, after the owner's question and before her answer.
SYSTEM_ROW = ["2-priya", "", "", "", "Dana Okafor", OWNER_URL, "2026-05-01 19:00:00 UTC", "",
              "Priya Raman joined", "INBOX"]
AD = ["2-ad", "Sponsored Conversation", "Enrolly Learning", "", "Dana Okafor", OWNER_URL,
      "2026-07-02 08:00:00 UTC", "Your free guide",
      "<p>Hi Dana,</p><p>Grab our free guide to data stacks and save 20% on the course.</p>",
      "INBOX"]


def test_a_system_row_is_stored_in_its_thread_and_never_judged(tmp_path: Path,
                                                               db: Path) -> None:
    import sqlite3

    result = service.triage(write_export(tmp_path / "export", [*MESSAGES, SYSTEM_ROW]), db)
    assert "Priya Raman joined" not in {r.item.text for r in result.rows}
    assert not any(r.item.sender.name == "" for r in result.rows)
    with sqlite3.connect(db) as conn:
        [(pk, thread, system)] = conn.execute(
            "SELECT id, conversation_id, system FROM item WHERE text = 'Priya Raman joined'"
        ).fetchall()
        assert (thread, system) == ("2-priya", 1)
        assert conn.execute("SELECT count(*) FROM verdict WHERE item_pk = ?",
                            (pk,)).fetchone()[0] == 0
    # Priya's answer is judged as before: the line is no message of hers in the thread.
    priya = service.explain(by_sender(result.rows)["Priya Raman"].item.item_id, db)
    assert [m.text for m in priya.case.thread] == [MESSAGES[2][8]]
    assert priya.verdict.label is Label.WELCOME
    # Nor can it be asked about.
    with pytest.raises(NotFoundError, match="LinkedIn wrote itself"):
        service.explain(item_id_of(db, "Priya Raman joined"), db)


def test_an_ad_says_it_is_an_ad(tmp_path: Path, db: Path) -> None:
    result = service.triage(write_export(tmp_path / "export", [*MESSAGES, AD]), db)
    ad = by_sender(result.rows)["Enrolly Learning"]
    assert ad.item.sponsored
    assert "shape:linkedin_ad" in {c.code for c in ad.verdict.clues}
    detail = service.explain(ad.item.item_id, db)
    assert detail.case.sponsored and "shape:linkedin_ad" in {c.code for c in detail.verdict.clues}
    assert ad.as_json()["sponsored"] is True
    others = [r for r in result.rows if r is not ad]
    assert not any(r.as_json()["sponsored"] for r in others)
    assert not any(c.code == "shape:linkedin_ad" for r in others for c in r.verdict.clues)


def test_an_item_the_owners_word_leaves_alone_is_shown_as_the_model_said() -> None:
    import numpy as np

    from seedbed.model import Verdict
    from seedbed.overlay import Correction, Overlay

    corrections = [Correction(1, 10, "aaaa", Label.SPAM, "https://www.linkedin.com/in/s"),
                   Correction(2, 11, "bbbb", Label.WELCOME, "name:someone")]
    for bar in (0.5, 0.35, 0.6):
        overlay = Overlay(corrections, bar=bar,
                          teacher_vectors=np.zeros((0, 4), np.float32))
        for pk, sender in ((10, "x"), (12, "https://www.linkedin.com/in/s"), (13, "y")):
            for label, p, source, alt in (
                    (Label.SPAM, 0.4, "model", (Label.ASK_WHY, "a")),
                    (Label.ASK_WHY, 0.4, "model", (Label.SPAM, "b")),
                    (Label.ASK_WHY, 0.45, "model", None),
                    (Label.WELCOME, 0.0, "relationship", None),
                    (Label.SPAM, 1.0, "allow/block list", None)):
                model = Verdict(label, p, (), "s", source=source, alternative=alt)
                for learned in (None, (Label.WELCOME, "cccc", 0.95)):
                    same = overlay.shown(pk, sender, model, learned, 0, None) == model
                    assert overlay.untouched(pk, sender, label, p, source, alt is not None,
                                             learned is not None) == same
