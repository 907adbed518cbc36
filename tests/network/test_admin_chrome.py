"""Every admin page's sidebar, kept per person and language (network.admin_chrome, issue 25):
the same HTML as Wagtail's own tag, never one person's menu for another, and rebuilt when
anything it shows changes: the person's groups, permissions, email (the name it shows), language or dismissed
items, a group's permissions, an expert profile, a cohort's facilitators, a deleted page;
not when somebody else's account changes, a page is published or the person signs in."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props as wagtails_own
from wagtail.models import Page
from wagtail.users.models import UserProfile

from network import admin_chrome
from network.models import COORDINATORS_GROUP, User
from pages import cache as page_cache
from tests.academy.factories import CohortFactory
from tests.network.factories import ExpertProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
HOME = "/admin/"


@pytest.fixture
def built(monkeypatch):
    """How many times Wagtail's own tag ran (a kept sidebar does not run it)."""
    calls = []
    wagtail = admin_chrome.wagtail_sidebar_props

    def counting(context):
        calls.append(context["request"].user.pk)
        return wagtail(context)

    monkeypatch.setattr(admin_chrome, "wagtail_sidebar_props", counting)
    return calls


def staff(**kwargs) -> User:
    user = UserFactory(**kwargs)
    group = Group.objects.create(name=f"Admin access {user.pk}")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    return User.objects.get(pk=user.pk)


def props(client, **headers) -> str:
    response = client.get(HOME, **headers)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="wagtail-sidebar-props").string


def names(client, **headers) -> set[str]:
    return set(re.findall(r'"name": "([^"]+)"', props(client, **headers)))


def signed_in(client, user):
    client.force_login(user)
    return client


def test_the_kept_sidebar_is_wagtails_own_in_both_languages(client, built):
    coordinator = staff()
    coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    signed_in(client, coordinator)
    for language in ("en", "fr"):
        first = props(client, HTTP_ACCEPT_LANGUAGE=language)
        again = props(client, HTTP_ACCEPT_LANGUAGE=language)
        assert first == again
        request = RequestFactory().get(HOME)
        request.user = User.objects.get(pk=coordinator.pk)
        with translation.override(language):
            own = BeautifulSoup(wagtails_own({"request": request}), "html.parser").script.string
        assert again == own
    assert built == [coordinator.pk, coordinator.pk]  # once a language, then kept


def test_one_persons_sidebar_is_never_anothers(client, built):
    coordinator = staff(email="cora@hub.example")
    coordinator.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    plain = staff(email="pat@hub.example")
    signed_in(client, coordinator)
    coordinators_menu = names(client)
    assert "cora@hub.example" in props(client)
    signed_in(client, plain)
    assert "pat@hub.example" in props(client)
    assert "cora@hub.example" not in props(client)
    assert names(client) != coordinators_menu
    assert sorted(built) == [coordinator.pk, plain.pk]
    # A kept entry that names somebody else is never used, whatever key it sits under.
    version = page_cache.stamp(admin_chrome.VERSION_KEY)
    personal = page_cache.stamp(page_cache.personal_key(admin_chrome.FEATURE, plain.pk))
    with translation.override("en"):
        key = admin_chrome._key(plain)
    page_cache.page_cache().set(key, (coordinator.pk, version, personal, "cora@hub.example"), 60)
    assert "cora@hub.example" not in props(client)


def test_a_new_group_shows_at_once(client, built):
    person = staff()
    signed_in(client, person)
    assert "help-desk" not in names(client)
    person.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    assert "help-desk" in names(client)
    person.groups.remove(Group.objects.get(name=COORDINATORS_GROUP))
    assert "help-desk" not in names(client)


def test_a_persons_or_groups_permissions_show_at_once(client, built):
    person = staff()
    signed_in(client, person)
    assert "users" not in names(client)
    change_user = Permission.objects.get(content_type__app_label="network", codename="change_user")
    person.user_permissions.add(change_user)
    assert "users" in names(client)
    person.user_permissions.remove(change_user)
    assert "users" not in names(client)
    group = person.groups.get()
    group.permissions.add(change_user)
    assert "users" in names(client)
    group.permissions.remove(change_user)
    assert "users" not in names(client)


def test_name_language_and_dismissed_items_show_at_once(client, built):
    person = staff(email="old@hub.example")
    signed_in(client, person)
    assert "old@hub.example" in props(client)
    person.email = "new@hub.example"
    person.save()
    assert "new@hub.example" in props(client)
    english = props(client)
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "fr"
    profile.save()
    assert props(client) != english
    assert '"label": "Compte"' in props(client)
    profile.preferred_language = "en"
    profile.save()
    assert "data-w-dismissible-dismissed-value" not in props(client)
    profile.dismissibles = {"help": True, "editor-guide": True}  # Wagtail's Help menu
    profile.save()
    assert "data-w-dismissible-dismissed-value" in props(client)


def test_an_expert_profile_and_a_cohort_show_at_once(client, built):
    person = staff()
    signed_in(client, person)
    menu = names(client)
    assert "help-desk" not in menu and "academy-cohorts" not in menu
    ExpertProfileFactory(user=person)
    assert "help-desk" in names(client)
    cohort = CohortFactory()
    cohort.facilitators.add(person)
    assert "academy-cohorts" in names(client)
    cohort.facilitators.remove(person)
    assert "academy-cohorts" not in names(client)


def test_it_is_kept_until_something_it_shows_changes(client, built):
    person = staff()
    signed_in(client, person)
    for _ in range(3):
        props(client)
    UserFactory()  # somebody else's account
    page_cache.invalidate()  # a publish: the menu shows no content
    signed_in(client, person)  # signing in again stamps last_login only
    props(client)
    assert built == [person.pk]
    page = Page.get_first_root_node().add_child(instance=Page(title="Gone", slug="gone"))
    props(client)
    assert built == [person.pk]
    page.delete()  # the page explorer starts at a page
    props(client)
    assert built == [person.pk, person.pk]
    Group.objects.create(name="Another group")
    props(client)
    assert built == [person.pk] * 3


def test_the_tag_is_wagtails_in_every_admin_template(client):
    from wagtail.admin.templatetags import wagtailadmin_tags

    client.get(reverse("wagtailadmin_home"))  # the hooks have loaded
    assert wagtailadmin_tags.register.tags[
        "sidebar_props"
    ].__module__ == "network.admin_chrome" or (
        getattr(wagtailadmin_tags.register.tags["sidebar_props"], "__wrapped__", None)
        is admin_chrome.sidebar_props
    )
