from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("my/", views.dashboard, name="dashboard"),
    path("accounts/profile/", views.profile, name="profile"),
]
