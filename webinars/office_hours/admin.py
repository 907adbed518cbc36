"""Office hours in the Wagtail admin: experts keep their availability and their bookings;
coordinators see everyone's, and an organisation's history with the experts' notes.

Every object is reached through `visible_to(request.user)`: an expert asking for another
expert's availability or booking gets a 404.
"""

import datetime
import zoneinfo

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from network.models import ExpertProfile, Organisation
from pages import dates

from . import services
from .models import Availability, Booking
from .picker import localized_topics

# --- Availability ---


class AvailabilityForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and not for_user.is_coordinator:
            self.fields["expert"].queryset = ExpertProfile.objects.filter(user=for_user)


class ScopedObjectMixin:
    """The object only if the person may see it; otherwise 404, never someone else's."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset) if queryset is not None else super().get_object()
        if not Availability.objects.visible_to(self.request.user).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class AvailabilityIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Availability.objects.visible_to(self.request.user).select_related("expert__user")


class AvailabilityEditView(ScopedObjectMixin, generic.EditView):
    pass


class AvailabilityDeleteView(ScopedObjectMixin, generic.DeleteView):
    pass


class AvailabilityHistoryView(ScopedObjectMixin, HistoryView):
    pass


class AvailabilityUsageView(ScopedObjectMixin, UsageView):
    pass


class AvailabilityViewSet(ModelViewSet):
    model = Availability
    icon = "time"
    menu_label = gettext_lazy("Office-hours availability")
    menu_order = 270
    add_to_admin_menu = True
    list_display = [
        "expert",
        # Windows are wall-clock times: the zone they are in, named in words.
        Column(
            "time_zone",
            label=gettext_lazy("Time zone"),
            accessor=lambda availability: dates.zone_label(availability.time_zone),
        ),
        "slot_minutes",
        "min_notice_hours",
        "horizon_days",
        "is_open",
    ]
    copy_view_enabled = False
    index_view_class = AvailabilityIndexView
    edit_view_class = AvailabilityEditView
    delete_view_class = AvailabilityDeleteView
    history_view_class = AvailabilityHistoryView
    usage_view_class = AvailabilityUsageView
    edit_handler = ObjectList(Availability.panels, base_form_class=AvailabilityForm)


# --- Bookings ---


def _may_use(user) -> bool:
    return user.is_authenticated and (user.is_coordinator or user.is_expert)


class OfficeHoursAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        if not _may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("office_hours_admin:bookings"), "label": _("Office-hours bookings")},
            {"url": "", "label": self.get_page_title()},
        ]


class ExpertChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


class ExpertFilter(django_filters.ModelChoiceFilter):
    field_class = ExpertChoiceField


class BookingFilterSet(WagtailFilterSet):
    """Wagtail's filter panel over the bookings a person sees: when (upcoming by default),
    status, expert (coordinators), organisation, and a date range on the viewer's clock."""

    when = django_filters.ChoiceFilter(
        label=gettext_lazy("When"),
        method="filter_when",
        choices=[
            ("upcoming", gettext_lazy("Upcoming")),
            ("past", gettext_lazy("Past")),
        ],
        empty_label=gettext_lazy("All"),
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Booking.Status.choices,
        empty_label=gettext_lazy("Any status"),
        widget=forms.RadioSelect,
    )
    expert = ExpertFilter(
        label=gettext_lazy("Expert"),
        queryset=ExpertProfile.objects.none(),
        empty_label=gettext_lazy("Any expert"),
    )
    organisation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=gettext_lazy("Every organisation"),
    )
    dates = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Between"),
        method="filter_dates",
        help_text=gettext_lazy("Both days included, on your own clock."),
    )

    class Meta:
        model = Booking
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        data = data.copy() if data is not None else {}
        if "when" not in data:
            data["when"] = "upcoming"  # what is coming is what an expert needs first
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = request.user
        self.zone = zoneinfo.ZoneInfo(user.time_zone or settings.HUB_DEFAULT_TIME_ZONE)
        seen = Booking.objects.in_admin(user)
        self.filters["organisation"].queryset = Organisation.objects.filter(
            pk__in=seen.values("organisation_id")
        ).order_by("name")
        if user.is_coordinator:
            self.filters["expert"].queryset = (
                ExpertProfile.objects.filter(pk__in=seen.values("expert_id"))
                .select_related("user")
                .order_by("user__full_name")
            )
        else:
            del self.filters["expert"]  # an expert's bookings are theirs
        self.now = timezone.now()

    def filter_when(self, queryset, name, value):
        if value == "upcoming":
            return queryset.filter(ends_at__gt=self.now)
        if value == "past":
            return queryset.filter(ends_at__lte=self.now)
        return queryset

    def filter_dates(self, queryset, name, value):
        """Days on the viewer's clock: a booking at 9 p.m. in Vancouver on the 4th is on
        the 4th, though it is the 5th in UTC."""
        if value.start:
            start = datetime.datetime.combine(value.start, datetime.time(), tzinfo=self.zone)
            queryset = queryset.filter(starts_at__gte=start)
        if value.stop:
            stop = datetime.datetime.combine(
                value.stop + datetime.timedelta(days=1), datetime.time(), tzinfo=self.zone
            )
            queryset = queryset.filter(starts_at__lt=stop)
        return queryset


# A booking's status as a tag in the listing: the words say it, the colour helps.
PRIMARY_STATUSES = {Booking.Status.CONFIRMED}


class BookingIndexView(IndexView):
    """An expert's bookings, or (for coordinators) everyone's, upcoming first; filtered by
    an organisation it is that organisation's history, with the experts' notes and
    follow-ups."""

    model = Booking
    permission_policy = None  # who may look is _may_use; what they see is in_admin
    page_title = gettext_lazy("Office-hours bookings")
    header_icon = "calendar-check"
    index_url_name = "office_hours_admin:bookings"
    index_results_url_name = "office_hours_admin:bookings_results"
    filterset_class = BookingFilterSet
    default_ordering = "starts_at"
    paginate_by = 50
    verbose_name_plural = gettext_lazy("bookings")

    def dispatch(self, request, *args, **kwargs):
        if not _may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def zone(self):
        return zoneinfo.ZoneInfo(self.request.user.time_zone or settings.HUB_DEFAULT_TIME_ZONE)

    @cached_property
    def history(self):
        """The organisation a coordinator or expert is reading the history of, if any."""
        filters = self.filters
        if filters is None or not filters.is_valid():
            return None
        return filters.form.cleaned_data.get("organisation")

    def get_ordering(self):
        # The past reads newest first unless someone sorts it otherwise.
        if "ordering" not in self.request.GET and self.request.GET.get("when") == "past":
            return "-starts_at"
        return super().get_ordering()

    def get_valid_orderings(self):
        return super().get_valid_orderings() + ["-starts_at"]

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "pk")

    @cached_property
    def columns(self):
        zone = dates.zone_label(self.zone)
        columns = [
            TitleColumn(
                "starts_at",
                label=_("When (%(zone)s)") % {"zone": zone},
                accessor="when",
                sort_key="starts_at",
                url_name="office_hours_admin:booking",
            ),
            Column(
                "organisation",
                label=gettext_lazy("Organisation"),
                accessor="organisation.name",
                sort_key="organisation__name",
            ),
        ]
        if self.request.user.is_coordinator:
            columns.append(
                Column(
                    "expert",
                    label=gettext_lazy("Expert"),
                    accessor="expert.user.full_name",
                    sort_key="expert__user__full_name",
                )
            )
        columns += [
            Column("topic", label=gettext_lazy("Topic"), accessor="topic_name"),
            StatusTagColumn(
                "status",
                label=gettext_lazy("Status"),
                accessor="get_status_display",
                sort_key="status",
                primary=lambda booking: booking.status in PRIMARY_STATUSES,
            ),
        ]
        if self.history:
            columns += [
                Column(
                    "expert_notes", label=gettext_lazy("Private notes"), accessor="expert_notes"
                ),
                Column("follow_ups", label=gettext_lazy("Follow-ups"), accessor="follow_ups"),
            ]
        return columns

    def get_base_queryset(self):
        return Booking.objects.in_admin(self.request.user).select_related(
            "expert__user", "organisation", "topic"
        )

    def paginate_queryset(self, queryset, page_size):
        """The page's rows, each with its time in the viewer's zone (one format, the
        project's) and its topic's name."""
        paginator, page, rows, is_paginated = super().paginate_queryset(queryset, page_size)
        rows = list(rows)
        # Topics in the reader's language (a booking keeps the row its booker picked).
        topics = localized_topics(row.topic.translation_key for row in rows if row.topic)
        for row in rows:
            row.when = dates.format_range(row.starts_at, row.ends_at, self.zone, with_zone=False)
            row.topic_name = topics[row.topic.translation_key].name if row.topic else "—"
        page.object_list = rows
        return paginator, page, rows, is_paginated

    def get_page_subtitle(self):
        if self.history:
            return _("History of %(name)s") % {"name": self.history.name}
        return super().get_page_subtitle()


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you cancelling?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Sent to the organisation with the cancellation."),
        error_messages={"required": gettext_lazy("Please tell the organisation why you cancel.")},
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("How did it go?"),
        choices=[
            (Booking.Status.HELD, gettext_lazy("Held")),
            (Booking.Status.NO_SHOW, Booking.Status.NO_SHOW.label),
        ],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=gettext_lazy("Private notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Only you and the hub's coordinators see these."),
    )
    follow_ups = forms.CharField(
        label=gettext_lazy("Follow-ups"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Next steps and resources; the organisation sees these."),
    )


class BookingAdminView(OfficeHoursAdminView):
    template_name = "office_hours/admin/booking.html"
    page_title = gettext_lazy("Office-hours booking")

    def dispatch(self, request, *args, **kwargs):
        if not _may_use(request.user):
            raise PermissionDenied
        self.booking = get_object_or_404(
            Booking.objects.in_admin(request.user).select_related(
                "programme", "expert__user", "organisation", "booked_by", "topic"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def may_act(self) -> bool:
        """The booking's expert, or a coordinator, acts on it."""
        user = self.request.user
        return user.is_coordinator or self.booking.expert.user_id == user.pk

    def get_page_subtitle(self):
        return f"{self.booking.organisation} · {self.booking.expert}"

    def get_context_data(self, **kwargs):
        booking = self.booking
        now = timezone.now()
        may_act = self.may_act()
        kwargs.setdefault(
            "cancel_form",
            CancelForm()
            if may_act and booking.status == Booking.Status.CONFIRMED and booking.starts_at > now
            else None,
        )
        kwargs.setdefault(
            "outcome_form",
            OutcomeForm(
                initial={
                    "status": booking.status if booking.status != "confirmed" else "",
                    "notes": booking.expert_notes,
                    "follow_ups": booking.follow_ups,
                }
            )
            if may_act and booking.is_active and booking.starts_at <= now
            else None,
        )
        return super().get_context_data(booking=booking, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.may_act():
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "cancel":
            form = CancelForm(request.POST)
            if form.is_valid():
                try:
                    services.cancel(
                        booking=self.booking,
                        by=request.user,
                        by_expert=True,
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("Cancelled. The organisation has been told."))
                return redirect(request.path)
            return self.render_to_response(self.get_context_data(cancel_form=form))
        if action == "outcome":
            form = OutcomeForm(request.POST)
            if form.is_valid():
                try:
                    services.record_outcome(
                        booking=self.booking,
                        status=form.cleaned_data["status"],
                        notes=form.cleaned_data["notes"],
                        follow_ups=form.cleaned_data["follow_ups"],
                        by=request.user,
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, _("Saved."))
                return redirect(request.path)
            return self.render_to_response(self.get_context_data(outcome_form=form))
        raise Http404


def admin_urls():
    return [
        path(
            "office-hours/",
            (
                [
                    path("", BookingIndexView.as_view(), name="bookings"),
                    path(
                        "results/",
                        BookingIndexView.as_view(results_only=True),
                        name="bookings_results",
                    ),
                    path("<id:pk>/", BookingAdminView.as_view(), name="booking"),
                ],
                "office_hours_admin",
                "office_hours_admin",
            ),
        )
    ]


class BookingsMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_use(request.user)


def bookings_menu_item():
    return BookingsMenuItem(
        gettext_lazy("Office-hours bookings"),
        reverse("office_hours_admin:bookings"),
        icon_name="calendar-check",
        order=271,
    )
