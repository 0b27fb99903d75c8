"""A mailer that keeps what it was given, and can be told to fail."""

from chalicelib.mail.port import Email, Mailer, MailFailed


class RecordingMailer(Mailer):
    def __init__(self, failing: bool = False) -> None:
        self.sent: list[Email] = []
        self.failing = failing

    def send(self, email: Email) -> None:
        if self.failing:
            raise MailFailed("the recording mailer was told to fail")
        self.sent.append(email)
