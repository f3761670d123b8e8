"""Text hygiene for every field read, and HTML bodies turned into clean plain text.

Owns: ``clean_text`` (HTML character references decoded once, mojibake repair with ftfy,
NFC, control characters removed, lone surrogates replaced by U+FFFD, line breaks unified,
stripped), ``clean_line`` (the same, on one line), ``looks_like_html`` and ``html_to_text``
(InMail and article bodies: block tags become line breaks, entities are unescaped, scripts
and styles dropped), built on the standard library's html.parser.
Must not import: anything of seedbed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import html5 as html5_entities
from html.parser import HTMLParser

import ftfy

# Only undo bad decoding: ftfy's other fixes (straight quotes, half-width forms, ligatures)
# would change what the sender actually wrote.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    explain=False,
)

# UTF-8 read as cp1252 or Latin-1 always shows a lead byte (Â..ô) followed by a continuation
# byte (U+0080..U+00BF, or a cp1252 punctuation mark). ftfy is slow, so it only runs on text
# holding such a pair; anything else cannot be this kind of mojibake.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]"
)
# Lone surrogates (a JSON "\\ud800" escape) are no text: SQLite cannot store them as UTF-8.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DROP_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_SPACE_RUN_RE = re.compile(r"\s+")
# LinkedIn writes some plain-text bodies with HTML character references in them
# ("I&rsquo;d like to offer", "&mdash;", "&#8217;"). Only complete references, ended by ";",
# are decoded: html.unescape alone also decodes HTML5's legacy names without one, so that
# "Terms&sections" would become "Terms§ions" and "&notes" "¬es".
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")

_HTML_TAG_RE = re.compile(
    r"<(?:p|br|div|span|li|ul|ol|strong|b|em|i|u|a|sup|sub|h[1-6]|table|tr|td|th|img|"
    r"blockquote|html|body|font|hr|center)\b[^>]*>|</(?:p|div|span|li|ul|ol|strong|b|em|a)>",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
    "blockquote", "section", "article", "header", "footer", "pre", "hr", "dl", "dt", "dd",
    "figure", "figcaption", "address", "center", "form", "nav", "aside", "main",
})
_LINE_TAGS = frozenset({"li", "tr", "dt", "dd"})
_SKIP_TAGS = frozenset({"script", "style", "head", "title", "template", "noscript"})
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BREAK_TAG_RE = re.compile(r"<(?:br|/?(?:p|div|li|h[1-6]|tr|ul|ol))\b[^>]*>", re.IGNORECASE)
_ANY_TAG_RE = re.compile(r"<[^>]*>")
_INLINE_SPACE_RE = re.compile(r"[ \t\f\v\u00a0]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")


def clean_text(value: str, *, entities: bool = True) -> str:
    """Return ``value`` repaired and normalised: multi-line text is kept multi-line.

    ``entities``: decode HTML character references (``&amp;``, ``&rsquo;``, ``&#8217;``)
    once, as a browser would; ``&amp;rsquo;`` becomes ``&rsquo;``, not ``’``. Pass False
    for markup (kept raw) and for text an HTML parser already decoded, which must not be
    decoded twice.
    """
    if not value:
        return ""
    if entities and "&" in value:
        value = _ENTITY_RE.sub(_decode_reference, value)
    if value.isascii():
        if _CONTROL_RE.search(value) is not None:
            value = _fix_controls(value)
        return value.strip()
    if _MOJIBAKE_RE.search(value) is not None:
        value = _repair_mojibake(value)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if _CONTROL_RE.search(value) is not None:
        value = _fix_controls(value)
    return value.strip()


def _decode_reference(match: re.Match[str]) -> str:
    reference = match.group()
    if reference[1] == "#":
        # Code points no text may hold (0, surrogates, past U+10FFFF) become U+FFFD, as in
        # a browser; C1 numbers are read as cp1252 ("&#146;" is a quote), as browsers do.
        return html.unescape(reference)
    # A name only when it is whole: html.unescape would read "&copyright;" as "&copy" + "right;".
    return html5_entities.get(reference[1:], reference)


def clean_line(value: str, *, entities: bool = True) -> str:
    """Return ``value`` cleaned as one line: every run of whitespace becomes one space.

    ``entities`` as in ``clean_text``.
    """
    if not value:
        return ""
    value = clean_text(value, entities=entities)
    if "  " in value or "\n" in value or "\t" in value or "\u00a0" in value:
        value = _SPACE_RUN_RE.sub(" ", value)
    return value


def _repair_mojibake(value: str) -> str:
    # A wholly double-encoded text (a re-saved file) round-trips through cp1252 at C speed;
    # ftfy, ~100x slower, handles the mixed and Latin-1 cases.
    try:
        repaired = value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return str(ftfy.fix_text(value, _FTFY_CONFIG))
    # Text encoded twice over is still mojibake after one round.
    return _repair_mojibake(repaired) if _MOJIBAKE_RE.search(repaired) else repaired


def _fix_controls(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u2028", "\n").replace("\u2029", "\n")
    value = _SURROGATE_RE.sub("\ufffd", value)
    return _DROP_RE.sub("", value)


def looks_like_html(value: str) -> bool:
    """True when a body holds HTML markup (InMail, sponsored messages), not just a '<'."""
    return "<" in value and _HTML_TAG_RE.search(value) is not None


def html_to_text(markup: str) -> str:
    """Turn an HTML body into clean plain text.

    Block tags and ``<br>`` become line breaks, entities are unescaped, scripts and styles
    are dropped, and a link whose text hides its target keeps the target in parentheses.
    """
    parser = _TextParser()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        # html.parser gives up on some malformed markup (``<![foo[``); a message must
        # still be read, so fall back to cutting tags out.
        return strip_tags(markup)
    return finish_text(parser.parts)


def strip_tags(markup: str) -> str:
    """Crude HTML to text for markup the parser refuses: drop tags, unescape entities."""
    text = _SCRIPT_RE.sub("", markup)
    text = _BREAK_TAG_RE.sub("\n", text)
    return finish_text([html.unescape(_ANY_TAG_RE.sub("", text))])


def finish_text(parts: list[str]) -> str:
    """Join extracted text parts, tidy the spaces on each line and collapse blank runs."""
    text = _INLINE_SPACE_RE.sub(" ", "".join(parts))
    text = "\n".join(line.strip() for line in text.split("\n"))
    # The parts come from an HTML parser, which decoded the references: "&amp;lt;" in the
    # markup is the text "&lt;" and must stay so.
    return clean_text(_BLANK_LINES_RE.sub("\n\n", text), entities=False)


class _TextParser(HTMLParser):
    """Collects the visible text of an HTML fragment, with line breaks for blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0
        self._links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre += 1
        elif tag == "a":
            href = next((value for name, value in attrs if name == "href" and value), "")
            self._links.append((href.strip(), len(self.parts)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" or tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            # A list item or a row ends where the next begins: one line each, no blank line.
            if tag not in _LINE_TAGS:
                self.parts.append("\n")
            if tag == "pre":
                self._pre = max(0, self._pre - 1)
        elif tag == "a" and self._links:
            href, start = self._links.pop()
            shown = "".join(self.parts[start:])
            if href.startswith(("http://", "https://")) and href not in shown:
                self.parts.append(f" ({href})")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data if self._pre else _SPACE_RUN_RE.sub(" ", data))
