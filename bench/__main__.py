"""`make bench`: how fast the API and the stores answer here. Prints tables; asserts nothing."""

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import devserver  # noqa: F401  (puts functions/ on the path)

ROOT = Path(__file__).resolve().parent.parent
NAMES = {language: "Bench office" for language in ("en", "pl", "uk", "ru", "vi")}
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def measure(action: Callable[[int], object], repeat: int) -> list[float]:
    timings = []
    for number in range(repeat):
        start = time.perf_counter()
        action(number)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def row(what: str, where: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p90 = ordered[max(int(len(ordered) * 0.9) - 1, 0)]
    median = statistics.median(ordered)
    return f"| {what:<44} | {where:<8} | {len(timings):>6} | {median:>10.3f} | {p90:>10.3f} |"


def table(rows: list[str]) -> None:
    print(f"| {'operation':<44} | {'store':<8} | {'n':>6} | {'median ms':>10} | {'p90 ms':>10} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 8}|{'-' * 12}|{'-' * 12}|")
    print("\n".join(rows))


def booking(code: str, document: str, start: datetime):
    from chalicelib.appointments.model import Booking, BookingState

    return Booking(
        code,
        "waw",
        "submit",
        start,
        "Bench",
        "b@example.org",
        None,
        document,
        "en",
        {},
        BookingState.HELD,
        NOW,
        NOW + timedelta(minutes=15),
        "h",
    )


def catalogue(store) -> None:
    from datetime import time as clock_time

    from chalicelib.appointments.model import Schedule, Service
    from chalicelib.sites.model import Site

    store.sites.save_site(Site("waw", "Warszawa", NAMES))
    store.catalogue.save_service(Service("submit", NAMES, 15, "X"))
    weekdays = {day: ((clock_time(8), clock_time(16)),) for day in range(5)}
    store.catalogue.save_schedule(
        Schedule("waw", "submit", weekdays, 3, window_days=400, min_notice_hours=0)
    )


def fill_elsewhere(store, count: int) -> None:
    """`count` confirmed bookings in 2027 and later: outside the range availability asks about."""
    far = datetime(2027, 6, 1, 6, 0, tzinfo=UTC)
    for number in range(count):
        start = far + timedelta(minutes=15 * (number // 3))
        store.bookings.hold(booking(f"WAW-{number:07}", f"d{number}", start), 3, NOW)


def availability_row(store, where: str, bookings: int) -> str:
    from chalicelib.appointments import services

    first, last = datetime(2026, 12, 1).date(), datetime(2026, 12, 31).date()

    def ask(_: int) -> None:
        services.availability("waw", "submit", first, last, store, NOW)

    return row(f"availability, 31 days, {bookings} in store", where, measure(ask, 20))


def store_rows(store, where: str) -> list[str]:
    def hold(number: int) -> None:
        start = datetime(2026, 12, 2, 7, 0, tzinfo=UTC) + timedelta(minutes=15 * (number // 3))
        store.bookings.hold(booking(f"WAW-T{number:05}-X", f"t{number}", start), 3, NOW)

    return [row("hold a seat (booking throughput)", where, measure(hold, 300))]


def case_rows(store, where: str, cases: int) -> list[str]:
    """Lookup time with `cases` cases stored, and ingest throughput in the largest batches."""
    from chalicelib.cases import services as case_services
    from chalicelib.cases.model import MAX_EVENTS_PER_BATCH as SIZE
    from chalicelib.cases.model import CaseEvent
    from chalicelib.mail.outbox import OutboxMailer

    mailer = OutboxMailer(Path(tempfile.mkdtemp()) / "outbox")
    codes: dict[str, str] = {}

    def batch(first: int) -> list[CaseEvent]:
        return [
            CaseEvent(
                f"b/{n}",
                f"WSC-II-P.6151.{n}.2026",
                "case_registered",
                NOW,
                {"case_type": "temporary-residence", "language": "uk", "filed_on": "2026-11-02"},
            )
            for n in range(first, min(first + SIZE, cases))
        ]

    print(f"Registering {cases} cases…", file=sys.stderr)
    timings = []
    for first in range(0, cases, SIZE):
        start = time.perf_counter()
        results = case_services.apply_events(batch(first), store, mailer, NOW)
        timings.append((time.perf_counter() - start) * 1000 / len(results))
        if first < 1000:
            codes |= {f"WSC-II-P.6151.{first + r.index}.2026": r.access_code for r in results}
    numbers = sorted(codes)

    def look_up(n: int) -> None:
        number = numbers[n % len(numbers)]
        case_services.lookup(number, codes[number], f"client-{n}", store, NOW)

    return [
        row(f"ingest one event (batches of {SIZE})", where, timings),
        row(f"case lookup, {cases} cases stored", where, measure(look_up, 300)),
    ]


def queue_rows(store, where: str, waiting: int) -> list[str]:
    """call-next with `waiting` tickets in the queue, and the board."""
    from chalicelib.appointments.model import Schedule, Service
    from chalicelib.queue import services as queue
    from chalicelib.queue.model import Counter

    store.catalogue.save_service(Service("info", NAMES, 10, "I", walk_in_cap=waiting + 10))
    store.catalogue.save_schedule(Schedule("waw", "info", {}, 1))
    store.tickets.save_counter(Counter("waw", "1", ("info",)))
    print(f"Queueing {waiting} walk-ins…", file=sys.stderr)
    for n in range(waiting):
        queue.walk_in("waw", "info", n % 10 == 0, "pl", store, NOW + timedelta(seconds=n))
    later = NOW + timedelta(hours=2)
    return [
        row(
            f"call-next, {waiting} waiting",
            where,
            # the counter finishes its last person and calls the next, as a console does
            measure(lambda n: queue.call_next("waw", "1", store, later, "served"), 50),
        ),
        row(
            f"board, {waiting} tickets today",
            where,
            measure(lambda n: queue.board("waw", store, later), 50),
        ),
    ]


def day_rows(make_store, where: str) -> list[str]:
    """call-next, the board and "my ticket" on a day of 200 and of 5 000 tickets (a dozen
    waiting, ten called, the rest finished): time, 5 000 ÷ 200, and the items each request read."""
    figures: dict[str, dict[int, tuple[float, float]]] = {}
    for tickets in (200, 5000):
        print(f"A day of {tickets} tickets on {where}…", file=sys.stderr)
        for what, figure in _day_figures(make_store(tickets), tickets).items():
            figures.setdefault(what, {})[tickets] = figure
    lines = []
    for what, by_size in figures.items():
        (small, small_read), (big, big_read) = by_size[200], by_size[5000]
        lines.append(
            f"| {what:<10} | {where:<8} | {small:>8.2f} | {big:>8.2f} | {big / small:>5.2f}"
            f" | {small_read:>10.1f} | {big_read:>10.1f} |"
        )
    return lines


def _day_figures(store, tickets: int) -> dict[str, tuple[float, float]]:
    """Median ms and items read per request, for each of the three requests."""
    from chalicelib.queue import services as queue
    from chalicelib.sites.model import Site
    from tests.queue_day import busy_day

    store.sites.save_site(Site("waw", "Warszawa", NAMES))
    day = busy_day(store, tickets, as_before=True)
    now, last = day["now"], day["last"]
    queue.board("waw", store, now)  # the day's first request fills its lines in
    requests = {
        "board": (lambda n: queue.board("waw", store, now), 50),
        "my ticket": (lambda n: queue.position(last, store, now), 50),
        # last: each call takes one of the dozen waiting
        "call-next": (lambda n: queue.call_next("waw", "1", store, now, "served"), 10),
    }
    figures = {}
    for what, (request, repeat) in requests.items():
        before = store.tickets.items_read + store.queue_lines.items_read
        timings = measure(request, repeat)
        read = store.tickets.items_read + store.queue_lines.items_read - before
        figures[what] = (statistics.median(timings), read / repeat)
    return figures


def day_table(lines: list[str]) -> None:
    print("\nThe queue on a day of 200 and of 5 000 tickets (median ms; items read per request):\n")
    print("| request    | store    |   200 ms | 5 000 ms | ratio | items, 200 | items, 5 000 |")
    print("|------------|----------|----------|----------|-------|------------|--------------|")
    print("\n".join(lines))


def counters_race(store, counters: int) -> int:
    """Counters calling at the same instant; returns how many tickets were called twice."""
    from chalicelib.appointments.model import Service
    from chalicelib.queue import services as queue
    from chalicelib.queue.model import Counter, NothingToCall, Ticket

    store.catalogue.save_service(Service("race", NAMES, 10, "R"))
    for n in range(counters):
        store.tickets.add_ticket(
            Ticket(
                f"waw.2026-12-01.race{n:03}xxxxxxxxxxxxxx",
                "waw",
                "2026-12-01",
                f"R{n:03}",
                "race",
                NOW - timedelta(minutes=n),
            )
        )
        store.tickets.save_counter(Counter("waw", f"r{n}", ("race",)))
    barrier = threading.Barrier(counters)

    def attempt(n: int) -> str:
        barrier.wait()
        try:
            return queue.call_next("waw", f"r{n}", store, NOW).id
        except NothingToCall:
            return ""

    with ThreadPoolExecutor(max_workers=counters) as pool:
        called = [ticket for ticket in pool.map(attempt, range(counters)) if ticket]
    return len(called) - len(set(called))


def race(store, clients: int) -> int:
    """Clients racing for one slot of capacity 3; returns the seats held beyond 3 afterwards."""
    from chalicelib.appointments.model import AppointmentError
    from chalicelib.errors import StoreUnavailable

    start = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    barrier = threading.Barrier(clients)

    def attempt(number: int) -> None:
        barrier.wait()
        # A full slot, or moto's server failing under the rush: either way this client lost.
        with contextlib.suppress(AppointmentError, StoreUnavailable):
            store.bookings.hold(booking(f"WAW-R{number:05}-X", f"r{number}", start), 3, NOW)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(attempt, range(clients)))
    held = store.bookings.seats_taken("waw", "submit", start, start + timedelta(seconds=1), NOW)
    return max(held.get(start, 0) - 3, 0)


RUSH_NOW = "2026-12-07T08:00:00+01:00"  # a Monday morning, the dev server's pinned clock
RUSH_SLOT = "2026-12-10T09:00:00Z"  # that Thursday, 10:00 in Warsaw


def devserver_rush(clients: int) -> None:
    """`clients` HTTP clients at once against a real `python -m devserver`, as `make dev` runs."""
    from tests.conftest import free_port, start_dev_server, stop
    from tests.http_rush import Call, hold_call, open_capacity_slots, rush, staff_call

    settings = {"BLIZEJ_NOW": RUSH_NOW, "BLIZEJ_HOLD_LIMIT_PER_HOUR": str(clients * 10)}
    print("Starting a dev server (it builds the site first)…", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_dev_server(Path(tmp), free_port(), settings=settings)
        try:
            port = int(server.url.rsplit(":", 1)[1].strip("/"))
            token = (server.data_dir / "staff-token").read_text().strip()
            open_capacity_slots("127.0.0.1", port, token, "rush", 3)
            rushes = [
                ("GET /api/health", [Call("GET", "/api/health")] * clients),
                ("GET /uk/ (a page)", [Call("GET", "/uk/")] * clients),
                (
                    "POST /api/bookings, one slot of capacity 3",
                    [hold_call("rush", RUSH_SLOT, n) for n in range(clients)],
                ),
            ]
            results = [(what, rush("127.0.0.1", port, calls)) for what, calls in rushes]
            bookings = f"/api/admin/sites/waw/bookings?date={RUSH_SLOT[:10]}"
            [listed] = rush("127.0.0.1", port, [staff_call("GET", bookings, token)]).answers
            seats = sum(
                (b["service"], b["start"]) == ("rush", RUSH_SLOT) for b in json.loads(listed.body)
            )
        finally:
            stop(server)

    print(
        f"\n{clients} clients at once against `python -m devserver`, each on its own connection"
        " (connection errors and 5xx must be 0; seats taken must be 3):\n"
    )
    print(
        f"| {'request':<42} | clients | connection errors | 5xx | answered 2xx | seats taken"
        " | requests/s |"
    )
    print(f"|{'-' * 44}|---------|-------------------|-----|--------------", end="")
    print("|-------------|------------|")
    for what, result in results:
        failed = sum(answer.status is None for answer in result.answers)
        server_errors = sum((answer.status or 0) >= 500 for answer in result.answers)
        granted = sum(200 <= (answer.status or 0) < 300 for answer in result.answers)
        taken = str(seats) if what.startswith("POST") else "-"
        rate = len(result.answers) / result.seconds
        print(
            f"| {what:<42} | {clients:>7} | {failed:>17} | {server_errors:>3} | {granted:>12}"
            f" | {taken:>11} | {rate:>10.0f} |"
        )


def main() -> int:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    import boto3
    from moto import mock_aws

    from chalicelib.storage import dynamodb_stores, sqlite_stores
    from devserver.gateway import ApiGateway
    from tests.moto_server import AtomicMotoServer
    from tests.stack import create_table

    os.environ.update(
        AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="x", AWS_DEFAULT_REGION="eu-central-1"
    )
    os.environ.setdefault("BLIZEJ_PEPPER", "bench-pepper")
    big = int(os.environ.get("BENCH_BOOKINGS", "100000"))
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(BLIZEJ_STORE="sqlite", BLIZEJ_SQLITE_PATH=f"{tmp}/api.sqlite3")
        gateway = ApiGateway()
        rows.append(
            row(
                "GET /api/health (in-process)",
                "sqlite",
                measure(lambda n: gateway.handle("GET", "/health", {}, b""), 300),
            )
        )

        empty, full = (
            sqlite_stores(Path(tmp) / "empty.sqlite3"),
            sqlite_stores(Path(tmp) / "full.sqlite3"),
        )
        for store in (empty, full):
            catalogue(store)
        print(f"Filling SQLite with {big} bookings outside the asked range…", file=sys.stderr)
        fill_elsewhere(full, big)
        rows.append(availability_row(empty, "sqlite", 0))
        rows.append(availability_row(full, "sqlite", big))
        rows += store_rows(empty, "sqlite")
        cases = int(os.environ.get("BENCH_CASES", "100000"))
        rows += case_rows(sqlite_stores(Path(tmp) / "cases.sqlite3"), "sqlite", cases)
        queue_store = sqlite_stores(Path(tmp) / "queue.sqlite3")
        catalogue(queue_store)
        rows += queue_rows(queue_store, "sqlite", int(os.environ.get("BENCH_WAITING", "2000")))
        queue_day_rows = day_rows(lambda n: sqlite_stores(Path(tmp) / f"day{n}.sqlite3"), "sqlite")

        with mock_aws():
            client = boto3.client("dynamodb")
            stores = []
            for name in ("empty", "full"):
                create_table(client, name)
                stores.append(dynamodb_stores(name, client))
                catalogue(stores[-1])
            dynamo_big = int(os.environ.get("BENCH_DYNAMO_BOOKINGS", "500"))
            print(f"Filling moto's DynamoDB with {dynamo_big} bookings…", file=sys.stderr)
            fill_elsewhere(stores[1], dynamo_big)
            rows.append(availability_row(stores[0], "moto", 0))
            rows.append(availability_row(stores[1], "moto", dynamo_big))
            rows += store_rows(stores[0], "moto")

        build = measure(
            lambda n: subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", f"{tmp}/site"],
                cwd=ROOT,
                check=True,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            ),
            3,
        )
        rows.append(row("mkdocs build, 5 languages", "-", build))
        table(rows)

        print("\nOverbooking in a race of 500 clients for one slot of capacity 3 (must be 0):\n")
        print("| store                       | clients | seats granted beyond capacity |")
        print("|-----------------------------|---------|-------------------------------|")
        race_store = sqlite_stores(Path(tmp) / "race.sqlite3")
        print(f"| SQLite, threads             |     500 | {race(race_store, 500):>29} |")
        counter_store = sqlite_stores(Path(tmp) / "counters.sqlite3")
        catalogue(counter_store)
        twice = counters_race(counter_store, 20)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = AtomicMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        try:
            from botocore.config import Config

            remote = boto3.client(
                "dynamodb",
                endpoint_url=f"http://127.0.0.1:{port}",
                config=Config(max_pool_connections=128, retries={"max_attempts": 10}),
            )
            table_name = f"race-{uuid.uuid4().hex[:6]}"
            create_table(remote, table_name)
            extra = race(dynamodb_stores(table_name, remote), 500)
            print(f"| DynamoDB, moto server (HTTP) |     500 | {extra:>29} |")

            def day_table_on_moto(tickets: int):
                create_table(remote, f"day{tickets}")
                return dynamodb_stores(f"day{tickets}", remote)

            queue_day_rows += day_rows(day_table_on_moto, "moto")
        finally:
            server.stop()
    day_table(queue_day_rows)
    print("\n20 counters calling at the same instant (tickets called twice must be 0):\n")
    print("| store                       | counters | tickets called twice |")
    print("|-----------------------------|----------|----------------------|")
    print(f"| SQLite, threads             |       20 | {twice:>20} |")
    devserver_rush(int(os.environ.get("BENCH_CLIENTS", "500")))
    print("\nmoto runs DynamoDB on this machine: its figures say nothing about AWS latency.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
