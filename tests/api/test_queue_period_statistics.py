"""The manager's dashboard figures through the API: a period's served, waits, no-shows, bookings.

The history (tests/queue_history.py), in minutes waited until called:
    2026-12-01  information: an aggregate kept before details were (2 tickets, 1 served, 1 no-show)
    2026-12-02  information: walk-in 4 served (09h), walk-in 10 no-show, booked 2 served (10h)
                fingerprints: booked 6 served (09h)
    2026-12-03  information: walk-in 20 served (13h), walk-in never called
                fingerprints: booked 8 no-show
    2026-12-07  (today, from its tickets) information: walk-in 12 served (08h)
"""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.queue import model
from chalicelib.queue.model import Ticket, TicketState
from chalicelib.storage import get_store
from tests.api.conftest import STAFF_TOKEN, assert_problem, body
from tests.queue_history import OLD_DAY, OLD_ROWS, seed_history

STAFF = {"Authorization": f"Bearer {STAFF_TOKEN}"}
PERIOD = "/admin/queue/waw/statistics/period"


@pytest.fixture
def history(client, outbox, clock):
    seed_history(get_store())
    arrived = datetime(2026, 12, 7, 6, 50, tzinfo=UTC)  # 07:50 in Warsaw
    called = arrived + timedelta(minutes=12)
    get_store().tickets.add_ticket(
        Ticket(
            id=model.new_ticket_id("waw", "2026-12-07"),
            site_id="waw",
            day="2026-12-07",
            number="A001",
            service_id="information",
            arrived_at=arrived,
            state=TicketState.SERVED,
            calls=1,
            counter="2",
            called_at=called,
            finished_at=called + timedelta(minutes=3),
        )
    )
    clock.current = datetime(2026, 12, 7, 7, 30, tzinfo=UTC)


def test_a_periods_figures_sum_the_kept_days_and_today(client, history):
    figures = body(client.http.get(f"{PERIOD}?from=2026-11-30&to=2026-12-07", headers=STAFF))

    assert figures["days_with_figures"] == 4
    assert figures["days_without_detail"] == [OLD_DAY]
    assert figures["services"] == [
        {
            "service": "fingerprints",
            "tickets": 2,
            "served": 1,
            "no_shows": 1,
            "no_show_rate": 0.5,
            "booked": 2,
            "walk_ins": 0,
            "wait_median_min": 7.0,  # 6 and 8
            "wait_p90_min": 8.0,
        },
        {
            "service": "information",
            "tickets": 8,  # 2 old + 3 + 2 + 1 today
            "served": 5,
            "no_shows": 2,
            "no_show_rate": round(2 / 7, 4),
            "booked": 1,
            "walk_ins": 5,
            "wait_median_min": 10.0,  # 2 4 [10] 12 20
            "wait_p90_min": 20.0,  # nearest rank: the 5th of 5
        },
    ]
    assert figures["totals"] == {
        "tickets": 10,
        "served": 6,
        "no_shows": 3,
        "no_show_rate": round(3 / 9, 4),
        "booked": 3,
        "walk_ins": 5,
        "wait_median_min": 8.0,  # 2 4 6 [8] 10 12 20
        "wait_p90_min": 20.0,  # the 7th of 7
    }
    assert figures["by_hour"] == [
        {"hour": 8, "served": 1},
        {"hour": 9, "served": 2},
        {"hour": 10, "served": 1},
        {"hour": 11, "served": 0},
        {"hour": 12, "served": 0},
        {"hour": 13, "served": 1},
    ]


def test_the_median_of_an_even_count_of_waits_is_the_mean_of_the_middle_two(client, history):
    figures = body(client.http.get(f"{PERIOD}?from=2026-12-02&to=2026-12-02", headers=STAFF))

    information = figures["services"][1]
    assert (information["service"], information["wait_median_min"]) == ("information", 4.0)
    assert figures["totals"]["wait_median_min"] == 5.0  # 2 [4 6] 10
    assert figures["totals"]["wait_p90_min"] == 10.0  # the 4th of 4
    assert figures["days_without_detail"] == []


def test_an_aggregate_kept_before_the_details_still_reads(client, outbox, clock):
    get_store().tickets.save_queue_statistics("waw", OLD_DAY, OLD_ROWS)

    figures = body(client.http.get(f"{PERIOD}?from={OLD_DAY}&to={OLD_DAY}", headers=STAFF))

    assert figures["days_without_detail"] == [OLD_DAY]
    assert figures["services"] == [
        {
            "service": "information",
            "tickets": 2,
            "served": 1,
            "no_shows": 1,
            "no_show_rate": 0.5,
            "booked": 0,
            "walk_ins": 0,
            "wait_median_min": None,
            "wait_p90_min": None,
        }
    ]
    assert figures["by_hour"] == []


def test_a_period_without_figures_has_empty_lists_and_no_rates(client, outbox, clock):
    figures = body(client.http.get(f"{PERIOD}?from=2026-01-01&to=2026-01-31", headers=STAFF))

    assert figures["days_with_figures"] == 0
    assert figures["services"] == [] and figures["by_hour"] == []
    assert figures["totals"]["no_show_rate"] is None


def test_the_day_view_keeps_its_columns_when_the_aggregate_holds_more(client, history):
    rows = body(client.http.get("/admin/queue/waw/statistics?date=2026-12-02", headers=STAFF))

    assert [sorted(row) for row in rows] == [
        sorted(
            [
                "site",
                "day",
                "service",
                "tickets",
                "served",
                "no_shows",
                "wait_median_min",
                "wait_p90_min",
                "service_median_min",
                "service_p90_min",
            ]
        )
    ] * 2


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.body.decode())))


@pytest.mark.parametrize(
    ("query", "headers"),
    [("&format=csv", STAFF), ("", {**STAFF, "Accept": "text/csv"})],
    ids=["format=csv", "Accept: text/csv"],
)
def test_the_figures_come_as_csv_with_a_row_per_service_all_and_hour(
    client, history, query, headers
):
    response = client.http.get(f"{PERIOD}?from=2026-11-30&to=2026-12-07{query}", headers=headers)

    rows = csv_rows(response)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="queue-waw-2026-11-30-2026-12-07.csv"' in response.headers["Content-Disposition"]
    )
    assert list(rows[0]) == [
        "site",
        "from",
        "to",
        "service",
        "hour",
        "tickets",
        "served",
        "no_shows",
        "no_show_rate",
        "booked",
        "walk_ins",
        "wait_median_min",
        "wait_p90_min",
    ]
    assert [(r["service"], r["hour"]) for r in rows] == [
        ("fingerprints", ""),
        ("information", ""),
        ("*", ""),
        *[("*", str(hour)) for hour in range(8, 14)],
    ]
    assert rows[1] == {
        "site": "waw",
        "from": "2026-11-30",
        "to": "2026-12-07",
        "service": "information",
        "hour": "",
        "tickets": "8",
        "served": "5",
        "no_shows": "2",
        "no_show_rate": "0.2857",
        "booked": "1",
        "walk_ins": "5",
        "wait_median_min": "10.0",
        "wait_p90_min": "20.0",
    }
    assert (rows[4]["hour"], rows[4]["served"], rows[4]["tickets"]) == ("9", "2", "")


def test_a_period_of_366_days_is_answered(client, outbox, clock):
    response = client.http.get(f"{PERIOD}?from=2025-12-07&to=2026-12-07", headers=STAFF)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("from=2026-12-07&to=2026-12-06", 422, "period-reversed"),
        ("from=2025-12-06&to=2026-12-07", 422, "period-too-long"),
        ("from=2026-02-30&to=2026-03-01", 422, "validation-failed"),
        ("from=2026-12-01&to=7.12.2026", 422, "validation-failed"),
        ("from=2026-12-01", 422, "validation-failed"),
        ("from=2026-12-01&to=2026-12-07&format=xlsx", 422, "validation-failed"),
    ],
    ids=["to-before-from", "367-days", "no-such-day", "not-a-day", "no-to", "unknown-format"],
)
def test_a_bad_period_is_refused_with_its_problem(client, history, query, status, code):
    kept = get_store().tickets.queue_statistics_between("waw", "2026-11-01", "2026-12-31")

    response = client.http.get(f"{PERIOD}?{query}", headers=STAFF)

    assert_problem(response, status, code)
    assert get_store().tickets.queue_statistics_between("waw", "2026-11-01", "2026-12-31") == kept


def test_the_figures_of_an_unknown_office_are_not_found(client, outbox, clock):
    response = client.http.get(
        "/admin/queue/nowhere/statistics/period?from=2026-12-01&to=2026-12-07", headers=STAFF
    )

    assert_problem(response, 404, "site-not-found")


def test_the_figures_are_for_staff_only(client, history):
    response = client.http.get(f"{PERIOD}?from=2026-12-01&to=2026-12-07")

    assert_problem(response, 401, "unauthorized")
