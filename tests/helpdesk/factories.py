"""Help-desk rows for tests: a request as it stands after filing (made directly, not through
the service, so a test sets exactly the state it needs), its messages and events."""

import datetime

import factory
from django.utils import timezone

from helpdesk.models import Event, HelpRequest, Message
from tests.network.factories import MembershipFactory, OrganisationFactory


class HelpRequestFactory(factory.django.DjangoModelFactory):
    """A standard, urgent request from a member of an Ontario city, filed now, routed to
    nobody yet; pass `assignee=` for an assigned one."""

    class Meta:
        model = HelpRequest
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, country="CA", region="CA-ON")
    requester = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation).user)
    country = factory.LazyAttribute(lambda o: o.organisation.country)
    region = factory.LazyAttribute(lambda o: o.organisation.region)
    language = "en"
    urgency = "urgent"
    sensitivity = "standard"
    summary = factory.Sequence(lambda n: f"Request {n}")
    details = "What happened, and the advice the city needs."
    status = factory.LazyAttribute(
        lambda o: HelpRequest.Status.ASSIGNED if o.assignee else HelpRequest.Status.NEW
    )
    assignee = None
    assigned_at = factory.LazyAttribute(lambda o: o.created_at if o.assignee else None)
    created_at = factory.LazyFunction(timezone.now)
    first_response_due = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(hours=8))
    resolution_due = factory.LazyAttribute(lambda o: o.created_at + datetime.timedelta(days=5))

    @factory.post_generation
    def topics(request, create, extracted, **kwargs):
        if create and extracted:
            request.topics.set(extracted)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    request = factory.SubFactory(HelpRequestFactory)
    author = factory.LazyAttribute(lambda o: o.request.requester)
    body = factory.Sequence(lambda n: f"Message {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    request = factory.SubFactory(HelpRequestFactory)
    kind = Event.Kind.FILED


class OnCallShiftFactory(factory.django.DjangoModelFactory):
    """A turn on the on-call rota: every day, around the clock, in Toronto, as primary,
    unless told otherwise (`weekdays=[...]`, `starts`/`ends`, `time_zone`, `level`)."""

    class Meta:
        model = "helpdesk.OnCallShift"

    person = factory.SubFactory("tests.network.factories.UserFactory")
    level = 1
    weekdays = factory.LazyFunction(lambda: list(range(7)))
    starts = datetime.time(0)
    ends = datetime.time(0)
    time_zone = "America/Toronto"
