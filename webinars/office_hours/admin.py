"""Office hours in the Wagtail admin: experts keep their availability and their bookings;
coordinators see everyone's, and an organisation's history with the experts' notes.

Every object is reached through `visible_to(request.user)`: an expert asking for another
expert's availability or booking gets a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet

from network.models import ExpertProfile, Organisation

from . import services
from .models import Availability, Booking

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
    list_display = ["expert", "slot_minutes", "min_notice_hours", "horizon_days", "is_open"]
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


class BookingFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=gettext_lazy("When"),
        required=False,
        choices=[
            ("upcoming", gettext_lazy("Upcoming")),
            ("past", gettext_lazy("Past")),
            ("", gettext_lazy("All")),
        ],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Booking.Status.choices],
    )
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"),
        required=False,
        queryset=Organisation.objects.all(),
        empty_label=gettext_lazy("Every organisation"),
    )


class BookingIndexView(OfficeHoursAdminView):
    """An expert's bookings, or (for coordinators) everyone's; filtered by an organisation
    it is that organisation's history, with the experts' notes and follow-ups."""

    template_name = "office_hours/admin/bookings.html"
    page_title = gettext_lazy("Office-hours bookings")

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = BookingFilterForm(self.request.GET or {"when": "upcoming"})
        if not user.is_coordinator:
            form.fields["organisation"].queryset = Organisation.objects.filter(
                office_hours__in=Booking.objects.in_admin(user)
            ).distinct()
        chosen = form.cleaned_data if form.is_valid() else {"when": "upcoming"}
        bookings = Booking.objects.in_admin(user).select_related(
            "expert__user", "organisation", "booked_by", "topic"
        )
        now = timezone.now()
        if chosen.get("when") == "upcoming":
            bookings = bookings.filter(ends_at__gt=now).order_by("starts_at", "pk")
        else:
            bookings = bookings.order_by("-starts_at", "-pk")
            if chosen.get("when") == "past":
                bookings = bookings.filter(ends_at__lte=now)
        if chosen.get("status"):
            bookings = bookings.filter(status=chosen["status"])
        if chosen.get("organisation"):
            bookings = bookings.filter(organisation=chosen["organisation"])
        page = Paginator(bookings, 50).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            form=form,
            bookings=page,
            history=chosen.get("organisation"),
            query=query.urlencode(),
            **kwargs,
        )


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
