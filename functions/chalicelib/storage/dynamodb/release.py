"""Release policies, ballots with their entries, and waiting lists on the one table.

Items (pk / sk), every read a GetItem or a Query on one partition, never a Scan:

- `POLICY#<site>` / `<service>`: a service's release policy.
- `RELEASE#<id>` / `RELEASE`: the release; `RELEASES#<site>#<service>` / `<first_day>#<id>` a copy
  in the list of the service's releases; `RELEASES-DUE` / `<draw_at>#<id>` a copy while it is
  open, for the draw job. `mark_drawn` rewrites both and removes the last in one transaction,
  conditioned on the release still being open.
- `ENTRY#<release>#<id>` / `ENTRY`: an entry; `ENTRYDOC#<release>#<document_hash>` / `-` its
  document's claim (one live entry per document and release; withdrawing deletes it); and a
  copy in `ENTRIES#<release>#<state>#<shard>` / `<ticket>`, moved to the partition of its new
  state in the same transaction as every change of state.
- `WAITER#<id>` / `WAITER`: a place; `WAITDOC#<site>#<service>#<document_hash>` / `-` its
  document's claim while it is live; `WAITLIST#<site>#<service>` / `<joined_at>#<id>` a copy
  while it is waiting or offered (the list: `waiting` filters state = waiting, `position` and
  `live_count` are `Select=COUNT` Queries); `OFFERS-OPEN` / `<expires_at>#<id>` a copy while
  an offer is open.

Entry shards: a ticket is a hex keyed hash, so its first digit spreads entries evenly over 16
partitions. The shard is that digit itself (rather than a digit mod 10): reading the shards in
the order 0 … f returns every entry in ticket order, so a page's cursor is simply its last
ticket, on every store, and the draw's publication pages by ticket too.

50 000 entries: the draw reads its release's entered entries a page (`PAGE`, 500) at a time,
each page one or more Queries of consecutive shards. An entry's copy is ~400 B, so the whole
read is 50 000 × 400 B / 4 KB ≈ 4 900 read request units strongly consistent (≈ 2 450 if it
were eventually consistent), i.e. $0.00075 (or $0.00037) at scripts/aws_cost.py's
`Prices.dynamodb_read_per_million` ($0.1525, eu-central-1 on demand). The reads are strongly
consistent: it costs a fraction of a cent per draw, and a draw run again after a stop must not
see an entry it has just recorded as still entered. Writing the outcome is 3 writes per entry
(the entry, its old copy deleted, its new copy) in transactions of up to 33 entries.
"""

from datetime import datetime

from chalicelib.clock import epoch, format_instant
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
from chalicelib.storage.dynamodb.table import OnTable, delete, deserialize, put, serialize

SHARDS = "0123456789abcdef"
NEW = "attribute_not_exists(pk)"
STATE = {"#state": "state"}
ENTRIES_PER_TRANSACTION = 33  # three writes each, at most 100 in a transaction
DUE = "RELEASES-DUE"
OFFERS = "OFFERS-OPEN"


def overwrite(item: dict) -> dict:
    """An unconditional Put for `Table.transact` (a copy whose main item carries the condition)."""
    return {"Put": {"Item": serialize(item)}}


def shard_of(ticket: str) -> str:
    shard = ticket[:1].lower()
    if shard not in SHARDS:
        raise ValueError(f"a ticket is a hex keyed hash, not {ticket!r}")
    return shard


def _release_items(release: Release) -> list[dict]:
    doc = codec.release_to_dict(release)
    items = [
        {"pk": f"RELEASE#{release.id}", "sk": "RELEASE", **doc},
        {
            "pk": f"RELEASES#{release.site_id}#{release.service_id}",
            "sk": f"{doc['first_day']}#{release.id}",
            **doc,
        },
    ]
    return items


def _due_key(release: Release) -> tuple[str, str]:
    return DUE, f"{format_instant(release.draw_at)}#{release.id}"


def _entry_item(entry: Entry, ttl: dict) -> dict:
    return {"pk": f"ENTRY#{entry.release_id}#{entry.id}", "sk": "ENTRY", **_entry_doc(entry, ttl)}


def _entry_doc(entry: Entry, ttl: dict) -> dict:
    return {**codec.entry_to_dict(entry), **ttl}


def _entry_copy_key(release_id: str, state: EntryState, ticket: str) -> tuple[str, str]:
    return f"ENTRIES#{release_id}#{state.value}#{shard_of(ticket)}", ticket


def _entry_copy(entry: Entry, ttl: dict) -> dict:
    pk, sk = _entry_copy_key(entry.release_id, entry.state, entry.ticket)
    return {"pk": pk, "sk": sk, **_entry_doc(entry, ttl)}


def _entry_claim_key(entry: Entry) -> tuple[str, str]:
    return f"ENTRYDOC#{entry.release_id}#{entry.person.document_hash}", "-"


class DynamoBallots(OnTable, Ballots):
    def save_policy(self, policy: Policy) -> None:
        self.table.put(
            {"pk": f"POLICY#{policy.site_id}", "sk": policy.service_id}
            | codec.policy_to_dict(policy)
        )

    def get_policy(self, site_id: str, service_id: str) -> Policy | None:
        item = self.table.get(f"POLICY#{site_id}", service_id)
        return codec.policy_from_dict(item) if item else None

    def create_release(self, release: Release) -> None:
        main, listed = _release_items(release)
        writes = [put(main, NEW), put(listed, NEW)]
        if release.state == ReleaseState.OPEN:
            pk, sk = _due_key(release)
            writes.append(put({"pk": pk, "sk": sk, **codec.release_to_dict(release)}, NEW))
        if self.table.transact(writes):
            raise ReleaseExists(release.id)

    def get_release(self, release_id: str) -> Release | None:
        item = self.table.get(f"RELEASE#{release_id}", "RELEASE")
        return codec.release_from_dict(item) if item else None

    def releases_of(self, site_id: str, service_id: str) -> list[Release]:
        items = self.table.partition(f"RELEASES#{site_id}#{service_id}")
        return [codec.release_from_dict(item) for item in items]

    def releases_due(self, now: datetime) -> list[Release]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND sk < :until",
            ExpressionAttributeValues=serialize({":pk": DUE, ":until": format_instant(now) + "#~"}),
            ConsistentRead=True,
        )
        return [codec.release_from_dict(item) for item in items]

    def mark_drawn(self, release: Release) -> None:
        stored = self.get_release(release.id)
        if stored is None:
            raise ReleaseNotFound(release.id)
        main, listed = _release_items(release)
        failed = self.table.transact(
            [
                put(main, "#state = :open", names=STATE, values={":open": "open"}),
                put(listed, "attribute_exists(pk)"),
                delete(*_due_key(stored)),
            ]
        )
        if failed:
            raise AlreadyDrawn(release.id)

    def add_entry(self, entry: Entry) -> None:
        pk, sk = _entry_claim_key(entry)
        ttl = self._ttl(entry.release_id)
        failed = self.table.transact(
            [
                put({"pk": pk, "sk": sk, "entry_id": entry.id, **ttl}, NEW),
                put(_entry_item(entry, ttl), NEW),
                put(_entry_copy(entry, ttl), NEW),
            ]
        )
        if 0 in failed:
            raise AlreadyEntered(entry.release_id)
        if failed:
            raise EntryChanged(entry.id)

    def get_entry(self, release_id: str, entry_id: str) -> Entry | None:
        item = self.table.get(f"ENTRY#{release_id}#{entry_id}", "ENTRY")
        return codec.entry_from_dict(item) if item else None

    def update_entry(self, entry: Entry, expected: EntryState) -> None:
        if self.get_entry(entry.release_id, entry.id) is None:
            raise EntryNotFound(entry.id)
        writes = self._moves(entry, expected, self._ttl(entry.release_id))
        if entry.state == EntryState.WITHDRAWN:
            writes.append(delete(*_entry_claim_key(entry), "entry_id = :id", {":id": entry.id}))
        if self.table.transact(writes):
            raise EntryChanged(entry.id)

    def entries(
        self, release_id: str, state: EntryState, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Entry], str | None]:
        found: list[dict] = []
        first = SHARDS.index(shard_of(after)) if after else 0
        for shard in SHARDS[first:]:
            key = "pk = :pk AND sk > :after" if after else "pk = :pk"
            values = {":pk": f"ENTRIES#{release_id}#{state.value}#{shard}"}
            if after:
                values[":after"] = after
            request = {
                "KeyConditionExpression": key,
                "ExpressionAttributeValues": serialize(values),
                "ConsistentRead": True,
            }
            while len(found) <= limit:
                page = self.table.call("query", Limit=limit + 1 - len(found), **request)
                found += [deserialize(item) for item in page.get("Items", [])]
                if "LastEvaluatedKey" not in page:
                    break
                request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            if len(found) > limit:
                break
        entries = [codec.entry_from_dict(item) for item in found[:limit]]
        return entries, (entries[-1].ticket if len(found) > limit else None)

    def record_results(self, results: list[Entry]) -> None:
        stored = {entry.id: self.get_entry(entry.release_id, entry.id) for entry in results}
        missing = [entry_id for entry_id, entry in stored.items() if entry is None]
        if missing:
            raise EntryNotFound(missing[0])
        changes = [entry for entry in results if stored[entry.id] != entry]
        ttls = {release_id: self._ttl(release_id) for release_id in {e.release_id for e in changes}}
        for at in range(0, len(changes), ENTRIES_PER_TRANSACTION):
            writes: list[dict] = []
            for entry in changes[at : at + ENTRIES_PER_TRANSACTION]:
                seen = stored[entry.id].state  # type: ignore[union-attr]
                writes += self._moves(entry, seen, ttls[entry.release_id])
            if self.table.transact(writes):
                raise EntryChanged(results[0].id)

    def _ttl(self, release_id: str) -> dict:
        """The `expires_at` of every item of the release's entries (`entries_kept_until`)."""
        release = self.get_release(release_id)
        return {"expires_at": epoch(release.entries_kept_until)} if release else {}

    def _moves(self, entry: Entry, expected: EntryState, ttl: dict) -> list[dict]:
        """The entry written if still in `expected`, its copy moved to its new state's shard."""
        writes = [
            put(
                _entry_item(entry, ttl),
                "#state = :seen",
                names=STATE,
                values={":seen": expected.value},
            )
        ]
        if expected != entry.state:
            writes.append(delete(*_entry_copy_key(entry.release_id, expected, entry.ticket)))
        writes.append(overwrite(_entry_copy(entry, ttl)))
        return writes


LIVE = (WaiterState.WAITING, WaiterState.OFFERED)


def _waiter_item(waiter: Waiter) -> dict:
    item = {"pk": f"WAITER#{waiter.id}", "sk": "WAITER", **codec.waiter_to_dict(waiter)}
    if waiter.kept_until is not None:  # only the place itself outlives its end: TTL on it
        item["expires_at"] = epoch(waiter.kept_until)
    return item


def _list_key(waiter: Waiter) -> tuple[str, str]:
    return f"WAITLIST#{waiter.site_id}#{waiter.service_id}", codec.list_key(waiter)


def _claim_key(waiter: Waiter) -> tuple[str, str]:
    return f"WAITDOC#{waiter.site_id}#{waiter.service_id}#{waiter.person.document_hash}", "-"


def _offer_key(waiter: Waiter) -> tuple[str, str] | None:
    """The index copy's key, in the whole seconds the place itself keeps its offer's end: the
    key written from a place in hand and the key deleted from the stored place are the same."""
    if waiter.state != WaiterState.OFFERED or waiter.offer is None:
        return None
    return OFFERS, f"{format_instant(waiter.offer.expires_at)}#{waiter.id}"


def _due_before(now: datetime) -> str:
    """The bound of the offers that ended before `now`, for keys in whole seconds: an offer
    ending in `now`'s own second ended before it only when `now` is past that second."""
    return format_instant(now) + ("#~" if now.microsecond else "")


def _copy(key: tuple[str, str], waiter: Waiter) -> dict:
    return {"pk": key[0], "sk": key[1], **codec.waiter_to_dict(waiter)}


class DynamoWaitingList(OnTable, WaitingList):
    def join(self, waiter: Waiter) -> None:
        pk, sk = _claim_key(waiter)
        writes = [
            put({"pk": pk, "sk": sk, "waiter_id": waiter.id}, NEW),
            put(_waiter_item(waiter), NEW),
            put(_copy(_list_key(waiter), waiter), NEW),
        ]
        offer = _offer_key(waiter)
        if offer is not None:
            writes.append(put(_copy(offer, waiter), NEW))
        failed = self.table.transact(writes)
        if 0 in failed:
            raise AlreadyWaiting(waiter.service_id)
        if failed:
            raise WaiterChanged(waiter.id)

    def get_waiter(self, waiter_id: str) -> Waiter | None:
        item = self.table.get(f"WAITER#{waiter_id}", "WAITER")
        return codec.waiter_from_dict(item) if item else None

    def update_waiter(self, waiter: Waiter, expected: WaiterState) -> None:
        stored = self.get_waiter(waiter.id)
        if stored is None:
            raise WaiterNotFound(waiter.id)
        writes = [
            put(
                _waiter_item(waiter),
                "#state = :seen",
                names=STATE,
                values={":seen": expected.value},
            )
        ]
        if waiter.is_live():
            writes.append(overwrite(_copy(_list_key(waiter), waiter)))
        elif stored.is_live():
            writes.append(delete(*_list_key(stored)))
            writes.append(delete(*_claim_key(stored), "waiter_id = :id", {":id": waiter.id}))
        old_offer, new_offer = _offer_key(stored), _offer_key(waiter)
        if old_offer is not None and old_offer != new_offer:
            writes.append(delete(*old_offer))
        if new_offer is not None:
            writes.append(overwrite(_copy(new_offer, waiter)))
        if self.table.transact(writes):
            raise WaiterChanged(waiter.id)

    def waiting(
        self, site_id: str, service_id: str, after: str | None = None, limit: int = PAGE
    ) -> tuple[list[Waiter], str | None]:
        values = {":pk": f"WAITLIST#{site_id}#{service_id}", ":waiting": "waiting"}
        if after:
            values[":after"] = after
        request = {
            "KeyConditionExpression": "pk = :pk AND sk > :after" if after else "pk = :pk",
            "FilterExpression": "#state = :waiting",
            "ExpressionAttributeNames": STATE,
            "ExpressionAttributeValues": serialize(values),
            "ConsistentRead": True,
        }
        found: list[dict] = []
        while len(found) <= limit:
            page = self.table.call("query", Limit=limit + 1 - len(found), **request)
            found += [deserialize(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        waiters = [codec.waiter_from_dict(item) for item in found[:limit]]
        return waiters, (codec.list_key(waiters[-1]) if len(found) > limit else None)

    def position(self, waiter: Waiter) -> int:
        pk, mine = _list_key(waiter)
        return 1 + self._count("pk = :pk AND sk < :mine", {":pk": pk, ":mine": mine})

    def live_count(self, site_id: str, service_id: str) -> int:
        return self._count("pk = :pk", {":pk": f"WAITLIST#{site_id}#{service_id}"})

    def offers_due(self, now: datetime) -> list[Waiter]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND sk < :now",
            ExpressionAttributeValues=serialize({":pk": OFFERS, ":now": _due_before(now)}),
            ConsistentRead=True,
        )
        return [codec.waiter_from_dict(item) for item in items]

    def _count(self, condition: str, values: dict) -> int:
        """The list holds only live places, so counting its keys is counting them."""
        request = {
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": serialize(values),
            "Select": "COUNT",
            "ConsistentRead": True,
        }
        count = 0
        while True:
            page = self.table.call("query", **request)
            count += page.get("Count", 0)
            if "LastEvaluatedKey" not in page:
                return count
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
