"""The JSONL interchange reader and the read_source dispatcher."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from seedbed.errors import InputError
from seedbed.model import Direction
from seedbed.sources import read_source
from seedbed.sources.jsonl import read_jsonl

OWNER = "https://www.linkedin.com/in/ingrid-halvorsen"
OLGA = {"name": "Olga Petrenko", "profile_url": "https://www.linkedin.com/in/olga-petrenko"}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "interchange.md"


def _write(tmp_path: Path, lines: list[Any], name: str = "people.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


def _profile(owner: str = "p1", **extra: Any) -> dict[str, Any]:
    return {"type": "profile", "owner": owner, "first_name": "Ingrid", "last_name": "Halvorsen",
            "profile_url": OWNER, **extra}


def test_one_export_per_owner_in_order_of_appearance(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile("b", first_name="Bea"), _profile("a", first_name="Al")])
    assert [e.profile.first_name for e in read_jsonl(path)] == ["Bea", "Al"]


def test_message_fields_are_read(tmp_path: Path) -> None:
    message = {"type": "message", "owner": "p1", "conversation_id": "c-1", "sender": OLGA,
               "sent_at": "2026-03-09T12:44:00+02:00", "text": "Hello", "subject": "Talk"}
    [export] = read_jsonl(_write(tmp_path, [_profile(), message]))
    [read] = export.messages
    assert (read.conversation_id, read.sender.profile_url, read.sent_at, read.text,
            read.subject) == ("c-1", OLGA["profile_url"], datetime(2026, 3, 9, 10, 44, tzinfo=UTC),
                              "Hello", "Talk")
    assert [p.profile_url for p in read.recipients] == [OWNER]


def test_direction_defaults_from_the_owner_url(tmp_path: Path) -> None:
    mine = {"type": "message", "owner": "p1", "sender": {"name": "I. H.", "profile_url": OWNER},
            "text": "Hi"}
    theirs = {"type": "message", "owner": "p1", "sender": OLGA, "text": "Hey"}
    [export] = read_jsonl(_write(tmp_path, [_profile(), mine, theirs]))
    assert [m.direction for m in export.messages] == [Direction.OUTGOING, Direction.INCOMING]


def test_html_body_gives_clean_text(tmp_path: Path) -> None:
    message = {"type": "message", "owner": "p1", "sender": OLGA,
               "html": "<p>Dear Ingrid,</p><p>R&amp;D question.</p>"}
    [export] = read_jsonl(_write(tmp_path, [_profile(), message]))
    assert export.messages[0].text == "Dear Ingrid,\n\nR&D question."


def test_references_are_decoded_in_plain_text_and_once_in_html(tmp_path: Path) -> None:
    plain = {"type": "message", "owner": "p1", "sender": OLGA, "text": "I&rsquo;d like that"}
    markup = {"type": "message", "owner": "p1", "sender": OLGA,
              "text": "<p>Type &amp;lt;br&amp;gt; here</p>"}
    given = {"type": "message", "owner": "p1", "sender": OLGA, "text": "Tom &amp; Jerry",
             "html": "<p>Tom &amp;amp; Jerry</p>"}
    [export] = read_jsonl(_write(tmp_path, [_profile(), plain, markup, given]))
    assert [m.text for m in export.messages] == [
        "I\u2019d like that", "Type &lt;br&gt; here", "Tom & Jerry"]
    assert [m.html for m in export.messages] == [
        None, "<p>Type &amp;lt;br&amp;gt; here</p>", "<p>Tom &amp;amp; Jerry</p>"]


def test_items_may_come_before_their_profile(tmp_path: Path) -> None:
    invitation = {"type": "invitation", "owner": "p1", "sender": OLGA, "text": "Hi"}
    connection = {"type": "connection", "owner": "p1", "name": "Julia Weber",
                  "connected_on": "2026-06-10"}
    [export] = read_jsonl(_write(tmp_path, [invitation, connection, _profile()]))
    assert [i.recipient.profile_url for i in export.invitations] == [OWNER]
    assert [c.name for c in export.connections] == ["Julia Weber"]


def test_profile_lists_are_read(tmp_path: Path) -> None:
    position = {"company": "Nordvik", "title": "Professor", "start": "Aug 2019"}
    profile = _profile(positions=[position], skills=["XPS"],
                       job_seeker={"open_to_recruiters": True, "job_titles": ["Professor"]},
                       articles=[{"title": "Interfaces", "body": "Text.",
                                  "published": "2025-03-18 09:12"}])
    [export] = read_jsonl(_write(tmp_path, [profile]))
    assert export.profile.current_positions[0].company == "Nordvik"
    assert export.profile.job_seeker is not None and export.profile.job_seeker.open_to_recruiters
    assert [(a.title, a.text) for a in export.articles] == [("Interfaces", "Text.")]


def test_invalid_json_names_file_and_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile(), "{not json"])
    with pytest.raises(InputError, match=r"people\.jsonl, line 2: not valid JSON"):
        read_jsonl(path)


def test_wrong_field_type_names_line_and_field(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile(), {"type": "message", "owner": "p1", "sender": OLGA,
                                          "text": 42}])
    with pytest.raises(InputError, match=r"line 2: field 'text'"):
        read_jsonl(path)


def test_nested_field_errors_name_the_nested_field(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile(), {"type": "message", "owner": "p1",
                                          "sender": {"name": ["Olga"]}}])
    with pytest.raises(InputError, match=r"line 2: field 'sender\.name'"):
        read_jsonl(path)


def test_unreadable_date_names_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile(), {"type": "invitation", "owner": "p1", "sender": OLGA,
                                          "sent_at": "yesterday"}])
    with pytest.raises(InputError, match=r"line 2: field 'sent_at' is not an ISO 8601 date"):
        read_jsonl(path)


def test_unknown_type_names_the_type_field(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"type": "poke", "owner": "p1"}])
    with pytest.raises(InputError, match=r"line 1: field 'type'"):
        read_jsonl(path)


def test_owner_without_profile_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile(), {"type": "invitation", "owner": "p2", "sender": OLGA}])
    with pytest.raises(InputError, match=r"line 2: owner 'p2' has no profile line"):
        read_jsonl(path)


def test_read_source_picks_jsonl_by_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path, [_profile()], name="people.JSONL")
    assert [e.profile.name for e in read_source(path)] == ["Ingrid Halvorsen"]


def test_documented_example_reads(tmp_path: Path) -> None:
    example = re.search(r"```json\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert example is not None
    path = tmp_path / "example.jsonl"
    path.write_text(example.group(1), encoding="utf-8")
    [export] = read_jsonl(path)
    assert (len(export.connections), len(export.invitations), len(export.messages)) == (1, 1, 1)


@pytest.mark.parametrize(("line", "problem"), [
    ("[" * 100_000, "nested too deeply"),
    ('{"type": "profile", "owner": ' + "9" * 5_000 + "}", "digits"),
])
def test_json_python_cannot_hold_names_the_line(tmp_path: Path, line: str, problem: str) -> None:
    path = _write(tmp_path, [_profile(), line])
    with pytest.raises(InputError, match=rf"people\.jsonl, line 2: not usable JSON.*{problem}"):
        read_jsonl(path)


def test_a_lone_surrogate_escape_is_stored_as_a_replacement_character(tmp_path: Path) -> None:
    from seedbed import service

    message = {"type": "message", "owner": "p1", "sender": OLGA, "text": "Hi \ud800 there"}
    path = tmp_path / "people.jsonl"
    path.write_text(json.dumps(_profile()) + "\n" + json.dumps(message) + "\n")
    service.import_path(path, tmp_path / "store.sqlite3")
    [export] = read_jsonl(path)
    assert export.messages[0].text == "Hi \ufffd there"


def test_a_file_name_that_is_not_utf8_is_named_escaped(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"caf\xe9.jsonl")
    path.write_text("{not json\n")
    with pytest.raises(InputError) as caught:
        read_jsonl(path)
    assert "caf\\xe9.jsonl, line 1: not valid JSON" in str(caught.value)
    str(caught.value).encode("utf-8")
