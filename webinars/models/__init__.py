from .pages import WebinarIndexPage, WebinarPage, WebinarSeriesPage
from .registrations import Registration, Reminder, SeriesSubscription

__all__ = [
    "Registration",
    "Reminder",
    "SeriesSubscription",
    "WebinarIndexPage",
    "WebinarPage",
    "WebinarSeriesPage",
]
