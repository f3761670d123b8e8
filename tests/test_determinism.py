"""The same input gives the same verdicts: under any PYTHONHASHSEED, in any run, in any batch.

Each seed runs the real command line (``seedbed import`` then ``seedbed triage --format
jsonl``) in its own process on a fresh store, so a set of strings iterated in hash order, or a
vector that depends on which texts were embedded together, shows up as a changed line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from seedbed import service
from seedbed import triage as triage_mod
from seedbed.model import Connection, Direction, Message, Person
from tests.exportgen import generate_export, write_export

SEEDBED = str(Path(sys.executable).with_name("seedbed"))
SEEDS = ("0", "12345")
DEMO = files("seedbed") / "data" / "demo"
DEMO_EXPORT = Path(str(DEMO / "Basic_LinkedInDataExport_11-20-2026.zip"))
DEMO_PREFS = Path(str(DEMO / "demo.prefs.toml"))

# Pairs of connections who share a name: the first works at the owner's employer, the
# second does not and sends a pitch. Only the profile URL tells them apart; looked up by a
# set of keys, the pitch's sender was the colleague under some hash seeds (known, welcome)
# and a stranger under others.
NAMESAKES = ("Jordan Reyes", "Casey Lindgren", "Robin Okoro", "Avery Novak", "Morgan Tellez",
             "Riley Haugen", "Drew Castellano", "Parker Imai", "Sasha Brennan", "Noor Valente")
PITCH = ("Hi Sam, we help {n} logistics teams cut their cloud bill by 30% in a quarter with "
         "our cost platform. Worth a quick call next week?")


def _url(name: str, tag: str) -> str:
    return "https://www.linkedin.com/in/" + name.lower().replace(" ", "-") + "-" + tag


def _generated_export(target: Path) -> Path:
    export = generate_export(240, 60, 120, seed=5)
    owner = Person(export.profile.name, export.profile.profile_url)
    employer = export.profile.positions[0].company
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for n, name in enumerate(NAMESAKES):
        first, last = name.split()
        export.connections += [
            Connection(first, last, _url(name, "colleague"), company=employer,
                       position="Analyst", connected_on=date(2021, 5, 1)),
            Connection(first, last, _url(name, "seller"), company="Blue Works",
                       position="Account Executive", connected_on=date(2025, 1, 1)),
        ]
        export.messages.append(Message(
            f"2-namesake-{n}", Person(name, _url(name, "seller")), (owner,),
            start + timedelta(days=n), PITCH.format(n=(n + 2) * 10), Direction.INCOMING))
    return write_export(export, target / "generated.zip")


def _seedbed(seed: str, *args: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([SEEDBED, *args], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _judged(export: Path, store: Path, seed: str, prefs: Path | None) -> list[str]:
    """``seedbed import`` and ``seedbed triage --format jsonl`` on a fresh store."""
    _seedbed(seed, "import", str(export), "--db", str(store))
    again = [str(export), "--prefs", str(prefs)] if prefs else []
    out = _seedbed(seed, "triage", *again, "--format", "jsonl", "--db", str(store))
    return out.splitlines()


def _by_item(lines: list[str]) -> dict[str, dict[str, Any]]:
    # Floats kept as their JSON text: "0.4980" and "0.498" would be a change.
    rows = [json.loads(line, parse_float=str) for line in lines]
    return {row["item_id"]: row for row in rows}


def _vectors(store: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(store) as conn:
        return conn.execute("SELECT key, vector FROM embedding ORDER BY key").fetchall()


@dataclass(frozen=True)
class Run:
    store: Path
    lines: list[str]


def _runs(export: Path, folder: Path, prefs: Path | None = None) -> list[Run]:
    """One fresh store per seed, each imported and triaged by its own processes."""
    out = []
    for seed in SEEDS:
        store = folder / f"seed-{seed}.sqlite3"
        out.append(Run(store, _judged(export, store, seed, prefs)))
    return out


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    return _runs(DEMO_EXPORT, tmp_path_factory.mktemp("demo"), DEMO_PREFS)


@pytest.fixture(scope="module")
def generated_runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    folder = tmp_path_factory.mktemp("generated")
    return _runs(_generated_export(folder), folder)


@pytest.mark.parametrize("runs", ["demo_runs", "generated_runs"])
def test_triage_gives_the_same_lines_under_two_hash_seeds(
        runs: str, request: pytest.FixtureRequest) -> None:
    lines = [run.lines for run in request.getfixturevalue(runs)]
    first, second = (_by_item(one) for one in lines)
    assert first.keys() == second.keys()
    changed = {item: [field for field in ("verdict", "spam_probability", "campaign_id")
                      if first[item][field] != second[item][field]] for item in first}
    assert {item: fields for item, fields in changed.items() if fields} == {}
    # Everything else too (reasons, summaries, order): the same input, the same output.
    assert lines[0] == lines[1]
    assert any(row["campaign_id"] for row in first.values())


def test_two_runs_embed_the_same_texts_into_the_same_vectors(
        generated_runs: list[Run]) -> None:
    first, second = (_vectors(run.store) for run in generated_runs)
    assert first, "the strangers' items were embedded"
    assert [key for key, _ in first] == [key for key, _ in second]
    assert first == second


def test_a_namesake_of_a_colleague_stays_a_stranger(generated_runs: list[Run]) -> None:
    for run in generated_runs:
        rows = _by_item(run.lines).values()
        pitches = [r for r in rows if (r["sender"]["profile_url"] or "").endswith("-seller")]
        assert len(pitches) == len(NAMESAKES)
        assert {r["source"] for r in pitches} == {"model"}
        assert not [c for r in pitches for c in r["reasons"] if c["code"] == "rel:shared_employer"]


def test_verdicts_do_not_depend_on_which_items_are_judged_together(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = service.triage(DEMO_EXPORT, db=tmp_path / "whole.sqlite3", prefs_path=DEMO_PREFS)
    # Judged a few at a time, each batch of items embedded in its own calls.
    monkeypatch.setattr(triage_mod, "JUDGE_BATCH", 7)
    pieces = service.triage(DEMO_EXPORT, db=tmp_path / "pieces.sqlite3", prefs_path=DEMO_PREFS)
    assert [r.as_json() for r in whole.rows] == [r.as_json() for r in pieces.rows]
    assert any(r.verdict.source == "model" for r in whole.rows)
