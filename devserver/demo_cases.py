"""A stand-in for the office's document-workflow system: pushes signed demo cases to the API.

`make dev` runs it once on a new .data/ and writes the demo case numbers and their access codes to
.data/demo-cases.txt; `make demo-cases` pushes a fresh set to a running `make dev`.
"""

import json
import os
import sys
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

import devserver  # noqa: F401  (puts functions/ on the import path)
from chalicelib import clock
from chalicelib.cases.services import sign
from chalicelib.clock import WARSAW, format_instant


def _at(day: date, hour: int = 9) -> str:
    """`hour` o'clock in Warsaw on `day`, as the UTC instant the API takes."""
    return format_instant(datetime(day.year, day.month, day.day, hour, tzinfo=WARSAW))


def demo_events(today: date, series: str) -> list[dict]:
    """Six cases, one for each situation an applicant can be in, dated around `today`."""
    events: list[dict] = []

    def case(number: int, language: str, filed: date, *steps: tuple[str, date, dict]) -> None:
        name = f"WSC-II-P.6151.{number}.{today.year}"
        registered = {
            "case_type": "temporary-residence",
            "language": language,
            "filed_on": filed.isoformat(),
        }
        for index, (kind, when, data) in enumerate(
            [("case_registered", filed, registered), *steps], start=1
        ):
            events.append(
                {
                    "id": f"{series}/{name}/{index}",
                    "case": name,
                    "type": kind,
                    "occurred_at": _at(when),
                    "data": data,
                }
            )

    d = timedelta
    case(
        1001,
        "uk",
        today - d(30),
        (
            "appointment_scheduled",
            today - d(25),
            {
                "appointment": "A1",
                "kind": "fingerprints",
                "site": "waw",
                "start": _at(today + d(6), 8),
            },
        ),
        (
            "summons_sent",
            today - d(4),
            {
                "summons": "S1",
                "kind": "formal-deficiencies",
                "delivered_on": (today - d(2)).isoformat(),
                "term_days": 7,
                "missing": [{"code": "photo"}, {"code": "fee-payment"}],
            },
        ),
    )
    case(
        1002,
        "vi",
        today - d(40),
        (
            "summons_sent",
            today - d(35),
            {
                "summons": "S1",
                "kind": "fingerprints",
                "delivered_on": (today - d(33)).isoformat(),
                "term_days": 14,
            },
        ),
        (
            "summons_answered",
            today - d(20),
            {"summons": "S1", "answered_on": (today - d(20)).isoformat()},
        ),
    )
    case(
        1003,
        "ru",
        today - d(90),
        (
            "decision_issued",
            today - d(10),
            {
                "outcome": "granted",
                "issued_on": (today - d(10)).isoformat(),
                "delivered_on": (today - d(7)).isoformat(),
            },
        ),
        ("card_ready", today - d(1), {"site": "waw"}),
    )
    case(
        1004,
        "en",
        today - d(80),
        (
            "decision_issued",
            today - d(5),
            {
                "outcome": "refused",
                "issued_on": (today - d(5)).isoformat(),
                "delivered_on": (today - d(3)).isoformat(),
            },
        ),
    )
    case(
        1005,
        "pl",
        today - d(120),
        (
            "decision_issued",
            today - d(40),
            {
                "outcome": "refused",
                "issued_on": (today - d(40)).isoformat(),
                "delivered_on": (today - d(38)).isoformat(),
            },
        ),
        ("appeal_filed", today - d(30), {"filed_on": (today - d(30)).isoformat()}),
        ("case_transferred", today - d(25), {"to": "Szef Urzędu do Spraw Cudzoziemców"}),
    )
    case(
        1006,
        "uk",
        today - d(200),
        (
            "decision_issued",
            today - d(100),
            {
                "outcome": "granted",
                "issued_on": (today - d(100)).isoformat(),
                "delivered_on": (today - d(98)).isoformat(),
            },
        ),
        ("case_closed", today - d(60), {"closed_on": (today - d(60)).isoformat()}),
    )
    return events


def push(base_url: str, secret: str, events: list[dict]) -> list[dict]:
    raw = json.dumps({"events": events}).encode()
    timestamp = str(int(clock.now().timestamp()))
    request = urllib.request.Request(
        base_url.rstrip("/") + "/api/cases/events",
        data=raw,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Blizej-Timestamp": timestamp,
            "X-Blizej-Signature": sign(secret.encode(), timestamp, raw),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["results"]


def push_demo(base_url: str, secret: str, out: Path) -> list[tuple[str, str]]:
    now = clock.now()
    series = now.strftime("demo-%Y%m%d%H%M%S")
    events = demo_events(clock.office_day(now), series)
    results = push(base_url, secret, events)
    codes = [(events[r["index"]]["case"], r["access_code"]) for r in results if "access_code" in r]
    lines = [f"{case}  {code}" for case, code in codes]
    out.write_text(
        "Demo cases (case number, access code). Look them up on the Check your case page.\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    return codes


def main() -> int:
    from devserver.localenv import configure

    data_dir = Path(
        os.environ.get("BLIZEJ_DATA_DIR", Path(__file__).resolve().parent.parent / ".data")
    )
    configure(data_dir)
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/"
    codes = push_demo(
        url, os.environ["BLIZEJ_INGEST_SECRETS"].split(",")[0], data_dir / "demo-cases.txt"
    )
    for case, code in codes:
        print(f"{case}  {code}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
