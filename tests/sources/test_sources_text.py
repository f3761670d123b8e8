"""Text hygiene and HTML-to-text conversion."""

from __future__ import annotations

import unicodedata

import pytest

from seedbed.sources.text import clean_line, clean_text, html_to_text, looks_like_html


def test_mojibake_is_repaired() -> None:
    broken = "Caf\u00c3\u00a9 \u00e2\u20ac\u0153Lisboa\u00e2\u20ac\u009d"  # UTF-8 read as cp1252
    assert clean_text(broken) == "Café “Lisboa”"


def test_text_encoded_twice_is_repaired() -> None:
    twice = "Zoë’s café".encode().decode("cp1252").encode().decode("cp1252")
    assert clean_text(twice) == "Zoë’s café"


def test_correct_accented_text_is_left_alone() -> None:
    assert clean_text("Torbjørn Håkon — São Paulo “quoted” 🙂") == (
        "Torbjørn Håkon — São Paulo “quoted” 🙂")


def test_text_is_nfc_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Brandt")
    assert clean_text(decomposed) == unicodedata.normalize("NFC", "Zoë Brandt")


def test_control_characters_are_removed_but_newlines_and_tabs_kept() -> None:
    assert clean_text("a\x00b\x07c\td\r\ne\x1bf\x85") == "abc\td\nef"


def test_text_is_stripped() -> None:
    assert clean_text("  Volta Nordic AS \n") == "Volta Nordic AS"


def test_clean_line_collapses_whitespace() -> None:
    assert clean_line(" Senior\n  Engineer\u00a0 ") == "Senior Engineer"


def test_html_block_tags_become_line_breaks() -> None:
    markup = ('<p class="spinmail-quill-editor__spin-break">Hi Ingrid,</p>'
              "<p>Line one<br>line two</p><ul><li>first</li><li>second</li></ul>")
    assert html_to_text(markup) == "Hi Ingrid,\n\nLine one\nline two\n\nfirst\nsecond"


def test_html_entities_are_unescaped() -> None:
    assert html_to_text("<p>R&amp;D&nbsp;team &lt;3 &#8364;5</p>") == "R&D team <3 €5"


def test_html_scripts_and_styles_are_dropped() -> None:
    markup = "<style>p{color:red}</style><p>Visible</p><script>alert(1)</script>"
    assert html_to_text(markup) == "Visible"


def test_html_link_keeps_a_hidden_target() -> None:
    markup = '<p>Read <a href="https://enrolly.example/report">our report</a></p>'
    assert html_to_text(markup) == "Read our report (https://enrolly.example/report)"


@pytest.mark.parametrize("text", ["a < b and c > d", "I <3 batteries", "plain text",
                                  "email me at <ingrid@example.org>"])
def test_plain_text_is_not_taken_for_html(text: str) -> None:
    assert not looks_like_html(text)


def test_inmail_markup_is_taken_for_html() -> None:
    assert looks_like_html("<p>Dear Professor,</p><p>Best regards,<br>Lene</p>")


def test_markup_the_parser_refuses_still_gives_text() -> None:
    assert html_to_text("<p>Hello<![foo[ there</p>").startswith("Hello")


def test_lone_surrogates_become_replacement_characters() -> None:
    # json.loads('"\\ud800"') gives a lone surrogate, which SQLite cannot store as UTF-8.
    assert clean_text("Ol\ud800a \udcff!") == "Ol\ufffda \ufffd!"
    assert clean_line("a\udc80\n b") == "a\ufffd b"


@pytest.mark.parametrize(("written", "meant"), [
    ("I&rsquo;d like to offer", "I\u2019d like to offer"),
    ("fast &mdash; and cheap", "fast \u2014 and cheap"),
    ("R&amp;D", "R&D"),
    ("it&#8217;s", "it\u2019s"),
    ("it&#x2019;s &#X2019;", "it\u2019s \u2019"),
    ("&ldquo;quoted&rdquo; &eacute;quipe", "\u201cquoted\u201d \u00e9quipe"),
    ("&Atilde;&copy;quipe", "\u00e9quipe"),  # references spelling mojibake are repaired too
])
def test_html_references_in_plain_text_are_decoded(written: str, meant: str) -> None:
    assert clean_text(written) == meant
    assert clean_line(written) == meant


@pytest.mark.parametrize("text", [
    "AT&T and Q&A", "Terms&sections", "a &notes b", "&copyright; 2026", "&ampx;",
    "&madeup; &#; &#x; & ;", "Tom & Jerry;",
])
def test_text_that_only_looks_like_a_reference_is_kept(text: str) -> None:
    # html.unescape alone would read "&sect" in "Terms&sections" as a section sign.
    assert clean_text(text) == text


def test_references_are_decoded_once() -> None:
    # "&amp;rsquo;" is the text "&rsquo;": decoding twice would make it a quote.
    assert clean_text("&amp;rsquo; &amp;amp;") == "&rsquo; &amp;"


def test_references_to_no_text_become_replacement_or_nothing() -> None:
    assert clean_text("a&#0;b&#xD800;c&#1114112;d") == "a\ufffdb\ufffdc\ufffdd"
    assert clean_text("line&#13;&#10;next") == "line\nnext"
    assert clean_line("a&#9;&#10;b") == "a b"


def test_html_is_decoded_by_its_parser_only_once() -> None:
    # In markup "&amp;lt;" is the text "&lt;", shown as such; a second decoding would make
    # it "<".
    assert html_to_text("<p>Type &amp;lt;br&amp;gt; for a break &rsquo;</p>") == (
        "Type &lt;br&gt; for a break \u2019")
    assert clean_text("<p>&amp;lt;</p>", entities=False) == "<p>&amp;lt;</p>"
