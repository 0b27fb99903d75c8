"""The in-office queue: a day's tickets per office, their numbers, walk-in places and counters.

Everything a day brings (tickets, check-in claims, ticket numbers, walk-in counts) is deleted
`retention.TICKET` after it.

Beside the tickets (storage/queue_lines.py): `QUEUE#line#<site>#<day>#<service>` holds a service's
waiting tickets sorted by line and key, so the head of a line is a Query with Limit; `QUEUE#call#
<site>#<day>#` one item per counter for the ticket called there (a conditional Put on it is the
one-called-per-counter rule); `QUEUE#served#…` each service's served tickets, newest last;
`QLINES#<site>#<day>` the length of every line, changed with ADD in the same transaction as the
tickets. `QDAY#<site>#<day>` marks a day whose tickets are in these; an older day is filled in
from its tickets the first time a request touches it.
"""

import json
from typing import Any

from chalicelib import retention
from chalicelib.clock import epoch
from chalicelib.errors import StoreUnavailable
from chalicelib.queue.model import LINES, Counter, Ticket, where
from chalicelib.queue.ports import Tickets
from chalicelib.storage import codec, queue_lines
from chalicelib.storage.dynamodb.table import (
    OnTable,
    Table,
    day_expiry,
    delete,
    deserialize,
    item_key,
    put,
    serialize,
)


def _entry_pk(kind: str, site_id: str, day: str, group: str) -> str:
    return f"QUEUE#{kind}#{site_id}#{day}#{group}"


def _entry_item(entry: queue_lines.Entry) -> dict:
    kind, site_id, day, group, place = entry.key
    item = {
        "pk": _entry_pk(kind, site_id, day, group),
        "sk": place,
        "ticket_id": entry.ticket.id,
        "ticket": json.dumps(codec.ticket_to_dict(entry.ticket), ensure_ascii=False),
        "expires_at": day_expiry(day, retention.TICKET),
    }
    if kind == "served":
        item["minutes"] = str(entry.minutes)  # text: DynamoDB numbers refuse binary floats
    return item


def _entry_ticket(item: dict) -> Ticket:
    return codec.ticket_from_dict(json.loads(item["ticket"]))


class DynamoTickets(OnTable, Tickets):
    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self.items_read = 0
        self._filled: set[tuple[str, str]] = set()  # days known to be marked

    def _query(self, **kwargs: Any) -> list[dict]:
        """A Query, page after page, counting every item DynamoDB read (ScannedCount)."""
        items: list[dict] = []
        while True:
            page = self.table.call("query", ConsistentRead=True, **kwargs)
            self.items_read += page.get("ScannedCount", page.get("Count", 0))
            items += [deserialize(item) for item in page.get("Items", [])]
            if "LastEvaluatedKey" not in page:
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _get(self, pk: str, sk: str) -> dict | None:
        self.items_read += 1
        return self.table.get(pk, sk)

    def _ready(self, site_id: str, day: str) -> None:
        """A day stored before the lines existed gets them from its tickets, once. The lines
        are worked out from the tickets alone, so filling twice writes the same items."""
        if (site_id, day) in self._filled:
            return
        if self._get(f"QDAY#{site_id}#{day}", "-") is None:
            tickets = [
                codec.ticket_from_dict(item)
                for item in self._query(
                    KeyConditionExpression="pk = :pk",
                    ExpressionAttributeValues=serialize({":pk": f"TICKETS#{site_id}#{day}"}),
                )
            ]
            changes = queue_lines.changes([(None, t) for t in tickets])
            self._put_all([_entry_item(entry) for entry in changes.puts])
            sizes = {f"{service}|{line}": n for (service, line), n in changes.sizes.items()}
            self.table.put({"pk": f"QLINES#{site_id}#{day}", "sk": "-", **sizes})
            self.table.put(
                {
                    "pk": f"QDAY#{site_id}#{day}",
                    "sk": "-",
                    "expires_at": day_expiry(day, retention.TICKET),
                }
            )
        self._filled.add((site_id, day))

    def _put_all(self, items: list[dict]) -> None:
        for first in range(0, len(items), 25):  # BatchWriteItem takes 25 at a time
            pending = {
                self.table.name: [
                    {"PutRequest": {"Item": serialize(item)}} for item in items[first : first + 25]
                ]
            }
            while pending:
                pending = self.client.batch_write_item(RequestItems=pending).get("UnprocessedItems")

    def _beside(
        self, pairs: list[tuple[Ticket | None, Ticket]], call_condition: dict | None = None
    ) -> list[dict]:
        """The transaction's writes for the entries beside the tickets. `call_condition`
        (condition and values) guards the Put of the counter's call item."""
        changes = queue_lines.changes(pairs)
        writes = [delete(f"QUEUE#{k}#{s}#{d}#{g}", place) for k, s, d, g, place in changes.deletes]
        for entry in changes.puts:
            if entry.kind == "call" and call_condition is not None:
                writes.append(put(_entry_item(entry), **call_condition))
            else:
                writes.append({"Put": {"Item": serialize(_entry_item(entry))}})
        if changes.sizes:
            site_id, day = pairs[0][1].site_id, pairs[0][1].day
            names = {f"#n{i}": f"{s}|{line}" for i, (s, line) in enumerate(changes.sizes)}
            values = {f":n{i}": step for i, step in enumerate(changes.sizes.values())}
            values[":expires"] = day_expiry(day, retention.TICKET)
            writes.append(
                {
                    "Update": {
                        "Key": item_key(f"QLINES#{site_id}#{day}", "-"),
                        "UpdateExpression": "ADD "
                        + ", ".join(f"#n{i} :n{i}" for i in range(len(names)))
                        + " SET expires_at = :expires",
                        "ExpressionAttributeNames": names,
                        "ExpressionAttributeValues": serialize(values),
                    }
                }
            )
        return writes

    def line_heads(
        self, site_id: str, day: str, service_ids: tuple[str, ...], per_line: int
    ) -> list[Ticket]:
        self._ready(site_id, day)
        heads = []
        for service_id in service_ids:
            for line in LINES:
                page = self.table.call(
                    "query",
                    ConsistentRead=True,
                    KeyConditionExpression="pk = :pk AND begins_with(sk, :line)",
                    ExpressionAttributeValues=serialize(
                        {":pk": _entry_pk("line", site_id, day, service_id), ":line": f"{line}#"}
                    ),
                    Limit=per_line,
                )
                self.items_read += page.get("ScannedCount", 0)
                heads += [_entry_ticket(deserialize(item)) for item in page.get("Items", [])]
        return heads

    def line_sizes(self, site_id: str, day: str) -> dict[str, dict[str, int]]:
        self._ready(site_id, day)
        item = self._get(f"QLINES#{site_id}#{day}", "-") or {}
        sizes: dict[str, dict[str, int]] = {}
        for name, value in item.items():
            if "|" in name and int(value):
                service_id, line = name.rsplit("|", 1)
                sizes.setdefault(service_id, dict.fromkeys(LINES, 0))[line] = int(value)
        return sizes

    def count_before(self, site_id: str, day: str, service_id: str, line: str, key: str) -> int:
        self._ready(site_id, day)
        count = 0
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :first AND :last",
            "ExpressionAttributeValues": serialize(
                {
                    ":pk": _entry_pk("line", site_id, day, service_id),
                    ":first": f"{line}#",
                    ":last": f"{line}#{key}",
                }
            ),
            "Select": "COUNT",
        }
        while True:
            page = self.table.call("query", ConsistentRead=True, **kwargs)
            self.items_read += page.get("ScannedCount", 0)
            count += page["Count"]
            if "LastEvaluatedKey" not in page:
                # BETWEEN includes its ends; no entry is "<line>#" and none equals a bound key
                # of another ticket, but the ticket itself is the last end: leave it out.
                return count - self._is_entry(site_id, day, service_id, f"{line}#{key}")
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _is_entry(self, site_id: str, day: str, service_id: str, place: str) -> int:
        return int(self._get(_entry_pk("line", site_id, day, service_id), place) is not None)

    def current_calls(self, site_id: str, day: str) -> list[Ticket]:
        self._ready(site_id, day)
        items = self._query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize({":pk": _entry_pk("call", site_id, day, "")}),
        )
        return [_entry_ticket(item) for item in items]

    def recent_service_minutes(self, site_id: str, day: str, service_id: str) -> list[float]:
        self._ready(site_id, day)
        page = self.table.call(
            "query",
            ConsistentRead=True,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize(
                {":pk": _entry_pk("served", site_id, day, service_id)}
            ),
            ScanIndexForward=False,
            Limit=queue_lines.RECENT_SERVED,
        )
        self.items_read += page.get("ScannedCount", 0)
        return [float(deserialize(item)["minutes"]) for item in reversed(page.get("Items", []))]

    def next_ticket_number(self, site_id: str, day: str, letter: str) -> int:
        result = self.table.call(
            "update_item",
            Key=item_key(f"NUMBERS#{site_id}#{day}", letter),
            UpdateExpression="ADD #last :one SET expires_at = :expires",
            ExpressionAttributeNames={"#last": "last"},
            ExpressionAttributeValues=serialize(
                {":one": 1, ":expires": day_expiry(day, retention.TICKET)}
            ),
            ReturnValues="UPDATED_NEW",
        )
        return int(deserialize(result["Attributes"])["last"])

    def take_walk_in_place(self, site_id: str, day: str, service_id: str, cap: int) -> bool:
        if cap <= 0:
            return False
        taken = self.table.update_if(
            Key=item_key(f"WALKINS#{site_id}#{day}", service_id),
            UpdateExpression="ADD #count :one SET expires_at = :expires",
            # The day's walk-in cap, in the condition so that two kiosks cannot both take the last
            ConditionExpression="attribute_not_exists(#count) OR #count < :cap",
            ExpressionAttributeNames={"#count": "count"},
            ExpressionAttributeValues=serialize(
                {":one": 1, ":cap": cap, ":expires": day_expiry(day, retention.TICKET)}
            ),
        )
        return taken is not None

    def add_ticket(self, ticket: Ticket) -> Ticket:
        self._ready(ticket.site_id, ticket.day)
        item = _ticket_item(ticket)
        writes = [put(item, "attribute_not_exists(pk)")]
        beside = self._beside([(None, ticket)])
        if ticket.booking_code:
            claim = {
                "pk": f"CHECKIN#{ticket.booking_code}",
                "sk": "-",
                "ticket": ticket.id,
                "expires_at": item["expires_at"],
            }
            # One ticket per booking: a second check-in gets the first one's ticket back.
            writes.append(put(claim, "attribute_not_exists(pk)"))
        failed = self.table.transact(writes + beside)
        if not failed:
            return ticket
        if ticket.booking_code and 1 in failed:
            claim = self.table.get(f"CHECKIN#{ticket.booking_code}", "-")
            existing = self.get_ticket(claim["ticket"]) if claim else None
            if existing is not None:
                return existing
        raise StoreUnavailable(f"ticket {ticket.id} could not be stored")

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        try:
            site_id, day = where(ticket_id)
        except ValueError:
            return None
        item = self._get(f"TICKETS#{site_id}#{day}", ticket_id)
        return codec.ticket_from_dict(item) if item else None

    def day_tickets(self, site_id: str, day: str) -> list[Ticket]:
        items = self.table.partition(f"TICKETS#{site_id}#{day}")
        return [codec.ticket_from_dict(item) for item in items]

    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        self._ready(new.site_id, new.day)
        return not self.table.transact(
            [_compare_and_set(new, expected), *self._beside([(expected, new)])]
        )

    def call_at_counter(
        self, calling: Ticket, expected: Ticket, finishing: Ticket | None, was: Ticket | None
    ) -> bool:
        self._ready(calling.site_id, calling.day)
        writes = [_compare_and_set(calling, expected)]
        pairs: list[tuple[Ticket | None, Ticket]] = [(expected, calling)]
        if finishing and was:
            writes.append(_compare_and_set(finishing, was))
            pairs.append((was, finishing))
        # The counter's call item: free, or still naming the ticket this call finishes. Calls
        # at one counter line up on it, so a counter never has two people called.
        condition = (
            {
                "condition": "attribute_not_exists(pk) OR ticket_id = :was",
                "values": {":was": was.id},
            }
            if was
            else {"condition": "attribute_not_exists(pk)"}
        )
        return not self.table.transact(writes + self._beside(pairs, condition))

    def save_counter(self, counter: Counter) -> None:
        item = {"pk": f"COUNTERS#{counter.site_id}", "sk": counter.id}
        self.table.put(item | codec.counter_to_dict(counter))

    def list_counters(self, site_id: str) -> list[Counter]:
        items = self._query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize({":pk": f"COUNTERS#{site_id}"}),
        )
        return [codec.counter_from_dict(item) for item in items]

    def save_queue_statistics(self, site_id: str, day: str, rows: list[dict]) -> None:
        self.table.put({"pk": f"QSTATS#{site_id}", "sk": day, "rows": json.dumps(rows)})

    def queue_statistics(self, site_id: str, day: str) -> list[dict] | None:
        item = self.table.get(f"QSTATS#{site_id}", day)
        return json.loads(item["rows"]) if item else None

    def queue_statistics_between(
        self, site_id: str, first: str, last: str
    ) -> dict[str, list[dict]]:
        items = self.table.query_all(
            KeyConditionExpression="pk = :pk AND sk BETWEEN :first AND :last",
            ExpressionAttributeValues=serialize(
                {":pk": f"QSTATS#{site_id}", ":first": first, ":last": last}
            ),
        )
        return {item["sk"]: json.loads(item["rows"]) for item in items}


def _compare_and_set(new: Ticket, expected: Ticket) -> dict:
    return put(
        _ticket_item(new),
        # On what the caller read: two counters cannot both call one ticket, and the entries
        # deleted beside it (its line: service and priority) are the ones it stands in.
        "#state = :state AND calls = :calls AND service_id = :service AND priority = :priority",
        names={"#state": "state"},
        values={
            ":state": expected.state.value,
            ":calls": expected.calls,
            ":service": expected.service_id,
            ":priority": expected.priority,
        },
    )


def _ticket_item(ticket: Ticket) -> dict:
    return {
        "pk": f"TICKETS#{ticket.site_id}#{ticket.day}",
        "sk": ticket.id,
        **codec.ticket_to_dict(ticket),
        "expires_at": epoch(ticket.arrived_at + retention.TICKET),
    }
