"""The public figures' snapshot: one record, kept whole and replaced whole, on every store."""

from datetime import UTC, datetime

SNAPSHOT = {
    "updated_at": "2026-12-07T05:00:00Z",
    "queue_period": {"from": "2026-11-07", "to": "2026-12-06"},
    "offices": [
        {
            "site": "waw",
            "name": {"en": "Warsaw", "pl": "Warszawa"},
            "services": [
                {
                    "service": "residence-card",
                    "name": {"en": "Residence card", "uk": "Карта побиту"},
                    "days_to_next_slot": None,
                    "release": {"id": "jan", "entries": 12, "seats": 4, "won": 4},
                    "queue": {"people": 3, "wait_median_min": 12.5, "wait_p90_min": None},
                }
            ],
        }
    ],
}


def test_a_new_store_has_no_figures(store):
    assert store.upkeep.latest_figures() is None


def test_saved_figures_read_back_the_same_with_nulls_and_every_script(store):
    store.upkeep.save_figures(SNAPSHOT)

    assert store.upkeep.latest_figures() == SNAPSHOT


def test_saving_figures_again_replaces_the_snapshot(store):
    store.upkeep.save_figures(SNAPSHOT)
    newer = {**SNAPSHOT, "updated_at": "2026-12-08T05:00:00Z", "offices": []}

    store.upkeep.save_figures(newer)

    assert store.upkeep.latest_figures() == newer


def test_figures_survive_reopening_the_store(stores):
    stores.open().upkeep.save_figures(SNAPSHOT)

    assert stores.open().upkeep.latest_figures() == SNAPSHOT


def test_the_retention_sweep_keeps_the_figures(store):
    store.upkeep.save_figures(SNAPSHOT)

    store.upkeep.purge_expired(datetime(2030, 1, 1, tzinfo=UTC))

    assert store.upkeep.latest_figures() == SNAPSHOT
