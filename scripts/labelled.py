"""Labelled evidence for fitting and evaluating the judge, through the real pipeline.

- ``devset_evidence``: imports each development-set export (with its prefs file) into a
  throwaway store exactly as ``seedbed triage`` does, builds the inbound cases from the
  store, and joins them to the set's labels by (kind, sender, minute sent).
- ``corpus_evidence``: seedbed's own written corpus in ``training/`` (fictional strangers'
  outreach to fictional people), turned into cases directly.

Scripts only: the package never reads ../shared.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from seedbed import prefs as prefs_mod
from seedbed import service
from seedbed.judge.context import Case, Owner
from seedbed.judge.embedding import CachedEmbedder, Embedder
from seedbed.judge.features import Evidence, gather, owner_state
from seedbed.model import Article as ArticleT
from seedbed.model import (
    JobSeekerPreferences,
    Kind,
    Label,
    Person,
    Position,
    Preferences,
    Profile,
    canonical_profile_url,
)
from seedbed.sources.text import html_to_text, looks_like_html
from seedbed.store import open_engine, queries
from seedbed.store.vectors import SqliteVectorCache

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Labelled:
    group: str  # persona id: evaluation holds out whole groups
    case_id: str
    evidence: Evidence
    label: Label
    tags: tuple[str, ...] = ()
    source: str = ""  # "written" or "template:<owner/repo>": the source-held-out groups
    prefs: Preferences | None = None  # the owner's effective preferences


def _minute(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def devset_cases(devset: Path) -> dict[tuple[str, str, str, str], dict[str, object]]:
    out = {}
    for line in (devset / "cases.jsonl").open(encoding="utf-8"):
        c = json.loads(line)
        url = canonical_profile_url(c["sender"]["profile_url"]) or ""
        out[(c["persona"], c["kind"], url, c["sent_at"][:16])] = c
    return out


def devset_evidence(devset: Path, embedder: Embedder, work: Path) -> list[Labelled]:
    """Import every devset export into its own store under ``work``; label its evidence."""
    manifest = json.loads((devset / "exports" / "manifest.json").read_text())
    cases = devset_cases(devset)
    out: list[Labelled] = []
    for persona, entry in sorted(manifest.items()):
        export = devset / "exports" / entry["export"]
        prefs = devset / "exports" / entry["prefs"] if entry.get("prefs") else None
        db = work / f"{persona}.sqlite3"
        engine = open_engine(db)
        summary = service.import_exports(engine, service.read(export), str(export))
        with engine.begin() as conn:
            owner_row = queries.owners(conn, [summary.owners[0].owner_id])[0]
            if prefs is not None:
                queries.set_preferences(conn, owner_row.id, prefs_mod.load(prefs), str(prefs))
            owner_row = queries.owners(conn, [owner_row.id])[0]
            effective = prefs_mod.with_defaults(owner_row.preferences, owner_row.profile)
            owner = queries.owner_context(conn, owner_row, effective)
            pairs = queries.inbound_cases(conn, owner_row)
        cached = CachedEmbedder(embedder, SqliteVectorCache(engine))
        evidence = gather([c for _, c in pairs], owner_state(owner, cached), cached)
        for (item, _case), ev in zip(pairs, evidence, strict=True):
            key = (persona, item.kind.value, item.sender.profile_url or "", _minute(item.sent_at))
            case = cases.get(key)
            if case is None:
                print(f"warning: {persona} item {item.item_id} has no label", file=sys.stderr)
                continue
            out.append(Labelled(persona, str(case["id"]), ev, Label(str(case["label"])),
                                tuple(case.get("tags", [])),  # type: ignore[arg-type]
                                str(case.get("source") or "written"), effective))
        engine.dispose()
    return out


def corpus_evidence(corpus: Path, embedder: Embedder) -> list[Labelled]:
    """Evidence from seedbed's own written corpus (every sender a stranger)."""
    personas = {}
    for line in (corpus / "personas.jsonl").open(encoding="utf-8"):
        p = json.loads(line)
        first, _, last = p["name"].partition(" ")
        profile = Profile(
            first_name=first, last_name=last, headline=p.get("headline", ""),
            summary=p.get("summary", ""),
            positions=tuple(Position(x["company"], x["title"],
                                     finished_on=None if x.get("current", True) else
                                     datetime(2020, 1, 1).date())
                            for x in p.get("positions", [])),
            skills=tuple(p.get("skills", [])),
            job_seeker=JobSeekerPreferences(job_titles=tuple(p["job_titles"]),
                                            open_to_recruiters=True)
            if p.get("job_titles") else None,
        )
        prefs = prefs_mod.with_defaults(prefs_mod.parse(_toml(p), p["id"]), profile)
        articles = tuple(ArticleT(w[:80], w) for w in p.get("writing", []))
        personas[p["id"]] = Owner(profile, prefs, articles, ())
    grouped: dict[str, list[tuple[Case, Label]]] = {}
    for n, line in enumerate((corpus / "items.jsonl").open(encoding="utf-8")):
        item = json.loads(line)
        text, html = item["text"], None
        if looks_like_html(text):
            text, html = html_to_text(text), text
        case = Case(f"t{n:05d}", Kind(item["kind"]), Person(f"Sender {n}"), text, html=html)
        grouped.setdefault(item["persona"], []).append((case, Label(item["label"])))
    out: list[Labelled] = []
    for pid, items in grouped.items():
        owner = personas[pid]
        evidence = gather([c for c, _ in items], owner_state(owner, embedder), embedder)
        out += [Labelled("corpus:" + pid, c.item_id, ev, y, (), "written", owner.preferences)
                for (c, y), ev in zip(items, evidence, strict=True)]
    return out


def _toml(p: dict[str, object]) -> str:
    def arr(key: str) -> str:
        values = p.get(key) or []
        return "[" + ", ".join(json.dumps(v) for v in values) + "]"  # type: ignore[union-attr]

    return "\n".join([
        f"needs = {arr('needs')}", f"welcome_topics = {arr('welcome_topics')}",
        f"unwelcome_topics = {arr('unwelcome_topics')}",
        f"open_to_recruiters = {'true' if p.get('open_to_recruiters') else 'false'}",
    ])
