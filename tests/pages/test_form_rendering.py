"""Every form renders its fields one way (pages.forms.HubFormRenderer, templates/forms/):
labels beside checkboxes and radios, groups as fieldsets with legends, help and errors tied
to their control, and after a failed submit an error summary linking to each field. Read as
a person meets it: through the test client, in HTML."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from network.models import User

pytestmark = pytest.mark.django_db

OFFICIAL = "official.boise@hub.example"
# What a browser sends for the help-desk form left as it opens: its selects keep their first
# choice, the rest is empty.
EMPTY_REQUEST = {"summary": "", "details": "", "country": "US", "language": "en"}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def described_by(element) -> list[str]:
    return (element.get("aria-describedby") or "").split()


def control(page: BeautifulSoup, href: str):
    found = page.find(id=href.removeprefix("#"))
    assert found is not None, f"the summary links to {href}, which is not on the page"
    return found


def summary(page: BeautifulSoup):
    return page.select_one("main form [data-error-summary]")


def assert_errors_are_tied(page: BeautifulSoup) -> list[str]:
    """Each summary link leads to a control whose error (by id) is read with it: a group's
    error describes its fieldset. Returns the links."""
    box = summary(page)
    assert box is not None, "no error summary after a failed submit"
    assert box.get("tabindex") == "-1" and box.select_one("[role=alert]")
    links = [a["href"] for a in box.select("a")]
    assert links
    for href in links:
        target = control(page, href)
        assert target.get("aria-invalid") == "true", href
        group = target.find_parent("fieldset")
        described = group if target.get("type") in ("radio", "checkbox") and group else target
        errors = [page.find(id=i) for i in described_by(described)]
        assert any(e is not None and "error" in e.get("class", []) for e in errors), href
    return links


def test_a_single_checkbox_has_its_label_after_it(demo):
    page = soup(Client().get("/en/accounts/login/"))
    box = page.find("input", attrs={"name": "remember"})
    label = box.find_next("label")
    assert label is not None and label["for"] == box["id"]
    assert label.get_text(strip=True) == "Remember me"
    # Beside it: in the same row (.check), not in a block of its own above or below.
    assert label.find_parent(class_="check") is box.find_parent(class_="check") is not None


def test_radio_and_checkbox_groups_are_fieldsets_with_legends(demo):
    page = soup(signed_in(OFFICIAL).get("/en/help-desk/new/"))
    for name, legend in [("urgency", "How urgent is it?"), ("topics", "Topics")]:
        inputs = page.find_all("input", attrs={"name": name})
        assert len(inputs) > 1, name
        groups = {id(i.find_parent("fieldset")) for i in inputs}
        assert len(groups) == 1, f"{name}: its inputs are not in one fieldset"
        fieldset = inputs[0].find_parent("fieldset")
        assert fieldset.legend.get_text(" ", strip=True).startswith(legend)
        for field in inputs:
            label = field.find_next_sibling("label")
            assert label is not None and label["for"] == field["id"], name
    # The sensitivity rules describe their radio group.
    sensitivity = page.find("input", attrs={"name": "sensitivity"}).find_parent("fieldset")
    help_ids = described_by(sensitivity)
    assert help_ids and "Restricted" in page.find(id=help_ids[0]).get_text()


def test_no_error_summary_before_a_submit(demo):
    assert summary(soup(signed_in(OFFICIAL).get("/en/help-desk/new/"))) is None
    assert summary(soup(Client().get("/en/accounts/signup/"))) is None
    assert summary(soup(Client().get("/en/accounts/login/"))) is None


def test_a_failed_help_desk_request_lists_each_error_and_ties_it_to_its_field(demo):
    page = soup(signed_in(OFFICIAL).post("/en/help-desk/new/", EMPTY_REQUEST))
    links = assert_errors_are_tied(page)
    # A radio group's link goes to its first radio; its error describes the fieldset.
    assert "#id_urgency_0" in links
    assert {"#id_summary", "#id_details"} <= set(links)
    urgency = page.find(id="id_urgency_0").find_parent("fieldset")
    assert "id_urgency_error" in described_by(urgency)
    assert "Tell us how urgent it is." in page.find(id="id_urgency_error").get_text()
    assert summary(page).h2.get_text(strip=True) == "There is a problem"


def test_a_failed_sign_up_lists_each_error_and_ties_it_to_its_field(demo):
    page = soup(Client().post("/en/accounts/signup/", {"email": "not-an-address"}))
    links = assert_errors_are_tied(page)
    assert {"#id_full_name", "#id_email", "#id_password1", "#id_password2"} <= set(links)
    assert page.find(id="id_email").get("value") == "not-an-address"


def test_french_error_summary(demo):
    page = soup(Client().post("/fr/accounts/signup/", {}))
    assert summary(page).h2.get_text(strip=True) == "Il y a un problème"
    assert "Entrez votre nom complet." in summary(page).get_text()


def test_sign_up_password_rules_are_a_list_read_with_the_password(demo):
    page = soup(Client().get("/en/accounts/signup/"))
    password = page.find(id="id_password1")
    rules = [page.find(id=i) for i in described_by(password)]
    rules = [r for r in rules if r is not None and r.find("li")]
    assert rules, "the password rules are not tied to the password"
    assert rules[0].name == "div" and rules[0].find_parent("p") is None
    assert "at least 10 characters" in rules[0].get_text()
    assert password.get("placeholder") is None


@pytest.mark.parametrize(
    ("url", "words", "stock"),
    [
        ("/en/accounts/login/", ["Sign in", "Remember me", "Forgot your password?",
                                 "Create an account"], ["Sign In", "Remember Me", "Sign Up"]),
        ("/en/accounts/signup/", ["Create an account", "Full name", "Password (again)"],
         ["Sign Up", "Signup"]),
        ("/fr/accounts/login/", ["Se connecter", "Se souvenir de moi", "Mot de passe oublié",
                                 "Créer un compte"],
         ["Sign", "Remember", "Connexion", "Password"]),
        ("/fr/accounts/signup/", ["Créer un compte", "Nom complet", "Mot de passe",
                                  "Fuseau horaire"], ["Sign", "Password", "Full name"]),
        ("/fr/accounts/password/reset/", ["Réinitialiser votre mot de passe",
                                          "M’envoyer un lien"], ["Password", "Reset", "Email"]),
    ],
)  # fmt: skip
def test_account_pages_speak_the_sites_words(demo, url, words, stock):
    main = soup(Client().get(url)).find("main")
    text = re.sub(r"\s+", " ", main.get_text(" "))
    for word in words:
        assert word in text, f"{url}: {word!r} missing"
    for word in stock:
        assert word not in text, f"{url}: allauth's {word!r} is still there"
    assert soup(Client().get(url)).title.get_text().split(" · ")[0].strip()


def test_forms_included_by_the_old_component_keep_working(demo):
    page = soup(signed_in(OFFICIAL).get("/en/accounts/profile/"))
    form = page.select_one("main form[method=post]")
    for name in ("full_name", "language", "time_zone"):
        field = form.find(attrs={"name": name})
        assert form.find("label", attrs={"for": field["id"]}) is not None, name
    language = form.find(attrs={"name": "language"})
    assert "id_language_helptext" in described_by(language)


def test_an_empty_help_desk_post_is_a_failed_submit_said_once(demo):
    """A POST with no fields at all is still a submit: the errors show, and only in the
    summary and beside the fields (no second "correct the fields" banner above them)."""
    response = signed_in(OFFICIAL).post("/en/help-desk/new/", {})
    page = soup(response)
    assert {"#id_summary", "#id_details"} <= set(assert_errors_are_tied(page))
    assert "Please correct the highlighted fields" not in response.content.decode()


def test_language_pickers_name_each_language_in_itself_marked_with_its_language(demo):
    """« English » in a French form is not French: each option carries its own lang."""
    for url in ("/fr/accounts/profile/", "/fr/help-desk/new/"):
        page = soup(signed_in(OFFICIAL).get(url))
        options = page.select('select[name="language"] option')
        assert {(o["value"], o.get("lang"), o.get_text(strip=True)) for o in options} == {
            ("en", "en", "English"),
            ("fr", "fr", "Français"),
        }, url
