"""Check a published ballot draw yourself: recompute who got which seat from the published seed.

Needs Python 3.12 or newer and nothing else (it loads the draw's module from this repository by
path). See functions/chalicelib/release/README.md.
"""

import argparse
import importlib.util
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path

DRAW_MODULE = Path(__file__).resolve().parent.parent / "functions/chalicelib/release/draw.py"
MAX_PAGES = 10_000  # a publication of 50 000 tickets is 100 pages of 500

ABOUT = """\
How the draw works (the same in functions/chalicelib/release/draw.py):

  1. Before entries close, the office publishes a commitment: the SHA-256 of a secret
     random seed (32 bytes, written as 64 hexadecimal digits).
  2. After the draw it publishes the seed, every seat (start, capacity) and every entry as an
     anonymous ticket with its preferences and the seat it won (or none).
  3. Lottery order: tickets sorted by sha256(seed bytes + ticket text), as hex, then by ticket.
  4. Pass 1: in that order, each ticket takes the earliest free seat that fits all its
     preferences: weekday, morning (before 12:00 Warsaw time) or afternoon, earliest date.
  5. Pass 2: tickets still without a seat, in the same order, take the earliest free seat on
     or after their earliest date.

This script checks that sha256(seed) is the commitment, that no seat is given beyond its
capacity and nobody twice, and that recomputing steps 3-5 gives every ticket the seat
published for it. It prints OK, or each problem found and exits with status 1.

A ticket published with "start": null, "outcome": "not-booked" and a "reason"
(already-booked, seat-gone) won a seat in the lottery that the office could not book; the
script names it in a problem starting "not booked:", apart from a list that does not match.
"""


def load_draw():
    spec = importlib.util.spec_from_file_location("blizej_draw", DRAW_MODULE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fetch_pages(base: str, release: str) -> list[dict]:
    """Every page of GET {base}/api/ballots/{release}/draw, following `next`."""
    pages: list[dict] = []
    after = None
    root = base.rstrip("/")
    path = f"{root}/api/ballots/{urllib.parse.quote(release, safe='')}/draw"
    while len(pages) < MAX_PAGES:
        url = path + (f"?after={urllib.parse.quote(after, safe='')}" if after else "")
        request = urllib.request.Request(url, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            page = json.load(response)
        pages.append(page)
        after = page.get("next")
        if not after:
            return pages
    raise SystemExit(f"more than {MAX_PAGES} pages: stopped")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="verify_draw.py",
        description="Recompute a published ballot draw and say whether it matches.",
        epilog=ABOUT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file", nargs="?", help="a saved publication: JSON, all pages joined or a list of pages"
    )
    parser.add_argument("--url", help="the site's address, e.g. https://example.gov.pl")
    parser.add_argument("--release", help="the release's id, with --url")
    args = parser.parse_args(argv)
    if bool(args.file) == bool(args.url) or bool(args.url) != bool(args.release):
        parser.error("give either FILE or --url BASE --release ID")
    draw = load_draw()
    try:
        if args.file:
            published = json.loads(Path(args.file).read_text(encoding="utf-8"))
            if isinstance(published, list):
                published = draw.join_pages(published)
        else:
            published = draw.join_pages(fetch_pages(args.url, args.release))
    except (OSError, ValueError) as error:
        print(f"cannot read the publication: {error}", file=sys.stderr)
        return 2
    problems = draw.verify(published)
    if problems:
        for problem in problems:
            print(f"PROBLEM: {problem}")
        return 1
    tickets = len(published.get("tickets") or [])
    seats = sum(seat["capacity"] for seat in published.get("seats") or [])
    print(f"OK: {tickets} tickets, {seats} seats, assignment matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
