"""Connections, Invitations, Endorsements, Recommendations, Notes and the owner's URL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from seedbed.model import Direction, canonical_profile_url
from seedbed.sources.linkedin import read_export

ExportMaker = Callable[..., Path]

OWNER = "https://www.linkedin.com/in/ingrid-halvorsen-ssi"
OLGA = "https://www.linkedin.com/in/olga-petrenko-70da9e"
INVITATIONS_7 = b"From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"


def test_six_column_connections_without_urls(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
            b"Mark,Lenmar,,Parker Stewart,Director,17 Nov 2021\n")
    [connection] = read_export(make_export({"Connections.csv": data})).connections
    assert (connection.name, connection.profile_url, connection.connected_on) == (
        "Mark Lenmar", None, date(2021, 11, 17))


def test_seven_column_connections_with_urls(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Julia,Weber,https://www.linkedin.com/in/julia-weber-a54023,,EuroCell,"
            b"Specialist,10 Jun 2026\n")
    [connection] = read_export(make_export({"Connections.csv": data})).connections
    assert connection.profile_url == "https://www.linkedin.com/in/julia-weber-a54023"


def test_hidden_date_only_rows_are_kept_as_hidden(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Julia,Weber,https://www.linkedin.com/in/julia,,EuroCell,Specialist,10 Jun 2026\n"
            b",,,,,,09 Feb 2026\n")
    connections = read_export(make_export({"Connections.csv": data})).connections
    assert [(c.hidden, c.connected_on) for c in connections] == [
        (False, date(2026, 6, 10)), (True, date(2026, 2, 9))]


def test_trailing_spaces_and_missing_final_newline(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Eirik,Nilsen,https://www.linkedin.com/in/eirik,,Volta Nordic AS ,CTO ,08 Feb 2025")
    [connection] = read_export(make_export({"Connections.csv": data})).connections
    assert (connection.company, connection.position) == ("Volta Nordic AS", "CTO")


def test_percent_encoded_connection_url_is_canonical(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Zo\xc3\xab,Brandt,https://www.linkedin.com/in/zo%C3%AB-brandt/,,,,01 Jan 2025\n")
    [connection] = read_export(make_export({"Connections.csv": data})).connections
    assert connection.profile_url == "https://www.linkedin.com/in/zoë-brandt"


def test_invitations_with_profile_urls(make_export: ExportMaker) -> None:
    data = INVITATIONS_7 + (
        f'Olga Petrenko,Ingrid Halvorsen,"5/19/26, 12:11 PM","Dear Ingrid, hello.",INCOMING,'
        f"{OLGA},{OWNER}\n").encode()
    [invitation] = read_export(make_export({"Invitations.csv": data})).invitations
    assert invitation.direction is Direction.INCOMING
    assert (invitation.sender.profile_url, invitation.recipient.profile_url) == (OLGA, OWNER)
    assert invitation.text == "Dear Ingrid, hello."
    assert invitation.sent_at == datetime(2026, 5, 19, 12, 11, tzinfo=UTC)


def test_invitations_without_profile_urls(make_export: ExportMaker) -> None:
    data = (b"From,To,Sent At,Message,Direction\n"
            b'Ingrid Halvorsen,Ciaran,"11/16/21, 9:40 AM",,OUTGOING\n'
            b'Maria,Ingrid Halvorsen,"6/10/21, 1:47 PM",ciao,INCOMING\n')
    invitations = read_export(make_export({"Invitations.csv": data})).invitations
    assert [(i.direction, i.sender.name, i.sender.profile_url, i.text) for i in invitations] == [
        (Direction.OUTGOING, "Ingrid Halvorsen", None, ""),
        (Direction.INCOMING, "Maria", None, "ciao")]


def test_owner_url_comes_from_outgoing_inviter(make_export: ExportMaker) -> None:
    data = INVITATIONS_7 + (
        f'Ingrid Halvorsen,Olga Petrenko,"1/2/26, 9:00 AM",,OUTGOING,{OWNER},{OLGA}\n').encode()
    assert read_export(make_export({"Invitations.csv": data})).profile.profile_url == OWNER


def test_owner_url_comes_from_incoming_invitee(make_export: ExportMaker) -> None:
    data = INVITATIONS_7 + (
        f'Olga Petrenko,Ingrid Halvorsen,"1/2/26, 9:00 AM",,INCOMING,{OLGA},{OWNER}/\n').encode()
    assert read_export(make_export({"Invitations.csv": data})).profile.profile_url == OWNER


def test_endorsement_urls_without_scheme_are_canonical(make_export: ExportMaker) -> None:
    data = (b"Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,"
            b"Endorser Public Url,Endorsement Status\n"
            b"2023/06/20 13:05:02 UTC,XPS,Eirik,Berg,www.linkedin.com/in/eirik-berg,ACCEPTED\n")
    [endorsement] = read_export(
        make_export({"Endorsement_Received_Info.csv": data})).endorsements
    assert (endorsement.direction, endorsement.person.profile_url) == (
        Direction.INCOMING, "https://www.linkedin.com/in/eirik-berg")
    assert endorsement.endorsed_at == datetime(2023, 6, 20, 13, 5, 2, tzinfo=UTC)


def test_endorsements_given_are_outgoing(make_export: ExportMaker) -> None:
    data = (b"Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,"
            b"Endorsee Public Url,Endorsement Status\n"
            b"2023/06/20 13:05:02 UTC,PLD,Olga,Petrenko,www.linkedin.com/in/olga,ACCEPTED\n")
    [endorsement] = read_export(make_export({"Endorsement_Given_Info.csv": data})).endorsements
    assert (endorsement.direction, endorsement.person.name) == (
        Direction.OUTGOING, "Olga Petrenko")


def test_recommendations_keep_multiline_text_and_company(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
            b'Markus,Keller,RWTH,Professor,"Ingrid is excellent.\nHire her.",'
            b'"05/14/23, 10:22 AM",VISIBLE\n')
    [recommendation] = read_export(
        make_export({"Recommendations_Received.csv": data})).recommendations
    assert (recommendation.direction, recommendation.person.name,
            recommendation.person.company, recommendation.text) == (
        Direction.INCOMING, "Markus Keller", "RWTH", "Ingrid is excellent.\nHire her.")


def test_notes_are_read(make_export: ExportMaker) -> None:
    data = (b"Connection First Name,Connection Last Name,Connection Profile URL,Note,Created On,"
            b"Edited On\n"
            b"Olga,Petrenko,https://www.linkedin.com/in/olga,Met at E-MRS,"
            b"2026-01-02 10:00:00 UTC,\n")
    [note] = read_export(make_export({"Notes.csv": data})).notes
    assert (note.person.name, note.text) == ("Olga Petrenko", "Met at E-MRS")


@pytest.mark.parametrize("raw", ["https://exa[mple.com/in/x", "http://[::1/x", "https://x]/",
                                 "//[", "https://[v1.x"])
def test_text_no_url_parser_accepts_is_no_profile_url(raw: str) -> None:
    assert canonical_profile_url(raw) is None


def test_a_bracket_in_a_connection_url_host_leaves_the_url_out(make_export: ExportMaker) -> None:
    data = (b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            b"Eirik,Nilsen,https://exa[mple.com/in/eirik,,,,08 Feb 2025\n"
            b"Zoe,Brandt,https://www.linkedin.com[/in/zoe-b,,,,08 Feb 2025\n")
    connections = read_export(make_export({"Connections.csv": data})).connections
    assert [(c.first_name, c.profile_url) for c in connections] == [
        ("Eirik", None), ("Zoe", None)]
