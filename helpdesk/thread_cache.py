"""What the help desk's request pages draw in Python rather than in templates (a message's
time, its files, the conversation, the city's list of requests), and what of it is kept in
the page cache for the city's pages. The views reach every request through
`HelpRequest.objects.visible_to(user)` first and hand over what they read; only
RequestFacts.of reads the rows around a request they hand over, when they are not kept."""

import functools
import hashlib
import uuid
from typing import NamedTuple

from django.core.cache.utils import make_template_fragment_key
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from network.bilingual import Text
from pages import cache as page_cache
from pages import dates

from .forms import MessageForm
from .models import HelpRequest, Urgency
from .models.requests import STATUS_TONES, URGENCY_TONES, choice_label

# Moved on by helpdesk.apps when a person's shown name or an expert's role changes
# (kept_request_parts).
NAMES_KEY = "hub:helpdesk:names"
THREAD_SECONDS = 24 * 60 * 60
# A list changed is kept under another key: the copy it replaces is left to expire.
LIST_SECONDS = 60 * 60

_PLACEHOLDER = uuid.UUID(int=0)


# --- Kept ---


class RequestFacts(NamedTuple):
    """What the city's request page shows of the rows around the request: its
    organisation's name, who filed it (User.get_full_name), the assigned expert's name and
    role in the reader's language ("" when nobody is assigned)."""

    organisation: str
    filed_by: str
    expert: str
    expert_role: str
    expert_role_lang: str

    @classmethod
    def of(cls, help_request) -> "RequestFacts":
        """Read from the request's related rows, in one query (only when not kept). A
        closed account's name is gone: it reads "Former member", as in the thread."""
        joined = HelpRequest.objects.select_related(
            "organisation", "requester", "assignee__user"
        ).get(pk=help_request.pk)
        assignee = joined.assignee
        role = assignee.display_role if assignee else Text("", "")
        expert = ""
        if assignee:
            account = assignee.user
            expert = account.get_full_name() if account.closed_at else account.full_name
        return cls(
            joined.organisation.name,
            joined.requester.get_full_name(),
            expert,
            str(role),
            role.lang,
        )

    @property
    def role(self) -> Text:
        """The expert's role as a Text, for the `lang_attr` filter."""
        return Text(self.expert_role, self.expert_role_lang)


def kept_request_parts(help_request, *, parts: list, build):
    """What build() returns for the city's request page (its thread, topics and facts),
    read in one cache round trip. Every reader reached the request through visible_to
    first.

    Kept for everyone who sees the city's side of the request, per page generation (a topic
    or an organisation renamed) and language, until the request is next saved
    (`updated_at`) or a shown name changes (NAMES_KEY: a person's, an expert's role;
    helpdesk.apps).
    Every message the city sees is posted by services.post_message, which saves the request
    in the same transaction (an internal note does not, and the city never sees one); an
    expert is assigned by saving the request; its topics are set when it is filed
    (services.file_request). So the request's own row says when what is kept changed, and
    the page reads no message, person or organisation to know it."""
    key = _key(
        "helpdesk-request",
        [help_request.pk, help_request.updated_at.isoformat(), help_request.language, *parts],
    )
    cache = page_cache.page_cache()
    try:
        found = cache.get_many([NAMES_KEY, key])
    except page_cache.UNREADABLE:  # kept by code since deployed away: a miss
        found = {}
    names = found.get(NAMES_KEY) or page_cache.stamp(NAMES_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] == names:
        return entry[1]
    # Kept with the names counter read before build() read the names: a name saved
    # meanwhile moves the counter on (again when it commits), so this entry is not used.
    built = build()
    cache.set(key, (names, built), THREAD_SECONDS)
    return built


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
