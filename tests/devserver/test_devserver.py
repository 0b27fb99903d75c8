"""`make dev` as a newcomer meets it: the real server process, spoken to over HTTP."""

import http.client
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from chalicelib import i18n
from tests.conftest import (
    ROOT,
    copy_site_sources,
    free_port,
    server_environment,
    start_dev_server,
    stop,
)


def fetch(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("", '<html lang="en"'),
        ("uk/", '<html lang="uk"'),
        ("vi/", '<html lang="vi"'),
    ],
)
def test_the_site_is_served_in_each_language(dev_server, path, marker):
    status, headers, page = fetch(dev_server.url + path)

    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert marker in page.decode()


def test_the_api_is_served_on_the_same_port_under_api(dev_server):
    status, _, payload = fetch(dev_server.url + "api/health")

    assert status == 200
    assert json.loads(payload)["store"] == "sqlite"


def test_demo_offices_are_seeded_on_first_start(dev_server):
    _, _, payload = fetch(dev_server.url + "api/sites")

    cities = {site["city"] for site in json.loads(payload)}
    assert cities == {"Warszawa", "Radom", "Płock", "Siedlce", "Ostrołęka", "Ciechanów"}


def test_an_unknown_api_path_is_a_problem_and_an_unknown_page_is_the_sites_404(dev_server):
    api_status, api_headers, _ = fetch(dev_server.url + "api/no/such/thing")
    page_status, _page_headers, page = fetch(dev_server.url + "no-such-page/")

    assert (api_status, api_headers["Content-Type"]) == (404, "application/problem+json")
    assert page_status == 404
    assert b"<html" in page


def port_of(server) -> int:
    return int(server.url.rsplit(":", 1)[1].strip("/"))


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/", "GET, HEAD"),
        ("CONNECT", "/uk/", "GET, HEAD"),
        ("PATCH", "/assets/widgets/booking-calendar/booking-calendar.js", "GET, HEAD"),
        ("BREW", "/about/", "GET, HEAD"),
        ("TRACE", "/api/health", "GET"),
        ("CONNECT", "/api/bookings", "POST"),
        ("PATCH", "/api/health", "GET"),
        ("BREW", "/api/bookings", "POST"),
    ],
)
def test_an_undeclared_method_is_a_405_problem_that_names_the_allowed_ones(
    dev_server, method, path, allowed
):
    connection = http.client.HTTPConnection("127.0.0.1", port_of(dev_server), timeout=30)

    connection.request(method, path, headers={"Accept-Language": "uk"})
    response = connection.getresponse()
    problem = json.loads(response.read())
    connection.close()

    assert response.status == 405
    assert response.getheader("Content-Type") == "application/problem+json"
    assert response.getheader("Allow") == allowed
    assert problem["code"] == "method-not-allowed"
    assert problem["title"] == i18n.text("uk", "problem:method-not-allowed")


def test_a_body_over_a_megabyte_is_a_413_problem_answered_before_it_is_sent(dev_server):
    with socket.create_connection(("127.0.0.1", port_of(dev_server)), timeout=30) as s:
        s.sendall(
            b"POST /api/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 2097152\r\n\r\n"
        )
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk

    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert b"Content-Type: application/problem+json" in head
    assert json.loads(body)["code"] == "payload-too-large"


def test_the_log_line_names_the_path_but_not_the_query(dev_server):
    fetch(dev_server.url + "api/services?site=waw&document=HA1234567")

    for _ in range(100):  # the server's output is read by another thread
        logged = [line for line in dev_server.output if "/api/services" in line]
        if logged:
            break
        time.sleep(0.1)
    assert "GET /api/services 422\n" in logged
    assert not any("HA1234567" in line for line in dev_server.output)


def test_a_path_outside_the_site_folder_is_not_served(dev_server):
    with socket.create_connection(
        ("127.0.0.1", int(dev_server.url.rsplit(":", 1)[1].strip("/")))
    ) as s:
        s.sendall(b"GET /../../pyproject.toml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk

    assert reply.startswith(b"HTTP/1.1 404")
    assert b"[project]" not in reply


def test_a_port_in_use_gets_a_clear_message(dev_server):
    port = dev_server.url.rsplit(":", 1)[1].strip("/")

    result = subprocess.run(
        [sys.executable, "-m", "devserver", "--port", port, "--site-dir", "/nonexistent"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert f"Port {port} is already in use" in result.stderr
    assert f"make dev PORT={int(port) + 1}" in result.stderr


def test_the_clock_pinned_for_the_dev_server_is_the_apis_clock(dev_server):
    status, _, payload = fetch(dev_server.url + "api/health")

    assert status == 200
    assert json.loads(payload)["now"].startswith("2026-12-07T08:")  # ticking on from 09:00 Warsaw
    assert any("The clock is pinned by BLIZEJ_NOW" in line for line in dev_server.output)


def test_a_clock_setting_that_cannot_be_read_stops_the_dev_server_with_a_clear_message(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "devserver", "--port", "0", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=server_environment({"BLIZEJ_NOW": "next monday"}),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "BLIZEJ_NOW='next monday' is not an ISO 8601 instant" in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_stops_the_server_cleanly_and_frees_the_port(tmp_path):
    port = free_port()
    server = start_dev_server(tmp_path, port)

    code = stop(server)

    assert code == 0
    assert "Stopped." in "".join(server.output)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))


def test_an_edited_markdown_page_is_rebuilt_on_reload(tmp_path):
    root = copy_site_sources(tmp_path / "repo")
    server = start_dev_server(tmp_path, free_port(), root=root)
    try:
        _, _, before = fetch(server.url + "about/")
        page = root / "docs" / "en" / "about.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA sentence added by an editor.\n")

        _, _, after = fetch(server.url + "about/")
    finally:
        stop(server)

    assert b"A sentence added by an editor." not in before
    assert b"A sentence added by an editor." in after


def test_data_written_through_the_api_survives_a_restart(tmp_path):
    names = {lang: "Test office" for lang in ("en", "pl", "uk", "ru", "vi")}
    server = start_dev_server(tmp_path, free_port())
    token = (tmp_path / "data" / "staff-token").read_text().strip()
    try:
        status, _, _ = fetch(
            server.url + "api/admin/sites/test",
            "PUT",
            json.dumps({"city": "Testowo", "name": names}).encode(),
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
    finally:
        stop(server)
    assert status == 200

    restarted = start_dev_server(tmp_path, free_port())
    try:
        _, _, payload = fetch(restarted.url + "api/sites")
    finally:
        stop(restarted)

    sites = json.loads(payload)
    assert "test" in [site["id"] for site in sites]
    assert len(sites) == 7, "the demo data is seeded once, not again on restart"
    assert not any("Seeded demo data" in line for line in restarted.output)


def test_a_new_dev_server_pushes_signed_demo_cases_that_can_be_looked_up(dev_server):
    listing = dev_server.data_dir / "demo-cases.txt"
    for _ in range(100):
        if listing.exists():
            break
        time.sleep(0.2)
    case, code = listing.read_text(encoding="utf-8").splitlines()[1].split()

    status, _, payload = fetch(
        dev_server.url + "api/cases/lookup",
        "POST",
        json.dumps({"case": case, "code": code, "language": "uk"}).encode(),
        {"Content-Type": "application/json"},
    )

    assert status == 200
    summary = json.loads(payload)
    assert summary["status"]["code"] == "waiting-for-you"
    # Delivered two days before Monday 7 December; its 7 days end on Saturday the 12th, so the
    # deadline moves to Monday the 14th (art. 57 § 4 KPA).
    assert summary["open_summonses"][0]["deadline"] == "2026-12-14"
    assert summary["open_summonses"][0]["days_left"] == 7


def test_print_materials_are_served_under_print_beside_the_sites_own_print_page(tmp_path):
    root = copy_site_sources(tmp_path / "repo")
    (root / "print" / "pl").mkdir(parents=True)
    (root / "print" / "pl" / "leaflet.pdf").write_bytes(b"%PDF-1.7 made by make print")
    (root / "secret.txt").write_text("not for the web")
    server = start_dev_server(tmp_path, free_port(), root=root)
    try:
        status, headers, body = fetch(server.url + "print/pl/leaflet.pdf")
        outside, _, leaked = fetch(server.url + "print/%2e%2e/secret.txt")
        page_status, _, page = fetch(server.url + "print/")
    finally:
        stop(server)

    assert (status, body) == (200, b"%PDF-1.7 made by make print")
    assert headers["Content-Type"] == "application/pdf"
    assert outside == 404
    assert b"not for the web" not in leaked
    assert page_status == 200
    assert b'<html lang="en"' in page
    assert b"<title>Print materials" in page
