"""Wagtail's users listing, as an administrator (a coordinator with the users' permissions)
sees it: the "Send a second-factor setup link"
button on each person without a second factor, none on those who have one, and whether
each has one is read once for the page, not once a row."""

import pytest
from allauth.mfa.models import Authenticator
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

LISTING = "/admin/users/?q=listing-check"
BUTTON = "Send a second-factor setup link"


@pytest.fixture
def coordinator(client):
    person = UserFactory(email="admin.listing@hub.example", is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    client.force_login(person)
    return person


def people(n, **kwargs):
    return [
        UserFactory(email=f"listing-check-{n}-{i}@city.example", full_name=f"Listing check {i}")
        for i in range(n)
    ]


def links(client) -> set[str]:
    page = BeautifulSoup(client.get(LISTING).content, "html.parser")
    return {a["href"] for a in page.find_all("a") if BUTTON in a.get_text()}


def test_the_button_shows_only_for_people_without_a_second_factor(client, coordinator):
    without, with_one = people(2)
    Authenticator.objects.create(user=with_one, type=Authenticator.Type.TOTP, data={})
    shown = links(client)
    assert reverse("second_factor_admin:send", args=[without.pk]) in shown
    assert reverse("second_factor_admin:send", args=[with_one.pk]) not in shown


def test_who_has_a_second_factor_is_read_once_for_the_page(client, coordinator):
    people(2)
    client.get(LISTING)
    with CaptureQueriesContext(connection) as few:
        client.get(LISTING)
    people(10)
    with CaptureQueriesContext(connection) as many:
        client.get(LISTING)
    assert len(many) == len(few)
