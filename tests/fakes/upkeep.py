"""The shared small verbs in memory, and the retention sweep over every fake's records."""

from datetime import UTC, datetime

from chalicelib import retention
from chalicelib.appointments.model import still_taken
from chalicelib.clock import format_instant
from chalicelib.ports import Upkeep
from chalicelib.storage import codec
from tests.fakes.memory import Fake, dump, expiry, load


class FakeUpkeep(Fake, Upkeep):
    def ping(self) -> None:
        """Memory is always there."""

    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        with self.memory.lock:
            kept = self.memory.rate_limits.get((key, window))
            if kept is None:
                # The first action is counted even when the limit is 0, as in the stores.
                self.memory.rate_limits[(key, window)] = (1, expiry(expires_at))
                return limit > 0
            if kept[0] >= limit:
                return False
            self.memory.rate_limits[(key, window)] = (kept[0] + 1, kept[1])
            return True

    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        with self.memory.lock:
            seen = self.memory.seen_once.get(key)
            if seen is not None and still_taken(seen, now):
                return False
            self.memory.seen_once[key] = expiry(expires_at)
            return True

    def save_figures(self, snapshot: dict) -> None:
        with self.memory.lock:
            self.memory.figures = dump(snapshot)

    def latest_figures(self) -> dict | None:
        return load(self.memory.figures) if self.memory.figures is not None else None

    def purge_expired(self, now: datetime) -> int:
        memory = self.memory

        def gone(until: datetime | None) -> bool:
            return until is not None and not still_taken(until, now)

        with memory.lock:
            doomed = {
                "bookings": [
                    code
                    for code, doc in memory.bookings.items()
                    if gone(codec.booking_from_dict(load(doc)).retain_until)
                ],
                "case_events": [k for k, e in memory.case_events.items() if gone(e.retain_until)],
                "case_access": [k for k, (_, u) in memory.case_access.items() if gone(u)],
                "tickets": [k for k, (_, u) in memory.tickets.items() if gone(u)],
                "lookup_failures": [
                    k for k, (_, _, u) in memory.lookup_failures.items() if gone(u)
                ],
                "person_locks": [k for k, (_, u) in memory.person_locks.items() if gone(u)],
                "idempotency": [k for k, (_, _, u) in memory.idempotency.items() if gone(u)],
                "rate_limits": [k for k, (_, u) in memory.rate_limits.items() if gone(u)],
                "seen_once": [k for k, u in memory.seen_once.items() if gone(u)],
            }
            deleted = 0
            for table, keys in doomed.items():
                records = getattr(memory, table)
                for key in keys:
                    del records[key]
                deleted += len(keys)
            for slot, seats in list(memory.seats.items()):
                for number in [n for n, seat in seats.items() if gone(seat.expires_at)]:
                    del seats[number]
                    deleted += 1
                if not seats:
                    del memory.seats[slot]
            # A day's counters go as the SQLite store forgets them: retention.TICKET after
            # midnight UTC of that date.
            last_day = (now - retention.TICKET).astimezone(UTC).date().isoformat()
            for counters in (memory.ticket_numbers, memory.walk_ins):
                for key in [key for key in counters if key[1] <= last_day]:
                    del counters[key]
                    deleted += 1
            # An open case's access carries no date of its own: it goes with the case's last event.
            with_events = {
                load(stored.doc)["case_number"] for stored in memory.case_events.values()
            }
            for case in [c for c, (_, u) in memory.case_access.items() if u is None]:
                if case not in with_events:
                    del memory.case_access[case]
                    deleted += 1
            spent = {
                release_id
                for release_id, doc in memory.releases.items()
                if gone(codec.release_from_dict(load(doc)).entries_kept_until)
            }
            for waiter_id in [
                waiter_id
                for waiter_id, doc in memory.waiters.items()
                if gone(codec.waiter_from_dict(load(doc)).kept_until)
            ]:
                del memory.waiters[waiter_id]
                deleted += 1
            for key in [key for key in memory.entries if key[0] in spent]:
                del memory.entries[key]
                deleted += 1
            for claim in [claim for claim in memory.entry_claims if claim[0] in spent]:
                del memory.entry_claims[claim]
            oldest = format_instant(now - retention.LOOKUP_AUDIT)
            kept = [entry for entry in memory.lookup_audit if entry["at"] > oldest]
            deleted += len(memory.lookup_audit) - len(kept)
            memory.lookup_audit[:] = kept
            return deleted
