"""The fair release's contract on every store: policies, ballots and entries, waiting lists."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from chalicelib.clock import epoch
from chalicelib.release.model import (
    AlreadyDrawn,
    AlreadyEntered,
    AlreadyWaiting,
    Entry,
    EntryChanged,
    EntryState,
    Offer,
    Person,
    Policy,
    Preferences,
    Release,
    ReleaseExists,
    ReleaseMode,
    ReleaseState,
    Waiter,
    WaiterChanged,
    WaiterState,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SEED = "ab" * 32
PREFERENCES = Preferences((0, 2), ("morning",), date(2027, 1, 12))


def person(document: str = "doc-a") -> Person:
    return Person("Olena Kovalenko", "olena@example.org", None, document, "uk", {"mos": "MOS-1"})


def release(release_id: str = "waw-submit-2027-01", **changes) -> Release:
    made = Release(
        id=release_id,
        site_id="waw",
        service_id="submit",
        first_day=date(2027, 1, 11),
        last_day=date(2027, 1, 22),
        entries_open=NOW,
        entries_close=NOW + timedelta(days=7),
        draw_at=NOW + timedelta(days=7, hours=1),
        commitment="c" * 64,
        seed=SEED,
    )
    return replace(made, **changes)


def entry(entry_id: str, ticket: str, document: str | None = None, **changes) -> Entry:
    made = Entry(
        release_id="waw-submit-2027-01",
        id=entry_id,
        ticket=ticket,
        person=person(document or f"doc-{entry_id}"),
        preferences=PREFERENCES,
        state=EntryState.ENTERED,
        created_at=NOW,
        confirm_hash="confirm-hash",
        client_hash="client-hash",
    )
    return replace(made, **changes)


def waiter(waiter_id: str, joined_at: datetime = NOW, document: str | None = None, **changes):
    made = Waiter(
        id=waiter_id,
        site_id="waw",
        service_id="submit",
        person=person(document or f"doc-{waiter_id}"),
        preferences=PREFERENCES,
        joined_at=joined_at,
        state=WaiterState.WAITING,
        manage_hash="manage-hash",
    )
    return replace(made, **changes)


def all_entries(store, state: EntryState, limit: int) -> tuple[list[str], int]:
    tickets, after, pages = [], None, 0
    while True:
        page, after = store.ballots.entries("waw-submit-2027-01", state, after, limit)
        pages += 1
        tickets += [e.ticket for e in page]
        if after is None:
            return tickets, pages


# Policies and releases


def test_a_policy_reads_back_and_is_replaced_by_the_next_one(stores):
    store = stores.open()

    store.ballots.save_policy(Policy("waw", "submit", ReleaseMode.BALLOT, 60))
    store.ballots.save_policy(Policy("waw", "submit", ReleaseMode.FIRST_COME, 90))

    assert stores.open().ballots.get_policy("waw", "submit") == Policy(
        "waw", "submit", "first-come", 90
    )
    assert store.ballots.get_policy("rad", "submit") is None


def test_a_release_reads_back_after_reopening_the_store(stores):
    made = release()

    stores.open().ballots.create_release(made)

    assert stores.open().ballots.get_release(made.id) == made
    assert stores.open().ballots.get_release("nothing") is None


def test_a_release_whose_id_is_taken_is_refused_and_the_first_stays(store):
    store.ballots.create_release(release())

    with pytest.raises(ReleaseExists):
        store.ballots.create_release(release(site_id="rad", seed="cd" * 32))

    assert store.ballots.get_release("waw-submit-2027-01") == release()


def test_the_releases_of_a_service_come_by_first_day(store):
    store.ballots.create_release(
        release("feb", first_day=date(2027, 2, 1), last_day=date(2027, 2, 5))
    )
    store.ballots.create_release(release("jan"))
    store.ballots.create_release(release("other", service_id="collect"))

    assert [r.id for r in store.ballots.releases_of("waw", "submit")] == ["jan", "feb"]
    assert store.ballots.releases_of("rad", "submit") == []


def test_releases_are_due_from_their_draw_time_until_drawn(store):
    early = release("early", draw_at=NOW + timedelta(days=1))
    late = release("late", draw_at=NOW + timedelta(days=3))
    store.ballots.create_release(late)
    store.ballots.create_release(early)

    assert store.ballots.releases_due(NOW) == []
    assert [r.id for r in store.ballots.releases_due(NOW + timedelta(days=1))] == ["early"]
    assert [r.id for r in store.ballots.releases_due(NOW + timedelta(days=5))] == ["early", "late"]


def test_a_drawn_release_is_saved_with_its_seed_and_counts_and_is_no_longer_due(stores):
    store = stores.open()
    store.ballots.create_release(release())
    drawn = release(
        state=ReleaseState.DRAWN, drawn_at=NOW + timedelta(days=8), seats=40, entries=90, won=40
    )

    store.ballots.mark_drawn(drawn)

    assert stores.open().ballots.get_release(drawn.id) == drawn
    assert store.ballots.releases_due(NOW + timedelta(days=30)) == []


def test_drawing_a_release_twice_is_refused_and_keeps_the_first_draw(store):
    store.ballots.create_release(release())
    first = release(state=ReleaseState.DRAWN, drawn_at=NOW + timedelta(days=8), won=40)
    store.ballots.mark_drawn(first)

    with pytest.raises(AlreadyDrawn):
        store.ballots.mark_drawn(replace(first, won=1))

    assert store.ballots.get_release(first.id) == first


# Entries


def test_an_entry_reads_back_after_reopening_the_store(stores):
    made = entry("E-AAAA-AAAA", "a1", state=EntryState.PENDING)

    stores.open().ballots.add_entry(made)

    assert stores.open().ballots.get_entry(made.release_id, made.id) == made
    assert stores.open().ballots.get_entry(made.release_id, "E-NONE-NONE") is None


def test_a_second_entry_of_the_same_document_is_refused_and_not_stored(store):
    store.ballots.add_entry(entry("E-AAAA-AAAA", "a1", "doc-x"))

    with pytest.raises(AlreadyEntered):
        store.ballots.add_entry(entry("E-BBBB-BBBB", "b2", "doc-x"))

    assert store.ballots.get_entry("waw-submit-2027-01", "E-BBBB-BBBB") is None


def test_the_same_document_may_enter_another_release(store):
    store.ballots.add_entry(entry("E-AAAA-AAAA", "a1", "doc-x"))

    store.ballots.add_entry(entry("E-BBBB-BBBB", "b2", "doc-x", release_id="waw-submit-2027-02"))

    assert store.ballots.get_entry("waw-submit-2027-02", "E-BBBB-BBBB") is not None


def test_a_withdrawn_entry_frees_the_document_for_a_new_entry(store):
    first = entry("E-AAAA-AAAA", "a1", "doc-x")
    store.ballots.add_entry(first)

    store.ballots.update_entry(first.with_state(EntryState.WITHDRAWN), EntryState.ENTERED)
    store.ballots.add_entry(entry("E-BBBB-BBBB", "b2", "doc-x"))

    assert store.ballots.get_entry(first.release_id, first.id).state == EntryState.WITHDRAWN
    assert store.ballots.get_entry(first.release_id, "E-BBBB-BBBB").state == EntryState.ENTERED


def test_confirming_an_entry_keeps_the_document_claimed(store):
    pending = entry("E-AAAA-AAAA", "a1", "doc-x", state=EntryState.PENDING)
    store.ballots.add_entry(pending)

    store.ballots.update_entry(pending.with_state(EntryState.ENTERED), EntryState.PENDING)

    with pytest.raises(AlreadyEntered):
        store.ballots.add_entry(entry("E-BBBB-BBBB", "b2", "doc-x"))


def test_an_entry_changed_since_it_was_read_is_not_written(store):
    pending = entry("E-AAAA-AAAA", "a1", state=EntryState.PENDING)
    store.ballots.add_entry(pending)
    store.ballots.update_entry(pending.with_state(EntryState.ENTERED), EntryState.PENDING)

    with pytest.raises(EntryChanged):
        store.ballots.update_entry(pending.with_state(EntryState.WITHDRAWN), EntryState.PENDING)

    assert store.ballots.get_entry(pending.release_id, pending.id).state == EntryState.ENTERED


def test_entries_come_by_ticket_a_page_at_a_time_in_one_state_only(store):
    tickets = [f"{digit}{n}" for digit in "f3a07c" for n in range(3)]
    for number, ticket in enumerate(tickets):
        store.ballots.add_entry(entry(f"E-{number:04}-AAAA", ticket))
    store.ballots.add_entry(entry("E-PEND-AAAA", "55", state=EntryState.PENDING))

    read, pages = all_entries(store, EntryState.ENTERED, limit=4)

    assert read == sorted(tickets)
    assert pages == 5
    assert all_entries(store, EntryState.PENDING, limit=4) == (["55"], 1)
    assert all_entries(store, EntryState.WON, limit=4) == ([], 1)


def test_a_page_that_ends_with_the_last_entry_has_no_cursor(store):
    store.ballots.add_entry(entry("E-AAAA-AAAA", "a1"))
    store.ballots.add_entry(entry("E-BBBB-BBBB", "b2"))

    page, after = store.ballots.entries("waw-submit-2027-01", EntryState.ENTERED, None, 2)

    assert [e.ticket for e in page] == ["a1", "b2"]
    assert after is None


def test_entries_after_a_ticket_start_after_it(store):
    for number, ticket in enumerate(["11", "22", "33"]):
        store.ballots.add_entry(entry(f"E-{number:04}-AAAA", ticket))

    page, after = store.ballots.entries("waw-submit-2027-01", EntryState.ENTERED, "11", 1)

    assert [e.ticket for e in page] == ["22"]
    assert after == "22"


def test_the_draws_results_move_entries_to_their_states_and_writing_them_twice_is_once(stores):
    store = stores.open()
    won, lost = entry("E-AAAA-AAAA", "a1"), entry("E-BBBB-BBBB", "b2")
    store.ballots.add_entry(won)
    store.ballots.add_entry(lost)
    results = [won.with_state(EntryState.WON, "WAW-AAAA-AA"), lost.with_state(EntryState.NOT_DRAWN)]

    store.ballots.record_results(results)
    store.ballots.record_results(results)

    reopened = stores.open()
    assert reopened.ballots.get_entry(won.release_id, won.id) == results[0]
    assert reopened.ballots.get_entry(lost.release_id, lost.id) == results[1]
    assert all_entries(reopened, EntryState.ENTERED, 10) == ([], 1)
    assert all_entries(reopened, EntryState.WON, 10) == (["a1"], 1)
    assert all_entries(reopened, EntryState.NOT_DRAWN, 10) == (["b2"], 1)


def test_a_drawn_entry_keeps_its_document_claimed(store):
    won = entry("E-AAAA-AAAA", "a1", "doc-x")
    store.ballots.add_entry(won)

    store.ballots.record_results([won.with_state(EntryState.WON, "WAW-AAAA-AA")])

    with pytest.raises(AlreadyEntered):
        store.ballots.add_entry(entry("E-BBBB-BBBB", "b2", "doc-x"))


# Waiting lists

OFFER = Offer("WAW-OFFR-AA", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), NOW + timedelta(hours=2))


def offered(place: Waiter, offer: Offer = OFFER) -> Waiter:
    return replace(place, state=WaiterState.OFFERED, offer=offer)


def test_a_place_reads_back_after_reopening_the_store(stores):
    made = waiter("W-AAAA-AAAA", declined=(OFFER.start,), lapsed=1)

    stores.open().waiting.join(made)

    assert stores.open().waiting.get_waiter(made.id) == made
    assert stores.open().waiting.get_waiter("W-NONE-NONE") is None


def test_a_second_live_place_of_the_same_document_is_refused_and_not_stored(store):
    store.waiting.join(waiter("W-AAAA-AAAA", document="doc-x"))

    with pytest.raises(AlreadyWaiting):
        store.waiting.join(waiter("W-BBBB-BBBB", document="doc-x"))

    assert store.waiting.get_waiter("W-BBBB-BBBB") is None
    assert store.waiting.live_count("waw", "submit") == 1


def test_the_same_document_may_wait_for_another_service_or_office(store):
    store.waiting.join(waiter("W-AAAA-AAAA", document="doc-x"))

    store.waiting.join(waiter("W-BBBB-BBBB", document="doc-x", service_id="collect"))
    store.waiting.join(waiter("W-CCCC-CCCC", document="doc-x", site_id="rad"))

    assert store.waiting.live_count("waw", "collect") == 1
    assert store.waiting.live_count("rad", "submit") == 1


@pytest.mark.parametrize("state", [WaiterState.LEFT, WaiterState.BOOKED])
def test_leaving_or_being_booked_frees_the_document_for_a_new_place(store, state):
    first = waiter("W-AAAA-AAAA", document="doc-x")
    store.waiting.join(first)

    store.waiting.update_waiter(replace(first, state=state), WaiterState.WAITING)
    store.waiting.join(waiter("W-BBBB-BBBB", document="doc-x"))

    assert store.waiting.get_waiter(first.id).state == state
    assert store.waiting.live_count("waw", "submit") == 1


def test_an_offered_place_keeps_the_document_claimed(store):
    first = waiter("W-AAAA-AAAA", document="doc-x")
    store.waiting.join(first)

    store.waiting.update_waiter(offered(first), WaiterState.WAITING)

    with pytest.raises(AlreadyWaiting):
        store.waiting.join(waiter("W-BBBB-BBBB", document="doc-x"))


def test_a_place_changed_since_it_was_read_is_not_written(store):
    first = waiter("W-AAAA-AAAA")
    store.waiting.join(first)
    store.waiting.update_waiter(offered(first), WaiterState.WAITING)

    with pytest.raises(WaiterChanged):
        store.waiting.update_waiter(replace(first, state=WaiterState.LEFT), WaiterState.WAITING)

    assert store.waiting.get_waiter(first.id) == offered(first)


def test_the_list_comes_in_order_of_joining_a_page_at_a_time_without_offered_places(store):
    places = [waiter(f"W-{n:04}-AAAA", NOW + timedelta(microseconds=n)) for n in (5, 1, 3, 2, 4)]
    for place in places:
        store.waiting.join(place)
    store.waiting.update_waiter(offered(places[2]), WaiterState.WAITING)  # the third to join
    store.waiting.join(waiter("W-ELSE-AAAA", NOW, service_id="collect"))

    ids, after, pages = [], None, 0
    while True:
        page, after = store.waiting.waiting("waw", "submit", after, 2)
        ids, pages = ids + [w.id for w in page], pages + 1
        if after is None:
            break

    assert ids == ["W-0001-AAAA", "W-0002-AAAA", "W-0004-AAAA", "W-0005-AAAA"]
    assert pages == 2


def test_places_that_joined_at_the_same_instant_come_in_order_of_id(store):
    store.waiting.join(waiter("W-BBBB-BBBB"))
    store.waiting.join(waiter("W-AAAA-AAAA"))

    page, after = store.waiting.waiting("waw", "submit")

    assert [w.id for w in page] == ["W-AAAA-AAAA", "W-BBBB-BBBB"]
    assert after is None


def test_a_position_counts_the_live_places_ahead(store):
    places = [waiter(f"W-{n:04}-AAAA", NOW + timedelta(minutes=n)) for n in range(5)]
    for place in places:
        store.waiting.join(place)
    store.waiting.update_waiter(offered(places[0]), WaiterState.WAITING)
    store.waiting.update_waiter(replace(places[1], state=WaiterState.LEFT), WaiterState.WAITING)
    store.waiting.update_waiter(replace(places[2], state=WaiterState.BOOKED), WaiterState.WAITING)

    assert store.waiting.position(places[0]) == 1
    assert store.waiting.position(places[3]) == 2
    assert store.waiting.position(places[4]) == 3
    assert store.waiting.live_count("waw", "submit") == 3
    assert store.waiting.live_count("waw", "collect") == 0


def test_offers_are_due_once_their_answer_time_has_passed_oldest_first(stores):
    store = stores.open()
    soon, later = waiter("W-AAAA-AAAA"), waiter("W-BBBB-BBBB")
    store.waiting.join(later)
    store.waiting.join(soon)
    store.waiting.update_waiter(
        offered(later, replace(OFFER, expires_at=NOW + timedelta(hours=3))), WaiterState.WAITING
    )
    store.waiting.update_waiter(offered(soon), WaiterState.WAITING)

    assert store.waiting.offers_due(NOW + timedelta(hours=2)) == []
    assert [w.id for w in stores.open().waiting.offers_due(NOW + timedelta(hours=4))] == [
        "W-AAAA-AAAA",
        "W-BBBB-BBBB",
    ]


def test_an_answered_offer_is_no_longer_due(store):
    place = waiter("W-AAAA-AAAA")
    store.waiting.join(place)
    store.waiting.update_waiter(offered(place), WaiterState.WAITING)

    store.waiting.update_waiter(replace(place, lapsed=1), WaiterState.OFFERED)

    assert store.waiting.offers_due(NOW + timedelta(days=1)) == []
    assert store.waiting.get_waiter(place.id).state == WaiterState.WAITING


def test_a_declined_offer_whose_end_has_microseconds_leaves_nothing_due(store):
    place = waiter("W-AAAA-AAAA")
    store.waiting.join(place)
    precise = replace(OFFER, expires_at=NOW + timedelta(hours=2, microseconds=345678))
    store.waiting.update_waiter(offered(place, precise), WaiterState.WAITING)

    store.waiting.update_waiter(replace(place, declined=(OFFER.start,)), WaiterState.OFFERED)

    assert store.waiting.offers_due(NOW + timedelta(days=1)) == []


def test_an_offer_is_due_from_just_after_its_end_to_the_microsecond(store):
    place = waiter("W-AAAA-AAAA")
    store.waiting.join(place)
    store.waiting.update_waiter(offered(place), WaiterState.WAITING)
    end = OFFER.expires_at

    at_the_end = store.waiting.offers_due(end)
    just_after = store.waiting.offers_due(end + timedelta(microseconds=1))

    assert at_the_end == []
    assert [w.id for w in just_after] == ["W-AAAA-AAAA"]


# Retention


def test_a_ballots_entries_are_deleted_30_days_after_its_draw_time_and_not_before(store, stores):
    made = release()
    store.ballots.create_release(made)
    store.ballots.add_entry(entry("E-AAAA-AAAA", "a1", "doc-x"))
    store.ballots.record_results(
        [entry("E-AAAA-AAAA", "a1", "doc-x").with_state(EntryState.WON, "WAW-AAAA-AA")]
    )
    kept_until = made.draw_at + timedelta(days=30)

    if stores.kind != "dynamodb":  # purged by the store itself
        store.upkeep.purge_expired(kept_until - timedelta(seconds=1))
        kept = store.ballots.get_entry(made.id, "E-AAAA-AAAA")
        store.upkeep.purge_expired(kept_until)
        assert kept is not None
        assert store.ballots.get_entry(made.id, "E-AAAA-AAAA") is None
        assert all_entries(store, EntryState.WON, 10) == ([], 1)
    else:  # DynamoDB's TTL deletes what carries `expires_at`
        keys = [
            (f"ENTRY#{made.id}#E-AAAA-AAAA", "ENTRY"),
            (f"ENTRIES#{made.id}#won#a", "a1"),
            (f"ENTRYDOC#{made.id}#doc-x", "-"),
        ]
        for pk, sk in keys:
            key = {"pk": {"S": pk}, "sk": {"S": sk}}
            item = store.ballots.client.get_item(TableName=store.ballots.table_name, Key=key)[
                "Item"
            ]
            assert int(item["expires_at"]["N"]) == epoch(kept_until), pk


def test_a_purge_keeps_the_entries_of_a_ballot_drawn_less_than_30_days_ago(store, stores):
    store.ballots.create_release(release())
    store.ballots.create_release(release("later", draw_at=NOW + timedelta(days=40)))
    store.ballots.add_entry(entry("E-AAAA-AAAA", "a1"))
    store.ballots.add_entry(entry("E-BBBB-BBBB", "b2", release_id="later"))

    store.upkeep.purge_expired(NOW + timedelta(days=60))

    assert store.ballots.get_entry("later", "E-BBBB-BBBB") is not None
    if stores.kind != "dynamodb":
        assert store.ballots.get_entry("waw-submit-2027-01", "E-AAAA-AAAA") is None


def test_a_place_left_is_deleted_30_days_after_it_ended_and_a_live_one_is_kept(store, stores):
    left, live = waiter("W-AAAA-AAAA"), waiter("W-BBBB-BBBB")
    store.waiting.join(left)
    store.waiting.join(live)
    ended = NOW + timedelta(days=3)
    store.waiting.update_waiter(
        replace(left, state=WaiterState.LEFT, ended_at=ended), WaiterState.WAITING
    )
    kept_until = ended + timedelta(days=30)

    if stores.kind != "dynamodb":  # purged by the store itself
        store.upkeep.purge_expired(kept_until - timedelta(seconds=1))
        kept = store.waiting.get_waiter(left.id)
        store.upkeep.purge_expired(kept_until)
        assert kept is not None and kept.ended_at == ended
        assert store.waiting.get_waiter(left.id) is None
        assert store.waiting.get_waiter(live.id) == live
    else:  # DynamoDB's TTL deletes what carries `expires_at`; a live place carries none
        items = {}
        for waiter_id in (left.id, live.id):
            key = {"pk": {"S": f"WAITER#{waiter_id}"}, "sk": {"S": "WAITER"}}
            items[waiter_id] = store.waiting.client.get_item(
                TableName=store.waiting.table_name, Key=key
            )["Item"]
        assert int(items[left.id]["expires_at"]["N"]) == epoch(kept_until)
        assert "expires_at" not in items[live.id]
