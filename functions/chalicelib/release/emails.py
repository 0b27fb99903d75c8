"""The e-mails of the fair release, in the person's language. Pure: facts in, Email out.

Their words live in the catalog (`locale/api.pot`, keys `email:<kind>.subject` and `.body`),
as the calendar's do; times are written by `appointments.emails.when`, in Polish time. A won
entry gets no e-mail of its own here: it is the calendar's normal `confirmed` one.
"""

from dataclasses import dataclass
from datetime import date, datetime

from chalicelib import i18n
from chalicelib.appointments.emails import when
from chalicelib.mail.port import Email

BALLOT_KINDS = ("entry-confirm", "entry-entered", "ballot-not-drawn")


@dataclass(frozen=True)
class BallotNotice:
    """What a ballot e-mail says, already in the reader's language."""

    name: str
    email: str
    language: str
    service: str
    place: str
    first_day: date
    last_day: date
    entries_close: datetime
    draw_at: datetime


def days(first: date, last: date) -> str:
    return f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"


def compose_ballot(kind: str, notice: BallotNotice, link: str) -> Email:
    """One of BALLOT_KINDS; `link` leads to the entry's page (or the waiting-list place)."""
    if kind not in BALLOT_KINDS:
        raise ValueError(f"{kind!r} is no ballot e-mail")
    language = notice.language
    values = {
        "name": notice.name,
        "service": notice.service,
        "place": notice.place,
        "days": days(notice.first_day, notice.last_day),
        "close": when(notice.entries_close, language),
        "draw": when(notice.draw_at, language),
        "link": link,
    }
    return _email(language, notice.email, kind, **values)


def _email(language: str, to: str, kind: str, **values: object) -> Email:
    subject = i18n.text(language, f"email:{kind}.subject", **values)
    body = i18n.text(language, f"email:{kind}.body", **values)
    signature = i18n.text(language, "email:signature")
    return Email(to, subject, f"{body}\n\n-- \n{signature}\n", language)


def waiting_joined(
    language: str, to: str, name: str, service: str, place: str, position: int, link: str
) -> Email:
    """A place on the list was taken: where it is, and the link to see it or leave."""
    return _email(
        language,
        to,
        "waiting-joined",
        name=name,
        service=service,
        place=place,
        position=position,
        link=link,
    )


def waiting_offer(
    language: str,
    to: str,
    name: str,
    service: str,
    place: str,
    start: datetime,
    expires_at: datetime,
    link: str,
) -> Email:
    """A seat is held for the person until `expires_at`: accept or decline through the link."""
    return _email(
        language,
        to,
        "waiting-offer",
        name=name,
        service=service,
        place=place,
        when=when(start, language),
        until=when(expires_at, language),
        link=link,
    )


def waiting_removed(language: str, to: str, name: str, service: str, link: str) -> Email:
    """Two offers went unanswered: the place on the list is given up."""
    return _email(language, to, "waiting-removed", name=name, service=service, link=link)
