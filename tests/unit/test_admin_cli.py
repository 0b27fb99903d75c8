"""`make admin`: the staff's command line, on a local store of its own."""

from datetime import time

import pytest

from admin.__main__ import main, parse_hours


def test_opening_hours_are_written_as_people_say_them():
    weekly = parse_hours("mon-fri 08:00-12:00 12:30-16:00; sat 09:00-11:00")

    assert sorted(weekly) == [0, 1, 2, 3, 4, 5]
    assert weekly[2] == ((time(8), time(12)), (time(12, 30), time(16)))
    assert weekly[5] == ((time(9), time(11)),)


def test_a_period_written_wrongly_is_refused():
    with pytest.raises(ValueError):
        parse_hours("mon 8-12")


def test_staff_schedule_close_and_list_from_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BLIZEJ_STORE", "sqlite")
    monkeypatch.setenv("BLIZEJ_SQLITE_PATH", str(tmp_path / "cli.sqlite3"))
    for name in ("BLIZEJ_STAFF_TOKEN", "BLIZEJ_PEPPER", "BLIZEJ_MAIL", "BLIZEJ_OUTBOX"):
        monkeypatch.setenv(name, "outbox" if name == "BLIZEJ_MAIL" else str(tmp_path / name))
    data = ["--data-dir", str(tmp_path)]
    from chalicelib.storage import get_store
    from devserver.seed import seed_if_empty

    seed_if_empty(get_store())

    assert (
        main(
            [
                *data,
                "schedule",
                "rad",
                "fingerprints",
                "--counters",
                "2",
                "--hours",
                "tue 09:00-10:00",
            ]
        )
        == 0
    )
    assert main([*data, "close", "rad", "2026-12-08"]) == 0
    assert main([*data, "bookings", "rad", "2026-12-08"]) == 0
    assert main([*data, "close", "nowhere", "2026-12-08"]) == 1

    out, err = capsys.readouterr()
    assert "Saved: rad serves fingerprints at 2 counters." in out
    assert "rad is closed on 2026-12-08." in out
    assert "0 booking(s) on 2026-12-08 at rad" in out
    assert "SiteNotFound" in err
    schedule = get_store().catalogue.get_schedule("rad", "fingerprints")
    assert schedule.counters == 2 and schedule.weekly == {1: ((time(9), time(10)),)}


def test_staff_find_set_aside_restore_and_delete_bad_case_events(tmp_path, monkeypatch, capsys):
    from datetime import UTC, datetime, timedelta

    from chalicelib.cases.model import CaseEvent
    from chalicelib.storage import get_store

    monkeypatch.setenv("BLIZEJ_STORE", "sqlite")
    monkeypatch.setenv("BLIZEJ_SQLITE_PATH", str(tmp_path / "cli.sqlite3"))
    data = ["--data-dir", str(tmp_path)]
    case, now = "WSC-II-P.6151.1234.2026", datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    summons = {"summons": "S1", "kind": "evidence", "term_days": 7}
    stored_before_the_rules = [
        CaseEvent("good", case, "card_ready", now, {"site": "waw"}),
        CaseEvent("bad", case, "summons_sent", now, summons | {"delivered_on": "2026-02-30"}),
        CaseEvent("old", case, "card_ready", datetime(1, 1, 1, tzinfo=UTC), {"site": "waw"}),
    ]
    get_store().cases.record_case_batch(stored_before_the_rules, [], now + timedelta(days=1))

    assert main([*data, "cases", "check"]) == 0
    checked = capsys.readouterr().out
    assert main([*data, "cases", "quarantine"]) == 0
    assert main([*data, "cases", "check"]) == 0
    assert main([*data, "cases", "restore", case, "bad"]) == 1
    assert main([*data, "cases", "delete", case, "bad"]) == 0
    assert main([*data, "cases", "delete", case, "bad"]) == 1
    get_store().cases.quarantine_case_event(case, "good", "set aside by hand", now)
    assert main([*data, "cases", "restore", case, "good"]) == 0
    assert main([*data, "cases", "quarantined"]) == 0

    out, err = capsys.readouterr()
    assert f"{case}  bad  summons_sent" in checked and "data.delivered_on wrong-format" in checked
    assert f"{case}  old  card_ready  1-01-01T00:00:00Z  occurred_at wrong-format" in checked
    assert "2 event(s) break today's rules." in checked
    assert "2 event(s) moved to quarantine." in out
    assert "0 event(s) break today's rules." in out
    assert "still breaks today's rules: data.delivered_on wrong-format" in err
    assert "Deleted: bad of" in out and "Not done: no event bad" in err
    assert "Restored: good of" in out
    assert "1 event(s) in quarantine." in out and "occurred_at wrong-format (since" in out
    assert [e.id for e in get_store().cases.case_events(case)] == ["good"]


def test_staff_set_a_ballot_announce_it_draw_it_and_see_its_clients(tmp_path, monkeypatch, capsys):
    from datetime import UTC, datetime

    monkeypatch.setenv("BLIZEJ_STORE", "sqlite")
    monkeypatch.setenv("BLIZEJ_SQLITE_PATH", str(tmp_path / "cli.sqlite3"))
    for name in ("BLIZEJ_STAFF_TOKEN", "BLIZEJ_PEPPER", "BLIZEJ_MAIL", "BLIZEJ_OUTBOX"):
        monkeypatch.setenv(name, "outbox" if name == "BLIZEJ_MAIL" else str(tmp_path / name))
    pinned = {"now": datetime(2026, 12, 7, 7, 0, tzinfo=UTC)}
    monkeypatch.setattr("chalicelib.clock.now", lambda: pinned["now"])
    data = ["--data-dir", str(tmp_path)]
    from chalicelib.storage import get_store
    from devserver.seed import seed_if_empty

    seed_if_empty(get_store())
    create = [*data, "ballot", "create", "waw-jan", "waw", "fingerprints"]
    create += ["--days", "2027-01-11", "2027-01-11", "--draw", "2026-12-21T09:00"]
    create += ["--entries", "2026-12-07T08:00", "2026-12-21T08:00"]

    assert main(create) == 1  # still first come
    assert main([*data, "policy", "waw", "fingerprints", "ballot"]) == 0
    assert main(create) == 0
    assert main([*data, "ballot", "draw", "waw-jan"]) == 1  # not due yet
    pinned["now"] = datetime(2026, 12, 21, 8, 0, tzinfo=UTC)
    assert main([*data, "ballot", "draw", "waw-jan"]) == 0
    assert main([*data, "ballot", "clients", "waw-jan"]) == 0

    out, err = capsys.readouterr()
    assert "NotBallotMode" in err and "DrawNotDue" in err
    assert "Saved: fingerprints at waw is ballot, offers stay open 120 minutes." in out
    assert "Commitment (publish it now): " in out
    assert "Drawn waw-jan" in out and "Seed (published): " in out
    assert "0 address(es) sent entries to waw-jan." in out
    assert get_store().ballots.get_release("waw-jan").state == "drawn"
