"""Mail in AWS: Amazon SES v2, the raw MIME message as the outbox would write it."""

from chalicelib.mail.port import Email, Mailer, MailFailed


class SesMailer(Mailer):
    def __init__(self, sender: str, client: object = None, configuration_set: str = "") -> None:
        self.sender = sender
        self._client = client
        self.configuration_set = configuration_set  # where bounces and complaints are reported

    @property
    def client(self):
        if self._client is None:
            import boto3

            self._client = boto3.client("sesv2")
        return self._client

    def send(self, email: Email) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        raw = bytes(email.as_message(self.sender))
        extra = {"ConfigurationSetName": self.configuration_set} if self.configuration_set else {}
        try:
            self.client.send_email(
                FromEmailAddress=self.sender,
                Destination={"ToAddresses": [email.to]},
                Content={"Raw": {"Data": raw}},
                **extra,
            )
        except (ClientError, BotoCoreError) as error:
            raise MailFailed(str(error)) from error
