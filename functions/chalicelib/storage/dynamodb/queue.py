"""The in-office queue: a day's tickets per office, their numbers, walk-in places and counters.

Everything a day brings (tickets, check-in claims, ticket numbers, walk-in counts) is deleted
`retention.TICKET` after it.

Every write of a ticket keeps the entries beside it (`DynamoQueueLines`, in queue_lines.py) in
the same transaction, and marks the ticket item `LINED`.
"""

import json

from chalicelib import retention
from chalicelib.clock import epoch
from chalicelib.errors import StoreUnavailable
from chalicelib.queue.model import Counter, Ticket, where
from chalicelib.queue.ports import Tickets
from chalicelib.storage import codec
from chalicelib.storage.dynamodb.queue_lines import LINED, Counted, DynamoQueueLines
from chalicelib.storage.dynamodb.table import (
    Table,
    day_expiry,
    deserialize,
    item_key,
    put,
    serialize,
)


class DynamoTickets(Counted, Tickets):
    def __init__(self, table: Table, lines: DynamoQueueLines | None = None) -> None:
        super().__init__(table)
        self.lines = lines or DynamoQueueLines(table)

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
        self.lines.ready(ticket.site_id, ticket.day)
        item = _ticket_item(ticket)
        writes = [put(item, "attribute_not_exists(pk)")]
        beside = self.lines.writes([(None, ticket)])
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
        self.lines.ready(new.site_id, new.day)
        return not self.table.transact(
            [_compare_and_set(new, expected), *self.lines.writes([(expected, new)])]
        )

    def call_at_counter(
        self, calling: Ticket, expected: Ticket, finishing: Ticket | None, was: Ticket | None
    ) -> bool:
        self.lines.ready(calling.site_id, calling.day)
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
        return not self.table.transact(writes + self.lines.writes(pairs, condition))

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
        LINED: True,
    }
