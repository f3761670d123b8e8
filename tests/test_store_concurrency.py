"""Several processes on one store: imports at once, a new store created twice, corrections
while a triage runs, and a writer told clearly when the store stays busy.

The concurrent cases run the installed ``seedbed`` command in real processes started at the
same moment, as two terminals (or a terminal and the web app) would.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seedbed import service
from seedbed.cli import app
from seedbed.errors import StoreBusyError
from seedbed.store import database, open_engine
from tests.conftest import MESSAGES, write_export
from tests.exportgen import generate_export
from tests.exportgen import write_export as write_generated

SEEDBED = str(Path(sys.executable).with_name("seedbed"))
# Each case ends well within this; it only keeps a deadlock from hanging the suite.
DEADLINE_S = 300
# How long the test holds the write lock while an import waits: past pysqlite's default wait
# (5 s), well within seedbed's (BUSY_TIMEOUT_SECONDS).
HELD_S = 8
CONTENT_TABLES = ("item", "connection", "article", "post", "relation")


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two exports of one owner (new items in each) and a tiny export of another owner."""
    root = tmp_path_factory.mktemp("exports")
    same_owner = [write_generated(generate_export(600, 100, 200, seed=seed),
                                  root / f"owner-a-{seed}.zip") for seed in (0, 1)]
    return [*same_owner, write_export(root / "owner-b")]


def _at_once(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command before waiting for any; return their outcomes in order."""
    running = [subprocess.Popen([SEEDBED, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for args in commands]
    done = []
    for args, process in zip(commands, running, strict=True):
        out, err = process.communicate(timeout=DEADLINE_S)
        done.append(subprocess.CompletedProcess(args, process.returncode, out, err))
    return done


def _content(db: Path) -> dict[str, object]:
    """What an import decides: owners and every row's natural key, per owner."""
    with closing(sqlite3.connect(db)) as conn:
        owner_key = dict(conn.execute("SELECT id, key FROM owner"))
        content: dict[str, object] = {"owners": sorted(owner_key.values())}
        for table in CONTENT_TABLES:
            content[table] = sorted((owner_key[owner], key) for owner, key in conn.execute(
                f"SELECT owner_id, natural_key FROM {table}"))
        content["item ids"] = sorted(r[0] for r in conn.execute("SELECT item_id FROM item"))
        content["imports"] = conn.execute("SELECT count(*) FROM import_run").fetchone()[0]
    return content


def _sequential(exports: list[Path], db: Path) -> dict[str, object]:
    for path in exports:
        service.import_path(path, db)
    return _content(db)


def _assert_all_succeeded(outcomes: list[subprocess.CompletedProcess[str]]) -> None:
    for outcome in outcomes:
        assert "Traceback" not in outcome.stderr, outcome.stderr
        assert outcome.returncode == 0, outcome.stderr


def test_imports_into_a_new_store_at_once_all_land(exports: list[Path], tmp_path: Path) -> None:
    expected = _sequential(exports, tmp_path / "sequential.sqlite3")
    for attempt in range(2):  # a fresh store each time: the race is on its creation
        db = tmp_path / f"together-{attempt}" / "seedbed.sqlite3"
        _assert_all_succeeded(_at_once(*(["import", str(p), "--db", str(db)] for p in exports)))
        assert _content(db) == expected


def test_imports_into_an_existing_store_at_once_all_land(exports: list[Path],
                                                         tmp_path: Path) -> None:
    first, *rest = exports
    expected = _sequential([first, *rest], tmp_path / "sequential.sqlite3")
    db = tmp_path / "together.sqlite3"
    service.import_path(first, db)
    _assert_all_succeeded(_at_once(*(["import", str(p), "--db", str(db)] for p in rest)))
    assert _content(db) == expected


def test_the_same_export_imported_twice_at_once_is_stored_once(exports: list[Path],
                                                               tmp_path: Path) -> None:
    expected = _sequential([exports[0]], tmp_path / "sequential.sqlite3")
    db = tmp_path / "together.sqlite3"
    _assert_all_succeeded(_at_once(*(["import", str(exports[0]), "--db", str(db)]
                                     for _ in range(2))))
    content = _content(db)
    assert content.pop("imports") == 2  # both runs are recorded, neither adds a row twice
    expected.pop("imports")
    assert content == expected


def test_two_processes_creating_one_store_both_get_it(exports: list[Path],
                                                      tmp_path: Path) -> None:
    db = tmp_path / "new" / "seedbed.sqlite3"
    # Only an import creates a store (a command that reads refuses a missing one); the tiny
    # export keeps both at the creation step at the same moment.
    _assert_all_succeeded(_at_once(["import", str(exports[2]), "--db", str(db)],
                                   ["import", str(exports[2]), "--db", str(db)]))
    engine = open_engine(db)
    assert database.current_revision(engine) == database.HEAD_REVISION
    engine.dispose()


def test_mark_and_unmark_while_a_triage_runs(exports: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "seedbed.sqlite3"
    service.import_path(exports[0], db)
    with closing(sqlite3.connect(db)) as conn:
        marked, unmarked = (r[0] for r in conn.execute(
            "SELECT item_id FROM item WHERE direction = 'incoming' ORDER BY id LIMIT 2"))
    triage, mark, mark_other = _at_once(["triage", "--db", str(db), "--format", "jsonl"],
                                          ["mark", marked, "spam", "--db", str(db)],
                                          ["mark", unmarked, "welcome", "--db", str(db)])
    _assert_all_succeeded([triage, mark, mark_other])
    again, undo = _at_once(["triage", "--db", str(db), "--format", "jsonl"],
                           ["unmark", unmarked, "--db", str(db)])
    _assert_all_succeeded([again, undo])
    assert f"undid 'welcome': {unmarked}" in undo.stdout
    with closing(sqlite3.connect(db)) as conn:
        active = dict(conn.execute(
            "SELECT i.item_id, c.label FROM correction c JOIN item i ON i.id = c.item_pk "
            "WHERE c.undone_at IS NULL"))
    assert active == {marked: "spam"}
    row = service.explain(marked, db)
    assert row.verdict.label.value == "spam"
    assert row.verdict.source != "model"


class HeldStore:
    """A store whose write lock another connection holds, as a long import would."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._holder: sqlite3.Connection | None = sqlite3.connect(db)
        self._holder.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self._holder is not None:
            self._holder.rollback()
            self._holder.close()
            self._holder = None


@pytest.fixture
def held(export_dir: Path, tmp_path: Path) -> Iterator[HeldStore]:
    db = tmp_path / "held.sqlite3"
    service.import_path(export_dir, db)
    store = HeldStore(db)
    yield store
    store.release()


def test_an_import_waits_out_a_long_write_of_another_process(
    held: HeldStore, tmp_path: Path
) -> None:
    # Held longer than pysqlite's default wait of 5 s, which is what an import used to get.
    before = _content(held.db)
    other = write_export(tmp_path / "other", MESSAGES[:3])
    with subprocess.Popen([SEEDBED, "import", str(other), "--db", str(held.db)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        time.sleep(HELD_S)
        still_waiting = process.poll() is None
        held.release()
        _, err = process.communicate(timeout=DEADLINE_S)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert still_waiting
    assert _content(held.db)["imports"] == before["imports"] + 1


def test_a_writer_kept_waiting_too_long_is_told_the_store_is_busy(
    held: HeldStore, tmp_path: Path
) -> None:
    before = _content(held.db)
    engine = open_engine(held.db, busy_timeout=0.2)
    exports = service.read(write_export(tmp_path / "other", None))
    with pytest.raises(StoreBusyError, match=r"held\.sqlite3: the store is busy: another seedbed "
                                         r"command .* try again when it has finished"):
        service.import_exports(engine, exports, "other")
    engine.dispose()
    assert _content(held.db) == before


def test_the_busy_store_is_one_line_on_the_command_line(
    held: HeldStore, export_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    result = CliRunner().invoke(app, ["import", str(export_dir), "--db", str(held.db)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "the store is busy" in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)
