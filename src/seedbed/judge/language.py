"""Which language an item is written in, and whether to say anything about it.

Owns: language detection (lingua, whose models ship inside its wheel) restricted to the
languages LinkedIn outreach is mostly written in, with a confidence gate: when unsure, say
nothing and change nothing. Must not import: the store, SQLAlchemy, the CLI or the web.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from seedbed.model import Clue

# ISO 639-1 codes detected. A short list keeps the detector fast and its memory small;
# a language outside it is reported as unknown, never guessed.
LANGUAGES = ("en", "de", "fr", "es", "nl", "pt", "it", "pl", "tr", "sv", "da", "nb", "fi",
             "ro", "cs", "ar", "zh", "ja", "ko", "ru", "uk", "hi", "id")
# The top language must beat the runner-up by this much relative distance; lingua's own
# advice for short texts, where near-ties are common.
MIN_RELATIVE_DISTANCE = 0.25
# Below this many letters a detection is a guess (a greeting, an emoji, a name).
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                 for code in LANGUAGES]
    return (LanguageDetectorBuilder.from_languages(*languages)
            .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
            .with_low_accuracy_mode().build())


def detect(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when unsure."""
    if sum(ch.isalpha() for ch in text[:2000]) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(text[:2000])
    if language is None:
        return None
    return str(language.iso_code_639_1.name).lower()


def language_clue(text: str, readable: tuple[str, ...]) -> Clue | None:
    """A clue when the item is confidently in a language the owner did not list.

    Informational only (0 points): the owner's list of languages is a weak signal that must
    never hide a message on its own (anchors M18).
    """
    code = detect(text)
    if code is None or not readable or code in readable:
        return None
    return Clue("lang:not_your_language", 0.0,
                f"Written in '{code}', which is not among the languages you listed.", code)
