"""Language detection is confidence-gated: unsure means no clue at all."""

from __future__ import annotations

from seedbed.judge.language import detect, language_clue


def test_common_languages_are_detected() -> None:
    assert detect("Hallo Elif, wir haben gestern nach deinem Vortrag gesprochen.") == "de"
    assert detect("Bonjour, nous aidons les entreprises à recruter plus vite.") == "fr"
    assert detect("Hi Dana, I read your article on freshness checks last week.") == "en"


def test_too_short_text_is_unsure() -> None:
    assert detect("ok 👍") is None
    assert detect("") is None


def test_clue_only_when_owner_listed_languages_and_text_is_elsewhere() -> None:
    german = "Hallo Elif, wir haben gestern nach deinem Vortrag gesprochen."
    assert language_clue(german, ("en",)) is not None
    assert language_clue(german, ("en", "de")) is None
    assert language_clue(german, ()) is None
