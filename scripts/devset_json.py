"""Development helper: build judge inputs straight from the devset's JSON (no import).

Used for quick feature experiments only; reported figures come from scripts/evaluate.py,
which runs the real import and triage on the devset's exports.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from seedbed import prefs as prefs_mod
from seedbed.judge.context import Case, Owner, SenderFacts, ThreadMessage
from seedbed.model import (
    Article,
    JobSeekerPreferences,
    Kind,
    Label,
    Person,
    Position,
    Post,
    Profile,
    canonical_profile_url,
)
from seedbed.sources.text import html_to_text, looks_like_html


def _dt(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def load(devset: Path) -> tuple[dict[str, Owner], list[tuple[str, Case, Label]]]:
    owners: dict[str, Owner] = {}
    for line in (devset / "personas.jsonl").open():
        p = json.loads(line)
        job = p.get("job_seeker")
        profile = Profile(
            first_name=p["first_name"], last_name=p["last_name"], headline=p["headline"],
            summary=p["summary"], industry=p.get("industry", ""), location=p.get("location", ""),
            profile_url=canonical_profile_url(p["profile_url"]),
            positions=tuple(Position(x["company"], x["title"], x.get("description", ""))
                            for x in p["positions"]),
            skills=tuple(p["skills"]),
            job_seeker=JobSeekerPreferences(job_titles=tuple(job.get("job_titles", [])),
                                            locations=tuple(job.get("locations", [])),
                                            open_to_recruiters=bool(job.get("open_to_recruiters")))
            if job else None,
        )
        prefs_file = devset / "exports" / f"{p['id']}.prefs.toml"
        prefs = prefs_mod.parse(prefs_file.read_text(), str(prefs_file))
        owners[p["id"]] = Owner(
            profile, prefs_mod.with_defaults(prefs, profile),
            tuple(Article(a["title"], a["body"]) for a in p.get("articles", [])),
            tuple(Post(x["text"]) for x in p.get("posts", [])),
        )
    cases = []
    for line in (devset / "cases.jsonl").open():
        c = json.loads(line)
        s = c["sender"]
        thread = tuple(ThreadMessage(m["from"] == "persona", m["text"], _dt(m["sent_at"]))
                       for m in c["history"])
        facts = SenderFacts(
            is_connection=c["is_connection"],
            connected_on=date.fromisoformat(c["connected_on"]) if c["connected_on"] else None,
            company=s.get("company", "") if c["is_connection"] else "",
        )
        text, html = c["text"], None
        if looks_like_html(text):
            text, html = html_to_text(text), text
        thread = tuple(ThreadMessage(m.from_owner, html_to_text(m.text)
                                     if looks_like_html(m.text) else m.text, m.sent_at)
                       for m in thread)
        case = Case(c["id"], Kind(c["kind"]),
                    Person(f"{s['first_name']} {s['last_name']}",
                           canonical_profile_url(s["profile_url"])),
                    text, _dt(c["sent_at"]), c.get("subject", ""), html, thread, facts)
        cases.append((c["persona"], case, Label(c["label"])))
    return owners, cases
