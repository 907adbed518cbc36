"""The access map, proved (issue 8, security sweep).

1. Every URL pattern of the project is in `access_map.ACCESS_MAP`, and every rule there
   matches a pattern (no stale rules).
2. Every entry that is ours or public is requested for real, with real objects of two
   cities (Edmonton is city A, Boise city B; bookings: Edmonton and Boise Neighbours
   Together), as each of ten roles; what happens is compared with what the map says should
   happen. Unexpected allows and unexpected denies must both be 0, and a refusal must be the
   refusal expected: 404 for another city's or organisation's object; for a wrong role, a
   sign-in redirect (visitors; city officials at the admin), Wagtail's bounce to the admin
   home (admin users without the permission), or 403.
3. Wagtail's own admin families are walked for a visitor and a signed-in city official:
   never a 200.

Outcomes: "200"; "redirect" (sent on somewhere that is not a sign-in page: a POST that did
its work, allauth sending a signed-in person on); "login" (to the site's or the admin's
sign-in); "admin_home" (Wagtail's "no permission" bounce to /admin/); "403"; "404"; "405".
"""

import datetime
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from tests.security.access_map import ACCESS_MAP, access_for, rule_for, url_entries

ROLES = [
    "anonymous",
    "boise_member",  # official.boise: a plain member of Boise (city B)
    "edmonton_lead",  # official.edmonton: a lead of Edmonton (city A)
    "brampton_member",  # official.brampton: a member of another city
    "community_lead",  # community@: lead of Boise Neighbours Together (community organisation)
    "expert",  # Amara: assigned to Edmonton's restricted request, holds an Edmonton booking
    "other_expert",  # Noor: on nothing of city A's or B's
    "coordinator",
    "editor",  # Wagtail Editors: admin access, no hub role
    "superuser",
]
# Grants (issue 24): three more people, walked on the grants URLs only (every other URL
# already has a city member and an admin user like them).
GRANT_ROLES = (
    "grantee_b",  # applicant.pittsburgh: Pittsburgh Unity Collective (org B: in review, grant)
    "reviewer",  # Riley: Grant reviewers; B's review sent (no conflict), C's not declared yet
    "conflicted_reviewer",  # Claire: Grant reviewers; a conflict on C, B's not declared yet
)
CITY = ("boise_member", "edmonton_lead", "brampton_member", "community_lead")
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
ADMIN_USERS = ("expert", "other_expert", "coordinator", "editor", "superuser")
ALLOWED = {"200", "redirect"}

USERS = {
    "boise_member": "official.boise@hub.example",
    "edmonton_lead": "official.edmonton@hub.example",
    "brampton_member": "official.brampton@hub.example",
    "community_lead": "community@hub.example",
    "expert": "expert.amara@hub.example",
    "other_expert": "expert.noor@hub.example",
    "coordinator": "coordinator@hub.example",
    "editor": "editor@hub.example",
    "superuser": "admin@hub.example",
    "grantee_b": "applicant.pittsburgh@hub.example",
    "reviewer": "reviewer.grants@hub.example",
    "conflicted_reviewer": "reviewer.claire@hub.example",
}


# --- Outcomes ---


def outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = urlparse(response["Location"]).path
        if location.endswith("/login/") or "/accounts/login/" in location:
            return "login"
        if location == "/admin/":
            return "admin_home"
        return "redirect"
    return str(code)


def public(outcome_: str = "200") -> dict:
    return dict.fromkeys(ROLES, outcome_)


def signed_in(outcome_: str = "200", *, anonymous: str = "login") -> dict:
    return {role: anonymous if role == "anonymous" else outcome_ for role in ROLES}


def only(allowed: dict[str, str], *, others: str = "404") -> dict:
    """Signed-in people other than `allowed` get `others`; visitors are sent to sign in."""
    table = {role: allowed.get(role, others) for role in ROLES}
    table["anonymous"] = "login"
    return table


def admin(allowed: dict[str, str], *, refused: str = "admin_home") -> dict:
    """An admin view: visitors and city officials are sent to sign in (Wagtail's admin
    access check); admin users not in `allowed` get `refused` (Wagtail answers a
    PermissionDenied in the admin with a bounce to the admin home and a message)."""
    table = dict.fromkeys(("anonymous", *CITY), "login")
    for role in ADMIN_USERS:
        table[role] = allowed.get(role, refused)
    return table


def _demo_image_name() -> str:
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("pk").first().file.name


def roles(names, value="200") -> dict:
    return dict.fromkeys(names, value)


WORKSPACE = roles(("expert", "other_expert", "coordinator", "superuser"))
COORDINATORS = roles(("coordinator", "superuser"))
SUPERUSER = roles(("superuser",))


@dataclass
class Case:
    key: str  # the access-map entry it exercises (namespace:name or route)
    label: str
    url: str
    expected: dict[str, str]
    method: str = "get"
    data: dict = field(default_factory=dict)
    roles: tuple = tuple(ROLES)  # who requests it (all roles, unless said)

    def request(self, client: Client):
        if self.method == "post":
            return client.post(self.url, self.data)
        return client.get(self.url, self.data)


# --- The world: two cities' data, most of it the demo's ---


def _user(email):
    from network.models import User

    return User.objects.get(email=email)


def _attachment(request, name, by):
    from helpdesk.models import Attachment

    content = f"{name} of {request.reference}".encode()
    attachment = Attachment(
        request=request,
        message=None,
        name=name,
        content_type="text/plain",
        size=len(content),
        uploaded_by=by,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def build_world() -> dict:
    """Real objects of city A (Edmonton) and city B (Boise), from the demo where it has
    them and made here where it does not (attachments, an invitation, a series
    subscription, a document)."""
    from academy.models import Certificate, Cohort, Enrolment, Invitation, LessonPage
    from academy.services import invitation_token
    from helpdesk.models import HelpRequest, ResponseTarget
    from network import second_factor
    from network.calendar_feed import feed_for as calendar_feed_for
    from network.models import ExpertProfile, Organisation
    from network.preferences import unsubscribe_token
    from webinars import registration as registration_flow
    from webinars.models import Registration, SeriesSubscription, WebinarPage, WebinarSeriesPage
    from webinars.office_hours import services as booking_services
    from webinars.office_hours.models import Availability, Booking, OfficeHoursPage
    from webinars.office_hours.slots import open_slots

    people = {role: _user(email) for role, email in USERS.items()}
    edmonton = Organisation.objects.get(name="Edmonton")
    boise = Organisation.objects.get(name="Boise")
    amara = ExpertProfile.objects.get(user=people["expert"])
    dana = ExpertProfile.objects.get(user__email="expert.dana@hub.example")

    request_a = HelpRequest.objects.get(organisation=edmonton, sensitivity="restricted")
    assert request_a.assignee == amara and request_a.requester == people["edmonton_lead"]
    request_b = HelpRequest.objects.filter(
        organisation=boise, requester=people["boise_member"], assignee=dana
    ).first()
    file_a = _attachment(request_a, "filed-a.txt", people["edmonton_lead"])
    file_b = _attachment(request_b, "filed-b.txt", people["boise_member"])

    booking_a = Booking.objects.get(organisation=edmonton, expert=amara, status="confirmed")
    booking_b = Booking.objects.get(organisation__name="Boise Neighbours Together")
    availability_a = Availability.objects.get(expert=amara)
    availability_b = Availability.objects.get(expert=dana)
    programme = OfficeHoursPage.objects.get(locale__language_code="en", slug="office-hours")
    slot = open_slots(
        ExpertProfile.objects.filter(pk__in=programme.expert_ids()),
        start=timezone.now() + datetime.timedelta(days=2),
    )[0]

    enrolment_b = Enrolment.objects.get(user=people["boise_member"])  # Fall cohort, enrolled
    enrolment_a = Enrolment.objects.get(user=people["edmonton_lead"])  # Winter, applied
    cohort = enrolment_b.cohort
    other_cohort = Cohort.objects.filter(course=cohort.course).exclude(pk=cohort.pk).first()
    cohorts = {mode: Cohort.objects.filter(enrolment_mode=mode).first() for mode in Cohort.Mode}
    if cohorts["invitation"] is None:  # the demo has none: one like the open cohort
        cohorts["invitation"] = Cohort.objects.get(pk=cohort.pk)
        cohorts["invitation"].pk = None
        cohorts["invitation"].name = "Invitation-only cohort"
        cohorts["invitation"].enrolment_mode = Cohort.Mode.INVITATION
        cohorts["invitation"].save()
    invitation = Invitation.objects.create(
        cohort=cohort, email="invited@city.example", invited_by=people["coordinator"]
    )
    certificate = Certificate.objects.get(user=people["edmonton_lead"])
    lesson = LessonPage.objects.live().filter(locale__language_code="en").first()

    registration = Registration.objects.filter(user=people["boise_member"]).first()
    series = WebinarSeriesPage.objects.live().filter(locale__language_code="en").first()
    subscription = SeriesSubscription.objects.create(
        series=series,
        email="subscriber@city.example",
        full_name="Sub Scriber",
        language="en",
        consent=True,
    )
    session = registration.session

    from wagtail.documents import get_document_model

    document = get_document_model().objects.first()
    if document is None:
        document = get_document_model()(title="Sweep document")
        document.file.save("sweep.txt", ContentFile(b"sweep"), save=True)

    # Joining an organisation: the demo's request to join Edmonton and its invitation; a
    # request of Boise's member to join Vancouver.
    from network.models import Invitation as OrganisationInvitation
    from network.models import JoinRequest, Membership, OrganisationDomain

    joining = {
        "request_a": JoinRequest.objects.pending().get(organisation=edmonton),
        "request_b": JoinRequest.objects.create(
            user=people["boise_member"], organisation=Organisation.objects.get(name="Vancouver")
        ),
        "invitation_a": OrganisationInvitation.objects.open().get(organisation=edmonton),
        "lead_a": Membership.objects.get(user=people["edmonton_lead"], organisation=edmonton),
        "member_b": Membership.objects.get(user=people["boise_member"], organisation=boise),
        "domain_a": OrganisationDomain.objects.get(organisation=edmonton),
    }

    return {
        "people": people,
        "organisations": {"A": edmonton, "B": boise},
        "requests": {"A": request_a, "B": request_b},
        "files": {"A": file_a, "B": file_b},
        "bookings": {"A": booking_a, "B": booking_b},
        "booking_token": booking_services.manage_token(booking_a),
        "availability": {"A": availability_a, "B": availability_b},
        "experts": {"A": amara, "B": dana},
        "programme": programme,
        "slot": slot,
        "enrolments": {"A": enrolment_a, "B": enrolment_b},
        "cohort": cohort,
        "other_cohort": other_cohort,
        "cohorts": cohorts,
        "invitation_token": invitation_token(invitation),
        "certificate": certificate,
        "lesson": lesson,
        "registration": registration,
        "registration_token": registration_flow.manage_token(registration),
        "subscription": subscription,
        "subscription_token": registration_flow.subscription_token(subscription),
        "unsubscribe_token": unsubscribe_token(email=registration.email, kind="webinar_reminders"),
        "calendar_token": calendar_feed_for(people["boise_member"]).token,
        "second_factor_token": second_factor.make_token(people["boise_member"]),
        "series": series,
        "session": WebinarPage.objects.get(pk=session.pk),
        "response_target": ResponseTarget.objects.first(),
        "document": document,
        "joining": joining,
        "grants": _grants_world(people),
    }


def _grant_file(owner, name, by):
    """A stored file of an application or of a report (private storage)."""
    from grants.models import Application, GrantFile

    content = f"{name}".encode()
    on = {"application": owner} if isinstance(owner, Application) else {"report": owner}
    found = GrantFile(
        **on,
        key="budget_file",
        name=name,
        content_type="text/plain",
        size=len(content),
        uploaded_by=by,
    )
    found.file.save(name, ContentFile(content), save=False)
    found.save()
    return found


def _grants_world(people) -> dict:
    """The demo's grants, as organisation A (Boise Neighbours Together: approved, a grant;
    the community lead belongs to it) and organisation B (Pittsburgh Unity Collective: in
    review, a grant with a late report), and C (Cincinnati's francophone families: in
    review, where Claire declared a conflict and Riley has not declared yet)."""
    from grants.models import Application, CallPage, Grant, Report, Review

    orgs = {
        "A": "Boise Neighbours Together",
        "B": "Pittsburgh Unity Collective",
        "C": "Association des familles francophones de Cincinnati",
    }
    applications = {k: Application.objects.get(organisation__name=v) for k, v in orgs.items()}
    grants = {k: Grant.objects.get(organisation__name=orgs[k]) for k in ("A", "B")}
    reports = {
        k: Report.objects.filter(grant=grants[k], status=Report.Status.DUE).order_by("due_on")[0]
        for k in ("A", "B")
    }
    riley, claire = people["reviewer"], people["conflicted_reviewer"]
    reviews = {
        "riley_b": Review.objects.get(application=applications["B"], reviewer=riley),
        "claire_b": Review.objects.get(application=applications["B"], reviewer=claire),
        "claire_c": Review.objects.get(application=applications["C"], reviewer=claire),
        "riley_c": Review.objects.get(application=applications["C"], reviewer=riley),
    }
    assert reviews["riley_b"].conflict == Review.Conflict.NONE
    assert reviews["claire_c"].conflict == Review.Conflict.CONFLICT
    assert reviews["riley_c"].conflict == reviews["claire_b"].conflict == ""
    files = {k: _grant_file(a, f"budget-{k}.txt", a.created_by) for k, a in applications.items()}
    files["report_A"] = _grant_file(reports["A"], "report-A.txt", people["community_lead"])
    open_call = CallPage.objects.live().filter(locale__language_code="en").order_by("-deadline")
    return {
        "applications": applications,
        "grants": grants,
        "reports": reports,
        "reviews": reviews,
        "files": files,
        "call": open_call.first(),
        "organisations": {k: a.organisation for k, a in applications.items()},
    }


def clients(world) -> dict[str, Client]:
    found = {"anonymous": Client()}
    for role in (*SIGNED_IN, *GRANT_ROLES):
        found[role] = Client()
        found[role].force_login(world["people"][role])
    return found


# --- The cases: one or more concrete URLs for every entry that is ours or public ---


def en(name, *args, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, args=args, kwargs=kwargs)


def page_cases(world) -> list[Case]:
    """One live page of every page type, in English and in French, and every routable
    sub-page: pages are public to everyone."""
    cases, seen = [], set()
    for page in (
        Page.objects.live().filter(depth__gt=1).specific().select_related("locale").order_by("path")
    ):
        kind = (type(page).__name__, page.locale.language_code)
        if kind in seen:
            continue
        seen.add(kind)
        # Every role reads the English pages; the French ones, a visitor and a member.
        who = tuple(ROLES) if kind[1] == "en" else ("anonymous", "boise_member")
        cases.append(Case("wagtail_serve", f"{kind[0]} ({kind[1]})", page.url, public(), roles=who))
    session, series = world["session"], world["series"]
    cases += [
        Case("wagtail_serve", "session calendar file", session.url + "calendar/", public()),
        Case("wagtail_serve", "series calendar feed", series.url + "calendar/", public()),
        Case(
            "wagtail_serve",
            "session register: a named URL now",
            session.url + "register/",
            public("404"),
        ),
        Case("wagtail_serve", "stories feed", "/en/stories/feed/", public()),
        Case("wagtail_serve", "a page that does not exist", "/en/no-such-page/", public("404")),
    ]
    return cases


def site_cases(world) -> list[Case]:
    w = world
    request_a, request_b = w["requests"]["A"], w["requests"]["B"]
    file_a, file_b = w["files"]["A"], w["files"]["B"]
    booking_a, booking_b = w["bookings"]["A"], w["bookings"]["B"]
    enrolment_a, enrolment_b = w["enrolments"]["A"], w["enrolments"]["B"]
    code = w["certificate"].code
    document = w["document"]
    joining = w["joining"]
    edmonton_slug, boise_slug = w["organisations"]["A"].slug, w["organisations"]["B"].slug
    leads_a = {"edmonton_lead": "200", **COORDINATORS}  # Edmonton's lead and coordinators
    leads_a_post = dict.fromkeys(leads_a, "redirect")
    return [
        Case("health", "health", "/healthz", public()),
        Case("sitemap_index", "sitemap index", "/sitemap.xml", public()),
        Case("robots", "robots.txt", "/robots.txt", public()),
        Case("sitemap", "sitemap (fr)", "/fr/sitemap.xml", public()),
        Case("search", "search", en("search"), public(), data={"q": "prevention"}),
        # The design system's page: on in development settings only.
        Case("pattern_library", "pattern library", en("pattern_library"), public("404")),
        Case("wagtaildocs_serve", "a document", document.url, public()),
        Case("media", "an image from MEDIA_ROOT", f"/media/{_demo_image_name()}", public()),
        Case("media", "a document's file (never)", "/media/documents/any.pdf", public("404")),
        # Accounts
        Case("network:profile", "profile", en("network:profile"), signed_in()),
        Case("network:dashboard", "my hub", en("network:dashboard"), signed_in()),
        Case(
            "network:email_preferences",
            "email choices (POST)",
            en("network:email_preferences"),
            signed_in("redirect"),
            method="post",
            data={"emails-wanted": ["nudges"]},
        ),
        Case(
            "network:email_preferences",
            "email choices (GET)",
            en("network:email_preferences"),
            public("405"),
        ),
        Case("network:join-network", "join the network", en("network:join-network"), public()),
        Case(
            "network:join-network",
            "join the network (an empty form)",
            en("network:join-network"),
            public(),
            method="post",
        ),
        Case(
            "network:join-network-thanks",
            "join the network: thanks",
            en("network:join-network-thanks"),
            public(),
        ),
        Case(
            "network:unsubscribe",
            "unsubscribe (asks first)",
            en("network:unsubscribe", w["unsubscribe_token"]),
            public(),
        ),
        Case(
            "network:unsubscribe",
            "unsubscribe, bad token",
            en("network:unsubscribe", "bad"),
            public("404"),
        ),
        # A person's own data
        Case("network:your-data", "your data", en("network:your-data"), signed_in()),
        Case("network:data-download", "download my data", en("network:data-download"), signed_in()),
        Case(
            "network:close-account",
            "close my account (asks)",
            en("network:close-account"),
            signed_in(),
        ),
        Case(
            "network:close-account",
            "close my account, wrong password (POST)",
            en("network:close-account"),
            signed_in(),
            method="post",
            data={"password": "not the password"},
        ),
        Case("network:account-closed", "account closed", en("network:account-closed"), public()),
        # The first second factor: the owner's emailed link (before the POST below, which
        # sends a newer one and so retires it).
        Case(
            "network:second_factor_link",
            "second-factor link (Boise member's)",
            en("network:second_factor_link", w["second_factor_token"]),
            {**signed_in("403", anonymous="403"), "boise_member": "200"},
        ),
        Case(
            "network:second_factor_link",
            "second-factor link confirmed (Boise member's)",
            en("network:second_factor_link", w["second_factor_token"]),
            {**signed_in("403", anonymous="403"), "boise_member": "redirect"},
            method="post",
        ),
        Case(
            "network:second_factor_link",
            "second-factor link, bad token",
            en("network:second_factor_link", "bad"),
            public("404"),
        ),
        Case(
            "network:second_factor_setup",
            "set up a second factor",
            en("network:second_factor_setup"),
            signed_in(),
        ),
        Case(
            "network:second_factor_setup",
            "set up a second factor: email me the link (POST)",
            en("network:second_factor_setup"),
            signed_in("redirect"),
            method="post",
        ),
        Case(
            "network:calendar-feed",
            "my calendar feed",
            en("network:calendar-feed", w["calendar_token"]),
            public(),
        ),
        Case(
            "network:calendar-feed",
            "calendar feed, bad token",
            en("network:calendar-feed", "bad"),
            public("404"),
        ),
        Case(
            "network:calendar",
            "calendar: ask before replacing",
            en("network:calendar") + "?action=replace",
            {**signed_in("redirect"), "boise_member": "200"},
        ),
        Case(
            "network:calendar",
            "calendar: get an address (POST)",
            en("network:calendar"),
            signed_in("redirect"),
            method="post",
            data={"action": "create"},
        ),
        Case(
            "network:calendar",
            "calendar: switch off (POST)",
            en("network:calendar"),
            signed_in("redirect"),
            method="post",
            data={"action": "turn_off"},
        ),
        Case(
            "network:organisation-activity",
            "A's activity (Edmonton)",
            en("network:organisation-activity", w["organisations"]["A"].slug),
            only({"edmonton_lead": "200", **COORDINATORS}),
        ),
        Case(
            "network:organisation-activity",
            "B's activity (Boise)",
            en("network:organisation-activity", w["organisations"]["B"].slug),
            only(COORDINATORS),
        ),
        Case(
            "network:organisation-activity-csv",
            "A's activity as CSV",
            en("network:organisation-activity-csv", w["organisations"]["A"].slug),
            only({"edmonton_lead": "200", **COORDINATORS}),
        ),
        Case(
            "network:organisation-activity-csv",
            "B's help desk as CSV",
            en("network:organisation-activity-csv", w["organisations"]["B"].slug),
            only(COORDINATORS),
            data={"section": "help-desk"},
        ),
        # Joining an organisation: one's own page; a lead's page for their organisation
        # (its leads and coordinators, everyone else 404); an invitation's key.
        Case(
            "network:organisations",
            "my organisations",
            en("network:organisations"),
            signed_in(),
            data={"q": "bo"},
        ),
        Case(
            "network:ask-to-join",
            "ask to join (POST)",
            en("network:ask-to-join", "vancouver"),
            signed_in("redirect"),
            method="post",
        ),
        Case(
            "network:ask-to-join",
            "ask to join (GET)",
            en("network:ask-to-join", "vancouver"),
            public("405"),
        ),
        Case(
            "network:withdraw-join-request",
            "withdraw B's request (POST)",
            en("network:withdraw-join-request", joining["request_b"].pk),
            only({"boise_member": "redirect"}),
            method="post",
        ),
        Case(
            "network:leave-organisation",
            "leave Boise (confirm)",
            en("network:leave-organisation", boise_slug),
            only({"boise_member": "200"}),
        ),
        Case(
            "network:leave-organisation",
            "leave Boise (POST)",
            en("network:leave-organisation", boise_slug),
            only({"boise_member": "redirect"}),
            method="post",
        ),
        Case(
            "network:organisation-people",
            "Edmonton's people",
            en("network:organisation-people", edmonton_slug),
            only(leads_a),
        ),
        Case(
            "network:organisation-people",
            "Boise's people (no lead)",
            en("network:organisation-people", boise_slug),
            only(COORDINATORS),
        ),
        Case(
            "network:organisation-invite",
            "invite to Edmonton (POST)",
            en("network:organisation-invite", edmonton_slug),
            only(leads_a_post),
            method="post",
            data={"email": "sweep@edmonton.example", "role": "member"},
        ),
        Case(
            "network:organisation-approve",
            "approve A's request (POST)",
            en("network:organisation-approve", edmonton_slug, joining["request_a"].pk),
            only(leads_a_post),
            method="post",
        ),
        Case(
            "network:organisation-approve",
            "approve B's request through Edmonton",
            en("network:organisation-approve", edmonton_slug, joining["request_b"].pk),
            only({}),
            method="post",
        ),
        Case(
            "network:organisation-decline",
            "decline A's request (confirm)",
            en("network:organisation-decline", edmonton_slug, joining["request_a"].pk),
            only(leads_a),
        ),
        Case(
            "network:organisation-decline",
            "decline A's request (POST)",
            en("network:organisation-decline", edmonton_slug, joining["request_a"].pk),
            only(leads_a_post),
            method="post",
        ),
        Case(
            "network:organisation-role",
            "role of A's lead (POST)",
            en("network:organisation-role", edmonton_slug, joining["lead_a"].pk),
            only(leads_a_post),
            method="post",
            data={f"role-{joining['lead_a'].pk}-role": "lead"},
        ),
        Case(
            "network:organisation-remove",
            "remove A's lead (confirm)",
            en("network:organisation-remove", edmonton_slug, joining["lead_a"].pk),
            only(leads_a),
        ),
        Case(
            "network:organisation-remove",
            "remove A's lead (POST)",
            en("network:organisation-remove", edmonton_slug, joining["lead_a"].pk),
            only(leads_a_post),
            method="post",
        ),
        Case(
            "network:organisation-remove",
            "remove B's member through Edmonton",
            en("network:organisation-remove", edmonton_slug, joining["member_b"].pk),
            only({}),
        ),
        Case(
            "network:organisation-revoke",
            "withdraw A's invitation (confirm)",
            en("network:organisation-revoke", edmonton_slug, joining["invitation_a"].pk),
            only(leads_a),
        ),
        Case(
            "network:organisation-revoke",
            "withdraw A's invitation (POST)",
            en("network:organisation-revoke", edmonton_slug, joining["invitation_a"].pk),
            only(leads_a_post),
            method="post",
        ),
        Case(
            "network:invitation",
            "an invitation (key)",
            en("network:invitation", joining["invitation_a"].key),
            public(),
        ),
        Case(
            "network:invitation",
            "accept an invitation not mine (POST)",
            en("network:invitation", joining["invitation_a"].key),
            signed_in("redirect"),
            method="post",
        ),
        Case(
            "network:invitation",
            "an invitation, bad key",
            en("network:invitation", "bad"),
            public("404"),
        ),
        Case(
            "account_login", "sign in", en("account_login"), signed_in("redirect", anonymous="200")
        ),
        Case(
            "account_signup",
            "sign up",
            en("account_signup"),
            signed_in("redirect", anonymous="200"),
        ),
        Case(
            "account_logout",
            "sign out (confirm)",
            en("account_logout"),
            signed_in("200", anonymous="redirect"),
        ),
        Case("account_inactive", "inactive", en("account_inactive"), public()),
        Case(
            "account_email_verification_sent",
            "verification sent",
            en("account_email_verification_sent"),
            public(),
        ),
        Case(
            "account_confirm_email",
            "confirm email, bad key (says so)",
            en("account_confirm_email", key="bad-key"),
            public(),
        ),
        Case("account_reset_password", "reset password", en("account_reset_password"), public()),
        Case(
            "account_reset_password_done", "reset done", en("account_reset_password_done"), public()
        ),
        Case(
            "account_reset_password_from_key",
            "reset from key, bad key",
            en("account_reset_password_from_key", uidb36="zz", key="bad"),
            public(),
        ),
        Case(
            "account_reset_password_from_key_done",
            "reset from key done",
            en("account_reset_password_from_key_done"),
            public(),
        ),
        Case(
            "account_confirm_login_code",
            "login code (off)",
            en("account_confirm_login_code"),
            signed_in("redirect"),
        ),
        Case("account_reauthenticate", "reauthenticate", en("account_reauthenticate"), signed_in()),
        # Reauthentication by a code sent by email is off: password or authenticator only.
        Case(
            "account_request_reauthentication_code",
            "reauthenticate by code (off)",
            en("account_request_reauthentication_code"),
            signed_in("403"),
        ),
        Case(
            "account_confirm_reauthentication_code",
            "confirm reauthentication code (off)",
            en("account_confirm_reauthentication_code"),
            signed_in("403"),
        ),
        Case(
            "account_request_reauthentication_code",
            "ask for a reauthentication code (off)",
            en("account_request_reauthentication_code"),
            signed_in("403"),
            method="post",
            data={"email": "official.boise@hub.example"},
        ),
        Case("account_email", "email addresses", en("account_email"), signed_in()),
        Case(
            "account_change_password", "change password", en("account_change_password"), signed_in()
        ),
        Case(
            "account_set_password",
            "set password (has one)",
            en("account_set_password"),
            signed_in("redirect"),
        ),
        Case("mfa_index", "2fa", en("mfa_index"), signed_in()),
        Case(
            "mfa_authenticate",
            "2fa authenticate, no login pending",
            en("mfa_authenticate"),
            signed_in("redirect"),
        ),
        # Without an authenticator there is nothing to reauthenticate with: sent on.
        Case(
            "mfa_reauthenticate",
            "2fa reauthenticate (no 2fa)",
            en("mfa_reauthenticate"),
            signed_in("redirect"),
        ),
        # A fresh session (force_login) must reauthenticate before adding a factor.
        Case(
            "mfa_activate_totp",
            "activate totp (needs a recent sign-in)",
            en("mfa_activate_totp"),
            signed_in("redirect"),
        ),
        Case(
            "mfa_deactivate_totp",
            "deactivate totp (none)",
            en("mfa_deactivate_totp"),
            signed_in("404"),
        ),
        Case(
            "mfa_view_recovery_codes",
            "recovery codes (none)",
            en("mfa_view_recovery_codes"),
            signed_in("404"),
        ),
        Case(
            "mfa_generate_recovery_codes",
            "generate recovery codes (no totp)",
            en("mfa_generate_recovery_codes"),
            signed_in("redirect"),
        ),
        Case(
            "mfa_download_recovery_codes",
            "download recovery codes (none)",
            en("mfa_download_recovery_codes"),
            signed_in("404"),
        ),
        # Academy
        Case("academy:dashboard", "my learning", en("academy:dashboard"), signed_in()),
        Case(
            "academy:enrol",
            "enrol (POST)",
            en("academy:enrol", w["cohort"].pk),
            signed_in("redirect"),
            method="post",
        ),
        Case(
            "academy:apply",
            "apply (POST)",
            en("academy:apply", w["cohort"].pk),
            signed_in("redirect"),
            method="post",
        ),
        Case("academy:enrol", "enrol (GET)", en("academy:enrol", w["cohort"].pk), public("405")),
        Case(
            "academy:complete",
            "complete a lesson (POST)",
            en("academy:complete", w["lesson"].pk),
            signed_in("redirect"),
            method="post",
        ),
        Case(
            "academy:submit_check",
            "a knowledge check, unanswered (POST)",
            en("academy:submit_check", w["lesson"].pk),
            signed_in(),
            method="post",
        ),
        Case(
            "academy:withdraw",
            "withdraw, A's enrolment (confirm)",
            en("academy:withdraw", enrolment_a.pk),
            only({"edmonton_lead": "200"}),
        ),
        Case(
            "academy:withdraw",
            "withdraw, B's enrolment (confirm)",
            en("academy:withdraw", enrolment_b.pk),
            only({"boise_member": "200"}),
        ),
        Case(
            "academy:withdraw",
            "withdraw, A's enrolment (POST)",
            en("academy:withdraw", enrolment_a.pk),
            only({"edmonton_lead": "redirect"}),
            method="post",
        ),
        Case(
            "academy:withdraw",
            "withdraw, B's enrolment (POST)",
            en("academy:withdraw", enrolment_b.pk),
            only({"boise_member": "redirect"}),
            method="post",
        ),
        Case(
            "academy:defer",
            "defer, A's enrolment (POST)",
            en("academy:defer", enrolment_a.pk),
            only({"edmonton_lead": "redirect"}),
            method="post",
            data={"cohort": w["other_cohort"].pk},
        ),
        Case(
            "academy:defer",
            "defer, B's enrolment (POST)",
            en("academy:defer", enrolment_b.pk),
            only({"boise_member": "redirect"}),
            method="post",
            data={"cohort": w["other_cohort"].pk},
        ),
        Case(
            "academy:invitation",
            "invitation",
            en("academy:invitation", w["invitation_token"]),
            public(),
        ),
        Case(
            "academy:invitation",
            "invitation, bad token",
            en("academy:invitation", "bad"),
            public("404"),
        ),
        Case(
            "academy:certificate_check",
            "check a certificate",
            en("academy:certificate_check"),
            public(),
        ),
        Case("academy:certificate", "a certificate", en("academy:certificate", code), public()),
        Case(
            "academy:certificate_pdf",
            "a certificate's PDF",
            en("academy:certificate_pdf", code),
            public(),
        ),
        # Webinars and office hours
        Case(
            "webinars:manage",
            "a registration (token)",
            en("webinars:manage", w["registration_token"]),
            public(),
        ),
        Case(
            "webinars:manage",
            "a registration, bad token",
            en("webinars:manage", "bad"),
            public("404"),
        ),
        Case(
            "webinars:manage-cancel",
            "cancel a registration (token)",
            en("webinars:manage-cancel", w["registration_token"]),
            public(),
        ),
        Case(
            "webinars:manage-cancel",
            "cancel a registration, bad token",
            en("webinars:manage-cancel", "bad"),
            public("404"),
        ),
        Case(
            "webinars:series",
            "a series subscription (token)",
            en("webinars:series", w["subscription_token"]),
            public(),
        ),
        Case(
            "webinars:series",
            "a series subscription, bad token",
            en("webinars:series", "bad"),
            public("404"),
        ),
        Case(
            "webinars:register",
            "register for a session (GET)",
            en("webinars:register", w["session"].pk),
            public("405"),
        ),
        Case(
            "webinars:register",
            "register for a session, form with errors",
            en("webinars:register", w["session"].pk),
            public(),
            method="post",
        ),
        Case(
            "webinars:register",
            "register for a page that is not a session",
            en("webinars:register", w["series"].pk),
            public("404"),
            method="post",
        ),
        Case(
            "webinars:subscribe",
            "register for a series (GET)",
            en("webinars:subscribe", w["series"].pk),
            public("405"),
        ),
        Case(
            "webinars:subscribe",
            "register for a series, form with errors",
            en("webinars:subscribe", w["series"].pk),
            public(),
            method="post",
        ),
        Case("office_hours:bookings", "my office hours", en("office_hours:bookings"), signed_in()),
        Case("webinars:mine", "my webinars", en("webinars:mine"), signed_in()),
        Case(
            "office_hours:booking",
            "booking of A (Edmonton)",
            en("office_hours:booking", booking_a.public_id),
            only({"edmonton_lead": "200"}),
        ),
        Case(
            "office_hours:book",
            "book a slot",
            en("office_hours:book", w["programme"].pk),
            signed_in(),
            data={"slot": w["slot"].key},
        ),
        # Office hours' addresses from before /office-hours/: each a permanent redirect.
        Case(
            "webinars/my-office-hours/",
            "old address of my office hours",
            "/en/webinars/my-office-hours/",
            public("redirect"),
        ),
        Case(
            "webinars/my-office-hours/<uuid:public_id>/",
            "old address of a booking",
            f"/en/webinars/my-office-hours/{booking_a.public_id}/",
            public("redirect"),
        ),
        Case(
            "webinars/my-office-hours/<uuid:public_id>/cancel/",
            "old cancel address",
            f"/en/webinars/my-office-hours/{booking_a.public_id}/cancel/",
            public("redirect"),
        ),
        Case(
            "webinars/my-office-hours/link/<str:token>/",
            "old booking link",
            f"/en/webinars/my-office-hours/link/{w['booking_token']}/",
            public("redirect"),
        ),
        Case(
            "webinars/my-office-hours/link/<str:token>/cancel/",
            "old booking link, cancel",
            f"/en/webinars/my-office-hours/link/{w['booking_token']}/cancel/",
            public("redirect"),
        ),
        Case(
            "office_hours:booking",
            "booking of B (Boise Neighbours)",
            en("office_hours:booking", booking_b.public_id),
            only({"community_lead": "200"}),
        ),
        Case(
            "office_hours:booking-cancel",
            "cancel A's booking (confirm)",
            en("office_hours:booking-cancel", booking_a.public_id),
            only({"edmonton_lead": "200"}),
        ),
        Case(
            "office_hours:booking-cancel",
            "cancel B's booking (confirm)",
            en("office_hours:booking-cancel", booking_b.public_id),
            only({"community_lead": "200"}),
        ),
        Case(
            "office_hours:booking-link-cancel",
            "cancel by booking link (token)",
            en("office_hours:booking-link-cancel", w["booking_token"]),
            public(),
        ),
        Case(
            "office_hours:booking-link-cancel",
            "cancel by booking link, bad token",
            en("office_hours:booking-link-cancel", "bad"),
            public("404"),
        ),
        Case(
            "office_hours:booking-link",
            "booking link (token)",
            en("office_hours:booking-link", w["booking_token"]),
            public(),
        ),
        Case(
            "office_hours:booking-link",
            "booking link, bad token",
            en("office_hours:booking-link", "bad"),
            public("404"),
        ),
        # Help desk, city side
        # Visitors are taken to the public Get help page (how to ask, how to get in).
        Case(
            "helpdesk:list",
            "my requests",
            en("helpdesk:list"),
            # experts and coordinators with no city are taken to their queue in the admin
            {**signed_in(anonymous="redirect"), **dict.fromkeys(WORKSPACE, "redirect")},
        ),
        Case("helpdesk:new", "file a request", en("helpdesk:new"), signed_in()),
        Case(
            "helpdesk:request",
            "A's restricted request",
            en("helpdesk:request", request_a.public_id),
            only({"edmonton_lead": "200"}),
        ),
        Case(
            "helpdesk:request",
            "B's request",
            en("helpdesk:request", request_b.public_id),
            only({"boise_member": "200"}),
        ),
        Case(
            "office_hours:at-risk-call",
            "a call now for A's restricted request",
            en("office_hours:at-risk-call", request_a.public_id),
            only({"edmonton_lead": "200"}),
        ),
        Case(
            "office_hours:at-risk-call",
            "a call now for B's request",
            en("office_hours:at-risk-call", request_b.public_id),
            only({"boise_member": "200"}),
        ),
        Case(
            "helpdesk:attachment",
            "A's file",
            en("helpdesk:attachment", request_a.public_id, file_a.public_id),
            only({"edmonton_lead": "200", "expert": "200", **COORDINATORS}),
        ),
        Case(
            "helpdesk:attachment",
            "B's file",
            en("helpdesk:attachment", request_b.public_id, file_b.public_id),
            only({"boise_member": "200", **COORDINATORS}),
        ),
        Case(
            "helpdesk:attachment",
            "B's file through A's request",
            en("helpdesk:attachment", request_a.public_id, file_b.public_id),
            only({}),
        ),
    ]


def _family(prefix: str, objects: dict[str, int | None], allowed: dict[str, dict]) -> list[Case]:
    """Every view of a Wagtail ModelViewSet family, with each object's pk where the view
    takes one. `allowed` maps a view name to the roles it allows ({role: outcome}); other
    admin users are bounced to the admin home ("no permission")."""
    cases = []
    for entry in url_entries():
        if not entry.key.startswith(prefix + ":"):
            continue
        view = entry.key.split(":", 1)[1]
        takes_pk = "<int:pk>" in entry.route or "<id:pk>" in entry.route
        for label, pk in objects.items() if takes_pk else [("", None)]:
            url = reverse(entry.key, args=[pk] if takes_pk else [])
            expected = admin(
                allowed.get(view, allowed.get(view.removesuffix("_results"), {})),
                refused="admin_home",
            )
            if isinstance(expected, dict) and takes_pk and callable(allowed.get("_object")):
                expected = allowed["_object"](view, label, expected)
            cases.append(Case(entry.key, f"{view} {label}".strip(), url, expected))
    return cases


def admin_cases(world) -> list[Case]:
    w = world
    request_a, request_b = w["requests"]["A"], w["requests"]["B"]
    booking_a, booking_b = w["bookings"]["A"], w["bookings"]["B"]
    edmonton, boise = w["organisations"]["A"], w["organisations"]["B"]
    cohort, session = w["cohort"], w["session"]
    learner = w["people"]["boise_member"]
    cases = [
        Case("frontend_login", "page-privacy sign-in", "/en/_util/login/", public("login")),
        Case(
            "admin_login",
            "admin login",
            "/admin/login/",
            # people with admin access go on to it; the others go home with a message
            {
                **signed_in("redirect", anonymous="login"),
                **dict.fromkeys(ADMIN_USERS, "admin_home"),
            },
        ),
        Case("helpdesk_admin:queue", "help-desk queue", "/admin/help-desk/", admin(WORKSPACE)),
        Case(
            "helpdesk_admin:queue_results",
            "help-desk queue rows (filter panel)",
            "/admin/help-desk/results/?view=late",
            admin(WORKSPACE),
        ),
        Case(
            "second_factor_admin:pending",
            "second factors to set up",
            "/admin/second-factors/",
            admin(COORDINATORS),
        ),
        Case(
            "second_factor_admin:send",
            "send a second-factor setup link (asks)",
            f"/admin/second-factors/{w['people']['editor'].pk}/send/",
            admin(COORDINATORS),
        ),
        Case(
            "second_factor_admin:send",
            "send a second-factor setup link (POST)",
            f"/admin/second-factors/{w['people']['editor'].pk}/send/",
            admin(roles(("coordinator", "superuser"), "redirect")),
            method="post",
        ),
        Case("outbox:index", "outgoing email", "/admin/outbox/", admin(SUPERUSER)),
        Case(
            "outbox:index_results",
            "outgoing email that failed",
            "/admin/outbox/results/?status=failed",
            admin(SUPERUSER),
        ),
        Case(
            "personal_data_admin:search",
            "personal data requests",
            "/admin/personal-data/",
            admin(COORDINATORS),
            data={"q": "official"},
        ),
        Case(
            "personal_data_admin:user",
            "a person's data",
            f"/admin/personal-data/{w['people']['boise_member'].pk}/",
            admin(COORDINATORS),
        ),
        Case(
            "personal_data_admin:user",
            "close without a reason (POST)",
            f"/admin/personal-data/{w['people']['boise_member'].pk}/",
            admin(COORDINATORS),
            method="post",
            data={"reason": ""},
        ),
        Case(
            "personal_data_admin:download",
            "a person's data (ZIP, POST)",
            f"/admin/personal-data/{w['people']['boise_member'].pk}/download/",
            admin(COORDINATORS),
            method="post",
        ),
        Case(
            "helpdesk_admin:metrics",
            "help-desk metrics",
            "/admin/help-desk/metrics/",
            admin(COORDINATORS),
        ),
        Case(
            "helpdesk_admin:metrics",
            "help-desk metrics, a table as CSV",
            "/admin/help-desk/metrics/?from=2026-01-01&to=2026-03-31&export=experts",
            admin(COORDINATORS),
        ),
        Case(
            "helpdesk_admin:report",
            "help-desk report",
            "/admin/help-desk/report/",
            admin(WORKSPACE),
        ),
        Case(
            "helpdesk_admin:report_results",
            "help-desk report results",
            "/admin/help-desk/report/results/",
            admin(WORKSPACE),
        ),
        Case(
            "helpdesk_admin:request",
            "A's restricted request (Amara's)",
            f"/admin/help-desk/{request_a.public_id}/",
            admin({"expert": "200", "other_expert": "404", **COORDINATORS}),
        ),
        Case(
            "helpdesk_admin:request",
            "B's request (Dana's)",
            f"/admin/help-desk/{request_b.public_id}/",
            admin({"expert": "404", "other_expert": "404", **COORDINATORS}),
        ),
        Case(
            "office_hours_admin:bookings",
            "office-hours bookings",
            "/admin/office-hours/",
            admin(WORKSPACE),
        ),
        Case(
            "office_hours_admin:bookings_results",
            "office-hours bookings, filtered results",
            "/admin/office-hours/results/",
            admin(WORKSPACE),
        ),
        Case(
            "office_hours_admin:booking",
            "A's booking (Amara's)",
            f"/admin/office-hours/{booking_a.pk}/",
            admin({"expert": "200", "other_expert": "404", **COORDINATORS}),
        ),
        Case(
            "office_hours_admin:booking",
            "B's booking (Dana's)",
            f"/admin/office-hours/{booking_b.pk}/",
            admin({"expert": "404", "other_expert": "404", **COORDINATORS}),
        ),
    ]
    # A translation goes to moderation by POST only; the page's edit permission decides.
    french_page = Page.objects.filter(
        locale__language_code="fr", alias_of__isnull=True, depth__gt=3
    ).first()
    submit = reverse("pages_translation_submit", args=[french_page.pk])
    cases += [
        Case(
            "pages_translation_submit",
            "submit a translation (GET)",
            submit,
            admin(dict.fromkeys(ADMIN_USERS, "405")),
        ),
        Case(
            "pages_translation_submit",
            "submit a translation",
            submit,
            admin({"editor": "redirect", "superuser": "redirect"}),
            method="post",
        ),
    ]
    # Academy reports: coordinators (and a cohort's facilitators, not among these roles).
    for name, args in [
        ("cohorts", []),
        ("cities", []),
        ("cohort", [cohort.pk]),
        ("city", [edmonton.pk]),
        ("city", [boise.pk]),
        ("learner", [learner.pk]),
    ]:
        for suffix in ("", "_results"):
            key = f"academy_reports:{name}{suffix}"
            cases.append(Case(key, f"{key} {args}", reverse(key, args=args), admin(COORDINATORS)))
    # Academy metrics (and a table of them as CSV): coordinators and facilitators.
    for query in ("", "?period=last_month&export=cohorts"):
        url = reverse("academy_metrics") + query
        cases.append(Case("academy_metrics", f"academy metrics {query}", url, admin(COORDINATORS)))
    # Academy staff: applications across cohorts, a learner's checks and another attempt
    # (coordinators here; a cohort's facilitators, not among these roles, see their own).
    for key in ("academy_applications:index", "academy_applications:index_results"):
        cases.append(Case(key, key, reverse(key), admin(COORDINATORS)))
    from academy.admin_views import check_rows

    seat = w["enrolments"]["B"]
    cases.append(
        Case(
            "academy_staff:checks",
            "a learner's knowledge checks",
            reverse("academy_staff:checks", args=[seat.pk]),
            admin(COORDINATORS),
        )
    )
    checked = check_rows(viewer=w["people"]["coordinator"], enrolment=seat)
    if checked:  # out of attempts: the confirmation; otherwise back to the checks
        grant = reverse("academy_staff:grant_attempt", args=[seat.pk, checked[0]["lesson"].pk])
        shown = "200" if checked[0]["out_of_attempts"] else "redirect"
        cases.append(
            Case(
                "academy_staff:grant_attempt",
                "grant (form)",
                grant,
                admin({"coordinator": shown, "superuser": shown}),
            )
        )
    else:
        cases.append(
            Case(
                "academy_staff:grant_attempt",
                "grant (a lesson outside the course)",
                reverse("academy_staff:grant_attempt", args=[seat.pk, w["lesson"].pk]),
                admin(roles(("coordinator", "superuser"), "404")),
            )
        )
    # Webinar reports and the coordinators' session tools.
    for name in ("sessions", "series", "roles", "organisations", "regions"):
        for suffix in ("", "_results"):
            key = f"webinar_reports:{name}{suffix}"
            cases.append(Case(key, key, reverse(key), admin(COORDINATORS)))
    cities = "webinar_reports:cities"  # moved to organisations: a redirect for coordinators
    cases.append(Case(cities, cities, reverse(cities), admin(roles(COORDINATORS, "redirect"))))
    for name in ("attendance", "approvals"):
        key = f"webinar_reports:{name}"
        cases.append(Case(key, key, reverse(key, args=[session.pk]), admin(COORDINATORS)))
    # Cancelling a session: who may publish it (of the walk's roles, the superuser).
    cancel = reverse("webinar_session_cancel", args=[session.pk])
    cases.append(Case("webinar_session_cancel", "cancel a session", cancel, admin(SUPERUSER)))
    # Cohorts: coordinators have every cohort permission; applications and invitations are
    # the coordinators' own views (403 for other admin users).
    cases += _family(
        "cohort",
        {"": cohort.pk},
        dict.fromkeys(("index", "add", "edit", "delete", "history", "usage", "copy"), COORDINATORS),
    )
    for case in cases:  # each for its own kind of cohort (another kind answers 404)
        if case.key in ("cohort:applications", "cohort:invite"):
            mode = "application" if case.key == "cohort:applications" else "invitation"
            case.url = case.url.replace(f"/{cohort.pk}/", f"/{w['cohorts'][mode].pk}/")
            case.expected = admin(COORDINATORS)
    # Certificates: coordinators view and change (revoke, reinstate), never add or delete.
    cases += _family(
        "certificate",
        {"": w["certificate"].pk},
        dict.fromkeys(("index", "inspect", "history", "revoke", "reinstate"), COORDINATORS),
    )
    # Organisations and experts: the coordinators' network permissions.
    cases += _family(
        "organisation",
        {"A": edmonton.pk, "B": boise.pk},
        dict.fromkeys(("index", "add", "edit", "delete", "history", "usage", "copy"), COORDINATORS),
    )
    cases += _family(
        "expertprofile",
        {"": w["experts"]["A"].pk},
        dict.fromkeys(("index", "add", "edit", "delete", "history", "usage", "copy"), COORDINATORS),
    )
    for case in cases:  # moving a city through the membership pipeline: coordinators
        if case.key == "organisation:move_stage":
            case.expected = admin(COORDINATORS)
    from network.models import InterestExpression

    interest = InterestExpression.objects.first()
    cases += _family(
        "interestexpression", {"": interest.pk}, dict.fromkeys(("index", "inspect"), COORDINATORS)
    )
    # Enrolments, registrations, series subscriptions: coordinators look them up; seats
    # change only through the site's flows (superusers may do anything).
    # Wagtail's history and usage views need add, change or delete: superusers only here.
    look_up = {
        **dict.fromkeys(("index", "inspect"), COORDINATORS),
        **dict.fromkeys(("add", "edit", "delete", "history", "usage"), SUPERUSER),
    }
    cases += _family("enrolment", {"": w["enrolments"]["B"].pk}, look_up)
    cases += _family("registration", {"": w["registration"].pk}, look_up)
    cases += _family("seriessubscription", {"": w["subscription"].pk}, look_up)
    # The on-call rota: experts read it, coordinators edit it (RotaPermissionPolicy).
    from helpdesk.models import OnCallShift

    cases += _family(
        "on_call_rota",
        {"": OnCallShift.objects.order_by("pk").first().pk},
        {
            "index": WORKSPACE,
            **dict.fromkeys(("add", "edit", "delete", "copy", "history", "usage"), COORDINATORS),
        },
    )
    # Acknowledging an at-risk request: A's restricted request was acknowledged by Amara in
    # the demo; she may press again (nothing changes), a coordinator is told who has it.
    cases += [
        Case(
            "helpdesk_on_call:acknowledge",
            "acknowledge A's at-risk request (POST)",
            f"/admin/on-call/{w['requests']['A'].public_id}/acknowledge/",
            admin(
                {
                    "expert": "redirect",
                    "other_expert": "404",
                    "editor": "404",
                    "coordinator": "redirect",
                    "superuser": "redirect",
                }
            ),
            method="post",
        ),
        Case(
            "helpdesk_on_call:acknowledge",
            "acknowledge (GET)",
            f"/admin/on-call/{w['requests']['A'].public_id}/acknowledge/",
            admin(dict.fromkeys(ADMIN_USERS, "405")),
        ),
    ]
    # Response targets: coordinators view and change.
    cases += _family(
        "responsetarget",
        {"": w["response_target"].pk},
        {
            **dict.fromkeys(("index", "edit", "history", "usage"), COORDINATORS),
            "add": SUPERUSER,
            "delete": SUPERUSER,
        },
    )
    # Availability: experts their own (another's answers 404), coordinators everyone's;
    # only coordinators delete.
    # The object is looked up in visible_to() before permissions are checked, so anyone
    # outside it (another expert, an editor) gets 404 whatever the view.
    mine = {"expert": "200", "other_expert": "200", **COORDINATORS}

    def scoped(view, label, expected):
        expected = {**expected, "other_expert": "404"}
        if view != "edit":  # the edit view checks permissions first
            expected["editor"] = "404"
        if label == "B":
            expected["expert"] = "404"
        return expected

    cases += _family(
        "availability",
        {"A": w["availability"]["A"].pk, "B": w["availability"]["B"].pk},
        {
            **dict.fromkeys(("index", "add", "edit", "history", "usage"), mine),
            "delete": COORDINATORS,
            "_object": scoped,
        },
    )
    # Joining an organisation: coordinators manage memberships and verified domains, decide
    # on requests to join, read invitations.
    joining = w["joining"]
    everything = ("index", "add", "edit", "delete", "history", "usage")
    cases += _family(
        "membership", {"A": joining["lead_a"].pk}, dict.fromkeys(everything, COORDINATORS)
    )
    cases += _family(
        "joinrequest",
        {"A": joining["request_a"].pk},
        dict.fromkeys(("index", "inspect", "history", "approve", "decline"), COORDINATORS),
    )
    cases += _family(
        "organisationdomain", {"A": joining["domain_a"].pk}, dict.fromkeys(everything, COORDINATORS)
    )
    cases += _family(
        "invitation",
        {"A": joining["invitation_a"].pk},
        dict.fromkeys(("index", "inspect", "history"), COORDINATORS),
    )
    return cases


def _grants(table: dict, **extra) -> dict:
    """A table for ROLES widened to the grants roles (each given, or as `extra` says)."""
    return {**table, **extra}


def grants_site_cases(world) -> list[Case]:
    """The applicant's and grantee's pages: A's objects for A's members, B's for B's;
    another organisation's 404 to everyone else, reviewers and coordinators included (they
    read applications in the admin), except what visible_to() gives them (files, grants)."""
    g = world["grants"]
    apps, grants, reports, files = g["applications"], g["grants"], g["reports"], g["files"]
    everyone = (*ROLES, *GRANT_ROLES)
    none_grants = dict.fromkeys(GRANT_ROLES, "404")
    signed = _grants(signed_in(), **dict.fromkeys(GRANT_ROLES, "200"))

    def of_a(extra=None, **grant_roles):  # A's: the community lead (Boise Neighbours Together)
        return _grants(
            only({"community_lead": "200", **(extra or {})}), **{**none_grants, **grant_roles}
        )

    def of_b(extra=None, **grant_roles):  # B's objects: Pittsburgh's applicant
        return _grants(only(extra or {}), **{**none_grants, "grantee_b": "200", **grant_roles})

    def case(key, label, url, expected, **kwargs):
        return Case(key, label, url, expected, **{"roles": everyone, **kwargs})

    cases = [
        case("grants:mine", "my applications and grants", en("grants:mine"), signed),
        case("grants:grants", "my grants", en("grants:grants"), signed),
        case(
            "grants:eligibility",
            "eligibility check of the open call",
            en("grants:eligibility", g["call"].pk),
            signed,
        ),
        case(
            "grants:eligibility",
            "eligibility check of a page that is no call",
            en("grants:eligibility", Page.objects.filter(depth=2).first().pk),
            _grants(signed_in("404"), **dict.fromkeys(GRANT_ROLES, "404")),
        ),
        case(
            "grants:profile",
            "A's applicant profile",
            en("grants:profile", g["organisations"]["A"].pk),
            of_a(),
        ),
        case(
            "grants:profile",
            "B's applicant profile",
            en("grants:profile", g["organisations"]["B"].pk),
            of_b(),
        ),
    ]
    for k, expected in (("A", of_a()), ("B", of_b()), ("C", of_b(grantee_b="404"))):
        public_id = apps[k].public_id
        cases += [
            case(
                "grants:application",
                f"{k}'s application",
                en("grants:application", public_id),
                expected,
            ),
            case(
                "grants:withdraw",
                f"withdraw {k}'s application (confirm)",
                en("grants:withdraw", public_id),
                # an approved application cannot be withdrawn: 404, even to its members
                {r: ("404" if k == "A" and r != "anonymous" else v) for r, v in expected.items()},
            ),
            case(
                "grants:save",
                f"save {k}'s application (GET)",
                en("grants:save", public_id),
                _grants(signed_in("405"), **dict.fromkeys(GRANT_ROLES, "405")),
            ),
            case(
                "grants:submit",
                f"send {k}'s application (GET)",
                en("grants:submit", public_id),
                _grants(signed_in("405"), **dict.fromkeys(GRANT_ROLES, "405")),
            ),
        ]
    # POSTs to another organisation's application: 404, before anything is read.
    for key in ("grants:save", "grants:submit", "grants:withdraw"):
        cases.append(
            case(
                key,
                f"{key.split(':')[1]} B's application (POST by others)",
                en(key, apps["B"].public_id),
                _grants(only({}), conflicted_reviewer="404", reviewer="404"),
                method="post",
                data={"revision": "0"},
                roles=tuple(r for r in everyone if r != "grantee_b"),
            )
        )
    coordinators = {**COORDINATORS}
    cases += [
        case(
            "grants:grant",
            "A's grant",
            en("grants:grant", grants["A"].public_id),
            of_a(coordinators),
        ),
        case(
            "grants:grant",
            "B's grant",
            en("grants:grant", grants["B"].public_id),
            of_b(coordinators),
        ),
        case(
            "grants:report",
            "A's report due",
            en("grants:report", reports["A"].public_id),
            of_a(coordinators),
        ),
        case(
            "grants:report",
            "B's late report",
            en("grants:report", reports["B"].public_id),
            of_b(coordinators),
        ),
        case(
            "grants:file",
            "A's application file",
            en("grants:file", files["A"].public_id),
            # Claire scored A (no conflict declared): she may read its files
            of_a(coordinators, conflicted_reviewer="200"),
        ),
        # Riley declared no conflict on B: he may read its files; Claire has not declared.
        case(
            "grants:file",
            "B's application file",
            en("grants:file", files["B"].public_id),
            of_b(coordinators, reviewer="200"),
        ),
        # C: Claire declared a conflict, Riley has not declared: neither reads its files.
        case(
            "grants:file",
            "C's application file",
            en("grants:file", files["C"].public_id),
            of_b(coordinators, grantee_b="404"),
        ),
        case(
            "grants:file",
            "A's report file",
            en("grants:file", files["report_A"].public_id),
            of_a(coordinators),
        ),
    ]
    return cases


def grants_admin_cases(world) -> list[Case]:
    """The grants admin: coordinators' views, and My reviews (each reviewer their own)."""
    g = world["grants"]
    apps, grants, reports, files, reviews = (
        g["applications"],
        g["grants"],
        g["reports"],
        g["files"],
        g["reviews"],
    )
    everyone = (*ROLES, *GRANT_ROLES)
    # Reviewers are admin users without a coordinator's views: bounced like the others.
    to_sign_in = {"grantee_b": "login"}

    def coordinators_only(refused="admin_home"):
        return _grants(
            admin(COORDINATORS, refused=refused),
            **to_sign_in,
            reviewer=refused,
            conflicted_reviewer=refused,
        )

    def case(key, label, url, expected, **kwargs):
        return Case(key, label, url, expected, **{"roles": everyone, **kwargs})

    def reviewers(**grant_roles):
        return _grants(admin(grant_roles.pop("_staff", {})), **to_sign_in, **grant_roles)

    cases = [
        case(
            "grant_applications:index",
            "applications",
            reverse("grant_applications:index"),
            coordinators_only(),
        ),
        case(
            "grant_applications:index_results",
            "applications (results)",
            reverse("grant_applications:index_results"),
            coordinators_only(),
        ),
        case(
            "grant_applications:export",
            "the call's applications as CSV",
            reverse("grant_applications:export", args=[apps["B"].call_id]),
            coordinators_only(),
        ),
    ]
    for k in ("A", "B", "C"):
        cases.append(
            case(
                "grant_applications:detail",
                f"{k}'s application",
                reverse("grant_applications:detail", args=[apps[k].public_id]),
                coordinators_only(),
            )
        )
    everyone_reviews = {**COORDINATORS}
    cases += [
        case(
            "grant_reviews:index",
            "my reviews",
            reverse("grant_reviews:index"),
            reviewers(_staff=everyone_reviews, reviewer="200", conflicted_reviewer="200"),
        ),
        case(
            "grant_reviews:index_results",
            "my reviews (results)",
            reverse("grant_reviews:index_results"),
            reviewers(_staff=everyone_reviews, reviewer="200", conflicted_reviewer="200"),
        ),
    ]
    # A review: its reviewer only; another reviewer's, and a coordinator, 404.
    for label, review, mine in (
        ("Riley's review of B (sent)", reviews["riley_b"], "reviewer"),
        ("Claire's review of B (not declared)", reviews["claire_b"], "conflicted_reviewer"),
        ("Claire's review of C (conflict)", reviews["claire_c"], "conflicted_reviewer"),
        ("Riley's review of C (not declared)", reviews["riley_c"], "reviewer"),
    ):
        others = {"reviewer": "404", "conflicted_reviewer": "404", mine: "200"}
        cases.append(
            case(
                "grant_reviews:review",
                label,
                reverse("grant_reviews:review", args=[review.pk]),
                reviewers(_staff=dict.fromkeys(("coordinator", "superuser"), "404"), **others),
            )
        )
    # An application's file in the admin: GrantFile.visible_to (coordinators; Riley on B).
    file_access = {
        "A": {"conflicted_reviewer": "200"},  # Claire scored A, no conflict
        "B": {"reviewer": "200"},
        "C": {},
    }
    for k, extra in file_access.items():
        cases.append(
            case(
                "grant_reviews:file",
                f"{k}'s application file",
                reverse("grant_reviews:file", args=[files[k].public_id]),
                _grants(
                    admin(COORDINATORS, refused="404"),
                    **to_sign_in,
                    **{"reviewer": "404", "conflicted_reviewer": "404", **extra},
                ),
            )
        )
    cases.append(
        case(
            "grant_reviews:file",
            "A's report file (not an application's)",
            reverse("grant_reviews:file", args=[files["report_A"].public_id]),
            _grants(
                admin({}, refused="404"), **to_sign_in, reviewer="404", conflicted_reviewer="404"
            ),
        )
    )
    # The grants side: coordinators only.
    cases += [
        case("grant_grants:index", "grants", reverse("grant_grants:index"), coordinators_only()),
        case(
            "grant_grants:index_results",
            "grants (results)",
            reverse("grant_grants:index_results"),
            coordinators_only(),
        ),
        case(
            "grant_grants:create",
            "enter a grant",
            reverse("grant_grants:create"),
            coordinators_only(),
        ),
        case(
            "grant_grants:create",
            "enter the grant of an approved application",
            reverse("grant_grants:create", args=[apps["A"].public_id]),
            coordinators_only(),
        ),
        case(
            "grant_grants:edit",
            "A's grant",
            reverse("grant_grants:edit", args=[grants["A"].public_id]),
            coordinators_only(),
        ),
        case(
            "grant_grants:edit",
            "B's grant",
            reverse("grant_grants:edit", args=[grants["B"].public_id]),
            coordinators_only(),
        ),
        case("grant_reports:index", "reports", reverse("grant_reports:index"), coordinators_only()),
        case(
            "grant_reports:index_results",
            "reports (results)",
            reverse("grant_reports:index_results"),
            coordinators_only(),
        ),
        case(
            "grant_reports:edit",
            "A's report",
            reverse("grant_reports:edit", args=[reports["A"].pk]),
            coordinators_only(),
        ),
        case(
            "grant_reports:edit",
            "B's report",
            reverse("grant_reports:edit", args=[reports["B"].pk]),
            coordinators_only(),
        ),
        case("grant_rollup:index", "roll-up", reverse("grant_rollup:index"), coordinators_only()),
        case("grant_rollup:csv", "roll-up CSV", reverse("grant_rollup:csv"), coordinators_only()),
    ]
    return cases


def all_cases(world) -> list[Case]:
    return (
        page_cases(world)
        + site_cases(world)
        + admin_cases(world)
        + grants_site_cases(world)
        + grants_admin_cases(world)
    )


# --- 1. Every pattern is in the map; every rule matches something ---


def test_every_url_pattern_is_in_the_access_map_and_no_rule_is_stale():
    entries = url_entries()
    assert len(entries) > 300  # the walk found Wagtail's admin, not just our few
    missing = sorted({e.key for e in entries if rule_for(e.key) is None})
    used = {rule_for(e.key) for e in entries}
    stale = sorted(set(ACCESS_MAP) - used)
    assert missing == [], "URL patterns missing from the access map"
    assert stale == [], "access-map rules that match no URL pattern"
    from tests.security.access_map import WHO

    assert {access.who for access in ACCESS_MAP.values()} <= set(WHO)


# --- 2. The walk ---


def _table(rows) -> str:
    return "\n".join(
        f"  {key:38} {label:45} {role:16} expected {want:10} got {got}"
        for key, label, role, want, got in rows
    )


@pytest.mark.django_db
def test_the_access_map_walk_has_no_unexpected_allow_or_deny(demo):
    started = time.monotonic()
    world = build_world()
    cases = all_cases(world)
    walked = {case.key for case in cases}
    entries = url_entries()
    unwalked = sorted(
        {e.key for e in entries if access_for(e).ours and e.key not in walked} - {"admin/test404/"}
    )
    assert unwalked == [], "map entries that are ours or public but have no concrete URL"

    by_role = clients(world)
    unexpected_allow, unexpected_deny, wrong_refusal = [], [], []
    for case in cases:
        for role in case.roles:
            want = case.expected[role]
            with transaction.atomic():
                got = outcome(case.request(by_role[role]))
                transaction.set_rollback(True)
            row = (case.key, case.label, role, want, got)
            if got == want:
                continue
            if got in ALLOWED and want not in ALLOWED:
                unexpected_allow.append(row)
            elif want in ALLOWED and got not in ALLOWED:
                unexpected_deny.append(row)
            elif want != got:
                wrong_refusal.append(row)
    requests = sum(len(case.roles) for case in cases)
    assert requests > 1500, "the walk shrank"
    report = (
        f"{len(cases)} URLs, {requests} requests in {time.monotonic() - started:.0f}s"
        f"\nunexpected allow ({len(unexpected_allow)}):\n{_table(unexpected_allow)}"
        f"\nunexpected deny ({len(unexpected_deny)}):\n{_table(unexpected_deny)}"
        f"\nwrong kind of refusal or answer ({len(wrong_refusal)}):\n{_table(wrong_refusal)}"
    )
    assert not (unexpected_allow or unexpected_deny or wrong_refusal), report


# --- 3. Wagtail's own admin is closed to visitors and city officials ---

SAMPLE_ARGS = {
    # Regex routes: one value for each group.
    "wagtailadmin_pages:revisions_compare": {
        "pk": 3,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    },
}


def dummy_url(entry) -> str:
    """A concrete URL for any admin pattern: 1 for numbers, 'x' for words, a fresh UUID."""
    route = entry.route
    if entry.key in SAMPLE_ARGS:
        return reverse(entry.key, kwargs=SAMPLE_ARGS[entry.key])
    if route.startswith("admin/api/main/^"):
        route = route.replace("^", "")
    if route == "admin/^.*/$":
        return "/admin/no-such-thing/"

    def value(match):
        kind = match.group(1)
        return {"int": "1", "id": "1", "uuid": str(uuid.uuid4())}.get(kind, "x")

    url = "/" + re.sub(r"<(?:(\w+):)?\w+>", value, route)
    assert "<" not in url and "^" not in url, (entry.key, url)
    return url


def admin_entries():
    return [
        e for e in url_entries() if e.route.startswith("admin/") and access_for(e).who == "admin"
    ]


@pytest.mark.django_db
def test_wagtail_s_admin_is_closed_to_visitors_and_city_officials(demo):
    official = Client()
    official.force_login(_user(USERS["edmonton_lead"]))
    community = Client()
    community.force_login(_user(USERS["community_lead"]))
    opened = []
    walked = 0
    for entry in admin_entries():
        url = dummy_url(entry)
        for role, client in [
            ("anonymous", Client()),
            ("edmonton_lead", official),
            ("community_lead", community),
        ]:
            response = client.get(url)
            walked += 1
            if outcome(response) not in ("login", "403", "404"):
                opened.append((entry.key, url, role, response.status_code))
    assert walked > 600
    assert opened == []


# --- 4. No sign-in or password reset other than allauth's (throttle, second factor) ---


@pytest.mark.django_db
def test_no_sign_in_form_skips_the_second_factor(demo):
    from allauth.mfa.models import Authenticator

    from tests.network.factories import PASSWORD, MembershipFactory

    user = MembershipFactory().user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    for url, name in [("/en/accounts/login/", "login"), ("/en/_util/login/", "username")]:
        client = Client()
        client.post(url, {name: user.email, "password": PASSWORD})
        assert outcome(client.get("/en/help-desk/new/")) == "login", url


@pytest.mark.django_db
def test_the_only_password_reset_is_allauth_s(demo):
    assert Client().get("/en/accounts/password/reset/").status_code == 200
    assert Client().get("/admin/password_reset/").status_code == 404


# --- 5. The second factor before everything for staff (issue 22) ---

STAFF_ROLES = (*ADMIN_USERS, "reviewer")  # experts, coordinators, editors, superusers, reviewers


def test_the_map_and_the_gate_agree_on_the_pages_before_the_second_factor():
    from network.middleware import SIGN_IN_VIEWS
    from tests.security.access_map import BEFORE_SECOND_FACTOR

    assert set(BEFORE_SECOND_FACTOR) == set(SIGN_IN_VIEWS)
    keys = {e.key for e in url_entries()}
    assert set(BEFORE_SECOND_FACTOR) <= keys, "a page before the second factor that is no URL"


def _gate_paths(name: str) -> set[str]:
    paths = set()
    for language in ("en", "fr"):
        with translation.override(language):
            paths.add(reverse(name))
    return paths


def _requested(case: Case) -> str:
    from urllib.parse import urlencode

    query = urlencode(case.data, doseq=True) if case.method == "get" and case.data else ""
    return f"{case.url}?{query}" if query else case.url


def _sent_to_second_factor(case: Case, response, step: str) -> bool:
    """Whether the gate answered: a redirect to `step` (set one up, or use it) that comes
    back to the page asked for (a GET) or that left the POST undone."""
    from urllib.parse import parse_qs

    if response.status_code != 302:
        return False
    location = urlparse(response["Location"])
    if location.path not in _gate_paths(step):
        return False
    following = parse_qs(location.query).get("next", [""])[0]
    return following == (_requested(case) if case.method == "get" else "")


def _walk_once(cases, client, outcome_of):
    rows = []
    seen = set()
    for case in cases:
        request = (case.method, _requested(case))
        if request in seen:
            continue
        seen.add(request)
        with transaction.atomic():
            response = case.request(client)
            transaction.set_rollback(True)
        row = outcome_of(case, response)
        if row:
            rows.append(row)
    return rows


@pytest.mark.django_db
def test_staff_without_a_second_factor_reach_nothing_but_signing_in(demo, settings):
    """Every URL of the walk (real objects), as each staff role signed in with a password
    alone: the gate answers all but the sign-in pages; those answer as without the gate."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tests.security.access_map import BEFORE_SECOND_FACTOR

    world = build_world()
    cases = all_cases(world)
    assert {case.key for case in cases} >= set(BEFORE_SECOND_FACTOR) - {"health"}
    cases.append(Case("health", "health", "/healthz", public()))

    def passes(step):
        def outcome_of(case, response):
            if case.key in BEFORE_SECOND_FACTOR:
                return None  # below
            if not _sent_to_second_factor(case, response, step):
                where = response.get("Location", "")
                return (case.key, case.label, "not stopped", f"{response.status_code} {where}")
            return None

        return outcome_of

    settings.HUB_REQUIRE_STAFF_MFA = True
    wrong = []
    for role in STAFF_ROLES:  # none of them has an authenticator: set one up
        client = Client()
        client.force_login(world["people"][role])
        wrong += [
            (role, *row) for row in _walk_once(cases, client, passes("network:second_factor_setup"))
        ]
    coordinator = world["people"]["coordinator"]  # with one, not used in this session
    TOTP.activate(coordinator, generate_totp_secret())
    client = Client()
    client.force_login(coordinator)
    wrong += [
        ("coordinator+totp", *row)
        for row in _walk_once(cases, client, passes("mfa_reauthenticate"))
    ]
    assert wrong == [], "\n".join(" | ".join(map(str, row)) for row in wrong)

    # The sign-in pages answer as they do without the gate.
    allowed = [case for case in cases if case.key in BEFORE_SECOND_FACTOR]
    for role in STAFF_ROLES:
        answers = {}
        for gate in (False, True):
            settings.HUB_REQUIRE_STAFF_MFA = gate
            client = Client()
            client.force_login(world["people"][role])
            answers[gate] = _walk_once(
                allowed, client, lambda case, r: (case.label, r.status_code, r.get("Location"))
            )
        assert answers[True] == answers[False], role


@pytest.mark.django_db
def test_staff_with_their_second_factor_get_the_map_s_outcomes(demo, settings):
    """The expert (Amara: a restricted request, its files, a booking) after an
    authenticator code, with the gate on: exactly what the walk expects of her."""
    from tests.security.test_second_factor import pass_second_factor

    settings.HUB_REQUIRE_STAFF_MFA = True
    world = build_world()
    client = Client()
    client.force_login(world["people"]["expert"])
    pass_second_factor(client, world["people"]["expert"])
    mine = [case for case in all_cases(world) if "expert" in case.roles]
    assert len(mine) > 200
    wrong = []
    for case in mine:
        with transaction.atomic():
            got = outcome(case.request(client))
            transaction.set_rollback(True)
        if got != case.expected["expert"]:
            wrong.append((case.key, case.label, "expert", case.expected["expert"], got))
    assert wrong == [], _table(wrong)
