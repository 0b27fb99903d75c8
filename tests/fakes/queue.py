"""Tickets, counters and daily figures in memory."""

from chalicelib import retention
from chalicelib.queue import model
from chalicelib.queue.model import LINES, Counter, Ticket, TicketState
from chalicelib.queue.ports import QueueLines, Tickets
from chalicelib.storage import codec, queue_lines
from tests.fakes.memory import Fake, Memory, dump, expiry, load


def _day_tickets(memory: Memory, site_id: str, day: str) -> list[Ticket]:
    with memory.lock:
        docs = [doc for doc, _ in memory.tickets.values()]
    tickets = [codec.ticket_from_dict(load(doc)) for doc in docs]
    return [t for t in tickets if (t.site_id, t.day) == (site_id, day)]


class FakeTickets(Fake, Tickets):
    def next_ticket_number(self, site_id: str, day: str, letter: str) -> int:
        key = (site_id, day, letter)
        with self.memory.lock:
            number = self.memory.ticket_numbers.get(key, 0) + 1
            self.memory.ticket_numbers[key] = number
            return number

    def take_walk_in_place(self, site_id: str, day: str, service_id: str, cap: int) -> bool:
        key = (site_id, day, service_id)
        with self.memory.lock:
            count = self.memory.walk_ins.get(key, 0)
            if count >= cap:
                return False
            self.memory.walk_ins[key] = count + 1
            return True

    def add_ticket(self, ticket: Ticket) -> Ticket:
        with self.memory.lock:
            if ticket.booking_code:
                for doc, _ in self.memory.tickets.values():
                    earlier = codec.ticket_from_dict(load(doc))
                    if earlier.booking_code == ticket.booking_code:
                        return earlier
            if ticket.id in self.memory.tickets:
                raise ValueError(f"ticket {ticket.id} exists")  # the stores' key refuses it too
            until = expiry(ticket.arrived_at + retention.TICKET)
            self.memory.tickets[ticket.id] = (dump(codec.ticket_to_dict(ticket)), until)
            return ticket

    def get_ticket(self, ticket_id: str) -> Ticket | None:
        stored = self.memory.tickets.get(ticket_id)
        return codec.ticket_from_dict(load(stored[0])) if stored is not None else None

    def day_tickets(self, site_id: str, day: str) -> list[Ticket]:
        return _day_tickets(self.memory, site_id, day)

    def replace_ticket(self, new: Ticket, expected: Ticket) -> bool:
        with self.memory.lock:
            stored = self.memory.tickets.get(new.id)
            if stored is None:
                return False
            current = codec.ticket_from_dict(load(stored[0]))
            if (current.state, current.calls) != (expected.state, expected.calls):
                return False
            self.memory.tickets[new.id] = (dump(codec.ticket_to_dict(new)), stored[1])
            return True

    def call_at_counter(
        self, calling: Ticket, expected: Ticket, finishing: Ticket | None, was: Ticket | None
    ) -> bool:
        with self.memory.lock:
            stored = {
                key: codec.ticket_from_dict(load(doc))
                for key, (doc, _) in self.memory.tickets.items()
            }
            changes = [(calling, expected)] + ([(finishing, was)] if finishing and was else [])
            for new, old in changes:
                current = stored.get(new.id)
                if current is None or (current.state, current.calls) != (old.state, old.calls):
                    return False
            others = [
                t
                for t in stored.values()
                if (t.site_id, t.day) == (calling.site_id, calling.day)
                and t.state == TicketState.CALLED
                and t.counter == calling.counter
                and t.id != (was.id if was else None)
            ]
            if others:
                return False
            for new, _ in changes:
                until = self.memory.tickets[new.id][1]
                self.memory.tickets[new.id] = (dump(codec.ticket_to_dict(new)), until)
            return True

    def save_counter(self, counter: Counter) -> None:
        with self.memory.lock:
            key = (counter.site_id, counter.id)
            self.memory.counters[key] = dump(codec.counter_to_dict(counter))

    def list_counters(self, site_id: str) -> list[Counter]:
        with self.memory.lock:
            docs = [doc for key, doc in sorted(self.memory.counters.items()) if key[0] == site_id]
        return [codec.counter_from_dict(load(doc)) for doc in docs]

    def save_queue_statistics(self, site_id: str, day: str, rows: list[dict]) -> None:
        with self.memory.lock:
            self.memory.queue_statistics[(site_id, day)] = dump(rows)

    def queue_statistics(self, site_id: str, day: str) -> list[dict] | None:
        doc = self.memory.queue_statistics.get((site_id, day))
        return load(doc) if doc is not None else None

    def queue_statistics_between(
        self, site_id: str, first: str, last: str
    ) -> dict[str, list[dict]]:
        with self.memory.lock:
            kept = dict(self.memory.queue_statistics)
        return {
            day: load(doc)
            for (site, day), doc in kept.items()
            if site == site_id and first <= day <= last
        }


class FakeQueueLines(Fake, QueueLines):
    """The lines, calls and service times, worked out from the tickets on each read: a fake
    needs no second copy, and the contract suite holds the real stores' copies to these."""

    def _entries(self, site_id: str, day: str, kind: str) -> list[queue_lines.Entry]:
        tickets = _day_tickets(self.memory, site_id, day)
        found = [e for t in tickets for e in queue_lines.entries(t)]
        return sorted((e for e in found if e.kind == kind), key=lambda e: (e.group, e.place))

    def line_heads(
        self, site_id: str, day: str, service_ids: tuple[str, ...], per_line: int
    ) -> list[Ticket]:
        lines = self._entries(site_id, day, "line")
        return [
            entry.ticket
            for service_id in service_ids
            for line in LINES
            for entry in [
                e for e in lines if (e.group, model.line(e.ticket)) == (service_id, line)
            ][:per_line]
        ]

    def line_sizes(self, site_id: str, day: str) -> dict[str, dict[str, int]]:
        sizes: dict[str, dict[str, int]] = {}
        for entry in self._entries(site_id, day, "line"):
            sizes.setdefault(entry.group, dict.fromkeys(LINES, 0))[model.line(entry.ticket)] += 1
        return sizes

    def count_before(self, site_id: str, day: str, service_id: str, line: str, key: str) -> int:
        return sum(
            1
            for e in self._entries(site_id, day, "line")
            if e.group == service_id
            and model.line(e.ticket) == line
            and model.line_key(e.ticket) < key
        )

    def current_calls(self, site_id: str, day: str) -> list[Ticket]:
        return [e.ticket for e in self._entries(site_id, day, "call")]

    def recent_service_minutes(self, site_id: str, day: str, service_id: str) -> list[float]:
        served = [e for e in self._entries(site_id, day, "served") if e.group == service_id]
        return [e.minutes for e in served[-queue_lines.RECENT_SERVED :]]
