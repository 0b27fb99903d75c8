"""Local mail: every message becomes an .eml file in the outbox folder, newest last by name."""

import time
import uuid
from pathlib import Path

from chalicelib.mail.port import Email, Mailer, MailFailed


class OutboxMailer(Mailer):
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, email: Email) -> None:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / name).write_bytes(bytes(email.as_message()))
        except OSError as error:
            raise MailFailed(str(error)) from error
