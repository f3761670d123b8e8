"""Write seedbed's bundled demo: a fictional owner's LinkedIn export, preferences and labels.

Writes into ``src/seedbed/data/demo/`` (or ``--out DIR``):
  Basic_LinkedInDataExport_11-20-2026.zip   the export, era 2026 (tests/exportgen.py writes it)
  demo.prefs.toml                           the owner's stated needs and topics
  labels.jsonl                              the label we intend for every inbound item

Everything below is invented: people, companies, articles and messages. The content lives in
plain data structures (PEOPLE, THREADS, CAMPAIGNS, INVITATIONS, ...) so it is easy to edit.
Output is deterministic: a fixed seed and fixed zip timestamps give byte-identical files.

Run: ``.venv/bin/python scripts/make_demo_export.py``
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import random
import re
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(1, str(ROOT / "src"))

from exportgen import write_export  # noqa: E402
from seedbed.model import (  # noqa: E402
    Article,
    Certification,
    Connection,
    Direction,
    Education,
    Endorsement,
    Export,
    Invitation,
    Message,
    Note,
    Person,
    Position,
    Post,
    Profile,
    Project,
    Publication,
    Recommendation,
    Volunteering,
)

SEED = 20261120
EXPORTED_ON = date(2026, 11, 20)
DEFAULT_OUT = ROOT / "src" / "seedbed" / "data" / "demo"
ME = "me"

# ----------------------------------------------------------------------------- owner

OWNER_URL = "https://www.linkedin.com/in/imogen-darby"

ARTICLES = [
    {
        "title": "The data checks we wrote ourselves, and why we are retiring them",
        "slug": "data-checks-we-wrote-ourselves-why-retiring-them-imogen-darby",
        "published": "2025-04-08 07:45",
        "body": """\
When I joined Northway Freight in 2022 we had no data tests at all. Within a year we had four \
hundred of them, and most of them were mine.

They started small. A row count on the nightly manifest load. A not-null check on consignment \
IDs. A query that compared yesterday's delivered parcels with the depot scanners' own totals \
and posted to Slack when the two disagreed by more than two per cent. Each check was twenty \
lines of SQL and a cron entry, and each one caught something real in its first month.

The trouble is year three. Four hundred checks means four hundred thresholds that somebody \
picked on a Tuesday afternoon. Nobody remembers why the manifest check tolerates a 12% drop \
on Mondays. Half the alerts are ignored because they fire every bank holiday. And when a \
check itself breaks, nothing tells us: the cron job fails quietly, the channel goes quiet, \
and we assume the data is fine.

The checks also told us that something was wrong, but never where. One late file from one \
carrier would trip six downstream checks, and the engineer on call would spend the first \
hour walking backwards through lineage that lived only in people's heads.

So this year we are retiring most of them. The plan:

- keep the dbt tests that encode business rules (a delivered parcel must have a delivery \
scan), because those are ours and no tool can guess them;
- hand freshness, volume and schema drift to a proper data observability tool with lineage, \
so an alert points at the first broken table rather than the last;
- delete every check whose owner has left and whose alert nobody has acted on in six months.

We have not picked the tool yet. What I want is boring: column-level lineage from our dbt \
project, anomaly detection that understands weekly seasonality (parcel volumes are anything \
but flat), and alerts that go to the team that owns the table instead of one channel that \
everybody mutes.

If you have been through the same migration, I would love to hear what you kept in-house \
and what you regret handing over.""",
    },
    {
        "title": "Late-arriving scans: modelling parcel events that refuse to arrive in order",
        "slug": "late-arriving-scans-modelling-parcel-events-imogen-darby",
        "published": "2025-09-16 08:10",
        "body": """\
A parcel's life is a sequence of scans: collected, arrived at hub, sorted, out for delivery, \
delivered. On a whiteboard the scans arrive in that order. In our warehouse they do not.

Handhelds lose signal in rural depots and upload a day's scans at once when the van gets \
back. Partner carriers send files hourly, daily, or whenever someone remembers. About 4% of \
our scan events arrive more than six hours after they happened, and a stubborn 0.3% arrive \
more than two days late.

Three decisions made this manageable.

First, we store two times for every event: when it happened (event time, from the device) \
and when we learned about it (load time). Every model is explicit about which one it uses. \
Reports about the network use event time; monitoring of our own pipelines uses load time.

Second, our incremental dbt models do not trust "only new rows". Each run looks back 72 \
hours of event time and rebuilds the affected days. At first we rebuilt the whole window on \
every run, which was slow; now we keep a small table of the days that received late events \
since the last run, and only those are rebuilt.

Third, we stopped treating an impossible order as an error. A "delivered" scan that arrives \
before "out for delivery" is usually just late data, so the parcel status model is a small \
state machine that accepts events in any order and always derives the latest valid state. \
Only when the sequence is still impossible after 72 hours do we raise it.

None of this is new, but it took us two years of wrong answers to learn it, so I hope it \
saves somebody else a few.""",
    },
    {
        "title": "Hiring data engineers without a take-home test",
        "slug": "hiring-data-engineers-without-take-home-test-imogen-darby",
        "published": "2026-02-10 07:30",
        "body": """\
We are hiring two senior data engineers this year, and we have dropped the take-home test.

Take-homes looked fair on paper: everyone gets the same task and does it in their own time. \
In practice "their own time" meant evenings and weekends, the people with the most free \
evenings did best, and we learned more about polish than about judgement.

Instead, candidates spend 75 minutes pairing with two of us on a real incident from our \
history, sanitised. A dashboard shows yesterday's deliveries down 30%; the data says the \
depots were quiet; the depots say they were not. The candidate drives, we answer questions \
as the systems would, and there is no trick.

We are not looking for the answer. We are looking for the order of questions: do they check \
freshness before they check logic? Do they ask who uses the dashboard? Do they say "I don't \
know" out loud?

Candidates know which incident type and which tools will be there a week ahead. We rotate \
three incidents so notes cannot be shared, and we pay for the time.

Six hires in, our new starters have been productive faster, and more of our candidates \
tell us they enjoyed the interview. If you are hiring data people, try it once.""",
    },
]

POSTS = [
    ("2025-01-20 08:15", "Our first week with dbt Slim CI: pull request builds went from 41 "
     "minutes to 6. The trick was deferring to production state instead of rebuilding "
     "everything.\n\nSmall change, very happy team."),
    ("2025-02-27 17:30", "Bank holiday weekends are the hardest test for any parcel data "
     "model. Volumes drop, depots close at odd hours, and every threshold you hard-coded "
     "looks wrong.\n\nWhat's your least favourite calendar edge case?"),
    ("2025-04-08 08:00", "I wrote up why we're retiring most of our home-grown data checks: "
     "what they caught, why they stopped working at four hundred, and what we want "
     "instead."),
    ("2025-04-25 09:10", "Thanks to everyone who came to the Manchester Data Meetup last "
     "night for 'Four hundred checks and a funeral'. Slides are on the meetup page.\n\n"
     "Special thanks to Hamid for organising."),
    ("2025-06-30 16:00", "Half-year retro of the Northway data team: 212 days of manifests "
     "reloaded, one new warehouse, zero Friday deploys. Proud of this lot."),
    ("2025-08-12 12:20", "Unpopular opinion: most data quality problems are ownership "
     "problems. If nobody owns a table, no test will save it."),
    ("2025-09-16 08:30", "New article: how we model parcel scans that arrive hours or days "
     "late, and the 72-hour lookback that finally made our numbers stop moving."),
    ("2025-10-23 18:45", "Great panel at Northern Data Summit today on freshness SLOs. "
     "Thanks Chris for the sharpest question of the day."),
    ("2026-01-12 09:00", "We're hiring two Senior Data Engineers at Northway Freight, "
     "Manchester (hybrid). Python, dbt and Airflow; streaming is a bonus.\n\nNo take-home "
     "test, on-call one week in six, and a team that writes things down. DM me or apply "
     "through our careers page."),
    ("2026-02-10 08:00", "Why we dropped the take-home test for data engineers, and what we "
     "do instead."),
    ("2026-05-05 13:00", "Airflow 3 upgrade done. The only casualties were two SubDAGs we "
     "should have deleted in 2021. Thanks Ruth for rewriting them as task groups."),
    ("2026-10-15 19:00", "Spoke at DataFlow North today about late-arriving events. Thank "
     "you to the programme committee and to everyone who stayed for questions."),
]

COMMENTS = [
    ("2025-05-02 10:00", 'Agree with this. We call it the "who gets woken up" test.'),
    ("2025-11-14 12:30", "Congratulations Priya and team! Well deserved."),
    ("2026-03-03 08:20", "We tried that too; the trick was letting ops own the definitions."),
]


def owner_profile() -> Profile:
    """The demo owner: Imogen Darby, Head of Data Engineering at a Manchester freight firm."""
    return Profile(
        first_name="Imogen",
        last_name="Darby",
        headline="Head of Data Engineering at Northway Freight | Python, dbt, Airflow | "
                 "Reliable data for logistics",
        summary=("I lead the data engineering team at Northway Freight, a parcel and "
                 "pallet network of 14 depots across the North of England.\n\n"
                 "We build the pipelines behind route planning, depot performance and "
                 "customer tracking: Python, dbt, Airflow and Snowflake, with Kafka for "
                 "scan events.\n\nI write about data quality, late-arriving data and "
                 "hiring, and I co-run the Manchester Data Meetup."),
        industry="Transportation, Logistics, Supply Chain and Storage",
        location="Manchester, England, United Kingdom",
        profile_url=OWNER_URL,
        positions=(
            Position("Northway Freight", "Head of Data Engineering",
                     "Lead a team of seven data engineers.\n• Moved 400+ dbt models to "
                     "Snowflake\n• Introduced data contracts with depot systems",
                     "Manchester, England, United Kingdom", date(2022, 3, 1)),
            Position("Pennine Parcel Network", "Data Engineering Lead",
                     "Built the scan-event platform and the first data warehouse.",
                     "Leeds, England, United Kingdom", date(2017, 6, 1), date(2022, 2, 1)),
            Position("Castlefield Analytics", "Data Engineer",
                     "ETL and reporting for retail and logistics clients.",
                     "Manchester, England, United Kingdom", date(2013, 9, 1),
                     date(2017, 5, 1)),
        ),
        education=(
            Education("The University of Manchester", "MSc, Data Science",
                      date(2012, 9, 1), date(2013, 9, 1)),
            Education("University of Leeds", "BSc, Mathematics", date(2009, 1, 1),
                      date(2012, 1, 1)),
        ),
        skills=("Python", "SQL", "dbt", "Apache Airflow", "Data Modeling", "Data Quality",
                "Snowflake", "Apache Kafka", "Data Governance", "Team Leadership",
                "Terraform", "Analytics Engineering"),
        certifications=(Certification("SnowPro Core Certification", "Snowflake",
                                      date(2023, 6, 1)),
                        Certification("dbt Fundamentals", "dbt Labs", date(2022, 9, 1))),
        languages=("English", "Spanish"),
        projects=(Project("Parcel scan event platform",
                          "Streaming ingestion of 9 million scans a day with Kafka."),),
        publications=(Publication("Late-arriving scans in parcel networks",
                                  "Conference paper on event-time modelling.",
                                  "DataFlow North Proceedings"),),
        honors=("Northern Tech Awards - Data Team of the Year (shortlist)",),
        volunteering=(Volunteering("Code Club Manchester", "Volunteer mentor", "Education",
                                   "Python sessions for 10-13 year olds."),),
        company_follows=("Pennine Parcel Network", "dbt Labs", "Manchester Data Meetup",
                         "DataFlow North"),
        learning=("Data Contracts in Practice", "Leading Technical Teams",
                  "Streaming Data with Apache Kafka"),
        job_seeker=None,
    )


# ----------------------------------------------------------------------------- people
# key: (name, profile slug or None, position, company, connected on or None)

PEOPLE: dict[str, tuple[str, str | None, str, str, str | None]] = {
    # former colleagues (Pennine Parcel Network 2017-2022, Castlefield Analytics 2013-2017)
    "tom": ("Tom Ashworth", "tom-ashworth-7b2", "Senior Data Engineer",
            "Pennine Parcel Network", "2018-03-12"),
    "priya": ("Priya Raman", "priya-raman-analytics", "Analytics Manager",
              "Pennine Parcel Network", "2017-09-04"),
    "gareth": ("Gareth Lloyd", "gareth-lloyd-dev", "Platform Engineer",
               "Pennine Parcel Network", "2019-06-20"),
    "analucia": ("Ana Lucía Ferreira", "ana-lucía-ferreira", "Data Scientist",
                 "Levante Logística", "2018-10-01"),
    "mark": ("Mark Oyelaran", "mark-oyelaran", "Director of Analytics",
             "Castlefield Analytics", "2014-02-11"),
    "sophie": ("Sophie Chen", "sophie-chen-eng", "Principal Engineer",
               "Castlefield Analytics", "2015-05-03"),
    "ben": ("Ben Carter", "ben-carter-bi", "BI Developer", "Castlefield Analytics",
            "2014-06-30"),
    # current colleagues (Northway Freight)
    "daniel": ("Daniel Kerr", "daniel-kerr-cto", "CTO", "Northway Freight", "2022-02-15"),
    "ruth": ("Ruth Mensah", "ruth-mensah", "Data Engineer", "Northway Freight", "2022-06-01"),
    "ollie": ("Oliver Grant", "oliver-grant-ops", "Operations Director", "Northway Freight",
              "2022-03-07"),
    # friends and the Manchester data scene
    "jo": ("Jo Whitaker", "jo-whitaker", "UX Researcher", "Salford Media Lab", "2012-11-02"),
    "kwame": ("Kwame Asante", "kwame-asante", "Engineering Manager", "Tessellate Health",
              "2016-04-21"),
    "hamid": ("Hamid Qureshi", "hamid-qureshi", "Staff Data Engineer", "Irwell Bank",
              "2019-01-15"),
    "mei": ("Mei Tanaka-Hughes", "mei-tanaka-hughes", "Analytics Engineer",
            "Cotton Exchange Retail", "2020-07-09"),
    "ellie": ("Ellie Woodward", "ellie-woodward", "Head of Product", "Harbourline",
              "2019-09-12"),
    "james": ("James Okafor", "james-okafor-data", "Data Engineer", "Mancunian Mutual",
              "2023-03-02"),
    "grace": ("Grace Liddell", "grace-liddell", "Engineering Director", "Tessellate Health",
              "2021-05-18"),
    # vendors and agencies the owner contacted herself
    "owen": ("Owen Pritchard", "owen-pritchard-sentinel", "Account Executive",
             "Sentinel Pipelines", "2025-03-18"),
    "beth": ("Beth Sandoval", "beth-sandoval", "Training Lead", "Pipeline Academy", None),
    "rachel": ("Rachel Osei", "rachel-osei-events", "Events Manager", "The Mill Rooms", None),
    "fiona": ("Fiona Marsh", "fiona-marsh-redbrick", "Director", "Redbrick Talent",
              "2024-11-02"),
    # strangers with specific questions, event contacts, candidates
    "felix": ("Félix Moreau", "félix-moreau-data", "Data Engineer", "Maison Vaillant", None),
    "nadia": ("Nadia Karim", "nadia-karim-ae", "Analytics Engineer", "Brightlane Insurance",
              "2025-04-11"),
    "wen": ("Li Wen 李文", "li-wen-sg", "Data Engineering Manager", "Straits Cold Chain",
            None),
    "ibrahim": ("Ibrahim Sesay", "ibrahim-sesay", "Data Engineer", "Mersey Ports", None),
    "chidi": ("Chidi Okeke", "chidi-okeke", "Junior Data Engineer", "Cheshire Building Society",
              None),
    "chris": ("Chris Doyle", "chris-doyle-leeds", "Lead Data Engineer", "Aire Valley Water",
              "2025-10-24"),
    "aoife": ("Aoife Brennan", "aoife-brennan", "Data Engineer", "Quayside Games",
              "2025-05-16"),
    "tunde": ("Tunde Bakare", "tunde-bakare", "Senior Data Engineer", "Halewood Energy",
              "2026-01-16"),
    "sana": ("Sana Iqbal", "sana-iqbal-data", "Senior Data Engineer", "Pennine Parcel Network",
             "2026-01-22"),
    "renee": ("Renée Dufour", "renee-dufour", "Programme Committee", "DataFlow North", None),
    # unsolicited offers that meet a stated need
    "martina": ("Martina Rossi", "martina-rossi-events", "Partnerships Manager",
                "Summit Circuit Events", None),
    "jonas": ("Jonas Whitfield", "jonas-whitfield", "Account Executive",
              "Tidewater Observability", None),
    "keira": ("Keira Lomax", "keira-lomax", "Enterprise SDR", "Quorum Data", None),
    "sam": ("Sam Heller", "sam-heller-talent", "Principal Consultant",
            "Brightwater Tech Talent", "2026-01-14"),
    "petra": ("Petra Novak", "petra-novak-dbt", "Freelance dbt & Airflow Consultant",
              "Self-employed", None),
    "emma": ("Emma Clarke", "emma-clarke-events", "Field Marketing Manager",
             "Sentinel Pipelines", None),
    "conor": ("Conor Walsh", "conor-walsh-peak", "Data Recruitment Consultant",
              "Peak Talent", None),
    # recruiters offering the owner a job (she is not looking)
    "victoria": ("Victoria Hale", "victoria-hale-apex", "Talent Partner",
                 "Apex Search Partners", None),
    "dev": ("Dev Malhotra", "dev-malhotra-recruits", "Senior Recruiter",
            "Northstar Talent Group", "2025-07-02"),
    "lauren": ("Lauren Fisher", "lauren-fisher-ta", "Talent Acquisition Partner",
               "Cirrus Retail", None),
    # connect-then-pitch and other off-topic sellers
    "brandon": ("Brandon Keyes", "brandon-keyes-growth", "Growth Partner", "Outreachly",
                "2025-06-03"),
    "irina": ("Irina Volkova", "irina-volkova-bd", "Business Development Manager",
              "Codewave Solutions", "2025-03-05"),
    "luis": ("Luis Ortega", "luis-ortega-seo", "SEO Consultant", "RankRise Digital",
             "2025-08-19"),
    "tariq": ("Tariq Hussain", "tariq-hussain-cloud", "Partner", "CloudTrim Advisory",
              "2026-03-10"),
    "gemma": ("Gemma Hart", "gemma-hart-coach", "Executive Coach", "Elevate Leaders",
              "2025-11-04"),
    "ryan": ("Ryan Castillo", "ryan-castillo-web", "Founder", "PixelForge Studio",
             "2026-06-09"),
    "aaron": ("Aaron Fitch", "aaron-fitch-scaledesk", "Founder", "ScaleDesk", "2026-08-11"),
    "matthias": ("Matthias Berger", "matthias-berger-mes", "Vertriebsleiter",
                 "Fertigwerk Systeme GmbH", None),
    "sven": ("Sven Olsen", "sven-olsen-erp", "Sales Executive", "FactoryPulse ERP", None),
    "nina": ("Nina Kovač", "nina-kovač-ads", "Paid Social Manager", "Clickwise", None),
    "zed": ("Zed Parker", "zed-parker-dev", "CEO", "HyperNova Apps", None),
    "kiran": ("Kiran Rao", "kiran-rao-bluepeak", "Delivery Head", "Bluepeak Offshore", None),
    "zara": ("Zara Ahmed", "zara-ahmed-peopleflow", "Account Executive", "PeopleFlow HR",
             None),
    "hugo": ("Hugo Lambert", "hugo-lambert-viz", "Partner", "Vizcraft Consulting", None),
    "paul": ("Paul Hendry", "paul-hendry-expo", "Sponsorship Manager", "LogiTech Expo", None),
    "bella": ("Bella Russo", "bella-russo-media", "Media Sales", "Freight Leaders Magazine",
              None),
    "member": ("LinkedIn Member", None, "", "", None),
    "sponsor": ("Meridian Business School", None, "", "", None),
    # no purpose stated
    "jordan": ("Jordan Blake", "jordan-blake-visionary", "Visionary Leader | Speaker | Investor",
               "Blake Ventures", "2025-07-28"),
    "stella": ("Stella Moyo", "stella-moyo", "Consultant", "Moyo & Partners", None),
    "farid": ("Farid Haddad", "farid-haddad", "Student", "University of Salford", None),
    "kevin": ("Kevin Liu", "kevin-liu-88", "Entrepreneur", "", None),
    # mass campaign senders
    "c1a": ("Arjun Mehta", "arjun-mehta-swift", "Business Development Executive",
            "SwiftSource Technologies", "2025-02-10"),
    "c1b": ("Kateryna Bondar", "kateryna-bondar", "Partnership Manager", "Dnipro Code Labs",
            None),
    "c1c": ("Rafael Souza", "rafael-souza-nearshore", "Sales Director", "Nearshore Hub",
            None),
    "c1d": ("Nguyễn Thị Lan", "lan-nguyen-outsource", "Account Manager", "Saigon Soft Works",
            None),
    "c1e": ("Bilal Ahmed", "bilal-ahmed-bd", "Business Development Manager",
            "Indus Code House", None),
    "c2a": ("Jake Morrison", "jake-morrison-pipeline", "SDR Manager", "PipelinePros",
            "2025-04-22"),
    "c2b": ("Chloe Barnes", "chloe-barnes-growth", "Growth Lead", "MeetingMint", None),
    "c2c": ("Marcus Lee", "marcus-lee-b2b", "Founder", "LeadLoop B2B", None),
    "c2d": ("Hannah Price", "hannah-price-outbound", "Outbound Specialist",
            "Booked Solid Agency", None),
    "c3a": ("Tiffany Lowe", "tiffany-lowe-brand", "Personal Brand Strategist", "Amplify You",
            "2025-12-01"),
    "c3b": ("Derek Shaw", "derek-shaw-ghostwriter", "Ghostwriter for CEOs", "Inkwell Content",
            None),
    "c3c": ("Priyanka Das", "priyanka-das-brand", "LinkedIn Growth Coach", "Visibility Lab",
            None),
}

# ----------------------------------------------------------------------------- threads


@dataclass
class Thread:
    """One conversation. Messages are (when "YYYY-MM-DD HH:MM" UTC, sender key, text).

    Sender "me" is the owner; "them" is ``who``. ``label`` applies to every inbound message;
    ``why`` says why, for whoever checks the demo's labels.
    """

    who: str
    label: str
    why: str
    messages: list[tuple[str, str, str]]
    title: str = ""
    subject: str = ""
    html: bool = False
    members: tuple[str, ...] = ()  # other people in a group chat
    folder: str = ""


WELCOME, PITCH, ASK, SPAM = "welcome", "relevant_pitch", "ask_why", "spam"

THREADS: list[Thread] = [
    # ---- former colleagues and friends: real two-way conversations
    Thread("tom", WELCOME, "former colleague (Pennine, 2018-2022), two-way", [
        ("2025-01-14 18:02", "them", "Imogen! Long time. Saw Northway in the news for the new "
         "hub in Trafford Park. That's your data feeding the route planner, I assume? 😄"),
        ("2025-01-14 20:41", ME, "Ha, partly! The route planner team would say it's all their "
         "clever maths. How's life at Pennine? Still fighting the depot scanner feed?"),
        ("2025-01-15 08:12", "them", "Always. They replaced the handhelds in October and the "
         "new ones send local time with no offset. Guess what happens at the end of March."),
        ("2025-01-15 08:30", ME, "Oh no. The clocks-change double hour. We had exactly that in "
         "2019, remember the 'negative delivery time' dashboard?"),
        ("2025-01-15 08:47", "them", "I still have the screenshot. Pint soon?"),
        ("2025-01-15 09:05", ME, "Definitely. Thursday after next, usual place?"),
        ("2025-01-30 22:40", "them", "Good to see you tonight. You still owe me a rematch at "
         "pool."),
        ("2025-01-31 08:05", ME, "Next time. Bring your A game 🎱"),
    ]),
    Thread("tom", WELCOME, "former colleague, owner asked for referrals", [
        ("2026-01-12 12:30", ME, "Hi Tom, we've finally got budget for two senior data "
         "engineers (Python, dbt, Airflow, hybrid in Manchester). If anyone from the old "
         "Pennine crew is itching to move, I'd love an intro.\n\nThe post is on my profile, "
         "but a word from you counts for more."),
        ("2026-01-12 17:48", "them", "Nice one! Gareth might be tempted, he's been grumbling "
         "about the on-call rota. I'll also ask Sana, she led the Airflow migration after "
         "you left."),
        ("2026-01-12 18:03", ME, "Brilliant, thank you. Happy for either to message me "
         "directly."),
        ("2026-01-20 09:15", "them", "Sana says she'll message you this week. Gareth is a "
         "maybe 🙂"),
    ]),
    Thread("priya", WELCOME, "former colleagues' group chat", [
        ("2025-06-04 12:10", "priya", "Right, it's been far too long. Who's in for drinks in "
         "Leeds on the 20th? I'll book somewhere that isn't the Brewery Tap."),
        ("2025-06-04 12:26", "tom", "In. Anywhere but the Brewery Tap."),
        ("2025-06-04 13:02", "gareth", "Can do after 7, I'm on call until then."),
        ("2025-06-04 13:40", ME, "I'm in! I'll get the 17:50 from Piccadilly."),
        ("2025-06-19 16:22", "priya", "Booked: The Lamplighter, Call Lane, 7:30. Table under "
         "Raman."),
        ("2025-06-19 16:30", ME, "Perfect, see you all tomorrow 🙌"),
    ], title="Pennine alumni drinks 🍻", members=("tom", "gareth")),
    Thread("priya", WELCOME, "former colleague asking for advice", [
        ("2025-09-02 10:15", "them", "Hi Imogen, quick work question if you have five "
         "minutes. We're looking at putting our metrics in the dbt semantic layer so finance "
         "and ops stop arguing about what 'on time' means. Did you do anything like that at "
         "Northway?"),
        ("2025-09-02 11:40", ME, "We did, with mixed results. Defining the metrics was the "
         "easy part; agreeing that a parcel delivered at 17:59 to a closed reception is not "
         "'on time' took three workshops. Happy to show you our definitions on a call."),
        ("2025-09-02 11:52", "them", "That would be amazing. Friday 2pm?"),
        ("2025-09-02 12:01", ME, "Friday 2pm works. I'll send a Teams link."),
        ("2025-09-05 15:20", "them", "Thanks so much for today, really useful. 'Agree the "
         "definition before writing SQL' is going on a poster."),
    ]),
    Thread("priya", WELCOME, "former colleague, news", [
        ("2026-07-07 09:30", "them", "We shipped the semantic layer! Finance and ops now "
         "argue about something else entirely 😅"),
        ("2026-07-07 09:55", ME, "Progress! Congratulations, that's a big one."),
    ]),
    Thread("gareth", WELCOME, "former colleague interested in the role the owner is hiring", [
        ("2026-01-22 21:04", "them", "Hey Imogen, Tom mentioned you're hiring. Honest "
         "question before I get my hopes up: what's the on-call like? I'm doing one week in "
         "three at the moment and it's wearing me down."),
        ("2026-01-23 07:55", ME, "Honest answer: one week in six, business hours only for "
         "most pipelines, and a proper overnight rota only for the manifest load that feeds "
         "the morning sort. On-call is paid separately. Want the job spec?"),
        ("2026-01-23 08:20", "them", "Yes please. One in six sounds like a holiday."),
        ("2026-01-23 08:41", ME, "Sent to your personal email. No pressure either way."),
        ("2026-02-02 19:10", "them", "Read it twice. I'd like to apply. Do I send my CV to you "
         "or to the recruiter?"),
        ("2026-02-02 19:32", ME, "To me, and I'll put it through our internal referral route. "
         "🙂"),
        ("2026-03-20 18:00", "them", "Got the offer! Handing in my notice at Pennine tomorrow "
         "😬🎉"),
        ("2026-03-20 18:10", ME, "So pleased! The team will love you."),
    ]),
    Thread("analucia", WELCOME, "former colleague writing in Spanish", [
        ("2025-03-21 19:44", "them", "¡Hola Imogen! ¿Qué tal todo por Manchester? Te escribo "
         "porque en Levante Logística por fin estamos montando un equipo de datos y me acordé "
         "de cómo organizaste los modelos de eventos en Pennine.\n\n¿Tendrías media hora algún "
         "día para contarme cómo lo harías hoy?"),
        ("2025-03-22 10:12", ME, "¡Hola Ana Lucía! Qué alegría. Of course. My Spanish is still "
         "terrible, so English? How about Tuesday at 5pm your time?"),
        ("2025-03-22 10:30", "them", "¡Perfecto! El martes a las 17h. Gracias, de verdad."),
        ("2025-03-25 18:05", "them", "Mil gracias por la llamada. Te mando el diagrama cuando "
         "esté más limpio. Un abrazo desde Valencia ☀️"),
    ]),
    Thread("analucia", WELCOME, "former colleague, Spanish, news", [
        ("2026-05-04 12:00", "them", "¡Hola! Ya tenemos el equipo montado: tres personas y un "
         "proyecto dbt que funciona 🎉 Gracias otra vez por tus consejos."),
        ("2026-05-04 13:10", ME, "¡Enhorabuena! So happy for you."),
    ]),
    Thread("mark", WELCOME, "former manager (Castlefield, 2013-2017)", [
        ("2025-02-11 09:30", "them", "Morning Imogen. Castlefield turns fifteen in May and "
         "we're doing a small do for alumni. You were one of our first engineers, so you're "
         "on the list whether you like it or not. Save the date: 16 May, the old office."),
        ("2025-02-11 12:14", ME, "Mark, that's lovely, I'll be there. Is the coffee machine "
         "that caught fire still on display?"),
        ("2025-02-11 12:20", "them", "It has pride of place in reception."),
    ]),
    Thread("mark", WELCOME, "former manager asking for a talk", [
        ("2026-09-14 10:00", "them", "Imogen, would you give a 30-minute career talk to our "
         "graduate intake in October? They'd love to hear from someone who started here."),
        ("2026-09-14 12:30", ME, "I'd be delighted. Any Tuesday or Thursday in October works."),
        ("2026-09-14 12:45", "them", "Thursday 15th at 3pm then. Thank you!"),
    ]),
    Thread("sophie", WELCOME, "former colleague, technical question", [
        ("2025-07-08 14:02", "them", "Hi! Random one: did you ever move your sensors to "
         "deferrable operators? Our scheduler spends half its life poking S3."),
        ("2025-07-08 14:30", ME, "Yes, last spring. It halved our worker count. The catch: "
         "the triggerer is a single point of failure if you only run one, so run two."),
        ("2025-07-08 14:33", "them", "That's exactly what bit us in staging. Two triggerers it "
         "is. Thanks!"),
        ("2025-07-08 14:35", ME, "Any time. Say hi to the Castlefield lot from me."),
    ]),
    Thread("sophie", WELCOME, "former colleague sharing the job ad", [
        ("2026-01-16 09:45", "them", "Shared your job ad in our alumni Slack, hope you get "
         "some good people!"),
        ("2026-01-16 10:00", ME, "Thank you Sophie, that's really kind."),
    ]),
    Thread("ben", WELCOME, "former colleague asking for a reference", [
        ("2025-12-08 19:20", "them", "Hi Imogen, hope you're well! I'm applying for a data "
         "engineering role at a housing association. Would you be willing to be a referee? "
         "We worked together on the Lowry Retail project in 2016."),
        ("2025-12-08 20:05", ME, "Of course, Ben. Happy to. Give them my work email."),
        ("2025-12-08 20:07", "them", "Thank you so much!"),
    ]),
    Thread("daniel", WELCOME, "the owner's CTO: budget for the observability tool", [
        ("2025-11-03 17:40", "them", "Imogen, finance signed off the tooling budget for next "
         "year. You've got up to £35k for the observability tool, as long as it replaces most "
         "of the home-grown checks. Shortlist by the end of January?"),
        ("2025-11-03 18:02", ME, "Great news, thank you. Yes, a shortlist of three with a "
         "proof-of-concept plan by 30 January."),
        ("2025-11-04 08:15", "them", "Perfect. And well done on the summit panel, ops have "
         "been quoting you."),
    ]),
    Thread("daniel", WELCOME, "the owner's CTO", [
        ("2026-01-29 16:50", ME, "Shortlist attached: Sentinel Pipelines, Tidewater and one "
         "open-source option as the control. Proofs of concept in February and March, "
         "decision by mid-April."),
        ("2026-01-29 17:20", "them", "Looks good. Make sure ops get a vote on the alert "
         "routing, they're the ones who'll be woken up."),
        ("2026-04-16 18:00", ME, "Decision: Sentinel Pipelines. Their lineage handled our dbt "
         "project without changes and ops liked the alert routing. Contract draft next week."),
        ("2026-04-16 18:30", "them", "Great call. Let's tell the team on Monday."),
    ]),
    Thread("ruth", WELCOME, "team member", [
        ("2025-05-09 16:55", "them", "The manifest backfill finished! 212 days reloaded, zero "
         "duplicates 🎉"),
        ("2025-05-09 17:01", ME, "Amazing work Ruth. Cake on Monday is on me."),
        ("2025-05-09 17:02", "them", "Carrot cake please 🥕"),
    ]),
    Thread("ruth", WELCOME, "team member", [
        ("2026-04-28 10:02", "them", "Heads up: the Airflow 3 upgrade in staging broke two "
         "DAGs that still use SubDagOperator. I'll rewrite them as task groups today, "
         "shouldn't delay Thursday."),
        ("2026-04-28 10:15", ME, "Thanks for flagging. Task groups are the right call. Shout "
         "if you need a reviewer."),
        ("2026-04-30 16:10", "them", "Both DAGs rewritten and green in staging ✅"),
        ("2026-04-30 16:20", ME, "Brilliant, thank you!"),
    ]),
    Thread("ollie", WELCOME, "colleague (operations)", [
        ("2025-12-01 07:48", "them", "Morning. The board wants depot on-time numbers for "
         "November split by carrier by Thursday. Does your dashboard already do that or do I "
         "need to beg?"),
        ("2025-12-01 08:30", ME, "It already does: Depot Performance, filter November, group "
         "by carrier. If you need a slide, Ruth can export it by Wednesday."),
        ("2025-12-01 08:34", "them", "You're a star."),
    ]),
    Thread("jo", WELCOME, "friend", [
        ("2025-04-18 20:12", "them", "Are you still coming to mine on Saturday? I've made far "
         "too much lasagne."),
        ("2025-04-18 20:40", ME, "Yes! I'll bring wine and the board game you hate."),
        ("2025-04-18 20:41", "them", "Not Wingspan again 😂"),
        ("2025-04-18 20:43", ME, "Wingspan again."),
    ]),
    Thread("jo", WELCOME, "friend", [
        ("2026-08-30 11:05", "them", "Happy birthday you! 🎂 Hope the team spoils you."),
        ("2026-08-30 12:20", ME, "Thank you lovely! They got me a cake shaped like a DAG. "
         "Nerds."),
    ]),
    Thread("kwame", WELCOME, "friend asking for management advice", [
        ("2025-10-06 19:30", "them", "Hey, I've just been made manager of a team of six and "
         "I'm drowning in 1:1s. How do you run yours without them eating your week?"),
        ("2025-10-06 21:02", ME, "Congratulations! Fortnightly, 30 minutes, their agenda not "
         "yours, and a shared doc so nothing gets lost. I keep Friday afternoons free of them "
         "so I get one thinking block a week."),
        ("2025-10-06 21:15", "them", "Their agenda, not mine: that's the bit I was getting "
         "wrong. Thank you, coffee's on me."),
        ("2025-10-06 21:20", ME, "Deal. And don't cancel them when you're busy, that's when "
         "they matter most."),
        ("2025-10-06 21:24", "them", "Noted 📝"),
    ]),
    Thread("kwame", WELCOME, "friend", [
        ("2026-05-20 20:15", "them", "Six months into managing and I still use your 1:1 "
         "template every week. Drinks on Friday to celebrate me not quitting? 🍻"),
        ("2026-05-20 20:30", ME, "Ha! Yes, Friday. Proud of you."),
    ]),
    Thread("hamid", WELCOME, "meetup organiser; the owner offered a talk", [
        ("2025-03-03 13:15", ME, "Hi Hamid, are you still looking for speakers for the April "
         "meetup? I could do 20 minutes on how we're retiring our home-grown data checks."),
        ("2025-03-03 14:02", "them", "Yes please! April 24th, usual venue. 20 minutes plus "
         "Q&A is perfect. Can you send a title and two lines of abstract by next Friday?"),
        ("2025-03-04 09:10", ME, "Title: 'Four hundred checks and a funeral'. Abstract to "
         "follow 😄"),
        ("2025-03-04 09:12", "them", "Sold."),
        ("2025-04-25 08:40", "them", "Thanks again for last night, best-attended meetup since "
         "before Covid. Three people asked me for your slides."),
        ("2025-04-25 09:00", ME, "Thank you for having me! Slides are on the meetup page now."),
    ]),
    Thread("hamid", WELCOME, "meetup organiser", [
        ("2026-06-15 18:20", "them", "Fancy co-organising the meetup with me next year? I "
         "can't keep doing it alone and you're the obvious person."),
        ("2026-06-15 19:05", ME, "I'd love to. Let's grab a coffee and divide things up."),
        ("2026-06-15 19:06", "them", "Legend. Friday?"),
        ("2026-06-15 19:10", ME, "Friday 👍"),
    ]),
    Thread("mei", WELCOME, "friend from the meetup", [
        ("2025-08-14 12:45", "them", "Imogen!! Your post on late-arriving scans was exactly "
         "what I needed this week. Our till data has the same problem when stores go offline. "
         "Lunch next week to pick your brains? 🍜"),
        ("2025-08-14 13:10", ME, "Always up for ramen. Wednesday?"),
        ("2025-08-14 13:11", "them", "Wednesday! Usual place on Oldham Street."),
    ]),
    Thread("mei", WELCOME, "friend", [
        ("2026-10-15 18:00", "them", "Your DataFlow talk was brilliant 👏👏 The 'parcel "
         "delivered before it left the depot' slide 😂"),
        ("2026-10-15 18:30", ME, "Thank you!! 🙏"),
    ]),
    Thread("tom", WELCOME, "former colleague", [
        ("2026-11-10 17:05", "them", "Are you going to DataFlow North next year? Your talk "
         "was the one everyone at work was talking about."),
        ("2026-11-10 18:30", ME, "That's so kind. Yes, if they'll have me back!"),
    ]),
    # ---- owner-started threads: the other side replies with a price (welcome)
    Thread("owen", WELCOME, "owner asked the vendor for pricing", [
        ("2025-03-17 10:05", ME, "Hi Owen, I filled in the contact form on your site last "
         "week but haven't heard back. We run about 400 dbt models on Snowflake with Airflow "
         "and want to replace our home-grown data checks with an observability tool. Could "
         "you share rough pricing for that size?"),
        ("2025-03-17 15:32", "them", "Hi Imogen, sorry the form went into a black hole. For "
         "around 400 models and one warehouse our Team plan is £24,000 a year, including "
         "column-level lineage and the dbt integration. We usually run a four-week proof of "
         "concept at no cost. Shall I set one up?"),
        ("2025-03-18 09:00", ME, "Thanks, that's helpful. Not yet: we're aiming to shortlist "
         "in the new year. I'll come back to you then."),
        ("2025-03-18 09:20", "them", "Understood. I'll leave it with you."),
        ("2026-01-08 10:40", ME, "Hi Owen, as promised: we now have budget and are "
         "shortlisting. Is £24k still right for ~450 models, and could a proof of concept "
         "start in February?"),
        ("2026-01-08 14:15", "them", "Happy new year! Yes, same price up to 500 models. "
         "February works; I'll send a plan and draft success criteria by Friday."),
        ("2026-04-17 09:00", ME, "Hi Owen, good news: we've chosen Sentinel. Could you send the "
         "contract for the Team plan?"),
        ("2026-04-17 11:30", "them", "Fantastic news, thank you! Contract on its way today."),
    ]),
    Thread("beth", WELCOME, "owner asked for a training quote", [
        ("2025-10-14 11:20", ME, "Hello Beth, do you run in-house dbt training? We'd like a "
         "two-day course for six engineers in Manchester early next year."),
        ("2025-10-15 09:05", "them", "Hi Imogen, we do. Two days on site for up to eight "
         "people is £6,400 plus travel, and we tailor day two to your own project. Would "
         "January or February suit?"),
        ("2025-10-15 09:30", ME, "February, ideally the week of the 9th. I'll confirm with the "
         "team."),
    ]),
    Thread("rachel", WELCOME, "owner asked a venue for a price", [
        ("2025-06-23 16:00", ME, "Hi Rachel, we're thinking of hosting a data meetup for about "
         "80 people in September. Do you have a room, and what would an evening cost?"),
        ("2025-06-24 10:11", "them", "Hi Imogen, the Weaving Room holds 90 theatre style. "
         "Weekday evenings are £750 for 6-10pm including AV; catering is extra, from £12 a "
         "head. Happy to pencil in a date."),
    ]),
    Thread("fiona", WELCOME, "owner asked an agency for terms", [
        ("2026-01-13 09:00", ME, "Hi Fiona, we worked together briefly in 2024. We're now "
         "hiring two senior data engineers (Python, dbt, Airflow) in Manchester. What are "
         "your terms these days?"),
        ("2026-01-13 11:45", "them", "Hi Imogen, lovely to hear from you. 15% of first-year "
         "base, with a 12-week rebate. I already have two people in mind who fit that stack; "
         "shall I send anonymised profiles?"),
        ("2026-01-13 12:02", ME, "Yes please."),
        ("2026-01-14 10:00", "them", "Profiles sent to your inbox. Both can interview from next "
         "week."),
        ("2026-01-14 10:20", ME, "Thank you, I'll review them today."),
    ]),
    # ---- strangers with a specific question, event follow-ups, candidates (welcome)
    Thread("felix", WELCOME, "stranger with a specific question about the owner's article", [
        ("2025-09-22 08:35", "them", "Bonjour Imogen, I read your article on late-arriving "
         "scans and have a question about the 72-hour lookback. Do you rebuild the whole "
         "window on every incremental run, or only the days that received late events? We "
         "have the same problem with store deliveries and the full window is very slow."),
        ("2025-09-22 12:10", ME, "Hi Félix, good question. We started with the full window "
         "and it was slow for us too. Now we keep a small table of the days that received "
         "late events since the last run and only rebuild those. Run time dropped by about "
         "80%."),
        ("2025-09-22 12:34", "them", "Very clear, merci beaucoup. I will try it this week."),
    ]),
    Thread("nadia", WELCOME, "question about the owner's article", [
        ("2025-04-12 14:20", "them", "Thanks for connecting! In your article you mention "
         "checks that fire every bank holiday. How did you decide which ones to delete? Alert "
         "history, or just asking people?"),
        ("2025-04-12 16:45", ME, "Both. We exported six months of alerts and counted how many "
         "led to a ticket or a fix. Anything under one action in six months went on a list, "
         "then we asked the owning team if they'd miss it. Most said no."),
        ("2025-04-12 16:50", "them", "Love that. Stealing it."),
    ]),
    Thread("wen", WELCOME, "question about the owner's article", [
        ("2026-02-18 03:12", "them", "Hi Imogen, I manage a data team in Singapore and read "
         "your piece on hiring data engineers without a take-home test. How long is the "
         "paired session, and do you use the same incident for every candidate?"),
        ("2026-02-18 08:40", ME, "Hi Wen, 75 minutes. We rotate three sanitised incidents so "
         "notes can't be shared, and we say in advance which tools will be available."),
        ("2026-02-18 09:02", "them", "Thank you, very helpful. 谢谢！"),
    ]),
    Thread("ibrahim", WELCOME, "stranger with a specific question after the owner's panel", [
        ("2025-11-26 13:10", "them", "Hi Imogen, I saw your panel at Northern Data Summit. "
         "You said you route alerts to table owners using dbt meta tags. Do you keep owners "
         "in the model YAML or in a separate file?"),
        ("2025-11-26 15:00", ME, "In the model YAML under meta.owner, with a CI check that "
         "fails if a model has no owner. A separate file always drifted for us."),
        ("2025-11-26 15:03", "them", "Makes sense. Thanks a lot!"),
    ]),
    Thread("chidi", WELCOME, "asks for mentoring (a welcome topic)", [
        ("2026-03-19 18:40", "them", "Hi Imogen, I'm a junior data engineer two years in. "
         "Would you be open to a 30-minute mentoring chat once a month? I'm especially keen "
         "to learn about modelling event data."),
        ("2026-03-20 08:15", ME, "Hi Chidi, happy to. First Tuesday of the month, 8:30am, "
         "video call? Bring one real problem each time."),
        ("2026-03-20 08:31", "them", "That's perfect, thank you so much!"),
    ]),
    Thread("chris", WELCOME, "event follow-up (panel at Northern Data Summit)", [
        ("2025-10-24 09:05", "them", "Thanks for accepting! Great to share the panel with you "
         "on Wednesday. Would you mind sending the slide with your freshness SLO table? I'd "
         "like to show it to my team."),
        ("2025-10-24 10:30", ME, "Of course, here you go. Feel free to share it internally. "
         "Good luck with the SLO roll-out!"),
        ("2025-10-24 10:32", "them", "Brilliant, thank you. See you at the next one."),
    ]),
    Thread("chris", WELCOME, "event contact invites the owner to speak", [
        ("2026-02-24 12:00", "them", "Hi Imogen, I've taken over the Leeds dbt meetup. Would "
         "you do a talk in May? Anything on late data would go down a storm."),
        ("2026-02-24 13:30", ME, "Yes, happily. I'll do a shorter version of my DataFlow "
         "talk."),
        ("2026-05-14 21:00", "them", "Thanks for tonight! Record turnout for Leeds dbt 🙌"),
        ("2026-05-15 07:40", ME, "Loved it. Great questions from the crowd."),
    ]),
    Thread("aoife", WELCOME, "met at the owner's meetup talk; candidate", [
        ("2025-05-16 18:30", "them", "Hi Imogen, thanks for your talk last month. You "
         "mentioned Northway might hire data engineers later this year. I'm a data engineer "
         "at Quayside Games (Python and Airflow, learning dbt). Could you let me know when "
         "the roles open?"),
        ("2025-05-17 09:20", ME, "Hi Aoife, thanks! Likely January. I'll message you when the "
         "ad goes up."),
        ("2026-01-12 13:00", ME, "Hi Aoife, as promised: the two senior roles are live. Given "
         "your Airflow work I think you'd be a good fit. Happy to have an informal chat "
         "first."),
        ("2026-01-12 19:45", "them", "Thank you for remembering! An informal chat would be "
         "great. I'm free most evenings this week."),
        ("2026-03-06 17:30", "them", "I've just signed the contract! Can't wait to start on "
         "7 April 🎉"),
        ("2026-03-06 17:45", ME, "Fantastic news, welcome aboard!"),
    ]),
    Thread("tunde", WELCOME, "candidate replying to the owner's hiring post", [
        ("2026-01-15 20:10", "them", "Hi Imogen, I saw your post about the two Senior Data "
         "Engineer roles. I've spent five years on Airflow and three on dbt at Halewood "
         "Energy, including our move to Snowflake. Would you be open to a short chat before "
         "I apply?"),
        ("2026-01-16 08:30", ME, "Hi Tunde, that sounds like a great background. Thursday at "
         "12:30 for 20 minutes?"),
        ("2026-01-16 08:44", "them", "Thursday 12:30 works. Thank you!"),
        ("2026-02-04 18:00", "them", "Thank you for the interview today, I really enjoyed the "
         "paired session."),
        ("2026-02-05 08:00", ME, "Thanks Tunde, we enjoyed it too. We'll be in touch by "
         "Friday."),
    ]),
    Thread("sana", WELCOME, "referred by a former colleague; candidate", [
        ("2026-01-21 19:00", "them", "Hi Imogen, Tom Ashworth passed on your details. I led "
         "the Airflow 2 migration at Pennine and I'm interested in the senior data engineer "
         "role. Would you have time for a call?"),
        ("2026-01-22 08:10", ME, "Hi Sana, Tom speaks very highly of you. Yes! Monday at "
         "4pm?"),
        ("2026-01-22 08:25", "them", "Monday at 4 is great, thanks."),
    ]),
    Thread("renee", WELCOME, "conference accepting the owner's talk proposal (mojibake text)", [
        ("2026-03-27 15:02", "them", "Hi Imogen, RenÃ©e from the DataFlow North programme "
         "committee here. Thanks for your proposal on late-arriving events. Weâ€™d like to "
         "offer you a 30-minute slot on day two (14 October). Could you confirm by 10 "
         "April?"),
        ("2026-03-27 16:15", ME, "Hi Renée, that's wonderful news. Yes, I confirm. Thank "
         "you!"),
        ("2026-03-28 09:00", "them", "Fantastic. Weâ€™ll send the speaker pack next week."),
    ]),
    Thread("renee", WELCOME, "conference logistics for the owner's accepted talk", [
        ("2026-09-30 10:00", "them", "Hi Imogen, your session is confirmed for 14 October at "
         "11:20 in Hall B. Please send your slides by 7 October."),
        ("2026-09-30 11:00", ME, "Will do, thank you!"),
    ]),
    # ---- unsolicited offers that meet a stated need (relevant_pitch)
    Thread("jonas", PITCH, "observability vendor; real personalisation (owner's article)", [
        ("2025-04-15 11:02", "them", "Hi Imogen,\n\nI read 'The data checks we wrote "
         "ourselves, and why we are retiring them' and your wish list matched what we built "
         "almost line for line: column-level lineage from dbt, seasonality-aware volume "
         "checks, and alerts routed to the owning team.\n\nI'm an account executive at "
         "Tidewater Observability. If it's useful, I can show you how we'd handle the Monday "
         "manifest drop you described. No slides, just your dbt project in a sandbox."),
        ("2025-04-15 13:20", ME, "Hi Jonas, thanks, that's a thoughtful note. We're not "
         "buying until early next year, but I'll add you to the shortlist list in January."),
        ("2025-04-15 13:26", "them", "Perfect, I'll check back in January. Good luck with the "
         "retirement party for the checks."),
        ("2026-01-09 10:05", "them", "Hi Imogen, happy new year! Checking back in as "
         "promised. Are you still planning the observability shortlist this month?"),
        ("2026-01-09 11:20", ME, "Hi Jonas, yes. We'd like to include Tidewater in a proof of "
         "concept in March. Can you send your plan?"),
        ("2026-01-09 14:00", "them", "Great! Plan and sandbox access coming your way on "
         "Monday."),
        ("2026-04-17 09:10", ME, "Hi Jonas, thank you for the proof of concept. We've gone "
         "with another vendor this time, mainly on dbt lineage. I really appreciated how you "
         "approached it."),
        ("2026-04-17 10:00", "them", "Thanks for letting me know, and for the fair trial. Good "
         "luck with the roll-out!"),
    ]),
    Thread("keira", PITCH, "observability vendor, generic pitch with a bump", [
        ("2025-11-18 15:40", "them", "Hi Imogen, data downtime costs teams like yours hours "
         "every week. Quorum Data monitors freshness, volume and schema changes across your "
         "warehouse with zero configuration. Worth a 20-minute demo?"),
        ("2025-11-25 15:41", "them", "Hi Imogen, bumping this in case it got buried. Would "
         "next Tuesday or Wednesday work for a quick demo?"),
    ]),
    Thread("emma", PITCH, "observability vendor webinar invitation", [
        ("2026-02-26 14:00", "them", "Hi Imogen, we're running a 45-minute webinar on 12 March: "
         "'Retiring home-grown data checks without losing coverage', with a live demo of "
         "Sentinel's dbt lineage. Would you like a seat? Recording available if the time "
         "doesn't suit."),
    ]),
    Thread("sam", PITCH, "agency offering candidates for the roles the owner is hiring", [
        ("2026-01-14 09:30", "them", "Thanks for connecting, Imogen. I saw your post about the "
         "two senior data engineer roles. I'm representing two engineers in Manchester with "
         "strong Python, dbt and Airflow experience, both open to hybrid. Our fee is 18%. "
         "Would you like to see anonymised CVs?"),
        ("2026-01-14 10:05", ME, "Thanks Sam. We're already working with one agency, but send "
         "the anonymised CVs and I'll take a look."),
        ("2026-01-14 10:40", "them", "Will do, sending them over this afternoon."),
        ("2026-01-20 15:00", "them", "Hi Imogen, did you get a chance to look at the CVs? "
         "Candidate B has another offer on the table."),
        ("2026-01-20 16:00", ME, "Thanks Sam. We'd like to interview candidate B next week, "
         "please."),
    ]),
    Thread("conor", PITCH, "agency with a matching candidate", [
        ("2026-02-09 09:10", "them", "Hi Imogen, I specialise in data engineering hires in the "
         "North West. I have a senior engineer available now with six years of Airflow and "
         "dbt, currently at a Manchester fintech and looking for a hybrid role. Shall I send "
         "a blind profile?"),
        ("2026-02-16 09:12", "them", "Hi Imogen, just following up on the blind profile. "
         "Happy to send it over if useful."),
    ]),
    Thread("petra", PITCH, "freelancer offering cover while the owner hires", [
        ("2026-02-03 12:00", "them", "Hi Imogen, I'm a freelance data engineer (dbt and "
         "Airflow, eight years, based in Stockport). If you need cover while you hire for the "
         "senior roles, I'm available from March for three to six months at £550 a day."),
    ]),
    Thread("martina", PITCH, "speaking slot (a stated need), but pay-to-speak", [
        ("2026-04-14 10:30", "them", "Dear Imogen,\n\nI'm curating the speaker line-up for the "
         "Future of Data Leaders Summit in London this November. Given your experience at "
         "Northway Freight, we'd love to feature you on a keynote panel.\n\nSpeaking "
         "partnerships start at £1,950 and include two delegate passes and a branded video "
         "interview. Shall I send the prospectus?"),
        ("2026-04-22 09:15", "them", "Hi Imogen, just following up on the speaking "
         "opportunity. Places on the panel are filling fast."),
    ]),
    # ---- recruiters offering the owner a job: she is not looking (spam)
    Thread("victoria", SPAM, "recruiter InMail (HTML); owner not open to recruiters", [
        ("2025-09-09 08:15", "them",
         '<p class="spinmail-quill-editor__spin-break">Hi Imogen,</p>'
         '<p class="spinmail-quill-editor__spin-break">I hope you&#39;re well! I&#39;m '
         "partnering with a Series C payments &amp; lending scale-up that is hiring a "
         "<strong>Head of Data Platform</strong> in London.</p>"
         '<p class="spinmail-quill-editor__spin-break">Highlights:<br>• £150k-£170k base '
         "&amp; equity<br>• Greenfield platform build<br>• Hybrid, 3 days in the office</p>"
         '<p class="spinmail-quill-editor__spin-break">Would you be open to a confidential '
         "chat this week?</p><p>Best,<br>Victoria</p>"),
        ("2025-09-16 08:10", "them", "<p>Hi Imogen,</p><p>Just floating this back to the top "
         "of your inbox &amp; wondering if you had any thoughts?</p><p>Victoria</p>"),
    ], subject="Head of Data Platform | Fintech scale-up | London", html=True),
    Thread("dev", SPAM, "recruiter after connecting; owner says no thanks", [
        ("2025-07-03 10:20", "them", "Hi Imogen, thanks for connecting! I'm working on a VP of "
         "Data role with a leading e-commerce brand in London, up to £180k + bonus. Your "
         "background looks like a great fit. Are you open to a conversation?"),
        ("2025-07-03 12:45", ME, "Thanks Dev, but I'm not looking to move and I'm not open to "
         "recruiter approaches. All the best with the search."),
        ("2025-07-03 12:50", "them", "Totally understand! If you know anyone who might be "
         "interested, I'd really appreciate a referral 🙏"),
        ("2025-10-14 09:00", "them", "Hi Imogen, hope all is well! I have a new Director of "
         "Data Engineering role in Manchester, remote-friendly. Any chance you'd "
         "reconsider?"),
    ]),
    Thread("lauren", SPAM, "in-house recruiter; owner not looking", [
        ("2026-09-22 11:30", "them", "Hi Imogen, I lead data hiring at Cirrus Retail. We're "
         "building a new Head of Data Engineering role in Leeds and your profile stood out. "
         "Would you be open to an exploratory chat?"),
    ]),
    # ---- connect-then-pitch and off-topic pitches (spam)
    Thread("brandon", SPAM, "connect-then-pitch (lead generation), unanswered bumps", [
        ("2025-06-03 09:01", "them", "Thanks for connecting, Imogen! Quick question: is "
         "Northway Freight looking to add more qualified sales meetings this quarter? We book "
         "15-25 meetings a month with logistics decision makers, and you only pay per "
         "meeting held."),
        ("2025-06-10 09:02", "them", "Hi Imogen, just bumping this to the top of your inbox. "
         "Worth a quick call?"),
        ("2025-06-24 09:03", "them", "Hi Imogen, I'll assume the timing isn't right. Should I "
         "reach out again next quarter?"),
    ]),
    Thread("irina", SPAM, "connect-then-pitch (offshore development); owner says no thanks", [
        ("2025-03-06 11:30", "them", "Hello Imogen, thank you for accepting my invitation. "
         "Codewave Solutions provides dedicated development teams from Vietnam and Poland for "
         "logistics companies. We build custom TMS, WMS and mobile apps at 50% of UK cost. "
         "Can we schedule a 15-minute call?"),
        ("2025-03-13 11:31", "them", "Hi Imogen, following up on my previous message. Do you "
         "have any software development needs this quarter?"),
        ("2025-03-13 14:00", ME, "Hi Irina, thanks, but we have no need for outsourced "
         "development. Please don't follow up."),
    ]),
    Thread("luis", SPAM, "connect-then-pitch (SEO)", [
        ("2025-08-20 14:22", "them", "Hi Imogen! I took a look at Northway Freight's website "
         "and found 37 technical SEO issues holding you back in Google. I'd be happy to send "
         "a free audit. Interested?"),
        ("2025-08-27 14:22", "them", "Hey Imogen, did you get a chance to see my message? The "
         "free audit offer is still open 😊"),
        ("2025-09-10 14:23", "them", "Last try! Should I send the audit to you or to someone "
         "in marketing?"),
    ]),
    Thread("tariq", SPAM, "connect-then-pitch (cloud cost consulting)", [
        ("2026-03-11 10:00", "them", "Hi Imogen, thanks for connecting. We help companies on "
         "AWS and Snowflake cut their cloud bill by 30-45% in eight weeks, no saving no fee. "
         "Open to a short call to see if there's a fit?"),
        ("2026-03-18 10:00", "them", "Hi Imogen, following up. Most logistics firms we speak "
         "to are overspending by six figures. Worth 15 minutes?"),
    ]),
    Thread("gemma", SPAM, "connect-then-pitch (coaching)", [
        ("2025-11-05 19:30", "them", "Hi Imogen, thanks for connecting! I work with women in "
         "senior tech roles who feel stretched thin and want to lead with more confidence. "
         "I'm offering three complimentary coaching sessions this month. Would you like to "
         "book one?"),
        ("2025-11-19 19:31", "them", "Hi Imogen, just checking in! Only two complimentary "
         "spots left for November 💫"),
    ]),
    Thread("ryan", SPAM, "connect-then-pitch (web design), three unanswered messages", [
        ("2026-06-10 08:45", "them", "Hey Imogen, thanks for the connect! I noticed Northway "
         "Freight's website isn't fully mobile optimised. We redesign logistics websites in "
         "four weeks, from £4,995. Want me to mock up a new homepage for free?"),
        ("2026-06-17 08:45", "them", "Hi again! Just floating this back up. Happy to send a "
         "free mock-up, no strings attached."),
        ("2026-07-01 08:45", "them", "Hi Imogen, one last follow-up from me. Let me know if you "
         "ever want that homepage mock-up!"),
    ]),
    Thread("aaron", SPAM, "connect-then-pitch (virtual assistants)", [
        ("2026-08-12 07:20", "them", "Hi Imogen, great to connect! Busy leaders like you waste "
         "10+ hours a week on admin. Our Philippines-based virtual assistants start at $9 an "
         "hour. Want to see a few profiles?"),
        ("2026-08-19 07:21", "them", "Hi Imogen, circling back on the VA profiles. Shall I "
         "send three over?"),
        ("2026-09-02 07:22", "them", "Hi Imogen, I know you're busy! Just bumping this one "
         "last time."),
    ]),
    Thread("matthias", SPAM, "manufacturing software, in German", [
        ("2025-05-20 07:30", "them", "Sehr geehrte Frau Darby,\n\nich bin Vertriebsleiter bei "
         "der Fertigwerk Systeme GmbH. Unsere MES-Software hilft Fertigungsunternehmen, "
         "Stillstandzeiten um bis zu 30 % zu senken und die Produktion in Echtzeit zu "
         "überwachen.\n\nHätten Sie nächste Woche 15 Minuten Zeit für einen kurzen "
         "Austausch?\n\nMit freundlichen Grüßen\nMatthias Berger"),
        ("2025-06-03 07:31", "them", "Sehr geehrte Frau Darby, ich wollte kurz nachfassen: "
         "Passt Ihnen ein Termin am Donnerstag?"),
    ]),
    Thread("sven", SPAM, "manufacturing software", [
        ("2025-08-05 10:10", "them", "Hi Imogen, manufacturers lose 20% of capacity to "
         "unplanned downtime. FactoryPulse ERP connects your shop floor machines to planning "
         "in real time. Can I show you a 10-minute demo?"),
    ]),
    Thread("member", SPAM, "crypto, sender shown as LinkedIn Member without URL", [
        ("2025-10-02 22:14", "them", "🚀🔥 Exclusive invitation! Our AI-powered trading token "
         "launches next week. Early partners receive a 5x allocation bonus. Only 50 spots "
         "left for professionals in your network. Reply YES for the whitepaper 💰"),
        ("2025-10-09 21:50", "them", "Last chance! Presale closes in 48 hours. Reply YES to "
         "secure your allocation 🚀"),
    ]),
    Thread("zed", SPAM, "app development pitch carrying hostile HTML as text", [
        ("2026-05-12 13:13", "them", "Hi Imogen, we build stunning apps at startup speed! See "
         "our portfolio preview below:\n\n<script>alert(1)</script>\n<img src=x "
         "onerror=alert(1)>\n\nLet me know when you're free for a call."),
    ]),
    Thread("nina", SPAM, "paid social advertising", [
        ("2026-07-21 11:00", "them", "Hi Imogen! Are you running LinkedIn ads for Northway "
         "Freight yet? We manage paid social for B2B brands and typically halve cost per lead "
         "within 60 days. Fancy a free account audit?"),
        ("2026-07-28 11:00", "them", "Hi Imogen, following up on the free ads audit. Any "
         "interest?"),
    ]),
    Thread("kiran", SPAM, "real personalisation (owner's article) but offshore outsourcing", [
        ("2026-02-12 09:25", "them", "Hi Imogen, I read your article 'Hiring data engineers "
         "without a take-home test' and really liked the paired debugging idea. If hiring is "
         "slow, Bluepeak Offshore can provide a dedicated team of five data engineers from "
         "Bengaluru within two weeks at a fraction of UK cost. Shall we discuss?"),
    ]),
    Thread("zara", SPAM, "HR software", [
        ("2026-05-26 15:15", "them", "Hi Imogen, how do you measure engagement in your team? "
         "PeopleFlow runs pulse surveys in Slack and Teams with 80%+ response rates. Could I "
         "show you a 15-minute demo?"),
        ("2026-06-02 15:16", "them", "Hi Imogen, following up on PeopleFlow. Would next week "
         "suit?"),
    ]),
    Thread("hugo", SPAM, "data-adjacent but no stated need (dashboard consultancy)", [
        ("2025-12-10 10:40", "them", "Hi Imogen, we build executive dashboards in Power BI "
         "for logistics firms, usually live within six weeks. I'd love to show you a couple "
         "of examples for depot performance. Free next week?"),
    ]),
    Thread("paul", SPAM, "trade-show sponsorship", [
        ("2026-08-25 09:30", "them", "Hi Imogen, LogiTech Expo 2027 sponsorship packages are "
         "now open, from £8,000 for a stand in the data and automation zone. Can I send the "
         "media kit?"),
    ]),
    Thread("bella", SPAM, "paid advertorial", [
        ("2026-10-28 10:05", "them", "Hi Imogen, we're featuring data leaders in our Winter "
         "issue of Freight Leaders Magazine. A two-page profile with photography is £2,400. "
         "Would Northway like to be included?"),
    ]),
    Thread("sponsor", SPAM, "sponsored InMail (HTML), no sender URL", [
        ("2026-03-02 12:00", "them",
         "<p>Hi Imogen,</p><p>Ready for your next leadership step? The Meridian Executive MBA "
         "fits around your job: weekend teaching, global residencies &amp; a network of 4,000 "
         "alumni.</p><ul><li>Next intake: September 2026</li><li>Scholarships available</li>"
         "</ul><p>Download the brochure&nbsp;today.</p>"),
    ], subject="Your Executive MBA, designed around you", html=True),
    # ---- fake personalisation: a post the owner never wrote (spam); see CAMPAIGNS too
    # ---- no purpose stated (ask_why)
    Thread("jordan", ASK, "generic compliment, no purpose", [
        ("2025-07-29 06:05", "them", "Hi Imogen, I came across your profile and was truly "
         "impressed by your journey. It's always inspiring to connect with like-minded "
         "professionals. Looking forward to learning from you!"),
    ]),
    Thread("stella", ASK, "vague 'synergies' call request, nothing offered", [
        ("2026-04-02 16:40", "them", "Hi Imogen, hope you're well. I think there could be some "
         "interesting synergies between what we do and Northway. Would you be open to a call "
         "sometime?"),
        ("2026-04-16 16:41", "them", "Hi Imogen, circling back on this. Let me know a good "
         "time."),
    ]),
    Thread("farid", ASK, "asks to ask, no question", [
        ("2026-10-05 21:30", "them", "Hi Imogen, hope you are well. Can I ask you something?"),
    ]),
    Thread("kevin", ASK, "greeting only", [
        ("2026-11-12 05:55", "them", "Hi Imogen 👋"),
    ]),
    # ---- owner-only threads (nothing inbound)
    Thread("ellie", WELCOME, "friend replies to the owner's congratulations", [
        ("2025-05-30 09:00", ME, "Congratulations on the new role at Harbourline, Ellie! "
         "They're lucky to have you."),
        ("2025-05-30 12:40", "them", "Thank you Imogen! Means a lot coming from you. Coffee "
         "once I'm settled in?"),
    ]),
    Thread("james", WELCOME, "owner invites a speaker; no reply yet", [
        ("2025-08-29 11:00", ME, "Hi James, Hamid and I are organising a data meetup at the "
         "Mill Rooms in September. Would you like a lightning talk slot?"),
    ]),
    Thread("grace", WELCOME, "owner thanks a connection; no reply", [
        ("2026-06-01 08:30", ME, "Hi Grace, thank you for recommending Kwame for the "
         "mentoring scheme, he's loving it."),
    ]),
]


@dataclass
class Campaign:
    """One template sent by several people; ``{first_name}``/``{company}`` filled per send."""

    template: str
    why: str
    sends: list[dict[str, str]] = field(default_factory=list)


CAMPAIGNS = [
    Campaign(
        "Hi {first_name},\n\nI came across {company} and was impressed by your growth in the "
        "logistics sector. We're a team of {size}+ engineers in {city} helping UK companies "
        "build and maintain software at up to 60% lower cost: web platforms, mobile apps, "
        "data pipelines and AI solutions.\n\nWould you be open to a quick 15-minute call next "
        "week to explore how we could support your roadmap?\n\nBest regards,\n{me}\n{my_co}",
        "mass campaign: offshore development outsourcing (unwelcome topic)",
        [
            {"who": "c1a", "at": "2025-02-11 06:40", "size": "250", "city": "Pune"},
            {"who": "c1b", "at": "2025-02-12 08:05", "size": "120", "city": "Dnipro",
             "bump": "2025-02-19 08:06"},
            {"who": "c1c", "at": "2025-02-13 13:30", "size": "90", "city": "Recife"},
            {"who": "c1d", "at": "2025-02-17 02:15", "size": "300", "city": "Ho Chi Minh City"},
            # the mail-merge field was left unfilled in this one
            {"who": "c1e", "at": "2025-02-18 07:55", "size": "180", "city": "Lahore",
             "first_name": "{first_name}"},
        ],
    ),
    Campaign(
        "Hey {first_name} - quick question.\n\nIs {company} looking to add 20-30 qualified "
        "sales meetings a month without hiring more SDRs? We run done-for-you outbound for "
        "logistics companies and only charge for meetings that actually happen.\n\nOpen to "
        "seeing how it works?\n\n{me}",
        "mass campaign: lead generation (unwelcome topic)",
        [
            {"who": "c2a", "at": "2025-04-23 15:10"},
            {"who": "c2b", "at": "2025-04-24 09:45"},
            {"who": "c2c", "at": "2025-04-28 17:20", "bump": "2025-05-05 17:21"},
            {"who": "c2d", "at": "2025-05-02 10:30", "company": "[Company]"},
        ],
    ),
    Campaign(
        "Hi {first_name}, loved your recent post about {topic}! It really resonated with "
        "me.\n\nI help senior leaders turn their expertise into a personal brand that "
        "attracts clients and opportunities. Would you be open to a quick chat about your "
        "LinkedIn presence?",
        "mass campaign with fake personalisation: the owner never posted about this",
        [
            {"who": "c3a", "at": "2025-12-02 12:00", "topic": "burnout in remote teams"},
            {"who": "c3b", "at": "2025-12-04 16:25",
             "topic": "AI agents replacing sales teams"},
            {"who": "c3c", "at": "2025-12-09 08:50",
             "topic": "what running your first marathon taught you about leadership"},
        ],
    ),
]

DEFAULT_NOTE = "I'd like to add you to my professional network."

# (when, direction, key, note, label, why); key is a PEOPLE key or an EXTRA_INVITERS key
INVITATIONS: list[tuple[str, str, str, str, str, str]] = [
    # incoming, from people who later message
    ("2025-02-10 06:30", "in", "c1a", "", ASK, "blank, unknown sender"),
    ("2025-03-04 10:02", "in", "irina", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2025-04-10 19:30", "in", "nadia", "Hi Imogen, your article on retiring home-grown data "
     "checks hit home. Would love to connect.", WELCOME, "note about the owner's real article"),
    ("2025-04-22 08:00", "in", "c2a", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2025-05-15 21:10", "in", "aoife", "Hi Imogen, we chatted after your talk at the "
     "Manchester Data Meetup. Lovely to meet you!", WELCOME, "met at an event"),
    ("2025-06-02 17:45", "in", "brandon", "", ASK, "blank, unknown sender"),
    ("2025-07-01 14:20", "in", "dev", "Hi Imogen, I have an exciting leadership opportunity "
     "I'd love to discuss with you.", SPAM, "recruiter; owner not open to recruiters"),
    ("2025-07-28 05:50", "in", "jordan", "", ASK, "blank, unknown sender"),
    ("2025-08-18 13:00", "in", "luis", "Hi Imogen, I help businesses rank higher on Google. "
     "Let's connect!", SPAM, "sales note: SEO (unwelcome topic)"),
    ("2025-10-23 20:15", "in", "chris", "Great to share the panel with you at Northern Data "
     "Summit today!", WELCOME, "met at an event"),
    ("2025-11-03 18:40", "in", "gemma", "Hi Imogen, I'd love to connect with inspiring "
     "women leaders in tech.", ASK, "flattering note, no purpose stated"),
    ("2025-12-01 11:00", "in", "c3a", "Hi Imogen! Love your content, let's connect 😊", ASK,
     "generic compliment"),
    ("2026-01-13 16:30", "in", "sam", "Hi Imogen, saw you're hiring senior data engineers. I "
     "specialise in exactly that market in the North West.", PITCH,
     "agency offering what the owner needs"),
    ("2026-01-15 19:55", "in", "tunde", "Hi Imogen, I'd like to talk about the Senior Data "
     "Engineer roles you posted.", WELCOME, "candidate for the owner's open roles"),
    ("2026-03-09 09:40", "in", "tariq", "", ASK, "blank, unknown sender"),
    ("2026-06-08 20:00", "in", "ryan", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2026-08-10 06:15", "in", "aaron", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    # incoming, invitation only
    ("2025-01-09 12:10", "in", "x01", "", ASK, "blank, unknown sender"),
    ("2025-01-27 08:45", "in", "x02", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2025-02-21 17:30", "in", "x03", "Hi Imogen, I'm building the data team at a Sheffield "
     "3PL and would love to compare notes on dbt some time.", WELCOME,
     "peer in the same field with a specific reason"),
    ("2025-03-30 10:05", "in", "x04", "", ASK, "blank, unknown sender"),
    ("2025-05-06 07:20", "in", "x05", "Hi Imogen, we help logistics companies automate "
     "invoicing with AI. Open to a quick chat?", SPAM, "sales note, nowhere near her needs"),
    ("2025-05-29 14:00", "in", "x06", "", ASK, "blank, unknown sender"),
    ("2025-06-16 09:35", "in", "x07", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2025-07-14 22:10", "in", "x08", "", ASK, "blank, unknown sender"),
    ("2025-08-07 11:25", "in", "x09", "Hello! I'm organising the York data meetup; would you "
     "consider speaking at one of our spring sessions?", PITCH,
     "speaking slot: a stated need"),
    ("2025-09-03 15:45", "in", "x10", "", ASK, "blank, unknown sender"),
    ("2025-09-25 06:55", "in", "x11", "We offer white-label SEO for agencies and in-house "
     "teams. Let's connect!", SPAM, "sales note: SEO (unwelcome topic)"),
    ("2025-10-13 13:30", "in", "x12", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2025-11-11 10:10", "in", "x13", "", ASK, "blank, unknown sender"),
    ("2025-12-15 16:05", "in", "x14", "Data observability without the enterprise price tag. "
     "Mind if I connect?", PITCH, "sales note matching a stated need"),
    ("2026-01-06 08:40", "in", "x15", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2026-02-05 19:15", "in", "x16", "", ASK, "blank, unknown sender"),
    ("2026-03-24 12:50", "in", "x17", "Hi Imogen, I'm a data engineer in Liverpool and saw "
     "your post about the open roles. I'd love to stay in touch.", WELCOME,
     "candidate for the owner's open roles"),
    ("2026-04-20 07:05", "in", "x18", "", ASK, "blank, unknown sender"),
    ("2026-05-18 18:30", "in", "x19", "Hi Imogen, our Snowflake cost optimisation service "
     "saves 30% guaranteed. Let's connect!", SPAM, "sales note, no stated need"),
    ("2026-06-29 09:20", "in", "x20", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2026-07-15 14:45", "in", "x21", "", ASK, "blank, unknown sender"),
    ("2026-08-26 11:10", "in", "x22", "Crypto opportunities for busy professionals: "
     "passive income with zero risk 📈", SPAM, "crypto (unwelcome topic)"),
    ("2026-09-17 08:05", "in", "x23", "", ASK, "blank, unknown sender"),
    ("2026-10-08 20:40", "in", "x24", "Hi Imogen, enjoyed your DataFlow talk on late events, "
     "especially the state machine for scans.", WELCOME, "specific note about her real talk"),
    ("2026-10-29 10:25", "in", "x25", DEFAULT_NOTE, ASK, "default note, unknown sender"),
    ("2026-11-06 15:35", "in", "x26", "", ASK, "blank, unknown sender"),
    ("2025-12-22 13:30", "in", "x29", "", ASK, "blank, unknown sender"),
    ("2026-02-19 09:10", "in", "x28", "Hi Imogen, I'm a senior data engineer in Manchester "
     "(Python, dbt). I saw your hiring post, can we connect?", WELCOME,
     "candidate for the owner's open roles"),
    ("2026-11-13 09:50", "in", "x27", "Hi Imogen, I'm a recruiter with Head of Data roles "
     "across the North. Let's connect!", SPAM, "recruiter; owner not open to recruiters"),
    # outgoing
    ("2025-03-17 10:00", "out", "owen", "", "", ""),
    ("2025-04-26 09:15", "out", "x30", "Thanks for the question at the meetup last night!",
     "", ""),
    ("2025-05-14 12:00", "out", "x31", "", "", ""),
    ("2025-08-29 10:50", "out", "x32", "Hi, would love to have you speak at the Manchester "
     "Data Meetup some time.", "", ""),
    ("2025-10-23 19:00", "out", "x33", "Great panel today!", "", ""),
    ("2025-11-20 08:30", "out", "x34", "", "", ""),
    ("2026-01-12 13:30", "out", "x35", "Hi, we're hiring senior data engineers in Manchester "
     "and your Airflow work caught my eye. Open to a chat?", "", ""),
    ("2026-01-12 13:40", "out", "x36", "Hi, we're hiring senior data engineers in Manchester "
     "and I enjoyed your dbt talk. Open to a chat?", "", ""),
    ("2026-02-27 17:00", "out", "x37", "", "", ""),
    ("2026-04-15 11:30", "out", "x38", "", "", ""),
    ("2026-07-09 08:20", "out", "x39", "", "", ""),
    ("2026-09-30 10:00", "out", "x40", "", "", ""),
    ("2026-05-28 09:00", "out", "x42", "", "", ""),
    ("2026-10-15 17:00", "out", "x41", "Thanks for the great question after my talk!", "", ""),
]

# People who appear only in Invitations.csv: (name, slug, position, company).
EXTRA_INVITERS: dict[str, tuple[str, str, str, str]] = {
    "x01": ("Laura Stein", "laura-stein-sales", "Sales Manager", "Brightpath Software"),
    "x02": ("Ahmed Yusuf", "ahmed-yusuf-analyst", "Data Analyst", "Bolton Council"),
    "x03": ("Rebecca Horne", "rebecca-horne-data", "Head of Data", "Sheaf Fulfilment"),
    "x04": ("Mohammed Al-Sayed", "mohammed-al-sayed", "Founder", "Nexa Ventures"),
    "x05": ("Daniel Brooks", "daniel-brooks-ai", "Account Executive", "InvoiceIQ"),
    "x06": ("Siobhán Kelly", "siobhán-kelly", "Student", "Manchester Metropolitan University"),
    "x07": ("Peter Lam", "peter-lam-consult", "Management Consultant", "Lam & Co"),
    "x08": ("Olga Ivanova", "olga-ivanova-hr", "HR Business Partner", "Northern Rail Freight"),
    "x09": ("Harriet Cole", "harriet-cole-york", "Organiser", "York Data Meetup"),
    "x10": ("Diego Alvarez", "diego-alvarez-dev", "Software Engineer", "Quarry Bank Tech"),
    "x11": ("Sophia Turner", "sophia-turner-seo", "SEO Director", "Rankwell"),
    "x12": ("Raj Patel", "raj-patel-bdm", "Business Development Manager", "TechNova Solutions"),
    "x13": ("Emily Ross", "emily-ross-ops", "Operations Analyst", "Cargo North"),
    "x14": ("Tom Fenwick", "tom-fenwick-obs", "Founder", "Lookout Data"),
    "x15": ("Kateřina Dvořák", "katerina-dvorak", "Product Designer", "Brnoware"),
    "x16": ("Femi Adeyemi", "femi-adeyemi", "Data Engineer", "Octavia Housing"),
    "x17": ("Lewis Brennan", "lewis-brennan-de", "Data Engineer", "Liverpool Ferries"),
    "x18": ("Yuki Sato", "yuki-sato", "Analytics Lead", "Kanto Trading UK"),
    "x19": ("Marco Bianchi", "marco-bianchi-cloud", "Sales Director", "FrostCost"),
    "x20": ("Anna Kowalczyk", "anna-kowalczyk", "Recruitment Coordinator", "Staffwise"),
    "x21": ("George Allen", "george-allen-pm", "Product Manager", "Routely"),
    "x22": ("Max Profit", "max-profit-crypto", "Wealth Mentor", "Freedom Capital"),
    "x23": ("Isabel Cruz", "isabel-cruz", "Data Scientist", "Salford Royal NHS"),
    "x24": ("Omar Farouk", "omar-farouk-data", "Data Platform Engineer", "Tyne Logistics"),
    "x25": ("Lucy Hammond", "lucy-hammond", "Marketing Manager", "ParcelPoint"),
    "x26": ("Nikolai Petrov", "nikolai-petrov", "Backend Developer", "Freelance"),
    "x27": ("Steve Barton", "steve-barton-search", "Senior Consultant", "Barton Executive Search"),
    "x28": ("Callum Reid", "callum-reid-de", "Senior Data Engineer", "Irwell Bank"),
    "x29": ("Wendy Zhao", "wendy-zhao", "Procurement Manager", "Hale Barns Foods"),
    "x30": ("Holly Grant", "holly-grant-de", "Data Engineer", "Stockport Homes"),
    "x31": ("Arun Krishnan", "arun-krishnan", "Staff Engineer", "Tessellate Health"),
    "x32": ("Zoë Brandt", "zoë-brandt", "Analytics Engineer", "Leeds Building Society"),
    "x33": ("Caroline Webb", "caroline-webb-data", "Head of Data", "Aire Valley Water"),
    "x34": ("Patrick Nolan", "patrick-nolan", "Data Engineering Manager", "Mersey Ports"),
    "x35": ("Eleanor Price", "eleanor-price-data", "Senior Data Engineer", "Bury Energy"),
    "x36": ("Sanjay Mistry", "sanjay-mistry", "Senior Analytics Engineer", "Oldham Retail"),
    "x37": ("Megan Lloyd", "megan-lloyd-ml", "ML Engineer", "Northern Grid"),
    "x38": ("Victor Ng", "victor-ng-platform", "Platform Lead", "Pennine Parcel Network"),
    "x39": ("Amara Obi", "amara-obi", "Data Governance Lead", "Cheshire Building Society"),
    "x40": ("Tobias Wendt", "tobias-wendt", "Data Engineer", "Rheinfracht GmbH"),
    "x41": ("Grace Mwangi", "grace-mwangi", "Analytics Engineer", "Kendal Outdoor"),
    "x42": ("Noah Fischer", "noah-fischer-data", "Data Engineer", "Rochdale Logistics"),
}

# Invitation senders who accepted/were accepted in the end (Connected On = day after).
ACCEPTED = {"x03", "x09", "x17", "x24", "x30", "x31", "x32", "x33", "x35", "x36", "x41"}

# Filler connections: invented names, combined deterministically.
FILLER_FIRST = ("Adam", "Alice", "Amir", "Bethany", "Callum", "Charlotte", "Daniel", "Deepa",
                "Eoin", "Fatima", "Freya", "George", "Hannah", "Harry", "Isla", "Jack",
                "Jasmine", "Karim", "Katie", "Leo", "Lily", "Luca", "Maya", "Nathan", "Niamh",
                "Oscar", "Poppy", "Rhys", "Rosie", "Ryan", "Saoirse", "Sofia", "Theo", "Toby",
                "Yasmin", "Zainab", "Björn", "Inés", "Łucja", "Joaquín")
FILLER_LAST = ("Armstrong", "Bell", "Chowdhury", "Dawson", "Evans", "Fletcher", "Gill",
               "Hughes", "Iqbal", "Jones", "Kaur", "Lawson", "McCarthy", "Nolan", "Owens",
               "Pearson", "Quigley", "Rahman", "Shaw", "Thornton", "Underwood", "Vaughan",
               "Ward", "Young", "Zhou", "Ó Briain", "Nowak", "Sørensen")
FILLER_TITLES = ("Data Engineer", "Senior Data Engineer", "Analytics Engineer", "Data Analyst",
                 "Head of Data", "Software Engineer", "Engineering Manager", "Product Manager",
                 "Operations Manager", "BI Developer", "Data Scientist", "Solutions Architect",
                 "Transport Planner", "Warehouse Manager", "Recruiter", "Account Manager")
FILLER_COMPANIES = ("Northway Freight", "Pennine Parcel Network", "Castlefield Analytics",
                    "Irwell Bank", "Tessellate Health", "Cotton Exchange Retail",
                    "Aire Valley Water", "Mersey Ports", "Halewood Energy", "Quayside Games",
                    "Routely", "Cargo North", "Salford Media Lab", "Stockport Homes",
                    "Kendal Outdoor", "Bury Energy", "Levante Logística", "Freelance")
N_CONNECTIONS = 300  # including the hidden rows
N_HIDDEN = 9  # date-only rows of closed or hidden profiles

# ----------------------------------------------------------------------------- building


def _when(text: str, rng: random.Random) -> datetime:
    """A UTC time from "YYYY-MM-DD HH:MM", with deterministic seconds."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(
        second=rng.randrange(60), tzinfo=UTC)


def _url(slug: str | None) -> str | None:
    return f"https://www.linkedin.com/in/{slug}" if slug else None


def _person(key: str) -> Person:
    slug: str | None
    if key in EXTRA_INVITERS:
        name, slug, position, company = EXTRA_INVITERS[key]
    else:
        name, slug, position, company, _ = PEOPLE[key]
    headline = f"{position} at {company}" if company and position else position
    return Person(name, _url(slug), headline=headline, company=company)


def _html_to_text(raw: str) -> str:
    text = re.sub(r"<br\s*/?>", "\n", raw)
    text = re.sub(r"</p>|</ul>", "\n\n", text)
    text = re.sub(r"<li>", "- ", text)
    text = re.sub(r"</li>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\xa0", " ")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _conversation_id(rng: random.Random) -> str:
    raw = str(uuid.UUID(int=rng.getrandbits(128))).encode() + b"_010"
    return "2-" + base64.b64encode(raw).decode()


def _label(kind: str, sender: Person, sent_at: datetime, label: str, why: str) -> dict[str, str]:
    return {"kind": kind, "sender": sender.profile_url or sender.name, "sender_name": sender.name,
            "sent_at": sent_at.isoformat(), "label": label, "why": why}


def _expand_campaigns() -> list[Thread]:
    threads = []
    for campaign in CAMPAIGNS:
        for send in campaign.sends:
            person = _person(send["who"])
            fill = {"first_name": "Imogen", "company": "Northway Freight",
                    "me": person.name.split(" ")[0], "my_co": person.company, **send}
            text = campaign.template.format(**fill)
            messages = [(send["at"], "them", text)]
            if "bump" in send:
                messages.append((send["bump"], "them", "Hi Imogen, just following up on my "
                                 "note below. Would a short call next week work?"))
            threads.append(Thread(send["who"], SPAM, campaign.why, messages))
    return threads


def build() -> tuple[Export, list[dict[str, str]]]:
    """The demo Export and its intended labels (inbound items only)."""
    rng = random.Random(SEED)
    profile = owner_profile()
    owner = Person(profile.name, OWNER_URL, headline=profile.headline,
                   company="Northway Freight")
    labels: list[dict[str, str]] = []

    messages: list[Message] = []
    for thread in THREADS + _expand_campaigns():
        conv_id = _conversation_id(rng)
        main = _person(thread.who)
        others = (main, *(_person(k) for k in thread.members))
        for at, who, body in thread.messages:
            sent_at = _when(at, rng)
            raw = body if thread.html else None
            text = _html_to_text(body) if thread.html else body
            if who == ME:
                messages.append(Message(conv_id, owner, others, sent_at, text,
                                        Direction.OUTGOING, thread.subject, raw, "INBOX",
                                        thread.title or thread.subject))
                continue
            sender = main if who == "them" else _person(who)
            recipients = (owner, *(p for p in others if p != sender))
            messages.append(Message(conv_id, sender, recipients, sent_at, text,
                                    Direction.INCOMING, thread.subject, raw,
                                    thread.folder or "INBOX", thread.title or thread.subject))
            labels.append(_label("message", sender, sent_at, thread.label, thread.why))

    invitations: list[Invitation] = []
    accepted_on: dict[str, date] = {}
    for at, direction, key, note, label, why in INVITATIONS:
        sent_at = _when(at, rng)
        other = _person(key)
        if direction == "in":
            invitations.append(Invitation(Direction.INCOMING, other, owner, sent_at, note))
            labels.append(_label("invitation", other, sent_at, label, why))
        else:
            invitations.append(Invitation(Direction.OUTGOING, owner, other, sent_at, note))
        if key in ACCEPTED:
            accepted_on[key] = sent_at.date() + timedelta(days=1)

    connections = _connections(rng, accepted_on)
    labels.sort(key=lambda r: r["sent_at"])
    export = Export(
        profile=profile,
        connections=connections,
        invitations=invitations,
        messages=messages,
        articles=[Article(a["title"], a["body"], f"https://www.linkedin.com/pulse/{a['slug']}",
                          _when(a["published"], rng)) for a in ARTICLES],
        posts=[Post(text, _when(at, rng)) for at, text in POSTS]
        + [Post(text, _when(at, rng), is_comment=True) for at, text in COMMENTS],
        endorsements=_endorsements(rng),
        recommendations=_recommendations(rng),
        notes=[Note(_person("chris"), "Panel at Northern Data Summit 2025. Runs the Leeds dbt "
                    "meetup.", _when("2025-10-24 10:40", rng)),
               Note(_person("tunde"), "Strong Airflow. Interview 22 Jan.",
                    _when("2026-01-16 09:00", rng)),
               Note(_person("sana"), "Referred by Tom. Led Pennine's Airflow 2 migration.",
                    _when("2026-01-22 08:30", rng))],
        reaction_count=46,
        source="demo",
    )
    return export, labels


def _connections(rng: random.Random, accepted_on: dict[str, date]) -> list[Connection]:
    conns = []
    emails = {"jo": "jo.whitaker@example.com", "kwame": "kwame.a@example.org"}
    for key, (name, slug, position, company, connected) in PEOPLE.items():
        if connected is None:
            continue
        first, _, last = name.partition(" ")
        conns.append(Connection(first, last, _url(slug), emails.get(key, ""), company, position,
                                date.fromisoformat(connected)))
    for key, day in accepted_on.items():
        name, slug, position, company = EXTRA_INVITERS[key]
        first, _, last = name.partition(" ")
        conns.append(Connection(first, last, _url(slug), "", company, position, day))
    used = {c.name for c in conns}
    start = date(2012, 6, 1)
    span = (date(2026, 11, 14) - start).days
    while len(conns) < N_CONNECTIONS - N_HIDDEN:
        first, last = rng.choice(FILLER_FIRST), rng.choice(FILLER_LAST)
        if f"{first} {last}" in used:
            continue
        used.add(f"{first} {last}")
        slug = f"{first}-{last}".lower().replace(" ", "-") + f"-{rng.randrange(16**4):04x}"
        # newer connections are more common: skew the day towards the end of the span
        day = start + timedelta(days=int(span * (1 - rng.random() ** 2)))
        conns.append(Connection(first, last, _url(slug), "", rng.choice(FILLER_COMPANIES),
                                rng.choice(FILLER_TITLES), day))
    for _ in range(N_HIDDEN):
        day = start + timedelta(days=rng.randrange(span))
        conns.append(Connection("", "", connected_on=day, hidden=True))
    return conns


def _endorsements(rng: random.Random) -> list[Endorsement]:
    received = [("tom", "dbt"), ("priya", "Data Modeling"), ("ruth", "Apache Airflow"),
                ("mark", "SQL"), ("sophie", "Python"), ("daniel", "Team Leadership"),
                ("gareth", "Apache Airflow"), ("hamid", "Data Quality")]
    given = [("tom", "Python"), ("ruth", "dbt"), ("priya", "Analytics")]
    base = datetime(2023, 6, 20, 13, 5, tzinfo=UTC)
    out = [Endorsement(Direction.INCOMING, skill, _person(k),
                       base + timedelta(days=53 * i, seconds=rng.randrange(86400)))
           for i, (k, skill) in enumerate(received)]
    out += [Endorsement(Direction.OUTGOING, skill, _person(k),
                        base + timedelta(days=71 * i + 5, seconds=rng.randrange(86400)))
            for i, (k, skill) in enumerate(given)]
    return out


def _recommendations(rng: random.Random) -> list[Recommendation]:
    return [
        Recommendation(Direction.INCOMING, _person("daniel"),
                       "Imogen turned a tangle of scripts into a data platform the whole "
                       "company trusts.\nShe hires well, writes things down and never lets a "
                       "hard conversation wait.", "CTO", _when("2024-05-14 10:22", rng)),
        Recommendation(Direction.INCOMING, _person("mark"),
                       "One of the first engineers at Castlefield and one of the best. Calm "
                       "under pressure, curious about the business, generous with her time.",
                       "Director of Analytics", _when("2017-06-02 16:40", rng)),
        Recommendation(Direction.OUTGOING, _person("ruth"),
                       "Ruth led our 212-day manifest backfill without a single duplicate. "
                       "Careful, quick and kind.", "Data Engineer",
                       _when("2025-07-01 09:15", rng)),
    ]


# ----------------------------------------------------------------------------- preferences

PREFS: dict[str, list[str] | bool] = {
    "needs": [
        "A data observability tool to replace our home-grown data quality checks "
        "(dbt + Snowflake + Airflow, column-level lineage)",
        "Two senior data engineers for the Manchester team (Python, dbt, Airflow)",
        "A speaking slot at a data engineering conference",
    ],
    "welcome_topics": [
        "questions about my articles and talks",
        "data engineering, dbt, Airflow, data quality",
        "logistics and parcel data",
        "candidates for our data engineering roles",
        "meetups and events in Manchester and Leeds",
        "mentoring junior data engineers",
    ],
    "unwelcome_topics": [
        "offshore software development outsourcing",
        "lead generation and appointment setting",
        "SEO and website redesign",
        "crypto and trading",
        "recruiters offering me a job",
        "manufacturing software",
        "personal branding and ghostwriting",
    ],
    "open_to_recruiters": False,
    "allow": [],
    "block": [],
}


def prefs_toml() -> str:
    """The preferences as TOML, in the ``[me]`` table format seedbed reads."""
    lines = ["# Preferences of the demo owner, Imogen Darby (fictional).",
             "# Written by scripts/make_demo_export.py; edit PREFS there, not here.", "[me]"]
    for key, value in PREFS.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif not value:
            lines.append(f"{key} = []")
        else:
            lines.append(f"{key} = [")
            lines += [f"    {json.dumps(item, ensure_ascii=False)}," for item in value]
            lines.append("]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    export, labels = build()
    zip_path = write_export(export, out, "2026", exported_on=EXPORTED_ON)
    (out / "demo.prefs.toml").write_text(prefs_toml(), encoding="utf-8")
    with (out / "labels.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for row in labels:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    inbound = [r for r in labels if r["kind"] == "message"]
    counts = {k: sum(1 for r in labels if r["label"] == k) for k in (WELCOME, PITCH, ASK, SPAM)}
    print(f"wrote {zip_path} ({zip_path.stat().st_size:,} bytes)")
    print(f"  connections {len(export.connections)} "
          f"(hidden {sum(c.hidden for c in export.connections)}), "
          f"invitations {len(export.invitations)}, messages {len(export.messages)} in "
          f"{len({m.conversation_id for m in export.messages})} conversations")
    print(f"  labels: {len(labels)} inbound items ({len(inbound)} messages): {counts}")


if __name__ == "__main__":
    main()
