"""Finding 6 of issue 22: one city account filed 60 help-desk requests in 13 seconds. An
official, a city and a visitor's address may file so often (settings.HUB_RATE_HELPDESK_FILE_*),
far above a real crisis; past that the form comes back with what was written, a message
saying when to try again and how else to reach the hub, and 429, with nothing filed and
nobody paged or emailed."""

import pytest
from allauth.core.internal.ratelimit import parse_rates
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail

from helpdesk.models import GetHelpPage, HelpRequest
from network.models import Membership
from tests.network.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def city_member(organisation=None):
    organisation = organisation or OrganisationFactory(country="CA", region="CA-ON")
    return MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user


def intake(organisation, n=0, **extra):
    return {
        "organisation": organisation.pk,
        "urgency": "urgent",
        "summary": f"Threats against the mayor, message {n}",
        "details": "Since Monday the mayor's office has received threatening emails.",
        "country": "CA",
        "region": "CA-ON",
        "language": "en",
        "sensitivity": "restricted",
        **extra,
    }


def file(client, data, capture, language="en", visitor="203.0.113.7"):
    with capture(execute=True):
        return client.post(f"/{language}/help-desk/new/", data, REMOTE_ADDR=visitor)


def test_a_flood_of_requests_from_one_official_is_stopped_with_the_form_kept(
    client, django_capture_on_commit_callbacks
):
    official = city_member()
    city = official.memberships.get().organisation
    client.force_login(official)
    allowed = parse_rates(settings.HUB_RATE_HELPDESK_FILE_PERSON)[0].amount
    responses = [
        file(client, intake(city, n), django_capture_on_commit_callbacks) for n in range(60)
    ]
    assert [r.status_code for r in responses[:allowed]] == [302] * allowed
    assert {r.status_code for r in responses[allowed:]} == {429}
    assert HelpRequest.objects.filter(organisation=city).count() == allowed
    sent = len(mail.outbox)

    refused = BeautifulSoup(responses[-1].content, "html.parser")
    summary = refused.find(class_="error-summary").get_text(" ", strip=True)
    assert "several requests from you or your city in a short time" in summary
    assert "Please try again after" in summary  # the hour is up at a time of day
    other_ways = refused.find(id="other-ways").get_text(" ", strip=True)
    assert "If someone is in danger now, call 911 first." in other_ways
    assert refused.find(id="other-ways").find("a", href="/en/help-desk/") is not None
    form = refused.find("form", enctype="multipart/form-data")
    assert form.find("input", attrs={"name": "summary"})["value"] == intake(city, 59)["summary"]
    assert (
        form.find("textarea", attrs={"name": "details"}).get_text().strip()
        == (intake(city)["details"])
    )
    assert form.find("input", attrs={"name": "urgency", "value": "urgent"}).has_attr("checked")
    assert form.find("input", attrs={"name": "sensitivity", "value": "restricted"}).has_attr(
        "checked"
    )
    # Nothing more is filed, paged or emailed by another refused try.
    file(client, intake(city, 60), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == sent
    assert HelpRequest.objects.filter(organisation=city).count() == allowed


def test_the_refusal_names_the_hub_address_and_is_in_french(
    client, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_HELPDESK_FILE_PERSON = "1/h/user"
    page = GetHelpPage.objects.get(locale__language_code="fr")
    page.contact_email = "aide@hub.example"
    page.save_revision().publish()
    official = city_member()
    city = official.memberships.get().organisation
    client.force_login(official)
    file(client, intake(city, 1, language="fr"), django_capture_on_commit_callbacks, "fr")
    refused = file(client, intake(city, 2, language="fr"), django_capture_on_commit_callbacks, "fr")
    assert refused.status_code == 429
    page = BeautifulSoup(refused.content, "html.parser")
    assert "Veuillez réessayer après" in page.find(class_="error-summary").get_text()
    other_ways = page.find(id="other-ways")
    assert "composez d’abord le 911" in other_ways.get_text()
    assert other_ways.find("a", href="mailto:aide@hub.example") is not None
    assert other_ways.find("a", href="/fr/help-desk/") is not None


def test_a_city_is_limited_across_its_officials(
    client, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_HELPDESK_FILE_ORGANISATION = "3/d/key"
    city = OrganisationFactory(country="CA", region="CA-ON")
    statuses = []
    for n in range(5):
        client.force_login(city_member(city))
        statuses.append(
            file(client, intake(city, n), django_capture_on_commit_callbacks).status_code
        )
    assert statuses == [302] * 3 + [429] * 2
    # Another city is not held back by this one.
    other = city_member()
    client.force_login(other)
    response = file(
        client, intake(other.memberships.get().organisation), django_capture_on_commit_callbacks
    )
    assert response.status_code == 302


def test_one_visitor_address_driving_many_accounts_is_limited(
    client, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_HELPDESK_FILE_CLIENT = "2/h/ip"
    statuses = []
    for n in range(4):
        official = city_member()
        client.force_login(official)
        city = official.memberships.get().organisation
        statuses.append(
            file(client, intake(city, n), django_capture_on_commit_callbacks).status_code
        )
    assert statuses == [302, 302, 429, 429]


def pdf(name="notes.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_invalid_posts_count_too_and_a_refused_post_reads_no_file(
    client, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """Posting invalid forms (a summary missing) with files to be unpacked and scanned is
    counted like filing; once over, the files of a refused post are not even opened."""
    from network import attachments

    opened = []
    real_check = attachments.check
    monkeypatch.setattr(attachments, "check", lambda upload: opened.append(1) or real_check(upload))
    settings.HUB_RATE_HELPDESK_FILE_PERSON = "2/h/user"
    official = city_member()
    city = official.memberships.get().organisation
    client.force_login(official)
    for n in range(2):
        response = file(
            client, intake(city, n, summary="", files=[pdf()]), django_capture_on_commit_callbacks
        )
        assert response.status_code == 200
    assert len(opened) == 2
    refused = file(client, intake(city, 3, files=[pdf()]), django_capture_on_commit_callbacks)
    assert refused.status_code == 429
    assert len(opened) == 2
    page = BeautifulSoup(refused.content, "html.parser")
    summary = page.find(class_="error-summary").get_text(" ", strip=True)
    assert "several requests from you or your city" in summary
    assert "Attach your files again" in summary
    assert page.find("input", attrs={"name": "summary"})["value"] == intake(city, 3)["summary"]
    assert not HelpRequest.objects.filter(organisation=city).exists()


def test_invalid_posts_count_against_the_visitor_address(
    client, django_capture_on_commit_callbacks, settings
):
    settings.HUB_RATE_HELPDESK_FILE_CLIENT = "1/h/ip"
    statuses = []
    for n in range(2):
        official = city_member()
        client.force_login(official)
        city = official.memberships.get().organisation
        statuses.append(
            file(
                client, intake(city, n, summary=""), django_capture_on_commit_callbacks
            ).status_code
        )
    assert statuses == [200, 429]


def test_at_risk_requests_count_against_the_person_only(
    client, django_capture_on_commit_callbacks, settings
):
    """One compromised account filling its city's or its address's count must not close the
    desk to that city when someone is at risk; the person's own limit still holds."""
    settings.HUB_RATE_HELPDESK_FILE_ORGANISATION = "1/d/key"
    settings.HUB_RATE_HELPDESK_FILE_CLIENT = "1/h/ip"
    settings.HUB_RATE_HELPDESK_FILE_PERSON = "2/h/user"
    city = OrganisationFactory(country="CA", region="CA-ON")
    client.force_login(city_member(city))
    assert file(client, intake(city, 0), django_capture_on_commit_callbacks).status_code == 302
    assert file(client, intake(city, 1), django_capture_on_commit_callbacks).status_code == 429
    colleague = city_member(city)
    client.force_login(colleague)
    at_risk = [
        file(client, intake(city, n, urgency="at_risk"), django_capture_on_commit_callbacks)
        for n in range(2, 5)
    ]
    assert [r.status_code for r in at_risk] == [302, 302, 429]
    assert HelpRequest.objects.filter(organisation=city, urgency="at_risk").count() == 2


def test_replies_are_limited_per_person_with_the_message_kept(client, settings):
    from tests.helpdesk.factories import HelpRequestFactory

    settings.HUB_RATE_HELPDESK_REPLY_PERSON = "2/h/user"
    help_request = HelpRequestFactory()
    client.force_login(help_request.requester)
    url = f"/en/help-desk/{help_request.public_id}/"
    statuses = [
        client.post(url, {"action": "message", "body": f"Reply {n}"}).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert help_request.messages.count() == 2
    refused = client.post(url, {"action": "message", "body": "Still here", "files": [pdf()]})
    assert refused.status_code == 429
    page = BeautifulSoup(refused.content, "html.parser")
    text = page.get_text(" ", strip=True)
    assert "several messages from you in a short time" in text
    assert "Please try again after" in text  # the hour is up at a time of day
    assert "Attach your files again" in text
    assert page.find("textarea", attrs={"name": "body"}).get_text().strip() == "Still here"
