"""Limits on what one visitor, person, email address or organisation may send in a time
(webinar registrations, help-desk requests), on allauth's rate limiter: the same visitor
address as the sign-in limits (behind a proxy too: HUB_TRUSTED_PROXY_COUNT,
HUB_CLIENT_IP_HEADER) and the same shared cache (Redis in production), so every node
counts together. The rates are settings (HUB_RATE_*), read at each request."""

import datetime
import math
import time
import zoneinfo
from dataclasses import dataclass

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pages import dates

APP = "hub"


@dataclass(frozen=True)
class Limit:
    """One setting's rates (e.g. "HUB_RATE_HELPDESK_FILE_PERSON") and, for rates per key,
    what they count (an email address, an organisation)."""

    setting: str
    key: str | None = None


def consume(request, *limits: Limit) -> datetime.datetime | None:
    """Count one try against every limit. None when all allow it; else the moment the
    person may try again, and nothing is counted (a refusal by one limit uses up none of
    the others, so a refused visitor does not also fill up their city's count)."""
    config = {limit.setting: getattr(settings, limit.setting) for limit in limits}
    for dry_run in (True, False):
        for limit in limits:
            allowed = ratelimit.consume(
                request,
                app=APP,
                action=limit.setting,
                config=config,
                key=limit.key,
                dry_run=dry_run,
            )
            if not allowed:
                return _retry_at(request, limit, config)
    return None


def _retry_at(request, limit: Limit, config: dict) -> datetime.datetime:
    """When the oldest counted try of the full rate leaves its window (at least a minute
    from now; a lock that could not be taken in time is a minute too)."""
    now = time.time()
    at = now + 60
    for rate in ratelimit.get_rates(app=APP, action=limit.setting, config=config):
        cache_key = ratelimit.get_cache_key(
            request, app=APP, action=limit.setting, rate=rate, key=limit.key
        )
        history = [moment for moment in cache.get(cache_key, []) if moment > now - rate.duration]
        if len(history) >= rate.amount:
            # Newest first: the try that must leave the window is the amount-th one.
            at = max(at, sorted(history, reverse=True)[rate.amount - 1] + rate.duration)
    return datetime.datetime.fromtimestamp(at, tz=datetime.UTC)


def try_again(retry_at: datetime.datetime, *, zone=None) -> str:
    """When to try again, in the reader's words: "Please try again in 8 minutes." within the
    hour, else "Please try again after 4:10 p.m. EST." (the day too when it is not today),
    in `zone` (the reader's) or the active one."""
    zone = str(zone or timezone.get_current_timezone_name())
    minutes = max(1, math.ceil((retry_at - timezone.now()).total_seconds() / 60))
    if minutes < 60:
        return ngettext(
            "Please try again in %(count)d minute.",
            "Please try again in %(count)d minutes.",
            minutes,
        ) % {"count": minutes}
    tz = zoneinfo.ZoneInfo(zone)
    if timezone.localtime(retry_at, tz).date() == timezone.localtime(timezone.now(), tz).date():
        moment = dates.format_time_with_zone(retry_at, zone)
    else:
        moment = dates.format_datetime(retry_at, zone)
    return _("Please try again after %(moment)s.") % {"moment": moment}
