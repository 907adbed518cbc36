"""An expert's role and biography in the reader's language on the office-hours pages and in
the help desk; the English, marked as English, where no French is written."""

import pytest
from bs4 import BeautifulSoup

from network.models import ExpertProfile

pytestmark = pytest.mark.django_db

OFFICE_HOURS_FR = "/fr/webinaires/permanences/"


@pytest.fixture
def amara():
    return ExpertProfile.objects.get(user__email="expert.amara@hub.example")


def expert_card(client, url, name) -> BeautifulSoup:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    (card,) = [card for card in soup.select(".expert") if name in card.get_text()]
    return card


def test_role_and_bio_fall_back_to_english_with_its_language(amara):
    assert (amara.role_in("fr").lang, amara.bio_in("fr").lang) == ("fr", "fr")
    amara.role_fr = amara.bio_fr = ""
    assert amara.role_in("fr") == amara.role and amara.role_in("fr").lang == "en"
    assert amara.bio_in("fr") == amara.bio and amara.bio_in("fr").lang == "en"


def test_french_office_hours_show_the_experts_french_role_and_bio(client, amara):
    card = expert_card(client, OFFICE_HOURS_FR, "Amara Okafor")
    assert card.select_one(".person__role").get_text(strip=True) == amara.role_fr
    bio = card.select_one(".expert__bio")
    assert bio.get_text(strip=True) == amara.bio_fr and not bio.has_attr("lang")
    assert amara.bio not in card.get_text()


def test_english_office_hours_show_the_english_role_and_bio(client, amara):
    card = expert_card(client, "/en/webinars/office-hours/", "Amara Okafor")
    assert card.select_one(".person__role").get_text(strip=True) == amara.role
    assert card.select_one(".expert__bio").get_text(strip=True) == amara.bio


def test_a_missing_french_bio_shows_the_english_one_marked_english(client, amara):
    amara.bio_fr = amara.role_fr = ""
    amara.save()
    card = expert_card(client, OFFICE_HOURS_FR, "Amara Okafor")
    assert card.select_one(".expert__bio")["lang"] == "en"
    assert card.select_one(".person__role")["lang"] == "en"


def test_the_help_desk_names_the_assigned_experts_role_in_the_readers_language(client):
    from django.urls import reverse
    from django.utils import translation

    from helpdesk.models import HelpRequest

    help_request = HelpRequest.objects.filter(assignee__isnull=False).first()
    client.force_login(help_request.requester)
    role_fr = help_request.assignee.role_fr
    with translation.override("fr"):
        url = reverse("helpdesk:request", args=[help_request.public_id])
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    page = soup.get_text(" ", strip=True)
    assert f"{help_request.assignee.user.full_name}, {role_fr}" in page
    assert help_request.assignee.role not in page
    # What the city wrote is in the conversation's language, and marked so.
    summary = [h for h in soup.select("main h2") if h.get_text() == help_request.summary]
    assert summary[0]["lang"] == help_request.language == "en"


def test_every_demo_expert_has_a_french_role_and_biography():
    from django.db.models import Q

    assert ExpertProfile.objects.count() >= 5
    assert not ExpertProfile.objects.filter(Q(role_fr="") | Q(bio_fr="")).exists()


def test_an_experts_languages_are_named_in_the_readers_language(client):
    card = expert_card(client, OFFICE_HOURS_FR, "Amara Okafor")
    facts = card.select_one(".person__facts").get_text(" ", strip=True)
    assert "Anglais, Français" in facts and "English" not in facts
    card = expert_card(client, "/en/webinars/office-hours/", "Amara Okafor")
    assert "English, French" in card.select_one(".person__facts").get_text(" ", strip=True)
