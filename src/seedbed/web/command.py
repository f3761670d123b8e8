"""``seedbed ui``: start the web app on this computer and print its private address.

Owns: binding the socket, the access token in the printed URL, opening the browser.
The CLI calls ``serve``; nothing else here is public.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import time
import webbrowser
from pathlib import Path

import uvicorn

from seedbed.errors import SeedbedError
from seedbed.web.app import create_app

DEFAULT_HOST = "127.0.0.1"
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


def bind(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
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


def build(db: Path | str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT
          ) -> tuple[uvicorn.Server, socket.socket, str]:
    """The server, its socket and the URL to open (with the access token)."""
    sock = bind(host, port)
    app = create_app(db)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/?token={app.state.web.token}"
    config = uvicorn.Config(app, host=host, port=bound, log_level="warning",
                            access_log=False, server_header=False)
    return uvicorn.Server(config), sock, url


def serve(db: Path | str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          open_browser: bool = False) -> None:
    """Run the web app until Ctrl-C; print the URL (and open it when asked)."""
    server, sock, url = build(db, host, port)
    print(f"seedbed is running at {url}", flush=True)
    print("The address carries a private token: do not share it. Stop with Ctrl-C.", flush=True)
    if not _is_loopback(host):
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
