"""The academies' demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

Facts from the hub's impact report: a US academy with a ten-week virtual course (50+
officials from 37 cities), an academy for Canadian municipalities, and one for British
Columbia with a General Track and a Deep Dive Track for eight municipalities.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.rich_text import RichText

from network.models import Membership, User
from pages.demo_content import french, french_slug, h2, p, typo

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
    (
        "prevention-academy-us",
        "Prevention Academy US",
        "Académie de prévention États-Unis",
        "With the National League of Cities: a ten-week virtual course, one-to-one support from "
        "prevention experts, peer dialogues and the crisis help desk.",
        "Avec la National League of Cities : un cours virtuel de dix semaines, un accompagnement "
        "individuel par des experts en prévention, des dialogues entre pairs et le service "
        "d’assistance en cas de crise.",
    ),
    (
        "prevention-academy-canada",
        "Prevention Academy Canada",
        "Académie de prévention Canada",
        "For Canadian municipalities facing rising hate, polarisation and incivility towards "
        "local officials, with monthly peer dialogues and webinars.",
        "Pour les municipalités canadiennes confrontées à la montée de la haine, de la "
        "polarisation et de l’incivilité envers les élus locaux, avec des dialogues mensuels "
        "entre pairs et des webinaires.",
    ),
    (
        "prevention-academy-bc",
        "Prevention Academy for BC Municipalities",
        "Académie de prévention pour les municipalités de la C.-B.",
        "Countering online harms: a General Track open to every municipality in the province and "
        "a Deep Dive Track for eight municipalities over 20 months.",
        "Contrer les préjudices en ligne : un volet général ouvert à toutes les municipalités de "
        "la province et un volet approfondi pour huit municipalités sur 20 mois.",
    ),
]

# slug -> (English body, French body): who it is for, how it works, how to take part
ACADEMY_BODIES = {
    "prevention-academy-us": (
        [
            h2("Who it is for"),
            p(
                "<p>Mayors, city managers, council members and city staff in the United States, "
                "including law enforcement, emergency management, public health, communications and "
                "community engagement. The hub launched the academy in October 2024 with the "
                "National League of Cities: its first cohort brought together 38 officials from "
                "eight cities, and the fall 2025 cohort more than 50 officials from 37 cities.</p>"
            ),
            h2("How it works"),
            p(
                "<ul><li>A ten-week virtual course, one module a week, on preventing hate and "
                "targeted violence with a public-health approach, from mapping your city to writing "
                "its action plan.</li><li>One-to-one support from prevention experts to move your "
                "city’s own work forward.</li><li>Peer dialogue sessions with the other cities of "
                "your cohort.</li><li>The crisis help desk, the Resource Hub and the network’s "
                "member cities when you apply what you learn.</li></ul>"
                "<p>Plan on about two hours a week. Those who complete every lesson and pass its "
                "knowledge checks receive a certificate.</p>"
            ),
            h2("How to take part"),
            p(
                "<p>Open the course below and choose a cohort. Some cohorts are open: you enrol "
                "once signed in. Others take applications: tell us what your city hopes to achieve, "
                "and a coordinator replies.</p>"
            ),
        ],
        [
            h2("Pour qui"),
            p(
                "<p>Les maires, directions générales, membres des conseils et le personnel "
                "municipal des États-Unis, y compris la police, la gestion des urgences, la santé "
                "publique, les communications et l’engagement communautaire. Le Pôle a lancé "
                "l’académie en octobre 2024 avec la National League of Cities : sa première cohorte "
                "a réuni 38 responsables de huit villes, et celle de l’automne 2025 plus de 50 "
                "responsables de 37 villes.</p>"
            ),
            h2("Comment ça fonctionne"),
            p(
                "<ul><li>Un cours virtuel de dix semaines, un module par semaine, sur la prévention "
                "de la haine et de la violence ciblée selon une approche de santé publique, de la "
                "cartographie de votre ville à son plan d’action.</li><li>Un accompagnement "
                "individuel par des spécialistes de la prévention pour faire avancer le travail de "
                "votre ville.</li><li>Des dialogues entre pairs avec les autres villes de votre "
                "cohorte.</li><li>Le service d’assistance en cas de crise, les ressources du Pôle et "
                "les villes membres du réseau pour mettre en pratique ce que vous apprenez.</li></ul>"
                "<p>Comptez environ deux heures par semaine. Les personnes qui terminent toutes les "
                "leçons et réussissent leurs vérifications des connaissances reçoivent un "
                "certificat.</p>"
            ),
            h2("Comment participer"),
            p(
                "<p>Ouvrez le cours ci-dessous et choisissez une cohorte. Certaines cohortes sont "
                "ouvertes : vous vous inscrivez après avoir ouvert une session. D’autres se font sur demande : "
                "dites-nous ce que votre ville souhaite accomplir, et une coordonnatrice ou un "
                "coordonnateur vous répond.</p>"
            ),
        ],
    ),
    "prevention-academy-canada": (
        [
            h2("Who it is for"),
            p(
                "<p>Municipal officials and civil-society leaders in Canadian municipalities facing "
                "rising hate, social polarisation and discrimination. Launched in April 2025 with "
                "funding from Public Safety Canada, in collaboration with the Foundation for a Path "
                "Forward and the Canadian Centre for Safer Communities, the academy works with nine "
                "municipalities in four provinces.</p>"
            ),
            h2("How it works"),
            p(
                "<ul><li>Training on whole-of-society approaches to preventing hate, extremism and "
                "polarisation, and on the public-health approach to prevention.</li><li>A peer "
                "dialogue every month, and webinars on promising practices.</li><li>The help desk "
                "and local experts for rapid advice when a crisis emerges.</li></ul>"
                "<p>At participants’ request, the academy pays particular attention to incivility "
                "toward elected officials and municipal staff, and to what it does to local "
                "governance.</p>"
            ),
            h2("How to take part"),
            p(
                "<p>The current sessions are for the participating municipalities and are not "
                "offered as an online course here. If your municipality would like to join a future "
                "cohort, write to the hub team at "
                '<a href="mailto:na.hub@example.org">na.hub@example.org</a>.</p>'
            ),
        ],
        [
            h2("Pour qui"),
            p(
                "<p>Le personnel municipal et les leaders de la société civile des municipalités "
                "canadiennes confrontées à la montée de la haine, de la polarisation sociale et de "
                "la discrimination. Lancée en avril 2025 grâce au financement de Sécurité publique "
                "Canada, en collaboration avec la Foundation for a Path Forward et le Centre "
                "canadien pour des communautés plus sûres, l’académie travaille avec neuf "
                "municipalités de quatre provinces.</p>"
            ),
            h2("Comment ça fonctionne"),
            p(
                "<ul><li>Une formation aux approches de prévention de la haine, de l’extrémisme et "
                "de la polarisation qui mobilisent toute la société, et à l’approche de santé "
                "publique.</li><li>Un dialogue entre pairs chaque mois, et des webinaires sur des "
                "pratiques prometteuses.</li><li>Le service d’assistance et des spécialistes locaux "
                "pour des conseils rapides quand une crise survient.</li></ul>"
                "<p>À la demande des participants, l’académie s’intéresse particulièrement à "
                "l’incivilité envers les élus et le personnel municipal, et à ses effets sur la "
                "gouvernance locale.</p>"
            ),
            h2("Comment participer"),
            p(
                "<p>Les séances actuelles sont réservées aux municipalités participantes et ne sont "
                "pas offertes ici sous forme de cours en ligne. Si votre municipalité souhaite se "
                "joindre à une prochaine cohorte, écrivez à l’équipe du Pôle à "
                '<a href="mailto:na.hub@example.org">na.hub@example.org</a>.</p>'
            ),
        ],
    ),
    "prevention-academy-bc": (
        [
            h2("Who it is for"),
            p(
                "<p>Municipalities across British Columbia, and the federal, provincial and "
                "community partners who work with them. The academy opened in the fall of 2025 with "
                "financial support from the Roadburg Foundation; its General Track has already "
                "reached more than 25 municipalities.</p>"
            ),
            h2("Two tracks"),
            p(
                "<ul><li><b>General Track</b>: open to every municipality in the province. A "
                "self-paced course here, webinars every two months and online resources.</li>"
                "<li><b>Deep Dive Track</b>: customised training, peer learning and support for "
                "eight municipalities over 20 months, with a technical support fund for local "
                "resources, new deliverables and in-person convenings.</li></ul>"
            ),
            h2("How to take part"),
            p(
                "<p>For the General Track, sign in and start the course below at your own pace. "
                "The Deep Dive Track is by invitation, for the eight selected municipalities.</p>"
            ),
        ],
        [
            h2("Pour qui"),
            p(
                "<p>Les municipalités de toute la Colombie-Britannique, et les partenaires fédéraux, "
                "provinciaux et communautaires qui travaillent avec elles. L’académie a ouvert à "
                "l’automne 2025 grâce au soutien financier de la Roadburg Foundation; son volet "
                "général a déjà rejoint plus de 25 municipalités.</p>"
            ),
            h2("Deux volets"),
            p(
                "<ul><li><b>Volet général</b> : ouvert à toutes les municipalités de la province. "
                "Un cours à suivre à son rythme ici, des webinaires tous les deux mois et des "
                "ressources en ligne.</li><li><b>Volet approfondi</b> : formation sur mesure, "
                "apprentissage entre pairs et accompagnement de huit municipalités pendant 20 mois, "
                "avec un fonds de soutien technique pour des ressources locales, de nouveaux "
                "livrables et des rencontres en personne.</li></ul>"
            ),
            h2("Comment participer"),
            p(
                "<p>Pour le volet général, connectez-vous et commencez le cours ci-dessous à votre "
                "rythme. Le volet approfondi se fait sur invitation, pour les huit municipalités "
                "sélectionnées.</p>"
            ),
        ],
    ),
}

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
    (
        "public-health-approach",
        "A public-health approach to prevention",
        "Why prevention works like public health: primary, secondary and tertiary prevention.",
        [
            ("levels-of-prevention", "Three levels of prevention"),
            ("risk-and-protective-factors", "Risk and protective factors"),
        ],
    ),
    (
        "mapping-your-city",
        "Mapping your city",
        "Understanding local risks, needs and the services already there.",
        [("needs-assessments", "Needs and vulnerabilities assessments")],
    ),
    (
        "roadmap-steps-1-3",
        "The roadmap, steps 1 to 5",
        "Engaging communities, a liaison, a first mapping, and an advisory board with a mandate.",
        [("advisory-board", "Setting up an advisory board")],
    ),
    (
        "roadmap-steps-4-7",
        "The roadmap, steps 6 to 9",
        "Deciding the support, small grants, training and networking for community organisations.",
        [("small-grants", "Small grants for community prevention")],
    ),
    (
        "roadmap-steps-8-10",
        "The roadmap, step 10",
        "Transparent evaluation, learning and sustaining the work.",
        [("evaluation", "Evaluating what you fund")],
    ),
    (
        "coordination",
        "Whole-of-city coordination",
        "Departments, police, schools and faith leaders at one table.",
        [("multi-actor-working-groups", "Multi-actor working groups")],
    ),
    (
        "online-harms",
        "Online harms, offline impact",
        "How online threats reach local communities.",
        [("from-online-to-offline", "From online threats to local harm")],
    ),
    (
        "protecting-officials",
        "Protecting officials and staff",
        "Anti-government hate, harassment and doxing.",
        [("when-a-councillor-is-doxed", "When a councillor is doxed")],
    ),
    (
        "responding-to-attacks",
        "Responding to attacks",
        "The first hours, months and years after an attack.",
        [("first-72-hours", "The first 72 hours")],
    ),
    (
        "your-action-plan",
        "Your city's action plan",
        "Turning the course into a plan for your city.",
        [("writing-the-plan", "Writing the plan")],
    ),
]  # fmt: skip  # a table: one module per two lines, as a syllabus reads


# Two BC tracks: (slug, title, French title, track, self-paced, summary, French summary, modules)
BC_COURSES = [
    (
        "online-harms-general-track",
        "Countering online harms: General Track",
        "Contrer les préjudices en ligne : volet général",
        CoursePage.Track.GENERAL,
        True,
        "A self-paced introduction for every municipality in British Columbia: how online hate "
        "and harassment reach local communities, and what a municipality can do.",
        "Une introduction à son rythme pour toutes les municipalités de la Colombie-Britannique : "
        "comment la haine et le harcèlement en ligne atteignent les communautés locales.",
        [
            (
                "what-online-harms-are",
                "What online harms are",
                "Ce que sont les préjudices en ligne",
            ),
            (
                "municipal-responses",
                "What a municipality can do",
                "Ce qu’une municipalité peut faire",
            ),
        ],
    ),
    (
        "online-harms-deep-dive",
        "Countering online harms: Deep Dive Track",
        "Contrer les préjudices en ligne : volet approfondi",
        CoursePage.Track.DEEP_DIVE,
        False,
        "Twenty months of accompaniment for eight selected municipalities: assessing local "
        "online harms, building a response plan and testing it with partners.",
        "Vingt mois d’accompagnement pour huit municipalités sélectionnées : évaluer les "
        "préjudices en ligne locaux, bâtir un plan d’intervention et l’éprouver avec des partenaires.",
        [
            (
                "local-assessment",
                "Assessing online harms locally",
                "Évaluer les préjudices en ligne localement",
            ),
            ("response-plan", "Building the response plan", "Bâtir le plan d’intervention"),
        ],
    ),
]  # fmt: skip  # a table: one course per block, its modules beneath it


def _check(questions, french=False):
    """The StreamField value of a knowledge check from demo_content's plain data."""
    blocks = []
    for q in questions:
        text = q["question_fr"] if french else q["question"]
        if q["kind"] == "true_false":
            suffix = "_fr" if french else ""
            blocks.append(
                (
                    "true_false",
                    {
                        "question": text,
                        "is_true": q["is_true"],
                        "feedback_true": q[f"feedback_true{suffix}"],
                        "feedback_false": q[f"feedback_false{suffix}"],
                    },
                )
            )
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
        academy,
        CoursePage,
        "city-led-prevention",
        "City-led prevention: a ten-week course",
        summary="A ten-week virtual course for city officials on preventing hate and targeted violence "
        "with a public-health approach, from mapping your city to writing your action plan.",
        outcomes=RichText(
            "<ul><li>Explain the public-health approach to prevention</li>"
            "<li>Map local risks, needs and partners</li>"
            "<li>Draft an action plan following the 10-step roadmap</li></ul>"
        ),
        estimated_hours=20,
        completion_rule="Complete every required lesson and pass its knowledge checks.",
    )
    translate(
        course,
        title="La prévention menée par les villes : un cours de dix semaines",
        slug="prevention-menee-par-les-villes",
        summary="Un cours virtuel de dix semaines pour les responsables municipaux sur la prévention "
        "de la haine et de la violence ciblée selon une approche de santé publique.",
        outcomes=RichText(demo_content.COURSE_FR_OUTCOMES),
        completion_rule=demo_content.COMPLETION_RULE_FR,
    )
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
                module,
                LessonPage,
                lesson_slug,
                lesson_title,
                summary=text.get("summary", summary),
                body=_body(text["body"]),
                reflection_prompt=text["reflection"],
                check_questions=_check(text["check"]),
                pass_mark=66,
            )
            translate(
                lesson,
                title=text["title_fr"],
                slug=text["slug_fr"],
                summary=text.get("summary_fr", summary_fr),
                body=_body(text["body_fr"]),
                reflection_prompt=text["reflection_fr"],
                check_questions=_check(text["check"], french=True),
            )
            lessons.append(lesson)
    return course, lessons


def _bc_courses(academy, translate, child):
    courses = {}
    for slug, title, title_fr, track, self_paced, summary, summary_fr, modules in BC_COURSES:
        course = child(
            academy,
            CoursePage,
            slug,
            title,
            track=track,
            self_paced=self_paced,
            summary=summary,
            estimated_hours=6 if self_paced else 40,
            completion_rule="Complete every required lesson.",
        )
        translate(course, title=title_fr, slug=french_slug(slug), summary=summary_fr)
        for week, (module_slug, module_title, module_title_fr) in enumerate(modules):
            module = child(
                course, ModulePage, module_slug, module_title, release_offset_days=28 * week
            )
            translate(module, title=module_title_fr, slug=french_slug(module_slug))
            child(
                module,
                LessonPage,
                f"{module_slug}-lesson",
                module_title,
                summary=summary,
                body=_body([f"<p>{summary}</p>"]),
                reflection_prompt="Which of these harms has your municipality already met?",
            )
        courses[slug] = course
    return courses


def _history(enrolment, action: str, previous, when, *, by=None) -> None:
    """The log entry the enrolment service would have written `when` (the academy's
    metrics read these), once: loading the demo again adds nothing."""
    entries = ModelLogEntry.objects.for_instance(enrolment).filter(
        action=f"academy.enrolment.{action}"
    )
    if entries.exists():
        return
    entry = log(
        enrolment,
        f"academy.enrolment.{action}",
        user=by,
        data={"cohort": enrolment.cohort_id, "from": previous, "to": enrolment.status},
    )
    ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)
    if action == "apply":  # how long an application has waited is read from its row
        type(enrolment).objects.filter(pk=enrolment.pk, created_at__gt=when).update(created_at=when)


def _cohort(course, name, **fields):
    return Cohort.objects.update_or_create(course=course, name=name, defaults=fields)[0]


def load(*, home_en, translate, child, organisations, person):
    # The header's "Academy": what each academy offers, side by side.
    overview = child(
        home_en,
        AcademyIndexPage,
        "academies",
        "Prevention Academies",
        introduction=ACADEMIES_INTRODUCTION[0],
    )
    translate(
        overview,
        title="Académies de prévention",
        slug="academies",
        introduction=typo(ACADEMIES_INTRODUCTION[1]),
    )
    academies = {}
    for slug, title, title_fr, introduction, introduction_fr in ACADEMIES:
        body_en, body_fr = ACADEMY_BODIES[slug]
        academy = child(home_en, AcademyPage, slug, title, introduction=introduction, body=body_en)
        translate(
            academy,
            title=title_fr,
            slug=french_slug(slug),
            introduction=typo(introduction_fr),
            body=french(body_fr),
        )
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
        course,
        "Fall cohort",
        name_fr="Cohorte d’automne",
        starts_on=today - days(35),
        time_zone="America/New_York",
        capacity=50,
        enrolment_mode=Cohort.Mode.OPEN,
    )
    running.facilitators.set([facilitator])
    _cohort(
        course,
        "Spring cohort",
        name_fr="Cohorte du printemps",
        starts_on=today + days(60),
        time_zone="America/Chicago",
        capacity=30,
        enrolment_mode=Cohort.Mode.OPEN,
    )
    by_application = _cohort(
        course,
        "Winter cohort (by application)",
        name_fr="Cohorte d’hiver (sur candidature)",
        starts_on=today + days(20),
        time_zone="America/Toronto",
        capacity=25,
        enrolment_mode=Cohort.Mode.APPLICATION,
    )
    deep_dive = _cohort(
        bc["online-harms-deep-dive"],
        "Deep Dive 2026–2028",
        name_fr="Volet approfondi 2026–2028",
        starts_on=today - days(10),
        time_zone="America/Vancouver",
        capacity=8,
        enrolment_mode=Cohort.Mode.INVITATION,
    )
    deep_dive.restricted_to.set([organisations["Victoria"], organisations["Vancouver"]])

    def starts(cohort, days_before: int, hour: int = 10) -> datetime.datetime:
        midnight = datetime.datetime.combine(cohort.starts_on, datetime.time(hour))
        return timezone.make_aware(midnight) - days(days=days_before)

    learner = User.objects.get(email="official.boise@hub.example")
    enrolment, _ = Enrolment.objects.update_or_create(
        cohort=running, user=learner, defaults={"status": Enrolment.Status.ENROLLED}
    )
    _history(enrolment, "enrol", None, starts(running, 12), by=learner)
    # Halfway: five lessons done; next is the advisory-board lesson and its knowledge check.
    done = {
        "levels-of-prevention",
        "risk-and-protective-factors",
        "needs-assessments",
        "small-grants",
        "evaluation",
    }
    for lesson in [lesson for lesson in lessons if lesson.slug in done]:
        LessonProgress.objects.get_or_create(
            user=learner,
            lesson_key=lesson.translation_key,
            defaults={"course_key": course.translation_key},
        )

    # Two of Edmonton's officials in the running cohort, for their lead to follow (My
    # organisations › Edmonton › Activity): one well on the way, one just started.
    for email, name, count in [
        ("priya.nguyen@edmonton.ca", "Priya Nguyen", 4),
        ("daniel.okoro@edmonton.ca", "Daniel Okoro", 1),
    ]:
        colleague = person(email, name, time_zone="America/Edmonton")
        Membership.objects.get_or_create(user=colleague, organisation=organisations["Edmonton"])
        enrolment, _ = Enrolment.objects.update_or_create(
            cohort=running, user=colleague, defaults={"status": Enrolment.Status.ENROLLED}
        )
        _history(enrolment, "enrol", None, starts(running, 3 + count, hour=14), by=colleague)
        for lesson in lessons[:count]:
            LessonProgress.objects.get_or_create(
                user=colleague,
                lesson_key=lesson.translation_key,
                defaults={"course_key": course.translation_key},
            )

    # Applications waiting for a coordinator's decision.
    for email, note, waiting in [
        ("official.edmonton@hub.example", "Our council wants a prevention plan by spring.", 9),
        ("official.brampton@hub.example", "Nous voulons bâtir une table de concertation.", 3),
    ]:
        applicant = User.objects.get(email=email)
        enrolment, _ = Enrolment.objects.update_or_create(
            cohort=by_application,
            user=applicant,
            defaults={"status": Enrolment.Status.APPLIED, "application_note": note},
        )
        _history(enrolment, "apply", None, timezone.now() - days(days=waiting), by=applicant)

    # A graduate: the Edmonton official finished the self-paced General Track.
    graduate = User.objects.get(email="official.edmonton@hub.example")
    general = bc["online-harms-general-track"]
    for lesson in LessonPage.objects.descendant_of(general).filter(locale=general.locale):
        LessonProgress.objects.get_or_create(
            user=graduate,
            lesson_key=lesson.translation_key,
            defaults={"course_key": general.translation_key},
        )
    issue_certificate(user=graduate, course=general)
