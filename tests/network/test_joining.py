"""Joining one's organisation: asking, deciding, inviting, roles, leaving (network.joining),
the site's pages for it, and what a membership opens and closes at once."""

import datetime
import threading

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from network import joining
from network.freemail import is_free_mail
from network.models import (
    COORDINATORS_GROUP,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationDomain,
    User,
)
from tests.network.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.utils import requires_postgres

LEAD, MEMBER = Membership.Role.LEAD, Membership.Role.MEMBER


def actions(instance) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(instance)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )


@pytest.fixture
def city(db):
    return OrganisationFactory(name="Lakeside")


@pytest.fixture
def lead(city):
    return MembershipFactory(organisation=city, role=LEAD, user__language="fr").user


@pytest.fixture
def coordinator(db):
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    return User.objects.get(pk=user.pk)


def sent(callbacks_fixture, function, **kwargs):
    """Run a service and the emails it queued; returns (result, messages)."""
    mail.outbox.clear()
    with callbacks_fixture(execute=True):
        result = function(**kwargs)
    return result, list(mail.outbox)


# --- Asking, deciding ---


def test_asking_tells_the_leads_in_their_language(city, lead, django_capture_on_commit_callbacks):
    asker = UserFactory(full_name="Robin Asker")
    request, outbox = sent(
        django_capture_on_commit_callbacks,
        joining.ask_to_join,
        user=asker,
        organisation=city,
        message="Parks department",
    )
    assert request.status == JoinRequest.Status.PENDING
    assert [m.to for m in outbox] == [[lead.email]]
    assert outbox[0].subject == "Robin Asker demande à rejoindre Lakeside"
    assert "Parks department" in outbox[0].body
    assert f"/fr/my/organisations/{city.slug}/people/" in outbox[0].body
    assert actions(request) == ["network.join_request.ask"]


def test_without_leads_the_coordinators_are_told(
    city, coordinator, django_capture_on_commit_callbacks
):
    _request, outbox = sent(
        django_capture_on_commit_callbacks,
        joining.ask_to_join,
        user=UserFactory(),
        organisation=city,
    )
    assert [coordinator.email] in [m.to for m in outbox]
    assert "/admin/" in next(m for m in outbox if m.to == [coordinator.email]).body


def test_asking_twice_or_as_a_member_is_refused_with_a_clear_message(city, lead):
    asker = UserFactory()
    joining.ask_to_join(user=asker, organisation=city)
    with pytest.raises(ValidationError, match="already asked to join Lakeside"):
        joining.ask_to_join(user=asker, organisation=city)
    with pytest.raises(ValidationError, match="already a member of Lakeside"):
        joining.ask_to_join(user=lead, organisation=city)


def test_a_partner_is_not_joined_on_the_site(db):
    partner = OrganisationFactory(kind=Organisation.Kind.PARTNER, is_member=False, region="")
    with pytest.raises(ValidationError, match="not open to requests"):
        joining.ask_to_join(user=UserFactory(), organisation=partner)


def test_the_lead_approves_and_the_person_is_told_in_their_language(
    city, lead, django_capture_on_commit_callbacks
):
    asker = UserFactory(language="en")
    request = joining.ask_to_join(user=asker, organisation=city)
    membership, outbox = sent(
        django_capture_on_commit_callbacks, joining.approve, join_request=request, by=lead
    )
    assert (membership.user, membership.organisation, membership.role) == (asker, city, MEMBER)
    assert [m.to for m in outbox] == [[asker.email]]
    assert outbox[0].subject == "You are now a member of Lakeside"
    assert outbox[0].extra_headers["Content-Language"] == "en"
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (JoinRequest.Status.APPROVED, lead)
    assert actions(request) == ["network.join_request.ask", "network.join_request.approve"]
    assert actions(membership) == ["network.membership.add"]
    with pytest.raises(ValidationError, match="already decided"):
        joining.approve(join_request=request, by=lead)


def test_decline_with_a_note_in_the_person_s_language(
    city, lead, django_capture_on_commit_callbacks
):
    asker = UserFactory(language="fr")
    request = joining.ask_to_join(user=asker, organisation=city)
    _declined, outbox = sent(
        django_capture_on_commit_callbacks,
        joining.decline,
        join_request=request,
        by=lead,
        note="Use your city address.",
    )
    assert outbox[0].to == [asker.email]
    assert outbox[0].subject == "Votre demande pour rejoindre Lakeside"
    assert "Use your city address." in outbox[0].body
    assert not Membership.objects.filter(user=asker).exists()
    assert actions(request)[-1] == "network.join_request.decline"


def test_only_leads_of_the_organisation_and_coordinators_decide(city, lead, coordinator):
    other_lead = MembershipFactory(role=LEAD).user
    plain_member = MembershipFactory(organisation=city).user
    request = joining.ask_to_join(user=UserFactory(), organisation=city)
    for person in (other_lead, plain_member, request.user):
        with pytest.raises(PermissionDenied):
            joining.approve(join_request=request, by=person)
        with pytest.raises(PermissionDenied):
            joining.decline(join_request=request, by=person)
        with pytest.raises(PermissionDenied):
            joining.invite(organisation=city, email="x@lakeside.example", by=person)
    joining.approve(join_request=request, by=coordinator, role=LEAD)
    assert Membership.objects.get(user=request.user).role == LEAD


def test_only_the_asker_withdraws(city, lead):
    request = joining.ask_to_join(user=UserFactory(), organisation=city)
    with pytest.raises(PermissionDenied):
        joining.withdraw(join_request=request, by=lead)
    joining.withdraw(join_request=request, by=request.user)
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.WITHDRAWN
    joining.ask_to_join(user=request.user, organisation=city)  # may ask again


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_two_leads_approving_at_once_make_one_membership():
    city = OrganisationFactory()
    leads = [MembershipFactory(organisation=city, role=LEAD).user for _ in range(2)]
    request = joining.ask_to_join(user=UserFactory(), organisation=city)
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(lead):
        try:
            barrier.wait()
            joining.approve(join_request=JoinRequest.objects.get(pk=request.pk), by=lead)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(lead,)) for lead in leads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    assert Membership.objects.filter(user=request.user, organisation=city).count() == 1


# --- Invitations ---


def test_an_invitation_is_accepted_with_the_verified_invited_address(
    city, lead, django_capture_on_commit_callbacks
):
    invitation, outbox = sent(
        django_capture_on_commit_callbacks,
        joining.invite,
        organisation=city,
        email="New.Person@Lakeside.example",
        role=LEAD,
        by=lead,
    )
    assert invitation.email == "new.person@lakeside.example"
    # An unknown address: the inviting lead's language (French).
    assert (
        outbox[0].subject == "Vous êtes invité·e à rejoindre Lakeside sur le Pôle Amérique du Nord"
    )
    assert f"/fr/invitations/{invitation.key}/" in outbox[0].body
    with pytest.raises(ValidationError, match="already been invited"):
        joining.invite(organisation=city, email="new.person@lakeside.example", by=lead)

    someone_else = UserFactory()
    with pytest.raises(ValidationError, match="sent to new.person@lakeside.example"):
        joining.accept_invitation(invitation=invitation, user=someone_else)
    unverified = UserFactory(email="new.person@lakeside.example", verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    with pytest.raises(ValidationError, match="verify it"):
        joining.accept_invitation(invitation=invitation, user=unverified)
    EmailAddress.objects.filter(user=unverified).update(verified=True)
    membership = joining.accept_invitation(invitation=invitation, user=unverified)
    assert membership.role == LEAD
    assert actions(invitation) == ["network.invitation.send", "network.invitation.accept"]
    with pytest.raises(ValidationError, match="already been accepted"):
        joining.accept_invitation(invitation=invitation, user=unverified)


def test_a_withdrawn_invitation_cannot_be_accepted(city, lead):
    invitation = joining.invite(organisation=city, email="late@lakeside.example", by=lead)
    joining.revoke_invitation(invitation=invitation, by=lead)
    person = UserFactory(email="late@lakeside.example")
    with pytest.raises(ValidationError, match="withdrawn"):
        joining.accept_invitation(invitation=invitation, user=person)
    assert actions(invitation)[-1] == "network.invitation.revoke"


def test_inviting_a_member_is_refused(city, lead):
    member = MembershipFactory(organisation=city).user
    with pytest.raises(ValidationError, match="already a member"):
        joining.invite(organisation=city, email=member.email.upper(), by=lead)


# --- Roles and leaving ---


def test_the_last_lead_stays_unless_a_coordinator_decides(city, lead, coordinator):
    membership = Membership.objects.get(user=lead)
    with pytest.raises(ValidationError, match="no lead left"):
        joining.change_role(membership=membership, role=MEMBER, by=lead)
    with pytest.raises(ValidationError, match="no lead left"):
        joining.remove(membership=membership, by=lead)
    second = MembershipFactory(organisation=city).user
    joining.change_role(membership=Membership.objects.get(user=second), role=LEAD, by=lead)
    joining.change_role(membership=membership, role=MEMBER, by=lead)  # another lead now
    assert actions(membership) == ["network.membership.role"]
    only_lead = Membership.objects.get(user=second)
    joining.remove(membership=only_lead, by=coordinator)
    assert not Membership.objects.filter(organisation=city, role=LEAD).exists()


def test_a_member_leaves_but_cannot_remove_others(city, lead):
    member = MembershipFactory(organisation=city)
    other = MembershipFactory(organisation=city)
    with pytest.raises(PermissionDenied):
        joining.remove(membership=other, by=member.user)
    joining.remove(membership=member, by=member.user)
    assert not Membership.objects.filter(pk=member.pk).exists()
    entry = ModelLogEntry.objects.get(action="network.membership.remove")
    assert entry.data["how"] == "left" and entry.user_id == member.user_id


# --- Suggestions and domains ---


def test_suggestions_come_from_verified_non_free_mail_addresses(city):
    OrganisationDomain.objects.create(organisation=city, domain="lakeside.example")
    OrganisationDomain.objects.create(organisation=OrganisationFactory(), domain="gmail.com")
    verified = UserFactory(email="ana@lakeside.example")
    assert list(joining.suggested_organisations(verified)) == [city]
    unverified = UserFactory(email="bo@lakeside.example", verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    assert list(joining.suggested_organisations(unverified)) == []
    free = UserFactory(email="cy@gmail.com")
    assert list(joining.suggested_organisations(free)) == []  # even if someone verified it
    joining.ask_to_join(user=verified, organisation=city)
    assert list(joining.suggested_organisations(verified)) == []  # asked already


def test_free_mail_domains_are_refused(city, coordinator):
    assert is_free_mail("gmail.com") and is_free_mail("mail.yahoo.com")
    assert not is_free_mail("edmonton.ca")
    with pytest.raises(ValidationError, match="free-mail provider"):
        joining.verify_domain(organisation=city, domain="@Gmail.com", by=coordinator)
    row = joining.verify_domain(organisation=city, domain="Lakeside.Example", by=coordinator)
    assert (row.domain, row.verified_by) == ("lakeside.example", coordinator)
    with pytest.raises(PermissionDenied):
        joining.verify_domain(organisation=city, domain="other.example", by=UserFactory())


# --- The site's pages ---


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_my_organisations_suggests_and_asks(demo, django_capture_on_commit_callbacks):
    person = UserFactory(email="dale@edmonton.ca", full_name="Dale Newcomer")
    client = client_for(person)
    page = client.get(reverse("network:organisations"))
    assert "Your address is on edmonton.ca: ask to join Edmonton." in page.content.decode()
    edmonton = Organisation.objects.get(name="Edmonton")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("network:ask-to-join", args=[edmonton.slug]),
            {f"ask-{edmonton.pk}-message": "Clerk's office"},
        )
    assert response.status_code == 302
    assert JoinRequest.objects.pending().filter(user=person, organisation=edmonton).exists()
    assert ["official.edmonton@hub.example"] in [m.to for m in mail.outbox]
    found = client.get(reverse("network:organisations"), {"q": "boise"}).content.decode()
    assert "Boise Neighbours Together" in found and "Ask to join Boise" in found
    assert (
        "Withdraw my request to Edmonton"
        in client.get(reverse("network:organisations")).content.decode()
    )


def test_the_lead_approves_on_the_site(demo):
    edmonton = Organisation.objects.get(name="Edmonton")
    waiting = JoinRequest.objects.pending().get(organisation=edmonton)  # the demo's
    lead = client_for(User.objects.get(email="official.edmonton@hub.example"))
    page = lead.get(reverse("network:organisation-people", args=[edmonton.slug]))
    assert page.status_code == 200 and waiting.user.full_name in page.content.decode()
    response = lead.post(
        reverse("network:organisation-approve", args=[edmonton.slug, waiting.pk]),
        {f"approve-{waiting.pk}-role": "member"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=waiting.user, organisation=edmonton).exists()


def test_another_organisation_s_lead_gets_404_on_every_people_url(demo):
    edmonton = Organisation.objects.get(name="Edmonton")
    waiting = JoinRequest.objects.pending().get(organisation=edmonton)
    membership = Membership.objects.get(user__email="official.edmonton@hub.example")
    invitation = Invitation.objects.open().get(organisation=edmonton)
    slug = edmonton.slug
    urls = [
        ("get", reverse("network:organisation-people", args=[slug])),
        ("post", reverse("network:organisation-invite", args=[slug])),
        ("post", reverse("network:organisation-approve", args=[slug, waiting.pk])),
        ("get", reverse("network:organisation-decline", args=[slug, waiting.pk])),
        ("post", reverse("network:organisation-decline", args=[slug, waiting.pk])),
        ("post", reverse("network:organisation-role", args=[slug, membership.pk])),
        ("get", reverse("network:organisation-remove", args=[slug, membership.pk])),
        ("post", reverse("network:organisation-remove", args=[slug, membership.pk])),
        ("get", reverse("network:organisation-revoke", args=[slug, invitation.pk])),
        ("post", reverse("network:organisation-revoke", args=[slug, invitation.pk])),
    ]
    boise_lead = MembershipFactory(organisation=Organisation.objects.get(name="Boise"), role=LEAD)
    for who in (
        boise_lead.user,
        User.objects.get(email="community@hub.example"),
        User.objects.get(email="official.boise@hub.example"),
    ):
        client = client_for(who)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (who, method, url)
    # Boise's lead does not reach Edmonton's objects through Boise's pages either.
    boise = boise_lead.organisation.slug
    client = client_for(boise_lead.user)
    assert (
        client.post(reverse("network:organisation-approve", args=[boise, waiting.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("network:organisation-remove", args=[boise, membership.pk])).status_code
        == 404
    )
    assert JoinRequest.objects.get(pk=waiting.pk).status == JoinRequest.Status.PENDING


def _office_hours_book_url():
    from network.models import ExpertProfile
    from webinars.office_hours.models import OfficeHoursPage
    from webinars.office_hours.slots import open_slots

    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    slot = open_slots(
        ExpertProfile.objects.filter(pk__in=programme.expert_ids()),
        start=timezone.now() + datetime.timedelta(days=2),
    )[0]
    return f"/en/office-hours/{programme.pk}/book/?slot={slot.key}"


def test_a_removed_member_loses_office_hours_and_the_help_desk_at_once(demo):
    edmonton = Organisation.objects.get(name="Edmonton")
    person = UserFactory()
    membership = MembershipFactory(user=person, organisation=edmonton)
    client = client_for(person)
    book, new_request = _office_hours_book_url(), reverse("helpdesk:new")
    assert 'name="urgency"' in client.get(new_request).content.decode()
    assert 'name="slot"' in client.get(book).content.decode()
    lead = client_for(User.objects.get(email="official.edmonton@hub.example"))
    response = lead.post(
        reverse("network:organisation-remove", args=[edmonton.slug, membership.pk])
    )
    assert response.status_code == 302
    closed = client.get(new_request).content.decode()
    assert 'name="urgency"' not in closed and "Ask to join your city" in closed
    closed = client.get(book).content.decode()
    assert 'name="slot"' not in closed and "Ask to join your organisation" in closed


def test_the_invitation_page(demo):
    invitation = Invitation.objects.open().get(email="morgan.blake@edmonton.ca")
    url = reverse("network:invitation", args=[invitation.key])
    anonymous = Client().get(url).content.decode()
    assert "Join Edmonton" in anonymous and "?next=" in anonymous
    assert Client().post(url).status_code == 302  # to sign in
    morgan = UserFactory(email="morgan.blake@edmonton.ca")
    response = client_for(morgan).post(url)
    assert response.status_code == 302
    assert Membership.objects.filter(user=morgan, organisation__name="Edmonton").exists()
    assert "already been accepted" in Client().get(url).content.decode()
    assert Client().get(reverse("network:invitation", args=["nope"])).status_code == 404


def test_pages_read_in_french(demo):
    person = UserFactory(email="fr@edmonton.ca", language="fr")
    with translation.override("fr"):
        url = reverse("network:organisations")
    page = client_for(person).get(url).content.decode()
    assert "Mes organismes" in page and "Votre adresse est sur edmonton.ca" in page


# --- The coordinators' admin goes through the same services ---


def test_coordinators_manage_memberships_in_the_admin_through_the_services(city, lead, coordinator):
    admin = client_for(coordinator)
    person = UserFactory()
    response = admin.post(
        "/admin/membership/new/", {"user": person.pk, "organisation": city.pk, "role": "member"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    membership = Membership.objects.get(user=person, organisation=city)
    assert actions(membership) == ["network.membership.add"]
    response = admin.post(
        f"/admin/membership/edit/{membership.pk}/",
        {"user": person.pk, "organisation": city.pk, "role": "lead"},
    )
    assert response.status_code == 302
    assert Membership.objects.get(pk=membership.pk).role == LEAD
    moved = admin.post(
        f"/admin/membership/edit/{membership.pk}/",
        {"user": person.pk, "organisation": OrganisationFactory().pk, "role": "lead"},
    )
    assert (
        moved.status_code == 200 and "keeps its person and organisation" in moved.content.decode()
    )
    assert admin.post(f"/admin/membership/delete/{membership.pk}/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert actions(membership) == [
        "network.membership.add",
        "network.membership.role",
        "network.membership.remove",
    ]


def test_coordinators_verify_domains_but_never_free_mail(city, coordinator):
    admin = client_for(coordinator)
    refused = admin.post(
        "/admin/organisationdomain/new/", {"organisation": city.pk, "domain": "Hotmail.com"}
    )
    assert refused.status_code == 200 and "free-mail provider" in refused.content.decode()
    response = admin.post(
        "/admin/organisationdomain/new/", {"organisation": city.pk, "domain": "Lakeside.example"}
    )
    assert response.status_code == 302
    domain = OrganisationDomain.objects.get(domain="lakeside.example")
    assert domain.verified_by == coordinator
    assert actions(domain) == ["network.domain.verify"]


def test_coordinators_decide_requests_in_the_admin(
    city, coordinator, django_capture_on_commit_callbacks
):
    request = joining.ask_to_join(user=UserFactory(language="fr"), organisation=city)
    admin = client_for(coordinator)
    assert admin.get("/admin/joinrequest/").status_code == 200
    assert admin.get(f"/admin/joinrequest/approve/{request.pk}/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/admin/joinrequest/approve/{request.pk}/", {"role": "lead"})
    assert response.status_code == 302
    assert Membership.objects.get(user=request.user, organisation=city).role == LEAD
    assert mail.outbox[0].subject == "Vous êtes maintenant membre de l’organisme Lakeside"
    again = admin.post(f"/admin/joinrequest/decline/{request.pk}/", {"note": ""})
    assert again.status_code == 200 and "already decided" in again.content.decode()


def test_my_hub_tells_a_lead_what_waits_and_a_person_their_request(demo):
    lead = client_for(User.objects.get(email="official.edmonton@hub.example"))
    page = lead.get(reverse("network:dashboard")).content.decode()
    assert "Edmonton: 1 request to join waits for your decision" in page
    riley = client_for(User.objects.get(email="riley.chen@edmonton.ca"))
    with translation.override("fr"):
        url = reverse("network:dashboard")
    page = riley.get(url).content.decode()
    assert "Votre demande pour rejoindre Edmonton" in page
    boise = client_for(User.objects.get(email="official.boise@hub.example"))
    assert "Requests to join" not in boise.get(reverse("network:dashboard")).content.decode()


# --- The audit trail: every change logged once, with who did it ---


def entries(instance) -> list[tuple[str, int | None, dict]]:
    return [
        (entry.action, entry.user_id, entry.data)
        for entry in ModelLogEntry.objects.for_instance(instance).order_by("timestamp", "pk")
    ]


def test_each_change_of_a_membership_is_logged_with_who_did_it(city, lead, coordinator):
    person = UserFactory(full_name="Robin Asker")
    request = joining.ask_to_join(user=person, organisation=city, message="Parks")
    membership = joining.approve(join_request=request, by=lead)
    joining.change_role(membership=membership, role=LEAD, by=coordinator)
    joining.change_role(membership=membership, role=MEMBER, by=lead)
    facts = {
        "organisation": "Lakeside",
        "organisation_id": city.pk,
        "person": person.email,
        "person_id": person.pk,
    }
    assert entries(request) == [
        ("network.join_request.ask", person.pk, facts),
        ("network.join_request.approve", lead.pk, {**facts, "role": MEMBER}),
    ]
    assert entries(membership) == [
        ("network.membership.add", lead.pk, {**facts, "role": MEMBER, "how": "join_request"}),
        ("network.membership.role", coordinator.pk, {**facts, "role": LEAD, "previous": MEMBER}),
        ("network.membership.role", lead.pk, {**facts, "role": MEMBER, "previous": LEAD}),
    ]
    joining.remove(membership=membership, by=person)
    ((action, by, data),) = entries(membership)[3:]
    assert (action, by, data["how"]) == ("network.membership.remove", person.pk, "left")


def test_a_declined_and_a_withdrawn_request_are_logged(city, lead):
    first, second = UserFactory(), UserFactory()
    declined = joining.decline(
        join_request=joining.ask_to_join(user=first, organisation=city), by=lead, note=" Not yet "
    )
    withdrawn = joining.withdraw(
        join_request=joining.ask_to_join(user=second, organisation=city), by=second
    )
    ((_ask, _, _), (action, by, data)) = entries(declined)
    assert (action, by, data["note"], data["person"]) == (
        "network.join_request.decline",
        lead.pk,
        "Not yet",
        first.email,
    )
    assert entries(withdrawn)[-1][:2] == ("network.join_request.withdraw", second.pk)


def test_an_accepted_invitation_logs_the_invitation_the_membership_and_the_request(city, lead):
    person = UserFactory(email="pat@lakeside.example")
    request = joining.ask_to_join(user=person, organisation=city)
    invitation = joining.invite(organisation=city, email=person.email, role=LEAD, by=lead)
    member = joining.approve(join_request=request, by=lead)  # a member before accepting
    waiting = JoinRequestFactory(user=person)
    joining.accept_invitation(invitation=invitation, user=person)
    invitation_facts = {
        "organisation": "Lakeside",
        "organisation_id": city.pk,
        "email": person.email,
        "role": LEAD,
    }
    assert entries(invitation) == [
        ("network.invitation.send", lead.pk, invitation_facts),
        ("network.invitation.accept", person.pk, invitation_facts),
    ]
    action, by, data = entries(member)[-1]
    assert (action, by, data["role"], data["previous"], data["how"]) == (
        "network.membership.role",
        person.pk,
        LEAD,
        MEMBER,
        "invitation",
    )
    assert entries(waiting) == []  # another organisation's request stays open


def test_an_invitation_closes_the_persons_request_to_the_same_organisation(city, lead):
    person = UserFactory(email="sam@lakeside.example")
    request = joining.ask_to_join(user=person, organisation=city)
    invitation = joining.invite(organisation=city, email=person.email, by=lead)
    joining.accept_invitation(invitation=invitation, user=person)
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (JoinRequest.Status.APPROVED, lead)
    action, by, data = entries(request)[-1]
    assert (action, by, data["how"]) == ("network.join_request.approve", person.pk, "invitation")
    joining.revoke_invitation(
        invitation=joining.invite(organisation=city, email="other@lakeside.example", by=lead),
        by=lead,
    )
    revoked = Invitation.objects.get(email="other@lakeside.example")
    assert entries(revoked)[-1][:2] == ("network.invitation.revoke", lead.pk)


def test_closing_an_account_logs_leaving_each_organisation(city, coordinator):
    from network import personal_data

    person = UserFactory(email="alex@lakeside.example", full_name="Alex Gone")
    membership = MembershipFactory(user=person, organisation=city)
    hillside = OrganisationFactory(name="Hillside")
    request = joining.ask_to_join(user=person, organisation=hillside)
    invitation = joining.invite(organisation=hillside, email=person.email, by=coordinator)
    personal_data.close_account(user=person, by=person)
    assert not Membership.objects.filter(user=person).exists()
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    removed = ModelLogEntry.objects.get(
        action="network.membership.remove", object_id=str(membership.pk)
    )
    assert (removed.user_id, removed.data["how"]) == (person.pk, "account_closed")
    assert "Alex Gone" not in removed.label and "alex@lakeside.example" not in str(removed.data)
    withdrawn = ModelLogEntry.objects.get(
        action="network.join_request.withdraw", object_id=str(request.pk)
    )
    assert withdrawn.data["how"] == "account_closed"
    assert ModelLogEntry.objects.filter(
        action="network.invitation.revoke", object_id=str(invitation.pk)
    ).exists()
