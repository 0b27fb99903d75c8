import pytest

from simulate.release_day import TINY, run
from tests.fakes import memory_stores


@pytest.fixture(autouse=True)
def simulation_settings(monkeypatch):
    monkeypatch.setenv("BLIZEJ_PEPPER", "test-pepper")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MIN", "0")
    monkeypatch.setenv("BLIZEJ_RELEASE_DELAY_MAX", "0")
    monkeypatch.delenv("BLIZEJ_NOW", raising=False)


@pytest.mark.parametrize("mode", ["first come", "ballot"])
def test_a_tiny_release_day_fills_every_seat_once_and_offers_every_freed_one(mode):
    outcome = run(mode, memory_stores(), "memory", TINY, seed=7)

    assert outcome.booked == TINY.seats
    assert outcome.twice == 0
    assert outcome.empty_while_wanted == 0
    assert outcome.cancelled == round(TINY.seats * 0.1)
    assert outcome.offers_made >= outcome.offers_accepted >= 1


def test_the_ballot_of_a_tiny_release_day_verifies_from_its_published_seed():
    outcome = run("ballot", memory_stores(), "memory", TINY, seed=7)

    assert outcome.draw_verifies is True
    assert outcome.refused["already-entered"] == TINY.bots * 49


def test_the_same_seed_gives_the_same_release_day():
    first = run("ballot", memory_stores(), "memory", TINY, seed=11)

    again = run("ballot", memory_stores(), "memory", TINY, seed=11)

    assert (again.bot_seats, again.offers_made, again.offers_accepted) == (
        first.bot_seats,
        first.offers_made,
        first.offers_accepted,
    )
