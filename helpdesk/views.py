"""The city's side of the help desk: file a request, follow the conversation, reply, reopen,
rate, book a call with the expert, download attachments. Every request is reached through
`HelpRequest.objects.visible_to(user)`; anything else answers 404."""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from network import throttles
from network.bilingual import reader_language
from network.models import Organisation, Topic

from . import services
from .forms import MessageForm, RatingForm, RequestForm
from .models import Attachment, GetHelpPage, HelpRequest, Urgency
from .thread_cache import (
    RequestFacts,
    kept_list_rows,
    kept_request_parts,
    message_form_html,
    thread_html,
)

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
    rows = list(
        HelpRequest.objects.visible_to(user)
        .filter(organisation__memberships__user=user)
        .order_by("-created_at")
        # Only what the list shows (request_list.html), and whether it is a city's.
        .values_list(
            "public_id",
            "reference",
            "summary",
            "urgency",
            "status",
            "created_at",
            "organisation__kind",
        )[:100]
    )
    # Requests are filed for cities: a city's request in the list says the person belongs
    # to one; only without one are their organisations asked.
    can_file = any(row[-1] == Organisation.Kind.CITY for row in rows) or (
        _city_organisations(user).exists()
    )
    if works_queue and not can_file and not rows:
        # An expert or coordinator with no city answers requests in the workspace: the
        # site's "Help desk" link leads there, not to "your account is not linked to a city".
        return redirect("helpdesk_admin:queue")
    return render(
        request,
        "helpdesk/request_list.html",
        {
            "rows": kept_list_rows(row[:-1] for row in rows),
            "can_file": can_file,
            "queue_url": reverse("helpdesk_admin:queue") if works_queue else "",
        },
    )


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
    """The request, if this person may see it (its own row: what the city's page shows of
    the rows around it is kept, RequestFacts)."""
    return get_object_or_404(HelpRequest.objects.visible_to(request.user), public_id=public_id)


def _topics_shown(help_request):
    """The request's topics, each with its name in the reader's language where translated
    (what `topic.localized.name` shows, in one query rather than two for each topic)."""
    translated = Topic.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=reader_language()
    ).values("name")[:1]
    return help_request.topics.annotate(
        shown_name=Coalesce(Subquery(translated), "name")
    ).values_list("shown_name", flat=True)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, public_id):
    help_request = _visible(request, public_id)
    if not services.is_city_side(request.user, help_request):
        raise Http404  # experts and coordinators work in the admin
    form = None  # a refused or invalid message's form, drawn as it was posted
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
    # Kept under the page it shows, not the raw parameter: any other text is the newest page.
    before = services.page_before(request.GET.get("before"))

    def build():
        thread, earlier, files = services.thread_page(
            help_request.messages.filter(internal=False), before, request=help_request
        )
        topics = list(_topics_shown(help_request))
        return (
            (thread_html(help_request, thread), earlier, files),
            topics,
            RequestFacts.of(help_request),
        )

    (thread, earlier, files), topics, facts = kept_request_parts(
        help_request,
        parts=["city", before, timezone.get_current_timezone_name()],
        build=build,
    )
    return render(
        request,
        "helpdesk/request_detail.html",
        {
            "help_request": help_request,
            "thread_html": thread,
            "earlier": earlier,
            "files": files,
            "topics": topics,
            "facts": facts,
            "form": form,
            # The empty form is the same for everyone, drawn once per language.
            "form_html": message_form_html() if form is None else "",
            "ratings": help_request.Rating.choices,
            # The at-risk panel offers its own call (request_detail.html): the next
            # office-hours slot is looked up only where the page shows it.
            "next_call": None
            if help_request.urgency == Urgency.AT_RISK
            and help_request.is_open
            and help_request.assignee_id
            else services.next_call(help_request, kept=True),
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
