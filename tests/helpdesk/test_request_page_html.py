"""The request pages draw parts in Python that Django and the templates drew before (the
admin's selects, the messages' times): the same markup, in English and French."""

import datetime
import zoneinfo

import pytest
from django import forms
from django.utils import timezone, translation

from helpdesk.admin_views import AssignForm, StatusForm, expert_choices
from helpdesk.thread_cache import moment
from network.models import ExpertProfile, User
from pages import dates
from pages.templatetags import hub_dates

pytestmark = pytest.mark.django_db


class DjangoAssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label="Expert", queryset=ExpertProfile.objects.active().select_related("user")
    )


class DjangoStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StatusForm.base_fields["status"].choices)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_selects_are_djangos_markup_with_the_experts_read_once(language, demo):
    expert = ExpertProfile.objects.active().first()
    # A name to escape, and an account closed since ("Former member").
    User.objects.filter(pk=expert.user_id).update(full_name='A "quoted" <name> & co')
    closed = ExpertProfile.objects.active().exclude(pk=expert.pk).first()
    User.objects.filter(pk=closed.user_id).update(closed_at=timezone.now())
    with translation.override(language):
        experts = expert_choices()
        pairs = [
            (
                DjangoAssignForm(initial={"expert": expert}),
                AssignForm(initial={"expert": expert}, experts=experts),
            ),
            (DjangoAssignForm(prefix="consult"), AssignForm(prefix="consult", experts=experts)),
            (
                DjangoAssignForm(data={"expert": "x"}),
                AssignForm(data={"expert": "x"}, experts=experts),
            ),
        ]
        for django_form, ours in pairs:
            assert str(ours["expert"]) == str(django_form["expert"])
        assert str(StatusForm(initial={"status": "waiting"})["status"]) == str(
            DjangoStatusForm(initial={"status": "waiting"})["status"]
        )
    assert len(experts) == ExpertProfile.objects.active().count() > 1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_messages_time_is_what_the_date_filters_write(language):
    value = datetime.datetime(2026, 12, 1, 3, 5, tzinfo=datetime.UTC)
    boise = zoneinfo.ZoneInfo("America/Boise")
    with translation.override(language), timezone.override("America/Halifax"):
        assert moment(value) == (
            hub_dates.iso(timezone.localtime(value)),
            hub_dates.date_time(value),
        )
        assert moment(value, boise) == (
            timezone.localtime(value).isoformat(timespec="seconds"),
            dates.format_datetime(value, boise, weekday=False, with_zone=False),
        )
