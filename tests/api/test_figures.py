"""GET /api/figures: the public figures as JSON and CSV, cacheable, served from the snapshot."""

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

from chalicelib.daily import job
from chalicelib.mail import get_mailer
from chalicelib.release.model import Release, ReleaseState
from chalicelib.storage import get_store
from tests.api.conftest import assert_problem, body
from tests.api.test_appointments import PERSON, book


def service_row(snapshot: dict, site: str, service: str) -> dict:
    [office] = [o for o in snapshot["offices"] if o["site"] == site]
    [row] = [r for r in office["services"] if r["service"] == service]
    return row


def test_the_figures_list_every_office_with_its_services_and_may_be_cached_an_hour(
    client, outbox, clock
):
    response = client.http.get("/figures")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.headers["ETag"].startswith('"')
    figures = body(response)
    assert figures["updated_at"] == "2026-12-07T07:00:00Z"
    assert {o["site"] for o in figures["offices"]} >= {"waw", "rad"}
    row = service_row(figures, "waw", "fingerprints")
    assert set(row) == {
        "service",
        "name",
        "bookable",
        "days_to_next_slot",
        "next_slot_day",
        "release",
        "queue",
    }
    assert isinstance(row["days_to_next_slot"], int)


def test_a_service_without_a_draw_or_queue_figures_has_nulls_not_zeros(client, outbox, clock):
    row = service_row(body(client.http.get("/figures")), "waw", "fingerprints")

    assert row["release"] is None
    assert row["queue"] == {"people": 0, "wait_median_min": None, "wait_p90_min": None}


def test_the_figures_answer_304_without_a_body_when_the_etag_matches(client, outbox, clock):
    etag = client.http.get("/figures").headers["ETag"]

    response = client.http.get("/figures", headers={"If-None-Match": f"W/{etag}"})

    assert response.status_code == 304
    assert response.body == b""
    assert response.headers["ETag"] == etag


def test_the_csv_has_a_header_and_one_line_per_office_and_service(client, outbox, clock):
    snapshot = body(client.http.get("/figures"))

    response = client.http.get("/figures?format=csv")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    lines = list(csv.DictReader(io.StringIO(response.body.decode())))
    assert len(lines) == sum(len(o["services"]) for o in snapshot["offices"])
    [line] = [r for r in lines if (r["site"], r["service"]) == ("waw", "fingerprints")]
    row = service_row(snapshot, "waw", "fingerprints")
    assert line["days_to_next_slot"] == str(row["days_to_next_slot"])
    assert line["wait_median_min"] == "" and line["release"] == ""


def test_the_csv_answers_304_when_its_own_etag_matches(client, outbox, clock):
    first = client.http.get("/figures?format=csv")

    response = client.http.get(
        "/figures?format=csv", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert response.status_code == 304
    assert first.headers["ETag"] != client.http.get("/figures").headers["ETag"]


def test_an_unknown_format_is_refused_and_no_snapshot_is_kept(client, outbox, clock):
    response = client.http.get("/figures?format=xml")

    assert_problem(response, 422, "validation-failed")
    assert get_store().upkeep.latest_figures() is None


def test_the_figures_carry_no_personal_data_of_the_people_who_booked(client, outbox, clock):
    booked = book(client, outbox)
    job.run(get_store(), get_mailer(), clock.current)

    text = client.http.get("/figures").body.decode() + client.http.get(
        "/figures?format=csv"
    ).body.decode("utf-8")

    for personal in (PERSON["name"], PERSON["email"], PERSON["document"], booked["code"]):
        assert personal not in text
    assert "MOS-2026-0001" not in text


def test_the_figures_change_only_when_the_daily_round_refreshes_them(client, outbox, clock):
    first = body(client.http.get("/figures"))
    next_day = service_row(first, "waw", "fingerprints")["next_slot_day"]
    get_store().catalogue.set_closure("waw", date.fromisoformat(next_day), True)
    clock.advance(hours=1)

    served = body(client.http.get("/figures"))
    job.run(get_store(), get_mailer(), clock.current)
    refreshed = body(client.http.get("/figures"))

    assert served == first
    assert service_row(refreshed, "waw", "fingerprints")["next_slot_day"] > next_day
    assert refreshed["updated_at"] == "2026-12-07T08:00:00Z"


def test_a_drawn_ballot_shows_its_entries_seats_and_winners_after_the_daily_round(
    client, outbox, clock
):
    drawn = Release(
        id="fingerprints-january",
        site_id="waw",
        service_id="fingerprints",
        first_day=date(2027, 1, 4),
        last_day=date(2027, 1, 29),
        entries_open=datetime(2026, 11, 20, tzinfo=UTC),
        entries_close=datetime(2026, 11, 30, tzinfo=UTC),
        draw_at=datetime(2026, 12, 1, tzinfo=UTC),
        commitment="c" * 64,
        seed="5" * 64,
    )
    get_store().ballots.create_release(drawn)
    get_store().ballots.mark_drawn(
        replace(
            drawn,
            state=ReleaseState.DRAWN,
            drawn_at=datetime(2026, 12, 1, 0, 5, tzinfo=UTC),
            entries=1200,
            seats=400,
            won=400,
        )
    )

    job.run(get_store(), get_mailer(), clock.current)
    row = service_row(body(client.http.get("/figures")), "waw", "fingerprints")
    line = next(
        line
        for line in csv.DictReader(
            io.StringIO(client.http.get("/figures?format=csv").body.decode())
        )
        if (line["site"], line["service"]) == ("waw", "fingerprints")
    )

    assert row["release"]["id"] == "fingerprints-january"
    assert (row["release"]["entries"], row["release"]["seats"], row["release"]["won"]) == (
        1200,
        400,
        400,
    )
    assert (line["release_entries"], line["release_seats"], line["release_won"]) == (
        "1200",
        "400",
        "400",
    )
    assert "5" * 64 not in json.dumps(row)  # the seed is the ballot's page's to publish
