"""The fair release's policies, ballots, entries and waiting lists in memory."""

from datetime import datetime

from chalicelib.release.model import (
    AlreadyDrawn,
    AlreadyEntered,
    AlreadyWaiting,
    Entry,
    EntryChanged,
    EntryNotFound,
    EntryState,
    Policy,
    Release,
    ReleaseExists,
    ReleaseNotFound,
    ReleaseState,
    Waiter,
    WaiterChanged,
    WaiterNotFound,
    WaiterState,
)
from chalicelib.release.ports import PAGE, Ballots, WaitingList
from chalicelib.storage import codec
from tests.fakes.memory import Fake, dump, load

LIVE_WAITERS = (WaiterState.WAITING, WaiterState.OFFERED)


class FakeBallots(Fake, Ballots):
    def save_policy(self, policy: Policy) -> None:
        key = (policy.site_id, policy.service_id)
        with self.memory.lock:
            self.memory.release_policies[key] = dump(codec.policy_to_dict(policy))

    def get_policy(self, site_id: str, service_id: str) -> Policy | None:
        doc = self.memory.release_policies.get((site_id, service_id))
        return codec.policy_from_dict(load(doc)) if doc is not None else None

    def create_release(self, release: Release) -> None:
        with self.memory.lock:
            if release.id in self.memory.releases:
                raise ReleaseExists(release.id)
            self.memory.releases[release.id] = dump(codec.release_to_dict(release))

    def get_release(self, release_id: str) -> Release | None:
        doc = self.memory.releases.get(release_id)
        return codec.release_from_dict(load(doc)) if doc is not None else None

    def releases_of(self, site_id: str, service_id: str) -> list[Release]:
        with self.memory.lock:
            docs = list(self.memory.releases.values())
        releases = [codec.release_from_dict(load(doc)) for doc in docs]
        mine = [r for r in releases if (r.site_id, r.service_id) == (site_id, service_id)]
        return sorted(mine, key=lambda release: (release.first_day, release.id))

    def releases_due(self, now: datetime) -> list[Release]:
        with self.memory.lock:
            docs = list(self.memory.releases.values())
        releases = [codec.release_from_dict(load(doc)) for doc in docs]
        due = [r for r in releases if r.state == ReleaseState.OPEN and r.draw_at <= now]
        return sorted(due, key=lambda release: (release.draw_at, release.id))

    def mark_drawn(self, release: Release) -> None:
        with self.memory.lock:
            stored = self.get_release(release.id)
            if stored is None:
                raise ReleaseNotFound(release.id)
            if stored.state != ReleaseState.OPEN:
                raise AlreadyDrawn(release.id)
            self.memory.releases[release.id] = dump(codec.release_to_dict(release))

    def add_entry(self, entry: Entry) -> None:
        claim = (entry.release_id, entry.person.document_hash)
        with self.memory.lock:
            if claim in self.memory.entry_claims:
                raise AlreadyEntered(entry.release_id)
            if (entry.release_id, entry.id) in self.memory.entries:
                raise EntryChanged(entry.id)
            self.memory.entry_claims[claim] = entry.id
            self._write(entry)

    def get_entry(self, release_id: str, entry_id: str) -> Entry | None:
        doc = self.memory.entries.get((release_id, entry_id))
        return codec.entry_from_dict(load(doc)) if doc is not None else None

    def update_entry(self, entry: Entry, expected: EntryState) -> None:
        with self.memory.lock:
            stored = self.get_entry(entry.release_id, entry.id)
            if stored is None:
                raise EntryNotFound(entry.id)
            if stored.state != expected:
                raise EntryChanged(entry.id)
            if entry.state == EntryState.WITHDRAWN:
                claim = (entry.release_id, entry.person.document_hash)
                if self.memory.entry_claims.get(claim) == entry.id:
                    del self.memory.entry_claims[claim]
            self._write(entry)

    def entries(
        self, release_id: str, state: EntryState, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Entry], str | None]:
        with self.memory.lock:
            docs = [doc for (rel, _), doc in self.memory.entries.items() if rel == release_id]
        found = sorted(
            (entry for entry in map(codec.entry_from_dict, map(load, docs))),
            key=lambda entry: entry.ticket,
        )
        found = [e for e in found if e.state == state and (after is None or e.ticket > after)]
        page = found[:limit]
        return page, (page[-1].ticket if len(found) > limit else None)

    def record_results(self, results: list[Entry]) -> None:
        with self.memory.lock:
            for entry in results:
                if (entry.release_id, entry.id) not in self.memory.entries:
                    raise EntryNotFound(entry.id)
            for entry in results:
                self._write(entry)

    def _write(self, entry: Entry) -> None:
        self.memory.entries[(entry.release_id, entry.id)] = dump(codec.entry_to_dict(entry))


class FakeWaitingList(Fake, WaitingList):
    def join(self, waiter: Waiter) -> None:
        claim = (waiter.site_id, waiter.service_id, waiter.person.document_hash)
        with self.memory.lock:
            if claim in self.memory.waiter_claims:
                raise AlreadyWaiting(waiter.service_id)
            if waiter.id in self.memory.waiters:
                raise WaiterChanged(waiter.id)
            self.memory.waiter_claims[claim] = waiter.id
            self._write(waiter)

    def get_waiter(self, waiter_id: str) -> Waiter | None:
        doc = self.memory.waiters.get(waiter_id)
        return codec.waiter_from_dict(load(doc)) if doc is not None else None

    def update_waiter(self, waiter: Waiter, expected: WaiterState) -> None:
        with self.memory.lock:
            stored = self.get_waiter(waiter.id)
            if stored is None:
                raise WaiterNotFound(waiter.id)
            if stored.state != expected:
                raise WaiterChanged(waiter.id)
            if not waiter.is_live():
                claim = (waiter.site_id, waiter.service_id, waiter.person.document_hash)
                if self.memory.waiter_claims.get(claim) == waiter.id:
                    del self.memory.waiter_claims[claim]
            self._write(waiter)

    def waiting(
        self, site_id: str, service_id: str, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Waiter], str | None]:
        found = [
            waiter
            for waiter in self._list(site_id, service_id)
            if waiter.state == WaiterState.WAITING
            and (after is None or codec.list_key(waiter) > after)
        ]
        page = found[:limit]
        return page, (codec.list_key(page[-1]) if len(found) > limit else None)

    def position(self, waiter: Waiter) -> int:
        mine = codec.list_key(waiter)
        ahead = [
            w for w in self._list(waiter.site_id, waiter.service_id) if codec.list_key(w) < mine
        ]
        return 1 + sum(1 for w in ahead if w.state in LIVE_WAITERS)

    def live_count(self, site_id: str, service_id: str) -> int:
        return sum(1 for w in self._list(site_id, service_id) if w.state in LIVE_WAITERS)

    def offers_due(self, now: datetime) -> list[Waiter]:
        with self.memory.lock:
            docs = list(self.memory.waiters.values())
        offered = [codec.waiter_from_dict(load(doc)) for doc in docs]
        due = [
            w
            for w in offered
            if w.state == WaiterState.OFFERED and w.offer is not None and w.offer.expires_at < now
        ]
        return sorted(due, key=lambda w: (w.offer.expires_at, w.id))  # type: ignore[union-attr]

    def _list(self, site_id: str, service_id: str) -> list[Waiter]:
        with self.memory.lock:
            docs = list(self.memory.waiters.values())
        waiters = [codec.waiter_from_dict(load(doc)) for doc in docs]
        mine = [w for w in waiters if (w.site_id, w.service_id) == (site_id, service_id)]
        return sorted(mine, key=codec.list_key)

    def _write(self, waiter: Waiter) -> None:
        self.memory.waiters[waiter.id] = dump(codec.waiter_to_dict(waiter))
