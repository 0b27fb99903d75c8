"""The AWS bill of a busy Warsaw day, before and after #18, from stated assumptions.

`python -m scripts.aws_cost` prints the tables that infra/README.md shows ("A busy Warsaw day");
tests/infra/test_cost.py checks that the README holds exactly this output, so a changed
assumption or price changes the README through this file, never by hand.

Before: every board, "my ticket", counter console, issue and call-next request reads all of the
day's tickets so far (one strongly consistent Query of the day's partition, 1 MB pages). After:
each reads the number of items the DynamoDB adapters counted (`items_read`), the same whatever
the day holds, and CloudFront answers the board from its cache.
"""

import math
from dataclasses import dataclass, field

KB = 1024
PAGE_BYTES = 1024 * KB  # a Query page stops at 1 MB of items
READ_UNIT_BYTES = 4 * KB  # one read request unit: a strongly consistent read of up to 4 KB


@dataclass(frozen=True)
class Day:
    """What a busy Warsaw day brings; every figure is an assumption, named and changeable."""

    tickets: int = 3_000
    counters: int = 40
    boards: int = 6  # hall screens
    phones: int = 500  # following "my ticket" all day (an upper bound: people leave when served)
    board_every_s: float = 3
    ticket_every_s: float = 10
    console_every_s: float = 10  # the counter console polls its desk
    open_hours: float = 8  # 8:00-16:00
    working_days: int = 21
    ticket_item_bytes: int = 400  # a ticket item with its attribute names (codec.ticket_to_dict)
    board_max_age_s: float = 2
    edge_locations: int = 2  # CloudFront edges the hall's screens reach (each caches on its own)
    lambda_memory_gb: float = 0.5  # functions/.chalice/config.json
    # Read units every request of the queue spends besides the tickets: the site, its services
    # and its counters (40 items of ~150 B = 6 KB).
    overhead_read_units: int = 4
    overhead_items: int = 50
    # After #18, as measured: the items each request read beyond the overhead (DynamoDB adapters'
    # `items_read`, on moto, the same on a day of 200 tickets as on one of 2 000: make bench,
    # tests/contract/test_queue_reads.py), less the 10 counters of that day, which the overhead
    # counts; read units are each read's items at `ticket_item_bytes`, at least 1 per read.
    board_after: tuple[int, int] = (7, 55)  # counters' calls, line sizes, 20 service times
    ticket_after: tuple[int, int] = (8, 33)  # the ticket, sizes, ahead in its line, times
    console_after: tuple[int, int] = (13, 70)  # the desk: its call, sizes, heads, times
    call_after: tuple[int, int] = (7, 21)  # the counter's call, heads of its lines
    issue_after: tuple[int, int] = (0, 0)  # writes only: the number, the walk-in place
    # Write units per ticket: issue (number, walk-in place, ticket in a transaction, half with
    # a check-in claim; after: + its line entry and its line's size) and call (the ticket and
    # the one finished, in a transaction; after: + line entry, call item, served entry, size).
    # A transaction's write costs 2 units.
    issue_writes: tuple[float, float] = (5, 9)
    call_writes: tuple[float, float] = (6, 12)
    # Lambda time: 20 ms of routing, JSON and checks, and 0.05 ms per item read and decoded
    # (make bench: board 43 ms at 2 000 tickets on SQLite).
    lambda_base_ms: float = 20
    lambda_ms_per_item: float = 0.05

    @property
    def open_seconds(self) -> float:
        return self.open_hours * 3600


@dataclass(frozen=True)
class Prices:
    """eu-central-1 on-demand list prices in USD, as read on `read_on` (see `source`)."""

    read_on: str = "2026-11-28"
    source: str = (
        "aws.amazon.com/<service>/pricing, eu-central-1, as infra/README.md's monthly table "
        "read them; not re-checked on 2026-12-03 (no network from the build machine)"
    )
    dynamodb_read_per_million: float = 0.1525  # read request units
    dynamodb_write_per_million: float = 0.7625  # write request units
    lambda_request_per_million: float = 0.20
    lambda_gb_second: float = 0.0000166667  # x86
    api_gateway_rest_per_million: float = 3.70  # first 333 M a month (us-east-1: 3.50)
    waf_request_per_million: float = 0.60
    cloudfront_https_per_million: float = 1.20  # $0.0120 per 10 000, Europe
    cloudfront_function_per_million: float = 0.10


LABELS = {
    "tickets": "tickets a day",
    "counters": "counters open",
    "boards": "hall screens showing the board",
    "phones": "phones following their ticket, all day",
    "board_every_s": "a screen asks for the board every … s",
    "ticket_every_s": "a phone asks for its ticket every … s",
    "console_every_s": "a counter console asks for its desk every … s",
    "open_hours": "office hours a day",
    "working_days": "working days a month",
    "ticket_item_bytes": "bytes of a ticket item",
    "board_max_age_s": "seconds CloudFront keeps the board",
    "edge_locations": "CloudFront edges the hall reaches",
    "lambda_memory_gb": "Lambda memory, GB",
    "overhead_read_units": "read units of site, services, counters per request",
    "overhead_items": "items of site, services, counters per request",
    "board_after": "after, measured: the board's own read units → items",
    "ticket_after": 'after, measured: "my ticket"\'s own read units → items',
    "console_after": "after, measured: the console's own read units → items",
    "call_after": "after, measured: call-next's own read units → items",
    "issue_after": "after, measured: issuing a ticket's own read units → items",
    "issue_writes": "write units to issue a ticket: before → after",
    "call_writes": "write units of a call: before → after",
    "lambda_base_ms": "Lambda ms per request, before reading",
    "lambda_ms_per_item": "Lambda ms per item read",
    "dynamodb_read_per_million": "DynamoDB on demand, per million read request units",
    "dynamodb_write_per_million": "DynamoDB on demand, per million write request units",
    "lambda_request_per_million": "Lambda, per million requests",
    "lambda_gb_second": "Lambda, per GB-second (x86)",
    "api_gateway_rest_per_million": "API Gateway REST, per million requests",
    "waf_request_per_million": "WAF, per million requests",
    "cloudfront_https_per_million": "CloudFront, per million HTTPS requests (Europe)",
    "cloudfront_function_per_million": "CloudFront Functions, per million invocations",
}


@dataclass(frozen=True)
class Kind:
    """One kind of request on a day: how many, how many reach the API, what each costs there."""

    name: str
    viewer_per_day: float
    origin_per_day: float
    read_units: float  # per request reaching the API
    items_read: float
    write_units: float = 0
    through_client_function: bool = True  # the /api/* behaviour runs ClientAddress


@dataclass(frozen=True)
class Bill:
    kinds: list[Kind]
    lines: dict[str, float] = field(default_factory=dict)  # USD per month per service

    @property
    def total(self) -> float:
        return sum(self.lines.values())


def day_read_units(items: int, item_bytes: int) -> int:
    """Read units of one strongly consistent Query of `items` items: 4 KB units, per 1 MB page."""
    per_page = PAGE_BYTES // item_bytes
    units = 0
    while items > 0:
        page = min(items, per_page)
        units += math.ceil(page * item_bytes / READ_UNIT_BYTES)
        items -= page
    return units


def average_day_read_units(tickets: int, item_bytes: int) -> float:
    """The read units of a day's Query averaged over the day, tickets arriving at an even pace."""
    return sum(day_read_units(n, item_bytes) for n in range(tickets)) / tickets


def cached_origin_rate(requests_per_s: float, max_age_s: float) -> float:
    """Requests per second a cache passes on, for requests arriving at random (Poisson).

    After a miss the copy is fresh for `max_age_s`; the next request after that misses again:
    one miss per max_age_s + 1/requests_per_s on average.
    """
    if requests_per_s <= 0:
        return 0.0
    return 1 / (max_age_s + 1 / requests_per_s)


def kinds_before(day: Day) -> list[Kind]:
    day_reads = day.overhead_read_units + average_day_read_units(day.tickets, day.ticket_item_bytes)
    items = day.overhead_items + day.tickets / 2
    return [
        Kind(name, count, count, day_reads + own, items, writes)
        for name, count, own, writes in _requests(day, after=False)
    ]


def kinds_after(day: Day) -> list[Kind]:
    kinds = []
    for name, count, _, writes in _requests(day, after=True):
        extra_reads, extra_items = _measured(day, name)
        origin = _board_origin(day, count) if name == "board" else count
        kinds.append(
            Kind(
                name,
                count,
                origin,
                day.overhead_read_units + extra_reads,
                day.overhead_items + extra_items,
                writes,
                through_client_function=name != "board",  # its behaviour runs no function
            )
        )
    return kinds


def _measured(day: Day, name: str) -> tuple[int, int]:
    return {
        "board": day.board_after,
        '"my ticket"': day.ticket_after,
        "counter console": day.console_after,
        "issue a ticket": day.issue_after,
        "call-next": day.call_after,
    }[name]


def _requests(day: Day, after: bool) -> list[tuple[str, float, int, float]]:
    """Each kind of request: its name, how many a day, read units of its own item, write units."""
    seconds = day.open_seconds
    return [
        ("board", day.boards * seconds / day.board_every_s, 0, 0),
        ('"my ticket"', day.phones * seconds / day.ticket_every_s, 1, 0),
        ("counter console", day.counters * seconds / day.console_every_s, 0, 0),
        ("issue a ticket", day.tickets, 0, day.issue_writes[after]),
        ("call-next", day.tickets, 0, day.call_writes[after]),
    ]


def _board_origin(day: Day, requests: float) -> float:
    per_edge = requests / day.open_seconds / day.edge_locations
    misses = cached_origin_rate(per_edge, day.board_max_age_s) * day.edge_locations
    return min(requests, misses * day.open_seconds)


def bill(kinds: list[Kind], day: Day, prices: Prices) -> Bill:
    """What a month of such days costs, per service."""
    month = day.working_days / 1e6  # millions of requests a month, per request a day
    origin = sum(k.origin_per_day for k in kinds) * month
    viewer = sum(k.viewer_per_day for k in kinds) * month
    functions = sum(k.viewer_per_day for k in kinds if k.through_client_function) * month
    reads = sum(k.origin_per_day * k.read_units for k in kinds) * month
    writes = sum(k.origin_per_day * k.write_units for k in kinds) * month
    seconds = (
        sum(
            k.origin_per_day * (day.lambda_base_ms + day.lambda_ms_per_item * k.items_read) / 1000
            for k in kinds
        )
        * day.working_days
    )
    lines = {
        "DynamoDB reads": reads * prices.dynamodb_read_per_million,
        "DynamoDB writes": writes * prices.dynamodb_write_per_million,
        "Lambda requests": origin * prices.lambda_request_per_million,
        "Lambda time": seconds * day.lambda_memory_gb * prices.lambda_gb_second,
        "API Gateway (REST)": origin * prices.api_gateway_rest_per_million,
        "WAF requests": origin * prices.waf_request_per_million,
        "CloudFront requests": viewer * prices.cloudfront_https_per_million,
        "CloudFront Functions": functions * prices.cloudfront_function_per_million,
    }
    return Bill(kinds, lines)


def report(day: Day | None = None, prices: Prices | None = None) -> str:
    """The README's tables, as Markdown."""
    day, prices = day or Day(), prices or Prices()
    before = bill(kinds_before(day), day, prices)
    after = bill(kinds_after(day), day, prices)
    rows = [
        "| Assumption | value |",
        "|---|---:|",
        *(f"| {LABELS[name]} | {_plain(value)} |" for name, value in vars(day).items()),
        "",
        f"| Price (USD, eu-central-1, read {prices.read_on}) | |",
        "|---|---:|",
        *(
            f"| {LABELS[name]} | ${value:.10f}".rstrip("0").rstrip(".") + " |"
            for name, value in vars(prices).items()
            if name not in ("read_on", "source")
        ),
        "",
        "| Request | a day | reach the API: before | after | read units each: before | after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for old, new in zip(before.kinds, after.kinds, strict=True):
        rows.append(
            f"| {old.name} | {old.viewer_per_day:,.0f} | {old.origin_per_day:,.0f} "
            f"| {new.origin_per_day:,.0f} | {old.read_units:,.1f} | {new.read_units:,.1f} |"
        )
    units = [
        "",
        "| A month (21 days) | before | after |",
        "|---|---:|---:|",
        _units("Read request units", before, after, day, "read_units"),
        _units("Write request units", before, after, day, "write_units"),
        _units("Lambda invocations", before, after, day, None),
        "",
        "| Service, a month | before | after |",
        "|---|---:|---:|",
    ]
    for name in before.lines:
        units.append(f"| {name} | ${before.lines[name]:,.2f} | ${after.lines[name]:,.2f} |")
    units.append(f"| **Total** | **${before.total:,.2f}** | **${after.total:,.2f}** |")
    return "\n".join(rows + units) + "\n"


def _plain(value: object) -> str:
    if isinstance(value, tuple):
        return " → ".join(_plain(one) for one in value)
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _units(label: str, before: Bill, after: Bill, day: Day, attribute: str | None) -> str:
    def count(bill_: Bill) -> float:
        return (
            sum(k.origin_per_day * (getattr(k, attribute) if attribute else 1) for k in bill_.kinds)
            * day.working_days
        )

    return f"| {label} | {count(before) / 1e6:,.1f} M | {count(after) / 1e6:,.1f} M |"


if __name__ == "__main__":
    print(report(), end="")
