from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("my/", views.dashboard, name="dashboard"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/emails/", views.email_preferences, name="email_preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
