"""Manage the appointment calendar, and repair stored case events, from a terminal.

    make admin ARGS="sites"
    make admin ARGS="services"
    make admin ARGS="schedule waw fingerprints --counters 3 --hours 'mon-fri 08:00-16:00'"
    make admin ARGS="close waw 2026-12-31"      # and: open waw 2026-12-31
    make admin ARGS="bookings waw 2026-12-14"
    make admin ARGS="remind"                   # send tomorrow's reminders now
    make admin ARGS="policy waw fingerprints ballot --offer-minutes 120"
    make admin ARGS="ballot create waw-fp-jan waw fingerprints --days 2027-01-11 2027-01-22
                     --entries 2026-12-14T08:00 2026-12-21T08:00 --draw 2026-12-21T09:00"
    make admin ARGS="ballot draw waw-fp-jan"    # and: ballot clients waw-fp-jan
    make admin ARGS="cases check"              # stored case events that break today's rules
    make admin ARGS="cases quarantine"         # take them out of their cases (kept, listed)
    make admin ARGS="cases quarantined"        # and: cases restore|delete CASE EVENT-ID

Locally it works on .data/ like `make dev`; with BLIZEJ_STORE=dynamodb and BLIZEJ_TABLE set
(and AWS credentials), on the production table.
"""

import argparse
import re
import sys
from datetime import date, datetime, time
from pathlib import Path
from types import ModuleType
from typing import Any

import devserver  # noqa: F401  (puts functions/ on the import path)
from devserver.localenv import configure

ROOT = Path(__file__).resolve().parent.parent
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_hours(text: str) -> dict[int, tuple[tuple[time, time], ...]]:
    """'mon-fri 08:00-12:00 12:30-16:00; sat 09:00-12:00' → weekday → opening periods."""
    weekly: dict[int, tuple[tuple[time, time], ...]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days, *periods = part.split()
        first, _, last = days.lower().partition("-")
        span = range(DAYS.index(first), DAYS.index(last or first) + 1)
        parsed = []
        for period in periods:
            match = re.fullmatch(r"(\d\d:\d\d)-(\d\d:\d\d)", period)
            if not match:
                raise ValueError(f"not a period: {period!r} (write 08:00-12:00)")
            parsed.append((time.fromisoformat(match[1]), time.fromisoformat(match[2])))
        for day in span:
            weekly[day] = tuple(parsed)
    return weekly


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make admin ARGS=",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".data")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sites", help="list the offices")
    commands.add_parser("services", help="list the services")
    schedule = commands.add_parser("schedule", help="set when an office serves a service")
    schedule.add_argument("site")
    schedule.add_argument("service")
    schedule.add_argument("--counters", type=int, required=True)
    schedule.add_argument("--hours", required=True, help="'mon-fri 08:00-12:00 12:30-16:00'")
    schedule.add_argument("--window-days", type=int, default=28)
    schedule.add_argument("--release-at", default="07:00")
    schedule.add_argument("--notice-hours", type=int, default=2)
    schedule.add_argument("--cutoff-hours", type=int, default=24)
    for name in ("close", "open"):
        closure = commands.add_parser(name, help=f"{name} an office for one day")
        closure.add_argument("site")
        closure.add_argument("day", type=date.fromisoformat)
    bookings = commands.add_parser("bookings", help="list an office's bookings of one day")
    bookings.add_argument("site")
    bookings.add_argument("day", type=date.fromisoformat)
    commands.add_parser("remind", help="send tomorrow's reminders now")
    policy = commands.add_parser("policy", help="set how an office releases a service")
    policy.add_argument("site")
    policy.add_argument("service")
    policy.add_argument("mode", choices=("first-come", "ballot"))
    policy.add_argument("--offer-minutes", type=int, default=120)
    ballots = commands.add_parser("ballot", help="announce a ballot, draw it, see its clients")
    ballot_commands = ballots.add_subparsers(dest="action", required=True)
    create = ballot_commands.add_parser(
        "create", help="announce a ballot (times are Polish time, YYYY-MM-DDTHH:MM)"
    )
    create.add_argument("id")
    create.add_argument("site")
    create.add_argument("service")
    create.add_argument("--days", nargs=2, type=date.fromisoformat, required=True)
    create.add_argument("--entries", nargs=2, type=polish_time, required=True)
    create.add_argument("--draw", type=polish_time, required=True)
    for name, text in (("draw", "run a due draw now"), ("clients", "entries per address")):
        ballot_commands.add_parser(name, help=text).add_argument("id")
    cases = commands.add_parser(
        "cases",
        help="find stored case events that break today's rules and repair them",
        description="An event stored before today's rules may break them (a date such as "
        "2026-02-30): applicants' case pages leave it out. `check` lists such events, "
        "`quarantine` takes them out of their cases (kept, not shown), `quarantined` lists "
        "those, `restore` puts one back once it passes the rules, `delete` removes one for "
        "good so the document-workflow system can send it again, corrected. Listing reads "
        "the whole store (a Scan on DynamoDB, with your own AWS credentials).",
    )
    case_commands = cases.add_subparsers(dest="action", required=True)
    case_commands.add_parser("check", help="list stored events that break today's rules")
    case_commands.add_parser("quarantine", help="take every such event out of its case")
    case_commands.add_parser("quarantined", help="list the events in quarantine")
    for name, text in (
        ("restore", "put a quarantined event back into its case"),
        ("delete", "delete a quarantined event for good"),
    ):
        action = case_commands.add_parser(name, help=text)
        action.add_argument("case", help="case number")
        action.add_argument("event", help="event id")
    args = parser.parse_args(argv)

    configure(args.data_dir.resolve())
    from chalicelib import clock
    from chalicelib.appointments import services
    from chalicelib.appointments.model import AppointmentError, Schedule
    from chalicelib.cases import services as cases
    from chalicelib.clock import WARSAW
    from chalicelib.errors import DomainError
    from chalicelib.mail import get_mailer
    from chalicelib.sites.model import SiteNotFound
    from chalicelib.sites.services import list_sites
    from chalicelib.storage import get_store

    store = get_store()
    try:
        if args.command == "sites":
            for site in list_sites(store):
                print(f"{site.id:6} {site.city:12} {site.address or '-'}")
        elif args.command == "services":
            for service in store.catalogue.list_services():
                size = f"group of {service.group_capacity}" if service.group_capacity else "1"
                print(
                    f"{service.id:20} {service.letter} {service.duration_minutes:4} min  {size:12}"
                    f" {service.name['en']}"
                )
        elif args.command == "schedule":
            rules = Schedule(
                args.site,
                args.service,
                parse_hours(args.hours),
                args.counters,
                args.window_days,
                time.fromisoformat(args.release_at),
                args.notice_hours,
                args.cutoff_hours,
            )
            services.save_schedule(rules, store)
            print(f"Saved: {args.site} serves {args.service} at {args.counters} counters.")
        elif args.command in ("close", "open"):
            services.set_closure(args.site, args.day, args.command == "close", store)
            print(
                f"{args.site} is {'closed' if args.command == 'close' else 'open'} on {args.day}."
            )
        elif args.command == "bookings":
            found = services.day_bookings(args.site, args.day, store, clock.now())
            for booking in found:
                local = booking.start.astimezone(WARSAW)
                print(
                    f"{local:%H:%M}  {booking.code}  {booking.service_id:18} {booking.state:9}"
                    f" {booking.name}"
                )
            print(f"{len(found)} booking(s) on {args.day} at {args.site} (Polish time).")
        elif args.command == "remind":
            sent = services.send_reminders(store, get_mailer(), clock.now())
            print(f"Sent {sent} reminder(s).")
        elif args.command == "cases":
            return case_command(args, store, cases, clock.now())
        elif args.command in ("policy", "ballot"):
            return release_command(args, store, get_mailer(), clock.now())
    except (ValueError, SiteNotFound, AppointmentError, DomainError) as error:
        print(f"Not done: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


def polish_time(text: str) -> datetime:
    """'2026-12-21T09:00', Warsaw wall-clock time, as an aware datetime."""
    from chalicelib.clock import WARSAW

    return datetime.fromisoformat(text).replace(tzinfo=WARSAW)


def release_command(args: argparse.Namespace, store: Any, mailer: Any, now: datetime) -> int:
    """`make admin ARGS="policy …"` and `"ballot …"`: the fair release, for staff."""
    from chalicelib.clock import WARSAW, format_instant
    from chalicelib.release import ballot
    from chalicelib.release.model import ReleaseMode

    if args.command == "policy":
        policy = ballot.save_policy(
            args.site, args.service, ReleaseMode(args.mode), args.offer_minutes, store
        )
        print(
            f"Saved: {policy.service_id} at {policy.site_id} is {policy.mode}, "
            f"offers stay open {policy.offer_minutes} minutes."
        )
    elif args.action == "create":
        release = ballot.create_release(
            args.id, args.site, args.service, *args.days, *args.entries, args.draw, store, now
        )
        print(
            f"Announced {release.id}: entries {release.entries_open.astimezone(WARSAW):%d.%m %H:%M}"
            f" to {release.entries_close.astimezone(WARSAW):%d.%m %H:%M}, draw at "
            f"{release.draw_at.astimezone(WARSAW):%d.%m %H:%M} (Polish time)."
        )
        print(f"Commitment (publish it now): {release.commitment}")
    elif args.action == "draw":
        release = ballot.draw_now(args.id, store, mailer, now)
        print(
            f"Drawn {release.id} at {format_instant(release.drawn_at or now)}: "
            f"{release.won} of {release.seats} seats to {release.entries} entries."
        )
        print(f"Seed (published): {release.seed}")
    else:
        found = ballot.clients(args.id, store)
        for client, count in found:
            print(f"{count:6}  {client}")
        print(f"{len(found)} address(es) sent entries to {args.id}.")
    return 0


def case_command(args: argparse.Namespace, store: Any, cases: ModuleType, now: datetime) -> int:
    """`make admin ARGS="cases …"`: the staff's repair of stored case events."""
    if args.action in ("check", "quarantine", "quarantined"):
        if args.action == "check":
            found, what = cases.failing_events(store), "break today's rules"
        elif args.action == "quarantine":
            found, what = cases.quarantine_failing(store, now), "moved to quarantine"
        else:
            found, what = cases.quarantined(store), "in quarantine"
        for finding in found:
            print(
                f"{finding.case_number}  {finding.event_id}  {finding.type}"
                f"  {finding.occurred_at}  {finding.problems}"
            )
        print(f"{len(found)} event(s) {what}.")
        return 0
    try:
        if args.action == "restore":
            done = cases.restore(args.case, args.event, store)
        else:
            done = cases.delete_quarantined(args.case, args.event, store)
    except cases.StillInvalid as error:
        print(f"Not done: the event still breaks today's rules: {error}", file=sys.stderr)
        return 1
    if not done:
        print(f"Not done: no event {args.event} of {args.case} in quarantine.", file=sys.stderr)
        return 1
    print(f"{'Restored' if args.action == 'restore' else 'Deleted'}: {args.event} of {args.case}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
