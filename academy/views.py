from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import checks, learner_cache, services
from .models import Certificate, Cohort, Enrolment, LessonPage
from .progress import my_learning, page_url


@login_required
def dashboard(request):
    """My learning: the learner's cohorts, progress and what opens next, and certificates;
    kept for them until any of it changes (academy.learner_cache)."""
    fragment = learner_cache.fragment(request, ["my-learning", request.get_host(), request.path])
    kept = learner_cache.read(fragment, request)
    if kept is not None:
        return render(
            request,
            "academy/my_learning.html",
            {"content_fragment": fragment, "kept_content": kept},
        )
    # The person's own: what Certificate.objects.visible_to shows them, narrowed to them.
    certificates = list(
        Certificate.objects.visible_to(request.user)
        .filter(user=request.user)
        .select_related("course__locale")
    )
    rows = my_learning(
        user=request.user, localize=[certificate.course for certificate in certificates]
    )
    for row in rows:
        row["url"] = page_url(row["course"], request)
        row["resume_url"] = row["resume"] and page_url(row["resume"], request)
    fragment = learner_cache.until(fragment, [row["next_opening"] for row in rows])
    return render(
        request,
        "academy/my_learning.html",
        {"rows": rows, "certificates": certificates, "content_fragment": fragment},
    )


def _tell_status(request, enrolment: Enrolment) -> None:
    """Say where the learner stands now, whatever they asked for."""
    cohort = {"cohort": enrolment.cohort}
    if enrolment.status == Enrolment.Status.ENROLLED:
        messages.success(request, _("You are enrolled in %(cohort)s.") % cohort)
    elif enrolment.status == Enrolment.Status.WAITLISTED:
        messages.info(
            request,
            _("%(cohort)s is full: you are on its waitlist and will be told if a seat opens.")
            % cohort,
        )
    else:
        messages.success(
            request,
            _(
                "We have received your application to %(cohort)s and will write to you once it "
                "is decided."
            )
            % cohort,
        )


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
        _tell_status(request, enrolment)
    return redirect(_course_url(cohort, request))


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request, enrolment_id):
    """Leaving a cohort (or withdrawing an application): the page asks to confirm and says
    what follows (GET); the POST does it and goes back to the course, where it is said."""
    enrolment = get_object_or_404(
        Enrolment.objects.own(request.user).select_related("cohort__course"), pk=enrolment_id
    )
    course_url = _course_url(enrolment.cohort, request)
    if request.method == "GET":
        return render(
            request,
            "academy/withdraw_confirm.html",
            {
                "enrolment": enrolment,
                "course": enrolment.cohort.course.localized,
                "course_url": course_url,
                "waitlist_position": enrolment.waitlist_position(),
            },
        )
    applied = enrolment.status == Enrolment.Status.APPLIED
    try:
        services.withdraw(enrolment=enrolment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        cohort = {"cohort": enrolment.cohort}
        if applied:
            messages.success(
                request, _("You have withdrawn your application to %(cohort)s.") % cohort
            )
        else:
            messages.success(request, _("You have left %(cohort)s.") % cohort)
    return redirect(course_url + "#messages")


@require_POST
@login_required
def complete(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not lesson.accepts(request):
        raise Http404
    try:
        following = services.complete_lesson(lesson=lesson, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(lesson.get_url(request))
    messages.success(request, _("Lesson completed."))
    return redirect((following or lesson).get_url(request))


class ApplicationForm(forms.Form):
    """An application's note: optional, as long as the course page's box allows, and plain
    text (Django refuses the NUL character PostgreSQL cannot store)."""

    note = forms.CharField(required=False, max_length=4000)


@require_POST
@login_required
def apply(request, cohort_id):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), pk=cohort_id)
    form = ApplicationForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(_course_url(cohort, request))
    try:
        enrolment = services.apply(cohort=cohort, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _tell_status(request, enrolment)
    return redirect(_course_url(cohort, request))


class DeferForm(forms.Form):
    """The later cohort a learner moves to (the service decides whether they may)."""

    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.all(),
        error_messages={
            "required": gettext_lazy("Choose the cohort you want to move to."),
            "invalid_choice": gettext_lazy("Choose the cohort you want to move to."),
        },
    )


@require_POST
@login_required
def defer(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.own(request.user).select_related("cohort__course"), pk=enrolment_id
    )
    form = DeferForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["cohort"]))
        return redirect(_course_url(enrolment.cohort, request))
    try:
        moved = services.defer(
            enrolment=enrolment, to_cohort=form.cleaned_data["cohort"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("You have moved to %(cohort)s (%(status)s). Your progress is kept.")
            % {"cohort": moved.cohort, "status": moved.get_status_display()},
        )
    return redirect(_course_url(enrolment.cohort, request))


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """An invitation link: shows the cohort; accepting is a POST by the invited person."""
    try:
        invite = services.invitation_from_token(token)
    except ValidationError as error:
        return render(
            request, "academy/invitation.html", {"error": " ".join(error.messages)}, status=404
        )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            enrolment = services.accept_invitation(invitation=invite, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        _tell_status(request, enrolment)
        return redirect(_course_url(invite.cohort, request))
    return render(
        request,
        "academy/invitation.html",
        {"invitation": invite, "course": invite.cohort.course.localized},
    )


@require_POST
def submit_check(request, lesson_id):
    """An attempt at a lesson's knowledge check, graded.

    Unanswered questions re-show the lesson with the learner's choices kept and nothing
    counted; a graded attempt redirects to its result on the lesson, which says how it went
    and what comes next (LessonPage.check_context).
    """
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not lesson.accepts(request):
        raise Http404
    url = lesson.get_url(request)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    answers, missing = checks.parse_answers(lesson, request.POST)
    if missing:
        context = lesson.get_context(request)
        context.update(
            check_missing=missing,
            check_selected={index: set(picked) for index, picked in answers.items()},
            check_nonce=request.POST.get("nonce", ""),
        )
        messages.error(request, _("Answer every question before you submit."))
        return TemplateResponse(request, lesson.get_template(request), context)
    try:
        services.submit_check(
            lesson=lesson, user=request.user, nonce=request.POST.get("nonce"), answers=answers
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    return redirect(url + "#check-result")
