from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import Cohort, Enrolment, LessonPage
from .progress import my_learning


@login_required
def dashboard(request):
    """My learning: the learner's cohorts, progress and what opens next."""
    return render(request, "academy/my_learning.html", {"rows": my_learning(user=request.user)})


def _course_url(cohort: Cohort, request) -> str:
    course = cohort.course.localized
    return course.get_url(request)


@require_POST
@login_required
def enrol(request, cohort_id):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    try:
        enrolment = services.enrol(cohort=cohort, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.status == Enrolment.Status.ENROLLED:
            messages.success(request, _("You are enrolled in %(cohort)s.") % {"cohort": cohort})
        else:
            messages.info(
                request,
                _("%(cohort)s is full: you are on its waitlist and will be told if a seat opens.")
                % {"cohort": cohort},
            )
    return redirect(_course_url(cohort, request))


@require_POST
@login_required
def withdraw(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.filter(user=request.user).select_related("cohort__course"),
        pk=enrolment_id,
    )
    try:
        services.withdraw(enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You have left %(cohort)s.") % {"cohort": enrolment.cohort})
    return redirect(_course_url(enrolment.cohort, request))


@require_POST
@login_required
def complete(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    try:
        following = services.complete_lesson(lesson=lesson, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(lesson.get_url(request))
    messages.success(request, _("Lesson completed."))
    return redirect((following or lesson).get_url(request))
