"""What both stores keep beside a day's tickets so that requests need not read the day.

A ticket stands in at most one of three places, derived from the ticket alone: a waiting ticket
in its service's line (`queue.model.line`, sorted by `line_key`), a called ticket at its
counter (one per counter: the store's key says so), a served ticket among its service's
service times (newest first). Every write of a ticket writes these in the same transaction,
and the size of each line is counted there too. A day written before these existed is filled
in from its tickets the first time it is touched (`ready` of each store's `QueueLines` adapter).
"""

from collections import Counter as Tally
from dataclasses import dataclass

from chalicelib.clock import format_instant
from chalicelib.queue import model
from chalicelib.queue.model import Ticket, TicketState

RECENT_SERVED = 20  # the service times a waiting estimate looks at


@dataclass(frozen=True)
class Entry:
    kind: str  # "line", "call" or "served"
    group: str  # service id (line, served) or "" (call)
    place: str  # line + key, counter, or finish instant + id
    ticket: Ticket

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.kind, self.ticket.site_id, self.ticket.day, self.group, self.place)

    @property
    def minutes(self) -> float:
        return (self.ticket.finished_at - self.ticket.called_at).total_seconds() / 60


def entries(ticket: Ticket | None) -> list[Entry]:
    if ticket is None:
        return []
    if ticket.state == TicketState.WAITING:
        place = f"{model.line(ticket)}#{model.line_key(ticket)}"
        return [Entry("line", ticket.service_id, place, ticket)]
    if ticket.state == TicketState.CALLED and ticket.counter:
        return [Entry("call", "", ticket.counter, ticket)]
    if ticket.state == TicketState.SERVED and ticket.called_at and ticket.finished_at:
        place = f"{format_instant(ticket.finished_at)}|{ticket.id}"
        return [Entry("served", ticket.service_id, place, ticket)]
    return []


@dataclass(frozen=True)
class Changes:
    puts: list[Entry]
    deletes: list[tuple[str, str, str, str, str]]  # keys no ticket holds any more
    sizes: dict[tuple[str, str], int]  # (service, line) → change in length


def changes(pairs: list[tuple[Ticket | None, Ticket]]) -> Changes:
    """The entries to write and delete when each `old` ticket becomes its `new` one. A key both
    left and taken (the counter whose served ticket makes way for the next) is written once."""
    puts = {e.key: e for _, new in pairs for e in entries(new)}
    deletes = {e.key for old, _ in pairs for e in entries(old)} - set(puts)
    sizes: Tally[tuple[str, str]] = Tally()
    for old, new in pairs:
        for ticket, step in ((old, -1), (new, 1)):
            if ticket is not None and ticket.state == TicketState.WAITING:
                sizes[(ticket.service_id, model.line(ticket))] += step
    return Changes(list(puts.values()), sorted(deletes), {k: v for k, v in sizes.items() if v})
