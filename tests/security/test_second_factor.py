"""A second factor before any page for staff (issue 22, finding 1).

The outside test found that the gate covered /admin/ only: an expert, a coordinator or a
superuser signed in with a password alone downloaded help-desk files, internal notes' and
restricted requests' included. Now anyone who can see others' private data (admin access,
staff or superuser, a coordinator, an expert) and has not passed a second factor in this
session reaches only the pages that finish or abandon signing in; everything else sends
them on to set up an authenticator (none yet) or to use it (one, not used in this session).
"""

import pytest
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import AnonymousUser, Group
from django.core.files.base import ContentFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from network.middleware import StaffSecondFactorMiddleware, is_staff_side
from tests.helpdesk.factories import MessageFactory
from tests.network.factories import ExpertProfileFactory, MembershipFactory, UserFactory

DEMO_PASSWORD = "hub-demo-2026"
FILE_BYTES = b"the city's confidential letter"


def en(name, *args, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, args=args, kwargs=kwargs)


def pass_second_factor(client: Client, user) -> None:
    """Record in the client's session that `user` used an authenticator, the way allauth
    does after a code is accepted (mfa_authenticate, mfa_reauthenticate)."""
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, method="mfa", type=Authenticator.Type.TOTP)
    request.session.save()


def give_authenticator(user) -> None:
    TOTP.activate(user, generate_totp_secret())


def attachment(help_request, *, internal: bool = False):
    from helpdesk.models import Attachment

    message = MessageFactory(request=help_request, internal=internal) if internal else None
    found = Attachment(
        request=help_request,
        message=message,
        name="letter.txt",
        content_type="text/plain",
        size=len(FILE_BYTES),
        uploaded_by=help_request.requester,
    )
    found.file.save("letter.txt", ContentFile(FILE_BYTES), save=False)
    found.save()
    return found


@pytest.fixture
def gate(settings):
    settings.HUB_REQUIRE_STAFF_MFA = True


@pytest.fixture
def restricted_request(demo):
    """Edmonton's restricted request, assigned to Amara (an expert of the demo)."""
    from helpdesk.models import HelpRequest

    return HelpRequest.objects.get(organisation__name="Edmonton", sensitivity="restricted")


def the_user(email):
    from network.models import User

    return User.objects.get(email=email)


def _sent_on(name: str, following: str) -> str:
    """Where the gate sends a request for `following`: in its language (English outside the
    language prefixes)."""
    with translation.override("fr" if following.startswith("/fr/") else "en"):
        return f"{reverse(name)}?next={following.replace('/', '%2F')}"


def setup_url(following: str) -> str:
    return _sent_on("network:second_factor_setup", following)


def reauthenticate_url(following: str) -> str:
    return _sent_on("mfa_reauthenticate", following)


# --- The finding, reproduced ---


@pytest.mark.django_db
@pytest.mark.parametrize("internal", [False, True], ids=["file", "internal note's file"])
def test_an_expert_signed_in_with_a_password_alone_gets_no_help_desk_file(
    gate, restricted_request, internal
):
    found = attachment(restricted_request, internal=internal)
    url = en("helpdesk:attachment", restricted_request.public_id, found.public_id)
    client = Client()
    signed_in = client.post(
        en("account_login"), {"login": "expert.amara@hub.example", "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302  # the password alone signs her in (no authenticator)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == setup_url(url)
    assert FILE_BYTES not in b"".join(getattr(response, "streaming_content", [response.content]))
    assert not restricted_request.events.filter(kind="downloaded").exists()


@pytest.mark.django_db
def test_with_the_second_factor_used_the_expert_gets_the_file(gate, restricted_request):
    found = attachment(restricted_request, internal=True)
    amara = the_user("expert.amara@hub.example")
    give_authenticator(amara)
    client = Client()
    client.force_login(amara)
    url = en("helpdesk:attachment", restricted_request.public_id, found.public_id)
    assert client.get(url)["Location"] == reauthenticate_url(url)

    pass_second_factor(client, amara)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FILE_BYTES


# --- Every staff role ---


def _expert_without_group():
    return ExpertProfileFactory().user  # a profile is enough to be routed requests


def _experts_group():
    user = ExpertProfileFactory().user
    user.groups.add(Group.objects.get(name="Experts"))
    return user


def _coordinator():
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Hub coordinators"))
    return user


def _editor():
    user = UserFactory()  # not is_staff: the group's admin access is what counts
    user.groups.add(Group.objects.get(name="Editors"))
    return user


STAFF = {
    "expert (profile only)": _expert_without_group,
    "expert (Experts group)": _experts_group,
    "coordinator": _coordinator,
    "editor": _editor,
    "is_staff": lambda: UserFactory(is_staff=True),
    "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
}
# Public pages and private data alike: nothing but signing in is open without the factor.
PAGES = [
    "/en/",
    "/en/help-desk/",
    "/en/my/",
    "/en/accounts/profile/",
    "/en/office-hours/my/",
    "/admin/",
    "/fr/",
]


@pytest.fixture(params=list(STAFF), ids=list(STAFF))
def staff(request, db):
    return STAFF[request.param]()


@pytest.mark.django_db
def test_every_kind_of_staff_is_staff_side(staff):
    assert is_staff_side(staff)
    assert not is_staff_side(MembershipFactory().user)


@pytest.mark.django_db
def test_staff_without_an_authenticator_are_sent_to_set_one_up(gate, demo, staff, client):
    client.force_login(staff)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == setup_url(page), page


@pytest.mark.django_db
def test_staff_with_an_authenticator_not_used_in_this_session_are_asked_for_it(
    gate, demo, staff, client
):
    give_authenticator(staff)
    client.force_login(staff)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == reauthenticate_url(page), page


@pytest.mark.django_db
def test_staff_who_used_their_authenticator_go_where_they_asked(gate, demo, staff, client):
    give_authenticator(staff)
    client.force_login(staff)
    pass_second_factor(client, staff)
    for page in ("/en/", "/fr/", "/en/accounts/profile/"):
        assert client.get(page).status_code == 200, page
    admin_home = client.get("/admin/")
    assert admin_home.status_code == 200 or "/2fa/" not in admin_home["Location"]


@pytest.mark.django_db
def test_another_account_s_record_in_the_session_does_not_count(gate, demo, client):
    """allauth binds its records to the account that made them."""
    coordinator = _coordinator()
    give_authenticator(coordinator)
    someone = MembershipFactory().user
    client.force_login(coordinator)
    pass_second_factor(client, someone)
    assert client.get("/en/")["Location"] == reauthenticate_url("/en/")


# --- What stays open: the pages that finish or abandon signing in ---


@pytest.mark.django_db
def test_the_sign_in_pages_stay_open_to_staff_part_way_through(gate, demo, client):
    coordinator = _coordinator()
    client.force_login(coordinator)
    assert client.get(en("network:second_factor_setup")).status_code == 200
    assert client.get(en("account_logout")).status_code == 200
    assert client.get(en("account_reauthenticate")).status_code == 200
    assert client.get(en("account_reset_password")).status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/css/site.css").status_code in (200, 404)  # never a redirect

    give_authenticator(coordinator)
    assert client.get(en("mfa_reauthenticate")).status_code == 200
    # A password alone (reauthentication) must not show the recovery codes: they are a
    # second factor themselves.
    assert client.get(en("mfa_view_recovery_codes"))["Location"].startswith(
        en("mfa_reauthenticate")
    )

    out = client.post(en("account_logout"))
    assert out.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Nothing is done before the factor ---


@pytest.mark.django_db
def test_a_post_is_not_performed(gate, demo, client):
    coordinator = _coordinator()
    before = coordinator.full_name
    client.force_login(coordinator)
    response = client.post(
        en("network:profile"),
        {"full_name": "Changed Without Second Factor", "language": "fr", "time_zone": "UTC"},
        HTTP_REFERER="http://testserver/en/accounts/profile/",
    )
    assert response.status_code == 302
    assert response["Location"] == setup_url("/en/accounts/profile/")
    coordinator.refresh_from_db()
    assert coordinator.full_name == before
    assert coordinator.language != "fr" or before == "fr"


@pytest.mark.django_db
def test_an_internal_note_is_not_posted_before_the_second_factor(gate, restricted_request, client):
    amara = the_user("expert.amara@hub.example")
    give_authenticator(amara)
    client.force_login(amara)
    url = f"/admin/help-desk/{restricted_request.public_id}/"
    note = {"action": "reply", "body": "A note", "internal": "on", "confirm": "on"}
    before = restricted_request.messages.count()

    response = client.post(url, note)
    assert response.status_code == 302
    assert response["Location"].startswith(en("mfa_reauthenticate"))
    assert restricted_request.messages.count() == before

    pass_second_factor(client, amara)
    assert client.post(url, note).status_code == 302
    assert restricted_request.messages.count() == before + 1  # the same POST, now done


# --- Everyone else: unaffected, and no dearer ---


@pytest.mark.django_db
def test_a_city_official_is_not_asked_for_a_second_factor(gate, restricted_request, client):
    lead = restricted_request.requester  # Edmonton's lead, who filed it
    found = attachment(restricted_request)
    client.force_login(lead)
    assert client.get("/en/help-desk/").status_code == 200
    url = en("helpdesk:attachment", restricted_request.public_id, found.public_id)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FILE_BYTES
    # With an authenticator of their own, never used in this session: still unaffected.
    give_authenticator(lead)
    assert client.get("/en/help-desk/").status_code == 200
    assert not is_staff_side(lead)


@pytest.mark.django_db
def test_the_gate_is_off_unless_turned_on(settings, demo, client):
    settings.HUB_REQUIRE_STAFF_MFA = False
    client.force_login(_coordinator())
    assert client.get("/en/accounts/profile/").status_code == 200


def test_a_visitor_costs_no_query(settings):
    """No database in this test: a query would fail it."""
    settings.HUB_REQUIRE_STAFF_MFA = True
    gate_ = StaffSecondFactorMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/en/help-desk/")
    request.user = AnonymousUser()
    assert gate_(request).status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, more",
    [
        # Pages that read a person's roles anyway (visible_to): the gate's one query for
        # them (coordinator? expert?) is kept on the user and saves theirs.
        ("/en/my/", 0),
        ("/en/help-desk/", 0),
        ("/en/webinars/mine/", 0),
        ("/en/accounts/profile/", 0),
        # Pages from the page cache read no role: that one query is the gate's whole cost
        # (the admin permission is the account menu's, cached on the user).
        ("/en/", 1),
        ("/en/about/", 1),
    ],
)
def test_what_the_gate_costs_a_signed_in_member(settings, demo, url, more):
    official = the_user("official.boise@hub.example")
    client = Client()
    client.force_login(official)
    client.get(url)  # warm the page cache and the route cache
    settings.HUB_REQUIRE_STAFF_MFA = False
    without = _queries(client, url)
    settings.HUB_REQUIRE_STAFF_MFA = True
    with_gate = _queries(client, url)
    assert with_gate <= without + more, (url, without, with_gate)


@pytest.mark.django_db
def test_the_records_are_the_ones_allauth_keeps(client, demo):
    """The tests above fake a passed second factor the way allauth records it; make sure
    allauth reads it back as such."""
    user = UserFactory()
    client.force_login(user)
    pass_second_factor(client, user)
    request = RequestFactory().get("/")
    request.session = client.session
    assert [r["method"] for r in get_authentication_records(request, user)] == ["mfa"]


# --- The whole way through, as a new staff member meets it ---


@pytest.mark.django_db
def test_a_new_editor_goes_from_a_password_to_the_admin(
    gate, demo, client, django_capture_on_commit_callbacks
):
    """Signed in with a password, sent to set up a factor; the emailed link, the app's code,
    the recovery codes (no second code asked: the app's was just typed), then the admin."""
    import re

    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from django.core import mail

    from tests.network.factories import PASSWORD

    editor = _editor()
    assert client.post(en("account_login"), {"login": editor.email, "password": PASSWORD})[
        "Location"
    ] == en("network:dashboard")
    assert client.get("/admin/")["Location"] == setup_url("/admin/")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{en('network:second_factor_setup')}?next=/admin/")
    link = re.search(r"http://testserver(/en/accounts/second-factor/\S+)", mail.outbox[-1].body)
    activate = client.post(link.group(1))["Location"]
    assert activate.startswith(en("mfa_activate_totp"))
    asked = client.get(activate)["Location"]  # allauth: the password again, first
    assert asked.startswith(en("account_reauthenticate"))
    client.post(asked, {"password": PASSWORD})
    client.get(activate)
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(activate, {"code": code})
    assert done["Location"] == en("mfa_view_recovery_codes")

    assert client.get(en("mfa_view_recovery_codes")).status_code == 200
    assert client.get("/admin/").status_code == 200
