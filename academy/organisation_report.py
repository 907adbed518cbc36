"""The Academy section of a lead's activity page (network.organisation_report): their
people's cohorts, how far each has come, and their certificates.

Progress is the admin reports' own measure (academy.reports): required lessons done of the
course's required lessons, counted per page, not per row.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale

from network.bilingual import Text
from network.dashboard import viewer_zone
from network.organisation_report import HOOK, Section, csv_time, people
from pages.dates import zone_label

from .models import Certificate, Enrolment
from .progress import prefetch_localized
from .reports import decorate_enrolments, required_lessons, with_progress

TONES = {
    Enrolment.Status.ENROLLED: "success",
    Enrolment.Status.APPLIED: "info",
    Enrolment.Status.WAITLISTED: "warning",
    Enrolment.Status.DEFERRED: "neutral",
}


def _certificate_status(certificate) -> tuple[str, str]:
    if certificate.revoked_at:
        return _("Revoked"), "danger"
    return _("Valid"), "success"


def _rows(viewer, organisation) -> list[dict]:
    """One row per enrolment of the organisation's people, with its certificate; then the
    certificates earned outside a cohort (self-paced courses)."""
    ids = people(viewer, organisation)
    enrolments = Enrolment.objects.visible_to(viewer).filter(user__in=ids)
    required = required_lessons(enrolments.values("cohort__course_id").distinct())
    enrolments = decorate_enrolments(
        with_progress(enrolments, required).order_by(
            "user__full_name", "user__email", "-cohort__starts_on", "pk"
        ),
        viewer=viewer,
        required=required,
    )
    certificates = list(
        Certificate.objects.visible_to(viewer)
        .filter(user__in=ids)
        .select_related("user", "course")
        .order_by("user__full_name", "issued_at")
    )
    prefetch_localized(
        [enrolment.cohort.course for enrolment in enrolments]
        + [certificate.course for certificate in certificates]
    )
    active = Locale.get_active().pk

    def title(course) -> Text:
        """The course's title in the reader's language, or the original's, marked so."""
        shown = course.localized
        return Text(shown.title, "" if shown.locale_id == active else settings.LANGUAGE_CODE)

    earned = {(c.user_id, c.course_id): c for c in certificates}
    rows = []
    for enrolment in enrolments:
        certificate = earned.pop((enrolment.user_id, enrolment.cohort.course_id), None)
        rows.append(
            {
                "person": enrolment.user,
                "course": title(enrolment.cohort.course),
                "cohort": enrolment.cohort.display_name,
                "status": enrolment.get_status_display(),
                "tone": TONES.get(enrolment.status, "neutral"),
                "seated": enrolment.status == Enrolment.Status.ENROLLED,
                "done": enrolment.lessons_done,
                "required": enrolment.lessons_required,
                "percent": enrolment.percent_complete,
                "last_active_at": enrolment.last_active_at,
                "certificate": certificate,
            }
        )
    for certificate in earned.values():  # no cohort: a self-paced course
        rows.append(
            {
                "person": certificate.user,
                "course": title(certificate.course),
                "cohort": "",
                "status": _("Self-paced"),
                "tone": "neutral",
                "seated": False,
                "done": None,
                "required": None,
                "percent": None,
                "last_active_at": None,
                "certificate": certificate,
            }
        )
    for row in rows:
        if row["certificate"]:
            row["certificate_status"], row["certificate_tone"] = _certificate_status(
                row["certificate"]
            )
    return rows


def _csv_row(row: dict, zone) -> list:
    certificate = row["certificate"]
    return [
        str(row["person"]),
        row["person"].email if not row["person"].closed_at else "",
        row["course"],
        row["cohort"],
        row["status"],
        row["done"],
        row["required"],
        row["percent"],
        csv_time(row["last_active_at"], zone),
        certificate.code if certificate else "",
        csv_time(certificate.issued_at, zone) if certificate else "",
        row["certificate_status"] if certificate else "",
    ]


@hooks.register(HOOK)
def academy_section(request, organisation):
    zone = viewer_zone(request.user)
    rows = _rows(request.user, organisation)
    in_zone = zone_label(zone)
    header = [
        _("Person"),
        _("Email"),
        _("Course"),
        _("Cohort"),
        _("Status"),
        _("Required lessons done"),
        _("Required lessons"),
        _("Percent complete"),
        _("Last active (%(zone)s)") % {"zone": in_zone},
        _("Certificate"),
        _("Certificate issued (%(zone)s)") % {"zone": in_zone},
        _("Certificate status"),
    ]
    return Section(
        key="academy",
        order=10,
        title=_("Academy"),
        template="academy/_organisation_report.html",
        context={"rows": rows, "zone": zone},
        header=header,
        rows=[_csv_row(row, zone) for row in rows],
    )
