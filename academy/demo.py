"""The academies' demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

Facts from the hub's impact report: a US academy with a ten-week virtual course (50+
officials from 37 cities), an academy for Canadian municipalities, and one for British
Columbia with a General Track and a Deep Dive Track for eight municipalities.
"""

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from network.models import User

from .models import (
    AcademyPage,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
)

ACADEMIES = [
    ("prevention-academy-us", "Prevention Academy US", "Académie de prévention États-Unis",
     "With the National League of Cities: a ten-week virtual course, one-to-one support from "
     "prevention experts, peer dialogues and the crisis help desk."),
    ("prevention-academy-canada", "Prevention Academy Canada", "Académie de prévention Canada",
     "For Canadian municipalities facing rising hate, polarisation and incivility towards "
     "local officials, with monthly peer dialogues and webinars."),
    ("prevention-academy-bc", "Prevention Academy for BC Municipalities",
     "Académie de prévention pour les municipalités de la C.-B.",
     "Countering online harms: a General Track open to every municipality in the province and "
     "a Deep Dive Track for eight municipalities over 20 months."),
]  # fmt: skip

# Ten weekly modules of the US course: (slug, title, summary, lessons)
MODULES = [
    ("public-health-approach", "A public-health approach to prevention",
     "Why prevention works like public health: primary, secondary and tertiary prevention.",
     [("levels-of-prevention", "Three levels of prevention"), ("risk-and-protective-factors", "Risk and protective factors")]),
    ("mapping-your-city", "Mapping your city", "Understanding local risks, needs and the services already there.",
     [("needs-assessments", "Needs and vulnerabilities assessments")]),
    ("roadmap-steps-1-3", "The roadmap, steps 1 to 3", "Advisory boards, a shared definition of the problem, and a mandate.",
     [("advisory-board", "Setting up an advisory board")]),
    ("roadmap-steps-4-7", "The roadmap, steps 4 to 7", "Small grants, training and partnerships with community organisations.",
     [("small-grants", "Small grants for community prevention")]),
    ("roadmap-steps-8-10", "The roadmap, steps 8 to 10", "Evaluation, learning and sustaining the work.",
     [("evaluation", "Evaluating what you fund")]),
    ("coordination", "Whole-of-city coordination", "Departments, police, schools and faith leaders at one table.",
     [("multi-actor-working-groups", "Multi-actor working groups")]),
    ("online-harms", "Online harms, offline impact", "How online threats reach local communities.",
     [("from-online-to-offline", "From online threats to local harm")]),
    ("protecting-officials", "Protecting officials and staff", "Anti-government hate, harassment and doxing.",
     [("when-a-councillor-is-doxed", "When a councillor is doxed")]),
    ("responding-to-attacks", "Responding to attacks", "The first hours, months and years after an attack.",
     [("first-72-hours", "The first 72 hours")]),
    ("your-action-plan", "Your city's action plan", "Turning the course into a plan for your city.",
     [("writing-the-plan", "Writing the plan")]),
]  # fmt: skip


def load(*, home_en, translate, child, organisations):
    academies = {}
    for slug, title, title_fr, introduction in ACADEMIES:
        academy = child(home_en, AcademyPage, slug, title, introduction=introduction)
        translate(academy, title=title_fr, slug=f"{slug}-fr")
        academies[slug] = academy

    course = child(
        academies["prevention-academy-us"], CoursePage, "city-led-prevention", "City-led prevention: a ten-week course",
        summary="A ten-week virtual course for city officials on preventing hate and targeted violence "
        "with a public-health approach, from mapping your city to writing your action plan.",
        outcomes=RichText("<ul><li>Explain the public-health approach to prevention</li>"
                          "<li>Map local risks, needs and partners</li>"
                          "<li>Draft an action plan following the 10-step roadmap</li></ul>"),
        estimated_hours=20, completion_rule="Complete every required lesson.",
    )  # fmt: skip
    translate(
        course, title="La prévention menée par les villes : un cours de dix semaines",
        slug="prevention-menee-par-les-villes",
        summary="Un cours virtuel de dix semaines pour les responsables municipaux sur la prévention "
        "de la haine et de la violence ciblée selon une approche de santé publique.",
    )  # fmt: skip
    lessons = []
    for week, (slug, title, summary, module_lessons) in enumerate(MODULES):
        module = child(
            course, ModulePage, slug, title, summary=summary, release_offset_days=7 * week
        )
        for lesson_slug, lesson_title in module_lessons:
            lessons.append(
                child(
                    module,
                    LessonPage,
                    lesson_slug,
                    lesson_title,
                    summary=summary,
                    body=[
                        (
                            "paragraph",
                            RichText(
                                f"<p>{summary} This lesson draws on what member "
                                "cities learned in the hub's academies and convenings.</p>"
                            ),
                        )
                    ],
                    reflection_prompt="What would this look like in your city?",
                )  # fmt: skip
            )

    today = timezone.localdate()
    running = Cohort.objects.update_or_create(
        course=course, name="Fall cohort",
        defaults={"starts_on": today - datetime.timedelta(days=35), "time_zone": "America/New_York",
                  "capacity": 50, "enrolment_mode": Cohort.Mode.OPEN},
    )[0]  # fmt: skip
    Cohort.objects.update_or_create(
        course=course, name="Spring cohort",
        defaults={"starts_on": today + datetime.timedelta(days=60), "time_zone": "America/Chicago",
                  "capacity": 30, "enrolment_mode": Cohort.Mode.OPEN},
    )  # fmt: skip

    learner = User.objects.get(email="official.boise@hub.example")
    Enrolment.objects.update_or_create(
        cohort=running, user=learner, defaults={"status": Enrolment.Status.ENROLLED}
    )
    for lesson in lessons[:5]:  # halfway through the released weeks
        LessonProgress.objects.get_or_create(
            user=learner, lesson_key=lesson.translation_key,
            defaults={"course_key": course.translation_key},
        )  # fmt: skip
