from django.urls import path

from . import office_hours, views

app_name = "webinars"

urlpatterns = [
    path("sessions/<int:page_id>/register/", views.register_view, name="register"),
    path("series/<int:page_id>/register/", views.subscribe_view, name="subscribe"),
    path("registrations/<str:token>/", views.manage, name="manage"),
    path("registrations/<str:token>/cancel/", views.manage_cancel, name="manage-cancel"),
    path("series/<str:token>/", views.series_subscription, name="series"),
    path("my-office-hours/", office_hours.bookings, name="bookings"),
    path("my-office-hours/<uuid:public_id>/", office_hours.booking_detail, name="booking"),
    path(
        "my-office-hours/<uuid:public_id>/cancel/",
        office_hours.booking_cancel,
        name="booking-cancel",
    ),
    path("my-office-hours/link/<str:token>/", office_hours.booking_link, name="booking-link"),
    path(
        "my-office-hours/link/<str:token>/cancel/",
        office_hours.booking_link_cancel,
        name="booking-link-cancel",
    ),
]
