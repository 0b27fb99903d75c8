import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scripts.versioned_site import SITE_SOURCES

ROOT = Path(__file__).resolve().parent.parent
# Every dev server a test starts has its clock pinned here, ticking on: a working Monday morning
# in Warsaw, whatever the hour, weekday or month the tests run in.
OFFICE_MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 09:00 in Warsaw
# Someone booked this on the Friday before, so the kiosk test checks in inside the real window.
BOOKED_ON_FRIDAY = {"at": "2026-12-04T12:00:00+01:00", "start": "2026-12-07T08:30:00Z"}
LANGUAGES = ("en", "pl", "uk", "ru", "vi")

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",  # never with --quiet, which hides the warnings that --strict counts
            "--site-dir",
            str(site_dir),
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )


def copy_site_sources(target: Path) -> Path:
    """A copy of everything the site is built from, for tests that change it."""
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningServer:
    process: subprocess.Popen
    url: str
    output: list[str]
    data_dir: Path
    drain: threading.Thread | None = None
    booked_on_friday: dict[str, str] = field(default_factory=dict)


def start_dev_server(
    tmp: Path, port: int, root: Path = ROOT, settings: dict[str, str] | None = None
) -> RunningServer:
    """Starts `python -m devserver` like `make dev` does, and waits until it says where it runs.

    `settings` are BLIZEJ_ variables for this server; none of the test process's own go along.
    Its clock starts at OFFICE_MORNING unless `settings` pin BLIZEJ_NOW elsewhere.
    """
    env = server_environment(settings)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devserver",
            "--port",
            str(port),
            "--data-dir",
            str(tmp / "data"),
            "--site-dir",
            str(tmp / "site"),
            "--root",
            str(root),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if "is running at" in line:
            url = line.split("is running at", 1)[1].split()[0]
            # Keep reading what the server prints: a full pipe would stop it mid-request.
            drain = threading.Thread(target=_drain, args=(process, output), daemon=True)
            drain.start()
            return RunningServer(process, url, output, tmp / "data", drain)
    process.kill()
    raise AssertionError("the dev server did not start:\n" + "".join(output))


def server_environment(settings: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for name in [name for name in env if name.startswith("BLIZEJ_")]:
        env.pop(name)
    env["BLIZEJ_NOW"] = f"{OFFICE_MORNING.isoformat()} ticking"
    env.update(settings or {})
    return env


def book_on_friday(data_dir: Path) -> dict[str, str]:
    """A confirmed booking made through the API on the Friday before OFFICE_MORNING."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.booked_earlier", str(data_dir), BOOKED_ON_FRIDAY["start"]],
        cwd=ROOT,
        env=server_environment({"BLIZEJ_NOW": BOOKED_ON_FRIDAY["at"]}),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _drain(process: subprocess.Popen, output: list[str]) -> None:
    for line in process.stdout:
        output.append(line)


def stop(server: RunningServer) -> int:
    server.process.send_signal(2)  # SIGINT, as Ctrl-C sends
    try:
        return server.process.wait(timeout=20)
    finally:
        if server.process.poll() is None:
            server.process.kill()
        if server.drain is not None:
            server.drain.join(timeout=5)


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    tmp = tmp_path_factory.mktemp("devserver")
    booking = book_on_friday(tmp / "data")
    server = start_dev_server(tmp, free_port())
    server.booked_on_friday = booking
    try:
        urllib.request.urlopen(server.url, timeout=60)
    except urllib.error.HTTPError as error:
        stop(server)
        pytest.fail(f"the dev server's site did not build:\n{error.read().decode()}")
    yield server
    stop(server)
