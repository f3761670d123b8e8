"""``seedbed ui``: start the web app on this computer and print its private address.

Owns: choosing the address (by default a random one of the loopback network 127.0.0.0/8,
new for every run: browsers keep cookies per host, not per port, so no other local server
is ever sent this app's cookie), binding the socket, the access token in the printed URL,
opening the browser. The CLI calls ``serve``; nothing else here is public.
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from seedbed.errors import SeedbedError
from seedbed.store import open_engine
from seedbed.web.app import create_app

if TYPE_CHECKING:
    from seedbed.judge.combine import Judge
    from seedbed.judge.embedding import Embedder

# Where the app listens when no --host is given: a random loopback address. Linux routes
# all of 127.0.0.0/8 to this computer; where only 127.0.0.1 exists (macOS) binding the
# random one fails and this one is used.
FALLBACK_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
# How long to wait for the server to come up before opening the browser anyway.
START_TIMEOUT_S = 10.0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def random_loopback() -> str:
    """A random address of 127.0.0.0/8 outside 127.0.0.0/16, where other servers listen."""
    second = 1 + secrets.randbelow(255)
    return f"127.{second}.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"


def bind_loopback(port: int = DEFAULT_PORT) -> socket.socket:
    """A listening socket on a random loopback address, or on 127.0.0.1 when that fails."""
    try:
        return bind(random_loopback(), port)
    except SeedbedError:
        return bind(FALLBACK_HOST, port)


def bind(host: str, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: any free port); SeedbedError if taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SeedbedError(f"cannot listen on {host}:{port} ({exc.strerror}); "
                           "try another --port, or --port 0 for any free one") from exc
    sock.listen(128)
    return sock


def build(db: Path | str | None, host: str | None = None, port: int = DEFAULT_PORT, *,
          judge: Judge | None = None, embedder: Embedder | None = None
          ) -> tuple[uvicorn.Server, socket.socket, str]:
    """The server, its socket and the URL to open (with the access token).

    ``host`` None: a random loopback address (see the module docstring). The store is
    opened (created, migrated) before the first request, so that pages never race to do it.
    ``judge`` and ``embedder`` replace the packaged ones (tests). Raises SeedbedError when
    the address is taken or the store cannot be used.
    """
    sock = bind(host, port) if host else bind_loopback(port)
    try:
        open_engine(db).dispose()
    except BaseException:
        sock.close()
        raise
    address, bound = sock.getsockname()[:2]
    name = host or address
    shown = f"[{name}]" if ":" in name else name
    app = create_app(db, hosts=[f"{shown}:{bound}"], judge=judge, embedder=embedder)
    url = f"http://{shown}:{bound}/?token={app.state.web.token}"
    # No proxy stands in front of a local app: never take the client from X-Forwarded-For.
    config = uvicorn.Config(app, host=address, port=bound, log_level="warning",
                            access_log=False, server_header=False, proxy_headers=False)
    return uvicorn.Server(config), sock, url


def serve(db: Path | str | None, host: str | None = None, port: int = DEFAULT_PORT,
          open_browser: bool = False) -> None:
    """Run the web app until Ctrl-C; print the URL (and open it when asked)."""
    server, sock, url = build(db, host, port)
    print(f"seedbed is running at {url}", flush=True)
    print("The address carries a private token: do not share it. Stop with Ctrl-C.", flush=True)
    if host and not _is_loopback(host):
        print(f"warning: {host} is reachable from other computers; anyone with the address "
              "can read your inbox", file=sys.stderr, flush=True)
    if open_browser:
        threading.Thread(target=_open_when_ready, args=(server, url), daemon=True).start()
    server.run(sockets=[sock])


def _open_when_ready(server: uvicorn.Server, url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    webbrowser.open(url)
