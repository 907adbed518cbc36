"""Joining the network: the public expression of interest, and what happens next."""

from allauth.core.internal import ratelimit
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .. import pipeline
from ..models import Organisation
from ..pipeline_forms import FIELD_FOR, InterestForm

# allauth's rate limiter, which already keys the sign-in and sign-up limits on the real
# client (behind a proxy too) in the shared cache: a few cities an hour from one address,
# and three a day for one contact address, is more than any real city needs.
RATE_LIMITS = {"join_network": "10/h/ip,3/d/key"}


def join_network(request):
    """The expression of interest: a prospective city in the pipeline, then the thanks."""
    initial = {}
    if request.user.is_authenticated:
        initial = {"contact_name": request.user.full_name, "contact_email": request.user.email}
    form = InterestForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        allowed = ratelimit.consume(
            request,
            app="network",
            action="join_network",
            config=RATE_LIMITS,
            key=data["contact_email"].lower(),
        )
        if not allowed:
            form.add_error(
                None,
                _(
                    "We have received several expressions of interest from here in a short "
                    "time. Please try again later, or write to the hub team."
                ),
            )
            status = 429
        else:
            try:
                expression = pipeline.express_interest(
                    organisation_name=data["organisation_name"],
                    kind=Organisation.Kind.CITY,
                    country=data["country"],
                    region=data["region"],
                    website=data["website"],
                    contact_name=data["contact_name"],
                    contact_role=data["contact_role"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    why_now=data["why_now"],
                    language=get_language(),
                    user=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                request.session["join_network_name"] = expression.organisation.name
                return redirect("network:join-network-thanks")
    return render(request, "network/join_network.html", {"form": form}, status=status)


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages in error.message_dict.items():
        field = FIELD_FOR.get(name)
        form.add_error(field if field in form.fields else None, messages)


def join_network_thanks(request):
    """After the form: what happens next (the name of the city, for the person who sent it)."""
    return render(
        request,
        "network/join_network_thanks.html",
        {"organisation_name": request.session.get("join_network_name", "")},
    )
