"""The public face of grants, as a person meets it (the demo's pages, through the test
client, HTML parsed): Funding lists the open call before anything else and the closed one
only as closed; a call in English and in French (French labels, no English left); a visitor
is asked to sign in, a member to apply; a closed call says so; the header's Funding; and the
demo's applications, reviews, grants and reports in every state the issue asks for."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import NoReverseMatch, reverse
from wagtail.models import Locale

from grants.models import (
    SUPPRESS_BELOW,
    Application,
    CallPage,
    Determination,
    Grant,
    GrantProgrammePage,
    GrantsIndexPage,
    IncidentTally,
    Report,
    Review,
)
from network.models import User
from pages import dates

pytestmark = pytest.mark.django_db

OPEN = "community-projects-2027"
CLOSED = "small-grants-2026"


def page(slug, language="en", model=CallPage):
    found = model.objects.get(slug=slug, locale__language_code="en")
    if language == "en":
        return found
    return found.get_translation(Locale.objects.get(language_code=language)).specific


def main(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser").find("main")


def section(soup, heading_text):
    heading = soup.find(lambda tag: tag.name == "h2" and tag.get_text(strip=True) == heading_text)
    assert heading is not None, heading_text
    return heading.find_parent("section")


def titles(part):
    return [title.get_text(strip=True) for title in part.select(".card__title")]


@pytest.mark.parametrize(
    ("language", "open_heading", "closed_heading"),
    [
        ("en", "Open calls for proposals", "Recently closed calls"),
        ("fr", "Appels de propositions ouverts", "Appels récemment fermés"),
    ],
)
def test_funding_lists_the_open_call_first_and_the_closed_one_only_as_closed(
    client, demo, language, open_heading, closed_heading
):
    index = page("funding", language, GrantsIndexPage)
    soup = main(client, index.url)
    open_call, closed_call = page(OPEN, language), page(CLOSED, language)
    headings = [h2.get_text(strip=True) for h2 in soup.find_all("h2")]
    assert headings[0] == open_heading
    assert titles(section(soup, open_heading)) == [open_call.title]
    assert titles(section(soup, closed_heading)) == [closed_call.title]
    badge = section(soup, closed_heading).find(class_="badge").get_text(strip=True)
    assert badge == {"en": "Closed", "fr": "Fermé"}[language]
    programme = page("empowering-communities-against-hate", language, GrantProgrammePage)
    assert programme.title in [a.get_text(strip=True) for a in soup.select(".card__title a")]


def test_the_call_page_in_english(client, demo):
    call = page(OPEN)
    soup = main(client, call.url)
    assert soup.find("h1").get_text(strip=True) == call.title
    facts = soup.find("dl", class_="facts").get_text(" ", strip=True)
    assert "US$5,000 to US$25,000" in facts
    assert "12 months" in facts
    assert "Bureau of Justice Assistance" in facts
    for heading in ["Who may apply", "How it works", "How proposals are scored"]:
        assert section(soup, heading)
    faq = section(soup, "Questions and answers").find_all("details")
    assert [item.summary.get_text(strip=True) for item in faq] == [
        item.value["question"] for item in call.faq
    ]
    steps = [li.get_text(strip=True) for li in soup.select(".grants-steps li")]
    assert "Send a short concept note." in steps  # the call asks for one first


# What the English call page shows in English: none of it may reach the French page.
ENGLISH = [
    "At a glance",
    "Awards",
    "Deadline",
    "Opens",
    "months",
    "Who may apply",
    "How it works",
    "How proposals are scored",
    "Questions and answers",
    "Who to ask",
    "Sign in",
    "account",
    "Funded by",
    "Community projects",
    "Empowering",
    "community-based",
    "Incident reporting",
    "concept note",
    " to ",
    "Eastern Time",
]


def test_the_call_page_in_french_has_french_labels_and_no_english(client, demo):
    call = page(OPEN, "fr")
    soup = main(client, call.url)
    assert soup.find("h1").get_text(strip=True) == call.title
    assert call.title.startswith("Projets communautaires")
    text = soup.get_text(" ", strip=True).replace("\xa0", " ")
    for label in [
        "En bref",
        "Date limite",
        "Qui peut présenter une demande",
        "Comment ça fonctionne",
        "Comment les propositions sont notées",
        "Questions et réponses",
        "À qui s’adresser",
        "de 5 000 $ US à 25 000 $ US",
        "Envoyez une courte note conceptuelle.",
        "heure de l’Est",
        "Connectez-vous pour présenter une demande",
    ]:
        assert label in text, label
    leaks = [phrase for phrase in ENGLISH if phrase in text]
    assert leaks == []


def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_call(client, demo):
    call = page(OPEN)
    soup = main(client, call.url)
    sign_in = [
        a["href"] for a in soup.find_all("a") if a.get_text(strip=True) == "Sign in to apply"
    ]
    assert sign_in
    assert all(href.startswith(reverse("account_login")) for href in sign_in)
    assert all(parse_qs(urlsplit(href).query)["next"] == [call.url] for href in sign_in)
    assert not [a for a in soup.find_all("a") if a.get_text(strip=True) == "Apply"]


def test_a_signed_in_member_is_offered_to_apply_in_their_time_zone(client, demo):
    user = User.objects.get(email="applicant.forestpark@hub.example")
    client.force_login(user)
    call = page(OPEN)
    soup = main(client, call.url)
    text = soup.get_text(" ", strip=True)
    assert "Sign in to apply" not in text
    assert dates.format_datetime(call.deadline, user.time_zone, language="en") in text
    try:
        eligibility = reverse("grants:eligibility", args=[call.pk])
    except NoReverseMatch:
        eligibility = None
    applies = [a["href"] for a in soup.find_all("a") if a.get_text(strip=True) == "Apply"]
    if eligibility:
        assert applies and set(applies) == {eligibility}
    else:
        assert applies == []
        assert "Online applications are not open yet." in text


@pytest.mark.parametrize(
    ("language", "closed_title"),
    [("en", "This call is closed"), ("fr", "Cet appel est fermé")],
)
def test_a_closed_call_says_it_is_closed_and_offers_no_way_in(client, demo, language, closed_title):
    client.force_login(User.objects.get(email="applicant.welcome@hub.example"))
    call = page(CLOSED, language)
    soup = main(client, call.url)
    alert = soup.find("div", class_="alert")
    assert alert.find(class_="alert__title").get_text(strip=True) == closed_title
    buttons = [a.get_text(strip=True) for a in soup.select("a.button")]
    assert buttons == []
    # Nothing about how to apply to it any more.
    assert soup.select(".grants-steps") == []


def test_the_programme_page_lists_its_calls_and_its_evaluation(client, demo):
    programme = page("empowering-communities-against-hate", "en", GrantProgrammePage)
    soup = main(client, programme.url)
    assert titles(section(soup, "Open calls for proposals")) == [page(OPEN).title]
    assert titles(section(soup, "Closed calls")) == [page(CLOSED).title]
    evaluation = section(soup, "Public evaluation").find("a")
    assert evaluation["href"] == programme.get_children().get(slug="evaluation").url
    assert "grants@hub.example" in section(soup, "Questions?").get_text()


@pytest.mark.parametrize(("language", "label"), [("en", "Funding"), ("fr", "Financement")])
def test_the_header_leads_to_funding_after_the_help_desk(client, demo, language, label):
    response = client.get(f"/{language}/")
    header = BeautifulSoup(response.content, "html.parser").find("header")
    services = header.find("nav", attrs={"aria-label": "Services"})
    links = [(a.get_text(strip=True), a["href"]) for a in services.find_all("a")]
    labels = [text for text, _ in links]
    assert (
        labels.index(label)
        == labels.index({"en": "Help desk", "fr": "Service d’assistance"}[language]) + 1
    )
    assert dict(links)[label] == page("funding", language, GrantsIndexPage).url
    home = BeautifulSoup(response.content, "html.parser").find("main")
    assert label in [h.get_text(strip=True) for h in home.find_all(["h2", "h3"])]


def test_the_demo_has_every_application_state_and_two_grants(demo):
    call = page(CLOSED)
    applications = Application.objects.filter(call=call)
    assert set(applications.values_list("status", flat=True)) >= {
        "draft",
        "submitted",
        "in_review",
        "approved",
        "declined",
        "changes_requested",
    }
    french = applications.filter(language="fr")
    english = applications.filter(language="en")
    assert french.exists() and english.exists()
    # Answers by the call's keys, whatever the language.
    keys = {child.value["key"] for child in call.proposal_form if child.block_type != "section"}
    for application in applications:
        assert set(application.answers) <= keys, application
        assert application.answers["city"] in {
            "boise",
            "pittsburgh",
            "cincinnati",
            "forest_park",
            "highland_park",
        }
    in_review = Review.objects.filter(application__status="in_review")
    assert in_review.filter(submitted_at__isnull=False).exists()
    assert in_review.filter(conflict=Review.Conflict.CONFLICT).exists()
    assert in_review.filter(conflict=Review.Conflict.UNDECLARED).exists()
    assert set(
        Determination.objects.filter(application__call=call).values_list("outcome", flat=True)
    ) == {
        "approved",
        "declined",
        "changes_requested",
    }
    reviewer = User.objects.get(email="reviewer.grants@hub.example")
    assert reviewer.groups.filter(name="Grant reviewers").exists()

    grants = Grant.objects.filter(
        programme=page("empowering-communities-against-hate", model=GrantProgrammePage)
    )
    assert grants.count() == 2
    assert grants.filter(application__status="approved").count() == 1
    assert grants.filter(application__isnull=True).count() == 1
    reports = Report.objects.filter(grant__in=grants)
    assert reports.filter(status="accepted").count() == 1
    assert reports.late().count() == 1
    assert reports.outstanding().exclude(pk__in=reports.late()).exists()
    tallies = IncidentTally.objects.filter(report__in=reports)
    assert tallies.values("category").distinct().count() >= 3
    assert tallies.values("month").distinct().count() >= 3
    assert tallies.filter(count__lt=SUPPRESS_BELOW).exists()
    assert all(grant.payments.exists() for grant in grants)


def test_the_editor_sees_tabs_and_keys_and_the_french_editor_offers_no_keys(client, demo):
    """The call's editor in tabs, each question's column name (key) with its help; the
    French page through wagtail-localize's editor, whose strings never include a key."""
    from wagtail_localize.models import StringSegment, TranslationSource

    client.force_login(User.objects.get(email="admin@hub.example"))
    english = page(OPEN)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    # (Settings shows only when it has something to set, as on every page.)
    tabs = [tab["id"] for tab in soup.select("[role=tab]")]
    assert tabs[:3] == ["tab-label-content", "tab-label-application_form", "tab-label-promote"]
    html = response.content.decode()
    assert "Column name" in html and "project_name" in html
    keys = {child.value["key"] for child in english.proposal_form if child.block_type != "section"}
    source = TranslationSource.objects.get(object_id=english.translation_key)
    offered = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert "Project name" in offered  # labels are translated…
    assert offered.isdisjoint(keys)  # …keys never
    french = page(OPEN, "fr")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[french.pk]))
    assert response.status_code == 200
    assert "Nom du projet" in response.content.decode()
    assert "project_name" not in response.content.decode()
