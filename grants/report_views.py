"""A grantee's grants and reports on the public site, signed in: the grant (its terms,
payments and reports) and the report form (the programme's questions in the reader's
language, the figures every report gives, and the incidents grid). Every read goes through
`Grant.objects.visible_to` / `Report.objects.visible_to`: another organisation's is a 404."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from . import awards, engine
from .models import Grant, IncidentCategory, Report

PREFIX = "report"


def _in_reader_language(page):
    """The programme's page in the reader's language where translated (same keys)."""
    try:
        here = Locale.objects.get(language_code=translation.get_language())
    except Locale.DoesNotExist:
        return page
    return (page.get_translation_or_none(here) or page).specific


def money(amount, currency: str) -> str:
    return f"{engine.money_text(amount)} {currency}"


def tally_name(category: str, month) -> str:
    return f"incidents__{category}__{month:%Y-%m}"


def add_figures(form: forms.Form, report: Report, *, required: bool) -> forms.Form:
    """The figures every report gives, added to the answers form (one form, one error
    summary): people reached, activities held, and a count per category and month."""
    form.fields["fig__people_reached"] = forms.IntegerField(
        label=_("How many people did the project reach in this period?"),
        help_text=_("Count each person once. Enter 0 if none."),
        min_value=0,
        max_value=10_000_000,
        required=required,
    )
    form.fields["fig__activities_held"] = forms.IntegerField(
        label=_("How many activities did the project hold in this period?"),
        help_text=_("Workshops, meetings, events, trainings. Enter 0 if none."),
        min_value=0,
        max_value=100_000,
        required=required,
    )
    form.initial.setdefault("fig__people_reached", report.people_reached)
    form.initial.setdefault("fig__activities_held", report.activities_held)
    saved = {(t.category, t.month): t.count for t in report.tallies.all()}
    for month in awards.months_of(report):
        for category in IncidentCategory:
            name = tally_name(category.value, month)
            form.fields[name] = forms.IntegerField(
                label=_("%(category)s, %(month)s")
                % {"category": category.label, "month": date_format(month, "YEAR_MONTH_FORMAT")},
                min_value=0,
                max_value=100_000,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "tally"}),
            )
            form.initial.setdefault(name, saved.get((category.value, month)))
    return form


def _form(report, stream, *, data=None, files=None, draft=True):
    present = frozenset(report.files.values_list("key", flat=True))
    form = engine.build_form(
        stream,
        data=data,
        files=files,
        answers=report.answers,
        draft=draft,
        files_present=present,
        prefix=PREFIX,
    )
    form = add_figures(form, report, required=not draft)
    # Errors that name what is missing, in the error summary as by the field.
    for name, field in form.fields.items():
        if name == "fig__people_reached":
            message = _("Enter the number of people reached (0 if none).")
        elif name == "fig__activities_held":
            message = _("Enter the number of activities held (0 if none).")
        else:
            message = _("Answer “%(question)s”.") % {"question": field.label}
        field.error_messages = {**field.error_messages, "required": message}
    return form


def _tallies(form, report) -> dict:
    found = {}
    for month in awards.months_of(report):
        for category in IncidentCategory.values:
            value = form.cleaned_data.get(tally_name(category, month))
            if value is not None:
                found[(category, month)] = value
    return found


def _layout(form, stream, report) -> dict:
    """What the template lays out: the questions with their sections, then the grid."""
    files = {}
    for found in report.files.all():
        files.setdefault(found.key, []).append(found)
    questions = []
    for part in engine.parts(stream):
        if isinstance(part, engine.Section):
            questions.append({"section": part})
        elif part.key:
            questions.append({"field": form[part.key], "files": files.get(part.key, [])})
    months = awards.months_of(report)
    grid = [
        {
            "category": category.label,
            "cells": [form[tally_name(category.value, month)] for month in months],
        }
        for category in IncidentCategory
    ]
    return {
        "questions": questions,
        "people": form["fig__people_reached"],
        "activities": form["fig__activities_held"],
        "months": months,
        "grid": grid,
    }


@never_cache
@login_required
def grant_list(request):
    grants = (
        Grant.objects.visible_to(request.user)
        .filter(organisation__memberships__user=request.user)
        .select_related("programme", "organisation")
        .distinct()
    )
    return render(request, "grants/reports/grant_list.html", {"grants": grants})


@never_cache
@login_required
def grant_detail(request, public_id):
    grant = get_object_or_404(
        Grant.objects.visible_to(request.user).select_related("programme", "organisation", "city"),
        public_id=public_id,
    )
    today = timezone.localdate()
    reports = list(grant.reports.all())
    for report in reports:
        report.late = report.is_late(today)
    payments = list(grant.payments.all())
    for payment in payments:
        payment.amount_text = money(payment.amount, grant.currency)
    return render(
        request,
        "grants/reports/grant_detail.html",
        {
            "grant": grant,
            "programme": _in_reader_language(grant.programme),
            "payments": payments,
            "amount_text": money(grant.amount, grant.currency),
            "reports": reports,
            "today": today,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, public_id):
    report = get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "grant__programme", "grant__organisation"
        ),
        public_id=public_id,
    )
    grant = report.grant
    programme = _in_reader_language(grant.programme)
    stream = programme.report_form
    # Only the grantee's members write and send; a coordinator reads (the admin is theirs).
    member = grant.organisation.memberships.filter(user=request.user).exists()
    editable = report.is_editable and member
    status = 200
    form = _form(report, stream)
    revision = report.revision
    if request.method == "POST":
        if not member:
            raise PermissionDenied
        if not report.is_editable:
            messages.error(request, _("This report has been sent: it can no longer be changed."))
            return redirect(request.path)
        action = request.POST.get("action")
        if action not in ("save", "submit"):
            raise PermissionDenied
        form = _form(report, stream, data=request.POST, files=request.FILES)
        status = 400
        if form.is_valid():
            answers, uploads = engine.answers_from(form, stream)
            try:
                report = awards.save_report(
                    report=report,
                    by=request.user,
                    answers=answers,
                    uploads=uploads,
                    people_reached=form.cleaned_data["fig__people_reached"],
                    activities_held=form.cleaned_data["fig__activities_held"],
                    tallies=_tallies(form, report),
                    revision=_revision(request),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            except PermissionDenied:
                raise
            else:
                revision = report.revision
                if action == "save":
                    messages.success(request, _("Your report is saved as a draft."))
                    return redirect(request.path)
                # Submit: everything saved; now the stricter check, on the same input.
                strict = _form(report, stream, data=request.POST, files=None, draft=False)
                if strict.is_valid():
                    try:
                        awards.submit_report(report=report, by=request.user)
                    except ValidationError as error:
                        strict.add_error(None, error.messages)
                    else:
                        messages.success(
                            request,
                            _("Thank you: your report is sent. We have emailed you a receipt."),
                        )
                        return redirect("grants:grant", grant.public_id)
                form = strict
        else:
            revision = _revision(request)
    context = {
        "grant": grant,
        "report": report,
        "programme": programme,
        "form": form,
        "revision": revision,
        "late": report.is_late(),
        "editable": editable,
    }
    if editable:
        context.update(_layout(form, stream, report))
    else:
        files = {}
        for item in report.files.all():
            files.setdefault(item.key, []).append(item)
        context["rows"] = engine.rows(stream, report.answers, files)
        context["months"] = awards.months_of(report)
        saved = {(t.category, t.month): t.count for t in report.tallies.all()}
        context["tally_rows"] = [
            {
                "category": category.label,
                "counts": [saved.get((category.value, m)) for m in context["months"]],
            }
            for category in IncidentCategory
        ]
    return render(request, "grants/reports/report_detail.html", context, status=status)


def _revision(request) -> int:
    try:
        return int(request.POST.get("revision", ""))
    except ValueError:
        return -1
