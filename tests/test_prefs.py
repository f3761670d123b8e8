"""Preferences: the TOML file, its errors and limits, defaults inferred from the profile, and
how the command line shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from seedbed import prefs, service, tomlfile
from seedbed.cli import app
from seedbed.errors import PreferencesError
from seedbed.model import JobSeekerPreferences, Position, Profile
from tests.conftest import PROFILE, write_csv


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


# -- hostile and unusual files: one clean error naming the file (and line), never a crash --


def test_nesting_3000_deep_is_refused_naming_the_line() -> None:
    text = '[me]\nneeds = ["a"]\nx = ' + "[" * 3000 + "]" * 3000 + "\n"
    with pytest.raises(PreferencesError, match=r"^p\.toml, line 3: nested more than 32 deep"):
        prefs.parse(text, "p.toml")


def test_inline_tables_nested_3000_deep_are_refused() -> None:
    with pytest.raises(PreferencesError, match="nested more than"):
        prefs.parse("x = " + "{a = " * 3000 + "1" + "}" * 3000, "p.toml")


def test_a_dotted_key_of_40000_parts_is_refused_before_parsing(tmp_path: Path) -> None:
    # 80 KB; parsed, it grew to 4 GB (tomllib keeps every prefix of the key).
    path = tmp_path / "p.toml"
    path.write_text("a" + ".a" * 40_000 + " = 1\n", encoding="utf-8")
    with pytest.raises(PreferencesError, match=r"p\.toml, line 1: a key of more than 32"):
        prefs.load(path)


def test_a_table_header_of_40000_parts_is_refused() -> None:
    with pytest.raises(PreferencesError, match="a key of more than 32 dotted parts"):
        prefs.parse("[" + "a." * 40_000 + "a]\n", "p.toml")


def test_brackets_and_dots_in_strings_and_comments_are_not_structure() -> None:
    text = ("# " + "[{." * 100 + "\n[me]\n"
            'needs = ["' + "[" * 100 + '", \'' + "a." * 100 + "', '''" + "{" * 100 + "''',\n"
            '  """' + "." * 100 + '\\"""]"""]\n')
    p = prefs.parse(text, "p.toml")
    assert p.needs == ("[" * 100, "a." * 100, "{" * 100, "." * 100 + '"""]')


def test_other_tools_tables_in_a_shared_file_are_left_alone() -> None:
    p = prefs.parse('[me]\nneeds = ["a"]\n\n[other.tool]\nx = [[1, 2], [3]]\ny.z = {a.b = 1}\n')
    assert p.needs == ("a",)


def test_a_file_over_the_size_limit_is_refused_unparsed(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('needs = ["' + "x" * tomlfile.MAX_BYTES + '"]\n', encoding="utf-8")
    with pytest.raises(PreferencesError, match=r"p\.toml: larger than the 256 KB limit$"):
        prefs.load(path)


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(b"\xef\xbb\xbf" + b'[me]\nneeds = ["a head chef"]\n')
    assert prefs.load(path).needs == ("a head chef",)


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes(b'[me]\nneeds = ["caf\xe9"]\n')
    with pytest.raises(PreferencesError, match=r"p\.toml, line 2: not UTF-8 text"):
        prefs.load(path)


def test_a_number_of_5000_digits_is_invalid_toml_not_a_crash() -> None:
    with pytest.raises(PreferencesError, match=r"p\.toml: not valid TOML"):
        prefs.parse("open_to_recruiters = " + "1" * 5000, "p.toml")


def test_an_allow_entry_no_url_parser_reads_is_refused_naming_the_field() -> None:
    with pytest.raises(PreferencesError, match=r"field 'block': 'https://a\[b/in/x' is not"):
        prefs.parse('block = ["https://a[b/in/x"]', "p.toml")


def test_unknown_keys_are_quoted_with_their_escapes_and_capped() -> None:
    text = "\n".join(f'"\\u001b[{i}m\\u0007" = 1' for i in range(1000))
    with pytest.raises(PreferencesError) as raised:
        prefs.parse(text, "p.toml")
    message = str(raised.value)
    assert message.isprintable()
    assert "'\\x1b[0m\\x07'" in message
    assert message.endswith("and 995 more")


def test_control_characters_survive_a_round_trip_through_toml() -> None:
    p = prefs.parse('needs = ["\\u001b[31mred\\u0007 \\u007f \\"q\\" back\\\\slash"]')
    assert p.needs == ('\x1b[31mred\x07 \x7f "q" back\\slash',)
    assert prefs.parse(prefs.to_toml(p)) == p


# -- on the command line: one line naming the file, exit 1, nothing written, nothing raw --

BAD_FILES = {
    "nested": b"x = " + b"[" * 3000 + b"]" * 3000,
    "dotted": b"a" + b".a" * 40_000 + b" = 1",
    "large": b'needs = ["' + b"x" * (300 * 1024) + b'"]',
    "not-utf8": b'needs = ["caf\xe9"]',
    "long-number": b"open_to_recruiters = " + b"9" * 5000,
    "markup-key": b'"[/red] [bold]" = 1',
    "escape-key": b'"\\u001b]0;owned\\u0007\\u001b[2J" = 1',
    "bad-url": b'allow = ["https://a[b/in/x"]',
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_preferences_file_is_one_line_and_writes_nothing(
    name: str, export_dir: Path, db: Path, tmp_path: Path
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_bytes(BAD_FILES[name])
    result = CliRunner().invoke(app, ["triage", str(export_dir), "--prefs", str(path),
                                      "--db", str(db)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and f"{name}.toml" in lines[0]
    assert lines[0].isprintable()
    assert not db.exists()


def test_prefs_show_prints_no_control_characters(export_dir: Path, db: Path,
                                                 tmp_path: Path) -> None:
    write_csv(export_dir / "Profile.csv", [PROFILE[0], [
        "Dana\x1b]0;owned\x07", "Okafor\u202e", *PROFILE[1][2:]]])
    service.import_path(export_dir, db)
    path = tmp_path / "p.toml"
    path.write_text('needs = ["\\u001b[31mred\\u0007", "\\u009b2J wipe"]\n'
                    'block = ["linkedin.com/in/a\\u001b[0m"]\n', encoding="utf-8")
    service.apply_preferences(path, db)
    result = CliRunner().invoke(app, ["prefs", "show", "--db", str(db)])
    assert result.exit_code == 0
    assert "red" in result.output and "2J wipe" in result.output
    assert not set(result.output) & {"\x1b", "\x07", "\x9b", "\u202e"}
