"""The headers every answer carries: a Content-Security-Policy (strict on the public site,
relaxed for the Wagtail admin only), HSTS over HTTPS, nosniff, a referrer policy, and
`no-store` on anything private."""

import pytest
from django.conf import settings
from django.test import Client

from network.models import User

PUBLIC = ["/en/", "/fr/ressources/", "/en/webinars/", "/en/accounts/login/", "/en/no-such-page/"]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def signed_in(email) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


@pytest.mark.parametrize("url", PUBLIC)
def test_the_public_site_allows_no_inline_script_or_style(client, demo, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_no_public_template_holds_inline_script_or_style():
    """The policy would refuse them; this finds them before a browser does."""
    offenders = []
    for template in (settings.BASE_DIR / "templates").rglob("*.html"):
        relative = template.relative_to(settings.BASE_DIR / "templates").as_posix()
        if relative.startswith(("email/", "wagtailusers/")) or "/admin/" in relative:
            continue  # mail clients and the admin are not under the public policy
        text = template.read_text()
        if "<style" in text or ' style="' in text or " on" + "click=" in text:
            offenders.append(relative)
        for chunk in text.split("<script")[1:]:
            if "src=" not in chunk.split(">")[0] and 'type="application/json"' not in chunk:
                offenders.append(relative)
    assert offenders == []


def test_the_admin_alone_is_relaxed_and_keeps_the_rest(demo):
    response = signed_in("admin@hub.example").get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # A page of the public site seen by the same person keeps the strict policy.
    public = signed_in("admin@hub.example").get("/en/")
    assert directives(public)["script-src"] == ["'self'"]


@pytest.mark.parametrize("url", ["/en/", "/admin/login/", "/healthz", "/en/help-desk/"])
def test_every_answer_over_https_carries_hsts_nosniff_and_a_referrer_policy(client, demo, url):
    response = client.get(url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    "email, url",
    [
        ("official.boise@hub.example", "/en/accounts/profile/"),
        ("official.boise@hub.example", "/fr/help-desk/"),
        ("official.boise@hub.example", "/en/academy/my-learning/"),
        ("official.boise@hub.example", "/en/office-hours/my/"),
        ("official.boise@hub.example", "/en/"),  # a public page, but with their own menu
        ("coordinator@hub.example", "/admin/help-desk/"),
    ],
)
def test_private_answers_are_never_stored(demo, email, url):
    response = signed_in(email).get(url)
    assert response.status_code == 200, response.status_code
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_page_reached_by_an_emailed_link_is_never_stored(client, demo):
    from webinars.models import Registration
    from webinars.registration import manage_token

    registration = Registration.objects.filter(status=Registration.Status.REGISTERED).first()
    response = client.get(f"/en/webinars/registrations/{manage_token(registration)}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_public_pages_without_a_form_may_be_stored(client, demo):
    response = client.get("/en/resources/")
    assert "no-store" not in response.get("Cache-Control", "")
