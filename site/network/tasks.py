"""Background tasks for network (django-q2). Thin, keyed by plain values, safe to re-run."""

from django.core.mail import EmailMultiAlternatives


def send_email(message: dict) -> int:
    """Deliver one rendered message (see network.mail.queue_email)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["text"],
        from_email=message["from_email"],
        to=message["to"],
        headers=message.get("headers") or None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    for attachment in message.get("attachments") or ():
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email.send()
