import pytest
from django.urls import reverse

from network.models import ExpertProfile, Organisation
from tests.network.factories import TopicFactory, UserFactory

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
