"""The dev server hands the board's cache headers and its 304 through, as CloudFront sees them."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chalicelib.storage import get_store
from devserver.gateway import ApiGateway
from devserver.seed import seed_if_empty
from devserver.server import DevSite

MONDAY = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> DevSite:
    monkeypatch.setenv("BLIZEJ_SQLITE_PATH", str(tmp_path / "api.sqlite3"))
    monkeypatch.setattr("chalicelib.clock.now", lambda: MONDAY)
    seed_if_empty(get_store())
    return DevSite(builder=None, gateway=ApiGateway())  # type: ignore[arg-type]  # API only


def get(site: DevSite, path: str, headers: dict[str, str] | None = None):
    headers = headers or {}
    environ = {
        "REQUEST_METHOD": "GET",
        "REQUEST_URI": path,
        "wsgi.input": io.BytesIO(b""),
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    answer: dict = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    answer["body"] = b"".join(site(environ, start_response))
    return answer["status"], answer["headers"], answer["body"]


def test_the_dev_server_passes_the_boards_cache_headers_through(site):
    status, headers, payload = get(site, "/api/queue/waw/board")

    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=2"
    assert headers["ETag"].startswith('"')
    assert headers["Content-Length"] == str(len(payload))


def test_the_dev_server_answers_a_matching_if_none_match_with_an_empty_304(site):
    _, first, _ = get(site, "/api/queue/waw/board")

    status, headers, payload = get(site, "/api/queue/waw/board", {"If-None-Match": first["ETag"]})

    assert status == 304
    assert payload == b""
    assert headers["ETag"] == first["ETag"]
