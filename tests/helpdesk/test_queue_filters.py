"""The queue's filter panel draws its radio buttons and lists in Python (helpdesk.filters:
RadioSelect, Select): the same markup as Django's templates, in English and French, chosen,
unchosen and refused values alike; the topic and expert lists read as plain values still
filter, and name the chosen one above the table as before."""

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import translation

from helpdesk.filters import QueueFilterSet, RadioSelect, Select
from helpdesk.models import HelpRequest
from network.models import ExpertProfile, Topic, User
from tests.helpdesk.factories import HelpRequestFactory

pytestmark = pytest.mark.django_db


def filterset(user, data):
    request = RequestFactory().get("/admin/help-desk/", data)
    request.user = user
    return QueueFilterSet(data, HelpRequest.objects.all(), request=request)


def as_django_draws_it(bound) -> str:
    """The field as Django's own widget draws it, from the field's own choices (for a
    model choice field: the queryset and label_from_instance, as before)."""
    ours = bound.field.widget
    stock = forms.RadioSelect() if isinstance(ours, RadioSelect) else forms.Select()
    stock.choices = list(bound.field.choices)
    stock.attrs = ours.attrs
    attrs = bound.build_widget_attrs({})  # as BoundField.as_widget orders them
    attrs.setdefault("id", bound.auto_id)
    return stock.render(bound.html_name, bound.value(), attrs=attrs)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"view": "all", "status": "waiting", "urgency": "at_risk", "region": "CA"},
        {"view": "nope", "status": "bogus", "expert": "999", "topic": "abc", "region": "XX"},
    ],
)
def test_the_panel_draws_as_django_does(language, data):
    coordinator = User.objects.get(email="coordinator@hub.example")
    expert = ExpertProfile.objects.active().first()
    topic = Topic.objects.named_in().first()
    if data.get("status") == "waiting":
        data = {**data, "expert": str(expert.pk), "topic": str(topic.pk)}
    with translation.override(language):
        form = filterset(coordinator, data).form
        form.is_valid()
        drawn = 0
        for name in form.fields:
            bound = form[name]
            if isinstance(bound.field.widget, RadioSelect | Select):
                assert str(bound) == as_django_draws_it(bound), name
                drawn += 1
        assert drawn == 6


def test_topic_and_expert_still_filter_and_are_named_above_the_table(client):
    coordinator = User.objects.get(email="coordinator@hub.example")
    expert = ExpertProfile.objects.active().select_related("user").first()
    topic = Topic.objects.named_in("fr").first()
    chosen = HelpRequestFactory(summary="Le sujet choisi", assignee=expert, topics=[topic])
    other = HelpRequestFactory(summary="Un autre sujet")
    client.force_login(coordinator)
    url = f"/admin/help-desk/?view=all&topic={topic.pk}&expert={expert.pk}&q=sujet"
    text = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert chosen.reference in text and other.reference not in text
    form = filterset(coordinator, {"topic": str(topic.pk), "expert": str(expert.pk)}).form
    assert form.is_valid()
    assert form.cleaned_data["topic"].pk == topic.pk
    assert form.cleaned_data["expert"].pk == expert.pk
