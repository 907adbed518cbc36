from django.urls import path

from . import views

app_name = "webinars"

urlpatterns = [
    path("registrations/<str:token>/", views.manage, name="manage"),
    path("series/<str:token>/", views.series_subscription, name="series"),
]
