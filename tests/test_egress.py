"""Nothing leaves the machine: import, triage and the web app, traced by strace.

Every command runs as a user would run it (the installed ``seedbed`` script, a fresh home
folder) under ``strace -f``, which sees every thread and forked worker, native code included:
onnxruntime's telemetry lives in C++ where no Python audit hook can see it. The test fails on
any connection or datagram to an address that is not loopback, on any name lookup, and on any
file written outside the store, the user's config and data folders and the temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from seedbed.offline import TELEMETRY_OFF

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "src" / "seedbed" / "data" / "demo" / "Basic_LinkedInDataExport_11-20-2026.zip"
SEEDBED = str(Path(sys.executable).with_name("seedbed"))
STRACE = shutil.which("strace")

NETWORK_CALLS = "connect,sendto,sendmsg,sendmmsg"
WRITE_CALLS = ("open,openat,openat2,creat,mkdir,mkdirat,rename,renameat,renameat2,link,"
               "linkat,symlink,symlinkat,unlink,unlinkat,truncate")
WRITE_FLAGS = re.compile(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND")
# Devices a process may write to without anything being stored or sent.
HARMLESS = ("/dev/null", "/dev/tty", "/dev/pts/", "/dev/shm/", "/proc/self/", "/proc/thread-self/")
# Where the C library asks other processes to resolve names for it.
RESOLVER_SOCKETS = ("nscd", "resolve", "dbus")



@pytest.fixture(autouse=True)
def _strace_is_there() -> None:
    if STRACE is None:
        pytest.fail("strace not found: `make test` installs it (scripts/setup_system.sh)")


@dataclass
class Sandbox:
    """A fresh home for one run: the store, the XDG folders and the temporary folder in it."""

    root: Path

    @property
    def store(self) -> Path:
        return self.root / "store" / "seedbed.sqlite3"

    def env(self) -> dict[str, str]:
        home = self.root / "home"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("XDG_", "SEEDBED_")) and k not in TELEMETRY_OFF}
        env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_DATA_HOME=str(home / ".local" / "share"),
                   XDG_CACHE_HOME=str(home / ".cache"), TMPDIR=str(self.root / "tmp"),
                   PYTHONDONTWRITEBYTECODE="1", COLUMNS="120")
        return env

    def allowed(self) -> tuple[Path, ...]:
        home = self.root / "home"
        return (self.store.parent, home / ".config", home / ".local" / "share",
                self.root / "tmp")

    def make(self) -> None:
        for folder in (self.root / "home", self.root / "tmp", self.root / "cwd",
                       self.store.parent):
            folder.mkdir(parents=True, exist_ok=True)


def _strace(trace: Path, *command: str) -> list[str]:
    assert STRACE is not None
    # -I4: strace itself ignores Ctrl-C and follows the traced command until it has ended.
    return [STRACE, "-f", "-qq", "-y", "-I4", "-s", "512", "-e", "signal=none",
            "-e", f"trace={NETWORK_CALLS},{WRITE_CALLS}", "-o", str(trace), *command]


def _violations(trace: Path, box: Sandbox) -> list[str]:
    """The lines of a trace that send something off the machine or write outside the box."""
    found: list[str] = []
    allowed = tuple(str(p.resolve()) for p in box.allowed())
    cwd = (box.root / "cwd").resolve()
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        call = re.match(r"\d+\s+(\w+)\((.*)", line)
        if call is None:  # "<... openat resumed>" lines: the call was reported when it began
            continue
        name, args = call.groups()
        if name in NETWORK_CALLS.split(","):
            problem = _network_problem(args)
        else:
            problem = _write_problem(name, args, allowed, cwd)
        if problem:
            found.append(f"{problem}: {line[:300]}")
    return found


def _network_problem(args: str) -> str:
    if "AF_UNIX" in args:
        path = re.search(r'sun_path="([^"]*)"', args)
        if path and any(word in path.group(1) for word in RESOLVER_SOCKETS):
            return "name lookup"
        return ""
    if "AF_INET" not in args:
        return ""
    port = re.search(r"sin6?_port=htons\((\d+)\)", args)
    if port and port.group(1) == "53":
        return "name lookup"
    address = re.search(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"', args)
    host = next((g for g in address.groups() if g), "") if address else ""
    if host.startswith("127.") or host in ("::1", "::ffff:127.0.0.1"):
        return ""
    return f"connection to {host or 'an unknown address'}"


def _write_problem(name: str, args: str, allowed: tuple[str, ...], cwd: Path) -> str:
    if name in ("open", "openat", "openat2") and not WRITE_FLAGS.search(args):
        return ""
    for path in _paths(args, cwd):
        if path.startswith(HARMLESS) or path.startswith(allowed):
            continue
        return f"{name} outside the store and the user's folders ({path})"
    return ""


def _paths(args: str, cwd: Path) -> list[str]:
    """Absolute paths named by a traced call, relative ones joined to their directory fd."""
    paths: list[str] = []
    base = str(cwd)
    for directory, path in re.findall(r'(?:(?:AT_FDCWD|\d+<([^>]*)>), )?"([^"]*)"', args):
        if path.startswith("/"):
            paths.append(os.path.normpath(path))
        else:
            paths.append(os.path.normpath(os.path.join(directory or base, path)))
    return paths


def _run(box: Sandbox, trace: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_strace(trace, SEEDBED, *args), env=box.env(), cwd=box.root / "cwd",
                          capture_output=True, text=True, timeout=300, check=False)


def test_import_and_triage_send_nothing_and_write_only_the_store(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    box.make()
    done = _run(box, tmp_path / "import.trace", "import", str(DEMO), "--db", str(box.store))
    assert done.returncode == 0, done.stderr
    done = _run(box, tmp_path / "triage.trace", "triage", "--db", str(box.store),
                "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") > 100  # the demo was judged: the model ran
    problems = (_violations(tmp_path / "import.trace", box)
                + _violations(tmp_path / "triage.trace", box))
    assert problems == []
    assert not (tmp_path / "home" / ".cache").exists()


def test_the_web_app_sends_nothing_while_it_judges_and_serves(tmp_path: Path) -> None:
    box = Sandbox(tmp_path)
    box.make()
    done = subprocess.run([SEEDBED, "import", str(DEMO), "--db", str(box.store)],
                          env=box.env(), capture_output=True, text=True, timeout=300,
                          check=False)
    assert done.returncode == 0, done.stderr
    trace = tmp_path / "ui.trace"
    with (tmp_path / "ui.err").open("w") as errors, subprocess.Popen(
            _strace(trace, SEEDBED, "ui", "--db", str(box.store), "--port", "0"),
            env=box.env(), cwd=box.root / "cwd", stdout=subprocess.PIPE, stderr=errors,
            text=True, start_new_session=True) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            url = re.search(r"http://\S+", line)
            assert url, line
            with httpx.Client(follow_redirects=True, timeout=120) as client:
                inbox = client.get(url.group(0))  # the first page judges the whole store
                assert inbox.status_code == 200
                for page in ("/report", "/campaigns", "/pacing"):
                    assert client.get(str(inbox.url.join(page))).status_code == 200
            time.sleep(3)  # an uploader, if there were one, starts within seconds of a session
        finally:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as a user stops it
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    assert _violations(trace, box) == []
    assert not (tmp_path / "home" / ".cache").exists()


def test_the_trace_reading_catches_what_it_is_there_to_catch(tmp_path: Path) -> None:
    """The checker itself: a connection off the machine and a write to ~/.cache are found."""
    box = Sandbox(tmp_path)
    box.make()
    trace = tmp_path / "probe.trace"
    script = ("import socket, pathlib, os\n"
              "s = socket.socket(); s.settimeout(0.2)\n"
              "try: s.connect(('192.0.2.1', 443))\n"
              "except OSError: pass\n"
              "p = pathlib.Path(os.environ['HOME'], '.cache', 'x'); p.parent.mkdir(parents=True)\n"
              "p.write_text('id')\n")
    subprocess.run(_strace(trace, sys.executable, "-c", script), env=box.env(),
                   cwd=box.root / "cwd", check=True, timeout=60)
    problems = _violations(trace, box)
    assert any("connection to 192.0.2.1" in p for p in problems)
    assert any(".cache" in p for p in problems)
