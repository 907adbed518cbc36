from .office_hours import (
    Availability,
    Booking,
    BookingReminder,
    OfficeHoursExpert,
    OfficeHoursPage,
    TimeAway,
    WeeklyWindow,
)
from .pages import WebinarIndexPage, WebinarPage, WebinarSeriesPage
from .registrations import Registration, Reminder, SeriesSubscription

__all__ = [
    "Availability",
    "Booking",
    "BookingReminder",
    "OfficeHoursExpert",
    "OfficeHoursPage",
    "Registration",
    "Reminder",
    "SeriesSubscription",
    "TimeAway",
    "WebinarIndexPage",
    "WebinarPage",
    "WebinarSeriesPage",
    "WeeklyWindow",
]
