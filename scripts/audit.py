"""make audit: Lighthouse (mobile) on the pages readers land on, served by a fresh dev server.

Prints one row per page: the four Lighthouse scores and the bytes the page transferred. It
measures; it does not pass or fail (the page-weight budget in tests/browser is the test).
Lighthouse is pinned in audit/package.json and installed there by `npm ci`; it drives Debian's
Chromium, headless, with the same quiet flags as the browser tests.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "audit" / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = [
    "",
    "pl/",
    "uk/",
    "ru/",
    "vi/",
    "uk/guides/temporary-residence/gather-documents/",
    "uk/book/",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, limit: float = 180) -> None:
    deadline = time.monotonic() + limit  # the first request builds the site
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("the dev server stopped before it served the site")
        try:
            urllib.request.urlopen(url, timeout=120).close()
            return
        except urllib.error.HTTPError as error:
            sys.exit(f"the dev server answered {error.code}: the site did not build")
        except OSError:
            time.sleep(0.5)
    sys.exit(f"the dev server did not answer on {url}")


def lighthouse(url: str, report: Path) -> dict:
    """Lighthouse's report of one page, mobile form factor and throttling (its defaults)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROME}, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def row(path: str, result: dict) -> str:
    scores = [round(result["categories"][name]["score"] * 100) for name in CATEGORIES]
    weight = int(result["audits"]["total-byte-weight"]["numericValue"])
    requests = len(result["audits"]["network-requests"]["details"]["items"])
    cells = [f"/{path}", *map(str, scores), f"{weight:,}", str(requests)]
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    if not LIGHTHOUSE.is_file():
        sys.exit("Lighthouse is not installed: cd audit && npm ci")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory(prefix="blizej-audit-") as scratch:
        scratch_dir = Path(scratch)
        environment = {**os.environ, "BLIZEJ_SITE_URL": url}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "devserver",
                "--port",
                str(port),
                "--data-dir",
                str(scratch_dir / "data"),
                "--site-dir",
                str(scratch_dir / "site"),
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_until_serving(url, server)
            lines = [
                "| page | performance | accessibility | best practices | SEO | bytes | requests |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for path in PAGES:
                print(f"Lighthouse: /{path}", file=sys.stderr, flush=True)
                lines.append(row(path, lighthouse(url + path, scratch_dir / "report.json")))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
