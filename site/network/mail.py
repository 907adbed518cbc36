"""Outgoing mail: rendered in the recipient's language, sent through the outbox.

Every message goes through `compose`: one layout (HTML and text) with the site's name and a
footer saying why the person gets it; `Auto-Submitted` (all of it is automatic) and
`Content-Language`; and, on bulk kinds (reminders, nudges, notices), a one-click
`List-Unsubscribe` (RFC 8058), and the address's choice honoured when it is sent
(`suppressed`, checked by network.outbox.deliver).
"""

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import partial

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import EmailPreference

Kind = EmailPreference.Kind

# Why a person gets a message, for the footer: by kind for bulk mail, else by the family
# of its template (the prefix of its name); allauth's account emails are "account".
REASONS = {
    Kind.WEBINAR_REMINDERS: _("You receive this reminder because you registered for this webinar."),
    Kind.RECORDINGS: _("You receive this email because you registered for this webinar."),
    Kind.SERIES: _("You receive this email because you follow this webinar series."),
    Kind.OFFICE_HOURS_REMINDERS: _(
        "You receive this reminder because of an office-hours booking with the hub."
    ),
    Kind.MODULE_RELEASES: _("You receive this email because you are enrolled in this course."),
    Kind.NUDGES: _("You receive this email because you are enrolled in this course."),
    "academy": _(
        "You receive this email because of your place in, or invitation to, a course of "
        "the hub's Academy."
    ),
    "webinar": _(
        "You receive this email because of your registration for one of the hub's webinars."
    ),
    "office_hours": _("You receive this email because of an office-hours booking with the hub."),
    "helpdesk": _("You receive this email because you take part in a help-desk request."),
    "joining": _(
        "You receive this email because of a request to join, or an invitation to, an "
        "organisation on the North America Hub website."
    ),
    "account": _(
        "You receive this email because this address was entered on the North America Hub "
        "website. If that was not you, you can ignore it."
    ),
}
DEFAULT_REASON = _(
    "You receive this email because of your account on the North America Hub website."
)

# Long signed links must wrap on a phone instead of widening the page.
LINK_STYLE = "color: #0b4f6c; overflow-wrap: anywhere; word-break: break-all;"


@dataclass(frozen=True)
class OutgoingEmail:
    to: list[str]
    subject: str
    text: str
    html: str = ""
    from_email: str = field(default_factory=lambda: settings.DEFAULT_FROM_EMAIL)
    headers: dict[str, str] = field(default_factory=dict)
    # Each {"filename", "content" (text), "mimetype"}.
    attachments: list[dict[str, str]] = field(default_factory=list)
    # A calendar invitation (iTIP, RFC 5546): {"method": "REQUEST"|"CANCEL", "content"}; sent
    # as the text/calendar alternative calendar apps answer, and as invite.ics.
    calendar: dict[str, str] | None = None
    # The kind of bulk email (EmailPreference.Kind), or "" for a transactional message.
    kind: str = ""

    def with_attachments(self, attachments: list[dict[str, str]]) -> "OutgoingEmail":
        return replace(self, attachments=[*self.attachments, *attachments])

    def with_calendar(self, calendar: dict[str, str] | None) -> "OutgoingEmail":
        return replace(self, calendar=calendar)


def site_url(language: str) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/{language}/"


class _Urlizer(Urlizer):
    """Django's urlize, keeping all the punctuation after a link.

    Django 5.2's trimming loses what it trimmed before a closing bracket: "(a@b.example)."
    came out as "(a@b.example)" with its full stop gone. What follows the link is, by
    construction, the rest of the word after its lead and the link."""

    def trim_punctuation(self, word):
        lead, middle, _trail = super().trim_punctuation(word)
        return lead, middle, word[len(lead) + len(middle) :]


urlize = _Urlizer()


def _linkify(text: str) -> str:
    """The text as HTML paragraphs; links clickable, shortened and able to wrap."""
    # urlize escapes the text; the links it adds are the only markup.
    html = linebreaks(urlize(text, trim_url_limit=60, autoescape=True), autoescape=False)
    return re.sub(r'<a href="([^"]*)"', rf'<a href="\1" style="{LINK_STYLE}"', html)


def html_from_text(text: str, *, subject: str, footer: dict | None = None) -> str:
    """Wrap a plain-text body in the hub's HTML email layout."""
    return render_to_string(
        "email/base.html",
        {
            "subject": subject,
            "language": translation.get_language(),
            "body": mark_safe(_linkify(text)),  # noqa: S308 - escaped by urlize
            "link_style": LINK_STYLE,
            **(footer or footer_context(language=translation.get_language() or "en")),
        },
    )


def render_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: an apostrophe in a name must not
    arrive as &#x27;. (The HTML part is escaped as usual.)"""
    return get_template(name).template.render(Context(context, autoescape=False))


def footer_context(*, language: str, to: str = "", kind: str = "", family: str = "") -> dict:
    from .preferences import unsubscribe_url

    with translation.override(language):
        reason = REASONS.get(kind) or REASONS.get(family) or DEFAULT_REASON
        return {
            "site_url": site_url(language),
            "reason": str(reason),
            "kind_label": str(Kind(kind).label) if kind else "",
            "unsubscribe_url": unsubscribe_url(email=to, kind=kind, language=language)
            if kind and to
            else "",
        }


def headers_for(*, language: str, footer: dict) -> dict[str, str]:
    headers = {
        # RFC 3834: automatic mail; out-of-office replies and the like should not answer it.
        "Auto-Submitted": "auto-generated",
        "Content-Language": language,
    }
    if footer.get("unsubscribe_url"):
        headers["List-Unsubscribe"] = f"<{footer['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    return headers


def compose(
    *,
    subject: str,
    text: str,
    to: list[str],
    language: str,
    kind: str = "",
    family: str = "",
    html_body: str = "",
    from_email: str = "",
) -> OutgoingEmail:
    """A message in the hub's layout: the body (text, and HTML if it has its own), the
    footer in both parts, and the headers every message carries."""
    footer = footer_context(language=language, to=to[0] if to else "", kind=kind, family=family)
    with translation.override(language):
        body = text.rstrip()
        text = body + "\n" + render_text("email/_footer.txt", footer)
        if html_body:
            html = render_to_string(
                "email/base.html",
                {
                    "subject": subject,
                    "language": language,
                    "body": html_body,
                    "link_style": LINK_STYLE,
                    **footer,
                },
            )
        else:
            html = html_from_text(body, subject=subject, footer=footer)
    return OutgoingEmail(
        to=to,
        subject=" ".join(subject.splitlines()).strip(),
        text=text,
        html=html,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        headers=headers_for(language=language, footer=footer),
        kind=str(kind),
    )


def render_email(
    *, template: str, context: dict, to: list[str], language: str, kind: str = ""
) -> OutgoingEmail:
    """Render email/<template>_subject.txt, _message.txt and (if present) _message.html in
    the hub's layout. `kind` marks bulk mail (EmailPreference.Kind)."""
    with translation.override(language):
        subject = render_text(f"email/{template}_subject.txt", context).strip()
        text = render_text(f"email/{template}_message.txt", context)
        try:
            html_body = render_to_string(f"email/{template}_message.html", context)
        except Exception:  # noqa: BLE001 - no HTML template: derive one from the text
            html_body = ""
    family = (
        template.split("_", 1)[0] if not template.startswith("office_hours") else "office_hours"
    )
    return compose(
        subject=subject,
        text=text,
        to=to,
        language=language,
        kind=kind,
        family=family,
        html_body=html_body,
    )


def queue_email(
    message: OutgoingEmail, *, key: str | None = None, forget: bool = False
) -> str | None:
    """Write the message to the outbox (network.outbox) in the current transaction: it is
    sent if and only if that transaction commits, by a task nudged after the commit (or by
    the sweep every minute, if the nudge is lost). `key` names the message: a second call
    with a key already in the outbox writes nothing (bulk jobs pass one per recipient, so a
    re-run sends nothing twice); without one, each call is a new message.

    Bulk mail to an address that has stopped its kind is dropped just before sending
    (`suppressed`; a batch of notices costs no extra queries to build). A closed account's
    address (`closed-<id>@closed.invalid`, RFC 2606) receives nothing. `forget`: once sent,
    the row keeps neither the message nor its address (the last email to a closed account).
    Returns the key, or None when there is nobody to send to."""
    return queue_emails([(message, key)], forget=forget)[0]


def queue_emails(
    messages: Iterable[tuple[OutgoingEmail, str | None]], *, forget: bool = False
) -> list[str | None]:
    """`queue_email` for a batch of `(message, key)`, in three queries however many."""
    from . import outbox

    keys, rows = [], []
    for message, key in messages:
        to = [address for address in message.to if not address.lower().endswith(".invalid")]
        if not to:
            keys.append(None)
            continue
        new = key is None
        key = outbox.new_key() if new else outbox.fit_key(key)
        keys.append(key)
        payload = asdict(replace(message, to=to))
        if forget:
            payload[outbox.FORGET] = True
        rows.append((payload, key, new))
    if rows:
        for row_id in outbox.add(rows):
            transaction.on_commit(partial(outbox.nudge, row_id))
    return keys
