from django.urls import path

from . import certificate_views, views

app_name = "academy"

urlpatterns = [
    path("my-learning/", views.dashboard, name="dashboard"),
    path("cohorts/<id:cohort_id>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<id:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lessons/<id:lesson_id>/complete/", views.complete, name="complete"),
    path("lessons/<id:lesson_id>/check/", views.submit_check, name="submit_check"),
    path("cohorts/<id:cohort_id>/apply/", views.apply, name="apply"),
    path("enrolments/<id:enrolment_id>/defer/", views.defer, name="defer"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("certificates/", certificate_views.check, name="certificate_check"),
    path("certificates/<str:code>/", certificate_views.verify, name="certificate"),
    path("certificates/<str:code>/pdf/", certificate_views.pdf, name="certificate_pdf"),
]
