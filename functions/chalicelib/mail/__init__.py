"""Sending email: the port, and the adapter the configuration asks for."""

import os
from pathlib import Path

from chalicelib.mail.port import Email, Mailer


def get_mailer() -> Mailer:
    kind = os.environ.get("BLIZEJ_MAIL", "outbox")
    if kind == "outbox":
        from chalicelib.mail.outbox import OutboxMailer

        return OutboxMailer(Path(os.environ.get("BLIZEJ_OUTBOX", ".data/outbox")))
    if kind == "ses":
        from chalicelib.mail.ses import SesMailer

        return SesMailer(
            os.environ["BLIZEJ_MAIL_FROM"],
            configuration_set=os.environ.get("BLIZEJ_MAIL_CONFIGURATION_SET", ""),
        )
    raise ValueError(f"BLIZEJ_MAIL must be 'outbox' or 'ses', not {kind!r}")


__all__ = ["Email", "Mailer", "get_mailer"]
