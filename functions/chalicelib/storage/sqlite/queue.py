"""The in-office queue: tickets, each day's numbers and walk-in places, counters, statistics.

Beside the tickets, `queue_entries` holds each waiting ticket in its line, each called one at
its counter (the primary key allows one per counter) and each served one's service time, and
`queue_line_sizes` the length of every line (see storage/queue_lines.py): call-next, the board
and "my ticket" read those through the primary key's index, never the day.
"""

import json
import sqlite3

from chalicelib import retention
from chalicelib.clock import epoch
from chalicelib.queue.model import LINES, Counter, Ticket
from chalicelib.queue.ports import Tickets
from chalicelib.storage import codec, queue_lines
from chalicelib.storage.sqlite.database import Database


class SqliteTickets(Tickets):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.items_read = 0
        self._filled: set[tuple[str, str]] = set()  # days known to be in queue_entries

    def _rows(self, sql: str, *params: object) -> list[tuple]:
        rows = self.db.rows(sql, *params)
        self.items_read += len(rows)
        return rows

    def _fill(self, connection: sqlite3.Connection, site_id: str, day: str) -> None:
        """A day stored before the lines existed gets them from its tickets, once; in the
        caller's transaction, so no write on that day can come between."""
        if (site_id, day) in self._filled:
            return
        marked = connection.execute(
            "INSERT INTO queue_days (site_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (site_id, day),
        ).rowcount
        if marked:
            rows = connection.execute(
                "SELECT doc FROM tickets WHERE site_id = ? AND day = ?", (site_id, day)
            ).fetchall()
            tickets = [codec.ticket_from_dict(json.loads(doc)) for (doc,) in rows]
            self._write(connection, [(None, t) for t in tickets])
        self._filled.add((site_id, day))

    def _ready(self, site_id: str, day: str) -> None:
        if (site_id, day) not in self._filled:
            with self.db.transaction() as connection:
                self._fill(connection, site_id, day)

    def _write(
        self, connection: sqlite3.Connection, pairs: list[tuple[Ticket | None, Ticket]]
    ) -> None:
        """Writes the tickets and what stands beside them (queue_lines.changes)."""
        changes = queue_lines.changes(pairs)
        for key in changes.deletes:
            connection.execute(
                "DELETE FROM queue_entries"
                " WHERE kind = ? AND site_id = ? AND day = ? AND grp = ? AND place = ?",
                key,
            )
        for entry in changes.puts:
            doc = json.dumps(codec.ticket_to_dict(entry.ticket), ensure_ascii=False)
            minutes = entry.minutes if entry.kind == "served" else None
            connection.execute(
                "INSERT INTO queue_entries"
                " (kind, site_id, day, grp, place, ticket_id, doc, minutes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
                " ticket_id = excluded.ticket_id, doc = excluded.doc, minutes = excluded.minutes",
                (*entry.key, entry.ticket.id, doc, minutes),
            )
        site_day = (pairs[0][1].site_id, pairs[0][1].day) if pairs else None
        for (service_id, line), step in changes.sizes.items():
            connection.execute(
                "INSERT INTO queue_line_sizes (site_id, day, service_id, line, size)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT DO UPDATE SET size = size + excluded.size",
                (*site_day, service_id, line, step),
            )

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
            self._fill(connection, ticket.site_id, ticket.day)
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
            self._write(connection, [(None, ticket)])
            return ticket

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        rows = self._rows("SELECT doc FROM tickets WHERE id = ?", ticket_id)
        return codec.ticket_from_dict(json.loads(rows[0][0])) if rows else None

    def line_heads(
        self, site_id: str, day: str, service_ids: tuple[str, ...], per_line: int
    ) -> list[Ticket]:
        self._ready(site_id, day)
        heads = []
        for service_id in service_ids:
            for line in LINES:
                heads += self._rows(
                    "SELECT doc FROM queue_entries WHERE kind = 'line' AND site_id = ?"
                    " AND day = ? AND grp = ? AND place > ? AND place < ? ORDER BY place LIMIT ?",
                    site_id,
                    day,
                    service_id,
                    f"{line}#",
                    f"{line}$",  # '$' follows '#': the places of this line only
                    per_line,
                )
        return [codec.ticket_from_dict(json.loads(doc)) for (doc,) in heads]

    def line_sizes(self, site_id: str, day: str) -> dict[str, dict[str, int]]:
        self._ready(site_id, day)
        sizes: dict[str, dict[str, int]] = {}
        for service_id, line, size in self._rows(
            "SELECT service_id, line, size FROM queue_line_sizes WHERE site_id = ? AND day = ?",
            site_id,
            day,
        ):
            sizes.setdefault(service_id, dict.fromkeys(LINES, 0))[line] = size
        return sizes

    def count_before(self, site_id: str, day: str, service_id: str, line: str, key: str) -> int:
        self._ready(site_id, day)
        (count,) = self.db.one(
            "SELECT COUNT(*) FROM queue_entries WHERE kind = 'line' AND site_id = ? AND day = ?"
            " AND grp = ? AND place > ? AND place < ?",
            site_id,
            day,
            service_id,
            f"{line}#",
            f"{line}#{key}",
        )
        self.items_read += count + 1  # the index entries counted, and the answer
        return count

    def current_calls(self, site_id: str, day: str) -> list[Ticket]:
        self._ready(site_id, day)
        rows = self._rows(
            "SELECT doc FROM queue_entries WHERE kind = 'call' AND site_id = ? AND day = ?"
            " AND grp = ''",
            site_id,
            day,
        )
        return [codec.ticket_from_dict(json.loads(doc)) for (doc,) in rows]

    def recent_service_minutes(self, site_id: str, day: str, service_id: str) -> list[float]:
        self._ready(site_id, day)
        rows = self._rows(
            "SELECT minutes FROM queue_entries WHERE kind = 'served' AND site_id = ?"
            " AND day = ? AND grp = ? ORDER BY place DESC LIMIT ?",
            site_id,
            day,
            service_id,
            queue_lines.RECENT_SERVED,
        )
        return [minutes for (minutes,) in reversed(rows)]

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
            self._fill(connection, new.site_id, new.day)
            connection.execute("UPDATE tickets SET doc = ? WHERE id = ?", (doc, new.id))
            self._write(connection, [(stored, new)])
            return True

    def call_at_counter(
        self, calling: Ticket, expected: Ticket, finishing: Ticket | None, was: Ticket | None
    ) -> bool:
        changes = [(calling, expected)] + ([(finishing, was)] if finishing and was else [])
        with self.db.transaction() as connection:
            self._fill(connection, calling.site_id, calling.day)
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
            self._write(connection, pairs)
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
