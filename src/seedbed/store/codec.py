"""JSON forms of the vocabulary objects the store keeps as documents (profile, preferences).

Owns: lossless round trips between dataclasses and JSON text.
Must not import: SQLAlchemy, seedbed.sources, seedbed.judge.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

from seedbed.model import (
    Certification,
    Education,
    JobSeekerPreferences,
    Position,
    Preferences,
    Profile,
    Project,
    Publication,
    Volunteering,
)

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def profile_to_json(profile: Profile) -> str:
    """Serialise a Profile (with a format version) to JSON text."""
    return json.dumps({"v": FORMAT_VERSION, "profile": _plain(profile)}, ensure_ascii=False)


def profile_from_json(text: str) -> Profile:
    """Rebuild the Profile written by ``profile_to_json``."""
    data = json.loads(text)["profile"]
    job = data.get("job_seeker")
    return Profile(
        first_name=data["first_name"],
        last_name=data["last_name"],
        headline=data.get("headline", ""),
        summary=data.get("summary", ""),
        industry=data.get("industry", ""),
        location=data.get("location", ""),
        profile_url=data.get("profile_url"),
        positions=tuple(
            Position(
                company=p["company"],
                title=p["title"],
                description=p.get("description", ""),
                location=p.get("location", ""),
                started_on=_date(p.get("started_on")),
                finished_on=_date(p.get("finished_on")),
            )
            for p in data.get("positions", [])
        ),
        education=tuple(
            Education(
                school=e["school"],
                degree=e.get("degree", ""),
                started_on=_date(e.get("started_on")),
                finished_on=_date(e.get("finished_on")),
                notes=e.get("notes", ""),
            )
            for e in data.get("education", [])
        ),
        skills=tuple(data.get("skills", [])),
        certifications=tuple(
            Certification(c["name"], c.get("authority", ""), _date(c.get("started_on")))
            for c in data.get("certifications", [])
        ),
        languages=tuple(data.get("languages", [])),
        projects=tuple(
            Project(p["title"], p.get("description", "")) for p in data.get("projects", [])
        ),
        publications=tuple(
            Publication(p["name"], p.get("description", ""), p.get("publisher", ""))
            for p in data.get("publications", [])
        ),
        honors=tuple(data.get("honors", [])),
        volunteering=tuple(
            Volunteering(v["organization"], v.get("role", ""), v.get("cause", ""),
                         v.get("description", ""))
            for v in data.get("volunteering", [])
        ),
        company_follows=tuple(data.get("company_follows", [])),
        learning=tuple(data.get("learning", [])),
        job_seeker=JobSeekerPreferences(
            job_titles=tuple(job.get("job_titles", [])),
            locations=tuple(job.get("locations", [])),
            industries=tuple(job.get("industries", [])),
            job_types=tuple(job.get("job_types", [])),
            open_to_recruiters=bool(job.get("open_to_recruiters", False)),
            introduction=job.get("introduction", ""),
        )
        if job
        else None,
    )


def preferences_to_json(prefs: Preferences) -> str:
    """Serialise Preferences to JSON text."""
    return json.dumps({"v": FORMAT_VERSION, "prefs": _plain(prefs)}, ensure_ascii=False)


def preferences_from_json(text: str) -> Preferences:
    """Rebuild the Preferences written by ``preferences_to_json``."""
    data = json.loads(text)["prefs"]
    return Preferences(
        needs=tuple(data.get("needs", [])),
        welcome_topics=tuple(data.get("welcome_topics", [])),
        unwelcome_topics=tuple(data.get("unwelcome_topics", [])),
        open_to_recruiters=bool(data.get("open_to_recruiters", False)),
        languages=tuple(data.get("languages", [])),
        allow=tuple(data.get("allow", [])),
        block=tuple(data.get("block", [])),
        inferred=tuple(data.get("inferred", [])),
    )
