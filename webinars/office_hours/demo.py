"""Office-hours demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

From the seeds: the hub's capacity-building workshops, such as "Empowering Communities
Against Hate" with five US cities, give cities and community organisations one-to-one time
with experts. Experts here work from Halifax to Vancouver and Phoenix; the demo
organisations hold bookings, one of them cancelled and one held, with the expert's notes.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from network.models import COORDINATORS_GROUP, EXPERTS_GROUP, ExpertProfile, Topic, User
from webinars.models import WebinarIndexPage

from .models import (
    Availability,
    Booking,
    OfficeHoursExpert,
    OfficeHoursPage,
    TimeAway,
    WeeklyWindow,
)
from .slots import open_slots

# Two more experts, so the office hours span the continent's zones: (email, name, zone,
# languages, jurisdictions, topics, (role, French role), (biography, French biography))
MORE_EXPERTS = [
    (
        "expert.noor@hub.example",
        "Noor Haddad",
        "America/Halifax",
        ["en", "fr"],
        ["CA"],
        ["response", "coordination"],
        ("Community safety planner, Halifax", "Planificatrice en sécurité communautaire, Halifax"),
        (
            "Runs community safety planning with Atlantic municipalities and faith organisations.",
            "Mène la planification de la sécurité communautaire avec les municipalités de "
            "l’Atlantique et les organismes confessionnels.",
        ),
    ),
    (
        "expert.miguel@hub.example",
        "Miguel Santos",
        "America/Phoenix",
        ["en"],
        ["US"],
        ["online-harms", "prevention"],
        ("Online harms adviser, Phoenix", "Conseiller en préjudices en ligne, Phoenix"),
        (
            "Helps local governments respond to online hate campaigns and protect their staff.",
            "Aide les administrations locales à répondre aux campagnes de haine en ligne et à "
            "protéger leur personnel.",
        ),
    ),
]

# email → (slot minutes, buffer, [(weekday, from, to)])
AVAILABILITY = {
    "expert.amara@hub.example": (30, 10, [(1, "10:00", "12:00"), (3, "10:00", "12:00")]),
    "expert.luc@hub.example": (45, 15, [(0, "13:00", "16:00"), (2, "13:00", "16:00")]),
    "expert.dana@hub.example": (30, 10, [(d, "09:00", "11:00") for d in (1, 2, 3, 4)]),
    "expert.noor@hub.example": (30, 10, [(2, "09:00", "12:00"), (4, "13:00", "15:00")]),
    "expert.miguel@hub.example": (60, 15, [(3, "14:00", "17:00")]),
}

INTRODUCTION_EN = (
    "<p>Cities and community organisations taking part in the hub's capacity-building "
    "workshops, such as <i>Empowering Communities Against Hate</i>, can book one-to-one time "
    "with an expert: to plan a response, test an idea or prepare a difficult council "
    "meeting. Each organisation may hold two upcoming sessions at a time, so that everyone "
    "gets a turn.</p>"
)
INTRODUCTION_FR = (
    "<p>Les villes et les organismes communautaires qui participent aux ateliers de "
    "renforcement des capacités du Pôle, comme <i>Mobiliser les communautés contre la "
    "haine</i>, peuvent réserver un entretien individuel avec un expert : préparer une "
    "réponse, éprouver une idée ou préparer une séance de conseil difficile. Chaque "
    "organisation peut avoir deux séances à venir à la fois, pour que chacune ait son tour.</p>"
)


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def load(*, home_en, translate, child, organisations, person):
    Group.objects.get(name=EXPERTS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="office_hours",
            codename__in=["add_availability", "change_availability", "view_availability"],
        )
    )
    Group.objects.get(name=COORDINATORS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="office_hours",
            content_type__model="availability",
            codename__regex=r"^(add|change|delete|view)_",
        )
    )
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale__language_code="en")}
    for email, name, zone, languages, jurisdictions, topic_slugs, roles, bios in MORE_EXPERTS:
        user = person(email, name, groups=[EXPERTS_GROUP], time_zone=zone)
        profile, _ = ExpertProfile.objects.update_or_create(
            user=user,
            defaults={
                "role": roles[0],
                "role_fr": roles[1],
                "bio": bios[0],
                "bio_fr": bios[1],
                "languages": languages,
                "jurisdictions": jurisdictions,
                "time_zone": zone,
                "weekly_capacity": 5,
            },
        )
        profile.topics.set([topics[slug] for slug in topic_slugs if slug in topics])

    experts = []
    for email, (minutes, buffer, windows) in AVAILABILITY.items():
        expert = ExpertProfile.objects.get(user__email=email)
        availability, _ = Availability.objects.update_or_create(
            expert=expert,
            defaults={
                "slot_minutes": minutes,
                "buffer_minutes": buffer,
                "min_notice_hours": 24,
                "horizon_days": 28,
                "meeting_url": f"https://meet.example.org/hub/office-hours/{expert.user.pk}",
            },
        )
        availability.windows.all().delete()
        for weekday, starts, ends in windows:
            WeeklyWindow.objects.create(
                availability=availability, weekday=weekday, starts=_time(starts), ends=_time(ends)
            )
        experts.append(expert)
    # Luc is away for a few days next month.
    luc = Availability.objects.get(expert__user__email="expert.luc@hub.example")
    luc.time_away.all().delete()
    away = timezone.localdate() + datetime.timedelta(days=15)
    TimeAway.objects.create(
        availability=luc,
        first_day=away,
        last_day=away + datetime.timedelta(days=4),
        note="Conference",
    )

    index = WebinarIndexPage.objects.get(locale=home_en.locale)
    page = child(
        index,
        OfficeHoursPage,
        "office-hours",
        "Office hours with our experts",
        introduction=INTRODUCTION_EN,
        relations={"programme_experts": [OfficeHoursExpert(expert=e) for e in experts]},
    )
    translate(
        page,
        title="Permanences avec nos experts",
        slug="permanences",
        introduction=INTRODUCTION_FR,
    )
    if not Booking.objects.filter(programme=page).exists():
        _bookings(page, organisations)


def _bookings(page: OfficeHoursPage, organisations) -> None:
    """Two upcoming bookings, one cancelled, one held (the past one with notes)."""
    people = {user.email: user for user in User.objects.filter(email__endswith="@hub.example")}
    experts = {
        e.user.email: e for e in ExpertProfile.objects.select_related("user", "availability")
    }
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale__language_code="en")}
    now = timezone.now()

    def slot(email, days):
        slots = open_slots(
            ExpertProfile.objects.filter(pk=experts[email].pk),
            start=now + datetime.timedelta(days=days),
        )
        return slots[0]

    def booking(email, when, organisation, booker, topic, questions, language, **extra):
        expert = experts[email]
        return Booking.objects.create(
            programme=page,
            expert=expert,
            organisation=organisations[organisation],
            booked_by=people[booker],
            starts_at=when[0],
            ends_at=when[1],
            topic=topics.get(topic),
            questions=questions,
            language=language,
            meeting_url=expert.availability.meeting_url,
            **extra,
        )

    upcoming = slot("expert.amara@hub.example", 4)
    booking(
        "expert.amara@hub.example",
        (upcoming.starts_at, upcoming.ends_at),
        "Edmonton",
        "official.edmonton@hub.example",
        "harassment",
        "A councillor's home address was posted online after a heated meeting. How do we "
        "support her, and what should the city say publicly?",
        "en",
    )
    upcoming = slot("expert.dana@hub.example", 6)
    booking(
        "expert.dana@hub.example",
        (upcoming.starts_at, upcoming.ends_at),
        "Boise Neighbours Together",
        "community@hub.example",
        "prevention",
        "We want to start a neighbourhood dialogue programme after incidents at the library. "
        "Where do we begin, and who should be at the table?",
        "en",
    )
    cancelled = slot("expert.luc@hub.example", 9)
    booking(
        "expert.luc@hub.example",
        (cancelled.starts_at, cancelled.ends_at),
        "Brampton",
        "official.brampton@hub.example",
        "strategy",
        "Nous voulons bâtir un plan de prévention avec nos partenaires. Par où commencer ?",
        "fr",
        status=Booking.Status.CANCELLED,
        cancelled_by=Booking.CancelledBy.ORGANISATION,
        cancel_reason="Réunion du conseil déplacée.",
        cancelled_at=now,
        sequence=1,
    )
    held_start = (now - datetime.timedelta(days=12)).replace(minute=0, second=0, microsecond=0)
    booking(
        "expert.luc@hub.example",
        (held_start, held_start + datetime.timedelta(minutes=45)),
        "Edmonton",
        "official.edmonton@hub.example",
        "coordination",
        "How do other cities bring police, schools and community groups into one prevention "
        "table without any of them taking over?",
        "en",
        status=Booking.Status.HELD,
        expert_notes="Council is supportive but staff are stretched. Suggested they start "
        "with a small steering group; check in again in two months.",
        follow_ups="1. Read the hub's guide on multi-actor prevention frameworks.\n"
        "2. Draft the steering group's terms of reference and send them to Luc.",
    )
