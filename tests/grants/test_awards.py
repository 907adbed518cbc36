"""Grants, payments, the report schedule and reports: the services in grants.awards."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from grants import awards
from grants.models import Application, Grant, IncidentTally, Payment, Report
from network.models import COORDINATORS_GROUP, OutboxEmail, User
from tests.grants.factories import (
    ApplicationFactory,
    applicant,
    call_page,
    new_grant,
    new_report,
    programme,
    translate,
)
from tests.network.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def _empty_outbox():
    OutboxEmail.objects.all().delete()


@pytest.fixture
def coordinator(db):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    return User.objects.get(pk=user.pk)


def terms(**extra):
    return {
        "title": "Neighbours against hate",
        "amount": Decimal("20000.00"),
        "currency": "USD",
        "starts_on": datetime.date(2027, 1, 1),
        "ends_on": datetime.date(2027, 12, 31),
        "conditions": "Report twice.",
        "award_number": "SUB-2027-004",
        "uei": "abcd12345678",
        "exclusion_check": Grant.ExclusionCheck.CLEAR,
        "exclusion_checked_on": datetime.date(2026, 12, 15),
        "language": "fr",
        **extra,
    }


def test_coordinator_enters_a_grant_directly_with_its_reports_scheduled(coordinator):
    organisation = OrganisationFactory(kind="community")
    grant = awards.create_grant(
        by=coordinator, programme=programme(), organisation=organisation, **terms()
    )
    assert grant.uei == "ABCD12345678"
    reports = list(grant.reports.order_by("due_on"))
    assert [(r.kind, r.due_on) for r in reports] == [
        (Report.Kind.INTERIM, datetime.date(2027, 7, 2)),
        (Report.Kind.FINAL, datetime.date(2028, 1, 30)),
    ]
    # The periods follow each other without a gap.
    assert reports[0].period_start == grant.starts_on
    assert reports[1].period_start == reports[0].period_end + datetime.timedelta(days=1)
    assert reports[1].period_end == grant.ends_on
    assert ModelLogEntry.objects.filter(action="grants.grant.create", user=coordinator).exists()


def test_grant_points_at_the_programme_in_its_first_language(coordinator):
    english = programme("prog-lang")
    french = translate(english)
    grant = awards.create_grant(
        by=coordinator, programme=french, organisation=OrganisationFactory(), **terms()
    )
    assert grant.programme_id == english.pk


def test_only_coordinators_create_grants():
    with pytest.raises(PermissionDenied):
        awards.create_grant(
            by=UserFactory(), programme=programme(), organisation=OrganisationFactory(), **terms()
        )


def test_exclusion_check_needs_its_date(coordinator):
    with pytest.raises(ValidationError) as error:
        awards.create_grant(
            by=coordinator,
            programme=programme(),
            organisation=OrganisationFactory(),
            **terms(exclusion_checked_on=None),
        )
    assert "exclusion_checked_on" in error.value.message_dict


def test_grant_from_an_approved_application_once(coordinator):
    application = ApplicationFactory(
        call=call_page(slug="call-approved"), status=Application.Status.APPROVED
    )
    make = lambda: awards.create_grant(  # noqa: E731
        by=coordinator,
        programme=application.call.programme,
        organisation=application.organisation,
        application=application,
        **terms(),
    )
    grant = make()
    assert grant.application == application
    with pytest.raises(ValidationError) as error:
        make()
    assert "already has its grant" in str(error.value)


def test_grant_from_an_application_not_approved_is_refused(coordinator):
    application = ApplicationFactory(
        call=call_page(slug="call-review"), status=Application.Status.IN_REVIEW
    )
    with pytest.raises(ValidationError):
        awards.create_grant(
            by=coordinator,
            programme=application.call.programme,
            organisation=application.organisation,
            application=application,
            **terms(),
        )


def test_interim_dates_outside_the_period_are_refused():
    grant = new_grant()
    with pytest.raises(ValidationError):
        awards.schedule_reports(grant, interim=[grant.ends_on + datetime.timedelta(days=5)])


def test_rescheduling_keeps_a_report_the_grantee_has_started():
    grant = new_grant()
    awards.schedule_reports(grant)
    started = grant.reports.get(kind=Report.Kind.INTERIM)
    started.revision, started.status = 1, Report.Status.DRAFT
    started.save()
    awards.schedule_reports(grant, interim=[grant.starts_on + datetime.timedelta(days=30)])
    assert grant.reports.filter(pk=started.pk).exists()
    assert grant.reports.count() == 3


def test_payments_cannot_add_up_to_more_than_the_grant():
    grant = new_grant(amount=Decimal("10000"))
    with pytest.raises(ValidationError) as error:
        awards.set_payments(grant, [(TODAY, Decimal("6000")), (TODAY, Decimal("4000.01"))])
    assert "more than the grant" in str(error.value)
    awards.set_payments(grant, [(TODAY, Decimal("6000")), (TODAY, Decimal("4000"))])
    assert grant.payments.count() == 2


def test_a_payment_made_stays_when_the_schedule_changes(coordinator):
    grant = new_grant(amount=Decimal("10000"))
    first, _second = awards.set_payments(grant, [(TODAY, 5000), (TODAY, 5000)])
    awards.record_payment(first, timezone.localdate(), by=coordinator)
    awards.set_payments(grant, [(TODAY, 3000)])
    assert sorted(p.amount for p in Payment.objects.filter(grant=grant)) == [3000, 5000]
    with pytest.raises(ValidationError):
        awards.set_payments(grant, [(TODAY, 5001)])


def _grantee_report(**fields):
    report = new_report(**fields)
    user = applicant(report.grant.organisation)
    return report, user


def test_grantee_saves_a_draft_with_incident_tallies():
    report, user = _grantee_report()
    month = report.period_start.replace(day=1)
    report = awards.save_report(
        report=report,
        by=user,
        answers={"story": "A good quarter."},
        people_reached=120,
        activities_held=6,
        tallies={("race", month): 3, ("religion", month): 0},
        revision=0,
    )
    assert report.status == Report.Status.DRAFT
    assert report.revision == 1
    assert IncidentTally.objects.filter(report=report).count() == 2


def test_a_stale_save_is_refused_and_changes_nothing():
    report, user = _grantee_report()
    awards.save_report(report=report, by=user, answers={"a": "first"}, revision=0)
    with pytest.raises(ValidationError) as error:
        awards.save_report(report=report, by=user, answers={"a": "second"}, revision=0)
    assert error.value.code == "stale"
    report.refresh_from_db()
    assert report.answers == {"a": "first"}


def test_a_tally_outside_the_period_is_refused():
    report, user = _grantee_report()
    with pytest.raises(ValidationError):
        awards.save_report(
            report=report,
            by=user,
            answers={},
            tallies={("race", datetime.date(1999, 1, 1)): 2},
            revision=0,
        )


def test_another_organisation_cannot_save():
    report, _user = _grantee_report()
    with pytest.raises(PermissionDenied):
        awards.save_report(report=report, by=applicant(), answers={}, revision=0)


def test_submit_needs_the_figures_then_sends_a_receipt_in_the_grant_language(coordinator):
    report, user = _grantee_report(grant=new_grant(language="fr"))
    with pytest.raises(ValidationError) as error:
        awards.submit_report(report=report, by=user)
    assert any("people reached" in message for message in error.value.messages)
    awards.save_report(
        report=report, by=user, answers={}, people_reached=10, activities_held=2, revision=0
    )
    report = awards.submit_report(report=report, by=user)
    assert report.status == Report.Status.SUBMITTED and report.submitted_by == user
    rows = list(OutboxEmail.objects.all())
    to_grantee = [r for r in rows if user.email in r.payload["to"]]
    assert len(to_grantee) == 1
    assert to_grantee[0].payload["to"] == [user.email]
    assert to_grantee[0].key == (
        f"grants-report-received:{report.pk}:{report.revision}:{user.email.lower()}"
    )
    assert to_grantee[0].payload["subject"].startswith("Nous avons reçu")
    assert any(coordinator.email in r.payload["to"] for r in rows)
    with pytest.raises(ValidationError):
        awards.save_report(report=report, by=user, answers={}, revision=report.revision)


def test_accept_and_request_changes(coordinator):
    report, user = _grantee_report(status=Report.Status.SUBMITTED, submitted_at=timezone.now())
    with pytest.raises(ValidationError):
        awards.request_report_changes(report=report, by=coordinator, feedback="  ")
    report = awards.request_report_changes(
        report=report, by=coordinator, feedback="Add the spring workshops."
    )
    assert report.status == Report.Status.CHANGES_REQUESTED
    # One message per address: the member and the profile's contact, each alone.
    rows = OutboxEmail.objects.all()
    assert sorted(row.payload["to"] for row in rows) == sorted([[user.email], ["sam@example.org"]])
    assert all("Add the spring workshops." in row.payload["text"] for row in rows)
    with pytest.raises(ValidationError):
        awards.accept_report(report=report, by=coordinator)
    with pytest.raises(PermissionDenied):
        awards.accept_report(report=report, by=user)


def test_a_coordinator_cannot_write_or_send_a_grantees_report(coordinator):
    report, user = _grantee_report()
    with pytest.raises(PermissionDenied):
        awards.save_report(
            report=report,
            by=coordinator,
            answers={},
            people_reached=1,
            activities_held=1,
            revision=0,
        )
    awards.save_report(
        report=report, by=user, answers={}, people_reached=1, activities_held=1, revision=0
    )
    with pytest.raises(PermissionDenied):
        awards.submit_report(report=report, by=coordinator)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and report.revision == 1


def test_rescheduling_the_same_dates_keeps_the_reports_as_they_are():
    grant = new_grant()
    awards.schedule_reports(grant)
    before = sorted(grant.reports.values_list("pk", "public_id", "kind", "due_on"))
    awards.schedule_reports(grant)
    assert sorted(grant.reports.values_list("pk", "public_id", "kind", "due_on")) == before
    # A date no longer planned goes (unstarted), the new one is made, the rest stay.
    final = grant.reports.get(kind=Report.Kind.FINAL)
    awards.schedule_reports(grant, interim=[grant.starts_on + datetime.timedelta(days=30)])
    assert grant.reports.filter(kind=Report.Kind.INTERIM).get().due_on == (
        grant.starts_on + datetime.timedelta(days=30)
    )
    assert grant.reports.get(kind=Report.Kind.FINAL).public_id == final.public_id


def test_the_grantee_of_a_grant_from_an_application_cannot_change(coordinator):
    application = ApplicationFactory(
        status=Application.Status.APPROVED, submitted_at=timezone.now()
    )
    grant = awards.create_grant(
        by=coordinator,
        programme=programme(),
        organisation=application.organisation,
        application=application,
        **terms(),
    )
    with pytest.raises(ValidationError) as error:
        awards.update_grant(grant=grant, by=coordinator, organisation=OrganisationFactory())
    assert "organisation" in error.value.message_dict
    grant.refresh_from_db()
    assert grant.organisation_id == application.organisation_id
    # The same organisation is not a change.
    awards.update_grant(grant=grant, by=coordinator, organisation=application.organisation)


def test_a_replaced_file_leaves_the_private_storage(django_capture_on_commit_callbacks):
    import types

    from django.core.files.base import ContentFile

    def upload(text):
        content = ContentFile(text.encode(), name="photos.txt")
        return types.SimpleNamespace(
            name="photos.txt", content_type="text/plain", size=len(text), content=content
        )

    report, user = _grantee_report()
    with django_capture_on_commit_callbacks(execute=True):
        awards.save_report(
            report=report, by=user, answers={}, uploads={"photos": upload("one")}, revision=0
        )
    first = report.files.get(key="photos")
    storage, old_name = first.file.storage, first.file.name
    assert storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        awards.save_report(
            report=report, by=user, answers={}, uploads={"photos": upload("two")}, revision=1
        )
    second = report.files.get(key="photos")
    assert second.pk != first.pk
    assert not storage.exists(old_name)
    assert storage.exists(second.file.name)
