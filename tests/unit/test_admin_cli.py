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
    schedule = get_store().get_schedule("rad", "fingerprints")
    assert schedule.counters == 2 and schedule.weekly == {1: ((time(9), time(10)),)}
