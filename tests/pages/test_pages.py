import pytest
from django.core.management import call_command
from django.test import RequestFactory
from wagtail.models import Page

from network.models import ExpertProfile, Membership, Organisation, Topic, User
from pages.models import HomePage, NavigationMenu, StandardPage
from pages.views import server_error

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_home_page_exists_in_english_and_french(client, demo):
    english = html(client, "/en/")
    french = html(client, "/fr/")
    assert '<html lang="en">' in english
    assert "Cities leading the prevention of hate" in english
    assert '<html lang="fr">' in french
    assert "Des villes à l’avant-garde" in french


def test_the_root_address_goes_to_a_language(client, demo):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_every_page_has_a_skip_link_and_landmarks(client, demo):
    for url in ("/en/", "/fr/a-propos/", "/en/accounts/login/", "/fr/accounts/signup/"):
        page = html(client, url)
        assert '<a class="skip-link" href="#main">' in page
        assert '<main id="main"' in page
        assert "<header" in page and "<footer" in page
        assert page.count("<nav ") >= 2  # main navigation, languages, account


def test_language_switcher_goes_to_the_translation_of_the_page(client, demo):
    english = html(client, "/en/about/")
    assert 'href="/fr/a-propos/" lang="fr" hreflang="fr"' in english
    french = html(client, "/fr/a-propos/")
    assert 'href="/en/about/" lang="en" hreflang="en"' in french
    assert 'aria-current="true">Français' in french


def test_language_switcher_on_views_outside_the_page_tree(client, demo):
    page = html(client, "/en/accounts/login/?next=/en/about/")
    assert 'href="/fr/accounts/login/?next=/en/about/"' in page


def test_untranslated_pages_are_aliases_pointing_search_engines_at_the_original(client, demo):
    alias = Page.objects.get(locale__language_code="fr", slug="guide-for-mayors")
    assert alias.alias_of_id is not None
    page = html(client, "/fr/ressources/guide-for-mayors/")
    assert '<link rel="canonical" href="http://testserver/en/resources/guide-for-mayors/">' in page
    assert '<meta name="robots" content="noindex, follow">' in page
    # The page's own words are marked English, not the French around them (test_lang_marks).
    assert '<h1 lang="en">Leading the response: a guide for mayors</h1>' in page
    translated = html(client, "/fr/a-propos/")
    assert "noindex" not in translated
    assert '<link rel="canonical" href="http://testserver/fr/a-propos/">' in translated


def test_navigation_and_footer_come_from_translatable_snippets(client, demo):
    french = html(client, "/fr/")
    assert '<a href="/fr/a-propos/">À propos</a>' in french
    assert "Le Pôle régional Amérique du Nord" in french
    english = html(client, "/en/")
    assert '<a href="/en/about/">About</a>' in english
    assert NavigationMenu.objects.filter(slot="main").count() == 2


def test_not_found_page_speaks_the_visitors_language(client, demo):
    response = client.get("/fr/cette-page-nexiste-pas/")
    assert response.status_code == 404
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Nous n’avons pas trouvé cette page" in content
    response = client.get("/en/no-such-page/")
    assert "We could not find that page" in response.content.decode()


def test_server_error_page_speaks_both_languages():
    response = server_error(RequestFactory().get("/fr/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "Un problème est survenu de notre côté" in content


def test_health_check(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_demo_content_covers_every_role_and_both_languages(demo):
    assert HomePage.objects.filter(locale__language_code="en").exists()
    assert HomePage.objects.filter(locale__language_code="fr").exists()
    assert Topic.objects.filter(locale__language_code="en").count() >= 5
    assert Topic.objects.filter(locale__language_code="fr").count() >= 5
    cities = Organisation.objects.cities().members()
    assert {"Edmonton", "Boise", "Brampton", "Victoria", "Vancouver"} <= set(
        cities.values_list("name", flat=True)
    )
    assert Organisation.objects.filter(kind="community").count() >= 2
    assert ExpertProfile.objects.count() == 5
    assert {frozenset(e.languages) for e in ExpertProfile.objects.all()} >= {
        frozenset({"en"}),
        frozenset({"en", "fr"}),
    }
    officials = Membership.objects.filter(organisation__kind="city")
    assert officials.values("organisation").distinct().count() >= 2
    assert User.objects.get(email="admin@hub.example").is_superuser
    for email, group in [
        ("editor@hub.example", "Editors"),
        ("moderator@hub.example", "Moderators"),
        ("coordinator@hub.example", "Hub coordinators"),
    ]:
        assert User.objects.get(email=email).groups.filter(name=group).exists()


def test_demo_command_is_idempotent(demo):
    counts = [
        Page.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
        Topic.objects.count(),
    ]
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [
        Page.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
        Topic.objects.count(),
    ] == counts
    call_command("load_demo", "--if-empty", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert StandardPage.objects.count() == 4  # about + membership, in both languages


def test_demo_logins_work(client, demo):
    response = client.post(
        "/en/accounts/login/",
        {"login": "official.edmonton@hub.example", "password": "hub-demo-2026"},
    )
    assert response.status_code == 302
    assert "Edmonton" in html(client, "/en/accounts/profile/")
