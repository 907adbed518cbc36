import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.models import Schedule
from wagtail.models import Locale

from academy import tasks
from academy.models import (
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
    ReleaseNotice,
)
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = Enrolment.Status
BASE = "http://testserver"
COURSE_EN = "/en/prevention-academy-us/city-led-prevention/"
COURSE_FR = "/fr/academie-de-prevention-etats-unis/prevention-menee-par-les-villes/"
# Long before the demo's cohorts start, so that only this file's cohorts have anything due.
STARTS_ON = datetime.date(2024, 3, 4)


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def module(course):
    """The second week (opens 7 days after the start)."""
    return ModulePage.objects.get(locale=course.locale, slug="mapping-your-city")


def make_cohort(course, starts_on=STARTS_ON, **fields) -> Cohort:
    return Cohort.objects.create(
        course=course,
        name="Test cohort",
        starts_on=starts_on,
        time_zone="America/Regina",
        **fields,
    )


def enrol(cohort, status=Status.ENROLLED, **user_fields) -> Enrolment:
    return Enrolment.objects.create(cohort=cohort, user=UserFactory(**user_fields), status=status)


def french(page):
    return page.get_translation(Locale.objects.get(language_code="fr")).specific


def translate_to_french(page, **fields):
    """Publish the page's French translation with these fields, replacing the alias that
    wagtail-localize's synchronisation made if the demo did not translate the page."""
    french_page = french(page)
    french_page.alias_of = None
    for name, value in fields.items():
        setattr(french_page, name, value)
    french_page.save_revision().publish()
    return french_page


def by_recipient() -> dict:
    return {message.to[0]: message for message in mail.outbox}


# --- Module released ---


def test_release_notice_goes_once_to_enrolled_learners_in_their_language(
    course, module, django_capture_on_commit_callbacks
):
    module_fr = translate_to_french(module, title="Cartographier votre ville")
    cohort = make_cohort(course)
    english = enrol(cohort, language="en")
    francophone = enrol(cohort, language="fr")
    others = [
        enrol(cohort, status=status)
        for status in (
            Status.APPLIED,
            Status.WAITLISTED,
            Status.DECLINED,
            Status.WITHDRAWN,
            Status.DEFERRED,
        )
    ]
    now = cohort.release_at(module.release_offset_days) + datetime.timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_release_notices(now=now) == 2

    sent = by_recipient()
    assert set(sent) == {english.user.email, francophone.user.email}
    assert not {e.user.email for e in others} & set(sent)
    en, fr = sent[english.user.email], sent[francophone.user.email]
    assert en.subject == "New module open: Mapping your city"
    assert f"{BASE}{COURSE_EN}mapping-your-city/" in en.body
    assert "Cartographier votre ville" in fr.subject
    assert fr.body.startswith(f"Bonjour {francophone.user.get_short_name()},")
    assert module_fr.get_full_url() in fr.body
    assert module_fr.get_full_url().startswith(f"{BASE}{COURSE_FR}")
    assert "L’équipe du Pôle Amérique du Nord" in fr.body
    assert '<html lang="fr">' in fr.alternatives[0][0]
    notices = ReleaseNotice.objects.filter(cohort=cohort)
    assert [notice.module_key for notice in notices] == [module.translation_key]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_release_notices(now=now + datetime.timedelta(minutes=15)) == 0
    assert mail.outbox == []


def test_french_learner_gets_the_original_module_while_its_translation_is_unpublished(
    course, module, django_capture_on_commit_callbacks
):
    ModulePage.objects.filter(pk=french(module).pk).update(live=False)
    cohort = make_cohort(course)
    francophone = enrol(cohort, language="fr")
    now = cohort.release_at(module.release_offset_days) + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_release_notices(now=now)
    (message,) = mail.outbox
    assert message.to == [francophone.user.email]
    assert message.subject == "Nouveau module accessible : Mapping your city"  # English title
    assert f"{BASE}{COURSE_EN}mapping-your-city/" in message.body
    assert message.body.startswith("Bonjour")


def test_no_notice_for_modules_released_long_ago_not_yet_or_in_self_paced_courses(course, module):
    cohort = make_cohort(course)
    enrol(cohort)
    first_week = cohort.release_at(0)
    # Three days into the course: week 1 opened too long ago to announce, week 2 is not open.
    assert tasks.send_release_notices(now=first_week + datetime.timedelta(days=3)) == 0
    assert tasks.send_release_notices(now=cohort.release_at(7) - datetime.timedelta(minutes=1)) == 0
    assert not ReleaseNotice.objects.filter(cohort=cohort).exists()

    CoursePage.objects.filter(pk=course.pk).update(self_paced=True)
    assert tasks.send_release_notices(now=cohort.release_at(7) + datetime.timedelta(hours=1)) == 0
    assert not ReleaseNotice.objects.filter(cohort=cohort).exists()


def test_a_notice_recorded_by_another_run_is_not_sent_again(course, module):
    cohort = make_cohort(course)
    enrol(cohort)
    ReleaseNotice.objects.create(cohort=cohort, module_key=module.translation_key)
    now = cohort.release_at(7) + datetime.timedelta(hours=1)
    assert tasks.send_release_notices(now=now) == 0
    # The race itself: a run that read no notice still sends nothing once one exists.
    assert tasks._announce(cohort, module, modules=None, courses=None) == 0


def release_queries(cohort, learners: int) -> int:
    for n in range(learners):
        enrol(cohort, language=("en", "fr")[n % 2])
    cache.clear()  # Wagtail's cached site root paths: both runs start cold
    with CaptureQueriesContext(connection) as queries:
        sent = tasks.send_release_notices(now=cohort.release_at(7) + datetime.timedelta(hours=1))
    assert sent == learners
    return len(queries)


def test_release_notices_cost_the_same_queries_for_2_or_20_learners(course):
    few = release_queries(make_cohort(course), 2)
    # A month later, so that only this cohort has a module due.
    many = release_queries(make_cohort(course, STARTS_ON + datetime.timedelta(days=30)), 20)
    assert many == few


# --- Nudges ---


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def running(course, now):
    """A cohort a month in: its first five weeks are open."""
    return make_cohort(course, timezone.localdate(now) - datetime.timedelta(days=30))


def quiet(enrolment, days, now, *, seen=True) -> Enrolment:
    """Make the learner last active (or, if never active, enrolled) `days` ago."""
    when = now - datetime.timedelta(days=days)
    if seen:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_active_at=when)
    else:
        Enrolment.objects.filter(pk=enrolment.pk).update(created_at=when, last_active_at=None)
    enrolment.refresh_from_db()
    return enrolment


def complete(enrolment, lessons):
    course = enrolment.cohort.course
    LessonProgress.objects.bulk_create(
        LessonProgress(
            user=enrolment.user, lesson_key=x.translation_key, course_key=course.translation_key
        )
        for x in lessons
    )


def test_nudge_after_two_quiet_weeks_once_towards_the_next_lesson(
    course, running, now, django_capture_on_commit_callbacks
):
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    first_week, second_week = (list(m.lessons()) for m in list(course.modules())[:2])
    away = quiet(enrol(running, full_name="Ada Away"), 15, now)
    complete(away, first_week)
    never_came = quiet(enrol(running, language="fr"), 20, now, seen=False)
    recent = quiet(enrol(running), 13, now)
    gone = quiet(enrol(running, status=Status.WITHDRAWN), 20, now)
    waiting = quiet(enrol(running, status=Status.WAITLISTED), 20, now)
    finished = quiet(enrol(running), 20, now)
    complete(finished, lessons)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_nudges(now=now) == 2

    sent = by_recipient()
    assert set(sent) == {away.user.email, never_came.user.email}
    assert sent[away.user.email].subject.startswith("Pick up where you left off")
    body = sent[away.user.email].body
    assert body.startswith("Hello Ada,")
    assert f"“{second_week[0].title}”" in body
    assert f"{BASE}{COURSE_EN}mapping-your-city/{second_week[0].slug}/" in body
    required = [x for x in lessons if x.required]
    percent = round(100 * sum(x.required for x in first_week) / len(required))
    assert f"You have completed {percent}% of the course" in body
    body_fr = sent[never_came.user.email].body
    assert body_fr.startswith("Bonjour")
    lesson_fr = french(lessons[0])
    assert f"« {lesson_fr.title} »" in body_fr
    assert lesson_fr.get_full_url() in body_fr
    assert lesson_fr.get_full_url().startswith(f"{BASE}{COURSE_FR}")
    nudged = set(Enrolment.objects.filter(nudged_at=now).values_list("pk", flat=True))
    assert nudged == {away.pk, never_came.pk}
    for enrolment in (recent, gone, waiting, finished):
        enrolment.refresh_from_db()
        assert enrolment.nudged_at is None

    # Not again the same day, nor for two weeks; meanwhile the recent one's turn comes.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_nudges(now=now + datetime.timedelta(hours=3)) == 0
        assert tasks.send_nudges(now=now + datetime.timedelta(days=13)) == 1
    assert [message.to for message in mail.outbox] == [[recent.user.email]]


def test_no_nudge_in_a_cohort_started_less_than_two_weeks_ago(course, now):
    cohort = make_cohort(course, timezone.localdate(now) - datetime.timedelta(days=5))
    quiet(enrol(cohort), 40, now, seen=False)  # enrolled long before the start
    assert tasks.send_nudges(now=now) == 0


def test_no_nudge_for_a_learner_who_has_done_everything_released_so_far(course, running, now):
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    open_weeks = [x for x in lessons if x.get_parent().specific.release_offset_days <= 28]
    caught_up = quiet(enrol(running), 20, now)
    complete(caught_up, open_weeks)
    assert tasks.send_nudges(now=now) == 0


def nudge_queries(cohort, learners: int, now) -> int:
    for n in range(learners):
        quiet(enrol(cohort, language=("en", "fr")[n % 2]), 20, now)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert tasks.send_nudges(now=now) == learners
    return len(queries)


def test_nudges_cost_the_same_queries_for_2_or_20_learners(course, running, now):
    few = nudge_queries(running, 2, now)
    many = nudge_queries(make_cohort(course, running.starts_on), 20, now)
    assert many == few


# --- Schedules ---


def test_schedules_exist_after_migrate_and_are_restored_idempotently():
    releases = Schedule.objects.get(name="academy: module release notices")
    assert releases.func == "academy.tasks.send_release_notices"
    assert (releases.schedule_type, releases.minutes) == (Schedule.MINUTES, 15)
    assert releases.repeats == -1  # forever
    nudges = Schedule.objects.get(name="academy: inactivity nudges")
    assert (nudges.func, nudges.schedule_type) == ("academy.tasks.send_nudges", Schedule.DAILY)

    Schedule.objects.filter(pk=releases.pk).update(minutes=60)
    next_run = nudges.next_run
    call_command("migrate", verbosity=0)
    assert Schedule.objects.filter(func__startswith="academy.tasks.").count() == 2
    assert Schedule.objects.get(pk=releases.pk).minutes == 15
    assert Schedule.objects.get(pk=nudges.pk).next_run == next_run
