"""The production store: one DynamoDB table, items addressed by partition key `pk`, sort key `sk`.

Every read on a request path is a GetItem or a Query on one partition; nothing scans.
"""

import random
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from chalicelib import retention
from chalicelib.appointments.model import (
    AlreadyBooked,
    Booking,
    BookingNotFound,
    BookingState,
    CodeTaken,
    HoldExpired,
    Schedule,
    Service,
    SlotFull,
)
from chalicelib.appointments.ports import Bookings, Catalogue
from chalicelib.cases.model import MAX_EVENTS_PER_BATCH, CaseAccess, CaseEvent
from chalicelib.cases.ports import CaseRecords, Lookups
from chalicelib.clock import epoch, format_instant
from chalicelib.errors import IdempotencyConflict, StoreUnavailable
from chalicelib.ports import Upkeep
from chalicelib.queue.model import Counter, Ticket
from chalicelib.queue.ports import Tickets
from chalicelib.sites.model import Site
from chalicelib.sites.ports import SiteDirectory
from chalicelib.storage import codec

SITES_PARTITION = "SITES"
SERVICES_PARTITION = "SERVICES"
FREE = "attribute_not_exists(pk) OR expires_at <= :now"

# Spent items carry this attribute; the TTL set in infra/resources.yml lets DynamoDB delete them.
TTL_ATTRIBUTE = "expires_at"


class DynamoStore(SiteDirectory, Catalogue, Bookings, CaseRecords, Lookups, Tickets, Upkeep):
    kind = "dynamodb"

    def __init__(self, table_name: str, client: Any = None) -> None:
        self.table_name = table_name
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3  # costs ~300 ms: only when the first request needs it

            self._client = boto3.client("dynamodb")
        return self._client

    def _call(self, operation: str, **kwargs: Any) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(TableName=self.table_name, **kwargs)
        except (ClientError, BotoCoreError) as error:
            raise StoreUnavailable(f"{operation}: {error}") from error

    def ping(self) -> None:
        self._call("describe_table")

    def save_site(self, site: Site) -> None:
        item = {"pk": SITES_PARTITION, "sk": site.id, **site.as_dict()}
        self._call("put_item", Item=_serialize(item))

    def get_site(self, site_id: str) -> Site | None:
        key = _serialize({"pk": SITES_PARTITION, "sk": site_id})
        item = self._call("get_item", Key=key, ConsistentRead=True).get("Item")
        return Site.from_dict(_deserialize(item)) if item else None

    def list_sites(self) -> list[Site]:
        items = self._query_all(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=_serialize({":pk": SITES_PARTITION}),
            ConsistentRead=True,
        )
        return [Site.from_dict(item) for item in items]

    def save_service(self, service: Service) -> None:
        item = {"pk": SERVICES_PARTITION, "sk": service.id, **codec.service_to_dict(service)}
        self._call("put_item", Item=_serialize(item))

    def get_service(self, service_id: str) -> Service | None:
        item = self._get(SERVICES_PARTITION, service_id)
        return codec.service_from_dict(item) if item else None

    def list_services(self) -> list[Service]:
        return [codec.service_from_dict(item) for item in self._partition(SERVICES_PARTITION)]

    def save_schedule(self, schedule: Schedule) -> None:
        item = {
            "pk": f"SCHEDULES#{schedule.site_id}",
            "sk": schedule.service_id,
            **codec.schedule_to_dict(schedule),
        }
        self._call("put_item", Item=_serialize(item))

    def get_schedule(self, site_id: str, service_id: str) -> Schedule | None:
        item = self._get(f"SCHEDULES#{site_id}", service_id)
        return codec.schedule_from_dict(item) if item else None

    def list_schedules(self, site_id: str) -> list[Schedule]:
        items = self._partition(f"SCHEDULES#{site_id}")
        return [codec.schedule_from_dict(item) for item in items]

    def set_closure(self, site_id: str, day: date, closed: bool) -> None:
        key = {"pk": f"CLOSURES#{site_id}", "sk": day.isoformat()}
        if closed:
            self._call("put_item", Item=_serialize(key))
        else:
            self._call("delete_item", Key=_serialize(key))

    def closures(self, site_id: str, first: date, last: date) -> set[date]:
        items = self._query_all(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            ExpressionAttributeValues=_serialize(
                {
                    ":pk": f"CLOSURES#{site_id}",
                    ":first": first.isoformat(),
                    ":last": last.isoformat(),
                }
            ),
            ConsistentRead=True,
        )
        return {date.fromisoformat(item["sk"]) for item in items}

    def seats_taken(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> dict[datetime, int]:
        taken: dict[datetime, int] = {}
        for item in self._seats(
            site_id, service_id, format_instant(start), format_instant(end), now
        ):
            when = codec.parse_instant(item["sk"].split("#")[0])
            taken[when] = taken.get(when, 0) + 1
        return taken

    def _seats(
        self, site_id: str, service_id: str, first: str, end: str, now: datetime
    ) -> list[dict]:
        """Taken seats with a start in [first, end): one Query on the service's seat partition."""
        return self._query_all(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            FilterExpression="expires_at > :now",
            ExpressionAttributeValues=_serialize(
                {
                    ":pk": f"SEATS#{site_id}#{service_id}",
                    ":first": first,
                    ":last": end + "#",  # "…Z#" sorts before every seat of a slot at `end`
                    ":now": epoch(now),
                }
            ),
            ConsistentRead=True,
        )

    def _free_seat(self, booking: Booking, start: datetime, capacity: int, now: datetime) -> int:
        at = format_instant(start)
        taken = {
            int(item["sk"].split("#")[1])
            for item in self._seats(booking.site_id, booking.service_id, at, at + "#~", now)
            if item["sk"].startswith(at)
        }
        free = [seat for seat in range(capacity) if seat not in taken]
        if len(taken) >= capacity or not free:
            raise SlotFull(at)
        return random.choice(free)  # racing clients spread over the free seats

    def hold(
        self,
        booking: Booking,
        capacity: int,
        now: datetime,
        idempotency: tuple[str, str] | None = None,
    ) -> Booking:
        for _attempt in range(capacity + 5):
            if idempotency is not None:
                earlier = self._replay(idempotency, now)
                if earlier is not None:
                    return earlier
            lock = self._get(f"PERSON#{booking.document_hash}", booking.service_id)
            if lock is not None and lock["expires_at"] > epoch(now):
                raise AlreadyBooked(booking.service_id)  # before SlotFull, as in every store
            held = replace(booking, seat=self._free_seat(booking, booking.start, capacity, now))
            expires = epoch(held.hold_expires_at)
            writes = [
                _put(_seat_item(held, held.start, held.seat, expires), FREE, now),
                _put(
                    {
                        "pk": f"PERSON#{held.document_hash}",
                        "sk": held.service_id,
                        "code": held.code,
                        "expires_at": expires,
                    },
                    FREE,
                    now,
                ),
                _put(_booking_item(held), "attribute_not_exists(pk)"),
            ]
            if idempotency is not None:
                item = {
                    "pk": f"IDEMPOTENCY#{idempotency[0]}",
                    "sk": "-",
                    "fingerprint": idempotency[1],
                    "code": held.code,
                    "expires_at": epoch(now + retention.IDEMPOTENCY_KEY),
                }
                writes.append(_put(item, FREE, now))
            failed = self._transact(writes)
            if not failed:
                return held
            if 1 in failed:
                raise AlreadyBooked(held.service_id)
            if 2 in failed:
                raise CodeTaken(held.code)
        raise SlotFull(format_instant(booking.start))

    def _replay(self, idempotency: tuple[str, str], now: datetime) -> Booking | None:
        item = self._get(f"IDEMPOTENCY#{idempotency[0]}", "-")
        if item is None or item["expires_at"] <= epoch(now):
            return None
        if item["fingerprint"] != idempotency[1]:
            raise IdempotencyConflict(idempotency[0])
        return self.get_booking(item["code"])

    def get_booking(self, code: str) -> Booking | None:
        item = self._get(f"BOOKING#{code}", "BOOKING")
        return codec.booking_from_dict(item) if item else None

    def confirm(self, code: str, manage_hash: str, now: datetime) -> Booking:
        booking = self.get_booking(code)
        if booking is None:
            raise BookingNotFound(code)
        if booking.state != BookingState.HELD or booking.hold_expires_at <= now:
            raise HoldExpired(code)
        confirmed = booking.confirmed(manage_hash)
        until = epoch(confirmed.active_until)
        failed = self._transact(
            [
                _put(
                    _booking_item(confirmed),
                    "#state = :held AND hold_expires_at > :now_text",
                    names={"#state": "state"},
                    values={":held": "held", ":now_text": format_instant(now)},
                ),
                _put(
                    _seat_item(confirmed, confirmed.start, confirmed.seat, until),
                    "code = :code",
                    values={":code": code},
                ),
                _set_expiry(f"PERSON#{confirmed.document_hash}", confirmed.service_id, code, until),
            ]
        )
        if failed:
            raise HoldExpired(code)
        return confirmed

    def cancel(self, code: str, release_at: datetime, now: datetime) -> Booking:
        booking = self.get_booking(code)
        if booking is None or not booking.is_active(now):
            raise BookingNotFound(code)
        cancelled = booking.cancelled()
        failed = self._transact(
            [
                _put(
                    _booking_item(cancelled),
                    "#state = :seen",
                    names={"#state": "state"},
                    values={":seen": booking.state.value},
                ),
                _release(booking, release_at),
                {
                    "Delete": {
                        "Key": _serialize(
                            {"pk": f"PERSON#{booking.document_hash}", "sk": booking.service_id}
                        ),
                        "ConditionExpression": "attribute_not_exists(pk) OR code = :code",
                        "ExpressionAttributeValues": _serialize({":code": code}),
                    }
                },
            ]
        )
        if failed:
            raise BookingNotFound(code)
        return cancelled

    def reschedule(
        self, code: str, start: datetime, capacity: int, release_at: datetime, now: datetime
    ) -> Booking:
        booking = self.get_booking(code)
        if booking is None or booking.state != BookingState.CONFIRMED:
            raise BookingNotFound(code)
        for _attempt in range(capacity + 5):
            moved = booking.moved(start, self._free_seat(booking, start, capacity, now))
            until = epoch(moved.active_until)
            failed = self._transact(
                [
                    _put(_seat_item(moved, start, moved.seat, until), FREE, now),
                    _release(booking, release_at),
                    _set_expiry(f"PERSON#{moved.document_hash}", moved.service_id, code, until),
                    _put(
                        _booking_item(moved),
                        "#state = :confirmed AND #start = :start",
                        names={"#state": "state", "#start": "start"},
                        values={":confirmed": "confirmed", ":start": format_instant(booking.start)},
                    ),
                ]
            )
            if not failed:
                return moved
            if failed != {0}:
                raise BookingNotFound(code)
        raise SlotFull(format_instant(start))

    def bookings_between(
        self, site_id: str, service_id: str, start: datetime, end: datetime, now: datetime
    ) -> list[Booking]:
        seats = self._seats(site_id, service_id, format_instant(start), format_instant(end), now)
        codes = [item["code"] for item in seats if item.get("code")]
        bookings = [self.get_booking(code) for code in codes]
        return [b for b in bookings if b is not None and b.is_active(now)]

    def mark_reminded(self, code: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=_serialize({"pk": f"BOOKING#{code}", "sk": "BOOKING"}),
                UpdateExpression="SET reminded = :true",
                ConditionExpression="reminded = :false",
                ExpressionAttributeValues=_serialize({":true": True, ":false": False}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise StoreUnavailable(str(error)) from error
        return True

    def take_rate_token(self, key: str, window: str, limit: int, expires_at: datetime) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=_serialize({"pk": f"RATE#{key}", "sk": window}),
                UpdateExpression="ADD #count :one SET expires_at = :expires",
                ConditionExpression="attribute_not_exists(#count) OR #count < :limit",
                ExpressionAttributeNames={"#count": "count"},
                ExpressionAttributeValues=_serialize(
                    {":one": 1, ":limit": limit, ":expires": epoch(expires_at)}
                ),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise StoreUnavailable(str(error)) from error
        return limit > 0

    def record_case_batch(
        self, events: list[CaseEvent], accesses: list[CaseAccess], retain_until: datetime
    ) -> set[str]:
        if len(events) > MAX_EVENTS_PER_BATCH:
            raise ValueError(f"at most {MAX_EVENTS_PER_BATCH} events in one batch")
        expires = epoch(retain_until)
        writes = []
        for event in events:
            writes += [
                _put(_event_marker(event.id, expires), "attribute_not_exists(pk)"),
                _put(_event_item(event, expires), "attribute_not_exists(pk)"),
            ]
        writes += [{"Put": {"Item": _serialize(_access_item(access))}} for access in accesses]
        if not writes:
            return set()
        # One transaction (at most 100 writes, see MAX_EVENTS_PER_BATCH): all or nothing.
        return {events[index // 2].id for index in self._transact(writes)}

    def set_case_retention(self, case_number: str, retain_until: datetime) -> None:
        expires = epoch(retain_until)
        for item in self._partition(f"CASE#{case_number}"):
            self._call(
                "update_item",
                Key=_serialize({"pk": item["pk"], "sk": item["sk"]}),
                UpdateExpression="SET expires_at = :expires",
                ExpressionAttributeValues=_serialize({":expires": expires}),
            )
            if item["sk"].startswith(("EVENT#", "QUARANTINE#")):
                self._call(
                    "update_item",
                    Key=_serialize({"pk": f"EVENT#{item['id']}", "sk": "-"}),
                    UpdateExpression="SET expires_at = :expires",
                    ExpressionAttributeValues=_serialize({":expires": expires}),
                )

    def case_events(self, case_number: str) -> list[CaseEvent]:
        items = self._query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :events)",
            ExpressionAttributeValues=_serialize(
                {":pk": f"CASE#{case_number}", ":events": "EVENT#"}
            ),
            ConsistentRead=True,
        )
        return codec.readable_events(items)

    def case_event_records(self) -> list[dict]:
        return [codec.event_record(item) for item in self._scan_case_items("EVENT#")]

    def quarantine_case_event(
        self, case_number: str, event_id: str, reason: str, at: datetime
    ) -> bool:
        live = self._live_event_item(case_number, event_id)
        if live is None:
            return False
        kept = live | {
            "sk": f"QUARANTINE#{event_id}",
            "live_sk": live["sk"],
            "reason": reason,
            "quarantined_at": format_instant(at),
        }
        return not self._transact(
            [
                _delete(live["pk"], live["sk"], "attribute_exists(pk)"),
                _put(kept, "attribute_not_exists(pk)"),
            ]
        )

    def quarantined_case_events(self) -> list[dict]:
        return [
            codec.event_record(item)
            | {"reason": item["reason"], "quarantined_at": item["quarantined_at"]}
            for item in self._scan_case_items("QUARANTINE#")
        ]

    def restore_case_event(self, case_number: str, event_id: str) -> bool:
        kept = self._get(f"CASE#{case_number}", f"QUARANTINE#{event_id}")
        if kept is None:
            return False
        live = {k: v for k, v in kept.items() if k not in ("live_sk", "reason", "quarantined_at")}
        live["sk"] = kept["live_sk"]
        return not self._transact(
            [
                _delete(kept["pk"], kept["sk"], "attribute_exists(pk)"),
                _put(live, "attribute_not_exists(pk)"),
            ]
        )

    def delete_quarantined_case_event(self, case_number: str, event_id: str) -> bool:
        key = (f"CASE#{case_number}", f"QUARANTINE#{event_id}")
        if self._get(*key) is None:
            return False
        return not self._transact(
            [_delete(*key, "attribute_exists(pk)"), _delete(f"EVENT#{event_id}", "-")]
        )

    def _live_event_item(self, case_number: str, event_id: str) -> dict | None:
        items = self._query_all(
            KeyConditionExpression="pk = :pk AND begins_with(sk, :events)",
            FilterExpression="#id = :id",
            ExpressionAttributeNames={"#id": "id"},
            ExpressionAttributeValues=_serialize(
                {":pk": f"CASE#{case_number}", ":events": "EVENT#", ":id": event_id}
            ),
            ConsistentRead=True,
        )
        return items[0] if items else None

    def _scan_case_items(self, kind: str) -> list[dict]:
        """Every case item whose sort key starts with `kind`: a Scan, for staff commands only."""
        kwargs: dict[str, Any] = {
            "FilterExpression": "begins_with(pk, :case) AND begins_with(sk, :kind)",
            "ExpressionAttributeValues": _serialize({":case": "CASE#", ":kind": kind}),
            "ConsistentRead": True,
        }
        items: list[dict] = []
        while True:
            page = self._call("scan", **kwargs)
            items += [_deserialize(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return sorted(items, key=lambda item: (item["pk"], item["sk"]))
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def save_case_access(self, access: CaseAccess) -> None:
        self._call("put_item", Item=_serialize(_access_item(access)))

    def get_case_access(self, case_number: str) -> CaseAccess | None:
        item = self._get(f"CASE#{case_number}", "ACCESS")
        return codec.access_from_dict(item) if item else None

    def add_lookup_failure(self, key: str, now: datetime, keep_until: datetime) -> int:
        from botocore.exceptions import ClientError

        item_key = {"pk": f"LOOKUPS#{key}", "sk": "-"}
        keep = epoch(keep_until)
        for _attempt in range(5):
            try:
                result = self.client.update_item(
                    TableName=self.table_name,
                    Key=_serialize(item_key),
                    UpdateExpression="ADD #count :one"
                    " SET latest = :latest, keep_until = :keep, expires_at = :keep",
                    ConditionExpression="keep_until > :now",
                    ExpressionAttributeNames={"#count": "count"},
                    ExpressionAttributeValues=_serialize(
                        {":one": 1, ":latest": epoch(now), ":keep": keep, ":now": epoch(now)}
                    ),
                    ReturnValues="UPDATED_NEW",
                )
                return int(_deserialize(result["Attributes"])["count"])
            except ClientError as error:
                if error.response["Error"]["Code"] != "ConditionalCheckFailedException":
                    raise StoreUnavailable(str(error)) from error
            fresh = item_key | {"count": 1, "latest": epoch(now), "keep_until": keep}
            fresh["expires_at"] = keep
            if not self._transact(
                [_put(fresh, "attribute_not_exists(pk) OR keep_until <= :now", now)]
            ):
                return 1
        raise StoreUnavailable("wrong codes could not be counted")

    def lookup_failures(self, key: str, now: datetime) -> tuple[int, datetime | None]:
        item = self._get(f"LOOKUPS#{key}", "-")
        if item is None or item["keep_until"] <= epoch(now):
            return 0, None
        return int(item["count"]), datetime.fromtimestamp(int(item["latest"]), UTC)

    def clear_lookup_failures(self, key: str) -> None:
        self._call("delete_item", Key=_serialize({"pk": f"LOOKUPS#{key}", "sk": "-"}))

    def remember_once(self, key: str, expires_at: datetime, now: datetime) -> bool:
        item = {"pk": f"ONCE#{key}", "sk": "-", "expires_at": epoch(expires_at)}
        return not self._transact([_put(item, FREE, now)])

    def audit_lookup(self, at: datetime, case_hash: str, client_hash: str, outcome: str) -> None:
        import uuid

        item = {
            "pk": f"AUDIT#{format_instant(at)[:10]}",
            "sk": f"{format_instant(at)}#{uuid.uuid4().hex}",
            "at": format_instant(at),
            "case_hash": case_hash,
            "client_hash": client_hash,
            "outcome": outcome,
            "expires_at": epoch(at + retention.LOOKUP_AUDIT),
        }
        self._call("put_item", Item=_serialize(item))

    def lookup_audit(self, day: str) -> list[dict]:
        keys = ("at", "case_hash", "client_hash", "outcome")
        return [{k: item[k] for k in keys} for item in self._partition(f"AUDIT#{day}")]

    def next_ticket_number(self, site_id: str, day: str, letter: str) -> int:
        result = self._call(
            "update_item",
            Key=_serialize({"pk": f"NUMBERS#{site_id}#{day}", "sk": letter}),
            UpdateExpression="ADD #last :one SET expires_at = :expires",
            ExpressionAttributeNames={"#last": "last"},
            ExpressionAttributeValues=_serialize(
                {
                    ":one": 1,
                    ":expires": epoch(
                        datetime.fromisoformat(day).replace(tzinfo=UTC) + retention.TICKET
                    ),
                }
            ),
            ReturnValues="UPDATED_NEW",
        )
        return int(_deserialize(result["Attributes"])["last"])

    def take_walk_in_place(self, site_id: str, day: str, service_id: str, cap: int) -> bool:
        from botocore.exceptions import ClientError

        if cap <= 0:
            return False
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=_serialize({"pk": f"WALKINS#{site_id}#{day}", "sk": service_id}),
                UpdateExpression="ADD #count :one",
                ConditionExpression="attribute_not_exists(#count) OR #count < :cap",
                ExpressionAttributeNames={"#count": "count"},
                ExpressionAttributeValues=_serialize({":one": 1, ":cap": cap}),
            )
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise StoreUnavailable(str(error)) from error
        return True

    def add_ticket(self, ticket: Ticket) -> Ticket:
        expires = epoch(ticket.arrived_at + retention.TICKET)
        item = {
            "pk": f"TICKETS#{ticket.site_id}#{ticket.day}",
            "sk": ticket.id,
            **codec.ticket_to_dict(ticket),
            "expires_at": expires,
        }
        writes = [_put(item, "attribute_not_exists(pk)")]
        if ticket.booking_code:
            claim = {
                "pk": f"CHECKIN#{ticket.booking_code}",
                "sk": "-",
                "ticket": ticket.id,
                "expires_at": expires,
            }
            writes.append(_put(claim, "attribute_not_exists(pk)"))
        failed = self._transact(writes)
        if not failed:
            return ticket
        if ticket.booking_code and 1 in failed:
            claim = self._get(f"CHECKIN#{ticket.booking_code}", "-")
            existing = self.get_ticket(claim["ticket"]) if claim else None
            if existing is not None:
                return existing
        raise StoreUnavailable(f"ticket {ticket.id} could not be stored")

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        from chalicelib.queue.model import where

        try:
            site_id, day = where(ticket_id)
        except ValueError:
            return None
        item = self._get(f"TICKETS#{site_id}#{day}", ticket_id)
        return codec.ticket_from_dict(item) if item else None

    def day_tickets(self, site_id: str, day: str) -> list[Ticket]:
        return [codec.ticket_from_dict(i) for i in self._partition(f"TICKETS#{site_id}#{day}")]

    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        item = {
            "pk": f"TICKETS#{new.site_id}#{new.day}",
            "sk": new.id,
            **codec.ticket_to_dict(new),
            "expires_at": epoch(new.arrived_at + retention.TICKET),
        }
        condition = "#state = :state AND calls = :calls"
        return not self._transact(
            [
                _put(
                    item,
                    condition,
                    names={"#state": "state"},
                    values={":state": expected.state.value, ":calls": expected.calls},
                )
            ]
        )

    def save_counter(self, counter: Counter) -> None:
        item = {
            "pk": f"COUNTERS#{counter.site_id}",
            "sk": counter.id,
            **codec.counter_to_dict(counter),
        }
        self._call("put_item", Item=_serialize(item))

    def list_counters(self, site_id: str) -> list[Counter]:
        return [codec.counter_from_dict(i) for i in self._partition(f"COUNTERS#{site_id}")]

    def save_queue_statistics(self, site_id: str, day: str, rows: list[dict]) -> None:
        import json

        item = {"pk": f"QSTATS#{site_id}", "sk": day, "rows": json.dumps(rows)}
        self._call("put_item", Item=_serialize(item))

    def queue_statistics(self, site_id: str, day: str) -> list[dict] | None:
        import json

        item = self._get(f"QSTATS#{site_id}", day)
        return json.loads(item["rows"]) if item else None

    def purge_expired(self, now: datetime) -> int:
        return 0  # every item carries `expires_at`, and the table's TTL deletes it

    def _transact(self, writes: list[dict]) -> set[int]:
        """Runs the writes as one transaction; the indexes of the writes whose condition failed."""
        from botocore.exceptions import BotoCoreError, ClientError

        for write in writes:
            next(iter(write.values()))["TableName"] = self.table_name
        try:
            self.client.transact_write_items(TransactItems=writes)
        except ClientError as error:
            if error.response["Error"]["Code"] != "TransactionCanceledException":
                raise StoreUnavailable(str(error)) from error
            reasons = error.response.get("CancellationReasons", [])
            failed = {i for i, r in enumerate(reasons) if r.get("Code") == "ConditionalCheckFailed"}
            if not failed:
                raise StoreUnavailable(str(error)) from error
            return failed
        except BotoCoreError as error:
            raise StoreUnavailable(str(error)) from error
        return set()

    def _get(self, pk: str, sk: str) -> dict | None:
        key = _serialize({"pk": pk, "sk": sk})
        item = self._call("get_item", Key=key, ConsistentRead=True).get("Item")
        return _deserialize(item) if item else None

    def _partition(self, pk: str) -> list[dict]:
        return self._query_all(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=_serialize({":pk": pk}),
            ConsistentRead=True,
        )

    def _query_all(self, **kwargs: Any) -> list[dict]:
        items: list[dict] = []
        while True:
            page = self._call("query", **kwargs)
            items += [_deserialize(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _event_marker(event_id: str, expires_at: int) -> dict:
    """The item that keeps an event id unique across cases and occurrence times."""
    return {"pk": f"EVENT#{event_id}", "sk": "-", "expires_at": expires_at}


def _event_item(event: CaseEvent, expires_at: int) -> dict:
    return {
        "pk": f"CASE#{event.case_number}",
        "sk": f"EVENT#{format_instant(event.occurred_at)}#{event.id}",
        **codec.event_to_dict(event),
        "expires_at": expires_at,
    }


def _access_item(access: CaseAccess) -> dict:
    item = {"pk": f"CASE#{access.case_number}", "sk": "ACCESS", **codec.access_to_dict(access)}
    if access.retain_until:
        item["expires_at"] = epoch(access.retain_until)
    return item


def _delete(pk: str, sk: str, condition: str | None = None) -> dict:
    delete: dict[str, Any] = {"Key": _serialize({"pk": pk, "sk": sk})}
    if condition:
        delete["ConditionExpression"] = condition
    return {"Delete": delete}


def _seat_item(booking: Booking, start: datetime, seat: int, expires_at: int) -> dict:
    return {
        "pk": f"SEATS#{booking.site_id}#{booking.service_id}",
        "sk": f"{format_instant(start)}#{seat:03d}",
        "code": booking.code,
        "expires_at": expires_at,
    }


def _booking_item(booking: Booking) -> dict:
    return {
        "pk": f"BOOKING#{booking.code}",
        "sk": "BOOKING",
        **codec.booking_to_dict(booking),
        "expires_at": epoch(booking.retain_until),
    }


def _put(
    item: dict,
    condition: str,
    now: datetime | None = None,
    names: dict | None = None,
    values: dict | None = None,
) -> dict:
    put: dict[str, Any] = {"Item": _serialize(item), "ConditionExpression": condition}
    values = dict(values or {})
    if now is not None:
        values[":now"] = epoch(now)
    if values:
        put["ExpressionAttributeValues"] = _serialize(values)
    if names:
        put["ExpressionAttributeNames"] = names
    return {"Put": put}


def _release(booking: Booking, release_at: datetime) -> dict:
    return {
        "Update": {
            "Key": _serialize(
                {
                    "pk": f"SEATS#{booking.site_id}#{booking.service_id}",
                    "sk": f"{format_instant(booking.start)}#{booking.seat:03d}",
                }
            ),
            "UpdateExpression": "SET expires_at = :release REMOVE code",
            "ConditionExpression": "code = :code",
            "ExpressionAttributeValues": _serialize(
                {":release": epoch(release_at), ":code": booking.code}
            ),
        }
    }


def _set_expiry(pk: str, sk: str, code: str, expires_at: int) -> dict:
    return {
        "Update": {
            "Key": _serialize({"pk": pk, "sk": sk}),
            "UpdateExpression": "SET expires_at = :expires",
            "ConditionExpression": "code = :code",
            "ExpressionAttributeValues": _serialize({":expires": expires_at, ":code": code}),
        }
    }


def _serialize(values: dict) -> dict:
    from boto3.dynamodb.types import TypeSerializer

    serializer = TypeSerializer()
    return {key: serializer.serialize(value) for key, value in values.items()}


def _deserialize(item: dict) -> dict:
    from boto3.dynamodb.types import TypeDeserializer

    deserializer = TypeDeserializer()
    return {key: deserializer.deserialize(value) for key, value in item.items()}
