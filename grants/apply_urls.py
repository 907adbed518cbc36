"""Applying: the eligibility check, drafts, concept notes and proposals, the profile."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="mine"),
    path("calls/<int:page_id>/apply/", views.eligibility, name="eligibility"),
    path("applications/<uuid:public_id>/", views.application, name="application"),
    path("applications/<uuid:public_id>/save/", views.save, name="save"),
    path("applications/<uuid:public_id>/submit/", views.submit, name="submit"),
    path("applications/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("files/<uuid:public_id>/", views.file, name="file"),
    path("profile/<int:organisation_id>/", views.profile, name="profile"),
]
