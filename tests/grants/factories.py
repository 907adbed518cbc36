"""Grants rows for tests: the funding index, a programme and a call (with a small bilingual
form and rubric), an organisation's applicant profile, applications, reviews, grants and
reports. Pages are made under the demo's home page in the language asked for; `translate`
makes the French page through wagtail-localize, as an editor would."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from wagtail.models import Locale

from grants.models import (
    ApplicantProfile,
    Application,
    CallPage,
    Grant,
    GrantProgrammePage,
    GrantsIndexPage,
    Report,
    Review,
    Stage,
)
from pages.models import HomePage
from tests.network.factories import MembershipFactory, OrganisationFactory, UserFactory

# A proposal form with one question of each kind that matters for columns.
PROPOSAL_FORM = [
    ("section", {"heading": "About the project", "text": ""}),
    (
        "long_text",
        {
            "label": "What will the project do?",
            "help_text": "",
            "required": True,
            "key": "summary",
            "word_limit": 50,
        },
    ),
    (
        "choice",
        {
            "label": "Who will it reach?",
            "help_text": "",
            "required": True,
            "key": "audience",
            "multiple": False,
            "options": [
                {"label": "Young people", "key": "youth"},
                {"label": "Faith communities", "key": "faith"},
                {"label": "Everyone in the city", "key": "everyone"},
            ],
        },
    ),
    (
        "money",
        {
            "label": "Amount requested",
            "help_text": "",
            "required": True,
            "key": "amount",
            "max_amount": 25000,
        },
    ),
    ("date", {"label": "Start date", "help_text": "", "required": False, "key": "start"}),
    (
        "budget",
        {"label": "Budget", "help_text": "", "required": False, "key": "budget", "max_rows": 5},
    ),
    ("file", {"label": "Letter of support", "help_text": "", "required": False, "key": "letter"}),
]
CONCEPT_FORM = [
    (
        "long_text",
        {
            "label": "Your idea in brief",
            "help_text": "",
            "required": True,
            "key": "idea",
            "word_limit": 30,
        },
    ),
]
RUBRIC = [
    (
        "criterion",
        {"label": "Fit with the call", "guidance": "", "max_score": 5, "weight": 2, "key": "fit"},
    ),
    (
        "criterion",
        {"label": "Feasibility", "guidance": "", "max_score": 5, "weight": 1, "key": "feasibility"},
    ),
]


def locale(language: str = "en") -> Locale:
    return Locale.objects.get(language_code=language)


def grants_index(language: str = "en") -> GrantsIndexPage:
    """The funding index of that language (the demo's, or a new one)."""
    found = GrantsIndexPage.objects.filter(locale=locale(language)).first()
    if found:
        return found
    home = HomePage.objects.get(locale=locale(language))
    return home.add_child(instance=GrantsIndexPage(title="Funding", slug="funding-test"))


def programme(slug: str = "test-programme", **fields) -> GrantProgrammePage:
    fields.setdefault("title", f"Programme {slug}")
    return grants_index().add_child(instance=GrantProgrammePage(slug=slug, **fields))


def call_page(
    parent: GrantProgrammePage | None = None,
    slug: str = "test-call",
    *,
    concept_note_first: bool = False,
    deadline=None,
    **fields,
) -> CallPage:
    """A live, open call (deadline in 30 days unless given) with the forms above."""
    parent = parent or programme(f"{slug}-programme")
    fields.setdefault("title", f"Call {slug}")
    call = CallPage(
        slug=slug,
        deadline=deadline if deadline is not None else timezone.now() + datetime.timedelta(days=30),
        award_min=Decimal("5000"),
        award_max=Decimal("25000"),
        currency="USD",
        duration_months=12,
        concept_note_first=concept_note_first,
        concept_form=CONCEPT_FORM if concept_note_first else [],
        proposal_form=PROPOSAL_FORM,
        rubric=RUBRIC,
        eligibility_questions=[
            (
                "question",
                {
                    "question": "Are you a community-based organisation?",
                    "expected": "yes",
                    "explanation": "Only organisations may apply.",
                },
            ),
        ],
        **fields,
    )
    return parent.add_child(instance=call)


def translate(page, language: str = "fr", **changes):
    """The page's translation made through wagtail-localize (every segment copied as its
    source, then `changes` set on the translated page), published."""
    from wagtail_localize.models import TranslationSource

    parent = page.get_parent()
    if parent.depth > 1 and not parent.has_translation(locale(language)):
        translate(parent.specific, language)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = source.create_or_update_translation(locale(language), fallback=True)
    translation = translation.specific
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(page).objects.get(pk=translation.pk)


class ApplicantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantProfile

    organisation = factory.SubFactory(OrganisationFactory, kind="community")
    legal_name = factory.LazyAttribute(lambda o: f"{o.organisation.name} Inc.")
    address = "100 Main Street\nBoise, ID 83702"
    contact_name = "Sam Applicant"
    contact_email = "sam@example.org"


def applicant(organisation=None, **user):
    """A member of a community organisation (with its applicant profile)."""
    organisation = organisation or OrganisationFactory(kind="community")
    membership = MembershipFactory(organisation=organisation, user=UserFactory(**user))
    if not ApplicantProfile.objects.filter(organisation=organisation).exists():
        ApplicantProfileFactory(organisation=organisation)
    return membership.user


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft full proposal (`status`, `submitted_at` etc. to say otherwise)."""

    class Meta:
        model = Application

    call = factory.LazyFunction(
        lambda: call_page(slug=f"call-{timezone.now().timestamp()}".replace(".", "-"))
    )
    organisation = factory.SubFactory(OrganisationFactory, kind="community")
    created_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    language = "en"
    stage = Stage.PROPOSAL
    answers = factory.LazyFunction(
        lambda: {"summary": "Workshops in schools.", "audience": "youth", "amount": "12000.00"}
    )
    submitted_at = factory.LazyAttribute(
        lambda o: None if o.status == Application.Status.DRAFT else timezone.now()
    )
    status = Application.Status.DRAFT


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.IN_REVIEW)
    stage = Stage.PROPOSAL
    reviewer = factory.SubFactory(UserFactory)


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    programme = factory.LazyFunction(
        lambda: programme(f"p-{timezone.now().timestamp()}".replace(".", "-"))
    )
    organisation = factory.SubFactory(OrganisationFactory, kind="community")
    title = factory.Sequence(lambda n: f"Funded project {n}")
    amount = Decimal("15000.00")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=275))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    grant = factory.SubFactory(GrantFactory)
    kind = Report.Kind.INTERIM
    period_start = factory.LazyAttribute(lambda o: o.grant.starts_on)
    period_end = factory.LazyAttribute(lambda o: o.due_on - datetime.timedelta(days=1))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


def new_grant(**fields) -> Grant:
    """A grant under a programme of its own (a slug without the timestamp's dot), for the
    grants side's tests (added by the awards helper)."""
    import uuid

    fields.setdefault("programme", programme(f"p-{uuid.uuid4().hex[:10]}"))
    return GrantFactory(**fields)


def new_report(grant=None, **fields) -> Report:
    """A report of `grant` (default: a new one), due in 10 days unless told."""
    return ReportFactory(grant=grant or new_grant(), **fields)
