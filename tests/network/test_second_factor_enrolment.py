"""The first second factor is bound to the account's owner (issue 22, finding 2).

test_a_password_alone_never_adds_the_first_authenticator reproduces the finding: on the code
as it was, a session that only knew the staff account's password posted a valid code to
allauth's activation page and got an authenticator (then the admin and the help desk).
"""

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache

from network import second_factor
from tests.network.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/en/accounts/second-factor/"
ACTIVATE = "/en/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    user = UserFactory(email="ana.editor@city.example", full_name="Ana Editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, user, *, lang="en"):
    """A real password sign-in (allauth records it; force_login would not)."""
    response = client.post(f"/{lang}/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def ask_for_link(client, capture, *, lang="en", following=""):
    query = f"?next={following}" if following else ""
    with capture(execute=True):
        response = client.post(f"/{lang}/accounts/second-factor/{query}")
    assert response.status_code == 302
    return response


def link_from(message):
    found = re.search(
        r"http://testserver(/\w\w/accounts/second-factor/[^\s/]+/(\?\S*)?)", message.body
    )
    assert found, message.body
    return found.group(1)


def activate(client, *, follow_next=""):
    """What a person does on allauth's page: read the secret from the page (here, the
    session the page stored it in), type the app's code."""
    response = client.get(ACTIVATE)
    assert response.status_code == 200, response.get("Location")
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in response.content.decode()  # the key shown for manual entry
    return client.post(ACTIVATE, {"code": current_code(secret)}), secret


# --- The finding ---


def test_a_password_alone_never_adds_the_first_authenticator(client, editor):
    # Whoever has the password signs in and, asked again, gives the password again.
    sign_in(client, editor)
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})

    # Then posts a code for a secret of their own (the one allauth's page would have shown
    # them and kept in the session).
    secret = generate_totp_secret()
    session = client.session
    session[SECRET_SESSION_KEY] = secret
    session.save()
    response = client.post(ACTIVATE, {"code": current_code(secret)})
    assert not Authenticator.objects.filter(user=editor).exists()
    assert response.status_code == 302
    assert response["Location"] == SETUP

    # The page itself, and recovery codes as a first factor, send them to the setup page.
    assert client.get(ACTIVATE)["Location"] == SETUP
    response = client.post("/en/accounts/2fa/recovery-codes/generate/")
    assert response["Location"] == SETUP
    assert not Authenticator.objects.filter(user=editor).exists()


def test_the_same_holds_for_someone_who_is_not_staff(client):
    person = UserFactory()
    sign_in(client, person)
    assert client.get(ACTIVATE)["Location"] == SETUP


def test_the_refusal_keeps_a_safe_next_and_drops_an_outside_one(client, editor):
    sign_in(client, editor)
    response = client.get(ACTIVATE + "?next=/admin/")
    assert response["Location"] == SETUP + "?next=%2Fadmin%2F"
    response = client.get(ACTIVATE + "?next=https://evil.example/")
    assert response["Location"] == SETUP


# --- The link journey ---


def test_the_emailed_link_lets_the_owner_set_up_the_authenticator_and_recovery_codes(
    client, editor, django_capture_on_commit_callbacks
):
    sign_in(client, editor)
    page = client.get(SETUP + "?next=/admin/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "a•••@city.example" in text
    assert "ana.editor@city.example" not in text

    ask_for_link(client, django_capture_on_commit_callbacks, following="/admin/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana.editor@city.example"]
    assert message.subject == "Set up your second factor on the North America Hub"
    assert "Hello Ana," in message.body
    assert message.alternatives[0][1] == "text/html"
    link = link_from(message)
    assert parse_qs(urlsplit(link).query) == {"next": ["/admin/"]}

    # Opening the link asks for a button: a mail scanner that opens it first uses nothing.
    opened = client.get(link)
    assert opened.status_code == 200
    assert "You opened the link we sent to a•••@city.example" in opened.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE + "?next=%2Fadmin%2F"

    # allauth asks for the password again before a factor is added (a fresh sign-in is not
    # a reauthentication); then back to the app's page.
    response = client.get(ACTIVATE)
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response, secret = activate(client)
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/recovery-codes/"
    totp = Authenticator.objects.get(user=editor, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(current_code(secret))
    codes = Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES)
    assert len(codes.wrap().get_unused_codes()) == 10

    # The codes are shown to the person, with the way on to where they were going.
    shown = client.get("/en/accounts/2fa/recovery-codes/").content.decode()
    for code in codes.wrap().get_unused_codes():
        assert code in shown
    assert re.search(r'href="/admin/">\s*Continue\s*</a>', shown)

    # The owner is told, in their mailbox.
    assert [m.to for m in mail.outbox] == [["ana.editor@city.example"]]
    assert "authenticator app" in mail.outbox[0].body.lower()

    # The permission ends with the enrolment; the link is spent.
    assert second_factor.GRANT_KEY not in client.session
    assert client.post(link).status_code in (302, 404)
    assert Authenticator.objects.filter(user=editor).count() == 2


def test_a_recovery_code_signs_the_owner_in(client, editor, django_capture_on_commit_callbacks):
    TOTP.activate(editor, generate_totp_secret())
    codes = RecoveryCodes.activate(editor).get_unused_codes()
    response = client.post("/en/accounts/login/", {"login": editor.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200
    # A used code does not work twice.
    client.logout()
    client.post("/en/accounts/login/", {"login": editor.email, "password": PASSWORD})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_link_email_is_in_the_owners_language(client, django_capture_on_commit_callbacks):
    person = UserFactory(email="lea@ville.example", full_name="Léa Tremblay", language="fr")
    sign_in(client, person, lang="fr")
    ask_for_link(client, django_capture_on_commit_callbacks, lang="fr")
    message = mail.outbox[0]
    assert message.subject == (
        "Configurez votre second facteur sur le site du Pôle Amérique du Nord"
    )
    assert "Bonjour Léa," in message.body
    assert link_from(message).startswith("/fr/accounts/second-factor/")
    assert message.extra_headers["Content-Language"] == "fr"


def test_the_link_refuses_another_account_and_a_signed_out_visitor(
    client, editor, django_capture_on_commit_callbacks
):
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0])
    client.logout()

    response = client.get(link)
    assert response.status_code == 403
    assert "Sign in first, as the person this email was sent to" in response.content.decode()

    other = UserFactory()
    sign_in(client, other)
    response = client.get(link)
    assert response.status_code == 403
    assert "This link was sent to another account" in response.content.decode()
    assert client.get(ACTIVATE)["Location"] == SETUP

    # Neither spent it: the owner still can.
    client.logout()
    sign_in(client, editor)
    assert client.post(link)["Location"] == ACTIVATE


def test_the_link_works_once(client, editor, django_capture_on_commit_callbacks):
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0])
    assert client.post(link)["Location"] == ACTIVATE
    response = client.get(link)
    assert response.status_code == 404
    assert "has expired, has already been used" in response.content.decode()


def test_a_new_link_replaces_the_old_one(client, editor, django_capture_on_commit_callbacks):
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    ask_for_link(client, django_capture_on_commit_callbacks)
    first, second = (link_from(m) for m in mail.outbox)
    assert client.get(first).status_code == 404
    assert client.post(second)["Location"] == ACTIVATE


def test_the_link_expires(
    client, editor, settings, django_capture_on_commit_callbacks, monkeypatch
):
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0])
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(link).status_code == 404


def test_the_link_dies_when_the_password_changes(
    client, editor, django_capture_on_commit_callbacks
):
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0])
    editor.set_password("another-long-passphrase-4")
    editor.save()
    client.force_login(editor)
    assert client.get(link).status_code == 404


def test_the_session_permission_expires(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    client.post(link_from(mail.outbox[0]))
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert client.get(ACTIVATE)["Location"] == SETUP


def test_opening_the_link_uses_nothing_until_the_owner_confirms(
    client, editor, django_capture_on_commit_callbacks
):
    """Mail scanners open every link in a message before the person does: a GET grants
    nothing, logs nothing and leaves the link working."""
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0])
    for _ in range(3):
        assert client.get(link).status_code == 200
    assert client.get(ACTIVATE)["Location"] == SETUP
    assert client.post(link)["Location"] == ACTIVATE


def test_a_forged_or_garbled_token_is_refused(client, editor):
    sign_in(client, editor)
    assert client.get("/en/accounts/second-factor/not-a-token/").status_code == 404


def test_sending_again_is_throttled(client, editor, django_capture_on_commit_callbacks):
    sign_in(client, editor)
    for _ in range(4):
        ask_for_link(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    page = client.get(SETUP).content.decode()
    assert "We have sent several links in the last few minutes" in page


def test_the_setup_page_needs_a_sign_in(client):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_someone_with_a_factor_is_sent_on(client, editor):
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    assert client.get(SETUP)["Location"] == "/en/accounts/2fa/"


def test_the_setup_page_in_french(client, django_capture_on_commit_callbacks):
    person = UserFactory(email="lea@ville.example", language="fr")
    sign_in(client, person, lang="fr")
    text = client.get("/fr/accounts/second-factor/").content.decode()
    assert "Configurez votre second facteur" in text
    assert "Envoyez-moi le lien" in text
    assert "l•••@ville.example" in text


def test_staff_held_by_the_gate_are_offered_to_sign_out_not_a_page_that_sends_them_back(
    client, editor, settings
):
    """Every other page sends gated staff back to the setup page: its way out is to sign
    out. Without the gate (or for someone who is not staff) it goes back to the profile."""
    from bs4 import BeautifulSoup

    settings.HUB_REQUIRE_STAFF_MFA = True
    sign_in(client, editor)
    main = BeautifulSoup(client.get(SETUP).content, "html.parser").main
    assert main.find("form", action="/en/accounts/logout/") is not None
    assert main.find("a", href="/en/accounts/profile/") is None

    settings.HUB_REQUIRE_STAFF_MFA = False
    main = BeautifulSoup(client.get(SETUP).content, "html.parser").main
    assert main.find("form", action="/en/accounts/logout/") is None
    assert main.find("a", href="/en/accounts/profile/") is not None


# --- Notifications to the owner ---


def test_a_password_change_tells_the_owner(client, editor, django_capture_on_commit_callbacks):
    sign_in(client, editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/password/change/",
            {
                "oldpassword": PASSWORD,
                "password1": "a-brand-new-passphrase-5",
                "password2": "a-brand-new-passphrase-5",
            },
        )
    assert [m.to for m in mail.outbox] == [["ana.editor@city.example"]]
    message = mail.outbox[0]
    assert message.subject == "Your password was changed"
    assert "Your password was changed." in message.body
    assert "you can ignore it" not in message.body
    assert "because of your account on the North America Hub website" in message.body
    assert "Hello from" not in message.body
    assert "If it was not you, someone may know your password" in message.body


def test_removing_the_authenticator_tells_the_owner_in_french(
    client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="lea@ville.example", language="fr")
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    client.post("/fr/accounts/login/", {"login": person.email, "password": PASSWORD})
    client.post("/fr/accounts/2fa/authenticate/", {"code": current_code(secret)})
    client.post("/fr/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    message = mail.outbox[-1]
    assert message.to == ["lea@ville.example"]
    assert message.subject == "Votre application d’authentification a été retirée"
    assert "Votre application d’authentification a été retirée" in message.body
    assert "Hello" not in message.body
    assert "Bonjour" in message.body
    assert "Pôle Amérique du Nord" in message.body


def test_an_added_address_is_told_to_the_main_one(
    client, editor, django_capture_on_commit_callbacks
):
    sign_in(client, editor)
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/email/", {"action_add": "", "email": "ana.private@example.org"}
        )
    assert response.status_code == 302
    notices = [m for m in mail.outbox if m.to == ["ana.editor@city.example"]]
    assert [m.subject for m in notices] == ["An email address was added to your account"]
    assert "The address ana.private@example.org was added to your account." in notices[0].body


# --- A coordinator starts the enrolment ---


def test_a_coordinator_sends_a_staff_account_its_setup_link(
    client, editor, django_capture_on_commit_callbacks
):
    from wagtail.models import ModelLogEntry

    from network.models import User

    coordinator = User.objects.get(email="coordinator@hub.example")
    client.force_login(coordinator)
    pending = client.get("/admin/second-factors/").content.decode()
    send_url = f"/admin/second-factors/{editor.pk}/send/"
    assert send_url in pending
    assert "ana.editor@city.example" in pending
    page = client.get(send_url)
    assert page.status_code == 200
    assert "ana.editor@city.example" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url, {"next": "/admin/second-factors/"})
    assert response["Location"] == "/admin/second-factors/"
    message = mail.outbox[0]
    assert message.to == ["ana.editor@city.example"]
    assert f"{coordinator.full_name}, of the hub team, asks you" in message.body
    entry = ModelLogEntry.objects.get(action="network.second_factor.link_sent")
    assert entry.object_id == str(editor.pk) and entry.user_id == coordinator.pk

    # The link is the owner's, as with their own button.
    client.logout()
    sign_in(client, editor)
    assert client.post(link_from(message))["Location"] == ACTIVATE

    # Superusers see the action in Wagtail's users list.
    client.force_login(User.objects.get(email="admin@hub.example"))
    listing = client.get("/admin/users/", {"q": "ana.editor"}).content.decode()
    assert send_url in listing


def test_only_coordinators_send_setup_links(client, editor):
    from network.models import User

    client.force_login(User.objects.get(email="editor@hub.example"))
    assert client.get("/admin/second-factors/")["Location"] == "/admin/"
    response = client.post(f"/admin/second-factors/{editor.pk}/send/")
    assert response["Location"] == "/admin/"
    assert mail.outbox == []


def test_someone_with_a_factor_is_not_listed(client, editor):
    from network.models import User

    TOTP.activate(editor, generate_totp_secret())
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    assert "ana.editor@city.example" not in client.get("/admin/second-factors/").content.decode()


def test_a_coordinator_rolling_out_second_factors_is_not_held_by_their_own_address(
    client, django_capture_on_commit_callbacks
):
    """At a rollout a coordinator sends links to every staff account from one address: the
    limit is per person sent to (three in ten minutes), not the sender's address."""
    from network.models import User

    people = [UserFactory(email=f"staff{n}@city.example", is_staff=True) for n in range(25)]
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            client.post(f"/admin/second-factors/{person.pk}/send/")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


def test_two_confirmations_at_once_give_one_permission(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    """The confirmation that finds the nonce already gone (another one took it between its
    check and its use) is refused: the link is used once, whatever the timing."""
    sign_in(client, editor)
    ask_for_link(client, django_capture_on_commit_callbacks)
    link = link_from(mail.outbox[0])
    cache.delete(second_factor._nonce_key(editor.pk))  # the other confirmation's use
    monkeypatch.setattr(second_factor, "check_token", lambda user, data: True)
    assert client.post(link).status_code == 404
    assert client.get(ACTIVATE)["Location"] == SETUP
