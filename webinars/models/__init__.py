from .pages import WebinarIndexPage, WebinarPage, WebinarSeriesPage
from .registrations import Registration

__all__ = ["Registration", "WebinarIndexPage", "WebinarPage", "WebinarSeriesPage"]
