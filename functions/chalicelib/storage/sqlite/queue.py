"""The in-office queue: tickets, each day's numbers and walk-in places, counters, statistics.

Every write of a ticket keeps the lines beside it (`SqliteQueueLines`, in queue_lines.py) in
the same transaction.
"""

import json

from chalicelib import retention
from chalicelib.clock import epoch
from chalicelib.queue.model import Counter, Ticket
from chalicelib.queue.ports import Tickets
from chalicelib.storage import codec
from chalicelib.storage.sqlite.database import Database
from chalicelib.storage.sqlite.queue_lines import SqliteQueueLines


class SqliteTickets(Tickets):
    def __init__(self, db: Database, lines: SqliteQueueLines | None = None) -> None:
        self.db = db
        self.lines = lines or SqliteQueueLines(db)
        self.items_read = 0

    def _rows(self, sql: str, *params: object) -> list[tuple]:
        rows = self.db.rows(sql, *params)
        self.items_read += len(rows)
        return rows

    def next_ticket_number(self, site_id: str, day: str, letter: str) -> int:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO ticket_numbers (site_id, day, letter, last) VALUES (?, ?, ?, 1)"
                " ON CONFLICT (site_id, day, letter) DO UPDATE SET last = last + 1",
                (site_id, day, letter),
            )
            return connection.execute(
                "SELECT last FROM ticket_numbers WHERE site_id = ? AND day = ? AND letter = ?",
                (site_id, day, letter),
            ).fetchone()[0]

    def take_walk_in_place(self, site_id: str, day: str, service_id: str, cap: int) -> bool:
        if cap <= 0:
            return False
        with self.db.transaction() as connection:
            # The day's walk-in cap, checked in SQL so two kiosks cannot take the last place.
            return (
                connection.execute(
                    "INSERT INTO walk_ins (site_id, day, service_id, count) VALUES (?, ?, ?, 1)"
                    " ON CONFLICT (site_id, day, service_id) DO UPDATE SET count = count + 1"
                    " WHERE count < ?",
                    (site_id, day, service_id, cap),
                ).rowcount
                == 1
            )

    def add_ticket(self, ticket: Ticket) -> Ticket:
        doc = json.dumps(codec.ticket_to_dict(ticket), ensure_ascii=False)
        with self.db.transaction() as connection:
            if ticket.booking_code:
                row = connection.execute(
                    "SELECT doc FROM tickets WHERE booking_code = ?", (ticket.booking_code,)
                ).fetchone()
                if row:
                    return codec.ticket_from_dict(json.loads(row[0]))
            self.lines.fill(connection, ticket.site_id, ticket.day)
            connection.execute(
                "INSERT INTO tickets (id, site_id, day, booking_code, doc, retain_until)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    ticket.id,
                    ticket.site_id,
                    ticket.day,
                    ticket.booking_code,
                    doc,
                    epoch(ticket.arrived_at + retention.TICKET),
                ),
            )
            self.lines.write(connection, [(None, ticket)])
            return ticket

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        rows = self._rows("SELECT doc FROM tickets WHERE id = ?", ticket_id)
        return codec.ticket_from_dict(json.loads(rows[0][0])) if rows else None

    def day_tickets(self, site_id: str, day: str) -> list[Ticket]:
        rows = self.db.rows("SELECT doc FROM tickets WHERE site_id = ? AND day = ?", site_id, day)
        return [codec.ticket_from_dict(json.loads(doc)) for (doc,) in rows]

    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        doc = json.dumps(codec.ticket_to_dict(new), ensure_ascii=False)
        with self.db.transaction() as connection:
            row = connection.execute("SELECT doc FROM tickets WHERE id = ?", (new.id,)).fetchone()
            if row is None:
                return False
            stored = codec.ticket_from_dict(json.loads(row[0]))
            if (stored.state, stored.calls) != (expected.state, expected.calls):
                return False
            self.lines.fill(connection, new.site_id, new.day)
            connection.execute("UPDATE tickets SET doc = ? WHERE id = ?", (doc, new.id))
            self.lines.write(connection, [(stored, new)])
            return True

    def call_at_counter(
        self, calling: Ticket, expected: Ticket, finishing: Ticket | None, was: Ticket | None
    ) -> bool:
        changes = [(calling, expected)] + ([(finishing, was)] if finishing and was else [])
        with self.db.transaction() as connection:
            self.lines.fill(connection, calling.site_id, calling.day)
            pairs = []
            for new, old in changes:
                row = connection.execute(
                    "SELECT doc FROM tickets WHERE id = ?", (new.id,)
                ).fetchone()
                stored = codec.ticket_from_dict(json.loads(row[0])) if row else None
                if stored is None or (stored.state, stored.calls) != (old.state, old.calls):
                    return False
                pairs.append((stored, new))
            # BEGIN IMMEDIATE holds the write lock: no other call can slip in between this
            # check and the writes, so a counter never has two people called.
            here = connection.execute(
                "SELECT ticket_id FROM queue_entries WHERE kind = 'call' AND site_id = ?"
                " AND day = ? AND grp = '' AND place = ?",
                (calling.site_id, calling.day, calling.counter),
            ).fetchone()
            if here and here[0] != (was.id if was else None):
                return False
            for new, _ in changes:
                doc = json.dumps(codec.ticket_to_dict(new), ensure_ascii=False)
                connection.execute("UPDATE tickets SET doc = ? WHERE id = ?", (doc, new.id))
            self.lines.write(connection, pairs)
            return True

    def save_counter(self, counter: Counter) -> None:
        doc = json.dumps(codec.counter_to_dict(counter))
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO counters (site_id, id, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, id) DO UPDATE SET doc = excluded.doc",
                (counter.site_id, counter.id, doc),
            )

    def list_counters(self, site_id: str) -> list[Counter]:
        rows = self._rows("SELECT doc FROM counters WHERE site_id = ? ORDER BY id", site_id)
        return [codec.counter_from_dict(json.loads(doc)) for (doc,) in rows]

    def save_queue_statistics(self, site_id: str, day: str, rows: list[dict]) -> None:
        with self.db.transaction() as connection:
            connection.execute(
                "INSERT INTO queue_statistics (site_id, day, doc) VALUES (?, ?, ?)"
                " ON CONFLICT (site_id, day) DO UPDATE SET doc = excluded.doc",
                (site_id, day, json.dumps(rows)),
            )

    def queue_statistics(self, site_id: str, day: str) -> list[dict] | None:
        row = self.db.one(
            "SELECT doc FROM queue_statistics WHERE site_id = ? AND day = ?", site_id, day
        )
        return json.loads(row[0]) if row else None

    def queue_statistics_between(
        self, site_id: str, first: str, last: str
    ) -> dict[str, list[dict]]:
        rows = self.db.rows(
            "SELECT day, doc FROM queue_statistics WHERE site_id = ? AND day BETWEEN ? AND ?",
            site_id,
            first,
            last,
        )
        return {day: json.loads(doc) for day, doc in rows}
