"""The city's side of the help desk: file a request, follow the conversation, reply, reopen,
rate, book a call with the expert, download attachments. Every request is reached through
`HelpRequest.objects.visible_to(user)`; anything else answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from network import throttles
from network.models import Organisation, Topic

from . import services
from .forms import MessageForm, RatingForm, RequestForm
from .models import Attachment, GetHelpPage, HelpRequest, Urgency


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
        .select_related("organisation", "assignee__user")
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
            "requests": mine[:100],
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
    form = RequestForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organisations=organisations,
        topics=_topics(),
        initial={
            "organisation": first,
            "country": first.country,
            "region": first.region,
            "language": request.user.language,
        },
    )
    status, throttled = 200, False
    if posted:
        if form.is_valid() and _one_too_many(request, form):
            # Nothing is filed, nobody is paged: the form again, as written, with when to
            # try again and the other ways to reach the hub (new_request.html).
            status, throttled = 429, True
        elif form.is_valid():
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


def _one_too_many(request, form) -> bool:
    """Whether this request is over a limit (settings.HUB_RATE_HELPDESK_FILE_*: per
    official, per city, per visitor address); if so the form says when to try again."""
    organisation = form.cleaned_data["organisation"]
    retry_at = throttles.consume(
        request,
        throttles.Limit("HUB_RATE_HELPDESK_FILE_PERSON"),
        throttles.Limit(
            "HUB_RATE_HELPDESK_FILE_ORGANISATION", key=f"organisation:{organisation.pk}"
        ),
        throttles.Limit("HUB_RATE_HELPDESK_FILE_CLIENT"),
    )
    if retry_at is None:
        return False
    message = _(
        "We have received several requests from you or your city in a short time, so this "
        "one is not filed yet. %(when)s What you wrote is kept below."
    ) % {"when": throttles.try_again(retry_at)}
    if form.cleaned_data.get("files"):
        message += " " + _("Attach your files again: a page cannot keep them.")
    form.add_error(None, message)
    return True


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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request, public_id):
    help_request = _visible(request, public_id)
    if not services.is_city_side(request.user, help_request):
        raise Http404  # experts and coordinators work in the admin
    form = MessageForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "message":
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
            "earlier": earlier,
            "files": help_request.attachments.filter(message__isnull=True),
            "topics": help_request.topics.all(),
            "form": form,
            "ratings": help_request.Rating.choices,
            "next_call": services.next_call(help_request),
            "can_reopen": services.can_reopen(help_request),
        },
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
    services.record_download(request=help_request, attachment=found, by=request.user)
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=found.name,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
