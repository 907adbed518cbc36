"""The office-hours picker, kept for everyone who asks the same question.

A week of open slots for 40 experts is some 2,000 rows, beside 40 expert cards and the
filters: computing and rendering them is most of what the picker costs, and the answer is
the same for everyone who asks for the same filters and week, in the same zone and language
(office_hours.picker). So the rendered picker is kept (in the "pages"
cache, beside what pages.cache keeps) under those, and under two stamps:

- the minute: which slots are open moves with the clock (the minimum notice), so a picker
  is kept a minute at most;
- the office-hours version: every booking made, changed or cancelled, and every change to
  an expert's availability, weekly windows, time away, profile, topics or account, or to a
  programme's experts, starts a new version once its transaction commits. A slot someone
  has just booked is therefore gone for everyone at once, and a picker read while the
  booking was still being written cannot be kept under the new version.

A page published (pages.cache's generation) also drops every kept picker. Previews keep
nothing. HUB_FRAGMENT_CACHE_SECONDS=0 turns this off, as it does every shared fragment.

The version lives in the "pages" cache: with several processes, that must be Redis
(REDIS_URL) for a booking in one to reach the others at once, as for the generation. Writes
that send no signal (a queryset's update(), such as Wagtail's bulk "deactivate users") show
within the minute; booking checks the slot anew in any case (office_hours.services).
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from network.models import ExpertProfile
from pages import cache as page_cache

from .models import Availability, Booking, OfficeHoursExpert, TimeAway, WeeklyWindow

VERSION_KEY = "hub:office-hours:version"
MINUTE = 60


def version() -> int:
    return page_cache.stamp(VERSION_KEY)


def bump(**kwargs) -> None:
    """Start a new version when the change commits (now, outside a transaction). Takes any
    keyword arguments so that it can be connected to a signal directly."""
    transaction.on_commit(lambda: page_cache.advance(VERSION_KEY))


def _on_change(sender, instance, **kwargs) -> None:
    if sender is get_user_model():
        # Only an expert's account shows (their name; closed, they leave the picker), and
        # signing in changes nothing.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            return
        if not ExpertProfile.objects.filter(user_id=instance.pk).exists():
            return
    bump()


def _watched_models() -> list:
    return [
        Booking,
        Availability,
        WeeklyWindow,
        TimeAway,
        OfficeHoursExpert,
        ExpertProfile,
        get_user_model(),
    ]


def connect_signals() -> None:
    for model in _watched_models():
        for signal in (post_save, post_delete):
            uid = f"hub-picker-{model._meta.label}-{id(signal)}"
            signal.connect(_on_change, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        bump, sender=ExpertProfile.topics.through, dispatch_uid="hub-picker-expert-topics"
    )


def kept(request, parts: list, asked, build: Callable[[], dict]) -> dict:
    """What `build()` returns for this question (`asked`: the picker's own parameters) and
    `parts` (the page, the zone), built once a minute at most and kept for everyone.

    An odd question (several values for one parameter, or a long one) is answered but not
    kept, so that made-up addresses cannot push what everyone shares out of the cache."""
    seconds = min(settings.HUB_FRAGMENT_CACHE_SECONDS, MINUTE)
    odd = any(len(values) != 1 or len(values[0]) > 64 for _name, values in asked.lists())
    if seconds <= 0 or odd or getattr(request, "is_preview", False):
        return build()
    return _shared(
        "office-hours-picker", [request.get_host(), *parts, sorted(asked.lists())], build
    )


def kept_answer(parts: list, build: Callable):
    """What `build()` returns (None too) for a question about open slots asked outside the
    picker (an expert's next slot on a help-desk request, services.next_call), kept for
    everyone as a picker is: a minute at most, and until the office-hours version moves."""
    if settings.HUB_FRAGMENT_CACHE_SECONDS <= 0:
        return build()
    # Wrapped: a kept None would read as nothing kept.
    return _shared("office-hours-answer", parts, lambda: (build(),))[0]


def _shared(name: str, parts: list, build: Callable):
    """build(), kept for everyone under `parts`, the office-hours version and the minute."""
    seconds = min(settings.HUB_FRAGMENT_CACHE_SECONDS, MINUTE)
    minute = int(time.time() // MINUTE)
    return page_cache.shared(name, [*parts, version(), minute], build, seconds)
