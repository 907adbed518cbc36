"""The public site's demo content: the Resource Hub, impact stories, convenings, member cities.

Facts come from the hub's own documents (shared/seeds); the sentences are ours. Called by
the load_demo command, which keeps it idempotent: pages are found by slug and updated.
"""

import datetime
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText
from wagtail.utils.file import hash_filelike

PILLARS = [
    (
        "Empowering mayors and local leaders",
        "Good practices and decision points that help city leaders build cohesive, resilient cities and respond to threats and violence.",
    ),
    (
        "City-led action in prevention",
        "The roles local government can play in prevention, starting with trust between the city and its communities.",
    ),
    (
        "Peer-to-peer learning",
        "Exchanges of city-led models and experiences across the region and the global network.",
    ),
    (
        "Partnerships for prevention and response",
        "Ways for cities to work with civil society and the private sector as co-producers of prevention.",
    ),
    (
        "Data-driven threat analysis",
        "Understanding local risks, vulnerabilities and needs, online and offline.",
    ),
]
PILLARS_FR = [
    (
        "Outiller les maires et les élus locaux",
        "Des pratiques et des repères pour bâtir des villes cohésives et résilientes, et réagir aux menaces et à la violence.",
    ),
    (
        "L’action municipale en prévention",
        "Les rôles que peut jouer l’administration locale, à commencer par la confiance entre la ville et ses communautés.",
    ),
    (
        "Apprentissage entre pairs",
        "Des échanges de modèles et d’expériences municipales dans la région et dans tout le réseau.",
    ),
    (
        "Partenariats de prévention et d’intervention",
        "Des façons de coproduire la prévention avec la société civile et le secteur privé.",
    ),
    (
        "Analyse des menaces fondée sur les données",
        "Comprendre les risques, vulnérabilités et besoins locaux, en ligne et hors ligne.",
    ),
]
FIGURES = [
    ("50+", "member cities in North America"),
    ("1,200+", "officials at Global Crises, Local Impacts webinars"),
    ("37", "cities in the 2025 Prevention Academy US"),
    ("20+", "cities given their own threat briefing"),
]
FIGURES_FR = [
    ("50+", "villes membres en Amérique du Nord"),
    ("1 200+", "responsables aux webinaires Crises mondiales, impacts locaux"),
    ("37", "villes à l’Académie de prévention États-Unis 2025"),
    ("20+", "villes ayant reçu une note d’analyse des menaces"),
]

# slug, title, summary, type, audience, region, published, themes, languages, French (title, summary) or None
RESOURCES = [
    (
        "ten-step-roadmap",
        "Unlocking the potential of cities: a ten-step roadmap",
        "How a city can support community-based prevention in ten steps, from an advisory board and small grants to training and evaluation.",
        "guide",
        "mayors",
        "north-america",
        datetime.date(2025, 9, 15),
        ["strategy", "prevention"],
        ["en", "fr"],
        (
            "Libérer le potentiel des villes : une feuille de route en dix étapes",
            "Comment une ville peut soutenir la prévention communautaire en dix étapes : comité consultatif, petites subventions, formation et évaluation.",
        ),
    ),
    (
        "multi-actor-framework-toolkit",
        "A toolkit for cities: building a multi-actor local prevention framework",
        "A step-by-step guide, grounded in public-health principles, for cities developing and implementing a local prevention framework with many partners.",
        "toolkit",
        "city-staff",
        "united-states",
        datetime.date(2025, 10, 20),
        ["strategy", "coordination"],
        ["en"],
        (
            "Trousse pour les villes : bâtir un cadre local de prévention multi-acteurs",
            "Un guide pas à pas, fondé sur la santé publique, pour élaborer et mettre en œuvre un cadre local de prévention avec de nombreux partenaires.",
        ),
    ),
    (
        "anti-government-hate-toolkit",
        "Addressing anti-government hate and harassment: a toolkit for municipalities",
        "130 practical recommendations for elected officials, staff and councils to prevent, counter and respond to threats and harassment.",
        "toolkit",
        "mayors",
        "canada",
        datetime.date(2025, 3, 3),
        ["harassment", "response"],
        ["en", "fr"],
        (
            "Contrer la haine et le harcèlement anti-gouvernement : trousse pour les municipalités",
            "130 recommandations pratiques pour les élus, le personnel et les conseils afin de prévenir et contrer les menaces et le harcèlement, et d’y réagir.",
        ),
    ),
    (
        "policy-brief-small-cities",
        "Policy brief: prevention frameworks in small and mid-sized cities",
        "Lessons from a two-year project with multi-actor working groups in several US cities, from recruiting partners to action plans.",
        "policy-brief",
        "city-staff",
        "united-states",
        datetime.date(2025, 7, 30),
        ["prevention", "coordination"],
        ["en"],
        None,
    ),
    (
        "policy-brief-needs-assessments",
        "Policy brief: needs and vulnerabilities assessments",
        "What community surveys and local assessments revealed, and how cities turned them into prevention priorities.",
        "policy-brief",
        "city-staff",
        "united-states",
        datetime.date(2025, 8, 12),
        ["mapping"],
        ["en"],
        None,
    ),
    (
        "guide-for-mayors",
        "Leading the response: a guide for mayors",
        "Advice drawn from more than 100 local leaders on the mayor's role in preventing and responding to hate, extremism and polarisation.",
        "guide",
        "mayors",
        "global",
        datetime.date(2024, 9, 20),
        ["strategy", "response"],
        ["en", "fr", "es"],
        None,
    ),
    (
        "guide-for-cities",
        "City-led prevention: a guide for cities",
        "Approaches for city practitioners to build whole-of-society prevention that fits their mandate and means.",
        "guide",
        "city-staff",
        "global",
        datetime.date(2024, 9, 20),
        ["prevention", "coordination"],
        ["en", "fr", "es"],
        None,
    ),
    (
        "inclusive-mapping",
        "Comprehensive and inclusive mapping",
        "Understanding local challenges, risks and needs, and mapping the services, infrastructure and people a city can build on.",
        "guide",
        "city-staff",
        "global",
        datetime.date(2024, 10, 1),
        ["mapping"],
        ["en", "fr"],
        (
            "Cartographie globale et inclusive",
            "Comprendre les défis, risques et besoins locaux, et recenser les services, infrastructures et personnes sur lesquels une ville peut s’appuyer.",
        ),
    ),
    (
        "responding-to-attacks",
        "Responding to attacks: the first hours, months and years",
        "What mayors face in the immediate, medium and long term after a hate-motivated attack in their city.",
        "guide",
        "mayors",
        "global",
        datetime.date(2024, 10, 1),
        ["response"],
        ["en"],
        None,
    ),
    (
        "regional-impact-report",
        "North America Regional Hub: impact report",
        "Convenings, webinar series, threat briefings, the help desk and three Prevention Academies: what the hub achieved with its cities.",
        "report",
        "everyone",
        "north-america",
        datetime.date(2025, 11, 25),
        ["coordination"],
        ["en"],
        None,
    ),
    (
        "urban-design-recording",
        "Recording: urban design for violence prevention",
        "A Global Crises, Local Impacts session on how the design of public space can reduce the risk of violence.",
        "recording",
        "city-staff",
        "north-america",
        datetime.date(2025, 4, 10),
        ["prevention"],
        ["en"],
        None,
    ),
    (
        "online-harms-bc",
        "Countering online harms: notes for British Columbia municipalities",
        "How digital threats show up in local communities, and municipality-led ways to limit their offline impact.",
        "guide",
        "city-staff",
        "canada",
        datetime.date(2025, 10, 30),
        ["online-harms"],
        ["en", "fr"],
        None,
    ),
]

# slug, title, date, cities, themes, summary, French (title, summary) or None
STORIES = [
    (
        "edmonton-hate-landscape",
        "Edmonton maps its hate landscape",
        datetime.date(2024, 10, 22),
        ["Edmonton"],
        ["mapping", "online-harms"],
        "City leaders, community organisations, police and practitioners met for the first time to examine Edmonton's hate landscape and refine an online early-warning system.",
        (
            "Edmonton cartographie la haine sur son territoire",
            "Élus, organismes communautaires, police et praticiens se sont réunis pour la première fois afin d’examiner la haine à Edmonton et d’affiner un système d’alerte précoce en ligne.",
        ),
    ),
    (
        "boise-cohesion-roundtable",
        "Boise's departments sit at one table",
        datetime.date(2025, 2, 18),
        ["Boise"],
        ["coordination"],
        "Heads of community engagement, parks, libraries and the police chief met to plan how to keep Boise cohesive through cascading crises; new partnerships followed.",
        (
            "Les services de Boise à la même table",
            "Responsables de l’engagement communautaire, des parcs, des bibliothèques et chef de police ont planifié ensemble la cohésion de Boise face aux crises ; de nouveaux partenariats ont suivi.",
        ),
    ),
    (
        "brampton-faith-communities",
        "Brampton and Peel Region work with faith communities",
        datetime.date(2025, 6, 12),
        ["Brampton"],
        ["prevention", "coordination"],
        "A two-day workshop explored how municipalities reduce tensions between faith groups through steady relationships in calm times and in crisis.",
        None,
    ),
    (
        "victoria-western-exchange",
        "Victoria hosts the first western exchange",
        datetime.date(2024, 10, 8),
        ["Victoria"],
        ["coordination", "response"],
        "More than 65 mayors, councillors, officials and experts from western Canada and the western US compared approaches to under-reporting, trust and cooperation.",
        None,
    ),
    (
        "vancouver-online-harms-academy",
        "British Columbia launches an academy on online harms",
        datetime.date(2025, 10, 15),
        ["Vancouver"],
        ["online-harms"],
        "A gathering of municipal, provincial and civil-society practitioners opened the Prevention Academy for BC municipalities, with a general track and a deep-dive track.",
        None,
    ),
    (
        "forest-park-tabletop",
        "A tabletop exercise that Forest Park used weeks later",
        datetime.date(2024, 8, 2),
        ["Forest Park"],
        ["response"],
        "The crisis-response exercise at the mayoral retreat helped Forest Park's mayor lead the city's response to a mass shooting soon after.",
        None,
    ),
]

# slug, title, start offset or date, length in days, format, city, location, partners, summary, French or None
EVENTS = [
    (
        "mayoral-retreat-2027",
        "Mayoral Retreat 2027",
        150,
        3,
        "in-person",
        "Pittsburgh",
        "Pittsburgh Theological Seminary",
        ["Pittsburgh Theological Seminary"],
        "Mayors and city leaders from across the region share and learn from each other, including a crisis-response tabletop exercise.",
        (
            "Retraite des maires 2027",
            "Maires et élus de toute la région échangent leurs expériences, avec un exercice de gestion de crise.",
        ),
    ),
    (
        "canada-webinar-incivility",
        "Canada convening: incivility toward local officials",
        40,
        1,
        "virtual",
        None,
        "Online",
        ["Canadian Centre for Safer Communities"],
        "Municipal officials from across Canada discuss rising incivility against elected officials and staff, and what councils can do about it.",
        (
            "Rencontre Canada : l’incivilité envers les élus locaux",
            "Des responsables municipaux de tout le Canada discutent de la montée de l’incivilité envers les élus et le personnel, et des moyens d’agir.",
        ),
    ),
    (
        "bc-deep-dive-convening",
        "BC deep-dive municipalities convening",
        75,
        2,
        "hybrid",
        "Vancouver",
        "Vancouver and online",
        [],
        "The eight deep-dive municipalities of the BC academy meet to share progress on their online-harms work.",
        None,
    ),
    (
        "victoria-exchange-2024",
        "Western Canada and western US exchange",
        datetime.date(2024, 10, 8),
        2,
        "in-person",
        "Victoria",
        "Victoria, British Columbia",
        [],
        "Preventing hate and building social cohesion amid global crises: the first exchange of its kind between western cities.",
        None,
    ),
    (
        "edmonton-workshop-2024",
        "Edmonton hate-landscape workshop",
        datetime.date(2024, 10, 22),
        1,
        "in-person",
        "Edmonton",
        "Edmonton, Alberta",
        [],
        "City leaders, community organisations, law enforcement and practitioners examine Edmonton's hate landscape together.",
        None,
    ),
    (
        "boise-roundtable-2025",
        "Community Cohesion Roundtable",
        datetime.date(2025, 2, 18),
        1,
        "in-person",
        "Boise",
        "Boise City Hall",
        [],
        "Department heads and the police chief discuss prevention and cohesion amid cascading crises.",
        None,
    ),
    (
        "brampton-workshop-2025",
        "Peel Region two-day workshop",
        datetime.date(2025, 6, 11),
        2,
        "in-person",
        "Brampton",
        "Brampton, Ontario",
        [],
        "Municipal officials, civil society and practitioners on a multi-level, whole-of-society approach to prevention.",
        None,
    ),
]


# The French pages' own slugs (/fr/ressources/feuille-de-route-en-dix-etapes/), by the English
# page's slug; every demo page translated into French has one (french_slug).
FRENCH_SLUGS = {
    # Resources
    "ten-step-roadmap": "feuille-de-route-en-dix-etapes",
    "multi-actor-framework-toolkit": "trousse-cadre-local-de-prevention",
    "anti-government-hate-toolkit": "trousse-haine-et-harcelement-anti-gouvernement",
    "inclusive-mapping": "cartographie-globale-et-inclusive",
    # Stories
    "edmonton-hate-landscape": "edmonton-cartographie-la-haine",
    "boise-cohesion-roundtable": "boise-services-a-la-meme-table",
    "brampton-faith-communities": "brampton-et-peel-communautes-religieuses",
    "victoria-western-exchange": "victoria-premier-echange-de-l-ouest",
    "vancouver-online-harms-academy": "academie-sur-les-prejudices-en-ligne-c-b",
    "forest-park-tabletop": "forest-park-exercice-de-simulation",
    # Convenings
    "mayoral-retreat-2027": "retraite-des-maires-2027",
    "canada-webinar-incivility": "rencontre-canada-incivilite-envers-les-elus",
    "bc-deep-dive-convening": "rencontre-du-volet-approfondi-c-b",
    "victoria-exchange-2024": "echange-ouest-canadien-ouest-americain-2024",
    "edmonton-workshop-2024": "atelier-edmonton-2024",
    "boise-roundtable-2025": "table-ronde-boise-2025",
    "brampton-workshop-2025": "atelier-region-de-peel-2025",
    # Academies and their courses
    "prevention-academy-us": "academie-de-prevention-etats-unis",
    "prevention-academy-canada": "academie-de-prevention-canada",
    "prevention-academy-bc": "academie-de-prevention-c-b",
    "online-harms-general-track": "prejudices-en-ligne-volet-general",
    "what-online-harms-are": "ce-que-sont-les-prejudices-en-ligne",
    "municipal-responses": "ce-qu-une-municipalite-peut-faire",
    "online-harms-deep-dive": "prejudices-en-ligne-volet-approfondi",
    "local-assessment": "evaluer-les-prejudices-en-ligne-localement",
    "response-plan": "batir-le-plan-d-intervention",
    # Webinar series and sessions
    "global-crises-local-impacts": "crises-mondiales-repercussions-locales",
    "introduction-to-city-led-prevention": "introduction-a-la-prevention-menee-par-les-villes",
    "canada-series": "serie-canada",
    "faith-and-civic-leadership": "leadership-confessionnel-et-civique",
    "urban-design-for-violence-prevention": "amenagement-urbain-et-prevention",
    "when-a-conflict-abroad-divides-your-city": "quand-un-conflit-lointain-divise-votre-ville",
    "threats-against-local-officials": "menaces-contre-les-elus-locaux",
    "incivility-in-local-government": "incivilite-envers-les-administrations-locales",
    "faith-communities-as-partners": "communautes-de-foi-partenaires",
}


def french_slug(slug: str) -> str:
    """The French page's slug for an English demo page (a KeyError names one not given)."""
    return FRENCH_SLUGS[slug]


# Resources whose French page offers its own French file: slug -> the file's French title.
# The others' French pages offer the English file, and say so.
FRENCH_DOCUMENTS = {
    "ten-step-roadmap": "Libérer le potentiel des villes : une feuille de route en dix étapes",
    "anti-government-hate-toolkit": "Contrer la haine et le harcèlement anti-gouvernement : "
    "trousse pour les municipalités",
    "inclusive-mapping": "Cartographie globale et inclusive",
}


def minimal_pdf(title: str) -> bytes:
    """A one-page PDF naming the resource: enough for a demo download."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 16 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer<</Size {len(objects) + 1}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def demo_document(title: str, slug: str):
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(f"{slug}.pdf", ContentFile(minimal_pdf(title)), save=False)
        # Size and hash, as an upload through the admin records them: otherwise the first
        # visitor's page view would save them.
        document.file_size = document.file.size
        document.file_hash = hash_filelike(ContentFile(minimal_pdf(title)))
        document.save()
    return document


IMAGES = Path(__file__).parent / "demo_images"

# Every size the templates ask for, made while loading so the first visitor waits for none.
RENDITIONS = ("fill-480x270", "width-1200", "fill-1200x630")


def demo_image(slug: str, title: str):
    """The illustration drawn for this page (demo_images/draw.py), with its renditions made.

    Found by title; a changed drawing replaces the file, so a reload shows the new one."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    data = (IMAGES / f"{slug}.jpg").read_bytes()
    file_hash = hash_filelike(ContentFile(data))
    image = Image.objects.filter(title=title).first() or Image(title=title)
    if image.file_hash != file_hash:
        if image.pk:
            image.renditions.all().delete()
        image.file.save(f"{slug}.jpg", ContentFile(data), save=False)
        image.width, image.height = 1200, 675
        image.file_size, image.file_hash = len(data), file_hash
    image.description = IMAGE_DESCRIPTIONS[slug]
    image.save()
    image.get_renditions(*RENDITIONS)
    return image


def event_dates(start, length: int) -> tuple[datetime.date, datetime.date]:
    if isinstance(start, int):  # days from today: the demo always has upcoming convenings
        start = timezone.localdate() + datetime.timedelta(days=start)
    return start, start + datetime.timedelta(days=length - 1)


# --- Blocks, written the way the body StreamField stores them ---


def h2(text):
    return ("heading", {"text": text, "level": "h2"})


def p(html):
    return ("paragraph", RichText(html))


def quote(text, who):
    return ("quote", {"quote": text, "attribution": who})


def figures(heading, items):
    return (
        "key_figures",
        {"heading": heading, "figures": [{"figure": f, "label": label} for f, label in items]},
    )


def cta(text, label, *, page=None, url=""):
    return ("call_to_action", {"text": text, "link": {"label": label, "page": page, "url": url}})


def a(target, text):
    """An inline link to a page's path (or an address). Not Wagtail's stored page link: each of
    those costs queries on every view (found, then localised), and About has a dozen."""
    if target is None:  # a feature app that is not installed
        return text
    return f'<a href="{getattr(target, "url", target)}">{text}</a>'


HUB_EMAIL = "na.hub@example.org"
NB = "\u00a0"  # French puts a non-breaking space before : and inside « »


# --- About and Membership ---
# `links` maps a service to its page in the page's language (or, for the help desk, its path).

ABOUT_INTRODUCTION = (
    "The North America Regional Hub helps cities and other local governments in Canada and the "
    "United States prevent hate, extremism and polarisation, and strengthen social cohesion, "
    "with the experience of a global network of cities behind it.",
    "Le Pôle régional Amérique du Nord aide les villes et les autres administrations locales du "
    "Canada et des États-Unis à prévenir la haine, l’extrémisme et la polarisation, et à "
    "renforcer la cohésion sociale, en s’appuyant sur l’expérience d’un réseau mondial de villes.",
)


def about_body(language, links):
    mail = f"mailto:{HUB_EMAIL}"
    if language == "fr":
        return [
            h2("Qui nous sommes"),
            p(
                "<p>Le Pôle a été lancé en août 2024, lors d’une retraite de maires à Pittsburgh, "
                "pour offrir aux élus et au personnel municipal du Canada et des États-Unis un "
                "appui régulier et proche du terrain. Il est l’un des pôles régionaux d’un réseau "
                "mondial indépendant de plus de 290 villes et administrations locales qui "
                "préviennent la haine, l’extrémisme et la polarisation dans le respect des droits "
                "de la personne.</p>"
                "<p>Une petite équipe établie dans la région le fait vivre, en lien avec l’unité de "
                "gestion du réseau. Son travail part des demandes des villes : elle écoute leurs "
                "priorités, leur fait connaître des pratiques éprouvées ailleurs dans le monde et "
                "associe des acteurs de prévention souvent oubliés, des bibliothèques et services "
                "des parcs aux communautés religieuses et aux jeunes.</p>"
                "<p>Quand nous parlons de « villes », nous pensons à tous les ordres de "
                "gouvernement local et régional : villages et municipalités rurales, villes, "
                "comtés, gouvernements régionaux, provinces et États.</p>"
            ),
            figures(
                "Le Pôle en chiffres",
                [
                    ("50", "villes membres en Amérique du Nord : 38 aux États-Unis, 12 au Canada"),
                    ("30+", "rencontres depuis août 2024, en personne et en ligne"),
                    (
                        "1 200+",
                        "maires, élus et spécialistes aux webinaires « Crises mondiales, impacts locaux »",
                    ),
                    ("20+", "villes ayant reçu leur propre note d’analyse des menaces"),
                    ("3", "académies de prévention : États-Unis, Canada et Colombie-Britannique"),
                ],
            ),
            h2("Nos cinq piliers"),
            p(
                "<ul>"
                "<li><b>Outiller les maires et les élus locaux</b> : des pratiques, des repères de "
                "décision et des gestes concrets pour bâtir des villes cohésives et résilientes, et "
                "réagir aux menaces, aux tensions et à la violence.</li>"
                "<li><b>L’action municipale en prévention</b> : les rôles que peut jouer "
                "l’administration locale, à commencer par la confiance entre la ville et ses "
                "communautés.</li>"
                "<li><b>L’apprentissage entre pairs</b> : des échanges de modèles, de stratégies et "
                "d’expériences municipales dans la région et dans tout le réseau.</li>"
                "<li><b>Les partenariats de prévention et d’intervention</b> : des façons de nouer "
                "des liens de confiance avec la société civile et le secteur privé, et de coproduire "
                "la prévention avec eux.</li>"
                "<li><b>L’analyse des menaces fondée sur les données</b> : comprendre les risques, "
                "les vulnérabilités et les besoins locaux, en ligne comme hors ligne.</li>"
                "</ul>"
            ),
            h2("Ce que le Pôle offre"),
            p(
                "<ul>"
                f"<li>{a(links['academies'], 'Les académies de prévention')} : des cohortes de "
                "responsables municipaux apprennent, sur plusieurs semaines, une approche de santé "
                "publique de la prévention, avec des experts et des pairs. Trois académies : "
                "États-Unis, Canada et Colombie-Britannique.</li>"
                f"<li>{a(links['webinars'], 'Les webinaires')} : des séries mensuelles comme "
                "« Crises mondiales, impacts locaux » et l’introduction à la prévention menée par "
                "les villes, avec leurs enregistrements.</li>"
                f"<li>{a(links['office_hours'], 'Les permanences')} : un entretien avec une ou un "
                "spécialiste de la prévention pour préparer un atelier, une stratégie ou une "
                "intervention.</li>"
                f"<li>{a(links['help_desk'], 'Le service d’assistance')} : des conseils rapides et "
                "ciblés quand une ville fait face à une crise ou à des tensions qui montent.</li>"
                f"<li>{a(links['resources'], 'Les ressources')} : une bibliothèque ouverte de guides "
                "et de trousses, de la cartographie des besoins locaux à la réaction après une "
                "attaque.</li>"
                "</ul>"
                "<p>Le Pôle réunit aussi maires et équipes municipales lors de "
                f"{a(links['convenings'], 'rencontres')}, prépare des notes d’analyse des menaces "
                "propres à chaque ville et accompagne pendant plusieurs mois les villes qui bâtissent "
                "leur cadre local de prévention. Les "
                f"{a(links['stories'], 'récits d’impact')} racontent ce qui en est sorti.</p>"
            ),
            quote(
                "Ce réseau nous a donné une belle occasion d’apprendre, et l’échange entre pairs "
                "est l’une des bases mêmes de l’apprentissage. Nous avons vu des exemples "
                "remarquables de ce travail, et de la façon de l’adapter à la réalité de "
                "Victoria.",
                "Marianne Alto, mairesse de Victoria (Colombie-Britannique) [traduction]",
            ),
            h2("Nos partenaires"),
            p(
                "<p>Le Pôle travaille avec des partenaires qui apportent leur ancrage local et leur "
                "expertise : la National League of Cities (avec qui il mène l’Académie de "
                "prévention États-Unis), le Pittsburgh Theological Seminary (hôte de la retraite "
                "annuelle des maires), l’Association of Manitoba Municipalities, la Foundation for "
                "a Path Forward, le Centre canadien pour des communautés plus sûres et le Muhammad "
                "Ali Center.</p>"
                "<p>Son travail est rendu possible grâce au soutien financier ou en nature "
                "d’organismes dont Sécurité publique Canada, Patrimoine canadien, le Bureau du "
                "procureur général de la Colombie-Britannique, la Roadburg Foundation, le "
                "département de la Sécurité intérieure et le Bureau of Justice Assistance du "
                "département de la Justice des États-Unis, et le Boston Children’s Hospital.</p>"
            ),
            cta(
                "Votre ville veut se joindre à la cinquantaine de villes membres en Amérique du "
                "Nord?",
                "Comment adhérer",
                page=links["membership"],
            ),
            cta(
                "Une question sur le Pôle, ou l’envie de soutenir son travail?",
                "Écrire à l’équipe du Pôle",
                url=mail,
            ),
        ]
    return [
        h2("Who we are"),
        p(
            "<p>The hub was launched in August 2024, during a mayoral retreat in Pittsburgh, to "
            "give elected leaders and city staff in Canada and the United States steady support "
            "close to home. It is one of the regional hubs of an independent global network of "
            "more than 290 cities and local governments working to prevent hate, extremism and "
            "polarisation within a human-rights framework.</p>"
            "<p>A small team based in the region runs it, working with the network’s management "
            "unit. Its work starts from what cities ask for: it listens to their priorities, brings "
            "them practices that have worked elsewhere in the world, and involves prevention "
            "partners who are often overlooked, from libraries and parks departments to faith "
            "communities and young people.</p>"
            "<p>When we say ‘cities’, we mean every level of local and regional government: towns "
            "and rural municipalities, cities, counties, regional governments, provinces and "
            "states.</p>"
        ),
        figures(
            "The hub in figures",
            [
                ("50", "member cities in North America: 38 in the United States, 12 in Canada"),
                ("30+", "convenings since August 2024, in person and online"),
                (
                    "1,200+",
                    "mayors, officials and experts at the Global Crises, Local Impacts webinars",
                ),
                ("20+", "cities given a threat briefing of their own"),
                ("3", "Prevention Academies: the US, Canada and British Columbia"),
            ],
        ),
        h2("Our five pillars"),
        p(
            "<ul>"
            "<li><b>Empowering mayors and local leaders</b>: good practices, decision points and "
            "concrete steps to build cohesive, resilient cities and respond to threats, tensions and "
            "violence.</li>"
            "<li><b>City-led action in prevention</b>: the roles local government can play, "
            "starting with trust between the city and its communities.</li>"
            "<li><b>Peer-to-peer learning</b>: exchanges of city-led models, strategies and "
            "experiences across the region and the whole network.</li>"
            "<li><b>Partnerships for prevention and response</b>: ways to build trusted "
            "relationships with civil society and the private sector, and to co-produce prevention "
            "with them.</li>"
            "<li><b>Data-driven threat analysis</b>: understanding local risks, vulnerabilities and "
            "needs, online and offline.</li>"
            "</ul>"
        ),
        h2("What the hub offers"),
        p(
            "<ul>"
            f"<li>{a(links['academies'], 'Prevention Academies')}: cohorts of city officials learn "
            "a public-health approach to prevention over several weeks, with experts and peers. "
            "Three academies: the US, Canada and British Columbia.</li>"
            f"<li>{a(links['webinars'], 'Webinars')}: monthly series such as Global Crises, Local "
            "Impacts and An Introduction to City-Led Prevention, with recordings to watch later.</li>"
            f"<li>{a(links['office_hours'], 'Office hours')}: a conversation with a prevention "
            "expert to prepare a workshop, a strategy or a response.</li>"
            f"<li>{a(links['help_desk'], 'Help desk')}: timely, targeted advice when a city faces "
            "a crisis or rising tensions.</li>"
            f"<li>{a(links['resources'], 'Resource Hub')}: an open library of guides and toolkits, "
            "from mapping local needs to responding after an attack.</li>"
            "</ul>"
            f"<p>The hub also brings mayors and city teams together at {a(links['convenings'], 'convenings')}, "
            "prepares threat briefings for individual cities, and works for months at a time with "
            "cities building their own local prevention framework. The "
            f"{a(links['stories'], 'impact stories')} tell what came of it.</p>"
        ),
        quote(
            "[It] has been a great opportunity for us to learn, and I think the peer-to-peer "
            "aspect of this is obviously one of the most basic components of learning… we’ve "
            "really seen some extraordinary examples of how to do this work and how we can "
            "adapt it to a local Victoria perspective.",
            "Marianne Alto, Mayor of Victoria, British Columbia",
        ),
        h2("Our partners"),
        p(
            "<p>The hub works with partners who bring local reach and expertise: the National "
            "League of Cities (with which it runs Prevention Academy US), the Pittsburgh "
            "Theological Seminary (host of the annual Mayoral Retreat), the Association of Manitoba "
            "Municipalities, the Foundation for a Path Forward, the Canadian Centre for Safer "
            "Communities and the Muhammad Ali Center.</p>"
            "<p>Its work is made possible by financial or in-kind support from organisations "
            "including Public Safety Canada, Canadian Heritage, the Office of the Attorney General "
            "of British Columbia, the Roadburg Foundation, the US Department of Homeland Security, "
            "the US Department of Justice’s Bureau of Justice Assistance, and Boston Children’s "
            "Hospital.</p>"
        ),
        cta(
            "Would your city like to join the fifty member cities across North America?",
            "How to join",
            page=links["membership"],
        ),
        cta(
            "A question about the hub, or an interest in supporting its work?",
            "Write to the hub team",
            url=mail,
        ),
    ]


MEMBERSHIP_INTRODUCTION = (
    "Membership connects your city with peers across North America and around the world who "
    "prevent hate, extremism and polarisation, and opens the hub’s services to your officials. "
    "Any local or regional government in Canada or the United States can join.",
    "L’adhésion relie votre ville à des pairs d’Amérique du Nord et du monde entier qui "
    "préviennent la haine, l’extrémisme et la polarisation, et ouvre les services du Pôle à "
    "votre personnel et à vos élus. Toute administration locale ou régionale du Canada ou des "
    "États-Unis peut adhérer.",
)


def join_url(language):
    """The public form on which a city says it would like to join, in a language."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    try:
        with translation.override(language):
            return reverse("network:join-network")
    except NoReverseMatch:
        return None


def membership_body(language, links):
    if language == "fr":
        mail = f"mailto:{HUB_EMAIL}?subject=Adh%C3%A9sion%20de%20notre%20ville"
        join = join_url("fr") or mail
        return [
            cta(
                "Votre ville souhaite se joindre au réseau? Dites-le-nous en quelques minutes : "
                "poser la question n’engage à rien.",
                "Manifester l’intérêt de votre ville",
                url=join,
            ),
            h2("Ce que signifie l’adhésion"),
            p(
                "<p>Les villes membres font partie d’un réseau mondial indépendant de plus de 290 "
                "villes et administrations locales. Elles mettent en commun ce qui fonctionne, "
                "apprennent les unes des autres et orientent le travail du Pôle, dont les activités "
                "partent de leurs besoins et de leurs priorités. Cinquante villes du Canada et des "
                "États-Unis sont membres aujourd’hui; leur nombre a doublé entre juin 2023 et "
                "novembre 2025.</p>"
                "<p>L’adhésion est gratuite, et votre ville choisit les services auxquels elle "
                "fait appel.</p>"
            ),
            h2("Ce que votre ville y gagne"),
            p(
                "<ul>"
                "<li>Des échanges entre pairs : rencontres régionales et transatlantiques avec des "
                "maires et des fonctionnaires qui se posent les mêmes questions, et une invitation "
                "à la retraite annuelle des maires.</li>"
                f"<li>Des places dans les {a(links['academies'], 'académies de prévention')} pour "
                f"votre personnel, et les séries de {a(links['webinars'], 'webinaires')} avec leurs "
                "enregistrements.</li>"
                f"<li>Des {a(links['office_hours'], 'permanences')} avec des spécialistes de la "
                f"prévention, et le {a(links['help_desk'], 'service d’assistance')} pour des "
                "conseils rapides en cas de crise.</li>"
                "<li>Des notes d’analyse des menaces sur la situation de votre ville, en ligne et "
                "hors ligne.</li>"
                "<li>Un accompagnement dans la durée si votre ville bâtit un cadre local ou une "
                "stratégie de prévention.</li>"
                f"<li>Votre ville sur la liste des {a(links['members'], 'villes membres')}, et son "
                "expérience partagée avec les autres, si elle le souhaite.</li>"
                "</ul>"
            ),
            h2("Qui peut adhérer"),
            p(
                "<p>Toute administration infranationale : villages et municipalités rurales, "
                "villes, comtés et gouvernements régionaux, provinces et États. Les organismes "
                "communautaires, les universités et les autres partenaires ne deviennent pas "
                "membres eux-mêmes, mais ils travaillent avec le Pôle aux côtés de leur ville, par "
                "exemple lors des permanences ou d’un appel de propositions.</p>"
            ),
            h2("Comment adhérer"),
            p(
                "<ol>"
                "<li><b>Parlez-en au sein de votre administration.</b> L’adhésion est "
                "habituellement portée par le cabinet du maire ou par la haute direction : "
                "convenez de qui pilote la démarche et de qui sera la personne-ressource du "
                "Pôle.</li>"
                f"<li><b>Manifestez l’intérêt de votre ville</b> au moyen du "
                f"{a(join, 'formulaire pour rejoindre le réseau')} (ou écrivez à l’équipe du Pôle "
                f"à {a(mail, HUB_EMAIL)}). Indiquez la ville que vous "
                "représentez et sa province ou son État, le nom et le rôle de la "
                "personne-ressource, ce sur quoi votre ville travaille ou ce qui l’inquiète, et qui "
                "appuie la demande (mairie, conseil ou direction générale). Vous recevez un "
                "courriel de confirmation, et une personne de l’équipe vous écrit dans les cinq "
                "jours ouvrables.</li>"
                "<li><b>Rencontrez l’équipe du Pôle.</b> Un premier entretien porte sur ce "
                "qu’implique l’adhésion, les priorités de votre ville et les services qui y "
                "répondent.</li>"
                "<li><b>Confirmez l’adhésion.</b> La mairesse ou le maire, ou une personne "
                "autorisée, confirme par écrit la décision de la ville, et le Pôle l’accueille dans "
                "le réseau.</li>"
                "</ol>"
            ),
            h2("Après l’adhésion"),
            p(
                "<p>L’équipe du Pôle relie à votre ville les comptes de votre personnel sur ce "
                "site : vos fonctionnaires et élus peuvent alors s’inscrire aux académies, réserver "
                "des permanences et soumettre des demandes au service d’assistance. Votre "
                "personne-ressource reçoit les invitations aux rencontres et aux webinaires, et "
                "l’équipe vous rencontre pour cerner les besoins de votre ville et convenir des "
                "premières étapes.</p>"
            ),
            cta(
                "Envie de commencer? Dites-nous que votre ville est intéressée : poser la "
                "question n’engage à rien.",
                "Manifester l’intérêt de votre ville",
                url=join,
            ),
        ]
    mail = f"mailto:{HUB_EMAIL}?subject=Membership%20for%20our%20city"
    join = join_url("en") or mail
    return [
        cta(
            "Would your city like to join the network? Tell us in a few minutes: asking commits "
            "you to nothing.",
            "Express your city’s interest",
            url=join,
        ),
        h2("What membership means"),
        p(
            "<p>Member cities belong to an independent global network of more than 290 cities and "
            "local governments. They share what works, learn from one another and shape what the "
            "hub does: its activities start from their needs and priorities. Fifty cities in "
            "Canada and the United States are members today, twice as many as in June 2023.</p>"
            "<p>Membership is free, and your city chooses which services it uses.</p>"
        ),
        h2("What your city gets"),
        p(
            "<ul>"
            "<li>Peer exchanges: regional and transatlantic meetings with mayors and officials who "
            "face the same questions, and an invitation to the annual Mayoral Retreat.</li>"
            f"<li>Places for your officials in the {a(links['academies'], 'Prevention Academies')}, "
            f"and the {a(links['webinars'], 'webinar series')} with their recordings.</li>"
            f"<li>{a(links['office_hours'], 'Office hours')} with prevention experts, and the "
            f"{a(links['help_desk'], 'help desk')} for rapid advice in a crisis.</li>"
            "<li>Threat briefings on your city’s landscape, online and offline.</li>"
            "<li>Support over months if your city builds a local prevention framework or "
            "strategy.</li>"
            f"<li>Your city among the {a(links['members'], 'member cities')}, and its experience "
            "shared with others if it wishes.</li>"
            "</ul>"
        ),
        h2("Who can join"),
        p(
            "<p>Every sub-national government: towns and rural municipalities, cities, counties and "
            "regional governments, provinces and states. Community organisations, universities and "
            "other partners do not become members themselves, but they work with the hub alongside "
            "their city, for example in office hours or through a call for proposals.</p>"
        ),
        h2("How to join"),
        p(
            "<ol>"
            "<li><b>Talk it over in your administration.</b> Membership is usually backed by the "
            "mayor’s office or a senior official: agree on who leads it and who will be the hub’s "
            "contact person.</li>"
            f"<li><b>Tell us your city is interested</b> on the "
            f"{a(join, 'form to join the network')} (or write to the hub team at "
            f"{a(mail, HUB_EMAIL)}). Say which city you represent and its "
            "province or state, the name and role of the contact person, what your city is "
            "working on or worried about, and who supports the request (the mayor, council or "
            "chief administrative officer). You get an email to confirm it, and someone from the "
            "team writes to you within five working days.</li>"
            "<li><b>Meet the hub team.</b> A first conversation covers what membership involves, "
            "your city’s priorities and the services that fit them.</li>"
            "<li><b>Confirm the membership.</b> Your mayor or an authorised official confirms the "
            "city’s decision in writing, and the hub welcomes your city to the network.</li>"
            "</ol>"
        ),
        h2("After you join"),
        p(
            "<p>The hub team links your officials’ accounts on this site to your city, so they can "
            "enrol in the academies, book office hours and file help-desk requests. Your contact "
            "person receives invitations to convenings and webinars, and the team meets you to map "
            "your city’s needs and agree on first steps.</p>"
        ),
        cta(
            "Ready to start? Tell us your city is interested: asking commits you to nothing.",
            "Express your city’s interest",
            url=join,
        ),
    ]


def typo(text: str) -> str:
    """Canadian French spacing: a non-breaking space before : and inside « », a narrow one
    before ; ? and ! (written with plain spaces, or none, in the sources above)."""
    text = re.sub(r" :(?=[\s<]|$)", f"{NB}:", text)
    text = re.sub(r" ?([;?!])(?=[\s<]|$)", "\u202f\\1", text)
    return text.replace("« ", f"«{NB}").replace(" »", f"{NB}»")


def french(blocks):
    """The same blocks with French spacing in every piece of text."""

    def walk(value):
        if isinstance(value, str):
            return typo(value)
        if isinstance(value, RichText):
            return RichText(typo(value.source))
        if isinstance(value, dict):
            return {
                key: walk(item) if key not in ("page", "url") else item
                for key, item in value.items()
            }
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return [(kind, walk(value)) for kind, value in blocks]


# --- Stories and convenings: French titles and summaries, bodies, illustrations ---
# slug -> (French title, French summary), for those the tuples above leave out
FRENCH = {
    "brampton-faith-communities": (
        "Brampton et la région de Peel misent sur les communautés religieuses",
        "Un atelier de deux jours a exploré comment les municipalités apaisent les tensions entre "
        "groupes religieux grâce à des liens entretenus en temps calme comme en temps de crise.",
    ),
    "victoria-western-exchange": (
        "Victoria accueille le premier échange de l’Ouest",
        "Plus de 65 maires, conseillers, fonctionnaires et spécialistes de l’Ouest canadien et de "
        "l’Ouest américain ont comparé leurs approches de la sous-déclaration, de la confiance et "
        "de la coopération.",
    ),
    "vancouver-online-harms-academy": (
        "La Colombie-Britannique lance une académie sur les préjudices en ligne",
        "Une rencontre de praticiens municipaux, provinciaux et de la société civile a ouvert "
        "l’Académie de prévention pour les municipalités de la C.-B., avec un volet général et un "
        "volet approfondi.",
    ),
    "forest-park-tabletop": (
        "Un exercice de simulation qui a servi à Forest Park quelques semaines plus tard",
        "L’exercice de gestion de crise de la retraite des maires a aidé le maire de Forest "
        "Park à diriger la réponse de sa ville à une fusillade de masse peu après.",
    ),
    "bc-deep-dive-convening": (
        "Rencontre des municipalités du volet approfondi (C.-B.)",
        "Les huit municipalités du volet approfondi de l’académie de la C.-B. font le point sur "
        "leur travail contre les préjudices en ligne.",
    ),
    "victoria-exchange-2024": (
        "Échange entre l’Ouest canadien et l’Ouest américain",
        "Prévenir la haine et bâtir la cohésion sociale en temps de crises mondiales : le premier "
        "échange du genre entre villes de l’Ouest.",
    ),
    "edmonton-workshop-2024": (
        "Atelier sur la haine à Edmonton",
        "Élus, organismes communautaires, forces de l’ordre et praticiens examinent ensemble le "
        "paysage de la haine à Edmonton.",
    ),
    "boise-roundtable-2025": (
        "Table ronde sur la cohésion communautaire",
        "Les directions des services municipaux et le chef de police parlent de prévention et de "
        "cohésion face à des crises en cascade.",
    ),
    "brampton-workshop-2025": (
        "Atelier de deux jours dans la région de Peel",
        "Fonctionnaires municipaux, société civile et praticiens sur une approche de la "
        "prévention qui mobilise tous les ordres de gouvernement et toute la société.",
    ),
}

# slug -> what the illustration shows, for people who cannot see it (Wagtail keeps one
# description per image, in English)
IMAGE_DESCRIPTIONS = {
    "edmonton-hate-landscape": "Illustration: six people seated side by side at a workshop table, a window behind them looking over a city and its river.",
    "boise-cohesion-roundtable": "Illustration: eight people seen from above around one round table, each with notes and a cup.",
    "brampton-faith-communities": "Illustration: a skyline at dawn where domes and spires of places of worship stand among houses and towers.",
    "victoria-western-exchange": "Illustration: a harbour city at dusk below mountains, with sailboats on the water.",
    "vancouver-online-harms-academy": "Illustration: a waterfront city with mountains and a suspension bridge, speech bubbles floating above the towers.",
    "forest-park-tabletop": "Illustration: eight people seen from above around a long table with a map spread between them, places marked in red.",
    "mayoral-retreat-2027": "Illustration: people arriving at a seminary building with columns, among trees at dawn.",
    "canada-webinar-incivility": "Illustration: a laptop on a desk showing a video call with twelve participants, beside a mug and a plant.",
    "bc-deep-dive-convening": "Illustration: four people at a table in a meeting room, with six remote participants on a screen on the wall.",
    "victoria-exchange-2024": "Illustration: an audience seen from behind, facing a panel of four speakers on a stage.",
    "edmonton-workshop-2024": "Illustration: a city skyline at dusk above a river crossed by a long steel truss bridge.",
    "boise-roundtable-2025": "Illustration: a city with a domed capitol building and foothills, trees along the street.",
    "brampton-workshop-2025": "Illustration: ten people seen from above around a round table during a workshop.",
    "ten-step-roadmap": "Illustration: a guide on a desk, its cover showing a checklist with four of six steps ticked.",
    "multi-actor-framework-toolkit": "Illustration: a toolkit on a desk, its cover showing a network of connected partners.",
    "anti-government-hate-toolkit": "Illustration: a toolkit on a desk, its cover showing a shield.",
    "policy-brief-small-cities": "Illustration: a policy brief on a desk, its cover showing a bar chart.",
    "policy-brief-needs-assessments": "Illustration: a policy brief on a desk, its cover showing a bar chart.",
    "guide-for-mayors": "Illustration: a guide on a desk, its cover showing a network of connected people.",
    "guide-for-cities": "Illustration: a guide on a desk, its cover showing a checklist.",
    "inclusive-mapping": "Illustration: a guide on a desk, its cover showing a map with a river and places pinned.",
    "responding-to-attacks": "Illustration: a guide on a desk, its cover showing a shield.",
    "regional-impact-report": "Illustration: a report on a desk, its cover showing a bar chart.",
    "urban-design-recording": "Illustration: a video on a tablet, with a play button.",
    "online-harms-bc": "Illustration: a guide on a desk, its cover showing a map with places pinned.",
}

# slug -> (English body, French body): what happened, who took part, what came of it
STORY_BODIES = {
    "edmonton-hate-landscape": (
        [
            h2("What happened"),
            p(
                "<p>Edmonton asked the hub for help keeping up with a hate landscape that changes "
                "fast, much of it online. In October 2024 the hub ran a workshop that brought city "
                "leaders, community-based organisations, police and prevention practitioners into "
                "one room to examine what Edmonton faces and which community-based answers could "
                "strengthen cohesion across the city.</p>"
                "<p>It was the first time such a wide range of people working against hate in "
                "Edmonton had met together.</p>"
            ),
            h2("What came of it"),
            p(
                "<p>City officials left with concrete recommendations for a whole-of-society "
                "approach to prevention. They also tested a draft the mayor’s office had prepared: "
                "a data-driven early-warning system that monitors online hate. The discussion "
                "helped sharpen that strategy before it goes further.</p>"
            ),
        ],
        [
            h2("Ce qui s’est passé"),
            p(
                "<p>Edmonton a demandé l’aide du Pôle pour suivre un paysage de la haine qui évolue "
                "vite, en grande partie en ligne. En octobre 2024, le Pôle a animé un atelier qui a "
                "réuni élus et cadres de la ville, organismes communautaires, police et praticiens "
                "de la prévention pour examiner la situation d’Edmonton et les réponses "
                "communautaires capables de renforcer la cohésion dans toute la ville.</p>"
                "<p>C’était la première fois qu’un éventail aussi large d’acteurs engagés contre la "
                "haine à Edmonton se réunissait.</p>"
            ),
            h2("Ce qui en est sorti"),
            p(
                "<p>Les responsables municipaux sont repartis avec des recommandations concrètes "
                "pour une approche de prévention qui mobilise toute la société. Ils ont aussi mis à "
                "l’épreuve un projet du cabinet du maire : un système d’alerte précoce, fondé sur "
                "les données, qui surveille la haine en ligne. La discussion a permis d’affiner "
                "cette stratégie avant la suite.</p>"
            ),
        ],
    ),
    "boise-cohesion-roundtable": (
        [
            h2("What happened"),
            p(
                "<p>In February 2025 the hub held a Community Cohesion Roundtable in Boise, Idaho. "
                "For the first time, the heads of the city’s departments (community engagement, "
                "parks and recreation, libraries and others) sat down with the chief of police for "
                "the express purpose of preventing hate and keeping Boise cohesive through a series "
                "of local, national and global crises.</p>"
            ),
            h2("What came of it"),
            p(
                "<p>Partnerships between departments began to form in that meeting alone. "
                "Departments that rarely plan together shared ideas for joint prevention and "
                "social-cohesion initiatives: libraries and parks as places where residents meet, "
                "community engagement staff who hear tensions early, and police who know when to "
                "call on them.</p>"
            ),
        ],
        [
            h2("Ce qui s’est passé"),
            p(
                "<p>En février 2025, le Pôle a tenu une table ronde sur la cohésion communautaire à "
                "Boise, en Idaho. Pour la première fois, les directions des services municipaux "
                "(engagement communautaire, parcs et loisirs, bibliothèques, entre autres) se sont "
                "assises avec le chef de police dans le but précis de prévenir la haine et de "
                "préserver la cohésion de Boise face à une série de crises locales, nationales et "
                "mondiales.</p>"
            ),
            h2("Ce qui en est sorti"),
            p(
                "<p>Des partenariats entre services sont nés dès cette rencontre. Des équipes qui "
                "planifient rarement ensemble ont proposé des initiatives communes de prévention et "
                "de cohésion sociale : les bibliothèques et les parcs comme lieux de rencontre, le "
                "personnel de l’engagement communautaire qui perçoit tôt les tensions, et la police "
                "qui sait quand faire appel à eux.</p>"
            ),
        ],
    ),
    "brampton-faith-communities": (
        [
            h2("What happened"),
            p(
                "<p>Global crises are felt in Peel Region’s streets, schools and places of worship. "
                "In June 2025 the hub ran a two-day workshop in Brampton, Ontario, for municipal "
                "officials and staff, civil-society organisations and prevention practitioners from "
                "Brampton and across Peel Region.</p>"
                "<p>Together they worked out how each level of government, with community-based "
                "partners, can put into practice a whole-of-society approach to preventing hate, "
                "extremism and polarisation.</p>"
            ),
            h2("Faith communities at the centre"),
            p(
                "<p>Brampton is home to large and diverse religious communities, so the workshop "
                "looked closely at what a municipality can do to ease tensions between faith "
                "groups. The lesson participants kept returning to: relationships with faith "
                "leaders and their communities must be built and kept up in calm times, so that "
                "they hold when a crisis comes.</p>"
            ),
        ],
        [
            h2("Ce qui s’est passé"),
            p(
                "<p>Les crises mondiales se font sentir dans les rues, les écoles et les lieux de "
                "culte de la région de Peel. En juin 2025, le Pôle a animé un atelier de deux jours "
                "à Brampton, en Ontario, pour des élus et du personnel municipal, des organismes de "
                "la société civile et des praticiens de la prévention de Brampton et de toute la "
                "région de Peel.</p>"
                "<p>Ensemble, ils ont cherché comment chaque ordre de gouvernement, avec les "
                "partenaires communautaires, peut mettre en pratique une approche de prévention de "
                "la haine, de l’extrémisme et de la polarisation qui mobilise toute la société.</p>"
            ),
            h2("Les communautés religieuses au cœur du travail"),
            p(
                "<p>Brampton compte des communautés religieuses nombreuses et diversifiées : "
                "l’atelier s’est donc attardé au rôle d’une municipalité pour apaiser les tensions "
                "entre groupes religieux. La leçon qui est revenue le plus souvent : les liens avec "
                "les leaders religieux et leurs communautés se bâtissent et s’entretiennent en "
                "temps calme, pour tenir quand survient une crise.</p>"
            ),
        ],
    ),
    "victoria-western-exchange": (
        [
            h2("What happened"),
            p(
                "<p>In October 2024 the City of Victoria, British Columbia, hosted more than 65 "
                "mayors, council members, officials and experts from cities across western Canada "
                "and the western United States: the first exchange of its kind between the two "
                "sides of the border.</p>"
            ),
            h2("What they talked about"),
            p(
                "<ul><li>Why hate crimes go under-reported, and how cities can help people come "
                "forward.</li><li>Building trust with and between communities.</li><li>Better "
                "cooperation between federal, state or provincial, municipal and community "
                "partners on prevention.</li></ul>"
            ),
            quote(
                "We’ve really seen some extraordinary examples of how to do this work and how we "
                "can adapt it to a local Victoria perspective.",
                "Marianne Alto, Mayor of Victoria, British Columbia",
            ),
            h2("What came of it"),
            p(
                "<p>The ideas raised in Victoria feed the guides and tools the hub prepares for "
                "every member of the network, and many of the cities present have kept in touch "
                "since.</p>"
            ),
        ],
        [
            h2("Ce qui s’est passé"),
            p(
                "<p>En octobre 2024, la Ville de Victoria, en Colombie-Britannique, a accueilli plus "
                "de 65 maires, conseillers, fonctionnaires et spécialistes de villes de l’Ouest "
                "canadien et de l’Ouest américain : le premier échange du genre entre les deux côtés "
                "de la frontière.</p>"
            ),
            h2("Les sujets abordés"),
            p(
                "<ul><li>Pourquoi les crimes haineux sont sous-déclarés, et comment les villes "
                "peuvent aider les victimes à les signaler.</li><li>Bâtir la confiance avec les "
                "communautés et entre elles.</li><li>Mieux coordonner la prévention entre les "
                "ordres fédéral, provincial ou étatique, municipal et communautaire.</li></ul>"
            ),
            quote(
                "Nous avons vu des exemples remarquables de ce travail, et de la façon de "
                "l’adapter à la réalité de Victoria.",
                "Marianne Alto, mairesse de Victoria (Colombie-Britannique) [traduction]",
            ),
            h2("Ce qui en est sorti"),
            p(
                "<p>Les idées lancées à Victoria nourrissent les guides et les outils que le Pôle "
                "prépare pour tous les membres du réseau, et bien des villes présentes sont restées "
                "en contact depuis.</p>"
            ),
        ],
    ),
    "vancouver-online-harms-academy": (
        [
            h2("What happened"),
            p(
                "<p>Online harms do not stay online: they reach local councils, staff and "
                "neighbourhoods. In Vancouver, the hub brought elected leaders and community-based "
                "partners from across British Columbia together with civil-society and provincial "
                "practitioners to look at how digital threats show up in local communities, and at "
                "municipality-led ways to limit their offline impact.</p>"
                "<p>Panels walked through steps communities across the province are already taking, "
                "so each participant could see options that fit their own context.</p>"
            ),
            h2("An academy for the whole province"),
            p(
                "<p>The gathering opened the Prevention Academy for British Columbia Municipalities "
                "on Countering Online Harms, supported by the Roadburg Foundation. It has two "
                "tracks:</p><ul><li><b>General Track</b>: open to every municipality in the "
                "province and to relevant federal, provincial and community partners, with webinars "
                "every two months and online resources. More than 25 municipalities have taken "
                "part so far.</li><li><b>Deep Dive Track</b>: customised training, peer learning "
                "and support for eight municipalities over 20 months, with a technical support "
                "fund for local resources and in-person convenings.</li></ul>"
            ),
        ],
        [
            h2("Ce qui s’est passé"),
            p(
                "<p>Les préjudices en ligne ne restent pas en ligne : ils atteignent les conseils "
                "municipaux, le personnel et les quartiers. À Vancouver, le Pôle a réuni des élus et "
                "des partenaires communautaires de toute la Colombie-Britannique avec des praticiens "
                "de la société civile et de la province pour examiner comment les menaces "
                "numériques se manifestent dans les communautés locales, et comment les "
                "municipalités peuvent en limiter les effets hors ligne.</p>"
                "<p>Des panels ont présenté les mesures déjà prises ailleurs dans la province, pour "
                "que chacun reparte avec des pistes adaptées à sa réalité.</p>"
            ),
            h2("Une académie pour toute la province"),
            p(
                "<p>La rencontre a lancé l’Académie de prévention pour les municipalités de la "
                "Colombie-Britannique sur la lutte contre les préjudices en ligne, soutenue par la "
                "Roadburg Foundation. Elle compte deux volets :</p><ul><li><b>Volet général</b> : "
                "ouvert à toutes les municipalités de la province et aux partenaires fédéraux, "
                "provinciaux et communautaires concernés, avec des webinaires tous les deux mois et "
                "des ressources en ligne. Plus de 25 municipalités y ont déjà pris part.</li>"
                "<li><b>Volet approfondi</b> : formation sur mesure, apprentissage entre pairs et "
                "accompagnement de huit municipalités pendant 20 mois, avec un fonds de soutien "
                "technique pour des ressources locales et des rencontres en personne.</li></ul>"
            ),
        ],
    ),
    "forest-park-tabletop": (
        [
            h2("What happened"),
            p(
                "<p>Each year the hub and the Pittsburgh Theological Seminary host a Mayoral "
                "Retreat; the 2024 and 2025 retreats together gathered more than 100 mayors and "
                "city leaders. In 2024 the programme included a crisis-response tabletop exercise: "
                "a realistic scenario, played hour by hour, in which mayors decide whom to call, "
                "what to say and how to care for those affected.</p>"
            ),
            h2("Weeks later"),
            p(
                "<p>The mayor of Forest Park, Illinois, a member city, took part in the exercise. "
                "Only weeks later, Forest Park suffered a mass shooting, and the exercise helped "
                "the mayor lead the city’s response: the first decisions had been rehearsed with "
                "peers, and the questions were no longer new.</p>"
            ),
            h2("Why it matters"),
            p(
                "<p>Mayors are often the first to respond after an attack and the ones who manage "
                "the long aftermath. Practising with peers before a crisis, rather than during "
                "one, is one of the simplest things a city can do.</p>"
            ),
        ],
        [
            h2("Ce qui s’est passé"),
            p(
                "<p>Chaque année, le Pôle et le Pittsburgh Theological Seminary organisent une "
                "retraite des maires; les éditions 2024 et 2025 ont réuni au total plus de 100 "
                "maires et élus municipaux. En 2024, le programme comprenait un exercice de "
                "simulation de crise : un scénario réaliste, joué heure par heure, où les maires "
                "décident qui appeler, quoi dire et comment soutenir les personnes touchées.</p>"
            ),
            h2("Quelques semaines plus tard"),
            p(
                "<p>Le maire de Forest Park, en Illinois, ville membre, a participé à l’exercice. "
                "Quelques semaines plus tard à peine, Forest Park était frappée par une fusillade "
                "de masse, et l’exercice a aidé le maire à diriger la réponse de la ville : les "
                "premières décisions avaient été répétées avec des pairs, et les questions "
                "n’étaient plus nouvelles.</p>"
            ),
            h2("Pourquoi c’est important"),
            p(
                "<p>Les maires sont souvent les premiers à réagir après une attaque, et ce sont eux "
                "qui en gèrent les longues suites. S’exercer avec des pairs avant une crise plutôt "
                "que pendant est l’une des mesures les plus simples qu’une ville puisse "
                "prendre.</p>"
            ),
        ],
    ),
}

# Past convenings link to the story that tells what came of them.
EVENT_STORIES = {
    "victoria-exchange-2024": "victoria-western-exchange",
    "edmonton-workshop-2024": "edmonton-hate-landscape",
    "boise-roundtable-2025": "boise-cohesion-roundtable",
    "brampton-workshop-2025": "brampton-faith-communities",
}

EVENT_BODIES = {
    "mayoral-retreat-2027": (
        [
            h2("About the retreat"),
            p(
                "<p>Since 2024 the hub and the Pittsburgh Theological Seminary have hosted a retreat "
                "where mayors and city leaders step away from daily business to learn from one "
                "another. The first two retreats brought together more than 100 mayors and city "
                "leaders from across the country.</p>"
            ),
            h2("Programme"),
            p(
                "<ul><li>Peer sessions on leading a city through division and polarisation, and on "
                "the role of faith communities in rebuilding civic trust.</li><li>A crisis-response "
                "tabletop exercise: a realistic scenario, played hour by hour, with peers.</li>"
                "<li>Time with prevention experts and the hub team on your city’s own "
                "questions.</li></ul>"
            ),
            h2("Who can come"),
            p(
                "<p>Mayors and senior elected or appointed leaders of member cities, and of cities "
                "considering membership. Invitations go to each member city’s contact person; other "
                "cities can ask the hub team for a place.</p>"
            ),
            cta(
                "Would you like to attend, or to propose a topic?",
                "Write to the hub team",
                url=f"mailto:{HUB_EMAIL}?subject=Mayoral%20Retreat%202027",
            ),
        ],
        [
            h2("La retraite"),
            p(
                "<p>Depuis 2024, le Pôle et le Pittsburgh Theological Seminary organisent une "
                "retraite où maires et élus municipaux prennent du recul sur le quotidien pour "
                "apprendre les uns des autres. Les deux premières éditions ont réuni plus de 100 "
                "maires et élus de tout le pays.</p>"
            ),
            h2("Programme"),
            p(
                "<ul><li>Des séances entre pairs sur la conduite d’une ville en période de division "
                "et de polarisation, et sur le rôle des communautés religieuses pour rebâtir la "
                "confiance civique.</li><li>Un exercice de simulation de crise : un scénario "
                "réaliste, joué heure par heure, avec des pairs.</li><li>Du temps avec des "
                "spécialistes de la prévention et l’équipe du Pôle pour les questions propres à "
                "votre ville.</li></ul>"
            ),
            h2("Qui peut participer"),
            p(
                "<p>Les maires et les hauts responsables élus ou nommés des villes membres, et des "
                "villes qui envisagent d’adhérer. Les invitations sont envoyées à la "
                "personne-ressource de chaque ville membre; les autres villes peuvent demander une "
                "place à l’équipe du Pôle.</p>"
            ),
            cta(
                "Vous souhaitez participer ou proposer un sujet?",
                "Écrire à l’équipe du Pôle",
                url=f"mailto:{HUB_EMAIL}?subject=Retraite%20des%20maires%202027",
            ),
        ],
    ),
    "canada-webinar-incivility": (
        [
            h2("Why this session"),
            p(
                "<p>Municipalities taking part in Prevention Academy Canada asked for it: incivility, "
                "threats and harassment aimed at elected officials and municipal staff are rising, "
                "and they weigh on how local government works. This online convening, part of the "
                "hub’s Canada series launched in December 2025, looks at what councils can do.</p>"
            ),
            h2("What we will cover"),
            p(
                "<ul><li>What officials across Canada are facing, online and in council "
                "chambers.</li><li>Steps councils and individual officials can take to prevent, "
                "counter and respond to anti-government hate and harassment, drawing on the "
                "toolkit prepared with the Association of Manitoba Municipalities.</li><li>Where to "
                "find support, including the hub’s help desk.</li></ul>"
            ),
            h2("Who it is for"),
            p(
                "<p>Elected officials, chief administrative officers and municipal staff in Canada, "
                "and their community partners. The session is online; the link is sent to those "
                "who sign up with the hub team.</p>"
            ),
            cta(
                "Would you like the link?",
                "Write to the hub team",
                url=f"mailto:{HUB_EMAIL}?subject=Incivility%20convening",
            ),
        ],
        [
            h2("Pourquoi cette séance"),
            p(
                "<p>Les municipalités de l’Académie de prévention Canada l’ont demandée : "
                "l’incivilité, les menaces et le harcèlement envers les élus et le personnel "
                "municipal augmentent, et pèsent sur le fonctionnement de l’administration locale. "
                "Cette rencontre en ligne, qui fait partie de la série canadienne lancée par le "
                "Pôle en décembre 2025, porte sur ce que les conseils peuvent faire.</p>"
            ),
            h2("Au programme"),
            p(
                "<ul><li>Ce que vivent les élus et le personnel au Canada, en ligne comme en "
                "séance du conseil.</li><li>Les mesures que les conseils et les élus peuvent "
                "prendre pour prévenir et contrer la haine et le harcèlement anti-gouvernement, et "
                "y réagir, à partir de la trousse préparée avec l’Association of Manitoba "
                "Municipalities.</li><li>Où trouver du soutien, notamment auprès du service "
                "d’assistance du Pôle.</li></ul>"
            ),
            h2("Pour qui"),
            p(
                "<p>Les élus, les directions générales et le personnel des municipalités "
                "canadiennes, ainsi que leurs partenaires communautaires. La séance a lieu en "
                "ligne; le lien est envoyé aux personnes qui s’inscrivent auprès de l’équipe du "
                "Pôle.</p>"
            ),
            cta(
                "Vous souhaitez recevoir le lien?",
                "Écrire à l’équipe du Pôle",
                url=f"mailto:{HUB_EMAIL}?subject=Rencontre%20sur%20l%E2%80%99incivilit%C3%A9",
            ),
        ],
    ),
    "bc-deep-dive-convening": (
        [
            h2("About this convening"),
            p(
                "<p>The eight municipalities of the Deep Dive Track of the Prevention Academy for "
                "British Columbia Municipalities meet in Vancouver, with others joining online, to "
                "share how their work against online harms is going: the local assessments they "
                "have carried out, the response plans they are drafting and what they have tried "
                "with their partners.</p>"
            ),
            h2("Programme"),
            p(
                "<ul><li>Each municipality’s progress, and what it needs next.</li><li>Peer "
                "sessions on moderating municipal social-media channels and supporting staff who "
                "are targeted.</li><li>Planning the uses of the track’s technical support fund for "
                "the coming months.</li></ul>"
            ),
            p(
                "<p>The Deep Dive Track is supported by the Roadburg Foundation. Participation is "
                "by invitation; municipalities in the General Track receive a summary "
                "afterwards.</p>"
            ),
        ],
        [
            h2("La rencontre"),
            p(
                "<p>Les huit municipalités du volet approfondi de l’Académie de prévention pour "
                "les municipalités de la Colombie-Britannique se réunissent à Vancouver, et en "
                "ligne pour celles qui ne peuvent se déplacer, pour faire le point sur leur travail "
                "contre les préjudices en ligne : les évaluations locales réalisées, les plans "
                "d’intervention en préparation et ce qu’elles ont essayé avec leurs "
                "partenaires.</p>"
            ),
            h2("Programme"),
            p(
                "<ul><li>L’avancement de chaque municipalité et ses prochains besoins.</li><li>Des "
                "séances entre pairs sur la modération des réseaux sociaux municipaux et le soutien "
                "au personnel ciblé.</li><li>La planification du fonds de soutien technique du "
                "volet pour les prochains mois.</li></ul>"
            ),
            p(
                "<p>Le volet approfondi est soutenu par la Roadburg Foundation. La participation se "
                "fait sur invitation; les municipalités du volet général en reçoivent un résumé "
                "par la suite.</p>"
            ),
        ],
    ),
    "victoria-exchange-2024": (
        [
            p(
                "<p>More than 65 mayors, council members, officials and experts from western "
                "Canada and the western United States met in Victoria for two days, the first "
                "exchange of its kind. They discussed the under-reporting of hate crimes, trust "
                "with and between communities, and cooperation between federal, state or "
                "provincial, municipal and community partners.</p>"
            ),
        ],
        [
            p(
                "<p>Plus de 65 maires, conseillers, fonctionnaires et spécialistes de l’Ouest "
                "canadien et de l’Ouest américain se sont réunis deux jours à Victoria, une première "
                "du genre. Au menu : la sous-déclaration des crimes haineux, la confiance avec les "
                "communautés et entre elles, et la coopération entre partenaires fédéraux, "
                "provinciaux ou étatiques, municipaux et communautaires.</p>"
            ),
        ],
    ),
    "edmonton-workshop-2024": (
        [
            p(
                "<p>A one-day workshop, held at the city’s request, on Edmonton’s hate landscape and "
                "community-based ways to strengthen cohesion. City leaders, community-based "
                "organisations, law enforcement and practitioners took part, and the mayor’s office "
                "tested its draft early-warning system for online hate.</p>"
            ),
        ],
        [
            p(
                "<p>Un atelier d’une journée, tenu à la demande de la ville, sur le paysage de la "
                "haine à Edmonton et les moyens communautaires de renforcer la cohésion. Élus, "
                "organismes communautaires, forces de l’ordre et praticiens y ont pris part, et le "
                "cabinet du maire y a mis à l’épreuve son projet de système d’alerte précoce sur la "
                "haine en ligne.</p>"
            ),
        ],
    ),
    "boise-roundtable-2025": (
        [
            p(
                "<p>The heads of Boise’s departments, from community engagement to parks and "
                "recreation and libraries, met with the chief of police to discuss preventing hate "
                "and keeping the city cohesive through cascading local, national and global "
                "crises.</p>"
            ),
        ],
        [
            p(
                "<p>Les directions des services de Boise, de l’engagement communautaire aux parcs et "
                "loisirs et aux bibliothèques, ont rencontré le chef de police pour parler de "
                "prévention de la haine et de cohésion face à des crises locales, nationales et "
                "mondiales en cascade.</p>"
            ),
        ],
    ),
    "brampton-workshop-2025": (
        [
            p(
                "<p>Two days in Brampton with municipal officials and staff, civil-society "
                "organisations and practitioners from across Peel Region, on how every level of "
                "government and community partners can prevent hate, extremism and polarisation "
                "together, with particular attention to relationships with faith communities.</p>"
            ),
        ],
        [
            p(
                "<p>Deux jours à Brampton avec des élus et du personnel municipal, des organismes "
                "de la société civile et des praticiens de toute la région de Peel, sur la façon "
                "dont les ordres de gouvernement et les partenaires communautaires peuvent prévenir "
                "ensemble la haine, l’extrémisme et la polarisation, avec une attention "
                "particulière aux liens avec les communautés religieuses.</p>"
            ),
        ],
    ),
}

# The home page's featured pages: (English, French) summaries
FEATURED = {
    "retreat": (
        "Mayors and city leaders meet at the Pittsburgh Theological Seminary for three days of "
        "peer sessions and a crisis-response exercise.",
        typo(
            "Maires et élus se retrouvent au Pittsburgh Theological Seminary pour trois jours "
            "d’échanges entre pairs et un exercice de gestion de crise."
        ),
    ),
    "bc": (
        "A General Track for every municipality in the province, and a Deep Dive Track for eight.",
        typo(
            "Un volet général pour toutes les municipalités de la province, et un volet "
            "approfondi pour huit d’entre elles."
        ),
    ),
    "roadmap": (
        "Ten steps for a city to support community-based prevention, from an advisory board to "
        "small grants and evaluation.",
        typo(
            "Dix étapes pour qu’une ville soutienne la prévention communautaire, du comité "
            "consultatif aux petites subventions et à l’évaluation."
        ),
    ),
}
