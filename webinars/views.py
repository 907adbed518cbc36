from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import registration as flow
from .forms import RegistrationForm
from .models import Registration

Status = Registration.Status


def register(request, session):
    """The registration form's POST: a place, or the form again with what was typed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RegistrationForm(request.POST, user=request.user)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if request.user.is_authenticated:
            data["email"] = request.user.email
        try:
            registration, created = flow.register(session=session, data=data, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(session.get_url(request))
        if not request.user.is_authenticated:
            # The same answer whether or not the address was registered already: the page
            # never tells a visitor who else is coming. The email says where they stand.
            if not created:
                flow.notify(registration)
            messages.success(request, _("Thank you. We have emailed the details to %(email)s.")
                             % {"email": registration.email},
                             extra_tags="inline registration")  # fmt: skip
        # The registration area, focused by its anchor, now says where the person stands
        # (webinars.registration.session_view), in place of the form.
        return redirect(session.get_url(request) + "#registration")
    context = session.get_context(request)
    context["form"] = form
    return TemplateResponse(request, session.get_template(request), context)


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    """A registrant's own page, reached from the link in their emails without signing in."""
    try:
        registration = flow.registration_from_token(token)
    except ValidationError as error:
        return render(request, "webinars/manage.html", {"error": error.messages[0]}, status=404)
    if request.method == "POST":
        try:
            flow.cancel(registration=registration)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect(request.path)
    session = registration.session.localized.specific
    return render(
        request,
        "webinars/manage.html",
        {
            "registration": registration,
            "session": session,
            "is_past": registration.session.state() == "past",
            "cancel_url": reverse("webinars:manage-cancel", args=[token]),
            "join_url": registration.session.join_url
            if registration.status == Status.REGISTERED
            else "",
            **flow.session_times(request, registration.session),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage_cancel(request, token):
    """Cancelling a registration from its page: what follows and a question (GET); the POST
    cancels and goes back to the registration's page, which says so at the top."""
    try:
        registration = flow.registration_from_token(token)
    except ValidationError as error:
        return render(request, "webinars/manage.html", {"error": error.messages[0]}, status=404)
    back = reverse("webinars:manage", args=[token])
    if not registration.is_active or registration.session.state() == "past":
        return redirect(back)  # that page says where the registration stands
    if request.method == "POST":
        try:
            flow.cancel(registration=registration)
        except ValidationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Your registration is cancelled. Thank you for telling us.")
            )
        return redirect(back + "#messages")
    return render(
        request,
        "webinars/manage_cancel.html",
        {
            "registration": registration,
            "session": registration.session.localized.specific,
            "back_url": back,
            "waitlist_position": flow.waitlist_position(registration),
            **flow.session_times(request, registration.session),
        },
    )


def subscribe(request, series):
    """The series form's POST: a place at every session to come, or the form again."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RegistrationForm(request.POST, user=request.user)
    if not form.is_valid():
        context = series.get_context(request)
        context["form"] = form
        return TemplateResponse(request, series.get_template(request), context)
    data = dict(form.cleaned_data)
    if request.user.is_authenticated:
        data["email"] = request.user.email
    subscription = flow.subscribe(series=series, data=data, user=request.user)
    messages.success(
        request,
        _("Thank you. You are registered for every session of this series; we have emailed "
          "the details to %(email)s.") % {"email": subscription.email},
    )  # fmt: skip
    return redirect(series.get_url(request) + "#series-registration")


@never_cache
@require_http_methods(["GET", "POST"])
def series_subscription(request, token):
    """A series registrant's own page: stop being registered for new sessions."""
    try:
        subscription = flow.subscription_from_token(token)
    except ValidationError as error:
        return render(
            request, "webinars/series_subscription.html", {"error": error.messages[0]}, status=404
        )
    if request.method == "POST":
        subscription.active = False
        subscription.save(update_fields=["active"])
        messages.success(
            request,
            _("You will no longer be registered for new sessions of this series. Places you "
              "already have stay yours; each can be cancelled from its own email."),
        )  # fmt: skip
        return redirect(request.path)
    return render(
        request,
        "webinars/series_subscription.html",
        {"subscription": subscription, "series": subscription.series.localized},
    )
