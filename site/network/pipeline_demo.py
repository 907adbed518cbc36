"""Demo content for the membership pipeline: a city in each stage before member, with what
its contact person wrote and the coordinators' notes, and a "member" step for every demo
member city. Idempotent: the demo cities' steps and expressions are rebuilt on each run."""

import datetime

from django.utils import timezone

from .models import COORDINATORS_GROUP, InterestExpression, Organisation, PipelineStep, User

Stage = Organisation.Stage

# (name, country, region, website, contact (name, role, email, phone, language, why now),
#  steps [(days ago, stage, note)])
PROSPECTS = [
    (
        "Gatineau",
        "CA",
        "CA-QC",
        "https://www.gatineau.ca",
        (
            "Élise Tremblay",
            "Conseillère en sécurité urbaine, Service des loisirs",
            "elise.tremblay@gatineau.example",
            "819 555-0142",
            "fr",
            "Depuis l’automne, nos bibliothèques et nos centres communautaires reçoivent des "
            "menaces lors d’activités pour les jeunes. Le conseil a adopté en janvier une motion "
            "pour une stratégie de cohésion sociale, et nous aimerions apprendre des villes qui "
            "ont déjà fait ce travail, en particulier Brampton et Edmonton.",
        ),
        [(6, Stage.INTERESTED, "Expressed interest on the website (Élise Tremblay).")],
    ),
    (
        "Grand Rapids",
        "US",
        "US-MI",
        "https://www.grandrapidsmi.gov",
        (
            "Marcus Bell",
            "Director, Office of Equity and Engagement",
            "marcus.bell@grandrapids.example",
            "",
            "en",
            "Our council asked staff for a plan after anti-government flyers targeted two "
            "commissioners this spring. We would like our staff in the next Prevention Academy US "
            "cohort and to talk to cities that built a local prevention framework.",
        ),
        [(19, Stage.INTERESTED, "Expressed interest on the website (Marcus Bell).")],
    ),
    (
        "Dayton",
        "US",
        "US-OH",
        "https://www.daytonohio.gov",
        (
            "Renée Alvarez",
            "Deputy City Manager",
            "renee.alvarez@dayton.example",
            "937 555-0199",
            "en",
            "Cincinnati told us about the network at a regional meeting. We are rebuilding our "
            "community violence prevention work and want peers, not consultants.",
        ),
        [
            (128, Stage.INTERESTED, "Expressed interest on the website (Renée Alvarez)."),
            (
                74,
                Stage.ENGAGED,
                "First call with Renée and the city's prevention coordinator. They "
                "want two places in the fall Academy; introduced them to Cincinnati's team.",
            ),
        ],
    ),
    (
        "Halifax Regional Municipality",
        "CA",
        "CA-NS",
        "https://www.halifax.ca",
        (
            "Fatima Osei",
            "Manager, Public Safety Office",
            "fatima.osei@halifax.example",
            "902 555-0117",
            "en",
            "A regional government, not a city, but we carry the municipal role for the whole "
            "region. Hate incidents reported to our public safety office doubled in two years and "
            "we want to join a network that works in both official languages.",
        ),
        [
            (302, Stage.INTERESTED, "Expressed interest on the website (Fatima Osei)."),
            (
                241,
                Stage.ENGAGED,
                "Met the Public Safety Office and the CAO's office; walked "
                "through the Prevention Academy Canada and the help desk.",
            ),
            (
                44,
                Stage.COMMITTED,
                "The CAO has agreed; the mayor's letter of confirmation goes to "
                "regional council for its next meeting.",
            ),
        ],
    ),
]


def load(**kwargs) -> None:
    today = timezone.localdate()
    coordinator = User.objects.filter(groups__name=COORDINATORS_GROUP).order_by("pk").first()
    for name, country, region, website, contact, steps in PROSPECTS:
        organisation = Organisation.objects.filter(name=name, country=country).first()
        if organisation is None:
            organisation = Organisation(name=name, country=country)
        organisation.kind = Organisation.Kind.CITY
        organisation.region = region
        organisation.website = website
        organisation.is_member = False
        organisation.member_since = None
        last_days, last_stage, _note = steps[-1]
        organisation.stage = last_stage
        organisation.stage_since = today - datetime.timedelta(days=last_days)
        organisation.save()
        organisation.pipeline_steps.all().delete()
        organisation.interest_expressions.all().delete()
        contact_name, role, email, phone, language, why_now = contact
        first_day = today - datetime.timedelta(days=steps[0][0])
        expression = InterestExpression.objects.create(
            organisation=organisation,
            contact_name=contact_name,
            contact_role=role,
            contact_email=email,
            contact_phone=phone,
            why_now=why_now,
            language=language,
        )
        # Submitted on the day of the first step, not when the demo was loaded.
        submitted = timezone.make_aware(datetime.datetime.combine(first_day, datetime.time(10)))
        InterestExpression.objects.filter(pk=expression.pk).update(submitted_at=submitted)
        for days, stage, note in steps:
            PipelineStep.objects.create(
                organisation=organisation,
                stage=stage,
                note=note,
                on=today - datetime.timedelta(days=days),
                by=None if stage == Stage.INTERESTED else coordinator,
            )

    # Every member city has joined on its membership date.
    for organisation in Organisation.objects.members().filter(member_since__isnull=False):
        PipelineStep.objects.get_or_create(
            organisation=organisation,
            stage=Stage.MEMBER,
            on=organisation.member_since,
            defaults={"note": "Joined the network."},
        )
        if organisation.stage_since != organisation.member_since:
            Organisation.objects.filter(pk=organisation.pk).update(
                stage_since=organisation.member_since
            )
