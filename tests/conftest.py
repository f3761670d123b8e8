"""Shared fixtures: a tiny LinkedIn export written in the real format, and a store path."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

OWNER_URL = "https://www.linkedin.com/in/dana-okafor-data"

PROFILE = [
    ["First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary",
     "Industry", "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers"],
    ["Dana", "Okafor", "", "", "", "Head of Data Engineering at Northwind Freight",
     "I lead the data platform team at Northwind Freight: pipelines, dbt models and the "
     "warehouse behind our routing decisions.", "Logistics", "", "Manchester, England", "", "",
     ""],
]
POSITIONS = [
    ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
    ["Northwind Freight", "Head of Data Engineering", "Data platform, dbt, Airflow", "Manchester",
     "Mar 2022", ""],
    ["Harbour Analytics", "Senior Data Engineer", "Streaming pipelines", "Leeds", "Jan 2018",
     "Feb 2022"],
]
CONNECTIONS_PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\n\n'
)
CONNECTIONS = [
    ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
    ["Priya", "Raman", "https://www.linkedin.com/in/priya-raman-hx", "", "Harbour Analytics",
     "Data Engineer", "12 Mar 2019"],
    ["Connor", "Blake", "https://www.linkedin.com/in/connor-blake-growth", "", "LeadSurge",
     "Growth Lead", "02 Jun 2026"],
]
INVITATIONS = [
    ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"],
    ["Mira Solberg", "Dana Okafor", "9/14/26, 6:00 PM", "", "INCOMING",
     "https://www.linkedin.com/in/mira-solberg-x1", OWNER_URL],
    ["Tom Weller", "Dana Okafor", "9/20/26, 9:15 AM",
     "I'd like to add you to my professional network.", "INCOMING",
     "https://www.linkedin.com/in/tom-weller-x2", OWNER_URL],
    ["Dana Okafor", "Sam Ortiz", "8/01/26, 10:00 AM", "", "OUTGOING", OWNER_URL,
     "https://www.linkedin.com/in/sam-ortiz-x3"],
]
MESSAGES_HEADER = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                   "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"]
PRIYA = "https://www.linkedin.com/in/priya-raman-hx"
CONNOR = "https://www.linkedin.com/in/connor-blake-growth"
ZED = "https://www.linkedin.com/in/zed-marketing-x9"


def _msg(conv: str, who: str, url: str, to: str, to_url: str, when: str, text: str,
         subject: str = "") -> list[str]:
    return [conv, "", who, url, to, to_url, when, subject, text, "INBOX"]


MESSAGES = [
    MESSAGES_HEADER,
    _msg("2-priya", "Priya Raman", PRIYA, "Dana Okafor", OWNER_URL, "2026-05-02 09:00:00 UTC",
         "Sounds good, see you Thursday at the meetup then!"),
    _msg("2-priya", "Dana Okafor", OWNER_URL, "Priya Raman", PRIYA, "2026-05-01 18:00:00 UTC",
         "Priya, are you going to the dbt meetup on Thursday? Would be great to catch up."),
    _msg("2-connor", "Connor Blake", CONNOR, "Dana Okafor", OWNER_URL, "2026-06-10 08:00:00 UTC",
         "Hi {first_name}, we help logistics companies like yours book 30+ qualified sales "
         "meetings a month with our outbound lead generation service. Worth a quick 15 minute "
         "call this week?"),
    _msg("2-zed", "Zed Marketing", ZED, "Dana Okafor", OWNER_URL, "2026-07-01 08:00:00 UTC",
         "<p>Hi Dana,</p><p>Our SEO agency can triple your traffic in 90 days &amp; "
         "guarantee page-one rankings.</p><script>alert(1)</script>"),
]


def write_csv(path: Path, rows: list[list[str]], preamble: str = "") -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(preamble + buffer.getvalue(), encoding="utf-8")


def write_export(folder: Path, messages: list[list[str]] | None = None) -> Path:
    """Write the tiny export into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "Profile.csv", PROFILE)
    write_csv(folder / "Positions.csv", POSITIONS)
    write_csv(folder / "Connections.csv", CONNECTIONS, CONNECTIONS_PREAMBLE)
    write_csv(folder / "Invitations.csv", INVITATIONS)
    write_csv(folder / "messages.csv", messages or MESSAGES)
    return folder


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    return write_export(tmp_path / "export")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "seedbed.sqlite3"


PREFS = """
[me]
needs = ["A data-observability tool to replace our home-grown data quality checks"]
welcome_topics = ["questions about my articles"]
unwelcome_topics = ["lead generation and outbound sales services", "SEO agencies"]
open_to_recruiters = false
"""


@pytest.fixture
def prefs_file(tmp_path: Path) -> Path:
    path = tmp_path / "prefs.toml"
    path.write_text(PREFS, encoding="utf-8")
    return path
