"""What every Wagtail admin page pays: the sidebar, kept per person (issue 25).

Every admin page, ours and Wagtail's own, renders Wagtail's `{% sidebar_props %}`: the main
menu with every item's `is_shown` (permission checks, the roles, a cohort or review lookup),
the first search area the person may use, the account menu, their name and avatar, packed
with telepath into JSON. It was about half of what the admin's furniture costs a request
(about 20 ms of 40 in-process, 5 to 11 queries).

Here the JSON it writes is kept per person and language, and used again while nothing it
depends on has changed. The same tag is registered in Wagtail's own template library
(`install`, from network.wagtail_hooks), so every admin template, Wagtail's included, reads
it; on a miss it is Wagtail's own tag that renders, so the HTML is the same.

What is kept: `(person's id, chrome version, page generation, the JSON)` under a key of the
person's id and the active language. It is used only if the person and both counters still
match. The chrome version moves on (at once and again when the change commits, as the page
generation does: pages.cache.invalidate) whenever something a menu item may read is saved,
deleted or (many-to-many) changed: any person (their name, language, superuser flag or
active state), any group, a group's or a person's permissions or groups, Wagtail's profile
(avatar, language, dismissed items), page and collection permissions, an expert profile
(the help desk's items), a cohort or its facilitators (the academy's reports and staff
screens) and a grant review (My reviews). The page generation (pages.cache) covers the page
tree, from which the page explorer's starting point comes. Anything a menu item may read
that is not listed would be seen within `SECONDS` at the latest: when adding a menu item
whose `is_shown` reads another model, add that model to `DEPENDS_ON`.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.admin.templatetags import wagtailadmin_tags

from pages.cache import GENERATION_KEY, advance, page_cache, stamp

VERSION_KEY = "hub:admin:chrome"
SECONDS = 600
# The models (and many-to-many tables) whose changes may change somebody's sidebar, by label
# so that network imports no feature app (tests/config/test_architecture.py).
DEPENDS_ON = frozenset(
    {
        "network.user",
        "network.user_groups",
        "network.user_user_permissions",
        "network.expertprofile",
        "auth.group",
        "auth.group_permissions",
        "auth.permission",
        "wagtailusers.userprofile",
        "wagtailcore.grouppagepermission",
        "wagtailcore.groupcollectionpermission",
        "academy.cohort",
        "academy.cohort_facilitators",
        "grants.review",
    }
)

wagtail_sidebar_props = wagtailadmin_tags.sidebar_props


def invalidate() -> None:
    """Every kept sidebar is ignored from now on (and again when the change commits: a
    request that read the data before it committed may have kept what it saw)."""
    advance(VERSION_KEY)
    transaction.on_commit(lambda: advance(VERSION_KEY))


def _changed(sender, action="post_save", **kwargs) -> None:
    if action.startswith("post_") and sender._meta.label_lower in DEPENDS_ON:
        invalidate()


def _key(user) -> str:
    return f"hub:admin:sidebar:{user.pk}:{get_language()}"


def sidebar_props(context):
    """Wagtail's `{% sidebar_props %}`, kept per person and language (module docstring)."""
    request = context["request"]
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return wagtail_sidebar_props(context)
    cache = page_cache()
    key = _key(user)
    read = cache.get_many([VERSION_KEY, GENERATION_KEY, key])
    version = read.get(VERSION_KEY) or stamp(VERSION_KEY)
    generation = read.get(GENERATION_KEY) or stamp(GENERATION_KEY)
    kept = read.get(key)
    if isinstance(kept, tuple) and kept[:3] == (user.pk, version, generation):
        return mark_safe(kept[3])
    html = wagtail_sidebar_props(context)
    cache.set(key, (user.pk, version, generation, str(html)), SECONDS)
    return html


def install() -> None:
    """Put the kept sidebar in place of Wagtail's tag, and follow what it depends on. Runs
    when the hooks load, before any admin template is parsed (a parsed template keeps the
    tag it was parsed with)."""
    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")
    post_save.connect(_changed, dispatch_uid="admin_chrome_save")
    post_delete.connect(_changed, dispatch_uid="admin_chrome_delete")
    m2m_changed.connect(_changed, dispatch_uid="admin_chrome_m2m")
