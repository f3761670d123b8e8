"""Bad input on a first run: each is one line on stderr, a non-zero exit, and nothing written.

A mistyped ``--db``, preferences without an export, an id or a label typed wrong, and
``prefs edit`` (run through a real editor process that $EDITOR names).
"""

from __future__ import annotations

import json
import shlex
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from seedbed.cli import app
from seedbed.store import open_engine
from tests.conftest import write_export

runner = CliRunner()
SAM_URL = "https://www.linkedin.com/in/sam-lee-data"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_error(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def store_bytes(db: Path) -> dict[str, bytes]:
    """The store's files (the database and its write-ahead log) as they are on disk."""
    return {p.name: p.read_bytes() for p in db.parent.glob(db.name + "*") if p.is_file()}


def ids(db: Path, *extra: str) -> list[str]:
    code, stdout, stderr = run("triage", "--db", str(db), "--format", "jsonl", *extra)
    assert code == 0, stderr
    return [json.loads(line)["item_id"] for line in stdout.splitlines()]


def prefs_shown(db: Path) -> str:
    """What ``prefs show`` prints, on one line (the terminal wraps long paths)."""
    code, stdout, stderr = run("prefs", "show", "--db", str(db))
    assert code == 0, stderr
    return " ".join(stdout.split())


def write_second_owner(folder: Path) -> Path:
    """The fixture export of another person: Sam Lee instead of Dana Okafor."""
    write_export(folder)
    for path in folder.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("dana-okafor-data", "sam-lee-data").replace("Okafor", "Lee")
        path.write_text(text.replace("Dana", "Sam"), encoding="utf-8")
    return folder


@pytest.fixture
def two_owners(tmp_path: Path, export_dir: Path, db: Path) -> Path:
    for export in (export_dir, write_second_owner(tmp_path / "sam")):
        code, _, stderr = run("import", str(export), "--db", str(db))
        assert code == 0, stderr
    return db


# -- a store that is not there ------------------------------------------------------------

READ_COMMANDS = [
    ["triage"], ["triage", "--prefs", "PREFS"], ["explain", "3f9c1a2b"],
    ["mark", "3f9c1a2b", "spam"], ["unmark", "3f9c1a2b"], ["reply", "3f9c1a2b"],
    ["campaigns"], ["campaign", "3f9c"], ["campaigns", "export", "OUT"],
    ["campaigns", "import", "OUT"], ["pacing"], ["prefs", "show"], ["prefs", "edit"],
    ["aim", "--offer", "We build data pipelines"],
    ["check", "DRAFT", "--to", "https://www.linkedin.com/in/priya-raman-hx"],
]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_mistyped_store_is_refused_and_not_created(command: list[str], tmp_path: Path,
                                                     prefs_file: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Priya, how was the meetup?", encoding="utf-8")
    given = {"PREFS": str(prefs_file), "OUT": str(tmp_path / "fingerprints.json"),
             "DRAFT": str(draft)}
    db = tmp_path / "typo" / "store.sqlite3"
    code, stdout, stderr = run(*[given.get(a, a) for a in command], "--db", str(db))
    assert code == 1
    assert one_error(stderr) == (f"error: no store at {db}: import an export first "
                                 f"(seedbed import EXPORT --db {db})")
    assert stdout == ""
    assert not db.parent.exists()
    assert not (tmp_path / "fingerprints.json").exists()


def test_import_and_triage_of_an_export_still_create_the_store(export_dir: Path,
                                                                tmp_path: Path) -> None:
    for command in ("import", "triage"):
        db = tmp_path / command / "store.sqlite3"
        code, _, stderr = run(command, str(export_dir), "--db", str(db))
        assert code == 0, stderr
        assert db.is_file()


def test_check_against_a_profile_file_needs_no_store_and_creates_none(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Hi Ana, your talk on dbt tests was great: how do you run them?",
                     encoding="utf-8")
    profile = tmp_path / "ana.json"
    profile.write_text(json.dumps({"type": "profile", "owner": "ana", "name": "Ana Ruiz",
                                   "headline": "Analytics engineer"}), encoding="utf-8")
    db = tmp_path / "none" / "store.sqlite3"
    code, stdout, stderr = run("check", str(draft), "--to", str(profile), "--db", str(db),
                               "--format", "jsonl")
    assert code == 0, stderr
    assert json.loads(stdout)  # the report
    assert not db.parent.exists()


def test_triage_of_an_empty_store_says_so_and_where(db: Path) -> None:
    open_engine(db).dispose()  # a store nothing was imported into (as `seedbed ui` leaves it)
    before = store_bytes(db)
    code, stdout, stderr = run("triage", "--db", str(db))
    assert code == 1 and stdout == ""
    assert one_error(stderr) == (f"error: the store at {db} is empty: no export was imported "
                                 f"into it (seedbed import EXPORT --db {db})")
    assert store_bytes(db) == before


# -- triage --prefs without an export --------------------------------------------------------

def test_prefs_without_an_export_are_stored_for_the_only_owner_and_said(
        export_dir: Path, db: Path, prefs_file: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    code, stdout, stderr = run("triage", "--db", str(db), "--prefs", str(prefs_file))
    assert code == 0, stderr
    assert f"preferences from {prefs_file} stored for Dana Okafor" in stdout
    shown = prefs_shown(db)
    assert f"Dana Okafor (from {prefs_file})" in shown
    assert "needs: A data-observability tool" in shown


def test_prefs_without_an_export_are_refused_when_several_owners_could_be_meant(
        two_owners: Path, prefs_file: Path) -> None:
    before = store_bytes(two_owners)
    code, stdout, stderr = run("triage", "--db", str(two_owners), "--prefs", str(prefs_file))
    assert code == 1 and stdout == ""
    assert one_error(stderr) == (f"error: {prefs_file}: the store holds 2 owners (Dana Okafor, "
                                 "Sam Lee); choose one with --owner")
    assert store_bytes(two_owners) == before


def test_owner_says_whose_prefs_and_lists_only_their_items(two_owners: Path,
                                                            prefs_file: Path) -> None:
    dana, sam = ids(two_owners, "--owner", "Dana Okafor"), ids(two_owners, "--owner", SAM_URL)
    assert len(dana) == len(sam) == 5 and not set(dana) & set(sam)
    assert sorted(ids(two_owners)) == sorted(dana + sam)
    code, stdout, stderr = run("triage", "--db", str(two_owners), "--prefs", str(prefs_file),
                               "--owner", "sam lee")
    assert code == 0, stderr
    assert f"preferences from {prefs_file} stored for Sam Lee" in stdout
    shown = prefs_shown(two_owners)
    assert "Dana Okafor (from defaults)" in shown and f"Sam Lee (from {prefs_file})" in shown


def test_an_owner_not_in_the_store_is_named_with_those_that_are(two_owners: Path) -> None:
    code, _, stderr = run("triage", "--db", str(two_owners), "--owner", "Kim")
    assert code == 1
    assert one_error(stderr) == ("error: no owner 'Kim' in the store (it holds Dana Okafor, "
                                 "Sam Lee)")


def test_owner_with_an_export_is_refused_before_anything_is_written(export_dir: Path,
                                                                     db: Path) -> None:
    code, _, stderr = run("triage", str(export_dir), "--owner", "Dana Okafor", "--db", str(db))
    assert code == 1 and "--owner" in one_error(stderr)
    assert not db.exists()


# -- item ids ---------------------------------------------------------------------------------

def test_a_mistyped_id_suggests_the_nearest_and_the_suggestion_works(export_dir: Path,
                                                                     db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    real = ids(db)[0]
    typo = real[:3] + ("0" if real[3] != "0" else "1") + real[4:8]  # one digit changed
    before = store_bytes(db)
    code, _, stderr = run("explain", typo, "--db", str(db))
    assert code == 1
    line = one_error(stderr)
    assert line == f"error: no item with id {typo!r} in the store; did you mean {real[:8]}…?"
    assert store_bytes(db) == before
    code, stdout, _ = run("explain", f"{real[:8]}…", "--db", str(db))  # pasted as shown
    assert code == 0 and stdout.startswith(real)


def _typo(real: str, kind: str) -> str:
    return {"dropped": real[:2] + real[3:9],
            "swapped": real[:2] + real[3] + real[2] + real[4:9],
            "added": real[:4] + ("f" if real[4] != "f" else "e") + real[4:8]}[kind]


@pytest.mark.parametrize("kind", ["dropped", "swapped", "added"])
def test_dropped_swapped_and_added_digits_are_suggested(kind: str, export_dir: Path,
                                                        db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    # An id whose typo is not itself a prefix of it (as swapping two equal digits would be).
    real = next(i for i in ids(db) if not i.startswith(_typo(i, kind)))
    wrong = _typo(real, kind)
    code, _, stderr = run("explain", wrong, "--db", str(db))
    assert code == 1
    assert f"did you mean {real[:max(8, len(wrong))]}…" in one_error(stderr)


def test_an_id_nothing_resembles_gets_no_suggestion(export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    code, _, stderr = run("reply", "zzzz", "--db", str(db))
    assert code == 1
    assert one_error(stderr) == ("error: no item with id 'zzzz' in the store (an item id is made "
                                 "of the digits 0-9 and the letters a-f)")


def test_a_prefix_several_items_share_lists_them(export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    first, second, third, *_ = ids(db)
    with sqlite3.connect(db) as conn:  # give three items ids that share their first digits
        for i, old in enumerate((first, second, third)):
            conn.execute("UPDATE item SET item_id = ? WHERE item_id = ?",
                         (f"3f9c1a2b7d00000{i}", old))
    conn.close()
    code, _, stderr = run("mark", "3f9c", "spam", "--db", str(db))
    assert code == 1
    assert one_error(stderr) == ("error: 3f9c matches 3 items (3f9c1a2b7d000000, "
                                 "3f9c1a2b7d000001, 3f9c1a2b7d000002); give more of the id")
    assert run("mark", "3f9c1a2b7d000001", "spam", "--db", str(db))[0] == 0


def test_an_id_too_short_asks_for_four_characters(export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    code, _, stderr = run("unmark", "3f9", "--db", str(db))
    assert code == 1
    assert one_error(stderr) == ("error: no item with id '3f9': give 4 or more characters of "
                                 "an item id")


# -- verdict labels ---------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "label"), [
    ("Spam", "spam"), ("SPAM", "spam"), ("relevant-pitch", "relevant_pitch"),
    ("relevant pitch", "relevant_pitch"), ("Relevant_Pitch", "relevant_pitch"),
    ("Ask why", "ask_why"), (" Welcome ", "welcome")])
def test_labels_are_read_in_any_case_with_dashes_or_spaces(typed: str, label: str,
                                                           export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    item = ids(db)[0]
    code, stdout, stderr = run("mark", item, typed, "--db", str(db))
    assert code == 0, stderr
    assert f"{item} is now {label} (your correction)" in stdout


def test_an_unknown_label_lists_the_labels_and_writes_nothing(export_dir: Path,
                                                              db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    item = ids(db)[0]
    before = store_bytes(db)
    code, _, stderr = run("mark", item, "junk", "--db", str(db))
    assert code == 1
    assert one_error(stderr) == ("error: label must be one of welcome, relevant_pitch, ask_why, "
                                 "spam, not 'junk'")
    assert store_bytes(db) == before


# -- prefs edit: a real editor process ---------------------------------------------------------

def use_editor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, old: str, new: str) -> Path:
    """$EDITOR set to a script that replaces ``old`` with ``new`` in the file it is given
    (``new`` alone when ``old`` is empty) and keeps a copy of what it was given."""
    script = tmp_path / "editor.py"
    seen = tmp_path / "seen.toml"
    script.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        f"pathlib.Path({str(seen)!r}).write_text(text, encoding='utf-8')\n"
        f"old, new = {old!r}, {new!r}\n"
        "path.write_text(text.replace(old, new) if old else new, encoding='utf-8')\n",
        encoding="utf-8")
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    monkeypatch.delenv("VISUAL", raising=False)
    # The file being edited lives in a private temporary folder: here, one this test owns.
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return seen




def test_prefs_edit_opens_the_stored_preferences_and_stores_the_edit(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_dir: Path, db: Path,
        prefs_file: Path) -> None:
    run("triage", str(export_dir), "--prefs", str(prefs_file), "--db", str(db))
    seen = use_editor(monkeypatch, tmp_path, "open_to_recruiters = false",
                      "open_to_recruiters = true")
    code, stdout, stderr = run("prefs", "edit", "--db", str(db))
    assert code == 0, stderr
    assert "stored the preferences of Dana Okafor" in stdout
    opened = seen.read_text(encoding="utf-8")
    assert f"stored from {prefs_file}" in opened  # what --prefs stored, with its comments
    assert '  "A data-observability tool to replace our home-grown data quality checks",' \
        in opened and "# Topics you are happy to hear about from strangers." in opened
    shown = prefs_shown(db)
    assert "Dana Okafor (from seedbed prefs edit)" in shown
    assert "open_to_recruiters: true" in shown and "needs: A data-observability tool" in shown
    assert not list((tmp_path / "tmp").iterdir())  # the file edited is gone


def test_prefs_edit_refuses_a_wrong_field_naming_it_and_stores_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_dir: Path, db: Path,
        prefs_file: Path) -> None:
    run("triage", str(export_dir), "--prefs", str(prefs_file), "--db", str(db))
    before = store_bytes(db)
    use_editor(monkeypatch, tmp_path, "", 'needs = 3\nwelcome_topics = ["dbt"]\n')
    code, _, stderr = run("prefs", "edit", "--db", str(db))
    assert code == 1
    (kept,) = (tmp_path / "tmp").glob("seedbed-prefs-*/prefs.toml")
    assert one_error(stderr) == (f"error: {kept}: field 'needs' must be a list of strings; "
                                 "nothing stored (your edit is kept in that file)")
    assert kept.read_text(encoding="utf-8").startswith("needs = 3")
    assert store_bytes(db) == before


def test_prefs_edit_stores_nothing_when_the_editor_fails(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    use_editor(monkeypatch, tmp_path, "", "")
    before = store_bytes(db)
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} -c 'raise SystemExit(3)'")
    code, _, stderr = run("prefs", "edit", "--db", str(db))
    assert code == 1
    assert one_error(stderr).endswith("exited with status 3: nothing stored")
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    code, _, stderr = run("prefs", "edit", "--db", str(db))
    assert code == 1
    assert "cannot start the editor" in one_error(stderr)
    assert store_bytes(db) == before
    assert "(from defaults)" in prefs_shown(db)


def test_prefs_edit_of_a_starter_file_left_unchanged_stores_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, export_dir: Path, db: Path) -> None:
    run("import", str(export_dir), "--db", str(db))
    seen = use_editor(monkeypatch, tmp_path, "nothing matches this", "")
    code, stdout, stderr = run("prefs", "edit", "--db", str(db))
    assert code == 0, stderr
    assert "no change: nothing stored" in stdout
    assert "needs = []" in seen.read_text(encoding="utf-8")
    assert "(from defaults)" in prefs_shown(db)


def test_prefs_edit_asks_whose_when_the_store_holds_several_owners(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, two_owners: Path) -> None:
    use_editor(monkeypatch, tmp_path, "needs = []", 'needs = ["A Rust developer"]')
    code, _, stderr = run("prefs", "edit", "--db", str(two_owners))
    assert code == 1
    assert one_error(stderr) == ("error: the store holds 2 owners (Dana Okafor, Sam Lee); "
                                 "choose one with --owner")
    code, _, stderr = run("prefs", "edit", "--owner", "Sam Lee", "--db", str(two_owners))
    assert code == 0, stderr
    shown = prefs_shown(two_owners)
    assert "Sam Lee (from seedbed prefs edit)" in shown and "needs: A Rust developer" in shown
    assert "Dana Okafor (from defaults)" in shown
