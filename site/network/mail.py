"""Outgoing mail: rendered in the recipient's language, sent by a task after commit."""

from dataclasses import asdict, dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe
from django_q.tasks import async_task


@dataclass(frozen=True)
class OutgoingEmail:
    to: list[str]
    subject: str
    text: str
    html: str = ""
    from_email: str = field(default_factory=lambda: settings.DEFAULT_FROM_EMAIL)
    headers: dict[str, str] = field(default_factory=dict)
    # Each {"filename", "content" (text), "mimetype"}: e.g. a calendar invitation.
    attachments: list[dict[str, str]] = field(default_factory=list)

    def with_attachments(self, attachments: list[dict[str, str]]) -> "OutgoingEmail":
        return replace(self, attachments=[*self.attachments, *attachments])


def html_from_text(text: str, *, subject: str) -> str:
    """Wrap a plain-text body in the hub's HTML email layout."""
    return render_to_string(
        "email/base.html",
        {
            "subject": subject,
            "language": translation.get_language(),
            # urlize escapes the text; the links it adds are the only markup.
            "body": mark_safe(linebreaks(urlize(text, autoescape=True), autoescape=False)),  # noqa: S308
        },
    )


def render_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: an apostrophe in a name must not
    arrive as &#x27;. (The HTML part is escaped as usual.)"""
    return get_template(name).template.render(Context(context, autoescape=False))


def render_email(*, template: str, context: dict, to: list[str], language: str) -> OutgoingEmail:
    """Render email/<template>_subject.txt, _message.txt and (if present) _message.html."""
    with translation.override(language):
        subject = render_text(f"email/{template}_subject.txt", context).strip()
        text = render_text(f"email/{template}_message.txt", context)
        try:
            html = render_to_string(f"email/{template}_message.html", context)
        except Exception:  # noqa: BLE001 - no HTML template: derive one from the text
            html = html_from_text(text, subject=subject)
    return OutgoingEmail(to=to, subject=" ".join(subject.splitlines()), text=text, html=html)


def queue_email(message: OutgoingEmail) -> None:
    """Send a message from the task worker once the current transaction commits."""
    payload = asdict(message)
    transaction.on_commit(
        lambda: async_task("network.tasks.send_email", payload, task_name="send_email")
    )
