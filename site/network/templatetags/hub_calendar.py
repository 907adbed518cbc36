"""The profile's My calendar section (templates/account/_calendar.html): the person's own
calendar address, if they have one, as they would paste it and as a subscribe link."""

from django import template
from django.urls import reverse

from network.models import CalendarFeed

register = template.Library()


@register.simple_tag
def my_calendar(request) -> dict | None:
    """{"address", "webcal", "last_read_at"} for the signed-in person, or None."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if feed is None:
        return None
    address = request.build_absolute_uri(reverse("network:calendar-feed", args=[feed.token]))
    return {
        "address": address,
        # webcal:// asks the system's calendar app to subscribe (Apple, Outlook).
        "webcal": "webcal://" + address.split("://", 1)[1],
        "last_read_at": feed.last_read_at,
    }
