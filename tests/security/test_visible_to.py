"""One read rule per private model (issue 20): every admin listing, report and export of a
private model starts from its QuerySet's `visible_to(user)`.

1. The private models are the project's models whose QuerySet has `visible_to`; the list
   here is what we expect, so a new private model is added on purpose. Every other model
   of the project is classified, with the reason: reached only through a private parent,
   only ever the person's own rows, coordinators only, or not private.
2. Each admin viewset of a private model (its listing and its CSV export), each admin
   report and each export of the site is requested as coordinator, facilitator, expert
   (and a lead, for the lead's pages) through the test client, from the demo data, while
   `visible_to` on every private model's QuerySet class is wrapped. A page that reads a
   private model's table without calling its `visible_to` fails, naming the view.
3. The rows a listing shows must come from `visible_to`: a second request hides one of
   the rows the first one showed (the wrapped `visible_to` excludes it); a page that
   still shows it built its rows some other way.
"""

import contextlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets import viewsets

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# --- 1. The private models, and every other model of the project ---

PRIVATE = {
    "academy.Cohort",
    "academy.Enrolment",
    "academy.CheckAttempt",
    "academy.Certificate",
    "webinars.Registration",
    "webinars.SeriesSubscription",
    "office_hours.Availability",
    "office_hours.Booking",
    "helpdesk.HelpRequest",
    "helpdesk.OnCallShift",
    "network.Membership",
    "network.JoinRequest",
    "network.Invitation",
    "grants.Application",
    "grants.GrantFile",
    "grants.Review",
    "grants.Determination",
    "grants.Grant",
    "grants.Report",
}

# Private rows with no rule of their own: each is read only through its parent's
# visible_to (from a parent already found that way, or in a service that acts on it).
# None of them may have an admin listing or report of its own.
THROUGH_A_PARENT = {
    "academy.Invitation": (
        "academy.Cohort",
        "sent and listed from a cohort's invitation page, found by Cohort.visible_to",
    ),
    "academy.LessonProgress": (
        "academy.Enrolment",
        "a learner's own pages read their own; reports count it for the enrolments "
        "Enrolment.visible_to shows",
    ),
    "academy.AttemptGrant": (
        "academy.Enrolment",
        "another attempt at a check: read for an enrolment Enrolment.reported_to finds (a "
        "learner's checks page, the home panel), or by the learner on their own lesson",
    ),
    "webinars.Reminder": (
        "webinars.Registration",
        "which reminders a registration was sent: written and read by the reminder task",
    ),
    "office_hours.WeeklyWindow": (
        "office_hours.Availability",
        "an availability's weekly hours, edited inline in its (visible_to) edit view",
    ),
    "office_hours.TimeAway": (
        "office_hours.Availability",
        "an availability's time away, edited inline in its (visible_to) edit view",
    ),
    "office_hours.BookingReminder": (
        "office_hours.Booking",
        "which reminders a booking was sent: written and read by the reminder task",
    ),
    "helpdesk.Message": (
        "helpdesk.HelpRequest",
        "a request's conversation, shown on the request's page (found by visible_to)",
    ),
    "helpdesk.Attachment": (
        "helpdesk.HelpRequest",
        "served by helpdesk.views.attachment only for a request visible_to finds",
    ),
    "helpdesk.Event": (
        "helpdesk.HelpRequest",
        "a request's audit trail, shown on the request's admin page",
    ),
    "helpdesk.Presence": (
        "helpdesk.HelpRequest",
        "who has a request open, on that request's admin page",
    ),
    "grants.Payment": (
        "grants.Grant",
        "a grant's payment schedule, edited and shown with its grant (found by visible_to)",
    ),
    "grants.IncidentTally": (
        "grants.Report",
        "a report's de-identified counts, written with the report; roll-ups read them for "
        "the reports Report.visible_to finds, and suppress counts under five",
    ),
    "helpdesk.OnCallAlert": (
        "helpdesk.HelpRequest",
        "an at-risk request's paging: on its admin page, and in the admin's banner for the "
        "requests visible_to finds",
    ),
}

# Private, but only ever read as the signed-in person's own rows (or by a secret token).
OWN_ROWS_ONLY = {
    "network.CalendarFeed": "a person's own calendar address; the feed is read by its token",
    "network.EmailPreference": "a person's own choices, or an address's by its signed link",
}

# Private, with no per-person rule because only coordinators read them: their admin
# viewsets need a permission only the coordinators (and superusers) hold.
COORDINATORS_ONLY = {
    "network.User": "Wagtail's Users admin; a person's own row through their account pages",
    "network.InterestExpression": "a city's contact person: the coordinators' pipeline",
    "network.PipelineStep": "the coordinators' notes on an organisation's membership pipeline",
    "grants.ApplicantProfile": "an organisation's legal identity and contacts: its members "
    "edit their own organisation's through the application pages; coordinators read the copy "
    "each application keeps",
    "network.OutboxEmail": "emails as sent, with their addresses: Settings > Outgoing email, "
    "for superusers alone (no group holds view_outboxemail); no page reads it",
}

# Not private: published content, the public directories, configuration, bookkeeping.
NOT_PRIVATE = {
    "network.Topic",
    "network.Organisation",
    "network.ExpertProfile",
    "network.OrganisationDomain",
    "academy.ReleaseNotice",
    "helpdesk.ResponseTarget",
    "office_hours.OfficeHoursExpert",
}


def project_models():
    """Every model defined in this repository (not in a dependency)."""
    return [
        model
        for model in apps.get_models()
        if Path(apps.get_app_config(model._meta.app_label).path).is_relative_to(ROOT)
        and ".venv" not in Path(apps.get_app_config(model._meta.app_label).path).parts
    ]


def label(model) -> str:
    return model._meta.label


def is_page(model) -> bool:
    from wagtail.models import Page

    return issubclass(model, Page)


def test_the_private_models_are_those_with_a_read_rule():
    found = {
        label(model)
        for model in project_models()
        if hasattr(model._default_manager.get_queryset(), "visible_to")
    }
    assert found == PRIVATE, (
        "A model gained or lost visible_to: add it to PRIVATE (and its listings to this "
        "test) or say why it has none."
    )


def test_every_other_model_is_classified_with_a_reason():
    kinds = [PRIVATE, THROUGH_A_PARENT, OWN_ROWS_ONLY, COORDINATORS_ONLY, NOT_PRIVATE]
    unclassified, twice = [], []
    for model in project_models():
        if is_page(model) or model._meta.app_label == "pages":
            continue  # published content: Wagtail's page permissions and privacy apply
        count = sum(label(model) in kind for kind in kinds)
        if count == 0:
            unclassified.append(label(model))
        elif count > 1:
            twice.append(label(model))
    assert not unclassified, f"Say whether these hold private data: {unclassified}"
    assert not twice, f"Classified twice: {twice}"
    for child, (parent, _why) in THROUGH_A_PARENT.items():
        assert parent in PRIVATE, f"{child} is read through {parent}, which has no visible_to"


def test_no_private_row_is_in_the_search_index():
    """Search cannot read around visible_to: no private model (nor a child of one, nor a
    person's own rows) is indexed; the site's and the admin's searches of private rows are
    the listings' own filters, on querysets that start from visible_to."""
    from wagtail.search import index

    private = PRIVATE | set(THROUGH_A_PARENT) | set(OWN_ROWS_ONLY) | set(COORDINATORS_ONLY)
    indexed = {name for name in private if issubclass(apps.get_model(name), index.Indexed)}
    assert not indexed


def admin_viewsets():
    get_resolver().url_patterns  # noqa: B018  (registers the admin's viewsets)
    found = []
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        if model is not None:
            found.append((viewset, model))
    return found


def test_no_model_without_its_own_rule_has_an_admin_listing():
    listed = {label(model): viewset for viewset, model in admin_viewsets()}
    for name in [*THROUGH_A_PARENT, *OWN_ROWS_ONLY]:
        assert name not in listed, (
            f"{type(listed[name]).__name__} lists {name}, which has no visible_to: give it "
            "one (and add it to PRIVATE) or list it from its parent"
        )


@pytest.mark.parametrize("role", ["facilitator", "expert", "lead"])
def test_coordinators_only_listings_refuse_everyone_else(role, people):
    client = Client()
    client.force_login(people[role])
    for viewset, model in admin_viewsets():
        if label(model) in COORDINATORS_ONLY:
            url = reverse(viewset.get_url_name("index"))
            response = client.get(url)
            assert response.status_code != 200, f"{type(viewset).__name__} ({url}) as {role}"


# --- 2. Every listing, report and export, requested while visible_to is watched ---


@dataclass
class Watch:
    """What one request did: visible_to calls and the rows loaded, per private model."""

    calls: Counter = field(default_factory=Counter)
    loaded: dict = field(default_factory=lambda: defaultdict(set))
    tables: set = field(default_factory=set)


@contextlib.contextmanager
def watching(hide=None):
    """Wrap visible_to on every private model's QuerySet class, and record the rows of
    private models loaded and the tables read. `hide` = (label, pk): visible_to leaves
    that row out."""
    watch = Watch()
    private = [apps.get_model(name) for name in PRIVATE]

    def loaded(sender, instance, **kwargs):
        if instance.pk is not None:
            watch.loaded[label(sender)].add(instance.pk)

    with pytest.MonkeyPatch.context() as patch:
        for model in private:
            queryset_class = model._default_manager._queryset_class
            original = queryset_class.visible_to

            def visible_to(self, user, _original=original):
                watch.calls[label(self.model)] += 1
                rows = _original(self, user)
                if hide and label(self.model) == hide[0]:
                    rows = rows.exclude(pk=hide[1])
                return rows

            patch.setattr(queryset_class, "visible_to", visible_to)
            post_init.connect(loaded, sender=model, weak=False)
        try:
            with CaptureQueriesContext(connection) as queries:
                yield watch
        finally:
            for model in private:
                post_init.disconnect(loaded, sender=model)
        for model in private:
            table = f'"{model._meta.db_table}"'
            if any(table in query["sql"] for query in queries.captured_queries):
                watch.tables.add(label(model))


@dataclass
class Listing:
    """A page or export that lists or counts private rows.

    `reads`: the private models whose rows or figures it shows; `rows`: those it shows
    row by row (the hidden-row check); `url`: a function of the demo's people."""

    name: str
    url: object
    reads: tuple
    rows: tuple = ()
    roles: tuple = ("coordinator", "facilitator", "expert")


def request(client, url):
    response = client.get(url)
    if getattr(response, "streaming", False):
        response.content_bytes = b"".join(response.streaming_content)
    return response


def view_name(url) -> str:
    match = resolve(url.split("?")[0])
    view = getattr(match.func, "view_class", match.func)
    return f"{match.view_name} ({view.__module__}.{view.__qualname__})"


def check(listing, people, model, hidden_rows: Counter) -> list[str]:
    """Request a listing as each role; what went wrong with `model`'s rows, naming the view.
    `hidden_rows` counts the listings where a row was hidden and looked for."""
    problems, answered = [], []
    for role in listing.roles:
        client = Client()
        if role != "anonymous":
            client.force_login(people[role])
        url = listing.url(people)
        with watching() as watch:
            response = request(client, url)
        answered.append(response.status_code)
        if response.status_code != 200:
            continue  # refused: shows nothing (the access map checks who may see what)
        seen = f"{view_name(url)} as {role}"
        for name in {model} & set(listing.reads):
            if name in watch.tables and not watch.calls[name]:
                problems.append(f"{seen} reads {name} without {name}.objects.visible_to(user)")
        for name in {model} & set(listing.rows):
            if not watch.loaded[name]:
                continue
            pk = min(watch.loaded[name])
            with watching(hide=(name, pk)) as hidden:
                again = request(client, url)
            hidden_rows[name] += 1
            if again.status_code == 200 and pk in hidden.loaded[name]:
                problems.append(
                    f"{seen} shows {name} #{pk} that {name}.objects.visible_to(user) hid: "
                    "its rows do not start from visible_to"
                )
    if 200 not in answered:
        problems.append(f"{listing.name} answered {answered} to {listing.roles}: nothing checked")
    return problems


# --- The demo's people and objects ---


@pytest.fixture
def people(demo):
    from network.models import User

    emails = {
        "coordinator": "coordinator@hub.example",
        "facilitator": "facilitator@hub.example",
        "expert": "expert.amara@hub.example",
        "lead": "official.edmonton@hub.example",
        "learner": "official.boise@hub.example",
        "grantee": "community@hub.example",  # Boise Neighbours Together: applied, a grant
        "reviewer": "reviewer.grants@hub.example",  # Grant reviewers: reviews of his own
    }
    return {role: User.objects.get(email=email) for role, email in emails.items()}


@pytest.fixture
def rows_the_demo_lacks(people):
    """The demo has no series registration: one, so its listing shows a row."""
    from tests.webinars.factories import SeriesSubscriptionFactory
    from webinars.models import WebinarSeriesPage

    SeriesSubscriptionFactory(series=WebinarSeriesPage.objects.first())


def facilitated_cohort(people):
    from academy.models import Cohort

    return Cohort.objects.filter(facilitators=people["facilitator"]).first().pk


def learners_city(people):
    return people["learner"].memberships.first().organisation_id


def led_organisation(people):
    from network.models import Membership

    return Membership.objects.leads().filter(user=people["lead"]).first().organisation.slug


def a_session_to_approve(people):
    from webinars.models import Registration, WebinarPage

    pending = Registration.objects.filter(status=Registration.Status.PENDING).first()
    return pending.session_id if pending else WebinarPage.objects.first().pk


def calendar_address(people):
    from network.models import CalendarFeed

    feed, _ = CalendarFeed.objects.get_or_create(user=people["lead"])
    return reverse("network:calendar-feed", args=[feed.token])


def to(name, *args, query=""):
    def url(people):
        return reverse(name, args=[arg(people) for arg in args]) + query

    return url


ACADEMY = ("academy.Cohort", "academy.Enrolment", "academy.Certificate", "academy.CheckAttempt")

# Each admin URL of a report or listing that is not a viewset's (a viewset's listing and
# export are found below). Enrolment reports also say whether a learner holds a
# certificate for the course: a fact about the enrolment's learner, not a certificate row.
REPORTS = [
    Listing(
        "academy_applications:index",
        to("academy_applications:index"),
        reads=("academy.Enrolment", "academy.Cohort", "network.Membership"),
        rows=("academy.Enrolment",),
        roles=("coordinator", "facilitator"),
    ),
    Listing(
        "academy_reports:cohorts",
        to("academy_reports:cohorts"),
        reads=("academy.Cohort", "academy.Enrolment", "academy.Certificate"),
        rows=("academy.Cohort",),
    ),
    Listing(
        "academy_reports:cohort",
        to("academy_reports:cohort", facilitated_cohort),
        reads=("academy.Cohort", "academy.Enrolment", "academy.CheckAttempt"),
        rows=("academy.Enrolment",),
    ),
    Listing(
        "academy_reports:cities",
        to("academy_reports:cities"),
        reads=("academy.Cohort", "academy.Enrolment", "academy.Certificate"),
    ),
    Listing(
        "academy_reports:city",
        to("academy_reports:city", learners_city),
        reads=("academy.Enrolment", "academy.CheckAttempt"),
        rows=("academy.Enrolment",),
    ),
    Listing(
        "academy_reports:learner",
        to("academy_reports:learner", lambda people: people["learner"].pk),
        reads=("academy.Enrolment", "academy.CheckAttempt"),
        rows=("academy.Enrolment",),
    ),
    Listing(
        "webinar_reports:sessions", to("webinar_reports:sessions"), reads=("webinars.Registration",)
    ),
    Listing(
        "webinar_reports:series", to("webinar_reports:series"), reads=("webinars.Registration",)
    ),
    Listing("webinar_reports:roles", to("webinar_reports:roles"), reads=("webinars.Registration",)),
    Listing(
        "webinar_reports:organisations",
        to("webinar_reports:organisations"),
        reads=("webinars.Registration", "network.Membership"),
    ),
    Listing(
        "webinar_reports:regions",
        to("webinar_reports:regions"),
        reads=("webinars.Registration", "network.Membership"),
    ),
    Listing(
        "webinar_reports:approvals",
        to("webinar_reports:approvals", a_session_to_approve),
        reads=("webinars.Registration",),
        rows=("webinars.Registration",),
    ),
    Listing(
        "helpdesk_admin:queue",
        to("helpdesk_admin:queue", query="?view=all"),
        reads=("helpdesk.HelpRequest",),
        rows=("helpdesk.HelpRequest",),
    ),
    Listing(
        "helpdesk_admin:metrics", to("helpdesk_admin:metrics"), reads=("helpdesk.HelpRequest",)
    ),
    Listing(
        "helpdesk_admin:report",
        to("helpdesk_admin:report"),
        reads=("helpdesk.HelpRequest",),
        rows=("helpdesk.HelpRequest",),
    ),
    Listing(
        "office_hours_admin:bookings",
        to("office_hours_admin:bookings", query="?when="),
        reads=("office_hours.Booking",),
        rows=("office_hours.Booking",),
    ),
]


def grants_call(people):
    """The call the demo's applications answered."""
    from grants.models import Application

    return Application.objects.order_by("pk").first().call_id


def a_grantee_file(people):
    """A file of the grantee's own application (the download starts from visible_to)."""
    from django.core.files.base import ContentFile

    from grants.models import Application, GrantFile

    application = Application.objects.filter(organisation__memberships__user=people["grantee"])[0]
    found = GrantFile(
        application=application,
        key="budget_file",
        name="budget.txt",
        content_type="text/plain",
        size=6,
        uploaded_by=people["grantee"],
    )
    found.file.save("budget.txt", ContentFile(b"budget"), save=False)
    found.save()
    return reverse("grants:file", args=[found.public_id])


def a_decided_application(people):
    from grants.models import Determination

    return Determination.objects.order_by("pk").first().application.public_id


def the_grantee_s_decided_application(people):
    from grants.models import Determination

    found = Determination.objects.filter(
        application__organisation__memberships__user=people["grantee"]
    )
    return found.order_by("pk").first().application.public_id


GRANTS_ADMIN = ("coordinator", "reviewer", "expert")
# Grants (issue 24): plain ViewSets, not found in Wagtail's registry by model: listed here.
REPORTS += [
    Listing(
        "grant_applications:index",
        to("grant_applications:index"),
        reads=("grants.Application",),
        rows=("grants.Application",),
        roles=GRANTS_ADMIN,
    ),
    Listing(
        "grant_applications:export",
        to("grant_applications:export", grants_call),
        reads=("grants.Application",),
        rows=("grants.Application",),
        roles=GRANTS_ADMIN,
    ),
    Listing(
        "grant_reviews:index",
        to("grant_reviews:index"),
        reads=("grants.Review",),
        rows=("grants.Review",),
        roles=GRANTS_ADMIN,
    ),
    Listing(
        "grant_grants:index",
        to("grant_grants:index"),
        reads=("grants.Grant",),
        rows=("grants.Grant",),
        roles=GRANTS_ADMIN,
    ),
    Listing(
        "grant_reports:index",
        to("grant_reports:index"),
        reads=("grants.Report",),
        rows=("grants.Report",),
        roles=GRANTS_ADMIN,
    ),
    # The one page that shows determinations (the decisions and their reasons).
    Listing(
        "grant_applications:detail",
        to("grant_applications:detail", a_decided_application),
        reads=("grants.Application", "grants.Determination"),
        roles=GRANTS_ADMIN,
    ),
    Listing(
        "grant_rollup:index",
        to("grant_rollup:index"),
        reads=("grants.Report", "grants.Grant"),
        roles=GRANTS_ADMIN,
    ),
    Listing(
        "grant_rollup:csv",
        to("grant_rollup:csv"),
        reads=("grants.Report", "grants.Grant"),
        roles=GRANTS_ADMIN,
    ),
]

# Every report is also exported: the same view with ?export=csv.
REPORTS += [
    Listing(f"{r.name} (CSV)", to_csv, r.reads, r.rows)
    for r in REPORTS
    if r.name.split(":")[0] in ("academy_reports", "webinar_reports", "helpdesk_admin")
    and r.name
    not in ("webinar_reports:approvals", "helpdesk_admin:queue", "helpdesk_admin:metrics")
    for to_csv in [lambda people, url=r.url: url(people) + "?export=csv"]
]

# The site's own listings and exports of private rows, for the people they are for.
# A lead's activity page and its CSV read and list the same rows.
ACTIVITY_READS = (
    "network.Membership",
    "academy.Enrolment",
    "academy.Certificate",
    "webinars.Registration",
    "office_hours.Booking",
    "helpdesk.HelpRequest",
)
ACTIVITY_ROWS = ("academy.Enrolment", "webinars.Registration", "office_hours.Booking")

SITE = [
    Listing(
        "network:organisation-activity",
        to("network:organisation-activity", led_organisation),
        reads=ACTIVITY_READS,
        rows=ACTIVITY_ROWS,
        roles=("lead", "coordinator"),
    ),
    Listing(
        "network:organisation-activity-csv",
        to("network:organisation-activity-csv", led_organisation),
        reads=ACTIVITY_READS,
        rows=ACTIVITY_ROWS,
        roles=("lead", "coordinator"),
    ),
    Listing(
        "network:dashboard",
        to("network:dashboard"),
        reads=(
            "academy.Enrolment",
            "webinars.Registration",
            "office_hours.Booking",
            "helpdesk.HelpRequest",
            "network.JoinRequest",
        ),
        rows=("office_hours.Booking", "helpdesk.HelpRequest"),
        roles=("lead", "learner"),
    ),
    Listing(
        "academy:dashboard",
        to("academy:dashboard"),
        reads=("academy.Enrolment", "academy.Certificate"),
        rows=("academy.Enrolment", "academy.Certificate"),
        roles=("lead", "learner"),
    ),
    Listing(
        "helpdesk:list",
        to("helpdesk:list"),
        reads=("helpdesk.HelpRequest",),
        rows=("helpdesk.HelpRequest",),
        roles=("lead", "learner"),
    ),
    Listing(
        "office_hours:bookings",
        to("office_hours:bookings"),
        reads=("office_hours.Booking",),
        rows=("office_hours.Booking",),
        roles=("lead", "learner"),
    ),
    Listing(
        "network:organisations",
        to("network:organisations"),
        reads=("network.Membership", "network.JoinRequest"),
        rows=("network.Membership",),
        roles=("lead", "learner"),
    ),
    Listing(
        "network:organisation-people",
        to("network:organisation-people", led_organisation),
        reads=("network.Membership", "network.JoinRequest", "network.Invitation"),
        rows=("network.Membership",),
        roles=("lead",),
    ),
    Listing(
        "network:calendar-feed",
        calendar_address,
        reads=("webinars.Registration", "office_hours.Booking", "academy.Enrolment"),
        rows=("webinars.Registration", "office_hours.Booking"),
        roles=("anonymous",),
    ),
    # Grants (issue 24): an applicant's and grantee's own lists, and a file's download.
    Listing(
        "grants:mine",
        to("grants:mine"),
        reads=("grants.Application", "grants.Grant"),
        rows=("grants.Application", "grants.Grant"),
        roles=("grantee", "lead"),
    ),
    Listing(
        "grants:grants",
        to("grants:grants"),
        reads=("grants.Grant",),
        rows=("grants.Grant",),
        roles=("grantee", "lead"),
    ),
    Listing(
        "grants:application",
        to("grants:application", the_grantee_s_decided_application),
        reads=("grants.Application", "grants.Determination"),
        rows=("grants.Determination",),
        roles=("grantee",),
    ),
    Listing(
        "grants:file",
        a_grantee_file,
        reads=("grants.GrantFile",),
        rows=("grants.GrantFile",),
        roles=("grantee",),
    ),
]


def viewset_listings():
    """The listing (and CSV export, where it has one) of every admin viewset of a private
    model, found in Wagtail's registry."""
    found = []
    for viewset, model in admin_viewsets():
        name = label(model)
        if name not in PRIVATE:
            continue
        index = viewset.get_url_name("index")
        found.append(Listing(index, to(index), reads=(name,), rows=(name,)))
        if getattr(viewset, "list_export", None):
            found.append(
                Listing(f"{index} (CSV)", to(index, query="?export=csv"), (name,), (name,))
            )
    return found


# Known failures the application code must fix (issue 24, reported to the lead).
# Readers known to skip a model's rule, each with the reason (a strict xfail: fixing the
# reader makes the test fail until its entry goes).
KNOWN: dict[str, str] = {}


@pytest.mark.parametrize(
    "model",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[name]))
        if name in KNOWN
        else name
        for name in sorted(PRIVATE)
    ],
)
def test_every_listing_starts_from_visible_to(model, people, rows_the_demo_lacks):
    listings = [
        listing
        for listing in viewset_listings() + REPORTS + SITE
        if model in listing.reads or model in listing.rows
    ]
    hidden_rows = Counter()
    problems = [
        problem for listing in listings for problem in check(listing, people, model, hidden_rows)
    ]
    assert not problems, "\n".join(problems)
    if any(model in listing.rows for listing in listings):
        assert hidden_rows[model], f"No listing of {model} showed a row: the check proved nothing"


def test_the_applicant_reads_the_decision_through_visible_to(people):
    """While the admin's application page is a known failure for Determination (KNOWN), the
    applicant's own page, the other reader, is checked on its own."""
    (listing,) = [listing for listing in SITE if listing.name == "grants:application"]
    hidden_rows = Counter()
    assert check(listing, people, "grants.Determination", hidden_rows) == []
    assert hidden_rows["grants.Determination"]


def admin_url_names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from admin_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_report_is_checked():
    """A report added to the admin must be added to REPORTS (Wagtail's report views)."""
    covered = {listing.name for listing in REPORTS}
    for name, callback in admin_url_names():
        view = getattr(callback, "view_class", None)
        if view is None or not issubclass(view, ReportView) or name.endswith("_results"):
            continue
        if view.__module__.split(".")[0] in ("wagtail", "wagtail_localize"):
            continue  # Wagtail's own reports list pages, documents, log entries, translations
        assert name in covered, f"{name} ({view.__qualname__}) is a report missing from REPORTS"


def test_every_private_model_has_a_checked_listing(people):
    """Each private model is read by at least one listing this test requests."""
    listings = viewset_listings() + REPORTS + SITE
    read = {name for listing in listings for name in listing.reads}
    assert PRIVATE - read == set()


def test_the_watch_sees_a_listing_that_skips_visible_to(people):
    """The check catches what it is for: a listing built from .all()."""
    from academy.models import Enrolment

    with watching() as watch:
        rows = list(Enrolment.objects.all()[:5])
    assert rows and watch.loaded["academy.Enrolment"]
    assert "academy.Enrolment" in watch.tables and not watch.calls["academy.Enrolment"]
    pk = rows[0].pk
    with watching(hide=("academy.Enrolment", pk)) as watch:
        assert pk not in set(
            Enrolment.objects.visible_to(people["coordinator"]).values_list("pk", flat=True)
        )
    assert watch.calls["academy.Enrolment"] == 1


# --- The rules the listings needed ---


def test_a_lead_sees_their_peoples_webinar_places_and_no_one_elses():
    """Their activity page starts from Registration.objects.visible_to: a lead's rule
    holds their people's places, by account or by address, and nobody else's."""
    from network.models import Membership
    from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory
    from tests.webinars.factories import RegistrationFactory
    from webinars.models import Registration, WebinarPage

    city, other = OrganisationFactory(), OrganisationFactory()
    lead, official, stranger = UserFactory(), UserFactory(), UserFactory()
    MembershipFactory(user=lead, organisation=city, role=Membership.Role.LEAD)
    MembershipFactory(user=official, organisation=city)
    MembershipFactory(user=stranger, organisation=other)
    session = WebinarPage.objects.first()
    theirs = RegistrationFactory(session=session, user=official, email=official.email)
    before_signing_up = RegistrationFactory(session=session, email=official.email.upper())
    someone_elses = RegistrationFactory(session=session, user=stranger, email=stranger.email)
    visible = set(Registration.objects.visible_to(lead))
    assert {theirs, before_signing_up} <= visible
    assert someone_elses not in visible
    assert set(Registration.objects.visible_to(official)) == {theirs, before_signing_up}
    assert not Registration.objects.owned_by(lead).exists()


def test_facilitators_see_the_certificates_earned_in_their_cohorts():
    """The academy reports count certificates from Certificate.objects.visible_to."""
    from academy.models import Certificate
    from tests.academy.factories import CohortFactory, build_course
    from tests.network.factories import UserFactory

    facilitator, learner = UserFactory(), UserFactory()
    course = build_course()
    ours, theirs = (
        CohortFactory(course=course, facilitators=[facilitator]),
        CohortFactory(course=course),
    )
    earned = Certificate.objects.create(
        code="TEST-VIS-0001", user=learner, course=course, cohort=ours, learner_name="L", hours=1
    )
    elsewhere = Certificate.objects.create(
        code="TEST-VIS-0002",
        user=UserFactory(),
        course=course,
        cohort=theirs,
        learner_name="M",
        hours=1,
    )
    assert list(Certificate.objects.visible_to(facilitator)) == [earned]
    assert list(Certificate.objects.reported_to(facilitator)) == [earned]
    assert elsewhere not in Certificate.objects.visible_to(learner)
