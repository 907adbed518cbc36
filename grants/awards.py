"""Every write on a grant: creating it (from an approved application or entered directly),
its payment schedule and payments, its report schedule, and the grantee's reports (save,
submit, accept, request changes) with their incident tallies; and the reminders of reports
due and late (grants.tasks calls `send_reminders` daily).

The contract: keyword-only arguments, `full_clean()` before saving, one transaction, a
`ValidationError` a person can act on; each change is a Wagtail log entry naming who did it
(the actions are registered in grants.admin_grants). Emails go through the outbox in the
grant's language.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from network.mail import queue_email, render_email
from network.models import COORDINATORS_GROUP, Membership, User

from . import engine
from .models import Application, Grant, GrantFile, IncidentCategory, IncidentTally, Payment, Report

FINAL_REPORT_DAYS = 30
# Reminders: days before (negative) or after the due date, by the name in their key.
REMINDERS = {"before-14": -14, "before-3": -3, "after-1": 1, "after-14": 14}


def _coordinator(by) -> None:
    if not (by and by.is_authenticated and by.is_coordinator):
        raise PermissionDenied


def coordinators():
    return User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True).distinct()


def grantee_addresses(grant: Grant) -> list[str]:
    """Who hears about a grant's reports: its organisation's members and the contact on its
    applicant profile."""
    addresses = list(
        Membership.objects.filter(organisation_id=grant.organisation_id, user__is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )
    profile = getattr(grant.organisation, "applicant_profile", None)
    if profile and profile.contact_email:
        addresses.append(profile.contact_email)
    seen, unique = set(), []
    for address in addresses:
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append(address)
    return unique


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def report_url(report: Report, language: str) -> str:
    from django.utils import translation

    with translation.override(language):
        return _absolute(reverse("grants:report", args=[report.public_id]))


def _tell_grantee(report: Report, template: str, *, key: str | None = None, **extra) -> None:
    grant = report.grant
    language = grant.language
    context = {"report": report, "grant": grant, "url": report_url(report, language), **extra}
    # One message per address (grantee_addresses dedupes case-insensitively), so no member
    # learns another's address and each is sent once by its own key.
    for address in grantee_addresses(grant):
        message = render_email(template=template, context=context, to=[address], language=language)
        queue_email(message, key=f"{key}:{address.lower()}" if key else None)


# --- Grants ---


@transaction.atomic
def create_grant(
    *,
    by,
    programme,
    organisation,
    title: str,
    amount,
    currency: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    conditions: str = "",
    award_number: str = "",
    uei: str = "",
    exclusion_check: str = "",
    exclusion_checked_on: datetime.date | None = None,
    city=None,
    application: Application | None = None,
    language: str = "en",
    interim: list[datetime.date] | None = None,
) -> Grant:
    """A grant, from an approved application or entered directly; its report schedule made
    at once (one interim report at mid-period unless told otherwise, and the final)."""
    _coordinator(by)
    if application is not None:
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.APPROVED:
            raise ValidationError(
                {"application": _("Only an approved application can become a grant.")}
            )
        if Grant.objects.filter(application=application).exists():
            raise ValidationError({"application": _("This application already has its grant.")})
        if application.organisation_id != organisation.pk:
            raise ValidationError(
                {"organisation": _("The grantee must be the organisation that applied.")}
            )
    grant = Grant(
        application=application,
        programme=programme.canonical,
        organisation=organisation,
        city=city,
        title=title,
        amount=amount,
        currency=currency,
        starts_on=starts_on,
        ends_on=ends_on,
        conditions=conditions,
        award_number=award_number,
        uei=(uei or "").strip().upper(),
        exclusion_check=exclusion_check or "",
        exclusion_checked_on=exclusion_checked_on,
        language=language,
        created_by=by,
    )
    _check_grant(grant)
    grant.save()
    log(grant, "grants.grant.create", user=by, data={"reference": grant.reference})
    schedule_reports(grant, interim=interim, by=by)
    return grant


def _check_grant(grant: Grant) -> None:
    errors = {}
    if grant.starts_on and grant.ends_on and grant.ends_on <= grant.starts_on:
        errors["ends_on"] = _("The grant must end after it starts.")
    if grant.amount is not None and grant.amount <= 0:
        errors["amount"] = _("Enter an amount above zero.")
    if grant.exclusion_check and not grant.exclusion_checked_on:
        errors["exclusion_checked_on"] = _("Give the date the exclusion check was done.")
    if grant.exclusion_checked_on and not grant.exclusion_check:
        errors["exclusion_check"] = _("Say what the exclusion check found.")
    if errors:
        raise ValidationError(errors)
    grant.full_clean(exclude=["application"] if grant.application_id else None)


@transaction.atomic
def update_grant(*, grant: Grant, by, **fields) -> Grant:
    """Change a grant's terms (the admin's edit form)."""
    _coordinator(by)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    organisation = fields.get("organisation")
    if (
        grant.application_id
        and organisation is not None
        and organisation.pk != grant.organisation_id
    ):
        raise ValidationError(
            {"organisation": _("The grantee must be the organisation that applied.")}
        )
    for name, value in fields.items():
        setattr(grant, name, value)
    if "programme" in fields:
        grant.programme = fields["programme"].canonical
    _check_grant(grant)
    grant.save()
    log(grant, "grants.grant.edit", user=by, data={"fields": sorted(fields)})
    return grant


def mid_period(grant: Grant) -> datetime.date:
    return grant.starts_on + (grant.ends_on - grant.starts_on) / 2


@transaction.atomic
def schedule_reports(
    grant: Grant,
    *,
    interim: list[datetime.date] | None = None,
    final_due: datetime.date | None = None,
    by=None,
) -> list[Report]:
    """The grant's reports: an interim report due on each date of `interim` (default: one
    at mid-period) covering the time since the last, and a final report due `final_due`
    (default: 30 days after the end). Reports not yet started are replaced; reports a
    grantee has started or sent are kept as they are."""
    if interim is None:
        interim = [mid_period(grant)]
    interim = sorted(set(interim))
    final_due = final_due or grant.ends_on + datetime.timedelta(days=FINAL_REPORT_DAYS)
    errors = []
    for day in interim:
        if not grant.starts_on < day <= grant.ends_on:
            errors.append(
                _("An interim report's due date must fall within the grant's period (%(day)s).")
                % {"day": day.isoformat()}
            )
    if final_due < grant.ends_on:
        errors.append(_("The final report cannot be due before the grant ends."))
    if errors:
        raise ValidationError(errors)
    plan = [(Report.Kind.INTERIM, day, day - datetime.timedelta(days=1)) for day in interim]
    plan.append((Report.Kind.FINAL, final_due, grant.ends_on))
    planned = {(kind, due_on) for kind, due_on, _end in plan}
    # Unstarted reports no longer planned go; every report still planned is kept as it is
    # (its public_id is in reminder links, its pk in reminder keys).
    for report in grant.reports.filter(status=Report.Status.DUE, revision=0):
        if (report.kind, report.due_on) not in planned:
            report.delete()
    kept = {(r.kind, r.due_on) for r in grant.reports.all()}
    made = []
    start = grant.starts_on
    for kind, due_on, period_end in plan:
        if (kind, due_on) not in kept:
            report = Report(
                grant=grant,
                kind=kind,
                due_on=due_on,
                period_start=start,
                period_end=max(period_end, start),
            )
            report.full_clean()
            report.save()
            made.append(report)
        start = period_end + datetime.timedelta(days=1)
    log(
        grant,
        "grants.grant.schedule",
        user=by,
        data={"due": [r.due_on.isoformat() for r in grant.reports.all()]},
    )
    return made


@transaction.atomic
def set_payments(grant: Grant, schedule: list[tuple[datetime.date, Decimal]], *, by=None):
    """The payment schedule: the unpaid instalments are replaced by `schedule`; payments
    already made stay. The total may not exceed the grant's amount."""
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    paid = list(grant.payments.filter(paid_on__isnull=False))
    total = sum((p.amount for p in paid), Decimal(0)) + sum(
        (Decimal(str(amount)) for _day, amount in schedule), Decimal(0)
    )
    if total > grant.amount:
        raise ValidationError(
            _("The payments add up to %(total)s, more than the grant's %(amount)s.")
            % {"total": engine.money_text(total), "amount": engine.money_text(grant.amount)}
        )
    grant.payments.filter(paid_on__isnull=True).delete()
    made = []
    for due_on, amount in schedule:
        payment = Payment(grant=grant, due_on=due_on, amount=Decimal(str(amount)))
        payment.full_clean()
        payment.save()
        made.append(payment)
    log(grant, "grants.grant.payments", user=by, data={"total": str(total)})
    return made


@transaction.atomic
def record_payment(payment: Payment, paid_on: datetime.date, *, by=None) -> Payment:
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be made in the future.")})
    payment.paid_on = paid_on
    payment.full_clean()
    payment.save(update_fields=["paid_on"])
    log(
        payment.grant,
        "grants.grant.paid",
        user=by,
        data={"due_on": payment.due_on.isoformat(), "paid_on": paid_on.isoformat()},
    )
    return payment


# --- Reports ---


def months_of(report: Report) -> list[datetime.date]:
    """The first day of each month of the report's period."""
    month = report.period_start.replace(day=1)
    months = []
    while month <= report.period_end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _visible_report(report: Report, by) -> Report:
    try:
        return (
            Report.objects.visible_to(by)
            .select_for_update(of=("self",))
            .select_related("grant")
            .get(pk=report.pk)
        )
    except Report.DoesNotExist:
        raise PermissionDenied from None


def _is_grantee(report: Report, by) -> bool:
    return Membership.objects.filter(user=by, organisation_id=report.grant.organisation_id).exists()


@transaction.atomic
def save_report(
    *,
    report: Report,
    by,
    answers: dict,
    uploads: dict | None = None,
    people_reached: int | None = None,
    activities_held: int | None = None,
    tallies: dict | None = None,
    revision: int,
) -> Report:
    """Save a report as a draft. `tallies`: {(category, month): count}. A save made from
    an older copy of the report (another tab, a colleague) is refused, so nothing is
    silently overwritten; the caller keeps what was typed."""
    report = _visible_report(report, by)
    if not _is_grantee(report, by):
        raise PermissionDenied
    if not report.is_editable:
        raise ValidationError(_("This report has been sent: it can no longer be changed."))
    if revision != report.revision:
        raise ValidationError(
            _(
                "This report was changed elsewhere (in another window, or by a colleague) "
                "since you opened it. Your answers are still below: copy what you need, then "
                "reload the page."
            ),
            code="stale",
        )
    months = set(months_of(report))
    categories = set(IncidentCategory.values)
    rows = []
    for (category, month), count in (tallies or {}).items():
        if count in (None, ""):
            continue
        if category not in categories or month not in months:
            raise ValidationError(_("Incidents can only be counted for the report's months."))
        if int(count) < 0:
            raise ValidationError(_("Enter the number of incidents as 0 or more."))
        rows.append(IncidentTally(report=report, category=category, month=month, count=count))
    report.answers = answers
    report.people_reached = people_reached
    report.activities_held = activities_held
    if report.status == Report.Status.DUE:
        report.status = Report.Status.DRAFT
    report.revision += 1
    report.saved_at = timezone.now()
    report.full_clean()
    report.save()
    report.tallies.all().delete()
    IncidentTally.objects.bulk_create(rows)
    for key, upload in (uploads or {}).items():
        for old in report.files.filter(key=key):
            name, storage = old.file.name, old.file.storage
            old.delete()
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        stored = GrantFile(
            report=report,
            key=key,
            name=upload.name,
            content_type=upload.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        # Stored under a random name (grant_file_path), never the uploaded one.
        stored.file.save(upload.name, upload.content, save=False)
        stored.save()
    log(report.grant, "grants.report.save", user=by, data={"report": str(report.public_id)})
    return report


def problems(report: Report, stream) -> list[str]:
    """What a submit would refuse, as sentences."""
    files = frozenset(report.files.values_list("key", flat=True))
    found = [
        _("Answer “%(question)s”.") % {"question": question.label}
        for question in engine.missing(stream, report.answers, files)
    ]
    if report.people_reached is None:
        found.append(_("Enter the number of people reached (0 if none)."))
    if report.activities_held is None:
        found.append(_("Enter the number of activities held (0 if none)."))
    return found


@transaction.atomic
def submit_report(*, report: Report, by) -> Report:
    """Send a saved report to the hub: every required question answered, the figures given.
    A receipt goes to the grantee in the grant's language, a notice to the coordinators."""
    report = _visible_report(report, by)
    if not _is_grantee(report, by):
        raise PermissionDenied
    if not report.is_editable:
        raise ValidationError(_("This report has already been sent."))
    found = problems(report, report.grant.programme.report_form)
    if found:
        raise ValidationError(found)
    report.status = Report.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.full_clean()
    report.save()
    log(report.grant, "grants.report.submit", user=by, data={"report": str(report.public_id)})
    _tell_grantee(
        report,
        "grants_report_received",
        key=f"grants-report-received:{report.pk}:{report.revision}",
    )
    admin_url = _absolute(reverse("grant_reports:edit", args=[report.pk]))
    for person in coordinators():
        queue_email(
            render_email(
                template="grants_report_notice",
                context={"report": report, "grant": report.grant, "url": admin_url},
                to=[person.email],
                language=person.language,
            )
        )
    return report


@transaction.atomic
def accept_report(*, report: Report, by) -> Report:
    _coordinator(by)
    report = Report.objects.select_for_update().select_related("grant").get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Only a report that has been received can be accepted."))
    report.status = Report.Status.ACCEPTED
    report.accepted_at = timezone.now()
    report.full_clean()
    report.save()
    log(report.grant, "grants.report.accept", user=by, data={"report": str(report.public_id)})
    _tell_grantee(report, "grants_report_accepted")
    return report


@transaction.atomic
def request_report_changes(*, report: Report, by, feedback: str) -> Report:
    _coordinator(by)
    report = Report.objects.select_for_update().select_related("grant").get(pk=report.pk)
    if report.status != Report.Status.SUBMITTED:
        raise ValidationError(_("Changes can only be asked of a report that has been received."))
    if not (feedback or "").strip():
        raise ValidationError({"feedback": _("Say what the grantee should change.")})
    report.status = Report.Status.CHANGES_REQUESTED
    report.feedback = feedback.strip()
    report.full_clean()
    report.save()
    log(report.grant, "grants.report.changes", user=by, data={"report": str(report.public_id)})
    _tell_grantee(report, "grants_report_changes", feedback=report.feedback)
    return report


# --- Reminders ---


def reminder_due(report: Report, today: datetime.date) -> str | None:
    """Which reminder a report is owed today, if any: the latest whose day has come (so a
    day the task did not run is caught up), each sent once by its outbox key."""
    days = (today - report.due_on).days  # negative before the due date
    owed = None
    for when, offset in REMINDERS.items():
        if days >= offset:
            owed = when
    return owed


def send_reminders(today: datetime.date | None = None) -> int:
    """Remind grantees of reports due in 14 and 3 days and late by 1 and 14 days (daily;
    safe to run twice: each reminder's outbox key is unique). Returns how many reports were
    reminded."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=-REMINDERS["before-14"])
    reports = (
        Report.objects.outstanding()
        .filter(
            due_on__lte=horizon,
            due_on__gte=today - datetime.timedelta(days=REMINDERS["after-14"] + 7),
        )
        # A grant ended early owes nothing more; a completed one still owes its reports.
        .exclude(grant__status=Grant.Status.TERMINATED)
        .select_related("grant__organisation__applicant_profile")
    )
    count = 0
    for report in reports:
        when = reminder_due(report, today)
        if not when:
            continue
        with transaction.atomic():
            _tell_grantee(
                report,
                "grants_report_reminder",
                key=f"grants-report-reminder:{report.pk}:{when}",
                late=when.startswith("after"),
            )
        count += 1
    return count
