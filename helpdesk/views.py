"""The city's side of the help desk: file a request, follow the conversation, reply, reopen,
rate, book a call with the expert, download attachments. Every request is reached through
`HelpRequest.objects.visible_to(user)`; anything else answers 404."""

import logging
import uuid

from botocore.exceptions import BotoCoreError, ClientError
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from network import throttles
from network.models import Organisation, Topic
from pages.templatetags import hub_dates

from . import services
from .forms import MessageForm, RatingForm, RequestForm
from .models import Attachment, GetHelpPage, HelpRequest, Urgency

logger = logging.getLogger(__name__)


def _city_organisations(user):
    return Organisation.objects.of_user(user).cities().order_by("name")


def _topics():
    return Topic.objects.named_in()


@never_cache
def request_list(request):
    if not request.user.is_authenticated:
        # Visitors meet what the help desk is, who may ask and how to get in, not a bare
        # sign-in form.
        page = GetHelpPage.for_active_locale()
        if page is None:
            return redirect_to_login(request.get_full_path())
        return redirect(page.get_url(request))
    user = request.user
    works_queue = (user.is_expert or user.is_coordinator) and user.has_perm(
        "wagtailadmin.access_admin"
    )
    can_file = _city_organisations(user).exists()
    mine = (
        HelpRequest.objects.visible_to(user)
        .filter(organisation__in=Organisation.objects.of_user(user))
        # Only what the list shows (request_list.html): no organisation, no expert.
        .only("public_id", "reference", "summary", "urgency", "status", "created_at")
        .order_by("-created_at")
    )
    if works_queue and not can_file and not mine.exists():
        # An expert or coordinator with no city answers requests in the workspace: the
        # site's "Help desk" link leads there, not to "your account is not linked to a city".
        return redirect("helpdesk_admin:queue")
    return render(
        request,
        "helpdesk/request_list.html",
        {
            "rows": _list_rows(mine[:100]),
            "can_file": can_file,
            "queue_url": reverse("helpdesk_admin:queue") if works_queue else "",
        },
    )


def _list_rows(requests) -> str:
    """The list's table rows (up to a hundred), drawn here rather than by the template: a
    template resolves each of a row's dozen values in turn, which cost four times the whole
    page around it. The labels are read once; the badges are components/badge.html's."""
    labels = [_("Reference"), _("Summary"), _("Urgency"), _("Status"), _("Filed")]
    pattern = reverse("helpdesk:request", args=[_PLACEHOLDER])
    return format_html_join(
        "",
        '<tr><th scope="row" class="nowrap" data-label="{}"><a href="{}">{}</a></th>'
        '<td data-label="{}">{}</td>'
        '<td data-label="{}"><span class="badge badge--{}">{}</span></td>'
        '<td data-label="{}"><span class="badge badge--{}">{}</span></td>'
        '<td data-label="{}"><time datetime="{}">{}</time></td></tr>',
        (
            (
                labels[0],
                pattern.replace(str(_PLACEHOLDER), str(item.public_id)),
                item.reference,
                labels[1],
                item.summary,
                labels[2],
                item.urgency_tone,
                item.urgency_label,
                labels[3],
                item.status_tone,
                item.status_label,
                labels[4],
                hub_dates.iso(timezone.localtime(item.created_at)),
                hub_dates.date_time(item.created_at),
            )
            for item in requests
        ),
    )


_PLACEHOLDER = uuid.UUID(int=0)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def new_request(request):
    organisations = _city_organisations(request.user)
    if not organisations.exists():
        return render(request, "helpdesk/new_request.html", {"no_city": True})
    first = organisations.first()
    posted = request.method == "POST"
    initial = {
        "organisation": first,
        "country": first.country,
        "region": first.region,
        "language": request.user.language,
    }
    status, throttled = 200, False
    if posted and (refusal := _one_too_many(request, organisations)):
        # Counted before the form is bound to its files, so invalid posts count too and a
        # refused one's files are never unpacked or scanned. Nothing is filed, nobody is
        # paged: the form again, as written, with when to try again and the other ways to
        # reach the hub (new_request.html).
        form = RequestForm(
            request.POST, organisations=organisations, topics=_topics(), initial=initial
        )
        form.is_valid()  # the typed text, cleaned as usual (no files: nothing to read)
        form.add_error(None, refusal)
        status, throttled = 429, True
    else:
        form = RequestForm(
            request.POST if posted else None,
            request.FILES if posted else None,
            organisations=organisations,
            topics=_topics(),
            initial=initial,
        )
    if posted and not throttled:
        if form.is_valid():
            data = form.cleaned_data
            try:
                filed = services.file_request(
                    by=request.user,
                    organisation=data["organisation"],
                    urgency=data["urgency"],
                    sensitivity=data["sensitivity"],
                    language=data["language"],
                    summary=data["summary"],
                    details=data["details"],
                    country=data["country"],
                    region=data["region"],
                    topics=data["topics"],
                    files=data["files"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _(
                        "Your request %(reference)s is filed. We have told the expert; you will "
                        "hear from us here and by email."
                    )
                    % {"reference": filed.reference},
                )
                return redirect("helpdesk:request", filed.public_id)
        # An invalid form is shown again with its error summary, which takes the focus.
    return render(
        request,
        "helpdesk/new_request.html",
        {
            "form": form,
            "chose_at_risk": form.data.get("urgency") == Urgency.AT_RISK,
            "throttled": throttled,
            "hub_address": _hub_address() if throttled else "",
        },
        status=status,
    )


def _one_too_many(request, organisations) -> str:
    """Why this post of the new-request form is refused, or "" (settings
    HUB_RATE_HELPDESK_FILE_*: per official, per city, per visitor address), read from the
    raw post before anything is validated. A request saying someone is at risk counts
    against the official only: one account filling its city's or its address's count must
    not close the desk to that city in a crisis."""
    limits = [throttles.Limit("HUB_RATE_HELPDESK_FILE_PERSON")]
    if request.POST.get("urgency") != Urgency.AT_RISK:
        organisation = _posted_organisation(request, organisations)
        if organisation is not None:
            limits.append(
                throttles.Limit(
                    "HUB_RATE_HELPDESK_FILE_ORGANISATION", key=f"organisation:{organisation.pk}"
                )
            )
        limits.append(throttles.Limit("HUB_RATE_HELPDESK_FILE_CLIENT"))
    retry_at = throttles.consume(request, *limits)
    if retry_at is None:
        return ""
    message = _(
        "We have received several requests from you or your city in a short time, so this "
        "one is not filed yet. %(when)s What you wrote is kept below."
    )
    return _refusal(request, message, retry_at)


def _refusal(request, message: str, retry_at) -> str:
    """A limit's refusal: when to try again, and the files to attach again if any came."""
    message %= {"when": throttles.try_again(retry_at)}
    if any(upload for upload in request.FILES.getlist("files")):
        message += " " + _("Attach your files again: a page cannot keep them.")
    return message


def _posted_organisation(request, organisations):
    """The city the post names, if it is one of the official's (else the form refuses it)."""
    try:
        return organisations.filter(pk=int(request.POST.get("organisation", ""))).first()
    except ValueError:
        return None


def _too_many_replies(request) -> str:
    """Why this reply is refused (settings.HUB_RATE_HELPDESK_REPLY_PERSON), or ""."""
    retry_at = throttles.consume(request, throttles.Limit("HUB_RATE_HELPDESK_REPLY_PERSON"))
    if retry_at is None:
        return ""
    message = _(
        "We have received several messages from you in a short time, so this one is not sent "
        "yet. %(when)s What you wrote is kept below."
    )
    return _refusal(request, message, retry_at)


def _hub_address() -> str:
    """The hub team's address on the Get help page, if it gives one."""
    page = GetHelpPage.for_active_locale()
    return page.contact_email if page else ""


def _visible(request, public_id) -> HelpRequest:
    return get_object_or_404(
        HelpRequest.objects.visible_to(request.user).select_related(
            "organisation", "assignee__user", "requester"
        ),
        public_id=public_id,
    )


def _thread_html(help_request, thread) -> str:
    """The conversation's messages (up to a hundred), drawn here rather than by the
    template, which cost several times the rest of the page. What people wrote is in the
    conversation's language."""
    foreign = help_request.language != get_language()
    lang = format_html(' lang="{}"', help_request.language) if foreign else ""
    parts = []
    for message in thread:
        name = message.author.get_full_name()
        files = message.attachments.all()
        file_list = (
            format_html(
                "<ul>{}</ul>",
                format_html_join(
                    "",
                    '<li><a href="{}" download>{}</a> ({})</li>',
                    (
                        (
                            reverse(
                                "helpdesk:attachment", args=[help_request.public_id, f.public_id]
                            ),
                            f.name,
                            filesizeformat(f.size),
                        )
                        for f in files
                    ),
                ),
            )
            if files
            else ""
        )
        parts.append(
            format_html(
                '<li><p class="thread__meta"><strong>{}</strong> · <time datetime="{}">{}</time>'
                '</p><p class="prewrap"{}>{}</p>{}</li>',
                name,
                hub_dates.iso(timezone.localtime(message.created_at)),
                hub_dates.date_time(message.created_at),
                lang,
                message.body,
                file_list,
            )
        )
    return mark_safe("".join(parts))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, public_id):
    help_request = _visible(request, public_id)
    if not services.is_city_side(request.user, help_request):
        raise Http404  # experts and coordinators work in the admin
    form = MessageForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "message" and (refusal := _too_many_replies(request)):
                # Counted before the files are read: the message again, as written.
                form = MessageForm(request.POST)
                form.is_valid()
                form.add_error(None, refusal)
                status = 429
            elif action == "message":
                form = MessageForm(request.POST, request.FILES)
                if form.is_valid():
                    services.post_message(
                        request=help_request,
                        author=request.user,
                        body=form.cleaned_data["body"],
                        files=form.cleaned_data["files"],
                    )
                    messages.success(request, _("Sent."))
                    return redirect(request.path + "#conversation")
            elif action == "reopen":
                services.reopen(request=help_request, by=request.user)
                messages.success(request, _("Reopened. The expert has been told."))
                return redirect(request.path)
            elif action == "rate":
                rating = RatingForm(request.POST)
                if not rating.is_valid():
                    raise ValidationError(_("Choose a rating from the list."))
                services.rate(
                    request=help_request, by=request.user, rating=rating.cleaned_data["rating"]
                )
                messages.success(request, _("Thank you for telling us."))
                return redirect(request.path)
            elif action == "book_call":
                booking = services.book_call(request=help_request, by=request.user)
                messages.success(
                    request,
                    _(
                        "Your call is booked. We have emailed you the "
                        "details and a calendar invitation."
                    ),
                )
                return redirect("office_hours:booking", booking.public_id)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if action != "message":
                return redirect(request.path)
        except PermissionDenied:
            raise Http404 from None
    services.record_view(request=help_request, by=request.user)
    thread, earlier = services.thread_page(
        help_request.messages.filter(internal=False), request.GET.get("before")
    )
    return render(
        request,
        "helpdesk/request_detail.html",
        {
            "help_request": help_request,
            "thread": thread,
            "thread_html": _thread_html(help_request, thread),
            "earlier": earlier,
            "files": help_request.attachments.filter(message__isnull=True),
            "topics": help_request.topics.all(),
            "form": form,
            "ratings": help_request.Rating.choices,
            # The at-risk panel offers its own call (request_detail.html): the next
            # office-hours slot is looked up only where the page shows it.
            "next_call": None
            if help_request.urgency == Urgency.AT_RISK
            and help_request.is_open
            and help_request.assignee_id
            else services.next_call(help_request),
            "can_reopen": services.can_reopen(help_request),
        },
        status=status,
    )


@never_cache
@login_required
def attachment(request, public_id, file_id):
    """A file, only for someone who may see the request (and, for an internal note's
    file, only the expert side); always a download, never cached."""
    help_request = _visible(request, public_id)
    found = get_object_or_404(
        Attachment.objects.filter(request=help_request).select_related("message"),
        public_id=file_id,
    )
    if found.internal and not services.is_expert_side(request.user, help_request):
        raise Http404
    # The file is opened first, and the download recorded only once it is in hand: a file
    # the storage has lost answers 404, a storage that does not answer 503, and neither is
    # recorded as taken. Then it goes to the visitor in chunks (from the private bucket,
    # django-storages first copies it to a temporary file).
    try:
        handle = found.file.storage.open(found.file.name, "rb")
        # From a bucket, opening only asks whether the object is there; this fetches it.
        handle.seek(0)
    except FileNotFoundError:
        logger.error("Help-desk file %s is missing from its storage.", found.public_id)
        return _file_unavailable(request, help_request, status=404)
    except (OSError, BotoCoreError, ClientError):
        logger.exception("Help-desk file %s could not be read from its storage.", found.public_id)
        return _file_unavailable(request, help_request, status=503)
    services.record_download(request=help_request, attachment=found, by=request.user)
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _file_unavailable(request, help_request, *, status: int):
    context = {"status": status, "help_request": help_request}
    response = render(request, "helpdesk/file_unavailable.html", context, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response
