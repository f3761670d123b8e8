"""Readers for the files that describe the owner: Profile, Positions, Skills, Jobs, ...

Owns: one function per profile-type CSV, each taking an open Table and filling the shared
Reading. Columns are looked up by header name. Must not import: archive (files arrive as
Tables), nor anything outside seedbed.model and sources.
"""

from __future__ import annotations

from collections.abc import Callable

from seedbed.model import (
    Certification,
    Education,
    JobSeekerPreferences,
    Position,
    Project,
    Publication,
    Volunteering,
)
from seedbed.sources.csvfile import Table
from seedbed.sources.reading import FileLog, Reading
from seedbed.sources.text import clean_line, clean_text

_YES = frozenset({"yes", "true", "y", "1"})


def read_profile(table: Table, reading: Reading, log: FileLog) -> None:
    """Profile.csv: one row with the owner's name, headline and summary."""
    table.known("Maiden Name", "Address", "Birth Date", "Contact Instructions", "Country",
                "Zip Code", "Twitter Handles", "Websites", "Instant Messengers")
    columns = {
        "first_name": table.index("First Name"),
        "last_name": table.index("Last Name"),
        "headline": table.index("Headline"),
        "summary": table.index("Summary"),
        "industry": table.index("Industry"),
        "location": table.index("Geo Location"),
    }
    for line, row in table.rows():
        if reading.profile.get("first_name") or reading.profile.get("last_name"):
            log.skip(line, "more than one profile row; the first is used")
            continue
        for key, position in columns.items():
            clean = clean_text if key == "summary" else clean_line
            value = clean(row[position])
            if value:
                reading.profile[key] = value
        log.rows += 1


def read_profile_summary(table: Table, reading: Reading, log: FileLog) -> None:
    """Profile Summary.csv: the About text, used when Profile.csv has none."""
    column = table.free_text("Profile Summary")
    for _line, row in table.rows():
        text = clean_text(row[column])
        if text:
            reading.profile.setdefault("summary", text)
            log.rows += 1


def read_positions(table: Table, reading: Reading, log: FileLog) -> None:
    company, title = table.index("Company Name"), table.index("Title")
    description, location = table.index("Description"), table.index("Location")
    started, finished = table.index("Started On"), table.index("Finished On")
    for line, row in table.rows():
        position = Position(
            company=clean_line(row[company]),
            title=clean_line(row[title]),
            description=clean_text(row[description]),
            location=clean_line(row[location]),
            started_on=log.month(line, "Started On", row[started]),
            finished_on=log.month(line, "Finished On", row[finished]),
        )
        if not (position.company or position.title):
            log.skip(line, "no company and no title")
            continue
        reading.positions.append(position)
        log.rows += 1


def read_education(table: Table, reading: Reading, log: FileLog) -> None:
    school, degree = table.index("School Name"), table.index("Degree Name")
    started, finished = table.index("Start Date"), table.index("End Date")
    notes, activities = table.index("Notes"), table.index("Activities", optional=True)
    for line, row in table.rows():
        name = clean_line(row[school])
        if not name:
            log.skip(line, "no school name")
            continue
        extra = "\n".join(t for t in (clean_text(row[notes]), clean_text(row[activities])) if t)
        reading.education.append(Education(
            school=name,
            degree=clean_line(row[degree]),
            started_on=log.month(line, "Start Date", row[started]),
            finished_on=log.month(line, "End Date", row[finished]),
            notes=extra,
        ))
        log.rows += 1


def _names(column_name: str, target: str, *known: str,
           ) -> Callable[[Table, Reading, FileLog], None]:
    """A reader for one-column lists (Skills, Languages, Honors, Company Follows, Learning)."""

    def read(table: Table, reading: Reading, log: FileLog) -> None:
        table.known(*known)
        column = table.index(column_name)
        values: list[str] = getattr(reading, target)
        for line, row in table.rows():
            value = clean_line(row[column])
            if not value:
                log.skip(line, f"empty {column_name}")
                continue
            values.append(value)
            log.rows += 1

    read.__doc__ = f"One {column_name} per row, into the profile's {target}."
    return read


read_skills = _names("Name", "skills")
read_languages = _names("Name", "languages", "Proficiency")
read_honors = _names("Title", "honors", "Description", "Issued On", "Issuer", "Issue Date")
read_company_follows = _names("Organization", "company_follows", "Followed On")
read_learning = _names(
    "Content Title", "learning", "Content Description", "Content Type",
    "Content Last Watched Date (if viewed)", "Content Completed At (if completed)",
    "Content Saved", "Notes taken on videos (if taken)")


def read_certifications(table: Table, reading: Reading, log: FileLog) -> None:
    table.known("Url", "Finished On", "License Number")
    name, authority = table.index("Name"), table.index("Authority")
    started = table.index("Started On")
    for line, row in table.rows():
        title = clean_line(row[name])
        if not title:
            log.skip(line, "no certification name")
            continue
        reading.certifications.append(Certification(
            title, clean_line(row[authority]), log.month(line, "Started On", row[started])))
        log.rows += 1


def read_projects(table: Table, reading: Reading, log: FileLog) -> None:
    table.known("Url", "Started On", "Finished On", "Start Date", "End Date")
    title, description = table.index("Title"), table.index("Description")
    for line, row in table.rows():
        name = clean_line(row[title])
        if not name:
            log.skip(line, "no project title")
            continue
        reading.projects.append(Project(name, clean_text(row[description])))
        log.rows += 1


def read_publications(table: Table, reading: Reading, log: FileLog) -> None:
    table.known("Published On", "Url")
    name, description = table.index("Name"), table.index("Description")
    publisher = table.index("Publisher")
    for line, row in table.rows():
        title = clean_line(row[name])
        if not title:
            log.skip(line, "no publication name")
            continue
        reading.publications.append(Publication(
            title, clean_text(row[description]), clean_line(row[publisher])))
        log.rows += 1


def read_volunteering(table: Table, reading: Reading, log: FileLog) -> None:
    table.known("Started On", "Finished On")
    organization, role = table.index("Company Name"), table.index("Role")
    cause, description = table.index("Cause"), table.index("Description")
    for line, row in table.rows():
        name = clean_line(row[organization])
        if not name:
            log.skip(line, "no organization")
            continue
        reading.volunteering.append(Volunteering(
            name, clean_line(row[role]), clean_line(row[cause]), clean_text(row[description])))
        log.rows += 1


def _split_list(value: str) -> tuple[str, ...]:
    # LinkedIn joins choices with " | "; a comma can sit inside one ("Berlin, Germany").
    return tuple(part for part in (clean_line(p) for p in value.split("|")) if part)


def read_job_seeker(table: Table, reading: Reading, log: FileLog) -> None:
    """Jobs/Job Seeker Preferences.csv: what roles and places the owner is looking for."""
    table.known(
        "Company Employee Count", "Dream Companies", "Profile Shared With Job Poster",
        "Job Title For Searching Fast Growing Companies", "Phone Number",
        "Job Seeker Activity Level", "Preferred Start Time Range",
        "Commute Preference Starting Address", "Commute Preference Starting Time",
        "Mode Of Transportation", "Maximum Commute Duration", "Open Candidate Visibility",
        "Job Seeking Urgency Level", "Semantic Preferences")
    titles, locations = table.index("Job Titles"), table.index("Locations")
    industries, job_types = table.index("Industries"), table.index("Preferred Job Types")
    recruiters = table.index("Open To Recruiters")
    introduction = table.index("Introduction Statement")
    for line, row in table.rows():
        if reading.job_seeker is not None:
            log.skip(line, "more than one preferences row; the first is used")
            continue
        reading.job_seeker = JobSeekerPreferences(
            job_titles=_split_list(row[titles]),
            locations=_split_list(row[locations]),
            industries=_split_list(row[industries]),
            job_types=_split_list(row[job_types]),
            open_to_recruiters=row[recruiters].strip().lower() in _YES,
            introduction=clean_text(row[introduction]),
        )
        log.rows += 1
