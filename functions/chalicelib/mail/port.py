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
class InlineImage:
    """An image the HTML body shows by its Content-ID (`<img src="cid:...">`)."""

    content_id: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    language: str
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    html: str | None = None  # an alternative to the text, for clients that show HTML
    images: tuple[InlineImage, ...] = field(default_factory=tuple)  # shown by the HTML

    def as_message(self, sender: str = FROM_DEFAULT) -> EmailMessage:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = self.to
        message["Subject"] = self.subject
        message.set_content(self.text)
        if self.html is not None:
            # multipart/alternative (text, multipart/related (html, images)): clients that show
            # HTML find the images by Content-ID; the rest read the same words as plain text.
            message.add_alternative(self.html, subtype="html")
            html_part = message.get_payload()[-1]
            for image in self.images:
                maintype, subtype = image.content_type.split("/", 1)
                html_part.add_related(
                    image.content,
                    maintype=maintype,
                    subtype=subtype,
                    cid=f"<{image.content_id}>",
                    disposition="inline",
                )
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
