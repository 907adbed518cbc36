"""Applying: the eligibility check, drafts, concept notes and proposals, the profile."""

urlpatterns = []
