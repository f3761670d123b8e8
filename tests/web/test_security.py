"""The web app's locks: a random loopback address by default, the Host check, token and
session cookie, CSRF, CSP, escaping, limits."""

from __future__ import annotations

import inspect
import ipaddress
import re
import socket
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from seedbed.web import command, create_app
from seedbed.web.command import build, serve
from seedbed.web.routes import ROUTERS
from tests.web.conftest import TOKEN, XSS_TEXT, csrf_of, make_client, rows, serving

PAGES = ["/", "/import", "/campaigns", "/preferences", "/report"]


def _address(sock: socket.socket) -> str:
    return str(sock.getsockname()[0])


def test_serve_binds_a_random_loopback_address_by_default(db: Path) -> None:
    assert inspect.signature(serve).parameters["host"].default is None
    built = [build(db, port=0) for _ in range(2)]
    try:
        addresses = [_address(sock) for _, sock, _ in built]
        for (server, sock, url), address in zip(built, addresses, strict=True):
            assert ipaddress.ip_address(address).is_loopback
            assert server.config.host == address
            assert url.startswith(f"http://{address}:{sock.getsockname()[1]}/?token=")
        # Random in 127.0.0.0/8 and away from 127.0.0.x, where other servers listen: two
        # runs share an address once in 16 million.
        assert addresses[0] != addresses[1]
        assert not any(a.startswith("127.0.") for a in addresses)
    finally:
        for _, sock, _ in built:
            sock.close()


def test_an_explicit_host_wins(db: Path) -> None:
    _, sock, url = build(db, "127.0.0.1", 0)
    try:
        assert _address(sock) == "127.0.0.1"
        assert url.startswith(f"http://127.0.0.1:{sock.getsockname()[1]}/?token=")
    finally:
        sock.close()


def test_without_the_loopback_network_it_falls_back_to_127_0_0_1(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # As on a system where only 127.0.0.1 is configured: the random address cannot be bound
    # (192.0.2.1 is a documentation address no computer has).
    monkeypatch.setattr(command, "random_loopback", lambda: "192.0.2.1")
    sock = command.bind_loopback(0)
    try:
        assert _address(sock) == "127.0.0.1"
    finally:
        sock.close()


def test_the_real_server_answers_only_for_its_own_address(store: Path,
                                                          engines: dict[str, Any]) -> None:
    with serving(store, engines) as live:
        address = httpx.URL(live.base).host
        assert not address.startswith("127.0.")  # a random loopback address, not a shared one
        assert "Priya Raman" in live.client.get(live.base + "/").text
        # DNS rebinding: another site's name resolved to this address, the cookie sent along.
        rebound = live.client.get(live.base + "/", headers={"Host": "evil.example"})
        assert rebound.status_code == 421
        assert "Priya" not in rebound.text
        assert live.client.get(live.base + "/", headers={"Host": address}).status_code == 200


def test_each_app_gets_its_own_random_token(db: Path) -> None:
    first, second = create_app(db).state.web.token, create_app(db).state.web.token
    assert first != second
    assert len(first) >= 40


def test_request_without_token_is_refused(store: Path) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    response = client.get("/")
    assert response.status_code == 401
    assert "Priya" not in response.text


def test_wrong_token_is_refused_without_cookie(store: Path) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    response = client.get("/?token=not-the-token", follow_redirects=False)
    assert response.status_code == 401
    assert "set-cookie" not in response.headers


def test_token_in_url_becomes_strict_httponly_cookie_and_leaves_the_url(store: Path) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    response = client.get(f"/?verdict=spam&token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?verdict=spam"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()


def _session_cookie(client: TestClient) -> tuple[str, str]:
    response = client.get(f"/?token={TOKEN}", follow_redirects=False)
    name, value = response.headers["set-cookie"].split(";", 1)[0].split("=", 1)
    return name, value


def test_the_cookie_holds_a_session_id_not_the_token(store: Path) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    _, first = _session_cookie(client)
    _, second = _session_cookie(client)
    assert TOKEN not in first
    assert len(first) >= 40
    assert first != second  # each visit of the printed URL opens its own session


def test_the_token_in_a_cookie_is_refused(store: Path) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    name, _ = _session_cookie(client)
    client.cookies.clear()
    client.cookies.set(name, TOKEN)
    response = client.get("/")
    assert response.status_code == 401
    assert "Priya" not in response.text


def test_a_session_of_one_app_does_not_open_another(store: Path) -> None:
    one = TestClient(create_app(store, token=TOKEN))
    other = TestClient(create_app(store, token=TOKEN))  # even with the same token
    name, session = _session_cookie(one)
    assert one.get("/").status_code == 200
    other.cookies.set(name, session)
    assert other.get("/").status_code == 401


def test_a_wrong_host_is_refused_even_with_a_valid_session(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    for host in ("evil.example", "evil.example:80", "localhost", "127.0.0.1"):
        response = client.get("/", headers={"Host": host})
        assert response.status_code == 421, host
        assert "Priya" not in response.text
        assert "Wrong address" in response.text
        assert response.headers["x-frame-options"] == "DENY"


def test_cookie_alone_grants_access(store: Path, engines: dict[str, Any]) -> None:
    with make_client(store, engines) as client:
        response = client.get("/")
    assert response.status_code == 200
    assert "Priya Raman" in response.text


def test_static_files_need_the_token(store: Path) -> None:
    client = TestClient(create_app(store, token=TOKEN))
    assert client.get("/static/app.js").status_code == 401


def _post_routes() -> list[str]:
    return sorted(route.path for router in ROUTERS for route in router.routes
                  if "POST" in getattr(route, "methods", set()))


def test_every_post_route_refuses_a_missing_csrf_token(client: TestClient, store: Path,
                                                       engines: dict[str, Any]) -> None:
    item_id = rows(store, engines)["Connor Blake"].item.item_id
    paths = _post_routes()
    assert len(paths) >= 5  # import, preferences, mark, unmark, sender
    for path in paths:
        response = client.post(path.replace("{item_id}", item_id),
                               data={"label": "welcome", "list": "block", "owner_id": "1"})
        assert response.status_code == 403, path
        assert "expired or did not come from seedbed" in response.text
    assert rows(store, engines)["Connor Blake"].verdict.source == "model"


def test_a_wrong_csrf_token_is_refused(client: TestClient, store: Path,
                                       engines: dict[str, Any]) -> None:
    item_id = rows(store, engines)["Connor Blake"].item.item_id
    response = client.post(f"/items/{item_id}/mark",
                           data={"label": "welcome", "csrf_token": "0" * 64})
    assert response.status_code == 403


def test_csrf_token_of_another_app_is_refused(store: Path, engines: dict[str, Any]) -> None:
    with make_client(store, engines) as one, make_client(store, engines) as other:
        item_id = rows(store, engines)["Connor Blake"].item.item_id
        response = one.post(f"/items/{item_id}/mark",
                            data={"label": "welcome", "csrf_token": csrf_of(other)})
    assert response.status_code == 403


def test_csrf_header_is_accepted(client: TestClient, store: Path,
                                 engines: dict[str, Any]) -> None:
    item_id = rows(store, engines)["Connor Blake"].item.item_id
    response = client.post(f"/items/{item_id}/mark", data={"label": "welcome"},
                           headers={"X-CSRF-Token": csrf_of(client)}, follow_redirects=False)
    assert response.status_code == 303
    assert rows(store, engines)["Connor Blake"].verdict.source == "your correction"


@pytest.mark.parametrize("path", [*PAGES, "/no-such-page", "/static/style.css"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_refusals_carry_the_security_headers_too(store: Path) -> None:
    headers = TestClient(create_app(store, token=TOKEN)).get("/").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _all_pages(client: TestClient, store: Path, engines: dict[str, Any]) -> dict[str, str]:
    by_name = rows(store, engines)
    paths = [*PAGES, *(f"/items/{r.item.item_id}" for r in by_name.values())]
    return {path: client.get(path).text for path in paths}


def test_pages_have_no_inline_script_style_or_handler(client: TestClient, store: Path,
                                                      engines: dict[str, Any]) -> None:
    for path, html in _all_pages(client, store, engines).items():
        tags = _tags(html)
        assert not any(tag == "style" for tag, _ in tags), path
        for tag, attrs in tags:
            if tag == "script":
                assert attrs.get("src"), f"inline script on {path}"
            assert "style" not in attrs, f"style attribute on {path}: {tag}"
            assert not any(name.startswith("on") for name in attrs), f"handler on {path}: {tag}"


def test_pages_load_nothing_from_elsewhere(client: TestClient, store: Path,
                                           engines: dict[str, Any]) -> None:
    loading = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src",
               "embed": "src", "object": "data", "form": "action", "audio": "src", "video": "src"}
    for path, html in _all_pages(client, store, engines).items():
        for tag, attrs in _tags(html):
            url = attrs.get(loading.get(tag, ""))
            if url is not None:
                assert url.startswith("/") and not url.startswith("//"), f"{path}: {tag} {url}"
    for asset in ("/static/style.css", "/static/app.js"):
        body = client.get(asset).text
        assert not re.search(r"https?:|url\(\s*['\"]?//", body), asset


def test_message_markup_renders_inert(jsonl_client: TestClient, jsonl_store: Path,
                                      engines: dict[str, Any]) -> None:
    row = rows(jsonl_store, engines)["Mallory Markup"]
    assert row.item.text == XSS_TEXT
    for html in (jsonl_client.get(f"/items/{row.item.item_id}").text,
                 jsonl_client.get("/?q=quick+look").text):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert not any(tag == "img" for tag, _ in _tags(html))


def test_html_inmail_is_shown_as_text(client: TestClient, store: Path,
                                      engines: dict[str, Any]) -> None:
    row = rows(store, engines)["Zed Marketing"]
    assert row.item.html and "<p>" in row.item.html
    html = client.get(f"/items/{row.item.item_id}").text
    assert "&lt;p&gt;Hi Dana,&lt;/p&gt;" in html
    assert "<p>Hi Dana" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_upload_over_the_limit_is_refused_with_a_clear_message(store: Path,
                                                               engines: dict[str, Any]) -> None:
    with make_client(store, engines, max_upload_bytes=1024) as client:
        response = client.post("/import", data={"csrf_token": csrf_of(client)},
                               files={"export": ("big.zip", b"x" * 4096, "application/zip")})
    assert response.status_code == 413
    assert "the limit is 1 KB" in response.text
    assert "Upload too large" in response.text
