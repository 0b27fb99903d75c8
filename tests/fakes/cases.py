"""Case events, access records, wrong-code counters and the lookup audit in memory."""

from datetime import datetime

from chalicelib.appointments.model import still_taken
from chalicelib.cases.model import MAX_EVENTS_PER_BATCH, CaseAccess, CaseEvent
from chalicelib.cases.ports import CaseRecords, Lookups
from chalicelib.clock import format_instant
from chalicelib.storage import codec
from tests.fakes.memory import Fake, StoredEvent, dump, expiry, load


class FakeCaseRecords(Fake, CaseRecords):
    def record_case_batch(
        self, events: list[CaseEvent], accesses: list[CaseAccess], retain_until: datetime
    ) -> set[str]:
        if len(events) > MAX_EVENTS_PER_BATCH:
            raise ValueError(f"at most {MAX_EVENTS_PER_BATCH} events in one batch")
        memory = self.memory
        with memory.lock:
            # Quarantined events count: their ids stay taken.
            stored = {event.id for event in events if event.id in memory.case_events}
            if stored:
                return stored
            # Encode everything before the first write, so a bad record writes nothing.
            docs = [(event.id, dump(codec.event_to_dict(event))) for event in events]
            records = [(access.case_number, self._encode(access)) for access in accesses]
            for event_id, doc in docs:
                memory.case_events[event_id] = StoredEvent(doc, expiry(retain_until))
            memory.case_access.update(records)
            return set()

    def set_case_retention(self, case_number: str, retain_until: datetime) -> None:
        until = expiry(retain_until)
        with self.memory.lock:
            for stored in self.memory.case_events.values():
                if load(stored.doc)["case_number"] == case_number:
                    stored.retain_until = until
            if case_number in self.memory.case_access:
                doc, _ = self.memory.case_access[case_number]
                self.memory.case_access[case_number] = (doc, until)

    def case_events(self, case_number: str) -> list[CaseEvent]:
        live = self._events(quarantined=False)
        docs = [doc for doc, _ in live if doc["case_number"] == case_number]
        return codec.readable_events(docs)

    def save_case_access(self, access: CaseAccess) -> None:
        with self.memory.lock:
            self.memory.case_access[access.case_number] = self._encode(access)

    def get_case_access(self, case_number: str) -> CaseAccess | None:
        record = self.memory.case_access.get(case_number)
        return codec.access_from_dict(load(record[0])) if record is not None else None

    def case_event_records(self) -> list[dict]:
        return [codec.event_record(doc) for doc, _ in self._in_order(quarantined=False)]

    def quarantine_case_event(
        self, case_number: str, event_id: str, reason: str, at: datetime
    ) -> bool:
        with self.memory.lock:
            stored = self._find(case_number, event_id)
            if stored is None or stored.quarantine is not None:
                return False
            stored.quarantine = {"reason": reason, "quarantined_at": format_instant(at)}
            return True

    def quarantined_case_events(self) -> list[dict]:
        return [
            codec.event_record(doc) | dict(note) for doc, note in self._in_order(quarantined=True)
        ]

    def restore_case_event(self, case_number: str, event_id: str) -> bool:
        with self.memory.lock:
            stored = self._find(case_number, event_id)
            if stored is None or stored.quarantine is None:
                return False
            stored.quarantine = None
            return True

    def delete_quarantined_case_event(self, case_number: str, event_id: str) -> bool:
        with self.memory.lock:
            stored = self._find(case_number, event_id)
            if stored is None or stored.quarantine is None:
                return False
            del self.memory.case_events[event_id]
            return True

    @staticmethod
    def _encode(access: CaseAccess) -> tuple[str, datetime | None]:
        until = expiry(access.retain_until) if access.retain_until else None
        return dump(codec.access_to_dict(access)), until

    def _find(self, case_number: str, event_id: str) -> StoredEvent | None:
        stored = self.memory.case_events.get(event_id)
        if stored is None or load(stored.doc)["case_number"] != case_number:
            return None
        return stored

    def _events(self, quarantined: bool) -> list[tuple[dict, dict | None]]:
        with self.memory.lock:
            return [
                (load(stored.doc), stored.quarantine)
                for stored in self.memory.case_events.values()
                if (stored.quarantine is not None) == quarantined
            ]

    def _in_order(self, quarantined: bool) -> list[tuple[dict, dict | None]]:
        # As the stores list them: by case, then by the instant as stored text, then by id.
        events = self._events(quarantined)
        return sorted(
            events, key=lambda e: (e[0]["case_number"], e[0]["occurred_at"], e[0]["id"])
        )


class FakeLookups(Fake, Lookups):
    def add_lookup_failure(self, key: str, now: datetime, keep_until: datetime) -> int:
        with self.memory.lock:
            kept = self.memory.lookup_failures.get(key)
            count = kept[0] + 1 if kept is not None and still_taken(kept[2], now) else 1
            self.memory.lookup_failures[key] = (count, expiry(now), expiry(keep_until))
            return count

    def lookup_failures(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        kept = self.memory.lookup_failures.get(key)
        if kept is None or not still_taken(kept[2], now):
            return 0, None
        return kept[0], kept[1]

    def clear_lookup_failures(self, key: str) -> None:
        with self.memory.lock:
            self.memory.lookup_failures.pop(key, None)

    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        entry = {
            "at": format_instant(at),
            "case_hash": case_hash,
            "client_hash": client_hash,
            "outcome": outcome,
        }
        with self.memory.lock:
            self.memory.lookup_audit.append(entry)

    def lookup_audit(self, day: str) -> list[dict]:
        with self.memory.lock:
            entries = [dict(e) for e in self.memory.lookup_audit if e["at"][:10] == day]
        return sorted(entries, key=lambda entry: entry["at"])  # stable: ties stay in order
