from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from email.message import EmailMessage

from chalicelib.errors import DomainError

FROM_DEFAULT = "Bliżej <no-reply@blizej.invalid>"


class MailFailed(DomainError):
    """The message could not be handed over for delivery."""

    code = "mail-unavailable"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    language: str
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

    def as_message(self, sender: str = FROM_DEFAULT) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message.set_content(self.text)
        for attachment in self.attachments:
            maintype, subtype = attachment.content_type.split("/", 1)
            message.add_attachment(
                attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename
            )
        # After the content: setting content clears every Content-* header it finds.
        message["Content-Language"] = self.language
        return message


class Mailer(ABC):
    @abstractmethod
    def send(self, email: Email) -> None:
        """Hands the email over for delivery; MailFailed when that is not possible."""
