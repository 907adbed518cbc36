import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from network import joining, pipeline
from network.models import ExpertProfile, Organisation
from tests.network.factories import OrganisationFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, demo):
    from network.models import User

    user = User.objects.get(email="coordinator@hub.example")
    client.force_login(user)
    return user


def test_coordinators_manage_organisations_in_the_admin(client, coordinator):
    index = client.get(reverse("organisation:index"))
    assert index.status_code == 200
    assert "Edmonton" in index.content.decode()
    response = client.post(
        reverse("organisation:add"),
        {
            "name": "Kelowna",
            "slug": "kelowna",
            "kind": "city",
            "country": "CA",
            "region": "CA-BC",
            "is_member": "on",
            "member_since": "2025-03-01",
            "website": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.get(slug="kelowna").region_name == "British Columbia"


def test_admin_form_explains_a_region_outside_the_country(client, coordinator):
    response = client.post(
        reverse("organisation:add"),
        {"name": "Nowhere", "slug": "nowhere", "kind": "city", "country": "US", "region": "CA-BC"},
    )
    assert response.status_code == 200
    assert "This province or state is not in the country you chose." in response.content.decode()
    assert not Organisation.objects.filter(slug="nowhere").exists()


def test_coordinators_add_an_expert_with_languages_topics_and_jurisdictions(client, coordinator):
    person = UserFactory(full_name="Noor Haddad")
    topic = TopicFactory(name="Youth engagement")
    response = client.post(
        reverse("expertprofile:add"),
        {
            "user": person.pk,
            "bio": "Youth work.",
            "topics": [topic.pk],
            "languages": ["en", "fr"],
            "jurisdictions": ["CA-ON", "US"],
            "time_zone": "America/St_Johns",
            "weekly_capacity": "4",
            "away_until": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    expert = ExpertProfile.objects.get(user=person)
    assert expert.languages == ["en", "fr"]
    assert expert.jurisdictions == ["CA-ON", "US"]
    assert list(expert.topics.all()) == [topic]


def test_topics_are_translatable_snippets(client, coordinator):
    response = client.get(reverse("wagtailsnippets_network_topic:list"))
    assert response.status_code == 200
    assert "Coordination" in response.content.decode()


def test_user_admin_edits_full_name_language_and_time_zone(client, demo):
    from network.models import User

    client.force_login(User.objects.get(email="admin@hub.example"))
    target = User.objects.get(email="official.boise@hub.example")
    response = client.get(reverse("wagtailusers_users:edit", args=[target.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="full_name"' in content and 'name="time_zone"' in content
    assert 'name="first_name"' not in content


def test_people_without_admin_access_cannot_open_the_network_admin(client, demo):
    client.force_login(UserFactory())
    response = client.get(reverse("organisation:index"))
    assert response.status_code == 302


def test_a_missing_admin_object_is_a_404_not_a_language_redirect(client):
    from network.models import User

    client.force_login(User.objects.get(email="admin@hub.example"))
    assert client.get("/admin/cohort/edit/999999/").status_code == 404
    response = client.get("/about/")  # a page address without its language still redirects
    assert response.status_code == 302 and response["Location"] == "/en/about/"


# --- The history of a membership and of an organisation ---


def history_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def in_french(coordinator):
    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "fr"
    profile.save()


def test_a_memberships_history_names_each_change_in_english_and_french(client, coordinator):
    city = OrganisationFactory(name="Lakeside")
    person = UserFactory(full_name="Robin Asker")
    request = joining.ask_to_join(user=person, organisation=city)
    membership = joining.approve(join_request=request, by=coordinator)
    joining.change_role(membership=membership, role="lead", by=coordinator)
    url = reverse("membership:history", args=[membership.pk])
    messages = ["Added to the organisation", "Role changed"]
    text = history_text(client, url)
    assert all(message in text for message in messages), text
    assert coordinator.full_name in text  # who did it
    request_text = history_text(client, reverse("joinrequest:history", args=[request.pk]))
    assert "Asked to join" in request_text and "Approved" in request_text

    in_french(coordinator)
    text = history_text(client, url)
    with translation.override("fr"):
        french = [translation.gettext(message) for message in messages]
    assert french == ["Ajouté·e à l’organisme", "Rôle changé"]
    assert all(message in text for message in french), text

    pipeline_city = OrganisationFactory(name="Riverside", is_member=False, stage="interested")
    pipeline.move_to_stage(
        organisation=pipeline_city,
        stage="engaged",
        on=datetime.date(2026, 3, 2),
        note="Met the mayor",
        by=coordinator,
    )
    text = history_text(client, reverse("organisation:history", args=[pipeline_city.pk]))
    assert "Passée à l’étape « En discussion » le 2 mars 2026" in text, text


def test_the_history_says_whether_a_person_left_was_removed_or_closed_their_account(coordinator):
    from wagtail.models import ModelLogEntry

    city = OrganisationFactory(name="Lakeside")
    joining.add_member(organisation=city, user=coordinator, role="lead", by=coordinator)
    left, removed, closed = (UserFactory() for _ in range(3))
    for person in (left, removed, closed):
        joining.add_member(organisation=city, user=person, by=coordinator)
    joining.remove(membership=left.memberships.get(), by=left)
    joining.remove(membership=removed.memberships.get(), by=coordinator)
    joining.end_memberships(user=closed, by=closed)
    withdrawn = joining.ask_to_join(user=UserFactory(), organisation=city)
    joining.withdraw(join_request=withdrawn, by=withdrawn.user)

    def messages():
        entries = ModelLogEntry.objects.filter(
            action__in=["network.membership.remove", "network.join_request.withdraw"],
            data__organisation_id=city.pk,
        ).order_by("pk")
        return [str(entry.message) for entry in entries]

    assert messages() == [
        "Left the organisation",
        "Removed from the organisation",
        "Left the organisation: account closed",
        "Withdrawn",
    ]
    with translation.override("fr"):
        assert messages() == [
            "A quitté l’organisme",
            "Retiré·e de l’organisme",
            "A quitté l’organisme : compte fermé",
            "Demande retirée",
        ]
