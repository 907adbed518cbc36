"""Webinar registrations in the admin, in Wagtail's listing idiom: a filter panel (session,
status, organisation, role), sortable columns, search; seats change through the site's
flows (registration, approvals, cancellation), which keep the waitlist in order and tell
people."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

from network.dashboard import viewer_zone
from network.models import Organisation
from pages.dates import format_datetime, zone_label

from .models import Registration, WebinarPage


def sessions_to_filter_by():
    """The sessions in the original language (registrations point to them), latest first."""
    return WebinarPage.objects.filter(locale=Locale.get_default()).order_by("-starts_at")


class RegistrationFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Session"), queryset=lambda request: sessions_to_filter_by()
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Registration.Status.choices,
        empty_label=gettext_lazy("Any status"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        method="filter_organisation",
        help_text=gettext_lazy(
            "Its members with an account, and guests who typed its name (“City of …” too)."
        ),
    )
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("Role"),
        choices=Registration.Role.choices,
        empty_label=gettext_lazy("Any role"),
    )

    class Meta:
        model = Registration
        fields = ["session", "status", "organisation", "role"]

    def filter_organisation(self, queryset, name, value):
        typed = [value.name, f"City of {value.name}", f"Ville de {value.name}"]
        as_typed = Q()
        for text in typed:
            as_typed |= Q(organisation__iexact=text)
        members = Q(user__memberships__organisation=value)
        return queryset.filter(members | (Q(user__isnull=True) & as_typed)).distinct()


class StatusColumn(Column):
    cell_template_name = "webinars/admin/_status_cell.html"


class RegistrationIndexView(generic.IndexView):
    default_ordering = "-created_at"

    def get_base_queryset(self):
        return Registration.objects.visible_to(self.request.user).select_related("session")

    @cached_property
    def zone(self):
        return viewer_zone(self.request.user)

    def moment(self, value) -> str:
        """One format for every time here, in the viewer's zone, named in the subtitle."""
        return format_datetime(value, self.zone, weekday=False, with_zone=False)

    def get_page_subtitle(self):
        return _("Times in %(zone)s") % {"zone": zone_label(self.zone.key)}

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "full_name",
                label=gettext_lazy("Name"),
                sort_key="full_name",
                get_url=lambda row: self.get_inspect_url(row),
            ),
            Column("email", label=gettext_lazy("Email"), sort_key="email"),
            Column(
                "session",
                label=gettext_lazy("Session"),
                accessor="session.title",
                sort_key="session__starts_at",
            ),
            Column(
                "starts",
                label=gettext_lazy("Starts"),
                accessor=lambda row: self.moment(row.session.starts_at),
            ),
            StatusColumn("status", label=gettext_lazy("Status"), sort_key="status"),
            Column(
                "organisation",
                label=gettext_lazy("Organisation (as typed)"),
                sort_key="organisation",
            ),
            Column(
                "created_at",
                label=gettext_lazy("Registered"),
                accessor=lambda row: self.moment(row.created_at),
                sort_key="created_at",
            ),
        ]

    def get_inspect_url(self, instance):
        return reverse("registration:inspect", args=[instance.pk])


class RegistrationViewSet(ModelViewSet):
    """Coordinators see who registered for what; seats change through the site's flow
    (registration, cancellation), which keeps the waitlist in order and tells people."""

    model = Registration
    index_view_class = RegistrationIndexView
    filterset_class = RegistrationFilterSet
    icon = "calendar-check"
    menu_label = gettext_lazy("Webinar registrations")
    menu_order = 260
    add_to_admin_menu = True
    search_fields = ["full_name", "email", "organisation"]
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "session",
        "full_name",
        "email",
        "organisation",
        "role",
        "region",
        "language",
        "accessibility_needs",
        "status",
        "attended",
        "created_at",
    ]
    panels = [FieldPanel("accessibility_needs")]
