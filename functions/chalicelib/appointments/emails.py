"""The emails of the calendar, in the applicant's language. Pure: text in, Email out.

Their words live in the catalog (`locale/api.pot`, keys `email:<kind>.subject` and
`email:<kind>.body`); this module only puts the facts of the appointment into them.
"""

import html
import io
import re
from dataclasses import dataclass
from datetime import datetime

import segno

from chalicelib import i18n
from chalicelib.clock import WARSAW
from chalicelib.mail.port import Attachment, Email, InlineImage

LINK = re.compile(r"https?://[^\s<>\"]+")

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


def code_image(code: str) -> bytes:
    """The booking code as a QR code (its text is the code itself, what the kiosk reads), PNG."""
    out = io.BytesIO()
    segno.make(code, error="m", micro=False).save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def _html(
    language: str, text: str, signature: str, image: InlineImage, alt: str, caption: str
) -> str:
    """The same words as the text part, as HTML paragraphs with live links, and the QR code."""
    paragraphs = []
    for block in text.split("\n\n"):
        lines = [
            LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', html.escape(line))
            for line in block.split("\n")
        ]
        paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    paragraphs.append(
        f'<p><img src="cid:{image.content_id}" alt="{html.escape(alt)}" '
        f'width="200" height="200"><br>{html.escape(caption)}</p>'
    )
    paragraphs.append(f"<p>-- <br>{html.escape(signature)}</p>")
    page = "\n".join(paragraphs)
    return f'<!DOCTYPE html>\n<html lang="{language}"><body>\n{page}\n</body></html>\n'


def compose(
    kind: str,
    appointment: Appointment,
    link: str = "",
    guide: str = "",
    calendar: bytes | None = None,
    with_code_image: bool = False,
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
    signature = i18n.text(language, "email:signature")
    text = f"{body}\n\n-- \n{signature}\n"
    if not with_code_image:
        return Email(appointment.email, subject, text, language, attachments)
    image = InlineImage(f"qr-{appointment.code}@blizej", "image/png", code_image(appointment.code))
    page = _html(
        language,
        body,
        signature,
        image,
        i18n.text(language, "email:qr.alt", code=appointment.code),
        i18n.text(language, "email:qr.caption"),
    )
    return Email(
        appointment.email,
        subject,
        text,
        language,
        attachments,
        html=page,
        images=(image,),
    )
