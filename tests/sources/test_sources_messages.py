"""messages.csv of every era, and Message direction relative to the owner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from seedbed.model import Direction, Export
from seedbed.sources.linkedin import read_export

ExportMaker = Callable[..., Path]

OWNER = "https://www.linkedin.com/in/ingrid-halvorsen-ssi"
OLGA = "https://www.linkedin.com/in/olga-petrenko-70da9e"
H9 = b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
H10 = (b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
       b"DATE,SUBJECT,CONTENT,FOLDER\n")


def _read(make_export: ExportMaker, data: bytes, name: str = "messages.csv") -> Export:
    return read_export(make_export({name: data}))


def test_nine_column_messages_are_read(make_export: ExportMaker) -> None:
    data = H9 + (f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,2021-11-17 18:14:58 UTC,,"
                 f"Perfect,INBOX\n").encode()
    [message] = _read(make_export, data).messages
    assert (message.sender.profile_url, message.recipients[0].name, message.text) == (
        OLGA, "Ingrid Halvorsen", "Perfect")
    assert message.sent_at == datetime(2021, 11, 17, 18, 14, 58, tzinfo=UTC)


def test_ten_column_messages_pair_recipient_urls(make_export: ExportMaker) -> None:
    data = H10 + (f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},"
                  f"2025-02-11 09:30:00 UTC,,Hello,INBOX\n").encode()
    [message] = _read(make_export, data).messages
    assert [(p.name, p.profile_url) for p in message.recipients] == [("Ingrid Halvorsen", OWNER)]


def test_eleven_column_messages_with_attachments_are_read(make_export: ExportMaker) -> None:
    data = H10.rstrip(b"\n") + b",ATTACHMENTS\n" + (
        f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},2025-08-01 10:00:00 UTC,,"
        f"See file,INBOX,https://www.linkedin.com/dms/prv/file1\n").encode()
    assert [m.text for m in _read(make_export, data).messages] == ["See file"]


def test_twelve_column_drafts_are_dropped(make_export: ExportMaker) -> None:
    data = H10.rstrip(b"\n") + b",IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n" + (
        f"2-abc,,Ingrid Halvorsen,{OWNER},Olga Petrenko,{OLGA},2024-12-01 10:00:00 UTC,,"
        f"Unsent thought,,Yes,No\n"
        f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},2024-11-30 10:00:00 UTC,,"
        f"Sent,INBOX,No,No\n").encode()
    export = _read(make_export, data)
    assert [m.text for m in export.messages] == ["Sent"]
    report = next(f for f in export.files if f.name == "messages.csv")
    assert report.rows == 1 and any("draft" in reason for reason in report.skipped)


def test_all_quoted_2026_messages_with_multiline_content(make_export: ExportMaker) -> None:
    header = ('"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
              '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
              '"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"\n')
    row = (f'"2-xyz","","Olga Petrenko","{OLGA}","Ingrid Halvorsen","{OWNER}",'
           f'"2026-03-04 10:12:55 UTC","","Ingrid,\r\n\r\nSaw your post.\r\n\r\nOlga","INBOX",'
           f'"","No","No"\n')
    [message] = _read(make_export, (header + row).encode()).messages
    assert message.text == "Ingrid,\n\nSaw your post.\n\nOlga"
    assert message.html is None


def test_legacy_2018_messages_use_their_direction_column(make_export: ExportMaker) -> None:
    data = (b"From,To,Date,Subject,Content,Direction,Folder\n"
            b'Olga Petrenko,Ingrid Halvorsen,"11/4/18, 9:21 AM",Hi,Hello there,INCOMING,INBOX\n'
            b'Ingrid Halvorsen,Olga Petrenko,"11/4/18, 9:30 AM",Re: Hi,Hello back,OUTGOING,SENT\n')
    messages = _read(make_export, data, "Messages.csv").messages
    assert [m.direction for m in messages] == [Direction.INCOMING, Direction.OUTGOING]
    assert messages[0].conversation_id == messages[1].conversation_id
    assert messages[0].sent_at == datetime(2018, 11, 4, 9, 21, tzinfo=UTC)


def test_linkedin_member_sender_without_url_is_kept(make_export: ExportMaker) -> None:
    data = H10 + (f"2-abc,,LinkedIn Member,,Ingrid Halvorsen,{OWNER},"
                  f"2025-02-11 09:30:00 UTC,,Hello,INBOX\n").encode()
    [message] = _read(make_export, data).messages
    assert (message.sender.name, message.sender.profile_url) == ("LinkedIn Member", None)
    assert message.direction is Direction.INCOMING


def test_recipient_urls_split_on_comma_or_semicolon(make_export: ExportMaker) -> None:
    second = "https://www.linkedin.com/in/claire-dubois"
    rows = b"".join(
        (f'2-g{n},Group,Olga Petrenko,{OLGA},"Ingrid Halvorsen, Claire Dubois, MBA",'
         f'"{OWNER}{sep}{second}",2025-02-11 09:30:00 UTC,,Hi all,INBOX\n').encode()
        for n, sep in enumerate([",", ";", "; "]))
    for message in _read(make_export, H10 + rows).messages:
        assert [(p.name, p.profile_url) for p in message.recipients] == [
            ("Ingrid Halvorsen", OWNER), ("Claire Dubois, MBA", second)]


def test_html_inmail_keeps_raw_html_and_clean_text(make_export: ExportMaker) -> None:
    body = ('<p class=""spinmail-quill-editor__spin-break"">Dear Professor,</p>'
            "<p>Stack pressure &amp; interfaces.</p>")
    data = H10 + (f'2-abc,Interview,Lene K,,Ingrid Halvorsen,{OWNER},2025-03-27 11:02:58 UTC,'
                  f'Interview,"{body}",INBOX\n').encode()
    [message] = _read(make_export, data).messages
    assert message.text == "Dear Professor,\n\nStack pressure & interfaces."
    assert message.html is not None and "spinmail-quill-editor" in message.html


def test_empty_content_is_kept_as_empty_text(make_export: ExportMaker) -> None:
    data = H10 + (f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},"
                  f"2025-02-11 09:30:00 UTC,,,INBOX\n").encode()
    assert [m.text for m in _read(make_export, data).messages] == [""]


def test_owner_messages_are_outgoing_by_url(make_export: ExportMaker) -> None:
    invitations = (b"From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
                   + f'Olga Petrenko,Ingrid H.,"5/19/26, 12:11 PM",,INCOMING,{OLGA},{OWNER}\n'
                   .encode())
    messages = H10 + (
        f"2-abc,,Ingrid H.,{OWNER},Olga Petrenko,{OLGA},2025-02-12 19:05:00 UTC,,Yes,INBOX\n"
        f"2-abc,,Ingrid Halvorsen,https://www.linkedin.com/in/another-ingrid,Olga Petrenko,"
        f"{OLGA},2025-02-12 19:06:00 UTC,,Namesake,INBOX\n").encode()
    export = read_export(make_export({"Invitations.csv": invitations, "messages.csv": messages}))
    assert [m.direction for m in export.messages] == [Direction.OUTGOING, Direction.INCOMING]


def test_owner_messages_are_outgoing_by_name_without_urls(make_export: ExportMaker) -> None:
    data = H9 + (b"2-abc,,Ingrid Halvorsen,,Olga Petrenko,2021-11-16 17:39:28 UTC,,Hi,INBOX\n"
                 b"2-abc,,Olga Petrenko,,Ingrid Halvorsen,2021-11-17 18:14:58 UTC,,Hey,INBOX\n")
    messages = _read(make_export, data).messages
    assert [m.direction for m in messages] == [Direction.OUTGOING, Direction.INCOMING]


def test_owner_url_is_recovered_from_messages_sent_by_the_owner(
    make_export: ExportMaker,
) -> None:
    data = H10 + (f"2-abc,,Ingrid Halvorsen,{OWNER},Olga Petrenko,{OLGA},"
                  f"2025-02-12 19:05:00 UTC,,Hi,INBOX\n").encode()
    assert _read(make_export, data).profile.profile_url == OWNER


def test_owner_is_inferred_without_profile_or_invitations(make_export: ExportMaker) -> None:
    rows = "".join(
        f"2-c{n},,{name},{url},Ingrid Halvorsen,{OWNER},2025-02-1{n} 09:30:00 UTC,,Hi,INBOX\n"
        f"2-c{n},,Ingrid Halvorsen,{OWNER},{name},{url},2025-02-1{n} 10:30:00 UTC,,Hey,INBOX\n"
        for n, (name, url) in enumerate([("Olga Petrenko", OLGA),
                                         ("Claire Dubois", "https://linkedin.com/in/claire")]))
    export = read_export(make_export({"messages.csv": H10 + rows.encode()}, profile=False))
    assert (export.profile.name, export.profile.profile_url) == ("Ingrid Halvorsen", OWNER)
    assert [m.direction for m in export.messages] == [Direction.INCOMING, Direction.OUTGOING] * 2


SYSTEM_ROWS = ["Olga Petrenko left the conversation", "Message request accepted",
               "Olga Petrenko changed the conversation name to Thin films",
               "Claire Dubois joined", "Olga Petrenko added Claire Dubois",
               "Olga Petrenko removed Claire Dubois from the conversation",
               "Ingrid Halvorsen accepted your message request."]


def test_blank_sender_rows_in_linkedins_words_are_system_rows(make_export: ExportMaker) -> None:
    rows = "".join(f"2-abc,,,,Ingrid Halvorsen,{OWNER},2025-02-11 09:3{n}:00 UTC,,{text},INBOX\n"
                   for n, text in enumerate(SYSTEM_ROWS))
    rows += f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},2025-02-11 09:40:00 UTC,,Hi,\n"
    messages = _read(make_export, H10 + rows.encode()).messages
    assert [m.text for m in messages if m.system] == SYSTEM_ROWS
    [person] = [m for m in messages if not m.system]
    assert person.sender.name == "Olga Petrenko" and person.conversation_id == "2-abc"


def test_a_blank_sender_alone_is_a_message_not_a_system_row(make_export: ExportMaker) -> None:
    # A deleted account's messages have a blank FROM too: only LinkedIn's wording is LinkedIn.
    rows = "".join(f"2-abc,,,,Ingrid Halvorsen,{OWNER},2025-02-11 09:3{n}:00 UTC,,{text},INBOX\n"
                   for n, text in enumerate(["Are you free for a call next week?",
                                             "We have left the old office and joined a new "
                                             "team, the details are in the deck I sent " * 3]))
    # A named sender saying a system phrase is a person.
    rows += (f"2-abc,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},2025-02-11 09:40:00 UTC,,"
             f"Olga Petrenko left the conversation,INBOX\n")
    assert not any(m.system for m in _read(make_export, H10 + rows.encode()).messages)


def test_legacy_2018_blank_sender_rows_are_system_rows(make_export: ExportMaker) -> None:
    data = (b"From,To,Date,Subject,Content,Direction,Folder\n"
            b',Ingrid Halvorsen,"11/4/18, 9:21 AM",,Olga Petrenko left the conversation,'
            b"INCOMING,INBOX\n")
    [message] = _read(make_export, data, "Messages.csv").messages
    assert message.system


def test_sponsored_conversations_and_unfilled_placeholders_are_ads(
        make_export: ExportMaker) -> None:
    rows = (
        f'2-ad1,Sponsored Conversation,Enrolly Learning,,Ingrid Halvorsen,{OWNER},'
        f'2025-03-01 10:00:00 UTC,Free guide,"<p>Hi Ingrid,</p><p>Our guide.</p>",INBOX\n'
        f'2-ad2,,Northwind Talent,,Ingrid Halvorsen,{OWNER},2025-03-02 10:00:00 UTC,'
        f'Quick question,"Hi %FIRSTNAME%, book a demo!",INBOX\n'
        f'2-ad3,,LinkedIn Member,,Ingrid Halvorsen,{OWNER},2025-03-02 10:00:00 UTC,'
        f'"Dear %FIRST_NAME% %LASTNAME%",Hello,INBOX\n')
    ads = _read(make_export, H10 + rows.encode()).messages
    assert [(m.conversation_id, m.sponsored) for m in ads] == [
        ("2-ad1", True), ("2-ad2", True), ("2-ad3", True)]
    assert ads[1].text == "Hi %FIRSTNAME%, book a demo!"  # kept as LinkedIn wrote it


def test_people_and_the_owner_do_not_send_ads(make_export: ExportMaker) -> None:
    rows = (
        # A person with a profile URL pasting a percent sign twice is a person.
        f'2-p1,,Olga Petrenko,{OLGA},Ingrid Halvorsen,{OWNER},2025-03-01 10:00:00 UTC,,'
        f'"Yields went from 40%ABOVE% to 60%",INBOX\n'
        # One percent sign is no placeholder.
        f'2-p2,,LinkedIn Member,,Ingrid Halvorsen,{OWNER},2025-03-01 11:00:00 UTC,,'
        f'"We grew 20% this year",INBOX\n'
        # The owner's reply in a sponsored conversation is the owner's.
        f'2-ad1,Sponsored Conversation,Ingrid Halvorsen,{OWNER},Enrolly Learning,,'
        f'2025-03-01 12:00:00 UTC,,"No thanks",INBOX\n')
    assert not any(m.sponsored for m in _read(make_export, H10 + rows.encode()).messages)
