"""The public grants pages' helpers: a call's state and award range in the reader's
language, the apply link (reversed safely: the applying views may not be installed), and the
office-hours page to get help applying."""

from decimal import Decimal

from django import template
from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def safe_url(name, *args):
    """The URL, or "" when no such view is installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.simple_tag
def apply_url(call):
    """Where "Apply" leads: the call's eligibility check."""
    return safe_url("grants:eligibility", call.pk)


@register.filter
def call_state(call) -> str:
    """ "upcoming", "open" or "closed", now."""
    now = timezone.now()
    if call.opens_at and call.opens_at > now:
        return "upcoming"
    if call.deadline and call.deadline <= now:
        return "closed"
    return "open"


def amount_text(amount, currency: str) -> str:
    """$25,000 / 25 000 $ US: whole dollars without cents."""
    amount = Decimal(amount)
    places = 0 if amount == amount.to_integral_value() else 2
    number = number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    if (get_language() or "en").startswith("fr"):
        suffix = "\u00a0$\u00a0US" if currency == "USD" else "\u00a0$"
        return f"{number}{suffix}"
    prefix = "US$" if currency == "USD" else "C$"
    return f"{prefix}{number}"


@register.simple_tag
def award_range(call) -> str:
    """ "US$5,000 to US$25,000", "up to …", "from …", or "" with neither."""
    low, high = call.award_min, call.award_max
    currency = call.currency
    if low and high and low != high:
        return _("%(low)s to %(high)s") % {
            "low": amount_text(low, currency),
            "high": amount_text(high, currency),
        }
    if high:
        return _("up to %(amount)s") % {"amount": amount_text(high, currency)}
    if low:
        return _("from %(amount)s") % {"amount": amount_text(low, currency)}
    return ""


@register.simple_tag
def office_hours_page(locale):
    """The office-hours page in the reader's language, or None."""
    try:
        model = apps.get_model("office_hours", "OfficeHoursPage")
    except LookupError:
        return None
    return model.objects.live().public().filter(locale=locale).first()


@register.simple_tag(takes_context=True)
def reader_zone(context):
    """The signed-in reader's zone, or the hub's for visitors (never UTC on a deadline)."""
    from django.conf import settings

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.time_zone:
        return user.time_zone
    return settings.HUB_DEFAULT_TIME_ZONE
