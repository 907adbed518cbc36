from django.urls import path

from . import views

app_name = "office_hours"

urlpatterns = [
    path("<int:page_id>/book/", views.book, name="book"),
    path("at-risk/<uuid:request_id>/", views.at_risk_call, name="at-risk-call"),
    path("my/", views.bookings, name="bookings"),
    path("my/<uuid:public_id>/", views.booking_detail, name="booking"),
    path("my/<uuid:public_id>/cancel/", views.booking_cancel, name="booking-cancel"),
    path("link/<str:token>/", views.booking_link, name="booking-link"),
    path("link/<str:token>/cancel/", views.booking_link_cancel, name="booking-link-cancel"),
]
