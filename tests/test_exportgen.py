"""Tests of the export writer in tests/exportgen.py: the files it writes look like LinkedIn's.

Expected headers and formats are written out here from the format reference, not taken from
exportgen, so a wrong constant there fails here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from seedbed.model import (
    Article,
    Connection,
    Direction,
    Endorsement,
    Export,
    Invitation,
    Message,
    Note,
    Person,
    Post,
    Recommendation,
)
from tests.exportgen import generate_export, generated_owner, write_export

OWNER = Person("Sam Okonkwo", "https://www.linkedin.com/in/sam-okonkwo-data")
ZOE = Person("Zoë Brandt", "https://www.linkedin.com/in/zoë-brandt")
RAVI = Person("Ravi Shah, MBA", "https://www.linkedin.com/in/ravi-shah")
MEMBER = Person("LinkedIn Member")
T0 = datetime(2026, 3, 1, 9, 5, 7, tzinfo=UTC)

MESSAGES_HEADERS = {
    "2018": "From,To,Date,Subject,Content,Direction,Folder",
    "2022": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,"
            "CONTENT,FOLDER",
    "2024": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,"
            "RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER",
    "2026": '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
            '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS"',
}
CONNECTIONS_OLD = "First Name,Last Name,Email Address,Company,Position,Connected On"
CONNECTIONS_NEW = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
INVITATIONS_OLD = "From,To,Sent At,Message,Direction"
INVITATIONS_NEW = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"


def sample_export() -> Export:
    """A small export with one of each awkward thing."""
    later = T0.replace(hour=10)
    messages = [
        Message("2-conv-a", ZOE, (OWNER,), T0, "Hi Sam,\n\nQuick question about dbt.",
                Direction.INCOMING),
        Message("2-conv-a", OWNER, (ZOE,), later, "Sure, ask away.", Direction.OUTGOING),
        Message("2-conv-b", MEMBER, (OWNER,), T0.replace(day=2), "Crypto 🚀", Direction.INCOMING),
        Message("2-conv-c", RAVI, (OWNER,), T0.replace(day=3), "Hi Sam, a role & more",
                Direction.INCOMING, subject="A role", html="<p>Hi Sam,</p><p>a role &amp; "
                "more</p>", conversation_title="A role"),
    ]
    return Export(
        profile=generated_owner(),
        connections=[
            Connection("Zoë", "Brandt", ZOE.profile_url, "", "Acme", "Engineer",
                       date(2024, 4, 4)),
            Connection("", "", connected_on=date(2022, 4, 4), hidden=True),
            Connection("Ravi", "Shah, MBA", RAVI.profile_url, "", "Talent Co", "Recruiter",
                       date(2025, 1, 2)),
        ],
        invitations=[
            Invitation(Direction.INCOMING, RAVI, OWNER, T0, "Let's connect, I have a role"),
            Invitation(Direction.OUTGOING, OWNER, ZOE, T0.replace(hour=14), ""),
        ],
        messages=messages,
        articles=[Article("Late data", "Para one.\n\nPara two.",
                          published_at=datetime(2025, 6, 3, 9, 30, tzinfo=UTC))],
        posts=[Post("Line one\nline two", datetime(2025, 4, 2, 8, 0, tzinfo=UTC)),
               Post('He said "ship it", so we did.', datetime(2025, 4, 3, 9, 0, tzinfo=UTC),
                    is_comment=True)],
        endorsements=[Endorsement(Direction.INCOMING, "dbt", ZOE,
                                  datetime(2025, 5, 1, 12, 0, 3, tzinfo=UTC))],
        recommendations=[Recommendation(Direction.INCOMING, ZOE, "Great.", "Engineer",
                                        datetime(2024, 5, 4, 9, 2, tzinfo=UTC))],
        notes=[Note(ZOE, "Met at the meetup", T0)],
        reaction_count=3,
    )


def unzip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def written(tmp_path: Path, era: str, **kwargs: object) -> dict[str, bytes]:
    return unzip(write_export(sample_export(), tmp_path, era, **kwargs))  # type: ignore[arg-type]


def rows(data: bytes, escapechar: str | None = None) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""),
                           escapechar=escapechar))


def by_stem(files: dict[str, bytes], stem: str) -> bytes:
    """The one file whose name is ``stem`` with an optional ``_<digits>`` suffix."""
    found = [d for n, d in files.items() if re.fullmatch(rf"{stem}(_\d+)?\.csv", n)]
    assert len(found) == 1, f"{stem}: {sorted(files)}"
    return found[0]


@pytest.mark.parametrize("era", ["2018", "2022", "2024", "2026"])
def test_messages_file_has_the_eras_exact_header(tmp_path: Path, era: str) -> None:
    files = written(tmp_path, era)
    name = "Messages.csv" if era == "2018" else "messages.csv"
    assert files[name].decode().split("\n", 1)[0] == MESSAGES_HEADERS[era]


@pytest.mark.parametrize(("era", "quirk", "tail"), [
    ("2024", "messages_12col", "FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT"),
    ("2026", "messages_13col", '"FOLDER","ATTACHMENTS","IS MESSAGE DRAFT","IS CONVERSATION DRAFT"'),
])
def test_message_header_variants_add_draft_columns(tmp_path: Path, era: str, quirk: str,
                                                   tail: str) -> None:
    files = written(tmp_path, era, quirks=frozenset({quirk}))
    header = files["messages.csv"].decode().split("\n", 1)[0]
    assert header.endswith(tail)
    assert len(next(csv.reader([header]))) == (12 if era == "2024" else 13)


def test_draft_rows_quirk_adds_one_row_flagged_as_draft(tmp_path: Path) -> None:
    files = written(tmp_path, "2026", quirks=frozenset({"messages_13col", "draft_rows"}))
    table = rows(files["messages.csv"])
    drafts = [r for r in table[1:] if r[table[0].index("IS MESSAGE DRAFT")] == "Yes"]
    assert len(table) - 1 == len(sample_export().messages) + 1
    assert len(drafts) == 1


def test_2026_messages_quote_every_field_and_keep_line_breaks(tmp_path: Path) -> None:
    text = written(tmp_path, "2026")["messages.csv"].decode()
    assert '"Hi Sam,\n\nQuick question about dbt."' in text
    for row in rows(text.encode()):
        quoted = ",".join('"' + v.replace('"', '""') + '"' for v in row)
        assert quoted in text


@pytest.mark.parametrize("era", ["2018", "2022", "2024"])
def test_pre_2026_messages_have_no_raw_newlines_in_content(tmp_path: Path, era: str) -> None:
    files = written(tmp_path, era)
    table = rows(files["Messages.csv" if era == "2018" else "messages.csv"])
    content = table[0].index("Content" if era == "2018" else "CONTENT")
    assert all("\n" not in r[content] for r in table[1:])
    assert any("Hi Sam,  Quick question" in r[content] for r in table[1:])


def test_crlf_content_quirk_writes_crlf_inside_content(tmp_path: Path) -> None:
    text = written(tmp_path, "2026", quirks=frozenset({"crlf_content"}))["messages.csv"]
    assert b"Hi Sam,\r\n\r\nQuick question" in text


def test_messages_are_grouped_by_conversation_newest_first(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026")["messages.csv"])
    ids = [r[0] for r in table[1:]]
    # each conversation's rows are contiguous
    assert ids == sorted(ids, key=ids.index)
    in_a = [r[6] for r in table[1:] if r[0] == "2-conv-a"]
    assert in_a == sorted(in_a, reverse=True)


def test_message_dates_are_iso_with_utc_suffix(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026")["messages.csv"])
    dates = [r[table[0].index("DATE")] for r in table[1:]]
    assert "2026-03-01 09:05:07 UTC" in dates
    for value in dates:
        datetime.strptime(value, "%Y-%m-%d %H:%M:%S UTC")


def test_2018_message_dates_are_unpadded_month_day_year(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2018")["Messages.csv"])
    assert "3/1/26, 9:05 AM" in [r[2] for r in table[1:]]


def test_linkedin_member_sender_has_no_url(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2024")["messages.csv"])
    member = [r for r in table[1:] if r[2] == "LinkedIn Member"]
    assert member and member[0][3] == ""


def test_html_body_is_written_raw_when_set(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026")["messages.csv"])
    content = [r[8] for r in table[1:] if r[0] == "2-conv-c"]
    assert content == ["<p>Hi Sam,</p><p>a role &amp; more</p>"]


def test_non_ascii_slugs_are_percent_encoded(tmp_path: Path) -> None:
    text = written(tmp_path, "2026")["Connections.csv"].decode()
    assert "https://www.linkedin.com/in/zo%C3%AB-brandt" in text


def test_recipient_urls_can_be_joined_with_semicolons(tmp_path: Path) -> None:
    export = sample_export()
    export.messages.append(Message("2-conv-d", OWNER, (ZOE, RAVI), T0, "Hello both",
                                   Direction.OUTGOING))
    files = unzip(write_export(export, tmp_path, "2024",
                               quirks=frozenset({"semicolon_recipients"})))
    table = rows(files["messages.csv"])
    row = next(r for r in table[1:] if r[0] == "2-conv-d")
    assert row[4] == "Zoë Brandt, Ravi Shah, MBA"
    assert row[5] == ("https://www.linkedin.com/in/zo%C3%AB-brandt;"
                      "https://www.linkedin.com/in/ravi-shah")


@pytest.mark.parametrize(("era", "header", "preamble"), [
    ("2018", CONNECTIONS_OLD, False),
    ("2022", CONNECTIONS_OLD, True),
    ("2024", CONNECTIONS_NEW, True),
    ("2026", CONNECTIONS_NEW, True),
])
def test_connections_header_and_preamble_follow_the_era(tmp_path: Path, era: str, header: str,
                                                        preamble: bool) -> None:
    lines = written(tmp_path, era)["Connections.csv"].decode().split("\n")
    if preamble:
        assert lines[0] == "Notes:"
        assert len(lines[1].encode()) == 366
        assert lines[2] == ""
        assert lines[3] == header
    else:
        assert lines[0] == header


def test_no_preamble_quirk_drops_the_notes_lines(tmp_path: Path) -> None:
    lines = written(tmp_path, "2026", quirks=frozenset({"no_preamble"}))["Connections.csv"]
    assert lines.decode().split("\n")[0] == CONNECTIONS_NEW


def test_connections_end_without_newline(tmp_path: Path) -> None:
    assert not written(tmp_path, "2026")["Connections.csv"].endswith(b"\n")


def test_hidden_connections_are_date_only_rows(tmp_path: Path) -> None:
    text = written(tmp_path, "2026")["Connections.csv"].decode()
    assert "\n,,,,,,04 Apr 2022" in text


def test_connections_are_newest_first_with_day_month_year_dates(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2024")["Connections.csv"])[4:]
    days = [datetime.strptime(r[-1], "%d %b %Y") for r in table]
    assert [r[-1] for r in table] == ["02 Jan 2025", "04 Apr 2024", "04 Apr 2022"]
    assert days == sorted(days, reverse=True)


def test_2018_connections_have_month_day_year_time(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2018")["Connections.csv"])
    for row in table[1:]:
        assert re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d, \d{1,2}:\d\d [AP]M", row[-1])


@pytest.mark.parametrize(("era", "header"), [
    ("2018", INVITATIONS_OLD), ("2022", INVITATIONS_OLD),
    ("2024", INVITATIONS_NEW), ("2026", INVITATIONS_NEW),
])
def test_invitations_header_follows_the_era(tmp_path: Path, era: str, header: str) -> None:
    assert written(tmp_path, era)["Invitations.csv"].decode().split("\n")[0] == header


def test_invitation_dates_are_unpadded_and_quoted(tmp_path: Path) -> None:
    text = written(tmp_path, "2026")["Invitations.csv"].decode()
    assert '"3/1/26, 9:05 AM"' in text
    assert '"3/1/26, 2:05 PM"' in text


def test_invitations_carry_both_profile_urls(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026")["Invitations.csv"])
    outgoing = next(r for r in table[1:] if r[4] == "OUTGOING")
    assert outgoing[5:] == ["https://www.linkedin.com/in/sam-okonkwo-data",
                            "https://www.linkedin.com/in/zo%C3%AB-brandt"]


def test_2018_shares_are_utf16le_with_bom_tab_separated_fully_quoted(tmp_path: Path) -> None:
    data = written(tmp_path, "2018")["Shares.csv"]
    assert data[:2] == b"\xff\xfe"
    text = data[2:].decode("utf-16-le")
    first = text.split("\n", 1)[0]
    assert first.split("\t")[0] == '"Date"'
    assert all(cell.startswith('"') and cell.endswith('"') for cell in first.split("\t"))
    table = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    assert "Line one\nline two" in table[1]


@pytest.mark.parametrize("era", ["2022", "2024"])
def test_activity_files_use_crlf_in_2022_and_2024(tmp_path: Path, era: str) -> None:
    files = written(tmp_path, era)
    for stem in ("Shares", "Comments", "Reactions"):
        assert by_stem(files, stem).split(b"\n", 1)[0].endswith(b"\r")


def test_2026_activity_files_use_lf_and_a_member_id_suffix(tmp_path: Path) -> None:
    files = written(tmp_path, "2026")
    names = [n for n in files if re.fullmatch(r"(Shares|Comments|Reactions)_\d+\.csv", n)]
    assert len(names) == 3
    assert all(b"\r" not in files[n].split(b"\n", 1)[0] for n in names)


@pytest.mark.parametrize("era", ["2022", "2024", "2026"])
def test_comments_escape_quotes_with_backslash(tmp_path: Path, era: str) -> None:
    data = by_stem(written(tmp_path, era), "Comments")
    assert b'\\"ship it\\"' in data
    table = rows(data, escapechar="\\")
    assert table[1][2] == 'He said "ship it", so we did.'


def test_share_dates_are_naive_iso(tmp_path: Path) -> None:
    table = rows(by_stem(written(tmp_path, "2026"), "Shares"))
    assert table[0] == ["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl",
                        "Visibility"]
    assert table[1][0] == "2025-04-02 08:00:00"


def test_reactions_have_one_row_per_reaction(tmp_path: Path) -> None:
    table = rows(by_stem(written(tmp_path, "2026"), "Reactions"))
    assert table[0] == ["Date", "Type", "Link"]
    assert len(table) - 1 == 3


@pytest.mark.parametrize(("era", "with_url"), [("2022", False), ("2024", True), ("2026", True)])
def test_endorsements_gain_a_public_url_column_in_2024(tmp_path: Path, era: str,
                                                       with_url: bool) -> None:
    table = rows(written(tmp_path, era)["Endorsement_Received_Info.csv"])
    expected = ["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name"]
    expected += ["Endorser Public Url"] if with_url else []
    assert table[0] == [*expected, "Endorsement Status"]
    assert table[1][0] == "2025/05/01 12:00:03 UTC"
    if with_url:
        assert table[1][4] == "www.linkedin.com/in/zo%C3%AB-brandt"


def test_2022_also_ships_the_utf16_endorsement_copy(tmp_path: Path) -> None:
    data = written(tmp_path, "2022")["Endorsement Received Info.csv"]
    assert data[:2] == b"\xff\xfe"
    assert '"Display Status"' in data[2:].decode("utf-16-le").split("\n")[0]


def test_profile_section_dates_use_their_own_formats(tmp_path: Path) -> None:
    files = written(tmp_path, "2026")
    positions = rows(files["Positions.csv"])
    assert positions[0] == ["Company Name", "Title", "Description", "Location", "Started On",
                            "Finished On"]
    assert [r[4:] for r in positions[1:]] == [["Mar 2022", ""], ["2017", "Feb 2022"]]
    follows = rows(files["Company Follows.csv"])
    for row in follows[1:]:
        datetime.strptime(row[1], "%a %b %d %H:%M:%S UTC %Y")
    assert not files["Company Follows.csv"].endswith(b"\n")
    recommendation = rows(files["Recommendations_Received.csv"])
    assert recommendation[1][5] == "05/04/24, 09:02 AM"


def test_profile_csv_has_the_modern_header(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026")["Profile.csv"])
    assert table[0] == ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date",
                        "Headline", "Summary", "Industry", "Zip Code", "Geo Location",
                        "Twitter Handles", "Websites", "Instant Messengers"]
    assert table[1][0] == "Sam"


def test_learning_header_ends_with_a_trailing_comma(tmp_path: Path) -> None:
    text = written(tmp_path, "2026")["Learning.csv"].decode()
    assert text.split("\n")[0].endswith("Notes taken on videos (if taken),")


def test_2026_article_has_created_and_published_lines(tmp_path: Path) -> None:
    files = written(tmp_path, "2026")
    pages = [n for n in files if n.startswith("Articles/Articles/") and n.endswith(".html")]
    assert len(pages) == 1
    page = files[pages[0]].decode()
    assert '<h1><a href="https://www.linkedin.com/pulse/late-data">Late data</a></h1>' in page
    assert '<p class="created">Created on 2025-06-03 09:27</p>' in page
    assert '<p class="published">Published on 2025-06-03 09:30</p>' in page


def test_2018_articles_are_named_by_date(tmp_path: Path) -> None:
    assert "Articles/2025-06-03 09:27:00.html" in written(tmp_path, "2018")


def test_2026_notes_file_uses_utc_dates(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026")["Notes.csv"])
    assert table[0][:4] == ["Connection First Name", "Connection Last Name",
                            "Connection Profile URL", "Note"]
    assert table[1][4] == "2026-03-01 09:05:07 UTC"


def test_unused_files_are_included(tmp_path: Path) -> None:
    files = written(tmp_path, "2026")
    assert "Logins.csv" in files
    header = rows(files["Ad_Targeting.csv"])[0]
    assert header.count("Company Names") == 3
    assert header.count("Job Titles") == 3


def test_2018_unused_files_are_utf16(tmp_path: Path) -> None:
    files = written(tmp_path, "2018")
    assert files["Logins.csv"][:2] == b"\xff\xfe"
    assert files["Ad Targeting.csv"][:2] == b"\xff\xfe"


def test_zip_is_named_like_linkedins(tmp_path: Path) -> None:
    path = write_export(sample_export(), tmp_path, "2026", exported_on=date(2026, 11, 20))
    assert path.name == "Basic_LinkedInDataExport_11-20-2026.zip"
    assert zipfile.is_zipfile(path)
    complete = write_export(sample_export(), tmp_path, "2018", exported_on=date(2018, 11, 4))
    assert complete.name == "Complete_LinkedInDataExport_11-04-2018.zip"


def test_zip_bytes_are_deterministic(tmp_path: Path) -> None:
    first = write_export(sample_export(), tmp_path / "a", "2026").read_bytes()
    second = write_export(sample_export(), tmp_path / "b", "2026").read_bytes()
    assert first == second


def test_export_can_be_written_as_a_folder(tmp_path: Path) -> None:
    folder = write_export(sample_export(), tmp_path, "2026", as_zip=False)
    assert folder.is_dir()
    assert (folder / "messages.csv").is_file()
    assert (folder / "Articles" / "Articles").is_dir()


def test_unknown_era_and_quirk_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="era"):
        write_export(sample_export(), tmp_path, "2019")
    with pytest.raises(ValueError, match="quirk"):
        write_export(sample_export(), tmp_path, "2026", quirks=frozenset({"nope"}))


def test_bare_in_url_quirk_writes_urls_without_a_slug_in_invitations(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2024", quirks=frozenset({"bare_in_url"}))["Invitations.csv"])
    assert table[0][-2:] == ["inviterProfileUrl", "inviteeProfileUrl"]
    assert {cell for row in table[1:] for cell in row[-2:]} == {"https://www.linkedin.com/in"}


def test_connections_without_url_quirk_writes_the_six_column_header(tmp_path: Path) -> None:
    files = written(tmp_path, "2026", quirks=frozenset({"connections_without_url"}))
    data = files["Connections.csv"].decode()
    assert CONNECTIONS_OLD + "\n" in data and "linkedin.com/in/" not in data


def test_no_profile_quirk_leaves_out_the_profile_files(tmp_path: Path) -> None:
    files = written(tmp_path, "2022", quirks=frozenset({"no_profile"}))
    assert "Profile.csv" not in files and "Profile Summary.csv" not in files
    assert "Positions.csv" in files


def test_missing_files_are_left_out_and_unknown_names_refused(tmp_path: Path) -> None:
    files = written(tmp_path / "a", "2018", missing=("connections.csv", "Messages.csv"))
    assert "Connections.csv" not in files and "Messages.csv" not in files
    assert "Invitations.csv" in files
    with pytest.raises(ValueError, match=r"Nope\.csv"):
        written(tmp_path / "b", "2026", missing=("Nope.csv",))


@pytest.mark.parametrize("as_zip", [True, False])
def test_nested_writes_the_export_one_folder_down_beside_a_partial_older_copy(
        tmp_path: Path, as_zip: bool) -> None:
    path = write_export(sample_export(), tmp_path, "2026", nested=True, as_zip=as_zip)
    inner = path.stem if as_zip else path.name
    if as_zip:
        files = unzip(path)
    else:
        files = {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*")
                 if p.is_file()}
    top = sorted(name for name in files if "/" not in name)
    assert top == ["Connections.csv", "messages.csv"]
    assert f"{inner}/Profile.csv" in files and f"{inner}/Connections.csv" in files
    whole, partial = rows(files[f"{inner}/messages.csv"]), rows(files["messages.csv"])
    assert 1 < len(partial) < len(whole)  # the older half of the conversations
    assert files[f"{inner}/Connections.csv"] != files["Connections.csv"]


def test_generate_export_has_exactly_the_requested_sizes() -> None:
    export = generate_export(500, 40, 120, seed=3)
    assert (len(export.messages), len(export.invitations), len(export.connections)) == (
        500, 40, 120)


def test_generate_export_is_deterministic_per_seed() -> None:
    def texts(seed: int) -> list[str]:
        return [m.text for m in generate_export(200, 5, 5, seed=seed).messages]
    assert texts(1) == texts(1)
    assert texts(1) != texts(2)


def test_generated_conversations_hold_one_to_six_messages() -> None:
    sizes: dict[str, int] = {}
    for message in generate_export(3000, 0, 0, seed=5).messages:
        sizes[message.conversation_id] = sizes.get(message.conversation_id, 0) + 1
    assert min(sizes.values()) >= 1
    assert max(sizes.values()) == 6
    assert all(re.fullmatch(r"2-[A-Za-z0-9+/]{54}==", c) for c in sizes)


def test_generated_owner_messages_are_outgoing_and_sent_by_the_owner() -> None:
    export = generate_export(2000, 0, 0, seed=7)
    owner_url = export.profile.profile_url
    for message in export.messages:
        assert (message.sender.profile_url == owner_url) == (
            message.direction is Direction.OUTGOING)
    assert {m.direction for m in export.messages} == {Direction.INCOMING, Direction.OUTGOING}


def test_generated_inbox_is_varied() -> None:
    export = generate_export(5000, 200, 500, seed=11)
    texts = [m.text for m in export.messages]
    assert any(m.html for m in export.messages)
    assert any(m.sender.name == "LinkedIn Member" and m.sender.profile_url is None
               for m in export.messages)
    assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts)
    assert any(re.search(r"[\U0001F300-\U0001FAFF]", t) for t in texts)
    assert any(re.search(r"[éüøç]", m.sender.name) for m in export.messages)
    mojibake = sum("Ã" in t or "â€" in t for t in texts) / len(texts)
    assert 0.002 < mojibake < 0.03
    assert any(c.hidden for c in export.connections)
    assert any(i.text == "" for i in export.invitations)
    assert any(i.text for i in export.invitations)


def test_generated_times_fall_in_2025_and_2026() -> None:
    export = generate_export(3000, 100, 0, seed=13)
    moments = [m.sent_at for m in export.messages] + [i.sent_at for i in export.invitations]
    assert all(m is not None and datetime(2025, 1, 1, tzinfo=UTC) <= m
               <= datetime(2026, 11, 15, tzinfo=UTC) for m in moments)


# ----------------------------------------------------------------------------- round trip
# These read the files back with seedbed's own reader; the tests above do not depend on it.

DEMO_DIR = Path(__file__).resolve().parents[1] / "src" / "seedbed" / "data" / "demo"
MOJIBAKE = ("Ã", "â€")


def _minute(moment: datetime | None) -> datetime | None:
    return moment.replace(second=0, microsecond=0) if moment else None


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def generated() -> Export:
    return generate_export(600, 50, 120, seed=21)


@pytest.mark.parametrize("era", ["2018", "2022", "2024", "2026"])
def test_round_trip_keeps_counts(tmp_path: Path, generated: Export, era: str) -> None:
    from seedbed.sources import read_export

    back = read_export(write_export(generated, tmp_path, era))
    assert len(back.messages) == len(generated.messages)
    assert len(back.invitations) == len(generated.invitations)
    assert len(back.connections) == len(generated.connections)
    assert sum(c.hidden for c in back.connections) == sum(c.hidden for c in generated.connections)
    assert back.profile.name == generated.profile.name


@pytest.mark.parametrize("era", ["2018", "2022", "2024", "2026"])
def test_round_trip_keeps_message_senders_times_and_texts(tmp_path: Path, generated: Export,
                                                           era: str) -> None:
    from seedbed.sources import read_export

    back = read_export(write_export(generated, tmp_path, era))
    # the 2018 file has minute precision (M/D/YY, h:mm AM)
    def stamp(m: datetime | None) -> datetime | None:
        return _minute(m) if era == "2018" else m

    sent = sorted((m.sender.name, stamp(m.sent_at), m.direction) for m in generated.messages)
    got = sorted((m.sender.name, m.sent_at, m.direction) for m in back.messages)
    assert got == sent
    clean = sorted(_words(m.text) for m in generated.messages
                   if not any(bad in m.text for bad in MOJIBAKE))
    read = [_words(m.text) for m in back.messages]
    assert all(text in read for text in clean)
    assert all(m.sent_at is not None and m.sent_at.utcoffset() == UTC.utcoffset(None)
               for m in back.messages)


@pytest.mark.parametrize("era", ["2018", "2022", "2024", "2026"])
def test_round_trip_keeps_invitations_and_connections(tmp_path: Path, generated: Export,
                                                      era: str) -> None:
    from seedbed.sources import read_export

    back = read_export(write_export(generated, tmp_path, era))
    # Invitations.csv has minute precision in every era
    sent = sorted((i.direction, i.sender.name, i.recipient.name, _minute(i.sent_at), i.text)
                  for i in generated.invitations)
    got = sorted((i.direction, i.sender.name, i.recipient.name, i.sent_at, i.text)
                 for i in back.invitations)
    assert got == sent
    people = sorted((c.name, c.company, c.position, c.connected_on)
                    for c in generated.connections)
    assert sorted((c.name, c.company, c.position, c.connected_on)
                  for c in back.connections) == people


def test_round_trip_keeps_profile_urls_from_2022_on(tmp_path: Path, generated: Export) -> None:
    from seedbed.sources import read_export

    back = read_export(write_export(generated, tmp_path, "2026"))
    assert back.profile.profile_url == generated.profile.profile_url
    sent = {(m.sender.name, m.sender.profile_url) for m in generated.messages}
    assert {(m.sender.name, m.sender.profile_url) for m in back.messages} == sent


def test_bundled_demo_labels_name_every_inbound_item() -> None:
    import json

    from seedbed.sources import read_export

    zips = sorted(DEMO_DIR.glob("Basic_LinkedInDataExport_*.zip"))
    assert len(zips) == 1
    back = read_export(zips[0])
    inbound = {("message", m.sender.profile_url or m.sender.name, m.sent_at)
               for m in back.messages if m.direction is Direction.INCOMING}
    inbound |= {("invitation", i.sender.profile_url or i.sender.name, i.sent_at)
                for i in back.invitations if i.direction is Direction.INCOMING}
    lines = (DEMO_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    labelled = {(r["kind"], r["sender"], _minute(datetime.fromisoformat(r["sent_at"]))
                 if r["kind"] == "invitation" else datetime.fromisoformat(r["sent_at"]))
                for r in map(json.loads, lines)}
    assert labelled == inbound
    assert {json.loads(line)["label"] for line in lines} == {
        "welcome", "relevant_pitch", "ask_why", "spam"}


def test_system_rows_quirk_writes_blank_senders_in_linkedins_words(tmp_path: Path) -> None:
    from tests.exportgen import SYSTEM_LINES

    table = rows(written(tmp_path, "2024", quirks=frozenset({"system_rows"}))["messages.csv"])
    header = table[0]
    blank = [r for r in table[1:] if not r[header.index("FROM")]]
    assert len(blank) == len(SYSTEM_LINES)
    assert all(r[header.index("SENDER PROFILE URL")] == "" for r in blank)
    assert "Message request accepted" in {r[header.index("CONTENT")] for r in blank}


def test_sponsored_quirk_writes_two_ads_without_sender_urls(tmp_path: Path) -> None:
    table = rows(written(tmp_path, "2026", quirks=frozenset({"sponsored"}))["messages.csv"])
    header = table[0]
    ads = [r for r in table[1:] if r[header.index("FROM")] in ("Enrolly Learning",
                                                              "Northwind Talent")]
    assert sorted(r[header.index("CONVERSATION TITLE")] for r in ads) == [
        "Quick question", "Sponsored Conversation"]
    assert all(r[header.index("SENDER PROFILE URL")] == "" for r in ads)
    assert any("%FIRSTNAME%" in r[header.index("CONTENT")] for r in ads)


def test_entities_and_unquoted_comments_quirks(tmp_path: Path) -> None:
    import dataclasses

    files = written(tmp_path, "2022", quirks=frozenset({"entities"}))
    assert "a role &amp; more" in files["messages.csv"].decode()
    comment = "He said, as ever, ship it"
    export = dataclasses.replace(sample_export(), posts=[
        Post(comment, T0, "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A1",
             is_comment=True)])
    data = unzip(write_export(export, tmp_path / "c", "2022",
                              quirks=frozenset({"unquoted_comments"})))
    assert f",{comment}\r\n".encode() in by_stem(data, "Comments")
