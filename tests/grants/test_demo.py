"""The grants demo loads again without duplicates: `manage.py load_demo` run a second time
(as an operator might, to refresh the dates) leaves one of everything."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation

from grants.models import (
    ApplicantProfile,
    Application,
    CallPage,
    Determination,
    Grant,
    GrantProgrammePage,
    IncidentTally,
    Payment,
    Report,
    Review,
)
from network.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db

COUNTED = [
    Application,
    Review,
    Determination,
    Grant,
    Payment,
    Report,
    IncidentTally,
    ApplicantProfile,
    Organisation,
    Membership,
    User,
    Page,
    Translation,
    StringTranslation,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_loading_the_demo_again_makes_no_duplicates(demo):
    before = counts()
    assert before["Application"] >= 7 and before["Grant"] == 2
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    # Each page once per language, and the French one still translated, not an alias.
    for model in (CallPage, GrantProgrammePage):
        for page in model.objects.filter(locale__language_code="fr"):
            assert page.alias_of_id is None
            assert not page.is_stand_in
    assert CallPage.objects.filter(locale__language_code="en").count() == 2
    assert CallPage.objects.filter(locale__language_code="fr").count() == 2


def test_french_pages_keep_the_english_keys_and_their_children(demo):
    english = CallPage.objects.get(slug="community-projects-2027", locale__language_code="en")
    french = CallPage.objects.get(
        translation_key=english.translation_key, locale__language_code="fr"
    )

    def keys(page):
        return [child.value["key"] for child in page.proposal_form if child.block_type != "section"]

    def labels(page):
        return [
            child.value["label"] for child in page.proposal_form if child.block_type != "section"
        ]

    assert keys(french) == keys(english)
    assert labels(french)[0] == "Nom du projet"
    assert labels(french) != labels(english)
    programme = french.get_parent()
    # The French programme knows its children (Wagtail routes through them).
    assert programme.numchild == programme.get_children().count() == 3
