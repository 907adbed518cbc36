"""Office-hours rows for tests: an expert's availability with weekly windows, and a
programme page with its experts."""

import datetime

import factory
from wagtail.models import Locale

from tests.network.factories import ExpertProfileFactory
from webinars.models import WebinarIndexPage
from webinars.office_hours.models import (
    Availability,
    OfficeHoursExpert,
    OfficeHoursPage,
    WeeklyWindow,
)


class AvailabilityFactory(factory.django.DjangoModelFactory):
    """An expert who takes bookings: 30-minute slots, no buffer or notice, four weeks ahead,
    and by default every day 9:00-17:00 on their own clock (`windows=[(weekday, starts,
    ends), ...]` for others, `windows=[]` for none)."""

    class Meta:
        model = Availability
        skip_postgeneration_save = True

    expert = factory.SubFactory(ExpertProfileFactory)
    slot_minutes = 30
    buffer_minutes = 0
    min_notice_hours = 0
    horizon_days = 28
    meeting_url = "https://meet.example.org/expert"

    @factory.post_generation
    def windows(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [(day, datetime.time(9), datetime.time(17)) for day in range(7)]
        WeeklyWindow.objects.bulk_create(
            WeeklyWindow(availability=self, weekday=day, starts=starts, ends=ends)
            for day, starts, ends in extracted
        )


def programme(slug: str, *, experts=(), language: str = "en") -> OfficeHoursPage:
    """A live programme page under the webinars index, with these experts (profiles)."""
    index = WebinarIndexPage.objects.get(locale=Locale.objects.get(language_code=language))
    page = index.add_child(instance=OfficeHoursPage(title=f"Programme {slug}", slug=slug))
    OfficeHoursExpert.objects.bulk_create(
        OfficeHoursExpert(page=page, expert=expert, sort_order=n)
        for n, expert in enumerate(experts)
    )
    return page
