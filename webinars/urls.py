from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "webinars"

urlpatterns = [
    path("mine/", views.my_webinars, name="mine"),
    path("sessions/<int:page_id>/register/", views.register_view, name="register"),
    path("series/<int:page_id>/register/", views.subscribe_view, name="subscribe"),
    path("registrations/<str:token>/", views.manage, name="manage"),
    path("registrations/<str:token>/cancel/", views.manage_cancel, name="manage-cancel"),
    path("series/<str:token>/", views.series_subscription, name="series"),
    # Office hours moved to /office-hours/ (webinars.office_hours); links already emailed
    # or bookmarked keep working.
    *[
        path(old, RedirectView.as_view(pattern_name=name, permanent=True, query_string=True))
        for old, name in [
            ("my-office-hours/", "office_hours:bookings"),
            ("my-office-hours/<uuid:public_id>/", "office_hours:booking"),
            ("my-office-hours/<uuid:public_id>/cancel/", "office_hours:booking-cancel"),
            ("my-office-hours/link/<str:token>/", "office_hours:booking-link"),
            ("my-office-hours/link/<str:token>/cancel/", "office_hours:booking-link-cancel"),
        ]
    ],
]
