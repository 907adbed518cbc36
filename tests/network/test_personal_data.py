"""A person's own data: the download holds everything about them and nothing of anyone
else's; closing the account leaves no row with their name or address (except where the
certificate setting keeps it), while the city's request thread still reads."""

import datetime
import io
import json
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.core import mail
from django.db import models
from django.db.models.functions import Cast
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from academy.models import Certificate, CheckAttempt, Enrolment, LessonProgress
from helpdesk.models import Attachment, HelpRequest, Message
from network import personal_data
from network.models import (
    CalendarFeed,
    EmailPreference,
    InterestExpression,
    Membership,
    Organisation,
    User,
)
from tests.network.factories import PASSWORD, MembershipFactory, UserFactory
from webinars.models import Registration, SeriesSubscription, WebinarPage
from webinars.office_hours.models import Booking

pytestmark = pytest.mark.django_db

LEAD = "official.edmonton@hub.example"  # Jordan Lee: requests, messages, a certificate
OTHERS = ["official.boise@hub.example", "official.brampton@hub.example"]


def _session(state):
    now = timezone.now()
    pages = WebinarPage.objects.filter(locale__language_code="en")
    page = pages.filter(ends_at__lte=now).first() if state == "past" else None
    if page is None:
        page = pages.first() if state == "past" else pages.filter(starts_at__gt=now).first()
    if state == "past" and page.ends_at > now:
        WebinarPage.objects.filter(pk=page.pk).update(
            starts_at=now - datetime.timedelta(days=30),
            ends_at=now - datetime.timedelta(days=30, hours=-1),
        )
    return WebinarPage.objects.get(pk=page.pk)


@pytest.fixture
def person():
    """The Edmonton lead, with a row in every corner of the hub."""
    user = User.objects.get(email=LEAD)
    past, future = _session("past"), _session("future")
    assert future.state() != WebinarPage.State.PAST
    fields = {
        "full_name": user.full_name,
        "language": "en",
        "consent": True,
        "organisation": "City of Edmonton",
        "accessibility_needs": "Captions please",
    }
    Registration.objects.filter(email=user.email).delete()
    Registration.objects.create(
        session=past, user=user, email=user.email, status="registered", attended=True, **fields
    )
    Registration.objects.create(
        session=future, user=None, email=user.email, status="registered", **fields
    )  # a guest's, same address
    SeriesSubscription.objects.create(
        series=future.get_parent().specific,
        user=user,
        email=user.email,
        full_name=user.full_name,
        consent=True,
    )
    EmailPreference.objects.create(
        email=user.email, user=user, kind="nudges", unsubscribed_at=timezone.now()
    )
    CalendarFeed.objects.create(user=user)
    edmonton = Organisation.objects.get(name="Edmonton")
    InterestExpression.objects.create(
        organisation=edmonton,
        contact_name=user.full_name,
        contact_email=user.email,
        contact_phone="780-555-0100",
        why_now="We want to join.",
        user=user,
    )
    request = thread_of(user)
    message = Message.objects.filter(request=request, author=user).first()
    Attachment.objects.create(
        request=request,
        message=message,
        name="plan.pdf",
        file="x/plan",
        content_type="application/pdf",
        size=4,
        uploaded_by=user,
    )
    Message.objects.create(request=request, author=user, body="Internal: secret", internal=True)
    log(Membership.objects.get(user=user), "wagtail.edit", user=user)  # label names them
    return user


def thread_of(user) -> HelpRequest:
    """A standard request the person filed and wrote in: their city's members read it."""
    return (
        HelpRequest.objects.filter(
            requester=user, sensitivity="standard", messages__author=user, messages__internal=False
        )
        .distinct()
        .first()
    )


def download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("network:data-download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="hub-data-')
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert sorted(archive.namelist()) == ["README.txt", "data.json"]
    return {
        "data": json.loads(archive.read("data.json").decode("utf-8")),
        "readme": archive.read("README.txt").decode("utf-8"),
    }


# --- The download ---


def test_the_download_holds_each_service_s_rows_about_the_person(client, person):
    found = download(client, person)
    data = found["data"]
    assert data["network"]["profile"]["email"] == LEAD
    assert data["network"]["profile"]["full_name"] == "Jordan Lee"
    assert data["network"]["memberships"][0]["organisation"] == "Edmonton"
    assert data["network"]["expressions_of_interest"][0]["contact_phone"] == "780-555-0100"
    assert data["network"]["calendar_feed"]["created"]
    assert len(data["academy"]["enrolments"]) == Enrolment.objects.filter(user=person).count()
    assert [c["code"] for c in data["academy"]["certificates"]] == list(
        Certificate.objects.filter(user=person).values_list("code", flat=True)
    )
    assert len(data["webinars"]["registrations"]) == 2  # their own and the guest one
    assert data["webinars"]["series_followed"]
    bookings = data["office_hours"]["bookings_you_made"]
    assert len(bookings) == Booking.objects.filter(booked_by=person).count() > 0
    filed = {r["reference"]: r for r in data["helpdesk"]["requests_you_filed"]}
    assert set(filed) == set(
        HelpRequest.objects.filter(requester=person).values_list("reference", flat=True)
    )
    thread = filed[thread_of(person).reference]
    assert any(m["from"] == "you" for m in thread["conversation"])
    assert "plan.pdf" in thread["files"]
    # Dates are ISO 8601; the hub's internal notes are not theirs to read.
    datetime.datetime.fromisoformat(data["exported_at"])
    assert "Internal: secret" not in json.dumps(data)
    assert "data.json" in found["readme"]


def test_the_download_holds_nothing_of_anyone_else(client, person):
    text = json.dumps(download(client, person)["data"], ensure_ascii=False)
    for other in User.objects.filter(email__in=OTHERS):
        assert other.email not in text
        assert other.full_name not in text
    for internal in Message.objects.filter(internal=True):
        assert internal.body not in text


def test_the_readme_is_in_the_person_s_language(client, person):
    person.language = "fr"
    person.save()
    assert "Vos données" in download(client, person)["readme"]


def test_the_data_pages_are_the_signed_in_person_s_own(client, person):
    client.force_login(person)
    page = client.get(reverse("network:your-data"))
    assert page.status_code == 200
    assert reverse("network:data-download") in page.content.decode()
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    profile = BeautifulSoup(client.get(reverse("network:profile")).content, "html.parser")
    assert profile.find("a", href=reverse("network:your-data"))
    # There is no address for another person's data: the same URL is always one's own.
    other = User.objects.get(email=OTHERS[0])
    client.force_login(other)
    text = json.dumps(download(client, other)["data"], ensure_ascii=False)
    assert LEAD not in text and "Jordan Lee" not in text
    anonymous = Client()
    assert "/accounts/login/" in anonymous.get(reverse("network:data-download"))["Location"]


# --- Closing ---


def rows_naming(*needles: str) -> list[tuple[str, str, int]]:
    """Every row of every model whose text, address or JSON column holds one of these."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label == "django_q" or not model._meta.managed:
            continue  # the task queue's own log of sent mail: see docs/data-protection.md
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField):
                column = Cast(field.name, models.TextField())
            elif isinstance(field, (models.CharField, models.TextField)):
                column = models.F(field.name)
            else:
                continue
            query = models.Q()
            for needle in needles:
                query |= models.Q(_text__icontains=needle)
            for pk in (
                model._base_manager.annotate(_text=column)
                .filter(query)
                .values_list("pk", flat=True)
            ):
                found.append((model._meta.label, field.name, pk))
    return found


def close(person, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return personal_data.close_account(user=person, by=kwargs.pop("by", person), **kwargs)


def test_closing_leaves_no_row_with_the_name_or_address(
    person, django_capture_on_commit_callbacks, settings
):
    settings.HUB_CLOSED_ACCOUNT_CERTIFICATES = "keep"
    certificate = Certificate.objects.get(user=person)
    filed = list(HelpRequest.objects.filter(requester=person).values_list("pk", flat=True))
    bookings = Booking.objects.filter(booked_by=person).count()
    closed = close(person, django_capture_on_commit_callbacks)

    assert closed.closed_at and not closed.is_active and not closed.has_usable_password()
    assert closed.full_name == "" and closed.email == f"closed-{person.pk}@closed.invalid"
    assert str(closed) == "Former member"
    found = rows_naming("Jordan Lee", LEAD)
    # The certificate stays verifiable under the name it was issued to (the setting).
    assert found == [("academy.Certificate", "learner_name", certificate.pk)]
    certificate.refresh_from_db()
    assert certificate.is_valid and certificate.learner_name == "Jordan Lee"
    # Deleted: what was theirs alone.
    for model in (Membership, Enrolment, LessonProgress, CheckAttempt, CalendarFeed):
        assert not model.objects.filter(user=person).exists()
    assert not SeriesSubscription.objects.filter(user=person).exists()
    assert not Registration.objects.filter(
        session__ends_at__gt=timezone.now(), email__endswith="@closed.invalid"
    ).exists()  # a place still to come is given up, not kept
    past = Registration.objects.get(user=person)
    assert past.attended and past.full_name == "" and past.accessibility_needs == ""
    # Kept: the city's requests and the expert's bookings.
    assert list(HelpRequest.objects.filter(requester=person).values_list("pk", flat=True)) == filed
    assert Booking.objects.filter(booked_by=person).count() == bookings
    interest = InterestExpression.objects.get(why_now="We want to join.")
    assert interest.contact_name == "" and interest.contact_phone == ""
    # The history says who closed it; the last email went to the address it had.
    entry = ModelLogEntry.objects.filter(action="network.account.close").get()
    assert entry.object_id == str(person.pk) and entry.label == "Former member"
    goodbye = [m for m in mail.outbox if m.to == [LEAD]]
    assert "Your account on the North America Hub is closed" in [m.subject for m in goodbye]


def test_the_revoke_setting_revokes_certificates_and_drops_the_name(
    person, django_capture_on_commit_callbacks, settings
):
    settings.HUB_CLOSED_ACCOUNT_CERTIFICATES = "revoke"
    certificate = Certificate.objects.get(user=person)
    close(person, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.revoked_reason == "The holder closed their account."
    assert certificate.learner_name == "Former member"
    assert rows_naming("Jordan Lee", LEAD) == []


def test_the_city_s_thread_still_reads_for_its_other_members(
    client, person, django_capture_on_commit_callbacks
):
    request = thread_of(person)
    written = list(Message.objects.filter(request=request, author=person, internal=False))
    colleague = MembershipFactory(organisation=request.organisation).user
    close(person, django_capture_on_commit_callbacks)
    client.force_login(colleague)
    response = client.get(reverse("helpdesk:request", args=[request.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Former member" in page
    for message in written:
        assert message.body.split("\n")[0] in page or message.body[:40] in page


def test_the_person_closes_their_account_with_their_password(
    client, person, django_capture_on_commit_callbacks
):
    person.set_password(PASSWORD)
    person.save()
    client.force_login(person)
    elsewhere = Client()  # the same person signed in on another device
    elsewhere.force_login(person)
    url = reverse("network:close-account")
    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.find("button", class_="button--danger").get_text(strip=True) == "Close my account"
    wrong = client.post(url, {"password": "not it"})
    assert wrong.status_code == 200 and "This is not your password." in wrong.content.decode()
    assert User.objects.get(pk=person.pk).closed_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"password": PASSWORD})
    assert response["Location"] == reverse("network:account-closed")
    assert User.objects.get(pk=person.pk).closed_at is not None
    # Signed out, and neither the old address nor the password opens it again.
    assert "/accounts/login/" in client.get(reverse("network:your-data"))["Location"]
    assert "/accounts/login/" in elsewhere.get(reverse("network:your-data"))["Location"]
    assert client.get(response["Location"]).status_code == 200
    assert not Client().login(email=LEAD, password=PASSWORD)
    login = client.post(reverse("account_login"), {"login": LEAD, "password": PASSWORD})
    assert login.status_code == 200  # the form again, with its error


def test_a_coordinator_closes_an_account_on_request_with_a_reason(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(full_name="Riya Cordova")
    address = person.email
    MembershipFactory(user=person)
    coordinator = User.objects.get(email="coordinator@hub.example")
    client.force_login(coordinator)
    url = reverse("personal_data_admin:user", args=[person.pk])
    found = client.get(reverse("personal_data_admin:search"), {"q": "riya cor"})
    assert url in found.content.decode()
    assert client.get(url).status_code == 200
    download_ = client.post(reverse("personal_data_admin:download", args=[person.pk]))
    assert zipfile.ZipFile(io.BytesIO(download_.content)).namelist()
    assert client.post(url, {"reason": ""}).status_code == 200  # a reason is needed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Asked by email on 3 March"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.closed_at and person.full_name == ""
    entry = ModelLogEntry.objects.get(action="network.account.close", object_id=str(person.pk))
    assert entry.user_id == coordinator.pk
    assert entry.data == {"reason": "Asked by email on 3 March", "on_request": True}
    assert ModelLogEntry.objects.filter(action="network.account.export").exists()
    assert rows_naming("Riya Cordova", address) == []


def test_superusers_find_it_in_the_users_list_too(client):
    # Signed in a moment ago, the others before (PostgreSQL sorts "never" first in a
    # descending order), so the list sorted by last sign-in shows them on its first page
    # whatever number of people the demo holds.
    User.objects.filter(last_login__isnull=True).update(
        last_login=timezone.now() - datetime.timedelta(days=1)
    )
    person = UserFactory(full_name="Riya Cordova", last_login=timezone.now())
    client.force_login(User.objects.get(email="admin@hub.example"))
    listing = client.get(reverse("wagtailusers_users:index"), {"ordering": "-last_login"})
    assert reverse("personal_data_admin:user", args=[person.pk]) in listing.content.decode()


def test_only_coordinators_reach_the_staff_view(client):
    person = UserFactory()
    url = reverse("personal_data_admin:user", args=[person.pk])
    editor = User.objects.get(email="editor@hub.example")
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert (
        client.post(reverse("personal_data_admin:download", args=[person.pk]))["Location"]
        == "/admin/"
    )
    official = User.objects.get(email=OTHERS[0])
    client.force_login(official)
    assert client.get(url).status_code == 302
    assert User.objects.get(pk=person.pk).closed_at is None


def test_the_admin_s_delete_sends_to_closing_a_person_whose_records_the_hub_keeps(client):
    """Wagtail's "Delete user" would fail on help-desk requests and certificates: a person
    with such rows is sent to their personal-data page to close the account instead."""
    client.force_login(User.objects.get(email="admin@hub.example"))
    kept = User.objects.get(email=LEAD)  # filed help-desk requests, holds a certificate
    url = reverse("wagtailusers_users:delete", args=[kept.pk])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("personal_data_admin:user", args=[kept.pk])
    assert User.objects.filter(pk=kept.pk, closed_at=None).exists()
    # A person with nothing kept is deleted as usual.
    nobody = UserFactory()
    assert client.post(reverse("wagtailusers_users:delete", args=[nobody.pk])).status_code == 302
    assert not User.objects.filter(pk=nobody.pk).exists()
