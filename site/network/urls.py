from django.urls import path

from . import second_factor, views
from .views import calendar as calendar_views
from .views import data as data_views
from .views import organisation as organisation_views
from .views import people as people_views
from .views import pipeline as pipeline_views

app_name = "network"

urlpatterns = [
    path("my/", views.dashboard, name="dashboard"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/emails/", views.email_preferences, name="email_preferences"),
    path("accounts/second-factor/", second_factor.setup, name="second_factor_setup"),
    path(
        "accounts/second-factor/<str:token>/",
        second_factor.follow_link,
        name="second_factor_link",
    ),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("join-the-network/", pipeline_views.join_network, name="join-network"),
    path(
        "join-the-network/thanks/", pipeline_views.join_network_thanks, name="join-network-thanks"
    ),
    path("calendar/<str:token>.ics", calendar_views.calendar_feed_file, name="calendar-feed"),
    path("accounts/calendar/", calendar_views.calendar, name="calendar"),
    path("my/organisations/", people_views.my_organisations, name="organisations"),
    path("my/organisations/<slug:slug>/ask/", people_views.ask_to_join, name="ask-to-join"),
    path("my/organisations/<slug:slug>/leave/", people_views.leave, name="leave-organisation"),
    path(
        "my/requests-to-join/<id:pk>/withdraw/",
        people_views.withdraw_request,
        name="withdraw-join-request",
    ),
    path(
        "my/organisations/<slug:slug>/people/",
        people_views.organisation_people,
        name="organisation-people",
    ),
    path(
        "my/organisations/<slug:slug>/people/invite/",
        people_views.invite,
        name="organisation-invite",
    ),
    path(
        "my/organisations/<slug:slug>/people/requests/<id:pk>/approve/",
        people_views.approve,
        name="organisation-approve",
    ),
    path(
        "my/organisations/<slug:slug>/people/requests/<id:pk>/decline/",
        people_views.decline,
        name="organisation-decline",
    ),
    path(
        "my/organisations/<slug:slug>/people/<id:pk>/role/",
        people_views.change_role,
        name="organisation-role",
    ),
    path(
        "my/organisations/<slug:slug>/people/<id:pk>/remove/",
        people_views.remove,
        name="organisation-remove",
    ),
    path(
        "my/organisations/<slug:slug>/invitations/<id:pk>/withdraw/",
        people_views.revoke,
        name="organisation-revoke",
    ),
    path("invitations/<str:key>/", people_views.invitation, name="invitation"),
    path("accounts/data/", data_views.your_data, name="your-data"),
    path("accounts/data/download/", data_views.data_download, name="data-download"),
    path("accounts/close/", data_views.close_account, name="close-account"),
    path("accounts/closed/", data_views.account_closed, name="account-closed"),
    path(
        "my/organisations/<slug:slug>/activity/",
        organisation_views.activity,
        name="organisation-activity",
    ),
    path(
        "my/organisations/<slug:slug>/activity.csv",
        organisation_views.activity_csv,
        name="organisation-activity-csv",
    ),
]
