"""What the help desk's request pages draw in Python rather than in templates (a message's
time, its files, the conversation, the city's list of requests), and what of it is kept in
the page cache for the city's pages. Nothing here reads a request: the views reach every
request through `HelpRequest.objects.visible_to(user)` first and hand over what they read."""

import functools
import hashlib
import uuid

from django.core.cache.utils import make_template_fragment_key
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pages import cache as page_cache
from pages import dates

from .forms import MessageForm
from .models import HelpRequest, Urgency
from .models.requests import STATUS_TONES, URGENCY_TONES, choice_label

# Moved on by helpdesk.apps when a person's shown name changes (kept_request_parts).
NAMES_KEY = "hub:helpdesk:names"
THREAD_SECONDS = 24 * 60 * 60
# A list changed is kept under another key: the copy it replaces is left to expire.
LIST_SECONDS = 60 * 60

_PLACEHOLDER = uuid.UUID(int=0)


# --- Kept ---


def kept_request_parts(help_request, *, newest, parts: list, build_thread, build_topics):
    """The request page's kept parts, read in one cache round trip: (what build_thread()
    returns for the thread: its HTML, the earlier messages' link, the files; the topics'
    names as build_topics() lists them). Every reader reached the request through
    visible_to first.

    The thread is kept for everyone who sees this side of the request (this page
    generation and language) until a message is added (`newest`, its newest message's id:
    a message, and the files sent with it, is only ever added, in one transaction) or a
    shown name changes (NAMES_KEY); without messages it is drawn each time. The topics are
    kept per request and its last save (`updated_at`), generation (a topic renamed) and
    language: a request's topics are set when it is filed (services.file_request)."""
    topics_key = _key("helpdesk-topics", [help_request.pk, help_request.updated_at.isoformat()])
    thread_key = None
    if newest is not None:
        thread_key = _key(
            "helpdesk-thread", [help_request.pk, newest, help_request.language, *parts]
        )
    cache = page_cache.page_cache()
    try:
        found = cache.get_many([NAMES_KEY, topics_key, *([thread_key] if thread_key else [])])
    except page_cache.UNREADABLE:  # kept by code since deployed away: a miss
        found = {}
    if thread_key is None:
        thread = build_thread()
    else:
        names = found.get(NAMES_KEY) or page_cache.stamp(NAMES_KEY)
        entry = found.get(thread_key)
        if entry is not None and entry[0] == names:
            thread = entry[1]
        else:
            # Kept with the names counter read before build_thread() read the names: a
            # name saved meanwhile moves the counter on (again when it commits), so this
            # entry is not used.
            thread = build_thread()
            cache.set(thread_key, (names, thread), THREAD_SECONDS)
    topics = found.get(topics_key)
    if topics is None:
        topics = list(build_topics())
        cache.set(topics_key, topics, THREAD_SECONDS)
    return thread, topics


def forget_names() -> None:
    """A person's shown name may have changed: every kept thread is drawn again (at once
    and when the change commits, pages.cache.advance_now_and_on_commit)."""
    page_cache.advance_now_and_on_commit(NAMES_KEY)


def kept_list_rows(requests) -> str:
    """The city list's rows (list_rows) for the rows visible_to read, kept under those rows
    themselves (a digest of every value shown), the language and zone: a new request, a
    status or urgency change, an edited summary or a request gone reads other rows, so
    another entry; nothing has to be told. Shared by everyone who reads the same rows (a
    city's leads)."""
    rows = list(requests)
    if not rows:
        return list_rows(rows)
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return page_cache.shared(
        "helpdesk-list",
        [digest, timezone.get_current_timezone_name()],
        lambda: list_rows(rows),
        LIST_SECONDS,
    )


def _key(name: str, parts: list) -> str:
    """A key that varies, like pages.cache.shared's, on the page generation and the
    language too."""
    vary = "|".join(str(part) for part in [page_cache.generation(), get_language(), *parts])
    return make_template_fragment_key(name, [vary])


# --- Drawn ---


def list_rows(requests) -> str:
    """The list's table rows (up to a hundred), drawn here rather than by the template: a
    template resolves each of a row's dozen values in turn, which cost four times the whole
    page around it. The rows are plain values (public_id, reference, summary, urgency,
    status, filed); the labels are translated once each; the badges are
    components/badge.html's."""
    labels = [
        conditional_escape(label).replace("{", "{{").replace("}", "}}")
        for label in (_("Reference"), _("Summary"), _("Urgency"), _("Status"), _("Filed"))
    ]
    row = (
        '<tr><th scope="row" class="nowrap" data-label="{}"><a href="{{}}">{{}}</a></th>'
        '<td data-label="{}">{{}}</td>'
        '<td data-label="{}"><span class="badge badge--{{}}">{{}}</span></td>'
        '<td data-label="{}"><span class="badge badge--{{}}">{{}}</span></td>'
        '<td data-label="{}"><time datetime="{{}}">{{}}</time></td></tr>'
    ).format(*labels)
    pattern = reverse("helpdesk:request", args=[_PLACEHOLDER])
    urgencies = {value: choice_label(Urgency, value) for value in Urgency.values}
    statuses = {
        value: choice_label(HelpRequest.Status, value) for value in HelpRequest.Status.values
    }
    return format_html_join(
        "",
        row,
        (
            (
                pattern.replace(str(_PLACEHOLDER), str(public_id)),
                reference,
                summary,
                URGENCY_TONES[urgency],
                urgencies.get(urgency, urgency),
                STATUS_TONES[status],
                statuses.get(status, status),
                *moment(created_at),
            )
            for public_id, reference, summary, urgency, status, created_at in requests
        ),
    )


def moment(value, zone=None) -> tuple[str, str]:
    """A message's time as the request pages show it: its `datetime` attribute (in the active
    zone) and "December 5, 2026, 9:14 p.m." in zone (else the active one), in the active
    language. Kept per moment, zones and language, of which it is a pure function: a
    thread's hundred times are the same on every view."""
    active = timezone.get_current_timezone()
    return _moment(value, active, active if zone is None else zone, get_language())


def message_form_html() -> str:
    """The request page's empty message form, as components/form.html draws it: the same
    for every request and reader in a language, so drawn once per language and process."""
    return _message_form_html(get_language())


@functools.lru_cache(maxsize=8)
def _message_form_html(language) -> str:
    return render_to_string("components/form.html", {"form": MessageForm()})


@functools.lru_cache(maxsize=8192)
def _moment(value, active, zone, language) -> tuple[str, str]:
    return (
        value.astimezone(active).isoformat(timespec="seconds"),
        dates.format_datetime(value, zone, weekday=False, with_zone=False, language=language),
    )


def thread_html(help_request, thread) -> str:
    """The conversation's messages (up to a hundred, services.thread_page), drawn here rather
    than by the template, which cost several times the rest of the page. What people wrote
    is in the conversation's language."""
    foreign = help_request.language != get_language()
    lang = format_html(' lang="{}"', help_request.language) if foreign else ""
    return mark_safe(
        "".join(
            format_html(
                '<li><p class="thread__meta"><strong>{}</strong> · <time datetime="{}">{}</time>'
                '</p><p class="prewrap"{}>{}</p>{}</li>',
                message.author_name,
                *moment(message.created_at),
                lang,
                message.body,
                file_list(help_request, message.files),
            )
            for message in thread
        )
    )


def file_list(help_request, files) -> str:
    """A message's files (services.ThreadFile) as the request pages list them, or ""."""
    if not files:
        return ""
    pattern = reverse("helpdesk:attachment", args=[help_request.public_id, _PLACEHOLDER])
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}" download>{}</a> ({})</li>',
            (
                (
                    pattern.replace(str(_PLACEHOLDER), str(f.public_id)),
                    f.name,
                    filesizeformat(f.size),
                )
                for f in files
            ),
        ),
    )
