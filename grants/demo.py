"""Grants demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

From the seeds: "Empowering Communities Against Hate" gives community-based organisations in
five US cities funding and training to develop, implement and evaluate projects that increase
incident reporting and prevention (roadmap step 7: a small-grants scheme; step 10: public
evaluations). The demo has the Funding index, the programme (funded by the Bureau of Justice
Assistance), its report form and public evaluation, an open call (concept note first, every
kind of question), and a closed call whose applications are in every state, two grants with
payments and reports (accepted, due soon, late), in English and French.

French pages are made through wagtail-localize, as a translator would: each English string
gets its French translation (`FRENCH`, filled by `t(english, french)` as the content is
written), so the translation editor shows them, and the forms' keys (RegexBlocks) stay the
English page's.

Idempotent: pages by slug, rows by natural keys; a grant's payments, reports and tallies are
made again on each run (their dates follow today).
"""

import datetime
import html
import zoneinfo
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from network.models import Membership, Organisation

from .models import (
    REVIEWERS_GROUP,
    ApplicantProfile,
    Application,
    CallPage,
    Determination,
    EvaluationPage,
    Grant,
    GrantProgrammePage,
    GrantsIndexPage,
    IncidentTally,
    Payment,
    Report,
    Review,
    Stage,
)

FRENCH: dict[str, str] = {}


def t(english: str, french: str) -> str:
    """The English text, its French translation remembered for wagtail-localize."""
    FRENCH[english] = french
    return english


def p(english: str, french: str) -> str:
    """A rich-text paragraph (plain text inside: one wagtail-localize segment)."""
    return f"<p>{t(english, french)}</p>"


def paragraph(english: str, french: str):
    return ("paragraph", p(english, french))


def heading(english: str, french: str):
    return ("heading", {"text": t(english, french), "level": "h2"})


EASTERN = zoneinfo.ZoneInfo("America/New_York")

# The five US cities of the seeds' project, as the demo has them.
CITIES = ["Boise", "Pittsburgh", "Cincinnati", "Forest Park", "Highland Park"]

# (name, region, city, applicant email, applicant name, language, zone)
COMMUNITY = [
    (
        "Boise Neighbours Together",
        "US-ID",
        "Boise",
        "community@hub.example",
        "Taylor Brooks",
        "en",
        "America/Boise",
    ),
    (
        "Pittsburgh Unity Collective",
        "US-PA",
        "Pittsburgh",
        "applicant.pittsburgh@hub.example",
        "Jamal Carter",
        "en",
        "America/New_York",
    ),
    (
        "Association des familles francophones de Cincinnati",
        "US-OH",
        "Cincinnati",
        "applicant.cincinnati@hub.example",
        "Aminata Koné",
        "fr",
        "America/New_York",
    ),
    (
        "Cincinnati Welcome Network",
        "US-OH",
        "Cincinnati",
        "applicant.welcome@hub.example",
        "Rosa Delgado",
        "en",
        "America/New_York",
    ),
    (
        "Forest Park Youth Alliance",
        "US-IL",
        "Forest Park",
        "applicant.forestpark@hub.example",
        "Devon Mills",
        "en",
        "America/Chicago",
    ),
    (
        "Highland Park Faith Table",
        "US-IL",
        "Highland Park",
        "applicant.highlandpark@hub.example",
        "Ruth Adler",
        "en",
        "America/Chicago",
    ),
    (
        "Centre d’accueil des nouveaux arrivants de Boise",
        "US-ID",
        "Boise",
        "applicant.boise.fr@hub.example",
        "Jean-Baptiste Mugisha",
        "fr",
        "America/Boise",
    ),
]

REVIEWERS = [
    ("reviewer.grants@hub.example", "Riley Reviewer", "en", "America/New_York"),
    ("reviewer.claire@hub.example", "Claire Gagnon", "fr", "America/Toronto"),
]


# --- The forms (every question's key is its column; French pages keep them) ---


def field(kind, key, label, help_text="", required=True, **extra):
    return (
        kind,
        {
            "label": t(*label),
            "help_text": t(*help_text) if help_text else "",
            "required": required,
            "key": key,
            **extra,
        },
    )


def section(heading_, text=("", "")):
    return ("section", {"heading": t(*heading_), "text": t(*text) if text[0] else ""})


def options(*pairs):
    return [{"label": t(en, fr), "key": key} for key, en, fr in pairs]


CITY_OPTIONS = [
    ("boise", "Boise, Idaho", "Boise (Idaho)"),
    ("pittsburgh", "Pittsburgh, Pennsylvania", "Pittsburgh (Pennsylvanie)"),
    ("cincinnati", "Cincinnati, Ohio", "Cincinnati (Ohio)"),
    ("forest_park", "Forest Park, Illinois", "Forest Park (Illinois)"),
    ("highland_park", "Highland Park, Illinois", "Highland Park (Illinois)"),
]


def concept_form():
    return [
        field(
            "text",
            "project_name",
            ("Project name", "Nom du projet"),
            max_length=120,
        ),
        field(
            "choice",
            "city",
            ("Where will the project take place?", "Où le projet se déroulera-t-il ?"),
            options=options(*CITY_OPTIONS),
            multiple=False,
        ),
        field(
            "long_text",
            "idea",
            ("Your idea in brief", "Votre idée en bref"),
            (
                "What the problem is, who it affects, and what you would do about it.",
                "Le problème, les personnes touchées, et ce que vous feriez pour y remédier.",
            ),
            word_limit=150,
        ),
        field(
            "money",
            "amount",
            ("About how much would you ask for?", "Environ combien demanderiez-vous ?"),
            max_amount=25000,
        ),
    ]


def proposal_form():
    return [
        section(
            ("About the project", "Le projet"),
            (
                "Tell us what you will do, with whom, and why it matters in your city.",
                "Dites-nous ce que vous ferez, avec qui, et pourquoi c’est important dans "
                "votre ville.",
            ),
        ),
        field("text", "project_name", ("Project name", "Nom du projet"), max_length=120),
        field(
            "choice",
            "city",
            ("Where will the project take place?", "Où le projet se déroulera-t-il ?"),
            options=options(*CITY_OPTIONS),
            multiple=False,
        ),
        field(
            "long_text",
            "summary",
            ("What will the project do?", "Que fera le projet ?"),
            (
                "The activities, who leads them, and how people targeted by hate will take part.",
                "Les activités, qui les mène, et comment les personnes ciblées par la haine y "
                "participeront.",
            ),
            word_limit=300,
        ),
        field(
            "choice",
            "focus",
            ("Which priorities does it address?", "À quelles priorités répond-il ?"),
            ("Choose all that apply.", "Cochez toutes les réponses qui s’appliquent."),
            options=options(
                ("reporting", "Incident reporting", "Signalement des incidents"),
                ("prevention", "Prevention", "Prévention"),
                ("victim_support", "Support for people targeted", "Soutien aux personnes ciblées"),
                ("online", "Online hate", "Haine en ligne"),
            ),
            multiple=True,
        ),
        field(
            "number",
            "people_reached",
            (
                "How many people do you expect to reach?",
                "Combien de personnes comptez-vous joindre ?",
            ),
            min_value=1,
            max_value=100000,
        ),
        section(
            ("Money and time", "Budget et calendrier"),
        ),
        field(
            "money",
            "amount",
            ("Amount requested", "Montant demandé"),
            ("In US dollars, at most $25,000.", "En dollars américains, au plus 25 000 $."),
            max_amount=25000,
        ),
        field("date", "start_date", ("When would the project start?", "Date de début du projet")),
        field(
            "budget",
            "budget",
            ("Budget", "Budget"),
            (
                "One line for each expense: staff, venues, interpretation, materials.",
                "Une ligne par dépense : personnel, salles, interprétation, matériel.",
            ),
            max_rows=10,
        ),
        section(("Measuring what changes", "Mesurer les changements")),
        field(
            "long_text",
            "evaluation",
            ("How will you know it worked?", "Comment saurez-vous que le projet a réussi ?"),
            word_limit=200,
        ),
        field(
            "file",
            "letter",
            ("Letter of support", "Lettre d’appui"),
            (
                "From a partner, such as your city government (PDF or Word).",
                "D’un partenaire, par exemple votre administration municipale (PDF ou Word).",
            ),
            required=False,
        ),
    ]


def small_form():
    """The closed call's form: the same keys where the questions are the same."""
    return [
        field("text", "project_name", ("Project name", "Nom du projet"), max_length=120),
        field(
            "choice",
            "city",
            ("Where will the project take place?", "Où le projet se déroulera-t-il ?"),
            options=options(*CITY_OPTIONS),
            multiple=False,
        ),
        field(
            "long_text",
            "summary",
            ("What will the project do?", "Que fera le projet ?"),
            word_limit=250,
        ),
        field(
            "money",
            "amount",
            ("Amount requested", "Montant demandé"),
            ("In US dollars, at most $10,000.", "En dollars américains, au plus 10 000 $."),
            max_amount=10000,
        ),
        field(
            "budget",
            "budget",
            ("Budget", "Budget"),
            max_rows=8,
        ),
    ]


def rubric():
    return [
        (
            "criterion",
            {
                "label": t("Fit with the call", "Adéquation avec l’appel"),
                "guidance": t(
                    "Does the project increase incident reporting or prevent hate locally?",
                    "Le projet augmente-t-il le signalement des incidents ou prévient-il la "
                    "haine à l’échelle locale ?",
                ),
                "max_score": 5,
                "weight": 2,
                "key": "fit",
            },
        ),
        (
            "criterion",
            {
                "label": t("Reach into communities", "Ancrage dans les communautés"),
                "guidance": t(
                    "Are the people most affected involved in leading it?",
                    "Les personnes les plus touchées participent-elles à sa direction ?",
                ),
                "max_score": 5,
                "weight": 2,
                "key": "reach",
            },
        ),
        (
            "criterion",
            {
                "label": t("Feasibility", "Faisabilité"),
                "guidance": t(
                    "Can the team do it with this budget in this time?",
                    "L’équipe peut-elle le réaliser avec ce budget, dans ces délais ?",
                ),
                "max_score": 5,
                "weight": 1,
                "key": "feasibility",
            },
        ),
        (
            "criterion",
            {
                "label": t("Learning and evaluation", "Apprentissage et évaluation"),
                "guidance": t(
                    "Will we know what worked, and could others repeat it?",
                    "Saura-t-on ce qui a fonctionné, et d’autres pourraient-ils le reproduire ?",
                ),
                "max_score": 5,
                "weight": 1,
                "key": "evaluation",
            },
        ),
    ]


def eligibility_questions():
    def question(en, fr, why_en, why_fr, expected="yes"):
        return (
            "question",
            {"question": t(en, fr), "expected": expected, "explanation": t(why_en, why_fr)},
        )

    return [
        question(
            "Is your organisation a community-based, non-profit organisation?",
            "Votre organisme est-il un organisme communautaire sans but lucratif ?",
            "This call funds community-based organisations only. City governments can ask "
            "the hub’s help desk or book office hours.",
            "Cet appel finance seulement des organismes communautaires. Les administrations "
            "municipales peuvent s’adresser au service d’assistance du Pôle ou réserver une "
            "permanence.",
        ),
        question(
            "Will the project take place in Boise, Pittsburgh, Cincinnati, Forest Park or "
            "Highland Park?",
            "Le projet se déroulera-t-il à Boise, Pittsburgh, Cincinnati, Forest Park ou "
            "Highland Park ?",
            "The programme’s federal funding covers these five cities. Write to us: other "
            "funders may fit your project.",
            "Le financement fédéral du programme couvre ces cinq villes. Écrivez-nous : "
            "d’autres bailleurs de fonds pourraient convenir à votre projet.",
        ),
        question(
            "Has your organisation been excluded from receiving federal funds?",
            "Votre organisme a-t-il été exclu des fonds fédéraux ?",
            "Organisations listed as excluded at SAM.gov cannot receive this federal subaward.",
            "Les organismes inscrits comme exclus dans SAM.gov ne peuvent pas recevoir cette "
            "sous-subvention fédérale.",
            expected="no",
        ),
    ]


def faq():
    def item(q_en, q_fr, a_en, a_fr):
        return ("item", {"question": t(q_en, q_fr), "answer": p(a_en, a_fr)})

    return [
        item(
            "We have never applied for a grant. Can we still apply?",
            "Nous n’avons jamais demandé de subvention. Pouvons-nous quand même présenter une "
            "demande ?",
            "Yes. The concept note is one page, and the hub’s experts can help you shape it in "
            "office hours. Grassroots groups are who this call is for.",
            "Oui. La note conceptuelle tient en une page, et les experts du Pôle peuvent vous "
            "aider à la préparer pendant une permanence. Cet appel s’adresse justement aux "
            "groupes de base.",
        ),
        item(
            "Can we apply in French?",
            "Pouvons-nous présenter notre demande en français ?",
            "Yes. Apply in English or French: reviewers read both, and we write to you in your "
            "language.",
            "Oui. Présentez votre demande en anglais ou en français : les évaluateurs lisent les "
            "deux langues, et nous vous écrivons dans la vôtre.",
        ),
        item(
            "What will we have to report?",
            "Quels rapports devrons-nous produire ?",
            "A short interim report and a final report: people reached, activities held, and "
            "the number of hate incidents recorded each month by category, never names. Counts "
            "under five are never published.",
            "Un court rapport d’étape et un rapport final : personnes jointes, activités tenues, "
            "et nombre d’incidents haineux consignés chaque mois par catégorie, jamais de noms. "
            "Les nombres inférieurs à cinq ne sont jamais publiés.",
        ),
        item(
            "Can a partner city government apply?",
            "Une ville partenaire peut-elle présenter une demande ?",
            "No: cities take part through the programme’s training. A letter of support from "
            "your city strengthens an application.",
            "Non : les villes participent par la formation du programme. Une lettre d’appui de "
            "votre ville renforce une demande.",
        ),
    ]


def themes(*pairs):
    return [("theme", t(en, fr)) for en, fr in pairs]


def report_form():
    return [
        field(
            "long_text",
            "what_happened",
            (
                "What did the project do in this period?",
                "Qu’a fait le projet pendant cette période ?",
            ),
            word_limit=300,
        ),
        field(
            "long_text",
            "what_changed",
            (
                "What changed for the people you work with?",
                "Qu’est-ce qui a changé pour les personnes avec qui vous travaillez ?",
            ),
            word_limit=300,
        ),
        field(
            "choice",
            "on_track",
            ("Is the project on track?", "Le projet progresse-t-il comme prévu ?"),
            options=options(
                ("yes", "Yes", "Oui"),
                ("delayed", "Somewhat delayed", "Un peu en retard"),
                ("at_risk", "At risk", "Compromis"),
            ),
            multiple=False,
        ),
        field(
            "money",
            "spent",
            ("Amount spent in this period", "Montant dépensé pendant cette période"),
        ),
    ]


# --- wagtail-localize ---


def localize(page, fr: Locale):
    """The page's French translation through wagtail-localize: every English string's
    French from FRENCH, saved as the translator's, then the translation published."""
    from wagtail_localize.models import (
        OverridableSegment,
        RelatedObjectSegment,
        StringSegment,
        StringTranslation,
        TemplateSegment,
        Translation,
        TranslationContext,
        TranslationSource,
    )
    from wagtail_localize.strings import StringValue

    source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=fr, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    # A reload gives the streams' blocks new ids, so new contexts: forget the old ones'.
    used = {
        context
        for model in (StringSegment, TemplateSegment, RelatedObjectSegment, OverridableSegment)
        for context in model.objects.filter(source=source).values_list("context_id", flat=True)
    }
    stale = TranslationContext.objects.filter(object_id=source.object_id).exclude(pk__in=used)
    StringTranslation.objects.filter(context__in=stale).delete()
    stale.delete()
    for segment in segments:
        english = html.unescape(segment.string.data)
        if english not in FRENCH:
            raise KeyError(f"No French for {english!r} on {page}")
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=fr,
            context=segment.context,
            defaults={
                "data": StringValue.from_plaintext(FRENCH[english]).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "has_error": False,
                "field_error": "",
            },
        )
    # Published here, not when the transaction commits (wagtail-localize's way): a page
    # published at the end would be saved with the child count it had when it was made.
    translation.save_target(publish=False)
    target = page.get_translation(fr).specific
    target.get_latest_revision().publish()
    return type(page).objects.get(pk=target.pk)


# --- Loading ---


@transaction.atomic
def load(*, home_en, translate, child, organisations, person):
    fr = Locale.objects.get(language_code="fr")
    now = timezone.now()
    today = timezone.localdate()

    index, programme, open_call, closed_call, evaluation = load_pages(home_en, child, now)
    for page in (index, programme, evaluation, open_call, closed_call):
        localize(page, fr)

    people = load_people(organisations, person)
    reviewers = [
        person(email, name, groups=[REVIEWERS_GROUP], language=language, time_zone=zone)
        for email, name, language, zone in REVIEWERS
    ]
    coordinator = person_or_none("coordinator@hub.example")
    applications = load_applications(closed_call, people, reviewers, coordinator, now)
    load_grants(programme, applications, people, organisations, coordinator, today, now)


def person_or_none(email):
    from network.models import User

    return User.objects.filter(email=email).first()


def load_pages(home_en, child, now):
    index = child(
        home_en,
        GrantsIndexPage,
        "funding",
        t("Funding", "Financement"),
        introduction=t(
            "The hub funds community-based organisations that prevent hate and help people "
            "report it. Apply to an open call in English or French; our experts can help you "
            "prepare.",
            "Le Pôle finance des organismes communautaires qui préviennent la haine et aident "
            "les gens à la signaler. Répondez à un appel ouvert en anglais ou en français; nos "
            "experts peuvent vous aider à vous préparer.",
        ),
        body=[
            paragraph(
                "Small and grassroots groups are welcome, even without a grants writer. Book "
                "office hours with one of the hub’s experts to test your idea, or write to the "
                "programme’s contact: we answer in English or French.",
                "Les petits groupes et les groupes de base sont les bienvenus, même sans "
                "rédacteur de demandes. Réservez une permanence avec une ou un expert du Pôle "
                "pour éprouver votre idée, ou écrivez à la personne-ressource du programme : "
                "nous répondons en anglais ou en français.",
            ),
        ],
    )
    programme = child(
        index,
        GrantProgrammePage,
        "empowering-communities-against-hate",
        t("Empowering Communities Against Hate", "Mobiliser les communautés contre la haine"),
        introduction=t(
            "Funding and training for community-based organisations in five US cities to "
            "develop, run and evaluate projects that help people report hate incidents and "
            "prevent them.",
            "Du financement et de la formation pour les organismes communautaires de cinq "
            "villes américaines, afin de concevoir, de mener et d’évaluer des projets qui "
            "aident à signaler les incidents haineux et à les prévenir.",
        ),
        funder=t(
            "Bureau of Justice Assistance, US Department of Justice",
            "Bureau of Justice Assistance, département de la Justice des États-Unis",
        ),
        body=[
            heading("Why this programme", "Pourquoi ce programme"),
            paragraph(
                "Most hate incidents are never reported. People do not know where to turn, do "
                "not trust that anything will happen, or do not speak the language of the "
                "forms. Community-based organisations are often the first place they go.",
                "La plupart des incidents haineux ne sont jamais signalés. Les gens ne savent "
                "pas à qui s’adresser, doutent qu’il se passe quoi que ce soit, ou ne parlent "
                "pas la langue des formulaires. Les organismes communautaires sont souvent "
                "le premier endroit où ils se tournent.",
            ),
            paragraph(
                "The programme funds those organisations in Boise, Pittsburgh, Cincinnati, "
                "Forest Park and Highland Park, trains their teams with the partner cities, and "
                "publishes what the projects achieved.",
                "Le programme finance ces organismes à Boise, Pittsburgh, Cincinnati, Forest "
                "Park et Highland Park, forme leurs équipes avec les villes partenaires, et "
                "publie ce que les projets ont accompli.",
            ),
            heading("What grantees report", "Ce que les bénéficiaires déclarent"),
            paragraph(
                "An interim and a final report: people reached, activities held, and incidents "
                "counted by category and month, never described. Counts under five are never "
                "published.",
                "Un rapport d’étape et un rapport final : personnes jointes, activités tenues, "
                "et incidents comptés par catégorie et par mois, jamais décrits. Les nombres "
                "inférieurs à cinq ne sont jamais publiés.",
            ),
        ],
        report_form=report_form(),
        contact_email="grants@hub.example",
    )
    open_deadline = (now + datetime.timedelta(weeks=6)).astimezone(EASTERN)
    open_deadline = open_deadline.replace(hour=17, minute=0, second=0, microsecond=0)
    open_call = child(
        programme,
        CallPage,
        "community-projects-2027",
        t(
            "Community projects against hate: 2027 call for proposals",
            "Projets communautaires contre la haine : appel de propositions 2027",
        ),
        introduction=t(
            "Grants of $5,000 to $25,000 for community-based organisations in the programme’s "
            "five cities, for projects of up to 12 months that help people report hate "
            "incidents, prevent them, or support the people targeted.",
            "Des subventions de 5 000 $ à 25 000 $ pour les organismes communautaires des cinq "
            "villes du programme, pour des projets d’au plus 12 mois qui aident à signaler les "
            "incidents haineux, à les prévenir, ou à soutenir les personnes ciblées.",
        ),
        themes=themes(
            ("Incident reporting", "Signalement des incidents"),
            ("Prevention", "Prévention"),
            ("Support for people targeted", "Soutien aux personnes ciblées"),
            ("Online hate", "Haine en ligne"),
        ),
        award_min=Decimal("5000"),
        award_max=Decimal("25000"),
        currency="USD",
        duration_months=12,
        opens_at=(now - datetime.timedelta(days=14))
        .astimezone(EASTERN)
        .replace(hour=9, minute=0, second=0, microsecond=0),
        deadline=open_deadline,
        eligibility=p(
            "Community-based, non-profit organisations working in Boise, Pittsburgh, "
            "Cincinnati, Forest Park or Highland Park. Grassroots groups without paid staff may "
            "apply with a fiscal sponsor.",
            "Les organismes communautaires sans but lucratif qui œuvrent à Boise, Pittsburgh, "
            "Cincinnati, Forest Park ou Highland Park. Les groupes de base sans personnel "
            "rémunéré peuvent présenter une demande avec un répondant financier.",
        ),
        eligibility_questions=eligibility_questions(),
        body=[
            heading("What we fund", "Ce que nous finançons"),
            paragraph(
                "Projects led by the communities most targeted by hate: reporting points where "
                "people can speak in their own language, peer supporters trained to accompany "
                "those who report, workshops on recognising and answering online hate, and "
                "partnerships with the city’s reporting line.",
                "Des projets menés par les communautés les plus ciblées par la haine : des "
                "points de signalement où l’on peut parler dans sa langue, des pairs aidants "
                "formés pour accompagner les personnes qui signalent, des ateliers pour "
                "reconnaître la haine en ligne et y répondre, et des partenariats avec la "
                "ligne de signalement de la ville.",
            ),
            paragraph(
                "The concept note is one page. Within three weeks of the deadline we tell you "
                "whether to send a full proposal.",
                "La note conceptuelle tient en une page. Dans les trois semaines suivant la "
                "date limite, nous vous disons s’il faut envoyer une proposition complète.",
            ),
        ],
        faq=faq(),
        contact_name=t(
            "Grants team, North America Regional Hub",
            "Équipe des subventions, Pôle régional Amérique du Nord",
        ),
        contact_email="grants@hub.example",
        concept_note_first=True,
        concept_form=concept_form(),
        proposal_form=proposal_form(),
        rubric=rubric(),
    )
    closed_deadline = (now - datetime.timedelta(days=75)).astimezone(EASTERN)
    closed_deadline = closed_deadline.replace(hour=17, minute=0, second=0, microsecond=0)
    closed_call = child(
        programme,
        CallPage,
        "small-grants-2026",
        t(
            "Small grants for incident reporting: 2026 call",
            "Petites subventions pour le signalement des incidents : appel 2026",
        ),
        introduction=t(
            "Grants of up to $10,000 for six-month projects that make it easier for people to "
            "report hate incidents in their own language and community.",
            "Des subventions d’au plus 10 000 $ pour des projets de six mois qui facilitent le "
            "signalement des incidents haineux dans sa propre langue et sa propre communauté.",
        ),
        themes=themes(("Incident reporting", "Signalement des incidents")),
        award_min=Decimal("2000"),
        award_max=Decimal("10000"),
        currency="USD",
        duration_months=6,
        opens_at=closed_deadline - datetime.timedelta(days=60),
        deadline=closed_deadline,
        eligibility=p(
            "Community-based, non-profit organisations working in the programme’s five cities.",
            "Les organismes communautaires sans but lucratif qui œuvrent dans les cinq villes "
            "du programme.",
        ),
        eligibility_questions=eligibility_questions()[:2],
        faq=faq()[1:3],
        contact_name=t(
            "Grants team, North America Regional Hub",
            "Équipe des subventions, Pôle régional Amérique du Nord",
        ),
        contact_email="grants@hub.example",
        concept_note_first=False,
        concept_form=[],
        proposal_form=small_form(),
        rubric=rubric(),
    )
    evaluation = child(
        programme,
        EvaluationPage,
        "evaluation",
        t("What the programme achieved", "Ce que le programme a accompli"),
        introduction=t(
            "The figures below add up the reports the hub has accepted from grantees. Counts "
            "under five are shown as “fewer than 5”, so that no one can be recognised.",
            "Les chiffres ci-dessous additionnent les rapports que le Pôle a acceptés des "
            "bénéficiaires. Les nombres inférieurs à cinq sont affichés comme « moins de 5 », "
            "pour que personne ne puisse être reconnu.",
        ),
        # The page's template heads the body "What we learned" itself.
        body=[
            paragraph(
                "People report more when they can do it in their own language, with someone "
                "they already know. The projects that trained volunteers from the communities "
                "most targeted received the most reports.",
                "Les gens signalent davantage quand ils peuvent le faire dans leur langue, "
                "auprès d’une personne qu’ils connaissent déjà. Les projets qui ont formé des "
                "bénévoles issus des communautés les plus ciblées ont reçu le plus de "
                "signalements.",
            ),
            paragraph(
                "Small groups needed help with budgets and reports more than with ideas: the "
                "next call asks for a short concept note first, and offers office hours to "
                "prepare the full proposal.",
                "Les petits groupes avaient davantage besoin d’aide pour les budgets et les "
                "rapports que pour les idées : le prochain appel demande d’abord une courte "
                "note conceptuelle et offre des permanences pour préparer la proposition "
                "complète.",
            ),
        ],
    )
    # Slugs are translated like any other string.
    t("funding", "financement")
    t("empowering-communities-against-hate", "mobiliser-les-communautes-contre-la-haine")
    t("community-projects-2027", "projets-communautaires-2027")
    t("small-grants-2026", "petites-subventions-2026")
    t("evaluation", "evaluation")
    return index, programme, open_call, closed_call, evaluation


def load_people(organisations, person):
    """The community organisations (the demo's where they exist), each with a member who
    applies, and the applicant profile filled once."""
    people = {}
    for name, region, city, email, full_name, language, zone in COMMUNITY:
        organisation = organisations.get(name)
        if organisation is None:
            organisation, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={"kind": "community", "country": "US", "region": region},
            )
            organisations[name] = organisation
        user = person(email, full_name, language=language, time_zone=zone)
        Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": "lead"}
        )
        ApplicantProfile.objects.update_or_create(
            organisation=organisation,
            defaults={
                "legal_name": f"{name}, Inc." if language == "en" else name,
                "registration_number": "",
                "uei": "",
                "address": f"{100 + len(name)} Main Street, {city}",
                "contact_name": full_name,
                "contact_email": email,
            },
        )
        people[name] = (organisation, user, language, city)
    return people


def budget(*rows):
    return [{"item": item, "amount": f"{amount:.2f}"} for item, amount in rows]


# (organisation, status, language, title, amount, answers)
APPLICATIONS = [
    (
        "Boise Neighbours Together",
        Application.Status.APPROVED,
        "Report it in Boise: neighbourhood reporting points",
        Decimal("9500"),
        {
            "city": "boise",
            "summary": "Six reporting points in libraries and community centres, staffed by "
            "trained volunteers who speak Spanish, Arabic, Swahili and English.",
            "budget": budget(
                ("Volunteer training", 3000), ("Interpretation", 4000), ("Outreach", 2500)
            ),
        },
    ),
    (
        "Pittsburgh Unity Collective",
        Application.Status.IN_REVIEW,
        "Safe to speak: reporting circles in Pittsburgh",
        Decimal("8000"),
        {
            "city": "pittsburgh",
            "summary": "Monthly circles in three neighbourhoods where people can report "
            "incidents with a trained peer present, and referrals to victim services.",
            "budget": budget(("Facilitators", 5000), ("Venues and food", 3000)),
        },
    ),
    (
        "Association des familles francophones de Cincinnati",
        Application.Status.IN_REVIEW,
        "Signaler en français à Cincinnati",
        Decimal("7000"),
        {
            "city": "cincinnati",
            "summary": "Des ateliers en français pour les familles immigrantes d’Afrique de "
            "l’Ouest : reconnaître un incident haineux, le signaler, et accompagner les "
            "personnes qui le vivent.",
            "budget": budget(
                ("Animation des ateliers", 4000), ("Garde d’enfants", 1500), ("Traduction", 1500)
            ),
        },
    ),
    (
        "Cincinnati Welcome Network",
        Application.Status.SUBMITTED,
        "Welcome desks that take reports",
        Decimal("6000"),
        {
            "city": "cincinnati",
            "summary": "Train the staff of four newcomer welcome desks to take hate-incident "
            "reports and pass them, with consent, to the city’s reporting line.",
            "budget": budget(("Training", 3500), ("Materials", 2500)),
        },
    ),
    (
        "Forest Park Youth Alliance",
        Application.Status.CHANGES_REQUESTED,
        "Youth peer reporters",
        Decimal("10000"),
        {
            "city": "forest_park",
            "summary": "High-school students trained as peer reporters who help classmates "
            "report harassment online and at school.",
            "budget": budget(("Stipends", 6000), ("Training", 4000)),
        },
    ),
    (
        "Highland Park Faith Table",
        Application.Status.DECLINED,
        "Interfaith safety days",
        Decimal("10000"),
        {
            "city": "highland_park",
            "summary": "Two safety days for congregations with the police department.",
            "budget": budget(("Event costs", 10000)),
        },
    ),
    (
        "Centre d’accueil des nouveaux arrivants de Boise",
        Application.Status.DRAFT,
        "Accueillir et signaler",
        None,
        {
            "city": "boise",
            "summary": "Des séances d’accueil où les nouveaux arrivants apprennent",
        },
    ),
]


def load_applications(call, people, reviewers, coordinator, now):
    rubric_keys = ["fit", "reach", "feasibility", "evaluation"]
    submitted = call.deadline - datetime.timedelta(days=3)
    found = {}
    for name, status, title, amount, answers in APPLICATIONS:
        organisation, user, language, _city = people[name]
        answers = {"project_name": title, **answers}
        if amount:
            answers["amount"] = f"{amount:.2f}"
        application, _ = Application.objects.update_or_create(
            call=call,
            organisation=organisation,
            defaults={
                "created_by": user,
                "saved_by": user,
                "title": title,
                "amount_requested": amount,
                "language": language,
                "stage": Stage.PROPOSAL,
                "status": status,
                "answers": answers,
                "profile": organisation.applicant_profile.snapshot(),
                "created_at": submitted - datetime.timedelta(days=10),
                "saved_at": submitted,
                "submitted_at": None if status == Application.Status.DRAFT else submitted,
                "decided_at": now - datetime.timedelta(days=30)
                if status in ("approved", "declined", "changes_requested")
                else None,
            },
        )
        found[name] = application

    scored, second = reviewers
    decided_by = coordinator or scored

    def review(application, reviewer, *, conflict="", scores=None, recommendation=""):
        sent = bool(scores)
        Review.objects.update_or_create(
            application=application,
            stage=Stage.PROPOSAL,
            reviewer=reviewer,
            defaults={
                "assigned_by": coordinator,
                "assigned_at": now - datetime.timedelta(days=50),
                "due_on": (now + datetime.timedelta(days=7)).date(),
                "conflict": conflict,
                "conflict_note": "I sit on this organisation’s board."
                if conflict == Review.Conflict.CONFLICT
                else "",
                "declared_at": now - datetime.timedelta(days=45) if conflict else None,
                "scores": scores or {},
                "recommendation": recommendation,
                "comments": "Clear plan; the budget is realistic." if sent else "",
                "submitted_at": now - datetime.timedelta(days=40) if sent else None,
            },
        )

    def scores(*values):
        return dict(zip(rubric_keys, values, strict=True))

    # In review: one scored, one conflict declared, one pending (not declared yet).
    review(
        found["Pittsburgh Unity Collective"],
        scored,
        conflict=Review.Conflict.NONE,
        scores=scores(4, 5, 3, 4),
        recommendation=Review.Recommendation.FUND,
    )
    review(found["Pittsburgh Unity Collective"], second)
    review(found["Association des familles francophones de Cincinnati"], scored)
    review(
        found["Association des familles francophones de Cincinnati"],
        second,
        conflict=Review.Conflict.CONFLICT,
    )
    review(
        found["Boise Neighbours Together"],
        second,
        conflict=Review.Conflict.NONE,
        scores=scores(5, 5, 4, 4),
        recommendation=Review.Recommendation.FUND,
    )
    review(
        found["Highland Park Faith Table"],
        second,
        conflict=Review.Conflict.NONE,
        scores=scores(2, 1, 4, 2),
        recommendation=Review.Recommendation.DO_NOT_FUND,
    )
    review(
        found["Forest Park Youth Alliance"],
        scored,
        conflict=Review.Conflict.NONE,
        scores=scores(4, 4, 2, 3),
        recommendation=Review.Recommendation.FUND_WITH_CHANGES,
    )

    outcomes = {
        "Boise Neighbours Together": (
            Determination.Outcome.APPROVED,
            "Reviewers found the reporting points well planned and rooted in the "
            "communities most targeted.",
        ),
        "Highland Park Faith Table": (
            Determination.Outcome.DECLINED,
            "The call funds incident reporting; the project is mostly about event security. "
            "We would welcome a new application to the next call.",
        ),
        "Forest Park Youth Alliance": (
            Determination.Outcome.CHANGES_REQUESTED,
            "Please add how students will be supervised, and split the stipends by term.",
        ),
    }
    for name, (outcome, reasons) in outcomes.items():
        Determination.objects.update_or_create(
            application=found[name],
            stage=Stage.PROPOSAL,
            defaults={
                "outcome": outcome,
                "reasons": reasons,
                "decided_by": decided_by,
                "decided_at": now - datetime.timedelta(days=30),
            },
        )
    return found


def month(day: datetime.date, back: int) -> datetime.date:
    first = day.replace(day=1)
    for _ in range(back):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    return first


def load_grants(programme, applications, people, organisations, coordinator, today, now):
    approved = applications["Boise Neighbours Together"]
    boise_org, _user, _language, _city = people["Boise Neighbours Together"]
    first, _ = Grant.objects.update_or_create(
        application=approved,
        defaults={
            "programme": programme,
            "organisation": boise_org,
            "city": organisations.get("Boise"),
            "title": approved.title,
            "amount": Decimal("9500.00"),
            "currency": "USD",
            "starts_on": today - datetime.timedelta(days=120),
            "ends_on": today + datetime.timedelta(days=62),
            "conditions": "Interim report before the second payment.",
            "award_number": "15PBJA-26-GK-0001-DEMO",
            "uei": "DEMOBNT12345",
            "exclusion_check": Grant.ExclusionCheck.CLEAR,
            "exclusion_checked_on": today - datetime.timedelta(days=125),
            "language": "en",
            "created_by": coordinator,
        },
    )
    pittsburgh, _user, _language, _city = people["Pittsburgh Unity Collective"]
    second, _ = Grant.objects.update_or_create(
        programme=programme,
        organisation=pittsburgh,
        application=None,
        title="Bystander training in Pittsburgh neighbourhoods",
        defaults={
            "city": organisations.get("Pittsburgh"),
            "amount": Decimal("15000.00"),
            "currency": "USD",
            "starts_on": today - datetime.timedelta(days=200),
            "ends_on": today + datetime.timedelta(days=165),
            "conditions": "Entered by the hub: a grantee from before the platform.",
            "award_number": "15PBJA-25-GK-0007-DEMO",
            "uei": "",
            "exclusion_check": Grant.ExclusionCheck.CLEAR,
            "exclusion_checked_on": today - datetime.timedelta(days=205),
            "language": "en",
            "created_by": coordinator,
        },
    )
    for grant in (first, second):
        grant.payments.all().delete()
        grant.reports.all().delete()

    half = Decimal("4750.00")
    Payment.objects.create(
        grant=first, due_on=first.starts_on, amount=half, paid_on=first.starts_on
    )
    Payment.objects.create(
        grant=first,
        due_on=today + datetime.timedelta(days=20),
        amount=half,
        note="After the interim report is accepted.",
    )
    Payment.objects.create(
        grant=second, due_on=second.starts_on, amount=Decimal("7500.00"), paid_on=second.starts_on
    )
    Payment.objects.create(
        grant=second, due_on=today + datetime.timedelta(days=30), amount=Decimal("7500.00")
    )

    # First grant: an interim report received and accepted, the next one due soon.
    accepted = Report.objects.create(
        grant=first,
        kind=Report.Kind.INTERIM,
        period_start=first.starts_on,
        period_end=today - datetime.timedelta(days=30),
        due_on=today - datetime.timedelta(days=20),
        status=Report.Status.ACCEPTED,
        answers={
            "what_happened": "Opened four of the six reporting points and trained 22 "
            "volunteers in four languages.",
            "what_changed": "People who had never reported came with friends; most reports "
            "were made in Spanish or Arabic.",
            "on_track": "delayed",
            "spent": "4300.00",
        },
        people_reached=640,
        activities_held=18,
        submitted_at=now - datetime.timedelta(days=24),
        submitted_by=people["Boise Neighbours Together"][1],
        accepted_at=now - datetime.timedelta(days=15),
        feedback="Thank you: clear figures. Tell us in the next report how the last two points open.",
    )
    tallies = [
        ("race", 3, 12),
        ("race", 2, 9),
        ("race", 1, 7),
        ("religion", 3, 4),
        ("religion", 2, 6),
        ("religion", 1, 2),
        ("sexual_orientation", 2, 3),
        ("gender_identity", 1, 1),
        ("disability", 2, 2),
        ("other", 1, 5),
    ]
    IncidentTally.objects.bulk_create(
        IncidentTally(report=accepted, category=category, month=month(today, back), count=count)
        for category, back, count in tallies
    )
    Report.objects.create(
        grant=first,
        kind=Report.Kind.INTERIM,
        period_start=today - datetime.timedelta(days=29),
        period_end=today + datetime.timedelta(days=4),
        due_on=today + datetime.timedelta(days=9),
        status=Report.Status.DUE,
    )
    # Second grant: its interim report is late, the final one far ahead.
    Report.objects.create(
        grant=second,
        kind=Report.Kind.INTERIM,
        period_start=second.starts_on,
        period_end=today - datetime.timedelta(days=20),
        due_on=today - datetime.timedelta(days=8),
        status=Report.Status.DUE,
    )
    Report.objects.create(
        grant=second,
        kind=Report.Kind.FINAL,
        period_start=today - datetime.timedelta(days=19),
        period_end=second.ends_on,
        due_on=second.ends_on + datetime.timedelta(days=30),
        status=Report.Status.DUE,
    )
