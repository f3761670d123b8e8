"""Preferences: the TOML file, its errors, and defaults inferred from the profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedbed import prefs
from seedbed.errors import PreferencesError
from seedbed.model import JobSeekerPreferences, Position, Profile


def test_me_table_is_read() -> None:
    p = prefs.parse('[me]\nneeds = ["a head chef"]\nopen_to_recruiters = true\n')
    assert p.needs == ("a head chef",)
    assert p.open_to_recruiters is True


def test_allow_list_urls_are_canonical() -> None:
    p = prefs.parse('allow = ["linkedin.com/in/Zo%C3%AB-B/"]')
    assert p.allow == ("https://www.linkedin.com/in/zoë-b",)


def test_wrong_type_names_the_field_and_file() -> None:
    with pytest.raises(PreferencesError, match=r"p\.toml: field 'needs'"):
        prefs.parse("needs = 3", "p.toml")


def test_unknown_field_is_refused() -> None:
    with pytest.raises(PreferencesError, match="unknown field"):
        prefs.parse("[me]\nneeeds = []")


def test_broken_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("needs = [", encoding="utf-8")
    with pytest.raises(PreferencesError, match="not valid TOML"):
        prefs.load(path)


def test_needs_are_inferred_from_job_seeker_preferences_and_said_so() -> None:
    profile = Profile("Ana", "Lima", headline="Data scientist",
                      positions=(Position("Acme", "Data Scientist"),),
                      job_seeker=JobSeekerPreferences(job_titles=("ML Engineer",),
                                                      locations=("Berlin",),
                                                      open_to_recruiters=True))
    p = prefs.with_defaults(None, profile)
    assert "A ML Engineer role in Berlin" in p.needs
    assert p.open_to_recruiters is True
    assert set(p.inferred) == {"needs", "open_to_recruiters"}


def test_stated_needs_are_kept_not_inferred() -> None:
    stated = prefs.parse('needs = ["a new POS"]')
    p = prefs.with_defaults(stated, Profile("A", "B", headline="Chef"))
    assert p.needs == ("a new POS",)
    assert "needs" not in p.inferred


def test_written_preferences_read_back_the_same() -> None:
    p = prefs.parse('[me]\nneeds = ["a \\"quoted\\" need"]\nblock = ["https://x.com/in/a"]\n')
    assert prefs.parse(prefs.to_toml(p)) == p
