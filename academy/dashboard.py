"""The Learning panel of My hub (network.dashboard): the person's courses, how far they
are, and the lesson to take next."""

from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import Locale

from network.dashboard import HOOK, Panel, viewer_zone

from .models import AcademyIndexPage, Enrolment
from .progress import my_learning

# What a status means to the learner, as a badge tone.
TONES = {
    Enrolment.Status.ENROLLED: "success",
    Enrolment.Status.APPLIED: "info",
    Enrolment.Status.WAITLISTED: "warning",
}


def _waiting_note(status: str) -> str:
    if status == Enrolment.Status.APPLIED:
        return _("We will write to you once your application is decided.")
    if status == Enrolment.Status.WAITLISTED:
        return _("We will write to you if a seat opens.")
    return ""


def _row(row: dict, request) -> dict:
    enrolment, course = row["enrolment"], row["course"]
    seated = enrolment is None or enrolment.status == Enrolment.Status.ENROLLED
    if seated and row["percent_complete"] == 100:
        status, tone = _("Completed"), "success"
    elif enrolment is None:
        status, tone = _("Self-paced"), "neutral"
    else:
        status, tone = enrolment.get_status_display(), TONES.get(enrolment.status, "neutral")
    return {
        "title": course.title,
        "url": course.get_url(request),
        "cohort": enrolment.cohort.display_name if enrolment else "",
        "status": status,
        "tone": tone,
        "seated": seated,
        "note": "" if seated else _waiting_note(enrolment.status),
        "percent": row["percent_complete"],
        "next_lesson": row["resume"].title if seated and row["resume"] else "",
        "next_url": row["resume"].get_url(request) if seated and row["resume"] else "",
        "opens": row["next_release"]["module"]["title"] if row["next_release"] else "",
        "opens_at": row["next_release"]["opens_at"] if row["next_release"] else None,
        "key": f"course-{course.pk}",
    }


@hooks.register(HOOK)
def learning_panel(request):
    rows = [_row(row, request) for row in my_learning(user=request.user)]
    overview = ""
    if not rows:
        found = AcademyIndexPage.objects.live().filter(locale=Locale.get_active()).first()
        overview = found.get_url(request) if found else ""
    return Panel(
        key="learning",
        order=10,
        title=_("Learning"),
        template="academy/_dashboard_panel.html",
        context={"rows": rows, "overview_url": overview, "zone": viewer_zone(request.user)},
    )
