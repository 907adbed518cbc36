"""The on-call rota in the admin, and acknowledging an at-risk request.

Coordinators edit the rota (a ModelViewSet of shifts, with Wagtail's filter panel and
sortable columns); experts read it, so they know their turns. Above the listing: who is on
call now, and what the rota covers this week. Acknowledging is a POST to the named URL
helpdesk_on_call:acknowledge, from the request page (templates/helpdesk/admin/_on_call.html)
and from the banner every admin page shows while an at-risk request waits
(templates/wagtailadmin/base.html).
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from network.choices import Weekday
from network.models import COORDINATORS_GROUP, User
from pages import cache, dates

from . import rota, services
from .models import HelpRequest, OnCallShift

# --- Who may do what ---


class RotaPermissionPolicy(BasePermissionPolicy):
    """Coordinators edit the rota; experts read it; nobody else sees it."""

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_coordinator:
            return action in ("add", "change", "delete", "view")
        return action == "view" and user.is_expert

    def users_with_any_permission(self, actions):
        rule = Q(is_superuser=True) | Q(groups__name=COORDINATORS_GROUP)
        if "view" in actions:
            rule |= Q(expert_profile__isnull=False)
        return User.objects.filter(rule, is_active=True).distinct()


register_permission_policy(OnCallShift, RotaPermissionPolicy(OnCallShift))


def may_take_turns():
    """Who can be put on the rota: active experts and coordinators."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(expert_profile__is_active=True)
            | Q(groups__name=COORDINATORS_GROUP)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("full_name", "email")
    )


# --- The rota ---


class OnCallShiftForm(WagtailAdminModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = may_take_turns()
        if not self.instance.pk and "time_zone" not in self.initial:
            # A new shift starts in the zone of the person adding it; they change it for
            # someone elsewhere.
            user = getattr(self, "for_user", None)
            if user is not None and getattr(user, "time_zone", ""):
                self.initial["time_zone"] = user.time_zone


class OnCallShiftFilterSet(WagtailFilterSet):
    level = django_filters.ChoiceFilter(
        label=gettext_lazy("Order"), choices=OnCallShift.Level.choices
    )
    person = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Person"), queryset=lambda request: may_take_turns()
    )
    current = django_filters.BooleanFilter(
        label=gettext_lazy("Dated shifts still to come or running"),
        method="filter_current",
    )

    class Meta:
        model = OnCallShift
        fields = ["level", "person"]

    def filter_current(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        running = Q(last_day__isnull=True) | Q(last_day__gte=today)
        return queryset.filter(running) if value else queryset.exclude(running)


class OnCallShiftIndexView(generic.IndexView):
    page_title = gettext_lazy("On-call rota")

    def get_base_queryset(self):
        return OnCallShift.objects.visible_to(self.request.user).select_related("person")

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        now = timezone.now()
        zone = timezone.get_current_timezone_name()
        rota_ = OnCallShift.objects.visible_to(self.request.user)
        shifts = [s.as_shift() for s in rota_.current(now.date())]
        context["on_call_now"] = services.on_call_now(now, rota=rota_)
        context["around_the_clock"] = rota.around_the_clock(shifts, now)
        context["covered_hours"] = rota.covered_hours(shifts, zone=zone, now=now)
        context["acknowledge_minutes"] = services.acknowledge_minutes()
        context["levels"] = dict(OnCallShift.Level.choices)
        context["zone_name"] = dates.zone_label(zone)
        return context


# The get-help page and the request form say what the rota covers: a change to it starts
# a new generation of the anonymous page cache, as a change of response targets does.


class OnCallShiftCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        transaction.on_commit(cache.invalidate)
        return instance


class OnCallShiftCopyView(generic.CopyView):
    def save_instance(self):
        instance = super().save_instance()
        transaction.on_commit(cache.invalidate)
        return instance


class OnCallShiftEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        transaction.on_commit(cache.invalidate)
        return instance


class OnCallShiftDeleteView(generic.DeleteView):
    def delete_action(self):
        super().delete_action()
        transaction.on_commit(cache.invalidate)


class OnCallShiftViewSet(ModelViewSet):
    model = OnCallShift
    icon = "time"
    menu_label = gettext_lazy("On-call rota")
    menu_order = 282
    add_to_admin_menu = True
    copy_view_enabled = True
    inspect_view_enabled = False
    index_view_class = OnCallShiftIndexView
    index_template_name = "helpdesk/admin/rota_index.html"
    add_view_class = OnCallShiftCreateView
    edit_view_class = OnCallShiftEditView
    copy_view_class = OnCallShiftCopyView
    delete_view_class = OnCallShiftDeleteView
    filterset_class = OnCallShiftFilterSet
    search_fields = ["person__full_name", "person__email", "note"]
    ordering = ["level", "starts", "pk"]
    list_display = [
        Column("person", label=gettext_lazy("Person"), sort_key="person__full_name"),
        Column(
            "level", label=gettext_lazy("Order"), accessor="get_level_display", sort_key="level"
        ),
        Column("days", label=gettext_lazy("Days"), accessor="days_display"),
        Column("hours", label=gettext_lazy("Hours"), accessor="hours_display", sort_key="starts"),
        Column(
            "time_zone",
            label=gettext_lazy("Time zone"),
            accessor="get_time_zone_display",
            sort_key="time_zone",
        ),
        Column("first_day", label=gettext_lazy("First day"), sort_key="first_day"),
        Column("last_day", label=gettext_lazy("Last day"), sort_key="last_day"),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("person"), FieldPanel("level")]),
            FieldPanel("weekdays"),
            FieldRowPanel([FieldPanel("starts"), FieldPanel("ends"), FieldPanel("time_zone")]),
            MultiFieldPanel(
                [FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")])],
                heading=gettext_lazy("Only between these dates (optional)"),
            ),
            FieldPanel("note"),
        ],
        base_form_class=OnCallShiftForm,
    )


# --- Acknowledging ---


class AcknowledgeView(View):
    """POST: the person paged (or a coordinator) acknowledges an at-risk request."""

    http_method_names = ["post"]

    def post(self, request, public_id):
        help_request = get_object_or_404(
            HelpRequest.objects.visible_to(request.user), public_id=public_id
        )
        try:
            services.acknowledge(request=help_request, by=request.user)
        except PermissionDenied:
            raise
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(reference)s acknowledged: nobody else on the rota will be paged.")
                % {"reference": help_request.reference},
            )
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect("helpdesk_admin:request", help_request.public_id)


def admin_urls():
    return [
        path(
            "on-call/",
            include(
                (
                    [
                        path(
                            "<uuid:public_id>/acknowledge/",
                            AcknowledgeView.as_view(),
                            name="acknowledge",
                        )
                    ],
                    "helpdesk_on_call",
                ),
                namespace="helpdesk_on_call",
            ),
        )
    ]


def acknowledge_url(help_request) -> str:
    return reverse("helpdesk_on_call:acknowledge", args=[help_request.public_id])
