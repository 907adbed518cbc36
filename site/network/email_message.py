"""The email a rendered message becomes (a payload of network.mail.queue_email, sent by
network.outbox)."""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText


class HubEmail(EmailMultiAlternatives):
    """Django's message, with a calendar alternative as calendar apps want it:
    `text/calendar; method=REQUEST; charset="utf-8"` (the method is a parameter of the
    Content-Type, the charset named once), next to the text and HTML parts."""

    def _create_mime_attachment(self, content, mimetype):
        if mimetype.startswith("text/calendar;"):
            part = SafeMIMEText(content, "calendar", "utf-8")
            method = mimetype.split("method=", 1)[1].split(";", 1)[0].strip()
            part.set_param("method", method)
            return part
        return super()._create_mime_attachment(content, mimetype)


def build_message(message: dict, *, message_id: str = "", connection=None) -> HubEmail:
    """The email of a rendered message (a payload of network.mail.queue_email): text, HTML,
    calendar invitation and attachments. `message_id` sets its Message-ID."""
    headers = dict(message.get("headers") or {})
    if message_id:
        headers["Message-ID"] = message_id
    email = HubEmail(
        subject=message["subject"],
        body=message["text"],
        from_email=message["from_email"],
        to=message["to"],
        headers=headers or None,
        connection=connection,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    calendar = message.get("calendar")
    if calendar:
        email.attach_alternative(calendar["content"], f"text/calendar; method={calendar['method']}")
        # The same file to open or import by hand (application/ics, as Google sends it, so
        # no client takes it for a second invitation).
        email.attach(
            calendar.get("filename", "invite.ics"), calendar["content"].encode(), "application/ics"
        )
    for attachment in message.get("attachments") or ():
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email
