"""Sending email: the port, and the adapter the configuration asks for."""

from chalicelib.config import mail_settings
from chalicelib.mail.port import Email, Mailer


def get_mailer() -> Mailer:
    mail = mail_settings()
    if mail.kind == "outbox":
        from chalicelib.mail.outbox import OutboxMailer

        return OutboxMailer(mail.outbox)
    if mail.kind == "ses":
        from chalicelib.mail.ses import SesMailer

        if not mail.sender:
            raise ValueError("BLIZEJ_MAIL=ses needs BLIZEJ_MAIL_FROM")
        return SesMailer(mail.sender, configuration_set=mail.configuration_set)
    raise ValueError(f"BLIZEJ_MAIL must be 'outbox' or 'ses', not {mail.kind!r}")


__all__ = ["Email", "Mailer", "get_mailer"]
