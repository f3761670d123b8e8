"""Reading a whole LinkedIn export (zip or folder, Basic or Complete, 2018-2026) into an Export.

Owns: ``read_export``; matching member names to readers on a normalised stem (lowercase,
no spaces or underscores, no trailing ``_<digits>`` member-id or part suffix, any folder
depth), joining ``_1``/``_2`` parts, choosing one spelling when a file appears under two,
choosing one export when a folder holds two copies, the order files are read in (owner
identity first), the reading plan checked against the archive's limits before any file is
read, one FileReport per member, the refusal of a zip or folder without LinkedIn files, the
export's remarks (files every export has that are missing, an unknown owner, which copy was
read), and the final owner identity and Profile. Must not import: cli, store, judge, typer
or rich.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from seedbed.errors import NotAnExportError, printable_path
from seedbed.model import Export, FileReport, Profile
from seedbed.sources import activity, messages, network, profile_files
from seedbed.sources.archive import Archive, Member, open_archive
from seedbed.sources.csvfile import FALLBACK_ERRORS, open_table
from seedbed.sources.network import FileReader
from seedbed.sources.reading import FileLog, Reading

ProgressCallback = Callable[[str, int, int], None]

# Article HTML is a few kB; a bigger file is not an article LinkedIn wrote.
MAX_ARTICLE_BYTES = 16 * 1024**2

_PART_SUFFIX_RE = re.compile(r"_(\d+)$")
_STEM_NORM_RE = re.compile(r"[\s_]+")


@dataclass(frozen=True, slots=True)
class _Spec:
    read: FileReader
    keys: tuple[tuple[str, ...], ...]
    # Files are read in this order: the owner's name (Profile) and URL (Invitations) must be
    # known before messages are read, so that each message gets its direction at once.
    order: int = 5
    backslash_escapes: bool = False


_READERS: dict[str, _Spec] = {
    "profile": _Spec(profile_files.read_profile, (("First Name", "Last Name", "Headline"),), 0),
    "profilesummary": _Spec(profile_files.read_profile_summary, (("Profile Summary",),), 1),
    "invitations": _Spec(network.read_invitations,
                         (("From", "To", "Direction"), ("From", "To", "Sent At")), 2),
    "connections": _Spec(network.read_connections, (("First Name", "Connected On"),), 3),
    "messages": _Spec(messages.read_messages, (("From", "Date", "Content"),), 4),
    "positions": _Spec(profile_files.read_positions, (("Company Name", "Title"),)),
    "education": _Spec(profile_files.read_education, (("School Name",),)),
    "skills": _Spec(profile_files.read_skills, (("Name",),)),
    "certifications": _Spec(profile_files.read_certifications, (("Name", "Authority"),)),
    "languages": _Spec(profile_files.read_languages, (("Name",),)),
    "projects": _Spec(profile_files.read_projects, (("Title", "Description"),)),
    "publications": _Spec(profile_files.read_publications, (("Name", "Publisher"),)),
    "honors": _Spec(profile_files.read_honors, (("Title",),)),
    "volunteering": _Spec(profile_files.read_volunteering, (("Company Name", "Role"),)),
    "companyfollows": _Spec(profile_files.read_company_follows, (("Organization",),)),
    "learning": _Spec(profile_files.read_learning, (("Content Title",),)),
    "jobseekerpreferences": _Spec(profile_files.read_job_seeker,
                                  (("Job Titles",), ("Locations", "Open To Recruiters"))),
    "endorsementreceivedinfo": _Spec(network.read_endorsements_received,
                                     (("Skill Name", "Endorser First Name"),)),
    "endorsementgiveninfo": _Spec(network.read_endorsements_given,
                                  (("Skill Name", "Endorsee First Name"),)),
    "recommendationsreceived": _Spec(network.read_recommendations_received,
                                     (("First Name", "Text"),)),
    "recommendationsgiven": _Spec(network.read_recommendations_given,
                                  (("First Name", "Text"),)),
    "notes": _Spec(network.read_notes, (("Note",),)),
    "shares": _Spec(activity.read_shares, (("Date", "ShareCommentary"),)),
    "comments": _Spec(activity.read_comments, (("Date", "Message"),), backslash_escapes=True),
    "reactions": _Spec(activity.read_reactions, (("Date", "Type"),)),
}

# Files LinkedIn ships that seedbed does not need; they still prove a folder is an export.
_KNOWN_UNUSED = frozenset({
    "registration", "emailaddresses", "phonenumbers", "whatsappphonenumbers", "courses",
    "organizations", "testscores", "causesyoucareabout", "memberfollows", "hashtagfollows",
    "saveditems", "votes", "instantreposts", "richmedia", "savedjobalerts", "receipts",
    "receiptsv2", "contacts", "importedcontacts", "calendar", "adtargeting", "adsclicked",
    "lanadsengagement", "inferencesaboutyou", "searchqueries", "logins",
    "securitychallenges", "accountstatushistory", "reviews", "privateidentityasset",
    "jobapplicantsavedscreeningquestionresponses", "jobapplicantsavedanswers",
    "onlinejobpostings", "memberhashtags", "duolingo", "verifiedexternalcapability",
    "coachmessages", "guidemessages", "learningcoachmessages", "learningroleplaymessages",
    "jobapplications", "savedjobs", "verifications", "providers", "events",
})

_CSV_EXTENSIONS = frozenset({".csv", ".tsv", ".txt"})

# The folders LinkedIn puts inside an export. A LinkedIn file in any other folder belongs to
# the export rooted there: a folder may hold a partial copy beside a whole export.
_EXPORT_SUBFOLDERS = frozenset({"jobs", "articles", "verifications", "servicesmarketplace"})

# Files every LinkedIn export has, Basic or Complete, 2018 to 2026, and what is lost without
# each: the verdicts rest on them.
EVERY_EXPORT_HAS = {
    "profile": ("Profile.csv", "what your profile says (headline, summary) is not known"),
    "connections": ("Connections.csv", "nobody counts as your connection, so verdicts may"
                    " change once the whole export is imported"),
    "messages": ("messages.csv", "no message was imported"),
}

# How many file names a remark or refusal lists before "and N more".
NAMES_SHOWN = 3


@dataclass(slots=True)
class _Task:
    order: int
    member: Member
    spec: _Spec | None  # None: an article's HTML


def member_stem(name: str) -> tuple[str, str, int]:
    """(normalised stem, raw stem without part suffix, part number) of a member path."""
    stem = PurePosixPath(name).stem
    part = 0
    match = _PART_SUFFIX_RE.search(stem)
    if match is not None:
        part = int(match[1])
        stem = stem[: match.start()]
    return _STEM_NORM_RE.sub("", stem).lower(), stem, part


def read_export(path: Path, progress: ProgressCallback | None = None) -> Export:
    """Read a LinkedIn export (zip or unpacked folder) into one Export.

    ``progress(file_name, done_files, total_files)`` is called after each file; the
    Export's ``remarks`` say what could not be read or had to be guessed.
    Raises NotAnExportError when ``path`` holds no file seedbed reads with the columns
    LinkedIn writes there ("no LinkedIn export files found in X.zip"), UnsafeArchiveError
    for a corrupted or hostile zip, and InputError for a CSV that cannot be parsed.
    """
    with open_archive(path) as archive:
        if not any(_recognised(member) for member in archive.members):
            raise _no_export_files(path, [])
        copies, remarks = _other_copies(archive)
        tasks, reports = _plan(archive, copies)
        reading = Reading()
        total = len(archive.members)
        done = 0
        for report in reports.values():
            done += 1
            if progress is not None:
                progress(report.name, done, total)
        for task in sorted(tasks, key=lambda t: t.order):
            report = reports[task.member.name] = _read_task(archive, task, reading)
            done += 1
            if progress is not None:
                progress(report.name, done, total)
        ordered = [reports[m.name] for m in archive.members]
    if not any(report.used for report in ordered):
        raise _no_export_files(path, ordered)
    export = _build(reading, ordered, printable_path(str(path)))
    read = _files_read(tasks, reports)
    export.remarks = [*remarks, *_missing_files(read), *_owner_remarks(export, read),
                      *_zips_inside(archive.members)]
    return export


def _no_export_files(path: Path, reports: list[FileReport]) -> NotAnExportError:
    """The refusal of a zip or folder that holds nothing seedbed reads from an export."""
    where = printable_path(str(path))
    unreadable = [r.name for r in reports if not r.used and r.skipped]
    unused = [r.name for r in reports if not r.used and r.note == "not used"
              and _recognised(Member(r.name, 0))]
    message = f"no LinkedIn export files found in {where}"
    if unreadable:
        message += (f": {_names(unreadable)} {'does' if len(unreadable) == 1 else 'do'} not"
                    " have the columns of LinkedIn's file of that name")
    elif unused:
        message += f" that seedbed reads (it holds only {_names(unused)})"
    else:
        message += (": expected Profile.csv, Connections.csv, messages.csv, Invitations.csv"
                    " or another file of a LinkedIn data export")
    error = NotAnExportError(message)
    error.path = where
    return error


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    return shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


def _recognised(member: Member) -> bool:
    if PurePosixPath(member.name).suffix.lower() not in _CSV_EXTENSIONS:
        return False
    stem = member_stem(member.name)[0]
    return stem in _READERS or stem in _KNOWN_UNUSED


def _is_article(member: Member) -> bool:
    pure = PurePosixPath(member.name)
    return (pure.suffix.lower() in (".html", ".htm")
            and "articles" in {part.lower() for part in pure.parts[:-1]})


def export_root(name: str) -> str:
    """The folder of the export a member belongs to ("" for the top level): its own folder
    without the subfolders LinkedIn makes (``Jobs/``, ``Articles/Articles/``, ...)."""
    parts = list(PurePosixPath(name).parts[:-1])
    while parts and _STEM_NORM_RE.sub("", parts[-1]).lower() in _EXPORT_SUBFOLDERS:
        parts.pop()
    return "/".join(parts)


def _root_label(root: str) -> str:
    return f"{printable_path(root)}/" if root else "the files at its top level"


def _other_copies(archive: Archive) -> tuple[dict[str, str], list[str]]:
    """The members of other copies of the export (name -> note), and the remark saying so.

    LinkedIn files under two roots that share a file (two Connections.csv) are two copies of
    an export, or two exports: merging them mixes an old partial copy into a whole export
    without a word. The most complete root is read (most LinkedIn files, then most bytes,
    then the shallowest); the others are reported as not read. Roots that share no file
    are parts of one export and are all read.
    """
    stems: dict[str, set[str]] = {}
    sizes: Counter[str] = Counter()
    for member in archive.members:
        if _recognised(member):
            stem = member_stem(member.name)[0]
        elif _is_article(member):
            stem = "article:" + PurePosixPath(member.name).name
        else:
            continue
        root = export_root(member.name)
        stems.setdefault(root, set()).add(stem)
        sizes[root] += member.size
    roots = sorted(stems, key=lambda r: (-len(stems[r]), -sizes[r], r.count("/") + (r != ""),
                                         r))
    if len(roots) < 2 or not any(stems[a] & stems[b] for a in roots for b in roots if a < b):
        return {}, []
    chosen, others = roots[0], roots[1:]
    note = f"in another copy of the export; {_root_label(chosen)} was read instead"
    copies = {m.name: note for m in archive.members
              if export_root(m.name) in others and (_recognised(m) or _is_article(m))}
    kind = "folder" if archive.path.is_dir() else "zip"
    remark = (f"this {kind} holds {len(roots)} copies of a LinkedIn export; the most complete"
              f" was read: {_root_label(chosen)} ({len(stems[chosen])} files); not read: "
              + "; ".join(f"{_root_label(r)} ({len(stems[r])} files)" for r in others))
    return copies, [remark]


def _plan(archive: Archive, copies: dict[str, str],
          ) -> tuple[list[_Task], dict[str, FileReport]]:
    """Decide which reader reads each member; report the others (and ``copies``, members
    of another copy of the export) as not used.

    Raises UnsafeArchiveError, before anything is read, when what would be read exceeds the
    archive's limits (too many parts of one file, one file or the whole too large).
    """
    reports: dict[str, FileReport] = {}
    tasks: list[_Task] = []
    groups: dict[str, dict[tuple[str, str], list[tuple[int, Member]]]] = {}
    for member in archive.members:
        pure = PurePosixPath(member.name)
        suffix = pure.suffix.lower()
        if member.name in copies:
            reports[member.name] = FileReport(printable_path(member.name), used=False,
                                              note=copies[member.name])
            continue
        if _is_article(member):
            tasks.append(_Task(6, member, None))
            continue
        norm, raw, part = member_stem(member.name)
        if suffix not in _CSV_EXTENSIONS or norm not in _READERS:
            reports[member.name] = FileReport(printable_path(member.name), used=False,
                                              note="not used")
            continue
        variant = (str(pure.parent), raw)
        groups.setdefault(norm, {}).setdefault(variant, []).append((part, member))
    # What will be read, as logical files: each article alone (one too large to be an
    # article is skipped unread), each CSV with its parts.
    planned = [(t.member.name, [t.member]) for t in tasks if t.member.size <= MAX_ARTICLE_BYTES]
    for norm, variants in groups.items():
        # Two spellings of one file (2022 shipped "Endorsement Received Info.csv" in UTF-16
        # beside "Endorsement_Received_Info.csv"): read the shallowest, newest spelling only.
        chosen = min(variants, key=lambda v: (v[0].count("/") + (v[0] != "."),
                                              v[1].count(" "), v))
        chosen_parts = [member for _part, member in variants[chosen]]
        planned.append((_logical_name(chosen_parts, chosen[1]), chosen_parts))
        for variant, parts in variants.items():
            for _part, member in sorted(parts, key=lambda item: (item[0], item[1].name)):
                if variant == chosen:
                    tasks.append(_Task(_READERS[norm].order, member, _READERS[norm]))
                else:
                    first = sorted(variants[chosen], key=lambda item: item[0])[0][1].name
                    reports[member.name] = FileReport(
                        printable_path(member.name), used=False,
                        note=f"duplicate of {printable_path(first)}; not read")
    archive.check_plan(planned)
    return tasks, reports


def _files_read(tasks: list[_Task], reports: dict[str, FileReport]) -> dict[str, bool]:
    """For each normalised stem planned for a reader: whether a file of it could be read."""
    read: dict[str, bool] = {}
    for task in tasks:
        if task.spec is not None:
            norm = member_stem(task.member.name)[0]
            read[norm] = read.get(norm, False) or reports[task.member.name].used
    return read


def _missing_files(read: dict[str, bool]) -> list[str]:
    """Remarks on the files every export has that this one lacks, or could not read."""
    remarks = []
    for norm, (name, lost) in EVERY_EXPORT_HAS.items():
        if norm not in read:
            remarks.append(f"{name} is missing (every LinkedIn export has one): {lost}")
        elif not read[norm]:
            remarks.append(f"{name} could not be read: {lost}")
    return remarks


def _owner_remarks(export: Export, read: dict[str, bool]) -> list[str]:
    if export.profile.name or export.profile.profile_url:
        return []
    why = "Profile.csv names nobody" if read.get("profile") else "no Profile.csv"
    return [f"owner unknown: {why} and no name found (nor a profile URL); the export is"
            " kept as an owner of its own, named by its contents, never merged with another"
            " export's"]


def _zips_inside(members: list[Member]) -> list[str]:
    zips = [printable_path(m.name) for m in members if m.name.lower().endswith(".zip")]
    if not zips:
        return []
    return [f"{_names(zips)} inside {'was' if len(zips) == 1 else 'were'} not opened:"
            " import a zip by itself"]


def _logical_name(parts: list[Member], raw_stem: str) -> str:
    """How messages name a file: itself, or for parts ``messages_3.csv``: ``messages.csv``."""
    pure = PurePosixPath(parts[0].name)
    return pure.as_posix() if len(parts) == 1 else str(pure.with_name(raw_stem + pure.suffix))


def _read_task(archive: Archive, task: _Task, reading: Reading) -> FileReport:
    member, spec = task.member, task.spec
    # File names are not always UTF-8 (a folder written on another system): reports, the
    # store and messages get a printable form; the archive is still opened by the real name.
    name = printable_path(member.name)
    log = FileLog(name)
    if spec is None:
        if member.size > MAX_ARTICLE_BYTES:
            log.skip(1, f"article larger than {MAX_ARTICLE_BYTES // 1024**2} MiB")
            return log.report(used=False)
        markup = archive.read(member).decode("utf-8-sig", errors=FALLBACK_ERRORS)
        activity.read_article(markup, name, reading, log)
        return log.report()
    with open_table(archive, member, backslash_escapes=spec.backslash_escapes) as table:
        found = table.find_header(spec.keys)
        if found:
            spec.read(table, reading, log)
    log.notes.extend(table.notes)
    if not found:
        log.notes.append("skipped: " + table.problem)
        return FileReport(name, 0, False, [table.problem], "; ".join(log.notes))
    log.notes.extend(table.column_notes())
    return log.report()


def _build(reading: Reading, reports: list[FileReport], source: str) -> Export:
    owner_url = reading.settle_owner_url()
    if owner_url is None and reading.owner_url_votes:
        owner_url = reading.owner_url = reading.owner_url_votes.most_common(1)[0][0]
    first_name = reading.profile.get("first_name", "")
    last_name = reading.profile.get("last_name", "")
    if not (first_name or last_name) and reading.owner_name:
        first_name, _, last_name = reading.owner_name.partition(" ")
    if not (first_name or last_name or owner_url) and reading.messages:
        first_name, last_name, owner_url = _infer_owner(reading)
    profile = Profile(
        first_name=first_name,
        last_name=last_name,
        headline=reading.profile.get("headline", ""),
        summary=reading.profile.get("summary", ""),
        industry=reading.profile.get("industry", ""),
        location=reading.profile.get("location", ""),
        profile_url=owner_url,
        positions=tuple(reading.positions),
        education=tuple(reading.education),
        skills=tuple(reading.skills),
        certifications=tuple(reading.certifications),
        languages=tuple(reading.languages),
        projects=tuple(reading.projects),
        publications=tuple(reading.publications),
        honors=tuple(reading.honors),
        volunteering=tuple(reading.volunteering),
        company_follows=tuple(reading.company_follows),
        learning=tuple(reading.learning),
        job_seeker=reading.job_seeker,
    )
    return Export(
        profile=profile,
        connections=reading.connections,
        invitations=reading.invitations,
        messages=reading.messages,
        articles=reading.articles,
        posts=reading.posts,
        endorsements=reading.endorsements,
        recommendations=reading.recommendations,
        notes=reading.notes,
        reaction_count=reading.reaction_count,
        files=reports,
        source=source,
    )


def _infer_owner(reading: Reading) -> tuple[str, str, str | None]:
    """With no Profile.csv and no Invitations.csv, the owner is in every conversation."""
    seen: Counter[str] = Counter()
    names: dict[str, tuple[str, str | None]] = {}
    members: dict[str, set[str]] = {}
    for message in reading.messages:
        people = members.setdefault(message.conversation_id, set())
        for person in (message.sender, *message.recipients):
            people.add(person.key)
            names.setdefault(person.key, (person.name, person.profile_url))
    for people in members.values():
        seen.update(people)
    ranked = seen.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return "", "", None
    name, url = names[ranked[0][0]]
    reading.profile["first_name"], _, reading.profile["last_name"] = name.partition(" ")
    reading.owner_url_votes.clear()
    if url:
        reading.owner_url_votes[url] += 1
    reading.forget_owner()
    reading.settle_owner_url()
    reading.messages[:] = [
        dataclasses.replace(m, direction=reading.direction_from(m.sender))
        if m.direction is not reading.direction_from(m.sender) else m
        for m in reading.messages
    ]
    first, _, last = name.partition(" ")
    return first, last, url

