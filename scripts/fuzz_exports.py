"""Fuzz the importer: mutated LinkedIn exports in, only imports and clean errors out.

Each case (built by ``fuzz_cases.py``) starts from an export written by the test suite's
generator (``tests/exportgen.py``, any era, zip or folder) and applies one to four mutations
picked by a seeded RNG: byte flips, truncations, header edits, other encodings (UTF-16,
UTF-32, cp1252, BOMs), giant fields, broken quotes, odd dates, odd profile URLs, CSV
injection, NUL bytes, line endings, empty, missing and duplicated files, file names that are
not UTF-8, symlinks, FIFOs, deep folders, other zip compressions and damaged zip headers.
The case is imported with the entry the CLI uses (``service.import_path``) into a copy of a
store that already holds a base export, in a worker process that is killed when it overruns
``--timeout``. Every case ends as one of

    imported     the import succeeded
    clean        a SeedbedError, whose message is printable text on one line
    unprintable  a SeedbedError whose message is not valid UTF-8 or spans several lines
    store error  a StoreError: the store is sound, so the export must not be able to cause one
    traceback    any other exception
    hang         no answer within --timeout (the worker is killed)
    crashed      the worker died (a signal, the memory limit)

and a case that did not import must leave the store byte for byte as it was. Anything but
``imported`` and ``clean``, and any changed store, is a failure; failures are written to
``--failures`` as JSON lines with the seed and case that reproduce them.

Run (2,000 cases, the default, take 20 to 90 seconds on two cores):
    .venv/bin/python scripts/fuzz_exports.py
    .venv/bin/python scripts/fuzz_exports.py --cases 20000 --seed 7
    .venv/bin/python scripts/fuzz_exports.py --seed 0 --only 123 --keep case123/

``--only`` runs one case in this process and prints its traceback; ``--keep`` leaves the
mutated export in a folder to look at. Exit status 1 when any case failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import multiprocessing.connection
import os
import resource
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from fuzz_cases import Case, base_case, build_case, write_case  # noqa: E402

from seedbed import service  # noqa: E402
from seedbed.errors import SeedbedError, StoreError  # noqa: E402

# A case takes well under a second; ten seconds is a hang even on a loaded machine.
DEFAULT_TIMEOUT = 10.0
# Each worker may use this much address space beyond what it inherits; a bomb that gets
# past the limits then ends as a MemoryError (a failure) instead of taking the machine down.
WORKER_MEMORY_MIB = 4096
FAILED = ("unprintable", "store error", "traceback", "hang", "crashed")


@dataclass
class Outcome:
    """What one case gave."""

    index: int
    kind: str
    steps: list[str]
    store_changed: bool = False
    detail: str = ""
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return self.kind in FAILED or self.store_changed


# -------------------------------------------------------------------------- running a case


def store_digest(store: Path) -> str:
    """A hash of every file of the store (the database and its journal or WAL files)."""
    digest = hashlib.sha256()
    for path in sorted(store.parent.iterdir()):
        if path.name.startswith(store.name) and path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def make_base_store(directory: Path) -> Path:
    """A store holding one unmutated export: what each case is imported into."""
    source = write_case(base_case(), directory / "base-export")
    store = directory / "base-store" / "seedbed.sqlite3"
    service.import_path(source, store)
    return store


def _printable(message: str) -> bool:
    try:
        message.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\n" not in message and "\r" not in message


def run_case(case: Case, base_store: Path, base_digest: str, work: Path) -> Outcome:
    """Import one case into a fresh copy of the base store and classify what happened."""
    started = time.perf_counter()
    shutil.rmtree(work, ignore_errors=True)
    store = work / "store" / base_store.name
    store.parent.mkdir(parents=True)
    for path in base_store.parent.iterdir():
        shutil.copy(path, store.parent / path.name)
    outcome = Outcome(case.index, "imported", case.steps)
    imported = False
    try:
        source = write_case(case, work / "export")
        names: list[str] = []
        summary = service.import_path(source, store,
                                      lambda name, done, total: names.append(name))
        imported = True
        names += [f.name for owner in summary.owners for f in owner.files]
        bad = [n for n in names if not _printable(n)]
        if bad:
            outcome.kind, outcome.detail = "unprintable", f"file names {bad[:3]!r}"
    except StoreError as exc:  # each worker's store is sound and its own: nothing may fail it
        outcome.kind, outcome.detail = "store error", f"{type(exc).__name__}: {exc}"
    except SeedbedError as exc:
        message = str(exc)
        outcome.kind = "clean" if _printable(message) else "unprintable"
        outcome.detail = f"{type(exc).__name__}: {message[:300]!r}"
    except Exception as exc:
        outcome.kind = "traceback"
        outcome.detail = "".join(traceback.format_exception(exc)[-4:])[-1500:]
    if not imported:
        outcome.store_changed = store_digest(store) != base_digest
    outcome.seconds = time.perf_counter() - started
    return outcome


# ------------------------------------------------------------------------- workers, timeouts


def _strict_warnings() -> None:
    """A warning while importing is a bug too (an unclosed file, a bad escape)."""
    warnings.simplefilter("error")
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def _limit_memory() -> None:
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            mapped = int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        mapped = 0
    limit = mapped + WORKER_MEMORY_MIB * 1024**2
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn: multiprocessing.connection.Connection, seed: int, base_store: Path,
           base_digest: str, work: Path) -> None:
    _limit_memory()
    _strict_warnings()
    while True:
        index = conn.recv()
        if index is None:
            return
        outcome = run_case(build_case(seed, index), base_store, base_digest, work)
        conn.send(outcome)


@dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    index: int | None = None
    deadline: float = 0.0
    started: float = 0.0


def fuzz(cases: Iterable[int], *, seed: int = 0, jobs: int = 2,
         timeout: float = DEFAULT_TIMEOUT, workdir: Path | None = None,
         report: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run ``cases`` of run ``seed`` in ``jobs`` workers; return every outcome, by case.

    Workers come from a fork server, not from this process: it may hold threads (a test
    run's), and a process forked from a threaded one can inherit a lock held forever.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with tempfile.TemporaryDirectory(prefix="seedbed-fuzz-", dir=workdir) as tmp:
        root = Path(tmp)
        base_store = make_base_store(root)
        base_digest = store_digest(base_store)
        pending: Iterator[int] = iter(cases)
        outcomes: list[Outcome] = []
        spawned = 0

        def spawn() -> _Worker:
            nonlocal spawned
            spawned += 1
            parent, child = context.Pipe()
            work = root / f"worker-{spawned}"
            process = context.Process(target=_serve, daemon=True,
                                      args=(child, seed, base_store, base_digest, work))
            process.start()
            child.close()
            return _Worker(process, parent)

        def finish(outcome: Outcome) -> None:
            outcomes.append(outcome)
            if report is not None:
                report(outcome)

        workers = [spawn() for _ in range(max(1, jobs))]
        busy = True
        while busy:
            for worker in workers:
                if worker.index is None:
                    index = next(pending, None)
                    if index is not None:
                        worker.index, worker.started = index, time.monotonic()
                        worker.deadline = worker.started + timeout
                        worker.conn.send(index)
            active = [w for w in workers if w.index is not None]
            busy = bool(active)
            if not busy:
                break
            wait = max(0.0, min(w.deadline for w in active) - time.monotonic())
            ready = multiprocessing.connection.wait([w.conn for w in active], wait)
            for n, worker in enumerate(workers):
                if worker.index is None:
                    continue
                if worker.conn in ready:
                    try:
                        finish(worker.conn.recv())
                        worker.index = None
                        continue
                    except EOFError:
                        worker.process.join()
                        finish(Outcome(worker.index, "crashed", build_case(seed, worker.index)
                                       .steps, detail=f"exit {worker.process.exitcode}"))
                elif time.monotonic() < worker.deadline:
                    continue
                else:
                    worker.process.kill()
                    worker.process.join()
                    finish(Outcome(worker.index, "hang", build_case(seed, worker.index).steps,
                                   detail=f"no answer in {timeout:g} s",
                                   seconds=time.monotonic() - worker.started))
                worker.conn.close()
                workers[n] = spawn()
        for worker in workers:
            worker.conn.send(None)
            worker.process.join(timeout=5)
    return sorted(outcomes, key=lambda o: o.index)


# ------------------------------------------------------------------------------ the command


def summary(outcomes: list[Outcome]) -> str:
    kinds = Counter(o.kind for o in outcomes)
    changed = sum(o.store_changed for o in outcomes)
    parts = [f"{kinds.get(k, 0)} {k}" for k in ("imported", "clean", *FAILED)]
    return f"{len(outcomes)} cases: " + ", ".join(parts) + f"; {changed} stores changed on failure"


def _only(seed: int, index: int, keep: Path | None) -> int:
    _strict_warnings()
    case = build_case(seed, index)
    print("\n".join(case.steps))
    with tempfile.TemporaryDirectory(prefix="seedbed-fuzz-") as tmp:
        root = Path(tmp)
        if keep is not None:
            print("written to", write_case(case, keep))
        base_store = make_base_store(root)
        digest = store_digest(base_store)
        source = write_case(case, root / "export")
        store = root / "store" / base_store.name
        store.parent.mkdir()
        for path in base_store.parent.iterdir():
            shutil.copy(path, store.parent / path.name)
        try:
            service.import_path(source, store)
        except SeedbedError as exc:
            print(f"clean error: {type(exc).__name__}: {exc}")
        else:
            print("imported")
        print("store changed" if store_digest(store) != digest else "store unchanged")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=2000, help="how many cases (2000)")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (0)")
    parser.add_argument("--only", type=int, help="run this one case here, with its traceback")
    parser.add_argument("--keep", type=Path, help="with --only: write the case's export here")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds before a case counts as a hang ({DEFAULT_TIMEOUT:g})")
    parser.add_argument("--failures", type=Path, default=Path("fuzz_failures.jsonl"),
                        help="where failing cases are written (fuzz_failures.jsonl)")
    args = parser.parse_args(argv)
    if args.only is not None:
        return _only(args.seed, args.only, args.keep)
    started = time.monotonic()
    done = 0

    def progress(outcome: Outcome) -> None:
        nonlocal done
        done += 1
        if outcome.failed:
            print(f"case {outcome.index}: {outcome.kind}"
                  f"{' (store changed)' if outcome.store_changed else ''}: "
                  f"{outcome.detail.strip().splitlines()[-1] if outcome.detail else ''}",
                  file=sys.stderr)
        if done % 250 == 0:
            print(f"{done}/{args.cases} in {time.monotonic() - started:.0f} s", file=sys.stderr)

    outcomes = fuzz(range(args.cases), seed=args.seed, jobs=args.jobs, timeout=args.timeout,
                    report=progress)
    failed = [o for o in outcomes if o.failed]
    print(summary(outcomes) + f" ({time.monotonic() - started:.0f} s, {args.jobs} jobs)")
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(f"slowest case: {slowest.index} ({slowest.seconds:.2f} s)")
    if failed:
        with args.failures.open("w", encoding="utf-8") as stream:
            for outcome in failed:
                stream.write(json.dumps({"seed": args.seed, **asdict(outcome)}) + "\n")
        print(f"{len(failed)} failures written to {args.failures}; reproduce one with "
              f"--seed {args.seed} --only CASE")
    return 1 if failed else 0


if __name__ == "__main__":
    # Run as the module ``fuzz_exports``, not ``__main__``, so that workers and outcomes
    # name the same module in every process.
    import fuzz_exports

    sys.exit(fuzz_exports.main())
