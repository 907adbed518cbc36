from .pages import WebinarIndexPage, WebinarPage, WebinarSeriesPage
from .registrations import Registration, Reminder

__all__ = ["Registration", "Reminder", "WebinarIndexPage", "WebinarPage", "WebinarSeriesPage"]
