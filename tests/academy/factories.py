"""Academy rows for tests: a course of its own (academy, course, module, lessons), cohorts
and enrolments, built here rather than read from the demo."""

import datetime
import itertools

import factory
from django.utils import timezone

from academy.models import AcademyPage, Cohort, CoursePage, Enrolment, LessonPage, ModulePage
from pages.models import HomePage
from tests.network.factories import UserFactory

_numbers = itertools.count(1)


def build_course(*, lessons: int = 2, self_paced: bool = False) -> CoursePage:
    """A live course under an academy of its own, with one module open on day one and
    `lessons` lessons in it."""
    n = next(_numbers)
    home = HomePage.objects.get(locale__language_code="en")
    academy = home.add_child(instance=AcademyPage(title=f"Academy {n}", slug=f"test-academy-{n}"))
    course = academy.add_child(
        instance=CoursePage(
            title=f"Course {n}",
            slug=f"test-course-{n}",
            summary="A course built for a test.",
            self_paced=self_paced,
        )
    )
    module = course.add_child(instance=ModulePage(title="Week 1", slug="week-1"))
    for i in range(1, lessons + 1):
        module.add_child(instance=LessonPage(title=f"Lesson {i}", slug=f"lesson-{i}"))
    return course


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.LazyFunction(build_course)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))

    @factory.post_generation
    def facilitators(cohort, create, extracted, **kwargs):
        if create and extracted:
            cohort.facilitators.set(extracted)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    status = Enrolment.Status.ENROLLED
