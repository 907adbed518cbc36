"""Benchmark data: the demo content ("small"), then the issue's volume on top of it ("full").

The volume is attached to the objects the key pages show, so that growth shows where people
look: the key course has 1,500 learners, the key learner follows a course in every academy,
the coordinators' queue holds thousands of open requests, the key request's conversation runs
past a thousand messages, the webinar index lists two hundred sessions, the office-hours
picker offers forty experts' next eight weeks.

Rows are written with bulk_create in one transaction; pages with Wagtail's add_child (they
are published as live pages without a revision, so no publishing side effect runs: no
emails, no Resource Hub entries). Every generated person signs in with DEMO_PASSWORD.
"""

import datetime
import itertools
import random
import secrets
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

DEMO_PASSWORD = "hub-demo-2026"
SEED = 2026

# The volume, totals including the demo content.
VOLUME = {
    "member_cities": 60,
    "organisations": 300,
    "participants": 3000,
    "academies": 3,
    "courses": 20,
    "lessons": 400,
    "progress_rows": 150_000,
    "webinar_sessions": 200,
    "registrations": 20_000,
    "experts": 40,
    "slot_weeks": 8,
    "help_requests": 5000,
    "messages": 50_000,
}

# The people and objects the key pages are measured on (all from the demo content).
LEARNER = "official.boise@hub.example"  # enrolled in the key course, halfway through
CITY_MEMBER = "official.boise@hub.example"  # a member of Boise: books office hours
CITY_LEAD = "official.edmonton@hub.example"  # filed the key help-desk request
COORDINATOR = "coordinator@hub.example"
EXPERT = "expert.amara@hub.example"  # assigned the key help-desk request
ADMIN = "admin@hub.example"  # a superuser: Wagtail's own users listing
# The two ceilings (bench.load): what every signed-in site page pays, and Wagtail's own
# admin listing that our admin screens are held to.
SIGNED_IN_CEILING = "ceiling: signed-in base page"
ADMIN_CEILING = "ceiling: Wagtail users listing (admin)"
KEY_COURSE = "city-led-prevention"
KEY_COHORT = "Fall cohort"
KEY_LESSON = "advisory-board"  # the learner's next lesson, with a knowledge check
KEY_RECORDING = "urban-design-for-violence-prevention"
KEY_REQUEST = "A councillor's home address was posted online"
# Boise's urgent request, assigned: its page offers the expert's next office-hours slot.
KEY_OFFERED_REQUEST = "Threatening voicemails to the mayor's office"


@dataclass(frozen=True)
class KeyPage:
    """One page the benchmarks measure: who asks for it (an email, None for a visitor)."""

    name: str
    path: str
    user: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.user is None


def key_pages() -> list[KeyPage]:
    """The representative pages, read from the database (the demo content is enough)."""
    from academy.models import Cohort, CoursePage, LessonPage
    from helpdesk.models import HelpRequest
    from webinars.models import WebinarIndexPage, WebinarPage
    from webinars.office_hours.models import OfficeHoursPage

    def english(model, **filters):
        return model.objects.filter(locale__language_code="en", **filters).first()

    course = english(CoursePage, slug=KEY_COURSE)
    lesson = english(LessonPage, slug=KEY_LESSON)
    index = english(WebinarIndexPage)
    recording = english(WebinarPage, slug=KEY_RECORDING)
    office_hours = english(OfficeHoursPage)
    cohort = Cohort.objects.filter(course=course, name=KEY_COHORT).first()
    request = HelpRequest.objects.filter(summary__startswith=KEY_REQUEST).first()
    offered = HelpRequest.objects.filter(summary__startswith=KEY_OFFERED_REQUEST).first()
    theme = "strategy"
    pages = [
        KeyPage(SIGNED_IN_CEILING, "/en/bench/signed-in/", LEARNER),
        KeyPage(ADMIN_CEILING, "/admin/users/", ADMIN),
        KeyPage("home", "/en/"),
        KeyPage("resource hub, filtered", f"/en/resources/?theme={theme}&language=en"),
        KeyPage("course (visitor)", course.url),
        KeyPage("course (learner)", course.url, LEARNER),
        KeyPage("lesson (learner)", lesson.url, LEARNER),
        KeyPage("my learning", "/en/academy/my-learning/", LEARNER),
        KeyPage("webinar index", index.url),
        KeyPage("recording", recording.url),
        KeyPage("slot picker (visitor)", office_hours.url),
        KeyPage("slot picker (city member)", office_hours.url, CITY_MEMBER),
        KeyPage("help-desk queue, open (coordinator)", "/admin/help-desk/?view=open", COORDINATOR),
        KeyPage("help-desk queue, mine (expert)", "/admin/help-desk/", EXPERT),
        KeyPage("help-desk request (expert)", f"/admin/help-desk/{request.public_id}/", EXPERT),
        KeyPage(
            "help-desk request (coordinator)",
            f"/admin/help-desk/{request.public_id}/",
            COORDINATOR,
        ),
        KeyPage("help-desk request (city)", f"/en/help-desk/{request.public_id}/", CITY_LEAD),
        KeyPage(
            "help-desk request, next slot offered (city)",
            f"/en/help-desk/{offered.public_id}/",
            CITY_MEMBER,
        ),
        KeyPage("help-desk list (city)", "/en/help-desk/", CITY_LEAD),
        KeyPage("academy cohorts report", "/admin/reports/academy/cohorts/", COORDINATOR),
        KeyPage(
            "academy cohort report",
            f"/admin/reports/academy/cohorts/{cohort.pk}/",
            COORDINATOR,
        ),
        KeyPage("academy cities report", "/admin/reports/academy/cities/", COORDINATOR),
        KeyPage("help-desk metrics", "/admin/help-desk/metrics/", COORDINATOR),
        KeyPage("academy metrics", "/admin/reports/academy/metrics/", COORDINATOR),
    ]
    return pages


def counts() -> dict[str, int]:
    """The rows the issue's volume speaks of, as they are in the database now."""
    from academy.models import AcademyPage, CoursePage, Enrolment, LessonPage, LessonProgress
    from helpdesk.models import HelpRequest, Message
    from network.models import ExpertProfile, Organisation, User
    from webinars.models import Registration, WebinarPage
    from webinars.office_hours.models import Availability, Booking

    def en(model):
        return model.objects.filter(locale__language_code="en").count()

    return {
        "member cities": Organisation.objects.cities().members().count(),
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "academies": en(AcademyPage),
        "courses": en(CoursePage),
        "lessons": en(LessonPage),
        "enrolments": Enrolment.objects.count(),
        "progress rows": LessonProgress.objects.count(),
        "webinar sessions": en(WebinarPage),
        "registrations": Registration.objects.count(),
        "experts": ExpertProfile.objects.count(),
        "experts with slots": Availability.objects.count(),
        "office-hours bookings": Booking.objects.count(),
        "help-desk requests": HelpRequest.objects.count(),
        "open requests": HelpRequest.objects.open().count(),
        "help-desk messages": Message.objects.count(),
    }


# --- Generation ---


def generate(volume: str, *, log=print) -> dict[str, float]:
    """Fill the (migrated) database: "small" loads the demo content, "full" adds the
    issue's volume on top of whatever is there (run "small" first). Returns the seconds
    each step took."""
    from django.core.management import call_command

    timings = {}
    if volume == "small":
        started = timezone.now()
        call_command("load_demo", verbosity=0)
        timings["demo content"] = (timezone.now() - started).total_seconds()
        return timings
    if volume != "full":
        raise ValueError(f"unknown volume {volume!r}")
    return Volume(log=log).run()


class Volume:
    """The full volume, step by step. Deterministic: the same seed gives the same data."""

    def __init__(self, *, log=print):
        self.log = log
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate()

    def run(self) -> dict[str, float]:
        import time

        steps = [
            ("organisations", self.organisations),
            ("people", self.people),
            ("academy pages", self.academy_pages),
            ("enrolments and progress", self.learning),
            ("webinar sessions", self.webinar_pages),
            ("registrations", self.registrations),
            ("experts and office hours", self.office_hours),
            ("help desk", self.help_desk),
        ]
        timings = {}
        with transaction.atomic():
            for name, step in steps:
                started = time.perf_counter()
                detail = step()
                timings[name] = round(time.perf_counter() - started, 1)
                self.log(f"  {name}: {detail} ({timings[name]} s)")
        return timings

    # --- Places ---

    def organisations(self) -> str:
        from network.models import Organisation

        have = set(Organisation.objects.values_list("name", flat=True))
        members = Organisation.objects.cities().members().count()
        rows = []
        since = datetime.date(2022, 1, 1)
        cities = [c for c in CITIES if c[0] not in have]
        for n, (name, country, region) in enumerate(cities):
            member = members < VOLUME["member_cities"]
            members += member
            rows.append(
                Organisation(
                    name=name,
                    slug=f"bench-{_slug(name)}",
                    kind="city",
                    country=country,
                    region=f"{country}-{region}",
                    is_member=member,
                    **({"stage": "member"} if member else {}),  # the last stage
                    member_since=since + datetime.timedelta(days=23 * n) if member else None,
                    website=f"https://www.{_slug(name)}.example",
                )
            )
        total = len(have) + len(rows)
        places = list(CITIES)
        for n in itertools.count():
            if total >= VOLUME["organisations"]:
                break
            city, country, region = places[n % len(places)]
            kind_name, kind = COMMUNITY_KINDS[(n // len(places)) % len(COMMUNITY_KINDS)]
            name = kind_name.format(city=city)
            if name in have:
                continue
            rows.append(
                Organisation(
                    name=name,
                    slug=f"bench-{_slug(name)}",
                    kind=kind,
                    country=country,
                    region=f"{country}-{region}",
                )
            )
            total += 1
        Organisation.objects.bulk_create(rows, batch_size=500)
        self.member_cities = list(Organisation.objects.cities().members().order_by("pk"))
        self.all_organisations = list(Organisation.objects.order_by("pk"))
        return (
            f"{Organisation.objects.count()} organisations, {len(self.member_cities)} member cities"
        )

    # --- People ---

    def _users(self, specs, *, staff=False) -> list:
        """specs: (email, full name, language, zone). Users, verified addresses."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from network.models import User

        password = make_password(DEMO_PASSWORD)
        users = [
            User(
                email=email,
                full_name=name,
                language=language,
                time_zone=zone,
                password=password,
                is_staff=staff,
                date_joined=self.now,
            )
            for email, name, language, zone in specs
        ]
        User.objects.bulk_create(users, batch_size=1000)
        users = list(User.objects.filter(email__in=[s[0] for s in specs]).order_by("pk"))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users],
            batch_size=1000,
        )
        return users

    def people(self) -> str:
        from network.models import Membership, User

        specs = []
        for n in range(VOLUME["participants"]):
            first = FIRST_NAMES[n % len(FIRST_NAMES)]
            last = LAST_NAMES[(n // len(FIRST_NAMES) + 3 * n) % len(LAST_NAMES)]
            organisation = self._organisation_for(n)
            french = organisation.region in ("CA-QC", "CA-NB") or n % 9 == 0
            zone = ZONES.get(
                organisation.region[:2] if organisation.country == "US" else organisation.region,
                "America/Toronto",
            )
            zone = ZONES.get(organisation.region, zone)
            specs.append(
                (
                    f"{_slug(first)}.{_slug(last)}.{n}@cities.example",
                    f"{first} {last}",
                    "fr" if french else "en",
                    zone,
                )
            )
        self.participants = self._users(specs)
        memberships = []
        self.members_of = {}
        for n, user in enumerate(self.participants):
            organisation = self._organisation_for(n)
            role = "lead" if n % 25 == 0 else "member"
            memberships.append(Membership(user=user, organisation=organisation, role=role))
            self.members_of.setdefault(organisation.pk, []).append(user)
        Membership.objects.bulk_create(memberships, batch_size=1000)
        self.by_email = {u.email: u for u in User.objects.filter(email__endswith="@hub.example")}
        return f"{len(self.participants)} participants with memberships"

    def _organisation_for(self, n: int):
        # Two in three participants work for a member city; the rest spread over the others.
        if n % 3:
            return self.member_cities[n % len(self.member_cities)]
        return self.all_organisations[(n * 7) % len(self.all_organisations)]

    # --- Academy ---

    def academy_pages(self) -> str:
        from wagtail.rich_text import RichText

        from academy.models import AcademyPage, CoursePage, LessonPage, ModulePage

        academies = {a.slug: a for a in AcademyPage.objects.filter(locale__language_code="en")}
        key = CoursePage.objects.get(locale__language_code="en", slug=KEY_COURSE)
        lessons_now = LessonPage.objects.filter(locale__language_code="en").count()
        courses_now = CoursePage.objects.filter(locale__language_code="en").count()
        new_courses = VOLUME["courses"] - courses_now
        # The key course grows too: five more modules of three lessons.
        plan = [(key, None, None, MORE_KEY_MODULES)]
        lessons_left = VOLUME["lessons"] - lessons_now - sum(len(m[2]) for m in MORE_KEY_MODULES)
        homes = ["prevention-academy-us", "prevention-academy-canada", "prevention-academy-bc"]
        for n in range(new_courses):
            title, title_fr, topic = COURSES[n % len(COURSES)]
            share = lessons_left // (new_courses - n)
            lessons_left -= share
            modules = []
            per_module = 4
            for m in range((share + per_module - 1) // per_module):
                count = min(per_module, share - m * per_module)
                module_title = MODULE_TITLES[(n + m) % len(MODULE_TITLES)]
                modules.append(
                    (
                        f"module-{m + 1}",
                        f"Week {m + 1}: {module_title}",
                        [
                            LESSON_TITLES[(n * 7 + m * 3 + i) % len(LESSON_TITLES)]
                            for i in range(count)
                        ],
                    )
                )
            plan.append((academies[homes[n % 3]], (title, title_fr, topic), n, modules))
        made_lessons = 0
        for parent, course_spec, n, modules in plan:
            if course_spec is None:
                course = parent
            else:
                title, title_fr, topic = course_spec
                course = CoursePage(
                    title=title,
                    slug=f"{_slug(title)}-{n + 1}",
                    summary=topic,
                    estimated_hours=4 * len(modules),
                    self_paced=n % 4 == 3,
                    track=CoursePage.Track.MAIN,
                    completion_rule="Complete every required lesson.",
                )
                parent.add_child(instance=course)
            offset = (
                ModulePage.objects.child_of(course).aggregate(d=Max("release_offset_days"))["d"]
                or 0
            )
            for m, (slug, module_title, lesson_titles) in enumerate(modules):
                module = ModulePage(
                    title=module_title,
                    slug=slug,
                    summary=module_title,
                    release_offset_days=offset + 7 * (m + 1) if course_spec is None else 7 * m,
                )
                course.add_child(instance=module)
                for i, lesson_title in enumerate(lesson_titles):
                    body = LESSON_BODY.format(title=lesson_title.lower())
                    module.add_child(
                        instance=LessonPage(
                            title=lesson_title,
                            slug=f"{_slug(lesson_title)}-{i + 1}",
                            summary=lesson_title,
                            required=i != 3,
                            body=[("paragraph", RichText(f"<p>{body}</p>"))],
                            reflection_prompt=REFLECTION,
                        )
                    )
                    made_lessons += 1
        return (
            f"{CoursePage.objects.filter(locale__language_code='en').count()} courses, "
            f"{LessonPage.objects.filter(locale__language_code='en').count()} lessons "
            f"(+{made_lessons})"
        )

    def learning(self) -> str:
        from academy.models import (
            Certificate,
            CheckAttempt,
            Cohort,
            CoursePage,
            Enrolment,
            LessonPage,
            LessonProgress,
        )

        courses = list(CoursePage.objects.filter(locale__language_code="en").order_by("path"))
        lessons = {}
        for course in courses:
            lessons[course.pk] = list(
                LessonPage.objects.descendant_of(course)
                .filter(locale=course.locale)
                .order_by("path")
                .values_list("translation_key", "required", "check_questions")
            )
        key = next(c for c in courses if c.slug == KEY_COURSE)
        key_cohort = Cohort.objects.get(course=key, name=KEY_COHORT)
        key_cohort.capacity = 2000
        key_cohort.save(update_fields=["capacity"])
        # Every other course: a running cohort and one starting later.
        running = {key.pk: key_cohort}
        for n, course in enumerate(courses):
            if course.pk in running:
                continue
            cohort = Cohort.objects.filter(course=course).order_by("starts_on").first()
            if cohort is None or cohort.enrolment_mode != Cohort.Mode.OPEN:
                cohort = Cohort.objects.create(
                    course=course,
                    name=f"{SEASONS[n % 4]} {self.today.year} cohort",
                    starts_on=self.today - datetime.timedelta(days=7 * (n % 6) + 7),
                    time_zone=ZONE_LIST[n % len(ZONE_LIST)],
                    capacity=1000,
                    language="fr" if n % 5 == 0 else "en",
                )
            running[course.pk] = cohort
            Cohort.objects.create(
                course=course,
                name=f"{SEASONS[(n + 2) % 4]} {self.today.year + 1} cohort",
                starts_on=self.today + datetime.timedelta(days=30 + 7 * (n % 8)),
                time_zone=ZONE_LIST[(n + 3) % len(ZONE_LIST)],
                capacity=60,
            )

        learner = self.by_email[LEARNER]
        taken = set(Enrolment.objects.values_list("cohort__course_id", "user_id"))
        done_keys = set(LessonProgress.objects.values_list("user_id", "lesson_key"))
        enrolments, pairs = [], []
        # The key course: 1,500 learners. The key learner: every other open course.
        for user in self.participants[:1500]:
            pairs.append((key, user))
        for course in courses:
            if course.pk != key.pk and running[course.pk].enrolment_mode == Cohort.Mode.OPEN:
                pairs.append((course, learner))
        others = [c for c in courses if c.pk != key.pk]
        for n, user in enumerate(self.participants):
            for course in self.rng.sample(others, 3 + n % 2):
                pairs.append((course, user))
        progress, attempts, certificates = [], [], []
        finished = 0
        budget = VOLUME["progress_rows"] - LessonProgress.objects.count()
        for course, user in pairs:
            if (course.pk, user.pk) in taken:
                continue
            taken.add((course.pk, user.pk))
            cohort = running[course.pk]
            active = self.now - datetime.timedelta(hours=self.rng.randint(1, 24 * 40))
            enrolments.append(
                Enrolment(cohort=cohort, user=user, status="enrolled", last_active_at=active)
            )
            course_lessons = lessons[course.pk]
            # Most learners are part of the way through; some have finished.
            done = min(
                len(course_lessons),
                int(self.rng.triangular(0, len(course_lessons) + 4, len(course_lessons) * 0.8)),
            )
            if user.pk == learner.pk:
                # The key learner finished three courses (certificates), half of the others.
                finished += 1
                done = len(course_lessons) if finished <= 3 else len(course_lessons) // 2
            for lesson_key, _required, checks in course_lessons[:done]:
                if budget <= 0 or (user.pk, lesson_key) in done_keys:
                    continue
                done_keys.add((user.pk, lesson_key))
                progress.append(
                    LessonProgress(
                        user=user, lesson_key=lesson_key, course_key=course.translation_key
                    )
                )
                budget -= 1
                if len(checks):
                    attempts.append(
                        CheckAttempt(
                            user=user,
                            lesson_key=lesson_key,
                            course_key=course.translation_key,
                            nonce=uuid.uuid4(),
                            answers={},
                            score=self.rng.choice([67, 100]),
                            passed=True,
                        )
                    )
            if done == len(course_lessons) and course_lessons:
                certificates.append(
                    Certificate(
                        code=secrets.token_hex(12).upper()[:24],
                        user=user,
                        course=course,
                        cohort=cohort,
                        learner_name=user.full_name,
                        hours=course.estimated_hours,
                    )
                )
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        LessonProgress.objects.bulk_create(progress, batch_size=5000)
        CheckAttempt.objects.bulk_create(attempts, batch_size=5000)
        Certificate.objects.bulk_create(certificates, batch_size=2000, ignore_conflicts=True)
        return (
            f"{Enrolment.objects.count()} enrolments, {LessonProgress.objects.count()} "
            f"progress rows, {CheckAttempt.objects.count()} check attempts, "
            f"{Certificate.objects.count()} certificates"
        )

    # --- Webinars ---

    def webinar_pages(self) -> str:
        from network.models import Topic
        from webinars.models import WebinarIndexPage, WebinarPage, WebinarSeriesPage

        index = WebinarIndexPage.objects.get(locale__language_code="en")
        series = list(WebinarSeriesPage.objects.child_of(index).order_by("path"))
        topics = list(Topic.objects.filter(locale__language_code="en").order_by("pk"))
        have = WebinarPage.objects.filter(locale__language_code="en").count()
        through = WebinarPage.topics.through
        links = []
        for n in range(VOLUME["webinar_sessions"] - have):
            parent = series[n % len(series)]
            title = f"{SESSION_TITLES[n % len(SESSION_TITLES)]} ({MONTHS[n % 12]} edition)"
            # Two thirds in the past (with recordings), a third to come, over four years.
            days = -7 * (n % 130) - 3 if n % 3 else 5 + 4 * (n % 60)
            zone = ZONE_LIST[n % len(ZONE_LIST)]
            local = datetime.datetime.combine(
                self.today + datetime.timedelta(days=days), datetime.time(12 + n % 3)
            )
            past = days < 0
            language = ["en", "en", "fr", "bilingual", "interpreted"][n % 5]
            page = WebinarPage(
                title=title,
                slug=f"{_slug(title)}-{n + 1}",
                starts_at=timezone.make_aware(local, _zone(zone)),
                time_zone=zone,
                duration_minutes=[60, 60, 75, 90][n % 4],
                delivery_language=language,
                capacity=[100, 150, 300, 500][n % 4],
                summary=SESSION_SUMMARY,
                speakers=[
                    ("speaker", {"name": f"{a} {b}", "role": role})
                    for a, b, role in SPEAKERS[n % len(SPEAKERS)]
                ],
                join_url=f"https://meet.example.org/hub/webinar-{n + 1}",
                recording_url=f"https://www.youtube.com/watch?v=hubBench{n:04d}" if past else "",
                chapters=[("chapter", {"time": t, "title": c}) for t, c in CHAPTERS]
                if past
                else [],
            )
            parent.add_child(instance=page)
            links += [
                through(webinarpage_id=page.pk, topic_id=topics[(n + i) % len(topics)].pk)
                for i in range(2)
            ]
        through.objects.bulk_create(links, batch_size=1000)
        return f"{WebinarPage.objects.filter(locale__language_code='en').count()} sessions"

    def registrations(self) -> str:
        from webinars.models import Registration, WebinarPage

        sessions = list(
            WebinarPage.objects.filter(locale__language_code="en").order_by("starts_at")
        )
        key = next(s for s in sessions if s.slug == KEY_RECORDING)
        taken = set(Registration.objects.values_list("session_id", "email"))
        budget = VOLUME["registrations"] - len(taken)
        people = self.participants
        rows = []
        shares = {key.pk: 450}  # the key recording: full, and a waitlist
        rest = budget - 450
        others = [s for s in sessions if s.pk != key.pk]
        for n, session in enumerate(others):
            shares[session.pk] = rest // (len(others) - n)
            rest -= shares[session.pk]
        for session in sessions:
            want = shares[session.pk]
            start = self.rng.randrange(len(people))
            held = Registration.objects.filter(session=session, status="registered").count()
            for i in range(want):
                user = people[(start + i * 7) % len(people)]
                if (session.pk, user.email) in taken:
                    continue
                taken.add((session.pk, user.email))
                seat = held < session.capacity
                held += seat
                past = session.ends_at <= self.now
                rows.append(
                    Registration(
                        session=session,
                        user=user,
                        email=user.email,
                        full_name=user.full_name,
                        organisation="",
                        role=ROLES[i % len(ROLES)],
                        language=user.language,
                        consent=True,
                        status="registered" if seat else "waitlisted",
                        attended=(i % 3 != 0) if past and seat else None,
                    )
                )
        Registration.objects.bulk_create(rows, batch_size=2000)
        return (
            f"{Registration.objects.count()} registrations "
            f"({Registration.objects.filter(session=key).count()} on the key recording)"
        )

    # --- Office hours ---

    def office_hours(self) -> str:
        from django.contrib.auth.models import Group

        from network.models import EXPERTS_GROUP, ExpertProfile, Topic, User
        from webinars.office_hours.models import (
            Availability,
            Booking,
            OfficeHoursExpert,
            OfficeHoursPage,
            WeeklyWindow,
        )
        from webinars.office_hours.slots import open_slots

        have = ExpertProfile.objects.count()
        specs = []
        for n in range(VOLUME["experts"] - have):
            first, last = EXPERT_NAMES[n % len(EXPERT_NAMES)]
            zone = ZONE_LIST[n % len(ZONE_LIST)]
            specs.append(
                (
                    f"expert.{_slug(first)}.{_slug(last)}@hub.example",
                    f"{first} {last}",
                    "fr" if n % 4 == 0 else "en",
                    zone,
                )
            )
        users = self._users(specs, staff=True)
        experts_group = Group.objects.get(name=EXPERTS_GROUP)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=experts_group.pk) for u in users]
        )
        profiles = [
            ExpertProfile(
                user=u,
                bio=EXPERT_BIOS[n % len(EXPERT_BIOS)],
                languages=["fr", "en"] if u.language == "fr" else ["en"],
                jurisdictions=["CA"] if n % 2 else ["US"],
                time_zone=u.time_zone,
                weekly_capacity=5 + n % 6,
            )
            for n, u in enumerate(users)
        ]
        ExpertProfile.objects.bulk_create(profiles)
        profiles = list(ExpertProfile.objects.filter(user__in=users).order_by("pk"))
        topics = list(Topic.objects.filter(locale__language_code="en").order_by("pk"))
        ExpertProfile.topics.through.objects.bulk_create(
            [
                ExpertProfile.topics.through(expertprofile_id=p.pk, topic_id=topics[(n + i) % 7].pk)
                for n, p in enumerate(profiles)
                for i in range(3)
            ]
        )
        # Eight weeks ahead for everyone, the demo's experts included.
        Availability.objects.update(horizon_days=7 * VOLUME["slot_weeks"])
        availabilities = [
            Availability(
                expert=p,
                slot_minutes=[30, 45, 60][n % 3],
                buffer_minutes=10,
                min_notice_hours=24,
                horizon_days=7 * VOLUME["slot_weeks"],
                meeting_url=f"https://meet.example.org/hub/office-hours/{p.user_id}",
            )
            for n, p in enumerate(profiles)
        ]
        Availability.objects.bulk_create(availabilities)
        windows = []
        for n, a in enumerate(Availability.objects.filter(expert__in=profiles).order_by("pk")):
            for d in range(2 + n % 2):
                start = 9 + (n + d) % 6
                windows.append(
                    WeeklyWindow(
                        availability=a,
                        weekday=(n + 2 * d) % 5,
                        sort_order=d,
                        starts=datetime.time(start),
                        ends=datetime.time(start + 2),
                    )
                )
        WeeklyWindow.objects.bulk_create(windows)
        page = OfficeHoursPage.objects.get(locale__language_code="en")
        order = page.programme_experts.count()
        OfficeHoursExpert.objects.bulk_create(
            [
                OfficeHoursExpert(page=page, expert=p, sort_order=order + n)
                for n, p in enumerate(profiles)
            ]
        )
        # One slot in six is booked, by member cities' members.
        experts = ExpertProfile.objects.filter(pk__in=page.expert_ids())
        slots = open_slots(experts, start=self.now + datetime.timedelta(days=1))
        by_pk = {p.pk: p for p in ExpertProfile.objects.select_related("availability")}
        bookings = []
        for n, slot in enumerate(slots[::6]):
            city = self.member_cities[n % len(self.member_cities)]
            booker = (self.members_of.get(city.pk) or self.participants)[0]
            expert = by_pk[slot.expert_id]
            bookings.append(
                Booking(
                    programme=page,
                    expert=expert,
                    organisation=city,
                    booked_by=booker,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    topic=topics[n % 7],
                    questions=BOOKING_QUESTIONS[n % len(BOOKING_QUESTIONS)],
                    language=booker.language,
                    meeting_url=expert.availability.meeting_url,
                )
            )
        Booking.objects.bulk_create(bookings, batch_size=1000)
        return (
            f"{ExpertProfile.objects.count()} experts, {len(slots)} open slots over "
            f"{VOLUME['slot_weeks']} weeks, {len(bookings)} bookings"
        )

    # --- Help desk ---

    def help_desk(self) -> str:
        from helpdesk.models import Event, HelpRequest, Message, new_reference
        from network.models import ExpertProfile, Topic

        key = HelpRequest.objects.get(summary__startswith=KEY_REQUEST)
        experts = list(ExpertProfile.objects.select_related("user").order_by("pk"))
        amara = next(e for e in experts if e.user.email == EXPERT)
        topics = list(Topic.objects.filter(locale__language_code="en").order_by("pk"))
        statuses = [
            "new",
            "assigned",
            "in_progress",
            "waiting",
            "resolved",
            "closed",
            "resolved",
            "closed",
            "in_progress",
            "resolved",
        ]
        references = set(HelpRequest.objects.values_list("reference", flat=True))
        rows = []
        count = VOLUME["help_requests"] - HelpRequest.objects.count()
        for n in range(count):
            city = self.member_cities[n % len(self.member_cities)]
            requester = (self.members_of.get(city.pk) or self.participants)[
                n % 3 % max(1, len(self.members_of.get(city.pk, [])))
            ]
            status = statuses[n % len(statuses)]
            created = self.now - datetime.timedelta(hours=3 + 5 * n + self.rng.randint(0, 4))
            assignee = (
                None if status == "new" else (amara if n % 8 == 1 else experts[n % len(experts)])
            )
            answered = status not in ("new", "assigned")
            first = created + datetime.timedelta(minutes=self.rng.randint(20, 60 * 30))
            reference = new_reference()
            while reference in references:
                reference = new_reference()
            references.add(reference)
            subject, subject_fr = REQUEST_SUMMARIES[n % len(REQUEST_SUMMARIES)]
            french = city.region == "CA-QC" or n % 7 == 0
            rows.append(
                HelpRequest(
                    reference=reference,
                    organisation=city,
                    requester=requester,
                    country=city.country,
                    region=city.region,
                    language="fr" if french else "en",
                    urgency=["routine", "urgent", "routine", "at_risk"][n % 4],
                    sensitivity="restricted" if n % 6 == 0 else "standard",
                    summary=subject_fr if french else subject,
                    details=REQUEST_DETAILS_FR if french else REQUEST_DETAILS,
                    status=status,
                    assignee=assignee,
                    assigned_at=created if assignee else None,
                    routing_reasons=[{"code": "topics", "params": {"matched": 1, "wanted": 2}}]
                    if assignee
                    else [],
                    created_at=created,
                    first_response_at=first if answered else None,
                    first_response_due=created + datetime.timedelta(hours=8),
                    resolution_due=created + datetime.timedelta(days=5),
                    breached_at=created + datetime.timedelta(hours=8) if n % 11 == 0 else None,
                    resolved_at=created + datetime.timedelta(days=2)
                    if status in ("resolved", "closed")
                    else None,
                    closed_at=created + datetime.timedelta(days=15) if status == "closed" else None,
                    rating=[3, 3, 2, 1, 3][n % 5] if status == "resolved" else None,
                )
            )
        HelpRequest.objects.bulk_create(rows, batch_size=1000)
        made = list(
            HelpRequest.objects.filter(reference__in=[r.reference for r in rows])
            .order_by("pk")
            .select_related("requester", "assignee__user")
        )
        Topics = HelpRequest.topics.through
        Topics.objects.bulk_create(
            [
                Topics(helprequest_id=r.pk, topic_id=topics[(n + i * 3) % len(topics)].pk)
                for n, r in enumerate(made)
                for i in range(1 + n % 2)
            ],
            batch_size=5000,
        )
        Consulted = HelpRequest.consulted.through
        Consulted.objects.bulk_create(
            [
                Consulted(helprequest_id=r.pk, expertprofile_id=amara.pk)
                for r in made[::15]
                if r.assignee_id != amara.pk
            ],
            batch_size=5000,
        )
        events = []
        for r in made:
            events.append(
                Event(request=r, kind="filed", actor=r.requester, created_at=r.created_at)
            )
            if r.assignee_id:
                events.append(
                    Event(
                        request=r,
                        kind="routed",
                        created_at=r.created_at,
                        detail={"expert": r.assignee_id},
                    )
                )
        # The key request: a long crisis, 1,200 messages and a status change every so often.
        key_messages = 1200
        messages = []
        lead = self.by_email[CITY_LEAD]
        for i in range(key_messages):
            expert_turn = i % 2 == 1
            messages.append(
                Message(
                    request=key,
                    author=amara.user if expert_turn else lead,
                    body=CONVERSATION[i % len(CONVERSATION)],
                    internal=expert_turn and i % 10 == 3,
                    created_at=key.created_at + datetime.timedelta(minutes=5 + i),
                )
            )
            if i % 100 == 50:
                events.append(
                    Event(
                        request=key,
                        kind="status",
                        actor=amara.user,
                        created_at=key.created_at + datetime.timedelta(minutes=5 + i),
                        detail={"from": "waiting", "to": "in_progress"},
                    )
                )
        Event.objects.bulk_create(events, batch_size=5000)
        rest = VOLUME["messages"] - Message.objects.count() - key_messages
        for i in range(rest):
            r = made[i % len(made)]
            expert_turn = i % 2 == 1 and r.assignee is not None
            messages.append(
                Message(
                    request=r,
                    author=r.assignee.user if expert_turn else r.requester,
                    body=CONVERSATION[(i * 5) % len(CONVERSATION)],
                    internal=expert_turn and i % 9 == 1,
                    created_at=r.created_at + datetime.timedelta(minutes=30 * (i // len(made) + 1)),
                )
            )
        Message.objects.bulk_create(messages, batch_size=5000)
        open_count = HelpRequest.objects.open().count()
        return (
            f"{HelpRequest.objects.count()} requests ({open_count} open), "
            f"{Message.objects.count()} messages "
            f"({Message.objects.filter(request=key).count()} on the key request), "
            f"{Event.objects.count()} events"
        )


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)


def _zone(name: str):
    import zoneinfo

    return zoneinfo.ZoneInfo(name)


# --- Vocabulary: real places, plausible people, the hub's own subjects ---

CITIES = [
    ("Calgary", "CA", "AB"),
    ("Red Deer", "CA", "AB"),
    ("Lethbridge", "CA", "AB"),
    ("Surrey", "CA", "BC"),
    ("Burnaby", "CA", "BC"),
    ("Kelowna", "CA", "BC"),
    ("Kamloops", "CA", "BC"),
    ("Nanaimo", "CA", "BC"),
    ("Winnipeg", "CA", "MB"),
    ("Brandon", "CA", "MB"),
    ("Moncton", "CA", "NB"),
    ("Fredericton", "CA", "NB"),
    ("St. John's", "CA", "NL"),
    ("Halifax", "CA", "NS"),
    ("Toronto", "CA", "ON"),
    ("Ottawa", "CA", "ON"),
    ("Mississauga", "CA", "ON"),
    ("Hamilton", "CA", "ON"),
    ("London", "CA", "ON"),
    ("Kitchener", "CA", "ON"),
    ("Windsor", "CA", "ON"),
    ("Guelph", "CA", "ON"),
    ("Charlottetown", "CA", "PE"),
    ("Montréal", "CA", "QC"),
    ("Québec", "CA", "QC"),
    ("Laval", "CA", "QC"),
    ("Gatineau", "CA", "QC"),
    ("Sherbrooke", "CA", "QC"),
    ("Saskatoon", "CA", "SK"),
    ("Regina", "CA", "SK"),
    ("Whitehorse", "CA", "YT"),
    ("Phoenix", "US", "AZ"),
    ("Tucson", "US", "AZ"),
    ("Los Angeles", "US", "CA"),
    ("Oakland", "US", "CA"),
    ("San Diego", "US", "CA"),
    ("Denver", "US", "CO"),
    ("Aurora", "US", "CO"),
    ("Hartford", "US", "CT"),
    ("Atlanta", "US", "GA"),
    ("Chicago", "US", "IL"),
    ("Evanston", "US", "IL"),
    ("Indianapolis", "US", "IN"),
    ("Des Moines", "US", "IA"),
    ("Louisville", "US", "KY"),
    ("New Orleans", "US", "LA"),
    ("Baltimore", "US", "MD"),
    ("Boston", "US", "MA"),
    ("Detroit", "US", "MI"),
    ("Minneapolis", "US", "MN"),
    ("Saint Paul", "US", "MN"),
    ("Kansas City", "US", "MO"),
    ("Omaha", "US", "NE"),
    ("Las Vegas", "US", "NV"),
    ("Albuquerque", "US", "NM"),
    ("Buffalo", "US", "NY"),
    ("Durham", "US", "NC"),
    ("Columbus", "US", "OH"),
    ("Dayton", "US", "OH"),
    ("Portland", "US", "OR"),
    ("Philadelphia", "US", "PA"),
    ("Providence", "US", "RI"),
    ("Nashville", "US", "TN"),
    ("Austin", "US", "TX"),
    ("El Paso", "US", "TX"),
    ("Salt Lake City", "US", "UT"),
    ("Burlington", "US", "VT"),
    ("Richmond", "US", "VA"),
    ("Seattle", "US", "WA"),
    ("Spokane", "US", "WA"),
    ("Tacoma", "US", "WA"),
    ("Madison", "US", "WI"),
    ("Milwaukee", "US", "WI"),
    ("Charleston", "US", "SC"),
    ("Anchorage", "US", "AK"),
]

COMMUNITY_KINDS = [
    ("{city} Interfaith Council", "community"),
    ("{city} Youth Alliance", "community"),
    ("{city} Newcomers' Network", "community"),
    ("{city} Community Foundation", "partner"),
]

ZONES = {
    "CA-AB": "America/Edmonton",
    "CA-BC": "America/Vancouver",
    "CA-MB": "America/Winnipeg",
    "CA-NB": "America/Moncton",
    "CA-NL": "America/St_Johns",
    "CA-NS": "America/Halifax",
    "CA-ON": "America/Toronto",
    "CA-PE": "America/Halifax",
    "CA-QC": "America/Toronto",
    "CA-SK": "America/Regina",
    "CA-YT": "America/Whitehorse",
    "US-AZ": "America/Phoenix",
    "US-CA": "America/Los_Angeles",
    "US-OR": "America/Los_Angeles",
    "US-WA": "America/Los_Angeles",
    "US-NV": "America/Los_Angeles",
    "US-CO": "America/Denver",
    "US-NM": "America/Denver",
    "US-UT": "America/Denver",
    "US-ID": "America/Boise",
    "US-IL": "America/Chicago",
    "US-MN": "America/Chicago",
    "US-MO": "America/Chicago",
    "US-IA": "America/Chicago",
    "US-NE": "America/Chicago",
    "US-TN": "America/Chicago",
    "US-TX": "America/Chicago",
    "US-WI": "America/Chicago",
    "US-LA": "America/Chicago",
    "US-AK": "America/Anchorage",
}
ZONE_LIST = [
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Edmonton",
    "America/Vancouver",
    "America/Los_Angeles",
    "America/Halifax",
    "America/Regina",
    "America/Denver",
    "America/St_Johns",
]

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Ana",
    "Benoît",
    "Carmen",
    "Chloé",
    "Daniel",
    "Deborah",
    "Elena",
    "Émile",
    "Fatima",
    "Gabriel",
    "Grace",
    "Hannah",
    "Hugo",
    "Imani",
    "Isabelle",
    "Jamal",
    "Jasmine",
    "Jordan",
    "Julien",
    "Kai",
    "Kateri",
    "Laila",
    "Léa",
    "Luis",
    "Maya",
    "Mohammed",
    "Nadia",
    "Nathan",
    "Olivia",
    "Omar",
    "Priya",
    "Rafael",
    "Rosa",
    "Samuel",
    "Sofia",
    "Tariq",
    "Thomas",
    "Valérie",
    "Wei",
    "Yasmin",
    "Zoé",
    "Marc",
    "Nora",
    "Paul",
    "Ruth",
    "Simon",
    "Tanya",
    "Yves",
]
LAST_NAMES = [
    "Abebe",
    "Bergeron",
    "Bouchard",
    "Chen",
    "Cohen",
    "Diallo",
    "Dubois",
    "Fernandez",
    "Gagnon",
    "García",
    "Goldberg",
    "Haddad",
    "Hernandez",
    "Ibrahim",
    "Jackson",
    "Johnson",
    "Khan",
    "Kim",
    "Lavoie",
    "Lee",
    "Martin",
    "Mendoza",
    "Morin",
    "Nguyen",
    "Okafor",
    "Patel",
    "Pelletier",
    "Ramirez",
    "Roy",
    "Singh",
    "Smith",
    "Tremblay",
    "Walker",
    "Williams",
    "Wong",
    "Yazzie",
    "Begay",
    "Thunderbird",
    "Sandoval",
    "Moreau",
    "Lefebvre",
    "Ortiz",
    "Kaur",
    "Ahmed",
    "Novak",
    "Kowalski",
    "Rossi",
    "Silva",
    "Park",
    "Thompson",
]
EXPERT_NAMES = [(FIRST_NAMES[(i * 7) % 50], LAST_NAMES[(i * 11 + 3) % 50]) for i in range(35)]
EXPERT_BIOS = [
    "Former city manager; helps councils set up prevention advisory boards.",
    "Public-health researcher on risk and protective factors for targeted violence.",
    "Advises municipalities on protecting elected officials from threats and doxing.",
    "Designs small-grant programmes for community-based prevention.",
    "Works with faith communities on recovery and cohesion after attacks.",
    "Evaluates municipal prevention programmes with transparent, shared indicators.",
    "Specialist in online harms and their offline impact on local communities.",
]

COURSES = [
    (
        "Countering anti-government hate",
        "Contrer la haine anti-gouvernement",
        "Threats, harassment and doxing of officials and staff: preparing and responding.",
    ),
    (
        "Mapping local risks and resources",
        "Cartographier les risques et les ressources locales",
        "A comprehensive and inclusive mapping of challenges, needs and services.",
    ),
    (
        "Building a prevention strategy",
        "Bâtir une stratégie de prévention",
        "From a council mandate to a resourced, data-driven, long-term framework.",
    ),
    (
        "Small grants for community prevention",
        "Petites subventions pour la prévention",
        "Designing, awarding and following small grants to community organisations.",
    ),
    (
        "After an attack: the first year",
        "Après une attaque : la première année",
        "What mayors and cities do in the hours, months and year after an attack.",
    ),
    (
        "Whole-of-society coordination",
        "Coordination de l'ensemble de la société",
        "Police, schools, health services and faith leaders at one table.",
    ),
    (
        "Evaluating prevention programmes",
        "Évaluer les programmes de prévention",
        "Transparent evaluation, shared indicators and learning from results.",
    ),
    (
        "Online harms for municipal staff",
        "Préjudices en ligne pour le personnel municipal",
        "How threats that start online reach local communities, and what staff can do.",
    ),
]
MODULE_TITLES = [
    "Why prevention is a city's business",
    "Knowing your city",
    "Partners and mandates",
    "Designing the response",
    "Resources and funding",
    "Communicating with residents",
    "Learning from results",
    "Sustaining the work",
]
LESSON_TITLES = [
    "Primary, secondary and tertiary prevention",
    "Reading local hate-incident data",
    "Who is already doing the work",
    "Setting up a liaison",
    "Writing an advisory board mandate",
    "Choosing what to fund",
    "Training community organisations",
    "Networking partners",
    "Indicators that matter",
    "When a councillor is threatened",
    "Talking to the press",
    "Supporting targeted communities",
    "Schools as partners",
    "Faith leaders as partners",
    "Police and prevention",
    "Budgeting for prevention",
    "A first-year workplan",
    "Reporting to council",
    "Online threats, local harm",
    "Recovery and remembrance",
]
MORE_KEY_MODULES = [
    (
        "peer-dialogue-1",
        "Peer dialogue: cities compare notes",
        ["What worked in Pittsburgh", "What worked in Edmonton", "Questions for your peers"],
    ),
    (
        "threat-briefings",
        "Threat briefings for city leaders",
        ["Reading a threat assessment", "Briefing your council", "Sharing with partners"],
    ),
    (
        "faith-and-civic",
        "Faith and civic leadership",
        ["Faith communities as partners", "Interfaith tables", "Healing after division"],
    ),
    (
        "youth",
        "Working with young people",
        ["Youth advisory councils", "Schools and prevention", "Online spaces young people use"],
    ),
    (
        "sustaining",
        "Sustaining the work",
        ["Multi-year funding", "Keeping partners at the table", "Telling the story of impact"],
    ),
]
LESSON_BODY = (
    "This lesson looks at {title} through the public-health approach the hub's academies "
    "teach: understand the local picture first, bring the people already doing the work to "
    "the table, fund what communities propose, and evaluate openly. Member cities such as "
    "Edmonton, Boise, Brampton and Victoria share what they tried and what they would do "
    "differently."
)
REFLECTION = "What would this look like in your city, and who would you call first?"
SEASONS = ["Winter", "Spring", "Summer", "Fall"]

SESSION_TITLES = [
    "Keeping dialogue open when a war abroad divides your city",
    "Protecting election workers and local officials",
    "Urban design and safer public spaces",
    "Working with universities on local hate data",
    "Small grants that reach grassroots organisations",
    "Responding to hate incidents at schools",
    "Faith communities and civic trust",
    "Incivility towards municipal councils",
    "Online hate campaigns against city staff",
    "Building a multi-actor prevention table",
    "Supporting communities after an attack",
    "Evaluating what your city funds",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SESSION_SUMMARY = (
    "Mayors, city staff and community partners from across the network share practices "
    "cities can use the next day, followed by questions from participants."
)
SPEAKERS = [
    [("Amara", "Okafor", "Hub expert"), ("Jordan", "Lee", "City of Surrey")],
    [("Luc", "Tremblay", "Hub expert"), ("Isabelle", "Gagnon", "Ville de Laval")],
    [("Dana", "Whitfield", "Hub expert"), ("Samuel", "Cohen", "City of Columbus")],
]
CHAPTERS = [("0:00", "Welcome"), ("5:00", "Presentations"), ("40:00", "Questions")]
ROLES = ["elected", "staff", "staff", "police", "community", "education", "health", "faith"]
BOOKING_QUESTIONS = [
    "Our council wants to set up a prevention advisory board. Who should sit on it?",
    "How do we fund community organisations without them losing their independence?",
    "Une élue reçoit des menaces en ligne : comment la soutenir et que dire publiquement ?",
    "We are mapping local services. Which data should we start with?",
]
REQUEST_SUMMARIES = [
    (
        "Threats against a councillor after a vote on a resolution",
        "Menaces contre une conseillère après un vote sur une résolution",
    ),
    (
        "Flyers from a hate group left at a mosque and a synagogue",
        "Tracts d'un groupe haineux déposés devant une mosquée et une synagogue",
    ),
    (
        "City staff harassed online over a Pride proclamation",
        "Personnel municipal harcelé en ligne après une proclamation de la Fierté",
    ),
    (
        "Tensions at council meetings over a conflict abroad",
        "Tensions aux séances du conseil à propos d'un conflit à l'étranger",
    ),
    (
        "Advice on a statement after vandalism at a community centre",
        "Conseils pour une déclaration après du vandalisme au centre communautaire",
    ),
    (
        "Setting up a rapid-response protocol with police and schools",
        "Mettre en place un protocole d'intervention rapide avec la police et les écoles",
    ),
]
REQUEST_DETAILS = (
    "We would like advice within the week on how to respond, who to involve and what the "
    "city should say publicly. Police have been informed where needed."
)
REQUEST_DETAILS_FR = (
    "Nous aimerions des conseils cette semaine : comment réagir, qui associer et que doit "
    "dire la ville publiquement. La police a été informée au besoin."
)
CONVERSATION = [
    "Thank you for the update. Can you tell us who at the city is the contact for police?",
    "The councillor is safe tonight; police have a patrol plan around her home.",
    "Here is a short checklist for the next 48 hours; the first three items matter most.",
    "The platform removed two of the posts; a third is still under review.",
    "Our communications team drafted a statement: could you read it before we publish?",
    "Merci pour votre réponse rapide. Nous avons transmis la liste à la direction générale.",
    "A second channel reposted the address this morning; we reported it as well.",
    "Agreed: one spokesperson, and no comment on the group's name for now.",
]
