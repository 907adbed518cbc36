"""Where the site sends staff and a city in a crisis (issue 21): an expert's Get help page
leads to their queue, not to "your account is not linked to a city"; a city's at-risk
request offers the call with the notice waived (office_hours:at-risk-call), an ordinary
one the next slot; a member's account menu leads to My webinars."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from network.models import User
from tests.office_hours.test_at_risk import at_risk_url, city, on_call  # noqa: F401  (fixtures)
from tests.office_hours.test_office_hours import programme  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def read(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "language, path, words",
    [("en", "/en/get-help/", "Open your queue"), ("fr", "/fr/obtenir-de-laide/", "Ouvrir")],
)
def test_an_expert_reads_the_way_to_their_queue_not_that_they_lack_a_city(language, path, words):
    expert = User.objects.get(email="expert.amara@hub.example")
    document = read(signed_in(expert), path)
    access = document.select_one("#access")
    assert "city yet" not in access.get_text() and "pas encore" not in access.get_text()
    link = access.select_one("a.button")
    assert link["href"] == "/admin/help-desk/"
    assert words in link.get_text()


def test_a_community_lead_still_reads_how_to_join_a_city():
    lead = User.objects.get(email="community@hub.example")
    document = read(signed_in(lead), "/en/get-help/")
    assert "Your account is not linked to a city yet" in document.select_one("#access").get_text()


def test_an_at_risk_request_offers_the_call_with_the_notice_waived(city):  # noqa: F811
    document = read(signed_in(city.official), f"/en/help-desk/{city.request.public_id}/")
    section = document.select_one("section[aria-labelledby=call-heading]")
    assert section.select_one("h2").get_text() == "Talk it through now"
    link = section.select_one("a.button")
    assert link["href"] == at_risk_url(city.request)
    assert "without the usual notice" in section.get_text()
    # The page it leads to answers the official.
    assert signed_in(city.official).get(link["href"]).status_code == 200


def test_a_member_reaches_my_webinars_from_the_account_menu():
    member = User.objects.get(email="official.boise@hub.example")
    for language, label in (("en", "My webinars"), ("fr", "Mes webinaires")):
        document = read(signed_in(member), f"/{language}/")
        links = {a.get_text(strip=True): a["href"] for a in document.select(".account-menu a")}
        assert links[label] == f"/{language}/webinars/mine/" or links[label].endswith("/mine/")
