"""A lead's pages for their organisation: what its people do on the hub, and its CSV."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from pages.reports import csv_writer

from ..dashboard import viewer_zone
from ..organisation_report import csv_table, reported_organisations, sections_for


def _organisation(request, slug):
    return get_object_or_404(reported_organisations(request.user), slug=slug)


def _breadcrumbs(organisation) -> list[dict]:
    """Home › My hub › My organisations › the organisation (its people)."""
    from django.utils.translation import get_language

    crumbs = [
        {"title": _("Home"), "url": f"/{get_language()}/"},
        {"title": _("My hub"), "url": reverse("network:dashboard")},
    ]
    # The organisations' list and people pages come with the people management (issue 19).
    try:
        crumbs.append({"title": _("My organisations"), "url": reverse("network:organisations")})
        crumbs.append(
            {
                "title": organisation.name,
                "url": reverse("network:organisation-people", args=[organisation.slug]),
            }
        )
    except NoReverseMatch:
        pass
    return crumbs


@never_cache
@login_required
def activity(request, slug):
    """Leads (and coordinators): their people's learning, webinar places, office hours and
    help-desk requests. Anyone else gets 404."""
    organisation = _organisation(request, slug)
    return render(
        request,
        "network/organisation_activity.html",
        {
            "organisation": organisation,
            "sections": sections_for(request, organisation),
            "zone": viewer_zone(request.user),
            "breadcrumbs": _breadcrumbs(organisation),
        },
    )


@never_cache
@login_required
def activity_csv(request, slug):
    """The activity page as CSV: one section's table with ?section=<key>, else every section
    one after the other, each under its title."""
    organisation = _organisation(request, slug)
    sections = sections_for(request, organisation)
    key = request.GET.get("section", "")
    if key:
        sections = [section for section in sections if section.key == key]
        if not sections:
            raise Http404
    name = f"{organisation.slug}-{key or 'activity'}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so that spreadsheets read the accents as UTF-8
    writer = csv_writer(response)
    for number, section in enumerate(sections):
        if not key:
            if number:
                writer.writerow([])
            writer.writerow([section.title])
        writer.writerows(csv_table(section))
    return response
