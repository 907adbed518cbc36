"""The applicant's pages: the eligibility check, the application (draft, autosave, submit,
read-only once sent), withdrawing, files, the organisation's applicant profile, and "Your
applications and grants". Every application is reached through
`Application.objects.visible_to(user)`, narrowed to the person's own organisations
(coordinators and reviewers work in the admin); anything else answers 404."""

import logging

from botocore.exceptions import BotoCoreError, ClientError
from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale

from network.models import Organisation
from pages import dates

from . import applying, engine
from .forms import EligibilityForm, ProfileForm, WithdrawForm
from .models import (
    ApplicantProfile,
    Application,
    CallPage,
    Determination,
    Grant,
    GrantFile,
    Stage,
)

logger = logging.getLogger(__name__)
Status = Application.Status

# The applicant's words for a status and a stage (the model's labels are shared words that
# other features translate their own way, such as « Withdrawn »).
STATUS_LABELS = {
    Status.DRAFT: pgettext_lazy("grant application", "Draft"),
    Status.SUBMITTED: pgettext_lazy("grant application", "Sent"),
    Status.IN_REVIEW: pgettext_lazy("grant application", "In review"),
    Status.CHANGES_REQUESTED: pgettext_lazy("grant application", "Changes requested"),
    Status.APPROVED: pgettext_lazy("grant application", "Approved"),
    Status.DECLINED: pgettext_lazy("grant application", "Declined"),
    Status.WITHDRAWN: pgettext_lazy("grant application", "Withdrawn"),
}
STATUS_TONES = {
    Status.DRAFT: "warning",
    Status.CHANGES_REQUESTED: "warning",
    Status.SUBMITTED: "info",
    Status.IN_REVIEW: "info",
    Status.APPROVED: "success",
    Status.DECLINED: "neutral",
    Status.WITHDRAWN: "neutral",
}
STAGE_LABELS = {
    Stage.CONCEPT: pgettext_lazy("grant application", "Concept note"),
    Stage.PROPOSAL: pgettext_lazy("grant application", "Full proposal"),
}


def labels(application) -> dict:
    return {
        "status_label": STATUS_LABELS[application.status],
        "status_tone": STATUS_TONES[application.status],
        "stage_label": STAGE_LABELS[application.stage],
    }


# --- Reading ---


def _visible(request, public_id) -> Application:
    """An application of one of the person's organisations, or 404."""
    return get_object_or_404(
        Application.objects.visible_to(request.user)
        .of_organisations(request.user)
        .select_related("organisation", "call"),
        public_id=public_id,
    )


def office_hours_url(request) -> str:
    """The live office-hours page in the active language, to book help applying."""
    try:
        model = apps.get_model("office_hours", "OfficeHoursPage")
    except LookupError:
        return ""
    pages = model.objects.live().public()
    try:
        found = pages.filter(locale=Locale.get_active()).first()
    except Locale.DoesNotExist:
        found = None
    found = found or pages.first()
    return found.get_url(request) if found else ""


def _files_by_key(application) -> dict[str, list]:
    found: dict[str, list] = {}
    for stored in application.files.all():
        found.setdefault(stored.key, []).append(stored)
    return found


def _answers_form(application, *, data=None, files=None):
    """The draft's form: the canonical call's questions (what is asked and kept), labelled
    in the reader's language where the translation has them (applying.reader_parts)."""
    present = applying.files_present(application)
    fields = {
        question.key: engine.form_field(question, draft=True, has_file=question.key in present)
        for question in applying.reader_questions(application.call, application.stage)
    }
    form_class = type("AnswersForm", (forms.Form,), fields)
    answers = application.answers_for(application.stage)
    initial = {key: engine.initial_value(value) for key, value in answers.items()}
    return form_class(data=data, files=files, initial=initial)


def _stream(application):
    """The canonical form blocks of the application's stage (keys and kinds for storing)."""
    return application.call.canonical.form_for(application.stage)


def _page(request, application, *, form=None, status=200, revision=None, profile_missing=False):
    reader_call = applying.in_reader_language(application.call)
    stream = reader_call.form_for(application.stage)
    files = _files_by_key(application)
    can_send = applying.can_send(application)
    context = {
        "can_send": can_send,
        "closed_message": "" if can_send else applying.closed_message(application.call),
        "application": application,
        "call": reader_call,
        "call_lang": reader_call.locale.language_code,
        "profile": ApplicantProfile.objects.filter(organisation=application.organisation).first(),
        "profile_missing": profile_missing,
        "office_hours_url": office_hours_url(request),
        "files": files,
        "concept_rows": engine.rows(reader_call.concept_form, application.concept_answers, files)
        if application.concept_submitted_at
        else [],
        "concept_stage": application.stage == Stage.CONCEPT,
        # The hub's latest decision, with the reasons it chose to share (never its note).
        "decision": Determination.objects.visible_to(request.user)
        .filter(application=application)
        .order_by("-decided_at", "-pk")
        .only("outcome", "stage", "reasons", "decided_at")
        .first(),
        **labels(application),
    }
    if application.is_editable:
        context["form"] = form or _answers_form(application)
        context["revision"] = application.revision if revision is None else revision
        context["parts"] = _parts_with_fields(
            applying.reader_parts(application.call, application.stage), context["form"], files
        )
    else:
        context["rows"] = engine.rows(stream, application.answers_for(application.stage), files)
    return render(request, "grants/apply/application.html", context, status=status)


def _parts_with_fields(parts, form, files) -> list[dict]:
    """The form's sections and bound fields in order (sections are headings between them)."""
    shown = []
    for part in parts:
        if isinstance(part, engine.Section):
            shown.append({"section": part})
        elif part.key in form.fields:
            shown.append(
                {"field": form[part.key], "question": part, "files": files.get(part.key, [])}
            )
    return shown


@never_cache
@login_required
def mine(request):
    """Your applications and grants: those of every organisation you belong to."""
    applications = (
        Application.objects.visible_to(request.user)
        .of_organisations(request.user)
        .select_related("organisation", "call")
        .order_by("-created_at")
    )
    applications = list(applications[:200])
    calls = _calls_in_reader_language(application.call for application in applications)
    items = []
    for application in applications:
        items.append(
            {
                "application": application,
                "call": calls[application.call_id],
                "next": _next_step(application),
                **labels(application),
            }
        )
    grants = []
    for grant in (
        Grant.objects.visible_to(request.user)
        .filter(organisation__in=Organisation.objects.of_user(request.user))
        .select_related("organisation")
    ):
        try:
            url = reverse("grants:grant", args=[grant.public_id])
        except NoReverseMatch:
            url = ""
        grants.append({"grant": grant, "url": url})
    return render(
        request,
        "grants/apply/mine.html",
        {
            "items": items,
            "grants": grants,
            "can_apply": applying.applying_organisations(request.user).exists(),
        },
    )


def _calls_in_reader_language(calls) -> dict[int, dict]:
    """{call pk: {"title", "deadline"}} in the active language where the call has a live
    translation, else the call's own; one query for any number of calls."""
    calls = {call.pk: call for call in calls}
    found = {pk: {"title": call.title, "deadline": call.deadline} for pk, call in calls.items()}
    if not calls:
        return found
    try:
        active = Locale.get_active()
    except Locale.DoesNotExist:
        return found
    by_key = {call.translation_key: pk for pk, call in calls.items()}
    for key, title, deadline in CallPage.objects.filter(
        translation_key__in=by_key, locale=active, live=True
    ).values_list("translation_key", "title", "deadline"):
        found[by_key[key]] = {"title": title, "deadline": deadline}
    return found


def _next_step(application) -> str:
    if application.status == Status.DRAFT:
        if application.invited:
            return _("Send the full proposal")
        if application.stage == Stage.CONCEPT:
            return _("Finish and send the concept note")
        return _("Finish and send the application")
    if application.status == Status.CHANGES_REQUESTED:
        return _("Make the changes asked and send again")
    if application.status in (Status.SUBMITTED, Status.IN_REVIEW):
        return _("Nothing: the hub is reviewing it")
    return ""


# --- Starting ---


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def eligibility(request, page_id):
    page = get_object_or_404(CallPage.objects.live().public(), pk=page_id).specific
    call = applying.in_reader_language(page)
    organisations = applying.applying_organisations(request.user)
    context = {
        "call": call,
        "call_lang": call.locale.language_code,
        "started": Application.objects.of_organisations(request.user)
        .filter(call=page.canonical)
        .exclude(status=Status.WITHDRAWN)
        .select_related("organisation"),
    }
    if not organisations.exists():
        context["no_organisation"] = True
        return render(request, "grants/apply/eligibility.html", context)
    if not call.is_open():
        context["closed"] = True
        return render(request, "grants/apply/eligibility.html", context)
    form = EligibilityForm(
        request.POST if request.method == "POST" else None, call=call, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = applying.start_application(
                call=call,
                organisation=form.cleaned_data["organisation"],
                by=request.user,
                title=form.cleaned_data["title"],
                language=get_language() or "en",
                eligibility_answers=form.answers(),
            )
        except applying.Ineligible as error:
            context["refusals"] = error.messages
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            if application.created_by_id != request.user.pk or application.revision:
                messages.info(
                    request,
                    _(
                        "Your organisation has already started an application to this call: here it is."
                    ),
                )
            return redirect("grants:application", application.public_id)
    context["form"] = form
    return render(request, "grants/apply/eligibility.html", context)


# --- The application ---


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def application(request, public_id):
    found = _visible(request, public_id)
    if request.method == "POST":
        return _post(request, found, submit=request.POST.get("action") == "submit")
    return _page(request, found)


@never_cache
@login_required
@require_POST
def submit(request, public_id):
    return _post(request, _visible(request, public_id), submit=True)


def _post(request, application, *, submit: bool):
    """Save the page's answers (a draft needs nothing answered), then send them if asked.
    Whatever is refused, the page comes back with what was typed."""
    if application.status == Status.SUBMITTED and submit:
        # A second click, or a second tab: it is sent already.
        messages.info(request, _("This application has already been sent."))
        return redirect("grants:application", application.public_id)
    if not application.is_editable:
        # A page left open after the application was sent elsewhere: nothing to save.
        messages.error(request, _("This application has been sent and can no longer be changed."))
        return redirect("grants:application", application.public_id)
    stream = _stream(application)
    form = _answers_form(application, data=request.POST, files=request.FILES)
    revision = request.POST.get("revision", "")
    if not revision.isdigit():
        raise Http404
    if not form.is_valid():
        return _page(request, application, form=form, status=400, revision=revision)
    answers, uploads = engine.answers_from(form, stream)
    try:
        applying.save_draft(
            application=application,
            by=request.user,
            answers=answers,
            uploads=uploads,
            revision=int(revision),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, application, form=form, status=409, revision=revision)
    except PermissionDenied:
        raise Http404 from None
    application.refresh_from_db()
    if not submit:
        messages.success(
            request,
            _("Draft saved at %(time)s.") % {"time": dates.format_time(application.saved_at, None)},
        )
        return redirect("grants:application", application.public_id)
    try:
        applying.submit(application=application, by=request.user)
    except applying.ProfileMissing:
        application.refresh_from_db()
        form = _answers_form(application)
        return _page(request, application, form=form, status=400, profile_missing=True)
    except ValidationError as error:
        application.refresh_from_db()
        form = _answers_form(application, data=request.POST, files=request.FILES)
        form.is_valid()
        keys = (error.params or {}).get("keys", []) if hasattr(error, "params") else []
        for key in keys:
            form.add_error(key, _("Answer this question before you send."))
        if not keys:
            form.add_error(None, error)
        return _page(request, application, form=form, status=400)
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        _("Sent. Your reference is %(reference)s; we have emailed you a receipt.")
        % {"reference": application.reference},
    )
    return redirect("grants:application", application.public_id)


@never_cache
@login_required
@require_POST
def save(request, public_id):
    """The autosave (static/js/grants-autosave.js): the draft saved, answered in JSON."""
    application = _visible(request, public_id)
    if not application.is_editable:
        return JsonResponse(
            {
                "ok": False,
                "message": _("This application has been sent and can no longer be changed."),
            },
            status=409,
        )
    revision = request.POST.get("revision", "")
    if not revision.isdigit():
        return JsonResponse({"ok": False, "message": _("Reload the page.")}, status=400)
    stream = _stream(application)
    # Files are sent with the "Save draft" button, never by the autosave.
    form = _answers_form(application, data=request.POST)
    for field in form.fields.values():
        if isinstance(field, engine.CheckedFileField):
            field.required = False
    if not form.is_valid():
        errors = {name: [str(m) for m in messages_] for name, messages_ in form.errors.items()}
        return JsonResponse(
            {
                "ok": False,
                "errors": errors,
                "message": _("Not saved yet: some answers need a correction."),
            },
            status=400,
        )
    answers, _uploads = engine.answers_from(form, stream)
    try:
        saved = applying.save_draft(
            application=application,
            by=request.user,
            answers=answers,
            uploads={},
            revision=int(revision),
        )
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=409)
    except PermissionDenied:
        raise Http404 from None
    return JsonResponse(
        {
            "ok": True,
            "revision": saved.revision,
            "message": _("Saved at %(time)s")
            % {"time": dates.format_time(saved.saved_at or timezone.now(), None)},
        }
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, public_id):
    application = _visible(request, public_id)
    if application.status not in applying.WITHDRAWABLE:
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            applying.withdraw(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("Application %(reference)s is withdrawn.") % {"reference": application.reference},
            )
            return redirect("grants:mine")
    return render(request, "grants/apply/withdraw.html", {"application": application, "form": form})


@never_cache
@login_required
def file(request, public_id):
    """A file, only for someone who may see its application or report; always a download."""
    found = get_object_or_404(
        GrantFile.objects.visible_to(request.user).select_related("application"),
        public_id=public_id,
    )
    try:
        handle = found.file.storage.open(found.file.name, "rb")
        handle.seek(0)
    except FileNotFoundError:
        logger.error("Grant file %s is missing from its storage.", found.public_id)
        return _file_unavailable(request, found, status=404)
    except (OSError, BotoCoreError, ClientError):
        logger.exception("Grant file %s could not be read from its storage.", found.public_id)
        return _file_unavailable(request, found, status=503)
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _file_unavailable(request, found, *, status: int):
    back = ""
    if found.application_id and (
        Application.objects.of_organisations(request.user).filter(pk=found.application_id).exists()
    ):
        back = reverse("grants:application", args=[found.application.public_id])
    response = render(
        request,
        "grants/apply/file_unavailable.html",
        {"status": status, "back": back},
        status=status,
    )
    if status == 503:
        response["Retry-After"] = "60"
    return response


# --- The applicant profile ---


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request, organisation_id):
    organisation = get_object_or_404(Organisation.objects.of_user(request.user), pk=organisation_id)
    instance = ApplicantProfile.objects.filter(organisation=organisation).first()
    back = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            applying.save_profile(
                organisation=organisation,
                by=request.user,
                **{name: form.cleaned_data[name] for name in ProfileForm.Meta.fields},
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Your organisation’s applicant profile is saved."))
            return redirect(back or "grants:mine")
    return render(
        request,
        "grants/apply/profile.html",
        {"organisation": organisation, "form": form, "next": back, "new": instance is None},
    )
