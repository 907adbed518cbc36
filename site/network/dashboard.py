"""My hub: the page a signed-in person lands on, gathering what is theirs in every service.

`network` never imports the feature apps: each registers a function under the Wagtail hook
`HOOK` (like Wagtail's own `construct_homepage_panels`) that takes the request and returns a
`Panel`, or None when the person has nothing there and no way in.
"""

import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from wagtail import hooks

HOOK = "hub_dashboard_panels"


@dataclass(frozen=True, eq=False)
class Panel:
    """One card of My hub: its heading, and a template rendered with `context` alone."""

    key: str  # names the card's heading id: "learning", "webinars", ...
    order: int
    title: str
    template: str
    context: dict = field(default_factory=dict)

    def render(self) -> str:
        return render_to_string(self.template, {**self.context, "panel": self})


def viewer_zone(user) -> zoneinfo.ZoneInfo:
    """The zone a person reads times in: their profile's, else the hub's."""
    try:
        return zoneinfo.ZoneInfo(user.time_zone or settings.HUB_DEFAULT_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.HUB_DEFAULT_TIME_ZONE)


def panels_for(request) -> list[Panel]:
    """Every feature app's panel for this person, in their order."""
    found = [hook(request) for hook in hooks.get_hooks(HOOK)]
    return sorted((panel for panel in found if panel is not None), key=lambda p: p.order)
