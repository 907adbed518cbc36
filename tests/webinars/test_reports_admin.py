"""The registrations listing (webinars.admin_views) in Wagtail's idiom and the home page's
approvals panel (webinars.admin_panels), for coordinators."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import Membership, Organisation, User
from tests.network.factories import UserFactory
from tests.webinars.factories import RegistrationFactory, WebinarSessionFactory
from webinars.models import Registration

pytestmark = pytest.mark.django_db

LISTING = "/admin/registration/"


@pytest.fixture
def coordinator(client):
    user = User.objects.get(email="coordinator@hub.example")
    client.force_login(user)
    return user


def names(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [cell.get_text(strip=True) for cell in page.select("table.listing tbody td.title a")]


def test_the_listing_filters_by_session_status_and_organisation(client, coordinator):
    first = WebinarSessionFactory(title="First", capacity=10)
    second = WebinarSessionFactory(title="Second", capacity=10)
    boise = Organisation.objects.get(name="Boise")
    member = UserFactory(full_name="Zed Member")
    Membership.objects.create(user=member, organisation=boise)
    RegistrationFactory(session=first, user=member, email=member.email, full_name="Zed Member")
    RegistrationFactory(session=first, full_name="Ann Guest", organisation="City of Boise")
    RegistrationFactory(session=second, full_name="Bo Pending", status=Registration.Status.PENDING)
    RegistrationFactory(session=second, full_name="Cy Elsewhere", organisation="Elsewhere")

    by_session = names(client.get(LISTING, {"session": first.pk}))
    assert sorted(by_session) == ["Ann Guest", "Zed Member"]
    assert names(client.get(LISTING, {"status": "pending"})) == ["Bo Pending"]
    assert sorted(names(client.get(LISTING, {"organisation": boise.pk, "session": first.pk}))) == [
        "Ann Guest",
        "Zed Member",
    ]
    ordered = names(client.get(LISTING, {"session": first.pk, "ordering": "full_name"}))
    assert ordered == ["Ann Guest", "Zed Member"]
    ordered = names(client.get(LISTING, {"session": first.pk, "ordering": "-full_name"}))
    assert ordered == ["Zed Member", "Ann Guest"]
    page = client.get(LISTING).content.decode()
    assert 'data-controller="w-drilldown"' in page or "w-filters" in page  # Wagtail's panel
    assert "?ordering=" in page or "ordering=" in page  # sortable headings


def test_only_coordinators_list_registrations(client):
    client.force_login(User.objects.get(email="editor@hub.example"))
    assert client.get(LISTING).status_code in (302, 403)
    client.force_login(UserFactory())
    assert client.get(LISTING).status_code in (302, 403)


def test_the_listing_costs_the_same_for_a_full_page(client, coordinator):
    session = WebinarSessionFactory(capacity=100)

    def queries():
        url = f"{LISTING}?session={session.pk}"
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    RegistrationFactory(session=session)
    before = queries()
    for _n in range(40):
        RegistrationFactory(session=session)
    assert queries() == before


def test_the_home_page_shows_coordinators_what_awaits_approval(client, coordinator):
    soon = WebinarSessionFactory(title="Needs approval", registration_mode="approval")
    for _n in range(3):
        RegistrationFactory(session=soon, status=Registration.Status.PENDING)
    over = WebinarSessionFactory(
        title="Already over",
        starts_at=timezone.now().replace(microsecond=0) - datetime.timedelta(days=2),
    )
    RegistrationFactory(session=over, status=Registration.Status.PENDING)

    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = page.find(id="webinar-approvals-section")
    assert panel is not None
    link = panel.find("a", href=reverse("webinar_reports:approvals", args=[soon.pk]))
    assert link is not None and "Needs approval" in link.get_text()
    assert "3 registrations are waiting" in panel.get_text()
    assert "Already over" not in panel.get_text()
    assert client.get(link["href"]).status_code == 200

    client.force_login(User.objects.get(email="editor@hub.example"))
    page = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert page.find(id="webinar-approvals-section") is None
