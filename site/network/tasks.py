"""Background tasks for network (django-q2). Thin, keyed by plain values, safe to re-run."""

from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText

from .schedules import ensure_schedules  # noqa: F401 - each app's post_migrate calls it here


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


def send_email(message: dict) -> int:
    """Deliver one rendered message (see network.mail.queue_email); bulk mail to an address
    that has stopped its kind is dropped here, at the last moment, so an unsubscribe counts
    at once, even for a message already queued. Returns how many were sent."""
    from .mail import suppressed

    if suppressed(to=message["to"], kind=message.get("kind", "")):
        return 0
    email = HubEmail(
        subject=message["subject"],
        body=message["text"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message.get("headers") or None,
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
    return email.send()
