"""The help-desk queue's filters, in Wagtail's filter panel: the saved view, status, urgency,
expert (coordinators), topic and region.

The region list holds only the provinces and states the person's requests come from, grouped
by country, under "All of Canada" and "All of the United States": never a wall of 70 names.
"""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from network.choices import REGION_NAMES, Country
from network.models import ExpertProfile, Topic

from . import workspace
from .models import HelpRequest, Urgency


class ExpertChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


class ExpertFilter(django_filters.ModelChoiceFilter):
    field_class = ExpertChoiceField


class TopicChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "local_name", None) or obj.name


class TopicFilter(django_filters.ModelChoiceFilter):
    field_class = TopicChoiceField


def region_choices(requests) -> list:
    """The countries, then each country's provinces or states that requests come from."""
    present = set(requests.order_by().values_list("country", "region").distinct())
    countries = dict(Country.choices)
    choices = [("CA", _("All of Canada")), ("US", _("All of the United States"))]
    for country in ("CA", "US"):
        regions = sorted(
            (code, str(REGION_NAMES[code]))
            for c, code in present
            if c == country and code in REGION_NAMES
        )
        if regions:
            choices.append((countries[country], sorted(regions, key=lambda r: r[1])))
    return choices


class QueueFilterSet(WagtailFilterSet):
    view = django_filters.ChoiceFilter(
        label=_("Show"),
        method="filter_view",
        choices=[(v.key, v.label) for v in workspace.SAVED_VIEWS],
        empty_label=None,
        widget=forms.RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=HelpRequest.Status.choices,
        empty_label=_("Any status"),
        widget=forms.RadioSelect,
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"),
        choices=Urgency.choices,
        empty_label=_("Any urgency"),
        widget=forms.RadioSelect,
    )
    expert = ExpertFilter(
        label=_("Expert"),
        field_name="assignee",
        queryset=ExpertProfile.objects.none(),
        empty_label=_("Any expert"),
    )
    topic = TopicFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.none(),
        empty_label=_("Any topic"),
        distinct=True,
    )
    region = django_filters.ChoiceFilter(
        label=_("Province, state or country"),
        method="filter_region",
        choices=[],
        empty_label=_("Anywhere"),
    )

    class Meta:
        model = HelpRequest
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        user = request.user
        default = workspace.default_view(user)
        data = data.copy() if data is not None else {}
        if not data.get("view"):
            data["view"] = default  # the saved view a person lands on
        super().__init__(data, queryset, request=request, prefix=prefix)
        allowed = {v.key for v in workspace.saved_views_for(user)}
        self.filters["view"].extra["choices"] = [
            c for c in self.filters["view"].extra["choices"] if c[0] in allowed
        ]
        self.filters["view"].extra["initial"] = default
        visible = HelpRequest.objects.visible_to(user)
        if user.is_coordinator:
            self.filters["expert"].queryset = (
                ExpertProfile.objects.active().select_related("user").order_by("user__full_name")
            )
        else:
            del self.filters["expert"]  # an expert's queue is theirs
        self.filters["topic"].queryset = Topic.objects.named_in()
        self.filters["region"].extra["choices"] = region_choices(visible)
        self.now = timezone.now()

    def filter_view(self, queryset, name, value):
        return workspace.apply_view(queryset, value, user=self.request.user, now=self.now)

    def filter_region(self, queryset, name, value):
        if len(value) == 2:
            return queryset.filter(country=value)
        return queryset.filter(region=value)
