"""Reading stored verdicts: one item is read by key, a triage where nothing changed judges
nothing, and after a correction, a preferences change or a re-import every verdict is the
one a store judged from scratch would show, whether it is read before or after the next
triage."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from seedbed import report, service
from seedbed.model import Label
from seedbed.store import cases as store_cases
from seedbed.store import open_engine, queries
from seedbed.triage import Triage, TriageRow, stored_rows
from tests.conftest import (
    CONNECTIONS,
    CONNECTIONS_PREAMBLE,
    MESSAGES,
    OWNER_URL,
    write_csv,
    write_export,
)
from tests.test_campaigns import SENDERS, TEMPLATE, campaign_export

ZED_URL = "https://www.linkedin.com/in/zed-marketing-x9"
Shown = dict[str, tuple[str, str, str, float]]


def _never(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("the whole owner was read or judged")


@pytest.fixture
def no_owner_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading must neither triage the owner nor build every item's case."""
    monkeypatch.setattr(Triage, "run", _never)
    monkeypatch.setattr(store_cases, "all_cases", _never)
    monkeypatch.setattr(queries, "inbound_cases", _never)


@pytest.fixture
def store(tmp_path: Path, prefs_file: Path) -> Path:
    """The tiny export with one campaign (the same note from three senders), judged."""
    db = tmp_path / "store" / "seedbed.sqlite3"
    service.triage(campaign_export(tmp_path), db, prefs_file)
    return db


def _shown(rows: Iterator[TriageRow] | list[TriageRow]) -> Shown:
    return {r.item.item_id: (r.verdict.label.value, r.verdict.source, r.verdict.summary,
                             round(r.verdict.spam_probability, 4)) for r in rows}


def stored(db: Path) -> Shown:
    """The rows as stored now, without judging anything."""
    engine = open_engine(db)
    try:
        return _shown(stored_rows(engine))
    finally:
        engine.dispose()


def read_one_by_one(db: Path) -> Shown:
    """Every item as ``seedbed explain`` reads it."""
    return _shown(service.explain(item_id, db) for item_id in stored(db))


def from_scratch(db: Path, tmp_path: Path) -> Shown:
    """The store copied, its verdicts and triage state dropped, and judged again whole."""
    copy = tmp_path / f"scratch-{len(list(tmp_path.glob('scratch-*')))}.sqlite3"
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    for table in ("final_verdict", "verdict", "triage_state"):
        target.execute(f"DELETE FROM {table}")
    target.commit()
    target.close()
    return _shown(service.triage(None, copy).rows)


def by_sender(db: Path) -> dict[str, TriageRow]:
    engine = open_engine(db)
    try:
        return {r.item.sender.name: r for r in stored_rows(engine)}
    finally:
        engine.dispose()


def _statements(db: Path, item_id: str) -> int:
    count = 0

    def counted(*args: Any) -> None:
        nonlocal count
        count += 1

    event.listen(Engine, "before_cursor_execute", counted)
    try:
        service.explain(item_id, db)
    finally:
        event.remove(Engine, "before_cursor_execute", counted)
    return count


# -- reading by key -------------------------------------------------------------------------

def test_explain_reads_the_stored_verdict_without_judging_the_owner(
        store: Path, no_owner_pass: None) -> None:
    for name, row in by_sender(store).items():
        read = service.explain(row.item.item_id, store)
        assert (read.verdict, read.judged_now) == (row.verdict, False), name
        assert read.case.item_id == row.item.item_id


def test_reading_one_item_costs_as_many_queries_in_a_store_forty_times_bigger(
        tmp_path: Path, store: Path) -> None:
    extra = [[f"2-more{n}", "", f"Sender {n}", f"https://www.linkedin.com/in/more-{n}",
              "Dana Okafor", OWNER_URL, f"2026-08-{1 + n % 28:02d} 10:00:00 UTC", "",
              f"Hello Dana, note number {n} about our product {n % 7}.", "INBOX"]
             for n in range(300)]
    big = tmp_path / "big" / "seedbed.sqlite3"
    service.triage(write_export(tmp_path / "big-export", [*MESSAGES, *extra]), big)
    small_id = by_sender(store)["Connor Blake"].item.item_id
    big_id = by_sender(big)["Connor Blake"].item.item_id
    assert _statements(big, big_id) == _statements(store, small_id)


def test_triage_when_nothing_changed_judges_and_builds_nothing(
        store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_cases, "all_cases", _never)
    monkeypatch.setattr(store_cases, "cases_for", _never)
    again = service.triage(None, store)
    assert again.judged == set()
    assert _shown(again.rows) == stored(store)


# -- no stale verdict -----------------------------------------------------------------------

def test_after_corrections_every_verdict_is_the_one_judged_from_scratch(
        store: Path, tmp_path: Path) -> None:
    rows = by_sender(store)
    member = rows[SENDERS[0][0]].item.item_id
    service.mark(member, Label.WELCOME, store)
    after = stored(store)
    twins = [rows[name].item.item_id for name, _, _ in SENDERS[1:]]
    assert all(after[t][1] == "learned from your corrections" for t in twins)
    service.mark(rows["Connor Blake"].item.item_id, Label.RELEVANT_PITCH, store)
    assert stored(store) == from_scratch(store, tmp_path)
    service.unmark(member, store)
    assert stored(store)[twins[0]][1] != "learned from your corrections"
    assert stored(store) == from_scratch(store, tmp_path)


def test_a_correction_stored_by_another_command_is_read_at_once(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = by_sender(store)
    engine = open_engine(store)
    with engine.begin() as conn:  # as a command that stored it and stopped before judging
        queries.add_correction(conn, rows[SENDERS[0][0]].item, Label.SPAM.value)
    engine.dispose()
    scratch = from_scratch(store, tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(Triage, "run", _never)
        read = read_one_by_one(store)
    assert read[rows[SENDERS[0][0]].item.item_id][1] == "your correction"
    assert read == scratch


def test_after_a_preferences_change_reads_and_triage_show_the_new_verdicts(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = by_sender(store)
    wants = tmp_path / "wants-leads.toml"
    wants.write_text('[me]\nneeds = ["An outbound lead generation service that books '
                     'qualified sales meetings for our logistics company"]\n', encoding="utf-8")
    service.apply_preferences(wants, store)  # stored, not judged
    scratch = from_scratch(store, tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(Triage, "run", _never)
        read = read_one_by_one(store)
    assert read == scratch
    connor = before["Connor Blake"].item.item_id
    assert read[connor][0] == Label.RELEVANT_PITCH.value != before["Connor Blake"].verdict.label
    result = service.triage(None, store)
    assert result.judged == {r.item.pk for r in before.values()}
    assert stored(store) == scratch


def test_blocking_a_sender_judges_only_their_items_again(store: Path, tmp_path: Path) -> None:
    rows = by_sender(store)
    report.set_sender_list(store, rows["Priya Raman"].item.item_id, "block")
    result = service.triage(None, store)
    assert result.judged == {rows["Priya Raman"].item.pk}
    assert stored(store)[rows["Priya Raman"].item.item_id][:2] == ("spam", "allow/block list")
    assert stored(store) == from_scratch(store, tmp_path)


def newer_export(tmp_path: Path) -> Path:
    """The campaign export, later: Dana wrote to Zed before his pitch, Tom Weller became a
    connection, and a fourth sender sent the campaign's note."""
    senders = [*SENDERS, ("Di Moss", "di-moss-x", "Northwind Freight")]
    messages = [*MESSAGES,
                ["2-zed", "", "Dana Okafor", OWNER_URL, "Zed Marketing", ZED_URL,
                 "2026-06-30 08:00:00 UTC", "", "Zed, thanks for the SEO audit you did for us "
                 "last spring; could you send the invoice again?", "INBOX"]]
    for n, (who, slug, company) in enumerate(senders):
        messages.append([f"2-camp{n}", "", who, f"https://www.linkedin.com/in/{slug}",
                         "Dana Okafor", OWNER_URL, f"2026-09-0{n + 1} 10:00:00 UTC", "",
                         TEMPLATE.format(company=company), "INBOX"])
    folder = write_export(tmp_path / "newer", messages)
    tom = ["Tom", "Weller", "https://www.linkedin.com/in/tom-weller-x2", "", "Weller & Co",
           "Founder", "21 Sep 2026"]
    write_csv(folder / "Connections.csv", [*CONNECTIONS, tom], CONNECTIONS_PREAMBLE)
    return folder


def test_after_a_reimport_reads_and_triage_show_the_new_verdicts(
        store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = by_sender(store)
    service.import_path(newer_export(tmp_path), store)  # imported, not judged
    scratch = from_scratch(store, tmp_path)
    with monkeypatch.context() as patched:
        patched.setattr(Triage, "run", _never)
        read = {item_id: service.explain(item_id, store) for item_id in scratch}
    assert _shown(read.values()) == scratch
    zed = read[before["Zed Marketing"].item.item_id]
    assert zed.case.thread and zed.case.thread[0].from_owner
    assert read[before["Tom Weller"].item.item_id].case.facts.is_connection
    assert all(read[before[name].item.item_id].campaign_size == 4 for name, _, _ in SENDERS)
    result = service.triage(None, store)
    changed = {before[name].item.pk for name in ("Zed Marketing", "Tom Weller")}
    changed |= {before[name].item.pk for name, _, _ in SENDERS}  # the campaign grew
    new = {r.item.pk for r in result.rows} - {r.item.pk for r in before.values()}
    assert len(new) == 1 and result.judged == changed | new
    assert stored(store) == scratch


def test_cases_read_by_key_are_the_cases_of_a_pass_over_the_whole_owner(tmp_path: Path) -> None:
    from seedbed.store import people
    from tests.exportgen import generate_export
    from tests.exportgen import write_export as write_generated

    db = tmp_path / "generated.sqlite3"
    service.import_path(write_generated(generate_export(1500, 150, 450, seed=3),
                                        tmp_path / "generated.zip"), db)
    engine = open_engine(db)
    try:
        people.catch_up(engine)
        with engine.connect() as conn:
            owner = queries.owners(conn)[0]
            whole = {item.pk: case for item, case in queries.inbound_cases(conn, owner)}
            by_key = dict((item.pk, case) for item, case in
                          store_cases.cases_for(conn, owner.id, list(whole)[::7]))
        streamed = {item.pk: case for batch in store_cases.all_cases(engine, owner.id, 100)
                    for item, case in batch}
    finally:
        engine.dispose()
    assert streamed == whole
    assert by_key and all(by_key[pk] == whole[pk] for pk in by_key)
