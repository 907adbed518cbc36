"""The webinars' demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

Facts from the hub's impact report: "Global Crises, Local Impacts" (monthly since November
2023, more than 1,200 participants), "An Introduction to City-Led Prevention of Hate and
Targeted Violence" (since November 2024, more than 600), a Canada series (from December
2025) and a three-part "Faith & Civic Leadership for Healing and Cohesion" series.
"""

import datetime
import zoneinfo

from django.utils import timezone

from network.models import User
from pages.demo_content import french_slug

from .models import Registration, WebinarIndexPage, WebinarPage, WebinarSeriesPage

# (slug, title, French title, summary, French summary)
SERIES = [
    (
        "global-crises-local-impacts",
        "Global Crises, Local Impacts",
        "Crises mondiales, répercussions locales",
        "A monthly webinar for mayors and city officials on keeping communities together when "
        "crises far away are felt at home, with practices cities can use the next day.",
        "Un webinaire mensuel pour les maires et les responsables municipaux : préserver la "
        "cohésion quand des crises lointaines se font sentir localement.",
    ),
    (
        "introduction-to-city-led-prevention",
        "An Introduction to City-Led Prevention of Hate and Targeted Violence",
        "Introduction à la prévention de la haine et de la violence ciblée menée par les villes",
        "How local governments in the United States and Canada can start addressing hate and "
        "polarisation, one practical topic per session.",
        "Comment les administrations locales des États-Unis et du Canada peuvent agir contre la "
        "haine et la polarisation, un sujet concret par séance.",
    ),
    (
        "canada-series",
        "Canada Webinar Series",
        "Série de webinaires Canada",
        "New research and practical tools for Canadian municipalities and their partners.",
        "Des recherches récentes et des outils concrets pour les municipalités canadiennes et "
        "leurs partenaires.",
    ),
    (
        "faith-and-civic-leadership",
        "Faith & Civic Leadership for Healing and Cohesion",
        "Leadership confessionnel et civique pour la guérison et la cohésion",
        "Three webinars on faith communities as partners in rebuilding civic trust and belonging.",
        "Trois webinaires sur les communautés de foi comme partenaires pour rebâtir la confiance "
        "et l’appartenance.",
    ),
]

# (series, slug, title, French title or None, days from today, local hour, zone, minutes,
#  language, capacity, summary)
SESSIONS = [
    ("global-crises-local-impacts", "urban-design-for-violence-prevention",
     "Urban design for violence prevention", "L’aménagement urbain au service de la prévention", -40, 13, "America/New_York", 60, "en", 300,
     "How the design of squares, parks and streets can lower tensions and make everyone safer."),
    ("global-crises-local-impacts", "city-university-collaboration",
     "City and university collaboration in prevention", None, -12, 13, "America/New_York", 60,
     "en", 300, "What cities gain when researchers help them understand local hate and test what works."),
    ("global-crises-local-impacts", "when-a-conflict-abroad-divides-your-city",
     "When a conflict abroad divides your city", "Quand un conflit lointain divise votre ville",
     9, 13, "America/New_York", 75, "interpreted", 300,
     "Mayors who kept dialogue open between communities during a war abroad share what they did."),
    ("introduction-to-city-led-prevention", "what-cities-can-do",
     "What cities can do about hate", None, -70, 12, "America/Chicago", 60, "en", 300,
     "The public-health approach to prevention, and where a city government fits in it."),
    ("introduction-to-city-led-prevention", "threats-against-local-officials",
     "Threats against local officials", "Les menaces contre les élus locaux",
     16, 12, "America/Chicago", 60, "bilingual", 25,
     "Harassment and doxing of elected officials and staff: preparing, responding, recovering."),
    ("canada-series", "incivility-in-local-government",
     "Incivility towards local government", "L’incivilité envers les administrations locales",
     23, 11, "America/St_Johns", 60, "fr", 200,
     "New research on incivility towards municipal officials in Canada, and what councils do about it."),
    ("faith-and-civic-leadership", "faith-communities-as-partners",
     "Faith communities as partners", "Les communautés de foi comme partenaires",
     30, 14, "America/Regina", 90, "en", 150,
     "The first of three sessions: how faith institutions help a city rebuild trust after division."),
]  # fmt: skip # a table: a session a row, its day, hour, zone, length, language, seats

SESSION_FR_SUMMARY = {
    "urban-design-for-violence-prevention": "Comment l’aménagement des places, des parcs et "
    "des rues peut apaiser les tensions et rendre la ville plus sûre pour tous.",
    "when-a-conflict-abroad-divides-your-city": "Des maires qui ont maintenu le dialogue entre "
    "les communautés pendant une guerre à l’étranger racontent ce qu’ils ont fait.",
    "threats-against-local-officials": "Harcèlement et divulgation de données personnelles "
    "visant les élus et le personnel : se préparer, réagir, se rétablir.",
    "incivility-in-local-government": "De nouvelles recherches sur l’incivilité envers les "
    "responsables municipaux au Canada, et ce que font les conseils.",
    "faith-communities-as-partners": "La première de trois séances : comment les institutions "
    "religieuses aident une ville à rebâtir la confiance après une division.",
}


# The recording of the urban-design session: (time, chapter, French chapter)
CHAPTERS = [
    ("0:00", "Welcome and introductions", "Accueil et présentations"),
    (
        "4:30",
        "Why public space matters for cohesion",
        "Pourquoi l’espace public compte pour la cohésion",
    ),
    ("21:15", "Examples from member cities", "Exemples de villes membres"),
    ("44:00", "Questions from participants", "Questions des participants"),
]
# Who speaks in the transcripts: (English label, French label)
MODERATOR = ("Moderator", "Animatrice")
SPEAKER = {"name": "Amara Okafor", "role": ("Hub expert, Toronto", "Experte du Pôle, Toronto")}
# (time, speaker, English, French)
TRANSCRIPT = [
    (
        "0:00",
        MODERATOR,
        "Welcome, everyone, to this month's session of Global Crises, Local Impacts.",
        "Bienvenue à toutes et à tous à la séance de ce mois-ci de Crises mondiales, répercussions locales.",
    ),
    (
        "4:30",
        "Amara Okafor",
        "Squares and parks are where people from different communities still meet. "
        "When they feel unsafe, people stop coming, and that is where division grows.",
        "Les places et les parcs sont les lieux où des personnes de communautés différentes se croisent "
        "encore. Quand on s’y sent en danger, on cesse d’y venir, et c’est là que la division grandit.",
    ),
    (
        "21:15",
        "Amara Okafor",
        "One member city redesigned the lighting and seating of a square after "
        "a series of incidents, with residents at the table from the first sketch.",
        "Une ville membre a repensé l’éclairage et les bancs d’une place après une série d’incidents, "
        "avec les résidents autour de la table dès la première esquisse.",
    ),
    (
        "44:00",
        MODERATOR,
        "Our first question asks how to involve young people in the design.",
        "La première question porte sur la façon d’associer les jeunes à l’aménagement.",
    ),
]


def _recording(french=False):
    return {
        "recording_url": "https://www.youtube.com/watch?v=hubDemo0001",
        "chapters": [
            ("chapter", {"time": t, "title": fr if french else en}) for t, en, fr in CHAPTERS
        ],
        "transcript": [
            ("passage", {"time": t, "speaker": _in(who, french), "text": fr if french else en})
            for t, who, en, fr in TRANSCRIPT
        ],
    }


def _in(label, french: bool) -> str:
    """A label given as (English, French), or a name that is the same in both."""
    if isinstance(label, tuple):
        return label[1] if french else label[0]
    return label


def _speakers(french=False):
    return [("speaker", {"name": SPEAKER["name"], "role": _in(SPEAKER["role"], french)})]


def _start(days: int, hour: int, zone: str) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(zone))


def load(*, home_en, translate, child, organisations, person):
    index = child(
        home_en,
        WebinarIndexPage,
        "webinars",
        "Webinars",
        introduction="Monthly webinar series for city officials and their partners: register "
        "for the next sessions, or watch the recordings.",
    )
    translate(
        index,
        title="Webinaires",
        slug="webinaires",
        introduction="Des séries de webinaires mensuelles pour les responsables municipaux et "
        "leurs partenaires : inscrivez-vous aux prochaines séances ou regardez les enregistrements.",
    )
    series = {}
    for slug, title, title_fr, summary, summary_fr in SERIES:
        page = child(index, WebinarSeriesPage, slug, title, summary=summary)
        translate(page, title=title_fr, slug=french_slug(slug), summary=summary_fr)
        series[slug] = page

    sessions = {}
    for (
        series_slug,
        slug,
        title,
        title_fr,
        days,
        hour,
        zone,
        minutes,
        language,
        capacity,
        summary,
    ) in SESSIONS:
        page = child(
            series[series_slug],
            WebinarPage,
            slug,
            title,
            summary=summary,
            starts_at=_start(days, hour, zone),
            time_zone=zone,
            duration_minutes=minutes,
            delivery_language=language,
            capacity=capacity,
            join_url=f"https://meet.example.org/hub/{slug}",
            speakers=_speakers(),
        )
        recorded = slug == "urban-design-for-violence-prevention"
        if recorded:
            for name, value in _recording().items():
                setattr(page, name, value)
            page.save_revision().publish()
        if title_fr:
            extra = _recording(french=True) if recorded else {}
            translate(
                page,
                title=title_fr,
                slug=french_slug(slug),
                summary=SESSION_FR_SUMMARY[slug],
                speakers=_speakers(french=True),
                **extra,
            )
        sessions[slug] = page

    # A small session that is full, with a waitlist.
    full = sessions["threats-against-local-officials"]
    people = [
        ("official.boise@hub.example", "Sam Rivera", "Boise", Registration.Role.STAFF, "en"),
        (
            "official.brampton@hub.example",
            "Camille Roy",
            "Brampton",
            Registration.Role.ELECTED,
            "fr",
        ),
    ]
    people += [
        (f"guest{n}@city.example", f"Guest {n}", "Vancouver", Registration.Role.STAFF, "en")
        for n in range(1, full.capacity + 1)
    ]
    for position, (email, name, organisation, role, language) in enumerate(people):
        Registration.objects.update_or_create(
            session=full,
            email=email,
            defaults={
                "user": User.objects.filter(email=email).first(),
                "full_name": name,
                "organisation": organisation,
                "role": role,
                "language": language,
                "consent": True,
                "status": Registration.Status.REGISTERED
                if position < full.capacity
                else Registration.Status.WAITLISTED,
            },
        )


# --- The audience of past sessions ---

# Who came, as they typed it: the same places written several ways, so that the reports
# by organisation and by province or state show the matching at work.
AUDIENCE_PLACES = [
    ("City of Boise", "Boise, Idaho"),
    ("", "boise"),
    ("Boise Police Department", "Boise, ID"),
    ("City of Brampton", "Brampton, Ontario"),
    ("Ville de Montréal", "Montréal (Québec)"),
    ("Peel Region Interfaith Circle", "Mississauga, ON"),
    ("Pittsburgh Public Schools", "Pittsburgh, PA"),
    ("", "Vancouver, BC"),
    ("City of Edmonton", "Edmonton, Alberta"),
    ("Hamilton Community Foundation", "Hamilton, Ontario"),
    ("Cincinnati", "Cincinnati, Ohio"),
    ("", "Moncton, NB"),
]
AUDIENCE_ROLES = [
    Registration.Role.STAFF,
    Registration.Role.COMMUNITY,
    Registration.Role.ELECTED,
    Registration.Role.POLICE,
    Registration.Role.HEALTH,
    Registration.Role.FAITH,
]
# (session, registered, of whom attended, cancelled)
# Guests' names: every first name with every family name, so no two demo guests share one.
AUDIENCE_FIRST = ["Alex", "Camille", "Jordan", "Priya", "Mathieu", "Grace", "Daniel", "Sofia"]
AUDIENCE_LAST = ["Nguyen", "Gagnon", "Martinez", "Singh", "Roy", "Okafor", "Brown"]


def audience_name(n: int) -> tuple[str, str]:
    """The demo's n-th guest (from 0): a full name and an address at a reserved domain."""
    first = AUDIENCE_FIRST[n % len(AUDIENCE_FIRST)]
    last = AUDIENCE_LAST[(n // len(AUDIENCE_FIRST)) % len(AUDIENCE_LAST)]
    return f"{first} {last}", f"{first}.{last}.{n + 1}@audience.example".lower()


AUDIENCE = [
    ("what-cities-can-do", 46, 29, 3),
    ("urban-design-for-violence-prevention", 38, 24, 2),
    ("city-university-collaboration", 27, 17, 1),
]


def load_audience(**_demo):
    """Registrations and attendance for the demo's past sessions (settings.HUB_DEMO_LOADERS),
    as if the attendee lists had been imported. Guests only, the same people every time:
    loading again changes nothing."""
    for slug, registered, attended, cancelled in AUDIENCE:
        session = WebinarPage.objects.filter(locale__language_code="en", slug=slug).first()
        if session is None or session.state() != WebinarPage.State.PAST:
            continue
        for n in range(registered + cancelled):
            organisation, region = AUDIENCE_PLACES[n % len(AUDIENCE_PLACES)]
            full_name, email = audience_name(n)
            registration, _ = Registration.objects.update_or_create(
                session=session,
                email=email,
                defaults={
                    "full_name": full_name,
                    "organisation": organisation,
                    "region": region,
                    "role": AUDIENCE_ROLES[n % len(AUDIENCE_ROLES)],
                    "language": "fr" if "Montréal" in region or "Moncton" in region else "en",
                    "consent": True,
                    "status": Registration.Status.REGISTERED
                    if n < registered
                    else Registration.Status.CANCELLED,
                    "attended": n < attended if n < registered else None,
                },
            )
            # People registered in the weeks before the session, not when the demo loaded.
            Registration.objects.filter(pk=registration.pk).update(
                created_at=session.starts_at - datetime.timedelta(days=1 + n % 21, hours=n % 9)
            )
        # The recording of a past session was sent to these people when it was published.
        if session.has_recording and not session.recording_announced_at:
            WebinarPage.objects.filter(pk=session.pk).update(recording_announced_at=session.ends_at)
