"""Readers for the files about other people: Connections, Invitations, Endorsements,
Recommendations and Notes.

Owns: one function per file, each taking an open Table and filling the shared Reading,
including the owner-identity evidence that Invitations carry. Must not import: archive,
nor anything outside seedbed.model and sources.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from seedbed.model import Connection, Direction, Endorsement, Invitation, Note, Recommendation
from seedbed.sources.csvfile import Table
from seedbed.sources.reading import FileLog, Reading, name_key
from seedbed.sources.text import clean_line, clean_text

FileReader = Callable[[Table, Reading, FileLog], None]


def read_connections(table: Table, reading: Reading, log: FileLog) -> None:
    """Connections.csv, 6 or 7 columns; date-only rows are hidden profiles, kept as such.

    Without the URL column (before mid-2023, or trimmed by the owner) people are known by
    name alone; the file's note says so, and how many rows share a name (the store keeps
    them apart, see store.importing).
    """
    first, last = table.index("First Name"), table.index("Last Name")
    url, email = table.index("URL"), table.index("Email Address")
    company, position = table.index("Company"), table.index("Position")
    connected = table.index("Connected On")
    append = reading.connections.append
    names: Counter[str] = Counter()
    for line, row in table.rows():
        first_name, last_name = clean_line(row[first]), clean_line(row[last])
        profile_url = reading.url(row[url])
        connected_on = log.day(line, "Connected On", row[connected])
        hidden = not (first_name or last_name or profile_url)
        if hidden and connected_on is None:
            log.skip(line, "no name, no URL and no date")
            continue
        append(Connection(
            first_name=first_name,
            last_name=last_name,
            profile_url=profile_url,
            email=clean_line(row[email]),
            company=clean_line(row[company]),
            position=clean_line(row[position]),
            connected_on=connected_on,
            hidden=hidden,
        ))
        log.rows += 1
        if not (hidden or profile_url):
            names[name_key(f"{first_name} {last_name}")] += 1
    if not table.has("URL"):
        shared = sum(n for n in names.values() if n > 1)
        log.notes.append("no URL column: people are matched by name" + (
            f"; {shared} rows share a name with another and are kept apart by the day"
            " they connected on" if shared else ""))


def read_invitations(table: Table, reading: Reading, log: FileLog) -> None:
    """Invitations.csv, with or without the inviter/invitee profile URL columns."""
    sender, recipient = table.index("From"), table.index("To")
    sent_at, text = table.index("Sent At"), table.index("Message")
    direction_column = table.index("Direction")
    inviter, invitee = table.index("inviterProfileUrl"), table.index("inviteeProfileUrl")
    owner_key = name_key(reading.owner_name)
    for line, row in table.rows():
        raw = row[direction_column].strip().upper()
        if raw in ("INCOMING", "OUTGOING"):
            direction = Direction(raw.lower())
        elif owner_key and name_key(row[sender]) == owner_key:
            direction = Direction.OUTGOING
        elif owner_key and name_key(row[recipient]) == owner_key:
            direction = Direction.INCOMING
        else:
            log.skip(line, "Direction is neither INCOMING nor OUTGOING")
            continue
        invitation = Invitation(
            direction=direction,
            sender=reading.person(row[sender], row[inviter]),
            recipient=reading.person(row[recipient], row[invitee]),
            sent_at=log.when(line, "Sent At", row[sent_at]),
            text=clean_text(row[text]),
        )
        owner = invitation.sender if direction is Direction.OUTGOING else invitation.recipient
        if owner.profile_url:
            reading.owner_url_votes[owner.profile_url] += 1
        if owner.name:
            reading.owner_name_votes[owner.name] += 1
        reading.invitations.append(invitation)
        log.rows += 1


def _endorsements(direction: Direction, side: str) -> FileReader:
    def read(table: Table, reading: Reading, log: FileLog) -> None:
        table.known("Endorsement Status", "Display Status")
        when, skill = table.index("Endorsement Date"), table.index("Skill Name")
        first = table.index(f"{side} First Name")
        last = table.index(f"{side} Last Name")
        url = table.index(f"{side} Public Url")
        for line, row in table.rows():
            skill_name = clean_line(row[skill])
            if not skill_name:
                log.skip(line, "no skill name")
                continue
            name = " ".join(p for p in (clean_line(row[first]), clean_line(row[last])) if p)
            reading.endorsements.append(Endorsement(
                direction=direction,
                skill=skill_name,
                person=reading.person(name, row[url]),
                endorsed_at=log.when(line, "Endorsement Date", row[when]),
            ))
            log.rows += 1

    read.__doc__ = f"Endorsement_{'Received' if side == 'Endorser' else 'Given'}_Info.csv."
    return read


def _recommendations(direction: Direction) -> FileReader:
    def read(table: Table, reading: Reading, log: FileLog) -> None:
        table.known("Status")
        first, last = table.index("First Name"), table.index("Last Name")
        company, job_title = table.index("Company"), table.index("Job Title")
        text, created = table.index("Text"), table.index("Creation Date")
        for line, row in table.rows():
            body = clean_text(row[text])
            name = " ".join(p for p in (clean_line(row[first]), clean_line(row[last])) if p)
            if not (body or name):
                log.skip(line, "no name and no text")
                continue
            reading.recommendations.append(Recommendation(
                direction=direction,
                person=reading.person(name, "", company=row[company]),
                text=body,
                job_title=clean_line(row[job_title]),
                created_at=log.when(line, "Creation Date", row[created]),
            ))
            log.rows += 1

    read.__doc__ = "Recommendations_Received.csv / Recommendations_Given.csv (no URLs)."
    return read


def read_notes(table: Table, reading: Reading, log: FileLog) -> None:
    """Notes.csv: the owner's private notes about connections."""
    first, last = table.index("Connection First Name"), table.index("Connection Last Name")
    url, note = table.index("Connection Profile URL"), table.index("Note")
    created = table.index("Created On")
    table.known("Edited On")
    for line, row in table.rows():
        text = clean_text(row[note])
        if not text:
            log.skip(line, "empty note")
            continue
        name = " ".join(p for p in (clean_line(row[first]), clean_line(row[last])) if p)
        reading.notes.append(Note(reading.person(name, row[url]), text,
                                  log.when(line, "Created On", row[created])))
        log.rows += 1

read_endorsements_received = _endorsements(Direction.INCOMING, "Endorser")
read_endorsements_given = _endorsements(Direction.OUTGOING, "Endorsee")
read_recommendations_received = _recommendations(Direction.INCOMING)
read_recommendations_given = _recommendations(Direction.OUTGOING)
