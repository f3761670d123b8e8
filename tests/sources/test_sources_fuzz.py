"""The export fuzzer, so CI fails when a mutated export gives a traceback.

The suite runs the same 2,000 cases as ``scripts/fuzz_exports.py`` with its defaults (about
20 s on 2 cores); longer runs with other seeds are documented in docs/import.md.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from fuzz_cases import Case, build_case, write_case  # noqa: E402
from fuzz_exports import fuzz, make_base_store, store_digest, summary  # noqa: E402
from tests.exportgen import export_files, generate_export  # noqa: E402

from seedbed import service  # noqa: E402

CASES = 2000


def test_mutated_exports_import_or_fail_cleanly_and_leave_the_store_alone(
        tmp_path: Path) -> None:
    outcomes = fuzz(range(CASES), seed=0, jobs=2, workdir=tmp_path)
    failed = [o for o in outcomes if o.failed]
    assert not failed, summary(outcomes) + "".join(
        f"\ncase {o.index} ({'; '.join(o.steps)}): {o.kind}: {o.detail}" for o in failed)
    kinds = Counter(o.kind for o in outcomes)
    assert len(outcomes) == CASES
    assert kinds["imported"] >= 200 and kinds["clean"] >= 100  # the mutations reach both ends


def test_a_case_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    first, again = build_case(3, 17), build_case(3, 17)
    assert first.files == again.files and first.steps == again.steps
    if first.as_zip:
        a, b = write_case(first, tmp_path / "a"), write_case(again, tmp_path / "b")
        assert a.read_bytes() == b.read_bytes()
    assert build_case(4, 17).files != first.files


def test_the_store_check_sees_an_import_that_adds_items(tmp_path: Path) -> None:
    # "0 stores changed" means something only if a change would show.
    store = make_base_store(tmp_path)
    before = store_digest(store)
    other = Case(0, [(n.encode(), d) for n, d in export_files(generate_export(5, 2, 2, seed=9))],
                 as_zip=False)
    service.import_path(write_case(other, tmp_path / "other"), store)
    assert store_digest(store) != before


def test_a_case_that_overruns_the_timeout_is_a_hang_and_the_run_goes_on(tmp_path: Path) -> None:
    outcomes = fuzz(range(3), seed=0, jobs=1, timeout=0.001, workdir=tmp_path)
    assert [(o.index, o.kind) for o in outcomes] == [(0, "hang"), (1, "hang"), (2, "hang")]
    assert all(o.failed for o in outcomes)
