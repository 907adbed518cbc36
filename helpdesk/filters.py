"""The help-desk queue's filters, in Wagtail's filter panel: the saved view, status, urgency,
expert (coordinators), topic and region.

The region list holds only the provinces and states the person's requests come from, grouped
by country, under "All of Canada" and "All of the United States": never a wall of 70 names.
"""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from network.choices import REGION_NAMES, Country
from network.models import ExpertProfile, Topic
from pages.drawn_tables import attrs_html

from . import workspace
from .forms import QuickSelect
from .models import HelpRequest, Urgency


class Select(QuickSelect):
    """QuickSelect under Django's name: Wagtail's field wrapper names its class after the
    widget's (w-field--select), and the page stays as it was."""


class RadioSelect(forms.RadioSelect):
    """Django's radio buttons, the same markup as its templates (multiple_input.html,
    input_option.html, input.html, attrs.html) written in Python: four templates a button
    cost more than the rest of the filter panel."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        outer = widget["attrs"]
        parts = [
            "<div",
            format_html(' id="{}"', outer["id"]) if outer.get("id") else "",
            format_html(' class="{}"', outer["class"]) if outer.get("class") else "",
            ">",
        ]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html("\n  <div><label>{}</label>", group))
            for option in options:
                parts.append("<div>\n    ")
                wrap, option_id = option["wrap_label"], option["attrs"].get("id")
                if wrap:
                    parts.append(
                        format_html('<label for="{}">', option_id) if option_id else "<label>"
                    )
                parts.append(
                    format_html('<input type="{}" name="{}"', option["type"], option["name"])
                )
                if option["value"] is not None:
                    parts.append(format_html(' value="{}"', str(option["value"])))
                parts.append(attrs_html(option["attrs"]) + ">\n")
                if wrap:
                    parts.append(format_html(" {}</label>", option["label"]))
                parts.append("\n\n</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")  # a renderer strips what its template ends with
        return mark_safe("".join(parts))


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
    """The countries, then each country's provinces or states that requests come from
    (`requests`: a queryset, or the (country, region) pairs already read)."""
    if isinstance(requests, QuerySet):
        requests = requests.order_by().values_list("country", "region").distinct()
    present = set(requests)
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
        widget=RadioSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=HelpRequest.Status.choices,
        empty_label=_("Any status"),
        widget=RadioSelect,
    )
    urgency = django_filters.ChoiceFilter(
        label=_("Urgency"),
        choices=Urgency.choices,
        empty_label=_("Any urgency"),
        widget=RadioSelect,
    )
    # The expert and topic lists are drawn from plain values, one query each, without a
    # template per option (QuickSelect); a chosen one is still read from its queryset, as
    # Django's ModelChoiceField does, and named by label_from_instance above the table.
    expert = ExpertFilter(
        label=_("Expert"),
        field_name="assignee",
        queryset=ExpertProfile.objects.none(),
        empty_label=_("Any expert"),
        widget=Select,
    )
    topic = TopicFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.none(),
        empty_label=_("Any topic"),
        distinct=True,
        widget=Select,
    )
    region = django_filters.ChoiceFilter(
        label=_("Province, state or country"),
        method="filter_region",
        choices=[],
        empty_label=_("Anywhere"),
        widget=Select,
    )

    class Meta:
        model = HelpRequest
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, places=None):
        """places: the (country, region) pairs of the person's requests, if already read
        (the queue reads them with its counts); else read here."""
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
            experts = (
                ExpertProfile.objects.active().select_related("user").order_by("user__full_name")
            )
            self.filters["expert"].queryset = experts
        else:
            del self.filters["expert"]  # an expert's queue is theirs
        topics = Topic.objects.named_in()
        self.filters["topic"].queryset = topics
        self.filters["region"].extra["choices"] = region_choices(
            visible if places is None else places
        )
        self.now = timezone.now()
        fields = self.form.fields
        if user.is_coordinator:  # as ExpertChoiceField names them
            fields["expert"].widget.choices = [("", fields["expert"].empty_label)] + [
                (pk, full_name or email)
                for pk, full_name, email in experts.values_list(
                    "pk", "user__full_name", "user__email"
                )
            ]
        # As TopicChoiceField names them (local_name is the shown name named_in reads).
        fields["topic"].widget.choices = [("", fields["topic"].empty_label)] + list(
            topics.values_list("pk", "shown_name")
        )

    def filter_view(self, queryset, name, value):
        return workspace.apply_view(queryset, value, user=self.request.user, now=self.now)

    def filter_region(self, queryset, name, value):
        if len(value) == 2:
            return queryset.filter(country=value)
        return queryset.filter(region=value)
