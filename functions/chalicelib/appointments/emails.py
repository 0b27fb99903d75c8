"""The emails of the calendar, in the applicant's language. Pure: text in, Email out.

Their words live in the catalog (`locale/api.pot`, keys `email:<kind>.subject` and
`email:<kind>.body`); this module only puts the facts of the appointment into them.
"""

from dataclasses import dataclass
from datetime import datetime

from chalicelib import i18n
from chalicelib.clock import WARSAW
from chalicelib.mail.port import Attachment, Email

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Appointment:
    """What an email says about an appointment, already in the reader's language."""

    code: str
    name: str
    email: str
    language: str
    service: str
    place: str
    start: datetime


def when(start: datetime, language: str) -> str:
    local = start.astimezone(WARSAW)
    weekday = i18n.text(language, f"email:weekday.{WEEKDAYS[local.weekday()]}")
    polish_time = i18n.text(language, "email:polish-time")
    return f"{weekday}, {local:%d.%m.%Y}, {local:%H:%M} ({polish_time})"


def details(appointment: Appointment) -> str:
    language = appointment.language
    return "\n".join(
        [
            f"{i18n.text(language, 'email:label.what')}: {appointment.service}",
            f"{i18n.text(language, 'email:label.where')}: {appointment.place}",
            f"{i18n.text(language, 'email:label.when')}: {when(appointment.start, language)}",
        ]
    )


def compose(
    kind: str,
    appointment: Appointment,
    link: str = "",
    guide: str = "",
    calendar: bytes | None = None,
) -> Email:
    language = appointment.language
    local = appointment.start.astimezone(WARSAW)
    subject = i18n.text(
        language, f"email:{kind}.subject", code=appointment.code, time=f"{local:%H:%M}"
    )
    body = i18n.text(
        language,
        f"email:{kind}.body",
        name=appointment.name,
        code=appointment.code,
        details=details(appointment),
        link=link,
        guide=guide,
    )
    attachments = ()
    if calendar is not None:
        attachments = (Attachment(f"{appointment.code}.ics", "text/calendar", calendar),)
    return Email(
        to=appointment.email,
        subject=subject,
        text=f"{body}\n\n-- \n{i18n.text(language, 'email:signature')}\n",
        language=language,
        attachments=attachments,
    )
