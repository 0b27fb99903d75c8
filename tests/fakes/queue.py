"""Tickets, counters and daily figures in memory."""

from chalicelib import retention
from chalicelib.queue.model import Counter, Ticket, TicketState
from chalicelib.queue.ports import Tickets
from chalicelib.storage import codec
from tests.fakes.memory import Fake, dump, expiry, load


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
        with self.memory.lock:
            docs = [doc for doc, _ in self.memory.tickets.values()]
        tickets = [codec.ticket_from_dict(load(doc)) for doc in docs]
        return [t for t in tickets if (t.site_id, t.day) == (site_id, day)]

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
