"""The grants models and the form builder's blocks in French: every status, stage and
choice the applicant, reviewer or coordinator meets, every field of the applicant profile,
and the applicant profile page itself, with no English left (issue #24)."""

import inspect

import pytest
from bs4 import BeautifulSoup
from django.db import models
from django.urls import reverse
from django.utils import translation

from grants import models as grant_models
from grants.forms import ProfileForm
from grants.models import ApplicantProfile, Application, Grant, Report, Review
from tests.grants.factories import applicant

# Words that are the same in both languages (une subvention « Active »).
SAME_IN_FRENCH = {"Active", "Religion"}
# Bookkeeping the applicant profile keeps but shows to no one (no verbose name of its own).
NOT_SHOWN = {"updated_at", "updated_by"}


def _choices_classes():
    """Every TextChoices of the grants models, nested ones included."""
    seen = set()
    for _name, value in inspect.getmembers(grant_models):
        candidates = [value]
        if inspect.isclass(value) and issubclass(value, models.Model):
            candidates = [v for _n, v in inspect.getmembers(value) if inspect.isclass(v)]
        for candidate in candidates:
            if (
                inspect.isclass(candidate)
                and issubclass(candidate, models.TextChoices)
                and candidate.__module__.startswith("grants.")
            ):
                seen.add(candidate)
    return sorted(seen, key=lambda c: c.__qualname__)


CHOICES = _choices_classes()


def test_every_grants_choices_class_is_found():
    names = {c.__qualname__ for c in CHOICES}
    assert {"Stage", "Application.Status", "Review.Conflict", "Review.Recommendation"} <= names
    assert {"Grant.Status", "Report.Status", "Report.Kind", "Currency"} <= names


@pytest.mark.parametrize("choices", CHOICES, ids=lambda c: c.__qualname__)
def test_every_choice_label_is_in_french(choices):
    for member in choices:
        with translation.override("en"):
            english = str(member.label)
        with translation.override("fr"):
            french = str(member.label)
        assert french != english or english in SAME_IN_FRENCH, (choices, english)


@pytest.mark.parametrize(
    "choice, french",
    [
        (Application.Status.DRAFT, "Brouillon"),
        (Application.Status.SUBMITTED, "Envoyée"),
        (Application.Status.IN_REVIEW, "En évaluation"),
        (Application.Status.APPROVED, "Approuvée"),
        (Application.Status.DECLINED, "Refusée"),
        (Application.Status.WITHDRAWN, "Retirée"),
        (Report.Status.DUE, "À remettre"),
        (Report.Status.SUBMITTED, "Reçu"),
        (Report.Status.ACCEPTED, "Accepté"),
        (Grant.Status.ACTIVE, "Active"),
        (Grant.Status.COMPLETED, "Terminée"),
        (grant_models.Stage.CONCEPT, "Note conceptuelle"),
        (grant_models.Stage.PROPOSAL, "Proposition complète"),
        (Review.Conflict.CONFLICT, "Conflit d’intérêts"),
        (Review.Recommendation.DO_NOT_FUND, "Ne pas financer"),
    ],
)
def test_grant_statuses_do_not_borrow_another_features_french(choice, french):
    """“Withdrawn” is not an academy cancellation nor “Due” a date label: a grant label
    has its own context, agreeing with its noun (une demande, un rapport, une subvention)."""
    with translation.override("fr"):
        assert str(choice.label) == french


def test_every_applicant_profile_field_is_in_french():
    for field in ApplicantProfile._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or field.name in NOT_SHOWN:
            continue
        for attribute in ("verbose_name", "help_text"):
            text = getattr(field, attribute, "")
            if not text:
                continue
            with translation.override("en"):
                english = str(text)
            with translation.override("fr"):
                french = str(text)
            assert french != english or english in SAME_IN_FRENCH, (field.name, english)
    with translation.override("fr"):
        assert str(ApplicantProfile._meta.verbose_name) == "profil de demandeur"


def _labels_and_hints(page: BeautifulSoup) -> list[str]:
    form = page.find("main").find("form", method=lambda m: m and m.lower() == "post")
    texts = [label.get_text(" ", strip=True) for label in form.find_all("label")]
    texts += [legend.get_text(" ", strip=True) for legend in form.find_all("legend")]
    for field in form.find_all(["input", "textarea", "select"]):
        for hint_id in (field.get("aria-describedby") or "").split():
            hint = form.find(id=hint_id)
            if hint is not None:
                texts.append(hint.get_text(" ", strip=True))
    return [t for t in texts if t]


@pytest.mark.django_db
def test_the_french_applicant_profile_page_has_no_english_label(client):
    user = applicant()
    organisation = user.memberships.first().organisation
    client.force_login(user)

    def page(language):
        with translation.override(language):
            path = reverse("grants:profile", args=[organisation.pk])
        assert path.startswith(f"/{language}/")
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return BeautifulSoup(response.content.decode(), "html.parser")

    english, french = _labels_and_hints(page("en")), _labels_and_hints(page("fr"))
    assert english and len(french) == len(english)
    text = " ".join(french)
    for expected in (
        "Raison sociale",
        "Numéro d’entreprise ou d’organisme de bienfaisance",
        "Adresse postale",
        "Courriel de la personne-ressource",
        "Téléphone de la personne-ressource",
        "Responsable des finances",
    ):
        assert expected in text, expected
    for name in ProfileForm.Meta.fields:
        with translation.override("en"):
            label = str(ApplicantProfile._meta.get_field(name).verbose_name)
        assert label.lower() not in text.lower() or label in SAME_IN_FRENCH, label
    leaked = set(english) & set(french) - SAME_IN_FRENCH
    assert not leaked, leaked
