"""The owner's profile files, job preferences, articles and activity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from seedbed.sources.linkedin import read_export

ExportMaker = Callable[..., Path]


def test_profile_names_headline_and_location(make_export: ExportMaker) -> None:
    profile = read_export(make_export({})).profile
    assert (profile.name, profile.headline, profile.location, profile.industry) == (
        "Ingrid Halvorsen", "Professor, Materials", "Trondheim, Norway", "Higher Education")


def test_profile_summary_file_fills_an_empty_summary(make_export: ExportMaker) -> None:
    files = {"Profile.csv": b"First Name,Last Name,Headline,Summary\nIngrid,Halvorsen,Prof,\n",
             "Profile Summary.csv": b'Profile Summary\n"I run a lab.\n\nWe grow films."\n'}
    profile = read_export(make_export(files, profile=False)).profile
    assert profile.summary == "I run a lab.\n\nWe grow films."


def test_positions_with_month_and_year_dates(make_export: ExportMaker) -> None:
    data = (b"Company Name,Title,Description,Location,Started On,Finished On\n"
            b'Nordvik University,"Professor, Director",Leads a lab.,"Trondheim, Norway",'
            b"Aug 2019,\n"
            b"Halden Energy,Scientist,,Halden,2011,Dec 2014\n")
    positions = read_export(make_export({"Positions.csv": data})).profile.positions
    assert [(p.title, p.started_on, p.finished_on, p.is_current) for p in positions] == [
        ("Professor, Director", date(2019, 8, 1), None, True),
        ("Scientist", date(2011, 1, 1), date(2014, 12, 1), False)]


def test_education_rows(make_export: ExportMaker) -> None:
    data = (b"School Name,Start Date,End Date,Notes,Degree Name,Activities\n"
            b'Nordvik University,2004,2008,,"PhD, Materials Science",Choir\n')
    [education] = read_export(make_export({"Education.csv": data})).profile.education
    assert (education.school, education.degree, education.finished_on, education.notes) == (
        "Nordvik University", "PhD, Materials Science", date(2008, 1, 1), "Choir")


def test_one_column_profile_lists(make_export: ExportMaker) -> None:
    files = {
        "Skills.csv": b"Name\nXPS\nThin films\n",
        "Languages.csv": b"Name,Proficiency\nNorwegian,Native or bilingual proficiency\n",
        "Honors.csv": b"Title,Description,Issued On\nERC Starting Grant,,Jan 2017\n",
        "Company Follows.csv": b"Organization,Followed On\nSINTEF,Tue Sep 28 09:08:27 UTC 2021",
        "Learning.csv": b"Content Title,Content Description,Content Type,"
                        b"Content Last Watched Date (if viewed),Content Completed At (if "
                        b"completed),Content Saved,Notes taken on videos (if taken),\n"
                        b"Leading Research Teams,<p>About teams</p>,Course,N/A,N/A,false,,\n",
    }
    profile = read_export(make_export(files)).profile
    assert (profile.skills, profile.languages, profile.honors, profile.company_follows,
            profile.learning) == (("XPS", "Thin films"), ("Norwegian",), ("ERC Starting Grant",),
                                  ("SINTEF",), ("Leading Research Teams",))


def test_certifications_projects_publications_volunteering(make_export: ExportMaker) -> None:
    files = {
        "Certifications.csv": b"Name,Url,Authority,Started On,Finished On,License Number\n"
                              b"Lab Safety,,NTNU,Mar 2020,,\n",
        "Projects.csv": b"Title,Description,Url,Started On,Finished On\nSOLIDIFY,EU project,,,\n",
        "Publications.csv": b"Name,Published On,Description,Publisher,Url\n"
                            b"Interfaces,\"Apr 9, 2023\",A review,Nature Energy,\n",
        "Volunteering.csv": b"Company Name,Role,Cause,Started On,Finished On,Description\n"
                            b"Girls in Science,Mentor,Education,,,Monthly talks\n",
    }
    profile = read_export(make_export(files)).profile
    assert [(c.name, c.authority, c.started_on) for c in profile.certifications] == [
        ("Lab Safety", "NTNU", date(2020, 3, 1))]
    assert [(p.title, p.description) for p in profile.projects] == [("SOLIDIFY", "EU project")]
    assert [(p.name, p.publisher) for p in profile.publications] == [
        ("Interfaces", "Nature Energy")]
    assert [(v.organization, v.role) for v in profile.volunteering] == [
        ("Girls in Science", "Mentor")]


def test_job_seeker_preferences_from_the_jobs_folder(make_export: ExportMaker) -> None:
    data = (b"Locations,Industries,Company Employee Count,Preferred Job Types,Job Titles,"
            b"Open To Recruiters,Dream Companies,Introduction Statement\n"
            b'"Berlin, Germany | Remote (Germany)",,,Full-time,'
            b"Machine Learning Engineer | MLOps Engineer,Yes,,Hello recruiters\n")
    seeker = read_export(make_export({"Jobs/Job Seeker Preferences.csv": data})).profile.job_seeker
    assert seeker is not None
    assert (seeker.locations, seeker.job_titles, seeker.job_types, seeker.open_to_recruiters,
            seeker.introduction) == (
        ("Berlin, Germany", "Remote (Germany)"), ("Machine Learning Engineer", "MLOps Engineer"),
        ("Full-time",), True, "Hello recruiters")


def test_articles_give_title_text_url_and_published_date(make_export: ExportMaker) -> None:
    html = (b'<html><head><title>Interface resistance</title><style>p{color:red}</style></head>'
            b'<body><h1><a href="https://www.linkedin.com/pulse/interface-resistance-ingrid">'
            b'Interface resistance</a></h1><p class="created">Created on 2025-03-17 08:35</p>'
            b'<p class="published">Published on 2025-03-18 09:12</p>'
            b"<div><p>First paragraph &amp; more.</p><p>Second paragraph.</p></div>"
            b"</body></html>")
    files = {"Articles/Articles/interface-resistance-xdfam.html": html}
    [article] = read_export(make_export(files)).articles
    assert (article.title, article.text, article.url, article.published_at) == (
        "Interface resistance", "First paragraph & more.\n\nSecond paragraph.",
        "https://www.linkedin.com/pulse/interface-resistance-ingrid",
        datetime(2025, 3, 18, 9, 12, tzinfo=UTC))


def test_draft_article_falls_back_to_created_date(make_export: ExportMaker) -> None:
    html = (b"<html><body><h1>Draft</h1><p class=\"created\">Created on 2026-02-24 00:06</p>"
            b'<p class="published">Published on ---</p><div><p>Body.</p></div></body></html>')
    [article] = read_export(make_export({"Articles/Articles/draft.html": html})).articles
    assert (article.title, article.url, article.published_at) == (
        "Draft", "", datetime(2026, 2, 24, 0, 6, tzinfo=UTC))


def test_shares_with_uppercase_url_headers_and_multiline_text(make_export: ExportMaker) -> None:
    data = (b"Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility\r\n"
            b"2024-03-10 08:20:00,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A1,"
            b'"New article:\r\n""Selling off-plan""",,,MEMBER_NETWORK\r\n')
    [post] = read_export(make_export({"Shares.csv": data})).posts
    assert (post.text, post.is_comment, post.posted_at) == (
        'New article:\n"Selling off-plan"', False, datetime(2024, 3, 10, 8, 20, tzinfo=UTC))


def test_reactions_are_counted(make_export: ExportMaker) -> None:
    data = (b"Date,Type,Link\r\n2021-10-27 19:36:45,EMPATHY,https://x.example/1\r\n"
            b"2021-10-02 18:48:25,LIKE,https://x.example/2\r\n")
    assert read_export(make_export({"Reactions.csv": data})).reaction_count == 2
