"""The parts of `make dev` that many requests use at once: the API gateway and the site build."""

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from chalicelib.storage import get_store
from devserver.gateway import ApiGateway
from devserver.seed import seed_if_empty
from devserver.sitebuild import SiteBuilder


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> ApiGateway:
    monkeypatch.setenv("BLIZEJ_SQLITE_PATH", str(tmp_path / "api.sqlite3"))
    seed_if_empty(get_store())
    return ApiGateway()


@pytest.fixture
def threads_switch_often() -> Iterator[None]:
    """Threads take turns after every few instructions, so a shared request would show."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(before)


def services_at(gateway: ApiGateway, site: str) -> list[str]:
    status, _, payload = gateway.handle("GET", f"/services?site={site}", {}, b"")
    assert status == 200, payload
    return [service["id"] for service in json.loads(payload)]


def test_requests_handled_at_once_each_read_their_own_query(gateway, threads_switch_often):
    expected = {site: services_at(gateway, site) for site in ("waw", "rad")}
    assert expected["waw"] != expected["rad"]
    start = threading.Barrier(16)
    mixed_up: list[str] = []

    def client(number: int) -> None:
        site = ("waw", "rad")[number % 2]
        start.wait()
        for _ in range(60):
            if services_at(gateway, site) != expected[site]:
                mixed_up.append(site)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert mixed_up == []


class CountingBuilds:
    """Stands in for `mkdocs build`: counts the builds and how many ran at the same time."""

    def __init__(self) -> None:
        self.builds = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, *_args, **_kwargs) -> subprocess.CompletedProcess:
        with self._lock:
            self.builds += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        self.started.set()
        self.release.wait(timeout=30)
        with self._lock:
            self.running -= 1
        return subprocess.CompletedProcess([], 0, "", "")


def sources(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text("site_name: test\n")
    return root


def test_pages_asked_for_at_once_after_an_edit_start_one_build(monkeypatch, tmp_path):
    builder = SiteBuilder(tmp_path / "site", sources(tmp_path / "repo"))
    mkdocs = CountingBuilds()
    monkeypatch.setattr("devserver.sitebuild.subprocess.run", mkdocs)
    asking = [threading.Thread(target=builder.ensure_fresh) for _ in range(20)]

    for thread in asking:
        thread.start()
    mkdocs.started.wait(timeout=30)
    mkdocs.release.set()
    for thread in asking:
        thread.join()

    assert (mkdocs.builds, mkdocs.most_at_once) == (1, 1)
    assert builder.error is None


def test_an_edit_after_a_build_is_built_on_the_next_page(monkeypatch, tmp_path):
    root = sources(tmp_path / "repo")
    builder = SiteBuilder(tmp_path / "site", root)
    mkdocs = CountingBuilds()
    mkdocs.release.set()
    monkeypatch.setattr("devserver.sitebuild.subprocess.run", mkdocs)
    builder.ensure_fresh()

    (root / "docs" / "index.md").write_text("# Home, edited\n")
    rebuilt = builder.ensure_fresh()

    assert rebuilt
    assert mkdocs.builds == 2
