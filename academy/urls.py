from django.urls import path

from . import views

app_name = "academy"

urlpatterns = [
    path("my-learning/", views.dashboard, name="dashboard"),
    path("cohorts/<int:cohort_id>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lessons/<int:lesson_id>/complete/", views.complete, name="complete"),
]
