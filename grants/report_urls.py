"""A grantee's grants and reports (under the "grants" namespace, grants.urls)."""

from django.urls import path

from . import report_views

urlpatterns = [
    path("grants/", report_views.grant_list, name="grants"),
    path("grants/<uuid:public_id>/", report_views.grant_detail, name="grant"),
    path("reports/<uuid:public_id>/", report_views.report_detail, name="report"),
]
