"""A lead's view of their organisation (my/organisations/<slug>/activity/ and its CSV): their
people's courses, progress and certificates, webinar places, office hours and the help-desk
requests they may see; nothing of another organisation, and 404 for anyone but its leads
and the coordinators."""

import csv
import datetime
import io
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from academy.models import Certificate, Cohort, CoursePage, Enrolment, LessonPage, LessonProgress
from helpdesk.models import HelpRequest
from network.models import Membership, Organisation, User
from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory
from webinars.models import Registration, WebinarPage
from webinars.office_hours.models import Booking

pytestmark = pytest.mark.django_db

LEAD = "official.edmonton@hub.example"


def url(organisation, *, csv_file=False, language="en", section=None) -> str:
    name = "network:organisation-activity-csv" if csv_file else "network:organisation-activity"
    with translation.override(language):
        found = reverse(name, args=[organisation.slug])
    return f"{found}?section={section}" if section else found


@pytest.fixture
def edmonton():
    return Organisation.objects.get(name="Edmonton")


@pytest.fixture
def lead():
    return User.objects.get(email=LEAD)


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


def required_lessons(course):
    return list(
        LessonPage.objects.live()
        .public()
        .descendant_of(course)
        .filter(required=True)
        .order_by("path")
    )


def cohort_of(course, name="Lead view cohort"):
    return Cohort.objects.create(
        course=course, name=name, starts_on=timezone.localdate() - datetime.timedelta(days=10)
    )


def official(organisation, cohort, *, name, done=0, certified=False, role="member"):
    """A member of `organisation` enrolled in `cohort` with `done` required lessons done,
    a webinar place, and optionally the course's certificate."""
    user = UserFactory(full_name=name, email=f"{uuid.uuid4().hex[:10]}@city.example")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    Enrolment.objects.create(
        cohort=cohort, user=user, status="enrolled", last_active_at=timezone.now()
    )
    course = cohort.course
    LessonProgress.objects.bulk_create(
        LessonProgress(
            user=user, lesson_key=lesson.translation_key, course_key=course.translation_key
        )
        for lesson in required_lessons(course)[:done]
    )
    if certified:
        Certificate.objects.create(
            code=f"T{uuid.uuid4().hex[:10].upper()}",
            user=user,
            course=course,
            cohort=cohort,
            learner_name=user.full_name,
            hours=10,
        )
    session = WebinarPage.objects.live().filter(locale__language_code="en").first()
    Registration.objects.create(
        session=session,
        user=user,
        email=user.email,
        full_name=user.full_name,
        consent=True,
        status="registered",
        attended=True,
    )
    return user


@pytest.fixture
def amir(edmonton, course):
    """Edmonton's official with progress and a certificate."""
    return official(edmonton, cohort_of(course), name="Amir Edmonton", done=2, certified=True)


@pytest.fixture
def stranger(course):
    """An official of another city, in the same cohort family: never on Edmonton's page."""
    other = OrganisationFactory(name="Red Deer", slug="red-deer")
    return official(
        other, cohort_of(course, "Other cohort"), name="Sam Stranger", done=1, certified=True
    )


def client_for(client, user):
    client.force_login(user)
    return client


# --- Who may see it ---


def test_the_lead_sees_their_people_s_progress_certificates_places_bookings_and_requests(
    client, edmonton, lead, amir, stranger, course
):
    response = client_for(client, lead).get(url(edmonton))
    assert response.status_code == 200
    html = response.content.decode()
    required = len(required_lessons(course))
    assert "Amir Edmonton" in html
    assert f"2 of {required} required lessons" in html
    certificate = Certificate.objects.get(user=amir)
    assert certificate.code in html
    assert reverse("academy:certificate", args=[certificate.code]) in html
    assert "Attended" in html  # the webinar place
    for booking in Booking.objects.filter(organisation=edmonton):
        assert booking.get_status_display() in html
    for item in HelpRequest.objects.filter(organisation=edmonton):  # restricted one included
        assert item.reference in html
    # Nothing of another organisation.
    assert "Sam Stranger" not in html
    assert Certificate.objects.get(user=stranger).code not in html
    for item in HelpRequest.objects.exclude(organisation=edmonton):
        assert item.reference not in html
    for booking in Booking.objects.exclude(organisation=edmonton):
        assert str(booking.public_id) not in html
    # The page's furniture: the tabs, the zone named, the CSV link, phone labels.
    assert 'aria-current="page"' in html
    assert "Times are shown in" in html
    assert url(edmonton, csv_file=True) in html
    assert 'data-label="Progress"' in html


def test_each_section_says_when_it_is_empty(client, course):
    city = OrganisationFactory(name="Quiet Town", slug="quiet-town")
    lead = MembershipFactory(organisation=city, role="lead").user
    html = client_for(client, lead).get(url(city)).content.decode()
    assert "None of your people is in an academy cohort or holds a certificate yet." in html
    assert "None of your people has registered for a webinar yet." in html
    assert "Your organisation has not booked office hours yet." in html
    assert "Your organisation has not filed a help-desk request yet." in html


def test_a_plain_member_gets_404(client, edmonton, amir):
    response = client_for(client, amir).get(url(edmonton))
    assert response.status_code == 404
    assert client.get(url(edmonton, csv_file=True)).status_code == 404


def test_another_organisation_s_lead_gets_404(client, edmonton):
    other_lead = User.objects.get(email="community@hub.example")  # Boise Neighbours Together
    assert Membership.objects.filter(user=other_lead, role="lead").exists()
    client_for(client, other_lead)
    assert client.get(url(edmonton)).status_code == 404
    assert client.get(url(edmonton, csv_file=True)).status_code == 404


def test_a_lead_of_one_organisation_and_member_of_another_sees_only_the_one_they_lead(
    client, edmonton, lead
):
    boise = Organisation.objects.get(name="Boise")
    Membership.objects.create(user=lead, organisation=boise, role="member")
    client_for(client, lead)
    assert client.get(url(boise)).status_code == 404
    assert client.get(url(edmonton)).status_code == 200


def test_a_coordinator_sees_any_organisation(client, edmonton, amir):
    coordinator = User.objects.get(email="coordinator@hub.example")
    response = client_for(client, coordinator).get(url(edmonton))
    assert response.status_code == 200
    assert "Amir Edmonton" in response.content.decode()


def test_visitors_are_sent_to_sign_in(client, edmonton):
    for address in (url(edmonton), url(edmonton, csv_file=True)):
        response = client.get(address)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_unknown_organisation_or_section_is_404(client, edmonton, lead):
    client_for(client, lead)
    assert client.get(url(Organisation(slug="nowhere"))).status_code == 404
    assert client.get(url(edmonton, csv_file=True, section="nothing")).status_code == 404


def test_a_removed_lead_loses_the_page_at_once(client, edmonton, lead):
    client_for(client, lead)
    assert client.get(url(edmonton)).status_code == 200
    Membership.objects.filter(user=lead, organisation=edmonton).update(role="member")
    assert client.get(url(edmonton)).status_code == 404


# --- My hub leads there ---


def test_my_hub_links_a_lead_to_their_organisation_s_activity(client, edmonton, lead, amir):
    html = client_for(client, lead).get(reverse("network:dashboard")).content.decode()
    assert url(edmonton) in html
    html = client_for(client, amir).get(reverse("network:dashboard")).content.decode()
    assert url(edmonton) not in html  # a plain member has no such link


# --- CSV ---


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_of_one_section_is_one_table(client, edmonton, lead, amir, stranger, course):
    client_for(client, lead)
    rows = read_csv(client.get(url(edmonton, csv_file=True, section="academy")))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Person", "Email", "Course", "Cohort", "Status"]
    assert any("Mountain Time" in column for column in header)  # the lead's zone, named
    mine = [row for row in body if row[0] == "Amir Edmonton"]
    assert len(mine) == 1
    row = dict(zip(header, mine[0], strict=True))
    certificate = Certificate.objects.get(user=amir)
    assert row["Email"] == amir.email
    assert row["Required lessons done"] == "2"
    assert row["Required lessons"] == str(len(required_lessons(course)))
    assert row["Certificate"] == certificate.code
    assert row["Certificate status"] == "Valid"
    assert not any("Sam Stranger" in cell for row in body for cell in row)


def test_the_whole_csv_has_every_section_under_its_title(client, edmonton, lead, amir):
    client_for(client, lead)
    rows = read_csv(client.get(url(edmonton, csv_file=True)))
    titles = [row[0] for row in rows if len(row) == 1]
    assert titles == ["Academy", "Webinars", "Office hours", "Help desk"]
    help_desk = rows[rows.index(["Help desk"]) + 1 :]
    header = help_desk[0]
    by_reference = {row[0]: dict(zip(header, row, strict=True)) for row in help_desk[1:]}
    for item in HelpRequest.objects.filter(organisation=edmonton):
        found = by_reference[item.reference]
        assert found["Status"] == item.get_status_display()
        if item.is_restricted:  # a spreadsheet leaves the sign-in behind: no words of it
            assert found["Summary"] == "Restricted: read it on the hub"
        else:
            assert found["Summary"] == item.summary


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(client, edmonton, lead, course):
    official(edmonton, cohort_of(course), name='=HYPERLINK("http://evil.example","x")')
    client_for(client, lead)
    rows = read_csv(client.get(url(edmonton, csv_file=True, section="webinars")))
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert not any(name.startswith("=") for name in names)


# --- French ---


def test_the_page_and_its_csv_read_in_french(client, edmonton, lead, amir):
    client_for(client, lead)
    response = client.get(url(edmonton, language="fr"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Télécharger en CSV" in html
    assert "Académie" in html
    assert "Aucune personne de votre organisme" not in html  # Amir is there
    rows = read_csv(client.get(url(edmonton, csv_file=True, language="fr", section="academy")))
    assert rows[0][:3] == ["Personne", "Courriel", "Cours"]


# --- Cost ---


def _queries(client, organisation) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(organisation)).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_one_member_as_for_five(client, course):
    counts = []
    for size in (1, 5):
        city = OrganisationFactory(name=f"City of {size}", slug=f"city-of-{size}")
        lead = MembershipFactory(organisation=city, role="lead").user
        cohort = cohort_of(course, f"Cohort of {size}")
        for number in range(size):
            official(city, cohort, name=f"Official {number}", done=1, certified=True)
        Booking.objects.bulk_create(
            Booking(
                programme=booking.programme,
                expert=booking.expert,
                organisation=city,
                booked_by=lead,
                starts_at=booking.starts_at + datetime.timedelta(days=30 + 10 * size + n),
                ends_at=booking.ends_at + datetime.timedelta(days=30 + 10 * size + n),
                topic=booking.topic,
                questions="Q",
                language="en",
                meeting_url=booking.meeting_url,
            )
            for n, booking in enumerate(list(Booking.objects.all()[:1]) * size)
        )
        HelpRequest.objects.bulk_create(
            HelpRequest(
                organisation=city,
                requester=lead,
                country="CA",
                language="en",
                urgency="routine",
                summary=f"Request {n}",
                details="Details",
            )
            for n in range(size)
        )
        client.force_login(lead)
        _queries(client, city)  # warm the caches (site root paths, locales)
        counts.append(_queries(client, city))
    assert counts[0] == counts[1], counts
