"""What DynamoDB keeps beside the queue's tickets (see storage/queue_lines.py), and its reads.

- `QUEUE#line#<site>#<day>#<service>`: the service's waiting tickets, sorted by line and key,
  so the head of a line is a Query with Limit and a place ahead a COUNT over a key range.
- `QUEUE#call#<site>#<day>#`: one item per counter, the ticket called there (a conditional Put
  on it is the one-called-per-counter rule).
- `QUEUE#served#<site>#<day>#<service>`: each service's served tickets, newest last.
- `QLINES#<site>#<day>`, sort key `<service>|<line>`: the length of one line, changed with ADD
  in the transaction that changes the line. One item per line and not one per day: DynamoDB
  cancels a transaction that meets another on the same item, and with one item per office and
  day every ticket issued and every call of the office met on it. Now only writes to the same
  line meet (a kiosk adding to it while a counter takes its head). A COUNT Query over the line
  instead would write nothing, but read every waiting ticket's entry (~0.5 kB each) on each
  board and "my ticket" read: with 300 waiting that is some 150 kB, 38 read units, where one
  Query over this partition reads one small item per line, a single unit.
- `QDAY#<site>#<day>`, sort key `MARK`: the day's tickets are all in these (see `ready`).

`DynamoTickets` writes the entries in its own transactions, through `writes`.
"""

import json
from typing import Any

from chalicelib import retention
from chalicelib.errors import StoreUnavailable
from chalicelib.queue.model import LINES, Ticket, TicketState
from chalicelib.queue.ports import QueueLines
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

# The day marker of this layout. The layout before it kept every line's size on one item and
# marked its days "-": such a day is filled in again, its entries rewritten as they were and
# its line sizes counted afresh on their own items.
MARK = "lines-2"
# Waiting or called tickets filled in per transaction: a conditional update of each and its
# entry, and the sizes of the lines they stand in, at most 75 of the 100 items a transaction
# may hold.
FILL_BATCH = 25
FILL_ATTEMPTS = 10
# Set on a ticket item whose entries are kept: every ticket the adapter writes has it, and
# the fill-in sets it in the transaction that writes the ticket's entry.
LINED = "lined"


def entry_pk(kind: str, site_id: str, day: str, group: str) -> str:
    return f"QUEUE#{kind}#{site_id}#{day}#{group}"


def _entry_item(entry: queue_lines.Entry) -> dict:
    kind, site_id, day, group, place = entry.key
    item = {
        "pk": entry_pk(kind, site_id, day, group),
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


class Counted(OnTable):
    """An adapter that counts every item DynamoDB read for it (`items_read`)."""

    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self.items_read = 0

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


class DynamoQueueLines(Counted, QueueLines):
    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self._filled: set[tuple[str, str]] = set()  # days known to be marked

    def ready(self, site_id: str, day: str) -> None:
        """A day stored before these entries existed gets them from its tickets, once.

        A served or not-come ticket never changes again: its entries are written as they are,
        in batches, and writing them twice writes the same items. The tickets still waiting or
        called (a few dozen, whatever the day holds) go in batches of one transaction each, that
        writes their entries, adds them to their lines' sizes and marks each ticket `LINED`, on
        condition that it was not marked yet and has not changed since it was read. So a fill
        stopped half-way has written whole batches only, the next request fills in the rest,
        and two requests filling at once never count a ticket twice. The day is marked once
        every ticket is in."""
        if (site_id, day) in self._filled:
            return
        if self._get(f"QDAY#{site_id}#{day}", MARK) is None:
            items = self._query(
                KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues=serialize({":pk": f"TICKETS#{site_id}#{day}"}),
            )
            live = (TicketState.WAITING.value, TicketState.CALLED.value)
            settled = [codec.ticket_from_dict(item) for item in items if item["state"] not in live]
            self._put_all(
                [_entry_item(e) for e in queue_lines.changes([(None, t) for t in settled]).puts]
            )
            unmarked = [item for item in items if item["state"] in live and not item.get(LINED)]
            for first in range(0, len(unmarked), FILL_BATCH):
                self._fill(unmarked[first : first + FILL_BATCH])
            marker = {"pk": f"QDAY#{site_id}#{day}", "sk": MARK}
            self.table.put(marker | {"expires_at": day_expiry(day, retention.TICKET)})
        self._filled.add((site_id, day))

    def _put_all(self, items: list[dict]) -> None:
        for first in range(0, len(items), 25):  # BatchWriteItem takes 25 at a time
            batch = [
                {"PutRequest": {"Item": serialize(item)}} for item in items[first : first + 25]
            ]
            pending = {self.table.name: batch}
            while pending:
                pending = self.client.batch_write_item(RequestItems=pending).get("UnprocessedItems")

    def _fill(self, items: list[dict]) -> None:
        for _ in range(FILL_ATTEMPTS):
            if not items:
                return
            tickets = [codec.ticket_from_dict(item) for item in items]
            marks = [_mark_lined(item) for item in items]
            if not self.table.transact(marks + self.writes([(None, t) for t in tickets])):
                return
            # Another request filled some of these in, or a ticket changed: read them again.
            fresh = (self._get(item["pk"], item["sk"]) for item in items)
            items = [item for item in fresh if item is not None and not item.get(LINED)]
        raise StoreUnavailable("the day's queue lines could not be filled in")

    def writes(
        self, pairs: list[tuple[Ticket | None, Ticket]], call_condition: dict | None = None
    ) -> list[dict]:
        """The transaction's writes for the entries beside the tickets when each `old` ticket
        becomes its `new` one. `call_condition` (condition and values) guards the Put of the
        counter's call item."""
        changes = queue_lines.changes(pairs)
        writes = [delete(entry_pk(k, s, d, g), place) for k, s, d, g, place in changes.deletes]
        for entry in changes.puts:
            if entry.kind == "call" and call_condition is not None:
                writes.append(put(_entry_item(entry), **call_condition))
            else:
                writes.append({"Put": {"Item": serialize(_entry_item(entry))}})
        for (service_id, line), step in changes.sizes.items():
            site_id, day = pairs[0][1].site_id, pairs[0][1].day
            values = {":step": step, ":expires": day_expiry(day, retention.TICKET)}
            writes.append(
                {
                    "Update": {
                        "Key": item_key(f"QLINES#{site_id}#{day}", f"{service_id}|{line}"),
                        "UpdateExpression": "ADD #size :step SET expires_at = :expires",
                        "ExpressionAttributeNames": {"#size": "size"},
                        "ExpressionAttributeValues": serialize(values),
                    }
                }
            )
        return writes

    def line_heads(
        self, site_id: str, day: str, service_ids: tuple[str, ...], per_line: int
    ) -> list[Ticket]:
        self.ready(site_id, day)
        heads = []
        for service_id in service_ids:
            for line in LINES:
                page = self.table.call(
                    "query",
                    ConsistentRead=True,
                    KeyConditionExpression="pk = :pk AND begins_with(sk, :line)",
                    ExpressionAttributeValues=serialize(
                        {":pk": entry_pk("line", site_id, day, service_id), ":line": f"{line}#"}
                    ),
                    Limit=per_line,
                )
                self.items_read += page.get("ScannedCount", 0)
                heads += [_entry_ticket(deserialize(item)) for item in page.get("Items", [])]
        return heads

    def line_sizes(self, site_id: str, day: str) -> dict[str, dict[str, int]]:
        self.ready(site_id, day)
        items = self._query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize({":pk": f"QLINES#{site_id}#{day}"}),
        )
        sizes: dict[str, dict[str, int]] = {}
        for item in items:
            if "|" in item["sk"] and int(item.get("size", 0)):  # "-": the layout before MARK
                service_id, line = item["sk"].rsplit("|", 1)
                sizes.setdefault(service_id, dict.fromkeys(LINES, 0))[line] = int(item["size"])
        return sizes

    def count_before(self, site_id: str, day: str, service_id: str, line: str, key: str) -> int:
        self.ready(site_id, day)
        count = 0
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": "pk = :pk AND sk BETWEEN :first AND :last",
            "ExpressionAttributeValues": serialize(
                {
                    ":pk": entry_pk("line", site_id, day, service_id),
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
        return int(self._get(entry_pk("line", site_id, day, service_id), place) is not None)

    def current_calls(self, site_id: str, day: str) -> list[Ticket]:
        self.ready(site_id, day)
        items = self._query(
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize({":pk": entry_pk("call", site_id, day, "")}),
        )
        return [_entry_ticket(item) for item in items]

    def recent_service_minutes(self, site_id: str, day: str, service_id: str) -> list[float]:
        self.ready(site_id, day)
        page = self.table.call(
            "query",
            ConsistentRead=True,
            KeyConditionExpression="pk = :pk",
            ExpressionAttributeValues=serialize(
                {":pk": entry_pk("served", site_id, day, service_id)}
            ),
            ScanIndexForward=False,
            Limit=queue_lines.RECENT_SERVED,
        )
        self.items_read += page.get("ScannedCount", 0)
        return [float(deserialize(item)["minutes"]) for item in reversed(page.get("Items", []))]


def _mark_lined(item: dict) -> dict:
    """Marks a ticket item as filled in, if it is not yet and is still as it was read."""
    values = {
        ":yes": True,
        ":state": item["state"],
        ":calls": item["calls"],
        ":service": item["service_id"],
        ":priority": item["priority"],
    }
    return {
        "Update": {
            "Key": item_key(item["pk"], item["sk"]),
            "UpdateExpression": "SET #lined = :yes",
            "ConditionExpression": "attribute_not_exists(#lined) AND #state = :state"
            " AND calls = :calls AND service_id = :service AND priority = :priority",
            "ExpressionAttributeNames": {"#lined": LINED, "#state": "state"},
            "ExpressionAttributeValues": serialize(values),
        }
    }
