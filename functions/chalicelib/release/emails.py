"""The e-mails of the fair release, in the person's language. Pure: facts in, Email out.

Their words live in the catalog (`locale/api.pot`, keys `email:<kind>.subject` and `.body`).
"""

from datetime import datetime

from chalicelib import i18n
from chalicelib.appointments.emails import when
from chalicelib.mail.port import Email


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
