"""A learner's own pages kept for them alone: the content block of the course page, the
lesson page and My learning (base.html's `{% wagtailcache %}`), rendered once and served
again until something it shows changes.

What is kept varies on (fragment()): the page cache's generation (publishes, cohorts), the
person and their learning version (moved on by every change of their enrolments, lesson
progress, check attempts, extra attempts and certificates: connect_signals), the language,
the time zone, the day (the cohorts open for enrolment), whether they are a coordinator
(every module open) and their CSRF secret (their session's form tokens; the tokens and a
check's nonce are written afresh into every answer: read()). It expires when the next
module opens for them (until()); a page that shows what others change (a waitlist
position, the facilitators to write to) is not kept.
"""

import datetime
import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pages import cache as page_cache
from pages.models.base import CONTENT_FRAGMENT

LEARNING = "academy-learning"
# Each learner's pages take room in the shared cache: kept a quarter of an hour at most.
KEPT_SECONDS = 15 * 60
NOTHING = {"cache": page_cache.NOTHING_KEPT, "seconds": 0, "vary": "", "key": ""}
# A form's token and a check's nonce, written afresh into every answer.
_FRESH = re.compile(r'name="(csrfmiddlewaretoken|nonce)" value="[^"]*"')


def fragment(request, parts: list) -> dict:
    """How base.html keeps this person's content at this address (SitePage.content_fragment's
    shape): nothing for a visitor, a POST, a preview, a request without a CSRF secret, or
    an address with a query (each would be another copy of the same page)."""
    seconds = min(settings.HUB_FRAGMENT_CACHE_SECONDS, KEPT_SECONDS)
    user = request.user
    secret = request.META.get("CSRF_COOKIE")
    if (
        seconds <= 0
        or request.method != "GET"
        or request.GET
        or getattr(request, "is_preview", False)
        or not user.is_authenticated
        or not secret
    ):
        return NOTHING
    if not hasattr(request, "hub_learning_stamp"):
        request.hub_learning_stamp = page_cache.personal_stamp(LEARNING, user.pk)
    vary = [
        page_cache.generation(),
        get_language(),
        "learner",
        user.pk,
        request.hub_learning_stamp,
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        int(user.is_coordinator),
        hashlib.sha256(secret.encode()).hexdigest()[:16],
        *parts,
    ]
    vary = "|".join(str(part) for part in vary)
    key = make_template_fragment_key(CONTENT_FRAGMENT, [vary])
    return {"cache": "pages", "seconds": seconds, "vary": vary, "key": key}


def read(found: dict, request):
    """The kept content for this request, with fresh form tokens and nonces, or None."""
    if not found["seconds"]:
        return None
    html = caches[found["cache"]].get(found["key"])
    if html is None:
        return None
    token = get_token(request)

    def fresh(match):
        value = token if match[1] == "csrfmiddlewaretoken" else uuid.uuid4()
        return f'name="{match[1]}" value="{value}"'

    return mark_safe(_FRESH.sub(fresh, html))


def until(found: dict, openings=(), *, keep: bool = True) -> dict:
    """The fragment, kept no later than the first of `openings` still to come (when a
    module opens for the learner), or not at all."""
    if not found["seconds"]:
        return found
    if not keep:
        return NOTHING
    now = timezone.now()
    later = [moment for moment in openings if moment and moment > now]
    if not later:
        return found
    left = int((min(later) - now) / datetime.timedelta(seconds=1))
    if left <= 0:
        return NOTHING
    return {**found, "seconds": min(found["seconds"], left)}


# --- What moves a learner's version on ---


def forget(user_id) -> None:
    """Forget everything kept for this person (their learning changed)."""
    page_cache.advance_personal(LEARNING, user_id)


def _learning_changed(sender, instance, **kwargs):
    forget(instance.user_id)


def connect_signals() -> None:
    # Lazy labels: the pages import this module before the models are ready.
    models = ("Enrolment", "LessonProgress", "CheckAttempt", "AttemptGrant", "Certificate")
    for name in models:
        for signal in (post_save, post_delete):
            signal.connect(
                _learning_changed,
                sender=f"academy.{name}",
                dispatch_uid=f"academy-learning-{name}-{id(signal)}",
            )
