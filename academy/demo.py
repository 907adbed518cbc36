"""The academies' demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

Facts from the hub's impact report: a US academy with a ten-week virtual course (50+
officials from 37 cities), an academy for Canadian municipalities, and one for British
Columbia with a General Track and a Deep Dive Track for eight municipalities.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.rich_text import RichText

from network.models import User

from . import demo_content
from .certificates import issue_certificate
from .models import (
    AcademyIndexPage,
    AcademyPage,
    Cohort,
    CoursePage,
    Enrolment,
    LessonPage,
    LessonProgress,
    ModulePage,
)

FACILITATORS_GROUP = "Academy facilitators"

ACADEMIES = [
    ("prevention-academy-us", "Prevention Academy US", "Académie de prévention États-Unis",
     "With the National League of Cities: a ten-week virtual course, one-to-one support from "
     "prevention experts, peer dialogues and the crisis help desk.",
     "Avec la National League of Cities : un cours virtuel de dix semaines, un accompagnement "
     "individuel par des experts en prévention, des dialogues entre pairs et le service "
     "d’assistance en cas de crise."),
    ("prevention-academy-canada", "Prevention Academy Canada", "Académie de prévention Canada",
     "For Canadian municipalities facing rising hate, polarisation and incivility towards "
     "local officials, with monthly peer dialogues and webinars.",
     "Pour les municipalités canadiennes confrontées à la montée de la haine, de la "
     "polarisation et de l’incivilité envers les élus locaux, avec des dialogues mensuels "
     "entre pairs et des webinaires."),
    ("prevention-academy-bc", "Prevention Academy for BC Municipalities",
     "Académie de prévention pour les municipalités de la C.-B.",
     "Countering online harms: a General Track open to every municipality in the province and "
     "a Deep Dive Track for eight municipalities over 20 months.",
     "Contrer les préjudices en ligne : un volet général ouvert à toutes les municipalités de "
     "la province et un volet approfondi pour huit municipalités sur 20 mois."),
]  # fmt: skip

ACADEMIES_INTRODUCTION = (
    "Prevention Academies bring city officials together in cohorts to learn how local "
    "government prevents hate and targeted violence: courses with knowledge checks and a "
    "certificate, one-to-one support from experts, and peers facing the same questions.",
    "Les académies de prévention réunissent des responsables municipaux en cohortes pour "
    "apprendre comment l’administration locale prévient la haine et la violence ciblée : des "
    "cours avec vérifications des connaissances et certificat, un accompagnement individuel "
    "par des experts et des pairs qui se posent les mêmes questions.",
)

# Ten weekly modules of the US course: (slug, title, summary, lessons)
MODULES = [
    ("public-health-approach", "A public-health approach to prevention",
     "Why prevention works like public health: primary, secondary and tertiary prevention.",
     [("levels-of-prevention", "Three levels of prevention"), ("risk-and-protective-factors", "Risk and protective factors")]),
    ("mapping-your-city", "Mapping your city", "Understanding local risks, needs and the services already there.",
     [("needs-assessments", "Needs and vulnerabilities assessments")]),
    ("roadmap-steps-1-3", "The roadmap, steps 1 to 5", "Engaging communities, a liaison, a first mapping, and an advisory board with a mandate.",
     [("advisory-board", "Setting up an advisory board")]),
    ("roadmap-steps-4-7", "The roadmap, steps 6 to 9", "Deciding the support, small grants, training and networking for community organisations.",
     [("small-grants", "Small grants for community prevention")]),
    ("roadmap-steps-8-10", "The roadmap, step 10", "Transparent evaluation, learning and sustaining the work.",
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


# Two BC tracks: (slug, title, French title, track, self-paced, summary, French summary, modules)
BC_COURSES = [
    ("online-harms-general-track", "Countering online harms: General Track",
     "Contrer les préjudices en ligne : volet général", CoursePage.Track.GENERAL, True,
     "A self-paced introduction for every municipality in British Columbia: how online hate "
     "and harassment reach local communities, and what a municipality can do.",
     "Une introduction à son rythme pour toutes les municipalités de la Colombie-Britannique : "
     "comment la haine et le harcèlement en ligne atteignent les communautés locales.",
     [("what-online-harms-are", "What online harms are", "Ce que sont les préjudices en ligne"),
      ("municipal-responses", "What a municipality can do", "Ce qu’une municipalité peut faire")]),
    ("online-harms-deep-dive", "Countering online harms: Deep Dive Track",
     "Contrer les préjudices en ligne : volet approfondi", CoursePage.Track.DEEP_DIVE, False,
     "Twenty months of accompaniment for eight selected municipalities: assessing local "
     "online harms, building a response plan and testing it with partners.",
     "Vingt mois d’accompagnement pour huit municipalités sélectionnées : évaluer les "
     "préjudices en ligne locaux, bâtir un plan d’intervention et l’éprouver avec des partenaires.",
     [("local-assessment", "Assessing online harms locally", "Évaluer les préjudices en ligne localement"),
      ("response-plan", "Building the response plan", "Bâtir le plan d’intervention")]),
]  # fmt: skip


def _check(questions, french=False):
    """The StreamField value of a knowledge check from demo_content's plain data."""
    blocks = []
    for q in questions:
        text = q["question_fr"] if french else q["question"]
        if q["kind"] == "true_false":
            suffix = "_fr" if french else ""
            blocks.append(("true_false", {
                "question": text, "is_true": q["is_true"],
                "feedback_true": q[f"feedback_true{suffix}"],
                "feedback_false": q[f"feedback_false{suffix}"],
            }))  # fmt: skip
            continue
        choices = [
            {"text": fr if french else en, "correct": ok, "feedback": fb_fr if french else fb_en}
            for en, fr, ok, fb_en, fb_fr in q["choices"]
        ]
        blocks.append((q["kind"], {"question": text, "choices": choices}))
    return blocks


def _body(paragraphs):
    return [("paragraph", RichText("".join(paragraphs)))]


def _us_course(academy, translate, child):
    course = child(
        academy, CoursePage, "city-led-prevention", "City-led prevention: a ten-week course",
        summary="A ten-week virtual course for city officials on preventing hate and targeted violence "
        "with a public-health approach, from mapping your city to writing your action plan.",
        outcomes=RichText("<ul><li>Explain the public-health approach to prevention</li>"
                          "<li>Map local risks, needs and partners</li>"
                          "<li>Draft an action plan following the 10-step roadmap</li></ul>"),
        estimated_hours=20,
        completion_rule="Complete every required lesson and pass its knowledge checks.",
    )  # fmt: skip
    translate(
        course, title="La prévention menée par les villes : un cours de dix semaines",
        slug="prevention-menee-par-les-villes",
        summary="Un cours virtuel de dix semaines pour les responsables municipaux sur la prévention "
        "de la haine et de la violence ciblée selon une approche de santé publique.",
        outcomes=RichText(demo_content.COURSE_FR_OUTCOMES),
        completion_rule=demo_content.COMPLETION_RULE_FR,
    )  # fmt: skip
    lessons = []
    for week, (slug, title, summary, module_lessons) in enumerate(MODULES):
        module = child(
            course, ModulePage, slug, title, summary=summary, release_offset_days=7 * week
        )
        title_fr, summary_fr, slug_fr = demo_content.MODULES_FR[slug]
        translate(module, title=title_fr, slug=slug_fr, summary=summary_fr)
        for lesson_slug, lesson_title in module_lessons:
            text = demo_content.LESSONS[lesson_slug]
            lesson = child(
                module, LessonPage, lesson_slug, lesson_title,
                summary=text.get("summary", summary), body=_body(text["body"]),
                reflection_prompt=text["reflection"], check_questions=_check(text["check"]),
                pass_mark=66,
            )  # fmt: skip
            translate(
                lesson, title=text["title_fr"], slug=text["slug_fr"],
                summary=text.get("summary_fr", summary_fr), body=_body(text["body_fr"]),
                reflection_prompt=text["reflection_fr"],
                check_questions=_check(text["check"], french=True),
            )  # fmt: skip
            lessons.append(lesson)
    return course, lessons


def _bc_courses(academy, translate, child):
    courses = {}
    for slug, title, title_fr, track, self_paced, summary, summary_fr, modules in BC_COURSES:
        course = child(
            academy, CoursePage, slug, title, track=track, self_paced=self_paced,
            summary=summary, estimated_hours=6 if self_paced else 40,
            completion_rule="Complete every required lesson.",
        )  # fmt: skip
        translate(course, title=title_fr, slug=f"{slug}-fr", summary=summary_fr)
        for week, (module_slug, module_title, module_title_fr) in enumerate(modules):
            module = child(
                course, ModulePage, module_slug, module_title, release_offset_days=28 * week
            )
            translate(module, title=module_title_fr, slug=f"{module_slug}-fr")
            child(
                module, LessonPage, f"{module_slug}-lesson", module_title,
                summary=summary, body=_body([f"<p>{summary}</p>"]),
                reflection_prompt="Which of these harms has your municipality already met?",
            )  # fmt: skip
        courses[slug] = course
    return courses


def _cohort(course, name, **fields):
    return Cohort.objects.update_or_create(course=course, name=name, defaults=fields)[0]


def load(*, home_en, translate, child, organisations, person):
    # The header's "Academy": what each academy offers, side by side.
    overview = child(
        home_en, AcademyIndexPage, "academies", "Prevention Academies",
        introduction=ACADEMIES_INTRODUCTION[0],
    )  # fmt: skip
    translate(
        overview, title="Académies de prévention", slug="academies",
        introduction=ACADEMIES_INTRODUCTION[1],
    )  # fmt: skip
    academies = {}
    for slug, title, title_fr, introduction, introduction_fr in ACADEMIES:
        academy = child(home_en, AcademyPage, slug, title, introduction=introduction)
        translate(academy, title=title_fr, slug=f"{slug}-fr", introduction=introduction_fr)
        academies[slug] = academy

    course, lessons = _us_course(academies["prevention-academy-us"], translate, child)
    bc = _bc_courses(academies["prevention-academy-bc"], translate, child)

    # A facilitator: signs in to the admin, sees the reports of their own cohorts only.
    facilitators = Group.objects.get_or_create(name=FACILITATORS_GROUP)[0]
    facilitators.permissions.add(Permission.objects.get(codename="access_admin"))
    facilitator = person(
        "facilitator@hub.example", "Morgan Facilitator", groups=[FACILITATORS_GROUP]
    )

    today = timezone.localdate()
    days = datetime.timedelta
    running = _cohort(
        course, "Fall cohort", starts_on=today - days(35), time_zone="America/New_York",
        capacity=50, enrolment_mode=Cohort.Mode.OPEN,
    )  # fmt: skip
    running.facilitators.set([facilitator])
    _cohort(
        course, "Spring cohort", starts_on=today + days(60), time_zone="America/Chicago",
        capacity=30, enrolment_mode=Cohort.Mode.OPEN,
    )  # fmt: skip
    by_application = _cohort(
        course, "Winter cohort (by application)", starts_on=today + days(20),
        time_zone="America/Toronto", capacity=25, enrolment_mode=Cohort.Mode.APPLICATION,
    )  # fmt: skip
    deep_dive = _cohort(
        bc["online-harms-deep-dive"], "Deep Dive 2026–2028", starts_on=today - days(10),
        time_zone="America/Vancouver", capacity=8, enrolment_mode=Cohort.Mode.INVITATION,
    )  # fmt: skip
    deep_dive.restricted_to.set([organisations["Victoria"], organisations["Vancouver"]])

    learner = User.objects.get(email="official.boise@hub.example")
    Enrolment.objects.update_or_create(
        cohort=running, user=learner, defaults={"status": Enrolment.Status.ENROLLED}
    )
    # Halfway: five lessons done; next is the advisory-board lesson and its knowledge check.
    done = {"levels-of-prevention", "risk-and-protective-factors", "needs-assessments",
            "small-grants", "evaluation"}  # fmt: skip
    for lesson in [lesson for lesson in lessons if lesson.slug in done]:
        LessonProgress.objects.get_or_create(
            user=learner, lesson_key=lesson.translation_key,
            defaults={"course_key": course.translation_key},
        )  # fmt: skip

    # Applications waiting for a coordinator's decision.
    for email, note in [
        ("official.edmonton@hub.example", "Our council wants a prevention plan by spring."),
        ("official.brampton@hub.example", "Nous voulons bâtir une table de concertation."),
    ]:
        Enrolment.objects.update_or_create(
            cohort=by_application, user=User.objects.get(email=email),
            defaults={"status": Enrolment.Status.APPLIED, "application_note": note},
        )  # fmt: skip

    # A graduate: the Edmonton official finished the self-paced General Track.
    graduate = User.objects.get(email="official.edmonton@hub.example")
    general = bc["online-harms-general-track"]
    for lesson in LessonPage.objects.descendant_of(general).filter(locale=general.locale):
        LessonProgress.objects.get_or_create(
            user=graduate, lesson_key=lesson.translation_key,
            defaults={"course_key": general.translation_key},
        )  # fmt: skip
    issue_certificate(user=graduate, course=general)
