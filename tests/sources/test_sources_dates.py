"""Every date shape of the format reference (section 3), parsed to UTC."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from seedbed.sources.dates import parse_date, parse_datetime, parse_month
from seedbed.sources.linkedin import read_export

ExportMaker = Callable[..., Path]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-06-01 14:03:22 UTC", datetime(2025, 6, 1, 14, 3, 22, tzinfo=UTC)),  # messages
        ("1/29/26, 2:37 PM", datetime(2026, 1, 29, 14, 37, tzinfo=UTC)),  # Invitations
        ("11/4/18, 9:21 AM", datetime(2018, 11, 4, 9, 21, tzinfo=UTC)),  # 2018 files
        ("05/14/23, 10:22 AM", datetime(2023, 5, 14, 10, 22, tzinfo=UTC)),  # Recommendations
        ("2023/06/20 13:05:02 UTC", datetime(2023, 6, 20, 13, 5, 2, tzinfo=UTC)),  # Endorsements
        ("Tue Sep 28 09:08:27 UTC 2021", datetime(2021, 9, 28, 9, 8, 27, tzinfo=UTC)),  # Java
        ("2026-01-05 10:00:00", datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),  # Shares, naive
        ("2024-05-14 10:22 UTC", datetime(2024, 5, 14, 10, 22, tzinfo=UTC)),  # Learning
        ("03/14/26 04:12 PM UTC", datetime(2026, 3, 14, 16, 12, tzinfo=UTC)),  # Receipts_v2
        ("2024-05-14", datetime(2024, 5, 14, tzinfo=UTC)),  # Verifications
        ("2021/08/26", datetime(2021, 8, 26, tzinfo=UTC)),  # LAN Ads Engagement
        ("Apr 9, 2023", datetime(2023, 4, 9, tzinfo=UTC)),  # Publications
        ("2026-02-24 00:06", datetime(2026, 2, 24, 0, 6, tzinfo=UTC)),  # Articles
        ("March 9, 2024 at 9:05 AM (GMT)", datetime(2024, 3, 9, 9, 5, tzinfo=UTC)),  # Rich media
        ("04 Apr 2022", datetime(2022, 4, 4, tzinfo=UTC)),  # Connections
        ("14-May-23", datetime(2023, 5, 14, tzinfo=UTC)),  # Connections re-saved by Excel
        ("2026-01-05T10:00:00+02:00", datetime(2026, 1, 5, 8, 0, tzinfo=UTC)),  # ISO 8601
        ("2026-01-05T10:00:00Z", datetime(2026, 1, 5, 10, 0, tzinfo=UTC)),
        ("1/2/26, 12:05 AM", datetime(2026, 1, 2, 0, 5, tzinfo=UTC)),
        ("1/2/26, 12:05 PM", datetime(2026, 1, 2, 12, 5, tzinfo=UTC)),
        ("1/2/26, 3:05\u202fPM", datetime(2026, 1, 2, 15, 5, tzinfo=UTC)),  # narrow NBSP
    ],
)
def test_timestamps_parse_to_aware_utc(raw: str, expected: datetime) -> None:
    parsed = parse_datetime(raw)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() is not None


@pytest.mark.parametrize("raw", ["", "N/A", "---", "soon", "13/45/26, 9:00 AM", "31 Feb 2024",
                                 "Tue Sep 28 09:08:27 PDT 2021"])
def test_unreadable_timestamps_are_none(raw: str) -> None:
    assert parse_datetime(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Oct 2022", date(2022, 10, 1)), ("2009", date(2009, 1, 1)),
     ("September 2019", date(2019, 9, 1)), ("01 Oct 2022", date(2022, 10, 1)), ("", None),
     ("Smarch 2020", None)],
)
def test_profile_months_parse_to_dates(raw: str, expected: date | None) -> None:
    assert parse_month(raw) == expected


def test_connection_day_is_a_date() -> None:
    assert parse_date("04 Apr 2022") == date(2022, 4, 4)


def test_unreadable_date_in_a_file_is_none_with_a_note(make_export: ExportMaker) -> None:
    data = (b"From,To,Sent At,Message,Direction\n"
            b'Olga Petrenko,Ingrid Halvorsen,"someday, maybe",Hello,INCOMING\n')
    export = read_export(make_export({"Invitations.csv": data}))
    assert [i.sent_at for i in export.invitations] == [None]
    report = next(f for f in export.files if f.name == "Invitations.csv")
    assert any("Sent At" in reason and "line 2" in reason for reason in report.skipped)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1/1/0001", datetime(1, 1, 1, tzinfo=UTC)),
     ("01 Jan 0001", datetime(1, 1, 1, tzinfo=UTC)),
     ("0099-05-01", datetime(99, 5, 1, tzinfo=UTC)),
     ("12/31/9999, 11:59 PM", datetime(9999, 12, 31, 23, 59, tzinfo=UTC)),
     ("1/1/01", datetime(2001, 1, 1, tzinfo=UTC))],  # two digits only get the century
)
def test_a_four_digit_year_is_that_year(raw: str, expected: datetime) -> None:
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00", "12/31/9999, 11:59 PM -0500",
     "0001-01-01 01:00 +0200", "31 Dec 9999 23:59 -01:00", "1/1/0001 12:00 AM +01:00"],
)
def test_a_moment_outside_years_1_to_9999_in_utc_is_none(raw: str) -> None:
    assert parse_datetime(raw) is None
    assert parse_date(raw) is None
    assert parse_month(raw) is None


@pytest.mark.parametrize("raw", ["2025-06-01 14:03 +99:99", "2025-06-01 14:03 +24:00",
                                 "1/2/26, 3:05 PM +01:75", "04 Apr 2022 10:00 +25:00"])
def test_an_offset_no_clock_uses_is_none(raw: str) -> None:
    assert parse_datetime(raw) is None


def test_the_largest_real_offsets_still_parse() -> None:
    assert parse_datetime("2025-06-01 14:03 +14:00") == datetime(2025, 6, 1, 0, 3, tzinfo=UTC)
    assert parse_datetime("2025-06-01 14:03 -23:59") == datetime(2025, 6, 2, 14, 2, tzinfo=UTC)


def test_a_file_date_past_9999_in_utc_is_left_empty_with_a_note(
        make_export: ExportMaker) -> None:
    data = (b"From,To,Sent At,Message,Direction\n"
            b'Olga Petrenko,Ingrid Halvorsen,"12/31/9999, 11:59 PM -0500",Hello,INCOMING\n'
            b'Olga Petrenko,Ingrid Halvorsen,"1/1/0001, 9:00 AM",Again,INCOMING\n')
    export = read_export(make_export({"Invitations.csv": data}))
    assert [i.sent_at for i in export.invitations] == [None, datetime(1, 1, 1, 9, tzinfo=UTC)]
    report = next(f for f in export.files if f.name == "Invitations.csv")
    assert any("Sent At" in reason and "line 2" in reason for reason in report.skipped)
