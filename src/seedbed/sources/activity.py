"""Readers for what the owner published: Shares, Comments, Reactions and article HTML.

Owns: posts (Shares), comments (Comments, ``is_comment=True``), the reaction count, and
articles from ``Articles/Articles/*.html`` (title, clean text, URL, published date).
Must not import: archive, nor anything outside seedbed.model and sources.
"""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser

from seedbed.model import Article, Post
from seedbed.sources.csvfile import Table
from seedbed.sources.dates import parse_datetime
from seedbed.sources.reading import FileLog, Reading
from seedbed.sources.text import clean_line, clean_text, finish_text

# "2025-11-21 17_31_01.0-Title.html" and 2018's "2018-03-04 10:11:12.html": the date in
# the file name is the only date some articles have.
_NAME_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ _T](\d{2})[:_](\d{2})(?:[:_](\d{2}))?)?")
_STAMP_RE = re.compile(r"(\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)")


def read_shares(table: Table, reading: Reading, log: FileLog) -> None:
    """Shares.csv (any era, incl. the 2018 UTF-16 one): the owner's posts."""
    table.known("SharedUrl", "MediaUrl", "Visibility", "Share Title", "Share Description", "Type")
    date, link = table.index("Date"), table.index("ShareLink")
    commentary = table.index("ShareCommentary")
    for line, row in table.rows():
        text, url = clean_text(row[commentary]), clean_line(row[link])
        if not (text or url):
            log.skip(line, "no text and no link")
            continue
        reading.posts.append(Post(text, log.when(line, "Date", row[date]), url))
        log.rows += 1


def read_comments(table: Table, reading: Reading, log: FileLog) -> None:
    """Comments.csv: the owner's comments (read with backslash-escaped quotes).

    A comment LinkedIn wrote without quotes is split at each comma: Message, the last
    column after a date and a URL, takes the rest of the row back.
    """
    date, link, message = table.index("Date"), table.index("Link"), table.free_text("Message")
    for line, row in table.rows():
        text = clean_text(row[message])
        if not text:
            log.skip(line, "empty comment")
            continue
        reading.posts.append(Post(text, log.when(line, "Date", row[date]),
                                  clean_line(row[link]), is_comment=True))
        log.rows += 1


def read_reactions(table: Table, reading: Reading, log: FileLog) -> None:
    """Reactions.csv: only how many there are."""
    table.known("Date", "Type", "Link")
    for _line, row in table.rows():
        if any(row):
            reading.reaction_count += 1
            log.rows += 1


def read_article(markup: str, file_name: str, reading: Reading, log: FileLog) -> None:
    """One article's HTML: title, body text, LinkedIn URL and publication date."""
    parser = _ArticleParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        log.skip(1, "article HTML too malformed to read")
        return
    # The parser decoded the references already: "&amp;lt;" is the text "&lt;".
    title = (clean_line("".join(parser.heading), entities=False)
             or clean_line("".join(parser.title), entities=False))
    text = finish_text(parser.parts)
    stem = file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if not title:
        title = clean_line(_NAME_DATE_RE.sub("", stem).lstrip(" _.-0123456789")) or stem
    if not text:
        log.skip(1, "article without body text")
        return
    published = _stamp("".join(parser.published)) or _stamp("".join(parser.created))
    if published is None:
        match = _NAME_DATE_RE.match(stem)
        if match is not None:
            clock = ":".join(part for part in match.groups()[1:] if part)
            published = parse_datetime(f"{match[1]} {clock}" if clock else match[1])
    reading.articles.append(Article(title, text, clean_line(parser.url, entities=False),
                                    published))
    log.rows += 1


def _stamp(text: str) -> datetime | None:
    match = _STAMP_RE.search(text)
    return parse_datetime(match[1]) if match else None


class _ArticleParser(HTMLParser):
    """Splits an exported article into its title, heading link, dates and body text."""

    _BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h2", "h3", "h4", "h5", "h6",
                         "blockquote", "figure", "figcaption", "pre", "table", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.heading: list[str] = []
        self.created: list[str] = []
        self.published: list[str] = []
        self.url = ""
        self._target: list[str] | None = None
        self._target_tag = ""
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "title":
            self._capture(tag, self.title)
        elif tag == "h1" and not self.heading:
            self._capture(tag, self.heading)
        elif tag == "a" and self._target is self.heading and not self.url:
            self.url = (attributes.get("href") or "").strip()
        elif tag == "p" and attributes.get("class") in ("created", "published"):
            self._capture(tag, self.created if attributes["class"] == "created"
                          else self.published)
        elif tag == "br" or tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif self._target is not None and tag == self._target_tag:
            self._target = None
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        (self._target if self._target is not None else self.parts).append(
            re.sub(r"\s+", " ", data))

    def _capture(self, tag: str, into: list[str]) -> None:
        self._target, self._target_tag = into, tag
