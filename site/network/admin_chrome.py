"""What every Wagtail admin page pays: the sidebar, kept per person (issue 25).

Every admin page, ours and Wagtail's own, renders Wagtail's `{% sidebar_props %}`: the main
menu with every item's `is_shown` (permission checks, the roles, a cohort or review lookup),
the first search area the person may use, the account menu, their name and avatar, packed
with telepath into JSON. It was about half of what the admin's furniture costs a request
(20 to 38 ms of about 40 in-process, 5 to 11 queries).

Here the JSON it writes is kept per person and language, and used again while nothing it
depends on has changed. The same tag is registered in Wagtail's own template library
(`install`, from network.wagtail_hooks), so every admin template, Wagtail's included, reads
it; on a miss it is Wagtail's own tag that renders, so the HTML is the same.

What is kept: `(person's id, everyone's version, the person's version, the JSON)` under a
key of the person's id and the active language, used only if all three still match (one
cache round trip). A version moves on at once and again when the change commits (as the
page generation does, pages.cache.invalidate: a request that read the data before the
commit may have kept what it saw):

- everyone's, when a group, a group's permissions, a permission, page or collection
  permissions change, a page is moved or deleted (the page explorer starts at the common
  ancestor of the pages a person may edit), a cohort is deleted (its facilitators go with
  it), or a many-to-many table below is cleared from the other side;
- the person's, when their account is saved (name, email, language, superuser, active; not
  the last-login stamp of signing in), their groups or own permissions change, their
  Wagtail profile is saved (avatar, language, dismissed items), they become or stop being an
  expert (the help desk's items) or a cohort's facilitator (the academy's reports and staff
  screens), or get their first grant review or lose their last (My reviews).

Anything a menu item may read that is not listed would be seen within `SECONDS` at the
latest: a new menu item whose `is_shown` reads another model must add it here (the models
are found by label, so network imports no feature app: tests/config/test_architecture.py).
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.admin.templatetags import wagtailadmin_tags
from wagtail.signals import post_page_move

from pages.cache import (
    advance_now_and_on_commit,
    advance_personal,
    page_cache,
    personal_key,
    stamp,
)

FEATURE = "admin:chrome"  # a person's counter: pages.cache.personal_key(FEATURE, id)
VERSION_KEY = f"hub:{FEATURE}"
SECONDS = 600

wagtail_sidebar_props = wagtailadmin_tags.sidebar_props


def invalidate(**kwargs) -> None:
    """Everyone's kept sidebar is ignored from now on."""
    advance_now_and_on_commit(VERSION_KEY)


def invalidate_person(person_id) -> None:
    """One person's kept sidebar is ignored from now on."""
    if person_id is not None:
        advance_personal(FEATURE, person_id)


def _account_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes nothing the sidebar shows
    invalidate_person(instance.pk)


def _profile_saved(sender, instance, **kwargs) -> None:
    invalidate_person(instance.user_id)


def _expert_changed(sender, instance, created=True, **kwargs) -> None:
    if created:  # saved or deleted: being an expert or not; its text is not in the menu
        invalidate_person(instance.user_id)


def _review_changed(sender, instance, signal, created=False, **kwargs) -> None:
    """A person with a review has My reviews: only a first review or the last one deleted
    changes that."""
    reviews = sender.objects.filter(reviewer_id=instance.reviewer_id)
    if (signal is post_delete and not reviews.exists()) or (
        created and not reviews.exclude(pk=instance.pk).exists()
    ):
        invalidate_person(instance.reviewer_id)


def _people_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A many-to-many table with people on one side: a person's groups or permissions, a
    cohort's facilitators: the people added or removed, or everyone if cleared from the
    other side."""
    if not action.startswith("post_"):
        return
    if sender._meta.label_lower in _PERSON_IS_INSTANCE:
        person_is_instance = not reverse
    else:  # academy.cohort_facilitators: forward from the cohort
        person_is_instance = reverse
    if person_is_instance:
        invalidate_person(instance.pk)
    elif pk_set is None:  # cleared from the other side: whoever was in it
        invalidate()
    else:
        for person_id in pk_set:
            invalidate_person(person_id)


# Many-to-many tables whose forward side is the person (User.groups, User.user_permissions).
_PERSON_IS_INSTANCE = {"network.user_groups", "network.user_user_permissions"}


def _key(user) -> str:
    return f"hub:admin:sidebar:{user.pk}:{get_language()}"


def sidebar_props(context):
    """Wagtail's `{% sidebar_props %}`, kept per person and language (module docstring)."""
    request = context["request"]
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return wagtail_sidebar_props(context)
    cache = page_cache()
    key, person_key = _key(user), personal_key(FEATURE, user.pk)
    read = cache.get_many([VERSION_KEY, person_key, key])
    version = read.get(VERSION_KEY) or stamp(VERSION_KEY)
    personal = read.get(person_key) or stamp(person_key)
    kept = read.get(key)
    if isinstance(kept, tuple) and kept[:3] == (user.pk, version, personal):
        return mark_safe(kept[3])
    html = wagtail_sidebar_props(context)
    cache.set(key, (user.pk, version, personal, str(html)), SECONDS)
    return html


def install() -> None:
    """Put the kept sidebar in place of Wagtail's tag, and follow what it depends on. Runs
    when the hooks load, before any admin template is parsed (a parsed template keeps the
    tag it was parsed with)."""
    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")
    user_model = apps.get_model("network", "User")
    group_model = apps.get_model("auth", "Group")
    for label in (
        "auth.Group",
        "auth.Permission",
        "wagtailcore.GroupPagePermission",
        "wagtailcore.GroupCollectionPermission",
    ):
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"admin_chrome_save_{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"admin_chrome_del_{label}")
    m2m_changed.connect(
        invalidate, sender=group_model.permissions.through, dispatch_uid="admin_chrome_gp"
    )
    page = apps.get_model("wagtailcore", "Page")
    post_page_move.connect(invalidate, dispatch_uid="admin_chrome_page_moved")
    post_delete.connect(invalidate, sender=page, dispatch_uid="admin_chrome_page_deleted")
    post_save.connect(_account_saved, sender=user_model, dispatch_uid="admin_chrome_user")
    post_delete.connect(_account_saved, sender=user_model, dispatch_uid="admin_chrome_user_del")
    profile = apps.get_model("wagtailusers", "UserProfile")
    post_save.connect(_profile_saved, sender=profile, dispatch_uid="admin_chrome_profile")
    expert = apps.get_model("network", "ExpertProfile")
    post_save.connect(_expert_changed, sender=expert, dispatch_uid="admin_chrome_expert")
    post_delete.connect(_expert_changed, sender=expert, dispatch_uid="admin_chrome_expert_del")
    through = [user_model.groups.through, user_model.user_permissions.through]
    if apps.is_installed("academy"):
        cohort = apps.get_model("academy", "Cohort")
        through.append(cohort.facilitators.through)
        post_delete.connect(invalidate, sender=cohort, dispatch_uid="admin_chrome_cohort_del")
    for model in through:
        m2m_changed.connect(
            _people_changed, sender=model, dispatch_uid=f"admin_chrome_{model._meta.label}"
        )
    if apps.is_installed("grants"):
        review = apps.get_model("grants", "Review")
        post_save.connect(_review_changed, sender=review, dispatch_uid="admin_chrome_review")
        post_delete.connect(_review_changed, sender=review, dispatch_uid="admin_chrome_rev_del")
