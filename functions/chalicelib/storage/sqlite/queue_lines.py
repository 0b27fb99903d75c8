"""What SQLite keeps beside the queue's tickets (see storage/queue_lines.py): `queue_entries`
holds each waiting ticket in its line, each called one at its counter (the primary key allows
one per counter) and each served one's service time, `queue_line_sizes` the length of every
line. Call-next, the board and "my ticket" read those through the primary key's index, never
the day. `SqliteTickets` writes them, through `write`, in its own transactions.
"""

import json
import sqlite3

from chalicelib.queue.model import LINES, Ticket
from chalicelib.queue.ports import QueueLines
from chalicelib.storage import codec, queue_lines
from chalicelib.storage.sqlite.database import Database


class SqliteQueueLines(QueueLines):
    def __init__(self, db: Database) -> None:
        self.db = db
        self.items_read = 0
        self._filled: set[tuple[str, str]] = set()  # days known to be in queue_entries

    def _rows(self, sql: str, *params: object) -> list[tuple]:
        rows = self.db.rows(sql, *params)
        self.items_read += len(rows)
        return rows

    def fill(self, connection: sqlite3.Connection, site_id: str, day: str) -> None:
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
            self.write(connection, [(None, t) for t in tickets])
        self._filled.add((site_id, day))

    def ready(self, site_id: str, day: str) -> None:
        if (site_id, day) not in self._filled:
            with self.db.transaction() as connection:
                self.fill(connection, site_id, day)

    def write(
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

    def line_heads(
        self, site_id: str, day: str, service_ids: tuple[str, ...], per_line: int
    ) -> list[Ticket]:
        self.ready(site_id, day)
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
        self.ready(site_id, day)
        sizes: dict[str, dict[str, int]] = {}
        for service_id, line, size in self._rows(
            "SELECT service_id, line, size FROM queue_line_sizes WHERE site_id = ? AND day = ?",
            site_id,
            day,
        ):
            sizes.setdefault(service_id, dict.fromkeys(LINES, 0))[line] = size
        return sizes

    def count_before(self, site_id: str, day: str, service_id: str, line: str, key: str) -> int:
        self.ready(site_id, day)
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
        self.ready(site_id, day)
        rows = self._rows(
            "SELECT doc FROM queue_entries WHERE kind = 'call' AND site_id = ? AND day = ?"
            " AND grp = ''",
            site_id,
            day,
        )
        return [codec.ticket_from_dict(json.loads(doc)) for (doc,) in rows]

    def recent_service_minutes(self, site_id: str, day: str, service_id: str) -> list[float]:
        self.ready(site_id, day)
        rows = self._rows(
            "SELECT minutes FROM queue_entries WHERE kind = 'served' AND site_id = ?"
            " AND day = ? AND grp = ? ORDER BY place DESC LIMIT ?",
            site_id,
            day,
            service_id,
            queue_lines.RECENT_SERVED,
        )
        return [minutes for (minutes,) in reversed(rows)]
