"""The public site's demo content: the Resource Hub, impact stories, convenings, member cities.

Facts come from the hub's own documents (shared/seeds); the sentences are ours. Called by
the load_demo command, which keeps it idempotent: pages are found by slug and updated.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.utils.file import hash_filelike

PILLARS = [
    ("Empowering mayors and local leaders", "Good practices and decision points that help city leaders build cohesive, resilient cities and respond to threats and violence."),
    ("City-led action in prevention", "The roles local government can play in prevention, starting with trust between the city and its communities."),
    ("Peer-to-peer learning", "Exchanges of city-led models and experiences across the region and the global network."),
    ("Partnerships for prevention and response", "Ways for cities to work with civil society and the private sector as co-producers of prevention."),
    ("Data-driven threat analysis", "Understanding local risks, vulnerabilities and needs, online and offline."),
]  # fmt: skip
PILLARS_FR = [
    ("Outiller les maires et les élus locaux", "Des pratiques et des repères pour bâtir des villes cohésives et résilientes, et réagir aux menaces et à la violence."),
    ("L’action municipale en prévention", "Les rôles que peut jouer l’administration locale, à commencer par la confiance entre la ville et ses communautés."),
    ("Apprentissage entre pairs", "Des échanges de modèles et d’expériences municipales dans la région et dans tout le réseau."),
    ("Partenariats de prévention et d’intervention", "Des façons de coproduire la prévention avec la société civile et le secteur privé."),
    ("Analyse des menaces fondée sur les données", "Comprendre les risques, vulnérabilités et besoins locaux, en ligne et hors ligne."),
]  # fmt: skip
FIGURES = [("50+", "member cities in North America"), ("1,200+", "officials at Global Crises, Local Impacts webinars"), ("37", "cities in the 2025 Prevention Academy US"), ("20+", "cities given their own threat briefing")]  # fmt: skip
FIGURES_FR = [("50+", "villes membres en Amérique du Nord"), ("1 200+", "responsables aux webinaires Crises mondiales, impacts locaux"), ("37", "villes à l’Académie de prévention États-Unis 2025"), ("20+", "villes ayant reçu une note d’analyse des menaces")]  # fmt: skip

# slug, title, summary, type, audience, region, published, themes, languages, French (title, summary) or None
RESOURCES = [
    ("ten-step-roadmap", "Unlocking the potential of cities: a ten-step roadmap",
     "How a city can support community-based prevention in ten steps, from an advisory board and small grants to training and evaluation.",
     "guide", "mayors", "north-america", datetime.date(2025, 9, 15), ["strategy", "prevention"], ["en", "fr"],
     ("Libérer le potentiel des villes : une feuille de route en dix étapes",
      "Comment une ville peut soutenir la prévention communautaire en dix étapes : comité consultatif, petites subventions, formation et évaluation.")),
    ("multi-actor-framework-toolkit", "A toolkit for cities: building a multi-actor local prevention framework",
     "A step-by-step guide, grounded in public-health principles, for cities developing and implementing a local prevention framework with many partners.",
     "toolkit", "city-staff", "united-states", datetime.date(2025, 10, 20), ["strategy", "coordination"], ["en"],
     ("Trousse pour les villes : bâtir un cadre local de prévention multi-acteurs",
      "Un guide pas à pas, fondé sur la santé publique, pour élaborer et mettre en œuvre un cadre local de prévention avec de nombreux partenaires.")),
    ("anti-government-hate-toolkit", "Addressing anti-government hate and harassment: a toolkit for municipalities",
     "130 practical recommendations for elected officials, staff and councils to prevent, counter and respond to threats and harassment.",
     "toolkit", "mayors", "canada", datetime.date(2025, 3, 3), ["harassment", "response"], ["en", "fr"],
     ("Contrer la haine et le harcèlement anti-gouvernement : trousse pour les municipalités",
      "130 recommandations pratiques pour les élus, le personnel et les conseils afin de prévenir et contrer les menaces et le harcèlement, et d’y réagir.")),
    ("policy-brief-small-cities", "Policy brief: prevention frameworks in small and mid-sized cities",
     "Lessons from a two-year project with multi-actor working groups in several US cities, from recruiting partners to action plans.",
     "policy-brief", "city-staff", "united-states", datetime.date(2025, 7, 30), ["prevention", "coordination"], ["en"], None),
    ("policy-brief-needs-assessments", "Policy brief: needs and vulnerabilities assessments",
     "What community surveys and local assessments revealed, and how cities turned them into prevention priorities.",
     "policy-brief", "city-staff", "united-states", datetime.date(2025, 8, 12), ["mapping"], ["en"], None),
    ("guide-for-mayors", "Leading the response: a guide for mayors",
     "Advice drawn from more than 100 local leaders on the mayor's role in preventing and responding to hate, extremism and polarisation.",
     "guide", "mayors", "global", datetime.date(2024, 9, 20), ["strategy", "response"], ["en", "fr", "es"], None),
    ("guide-for-cities", "City-led prevention: a guide for cities",
     "Approaches for city practitioners to build whole-of-society prevention that fits their mandate and means.",
     "guide", "city-staff", "global", datetime.date(2024, 9, 20), ["prevention", "coordination"], ["en", "fr", "es"], None),
    ("inclusive-mapping", "Comprehensive and inclusive mapping",
     "Understanding local challenges, risks and needs, and mapping the services, infrastructure and people a city can build on.",
     "guide", "city-staff", "global", datetime.date(2024, 10, 1), ["mapping"], ["en", "fr"],
     ("Cartographie globale et inclusive",
      "Comprendre les défis, risques et besoins locaux, et recenser les services, infrastructures et personnes sur lesquels une ville peut s’appuyer.")),
    ("responding-to-attacks", "Responding to attacks: the first hours, months and years",
     "What mayors face in the immediate, medium and long term after a hate-motivated attack in their city.",
     "guide", "mayors", "global", datetime.date(2024, 10, 1), ["response"], ["en"], None),
    ("regional-impact-report", "North America Regional Hub: impact report",
     "Convenings, webinar series, threat briefings, the help desk and three Prevention Academies: what the hub achieved with its cities.",
     "report", "everyone", "north-america", datetime.date(2025, 11, 25), ["coordination"], ["en"], None),
    ("urban-design-recording", "Recording: urban design for violence prevention",
     "A Global Crises, Local Impacts session on how the design of public space can reduce the risk of violence.",
     "recording", "city-staff", "north-america", datetime.date(2025, 4, 10), ["prevention"], ["en"], None),
    ("online-harms-bc", "Countering online harms: notes for British Columbia municipalities",
     "How digital threats show up in local communities, and municipality-led ways to limit their offline impact.",
     "guide", "city-staff", "canada", datetime.date(2025, 10, 30), ["online-harms"], ["en", "fr"], None),
]  # fmt: skip

# slug, title, date, cities, themes, summary, French (title, summary) or None
STORIES = [
    ("edmonton-hate-landscape", "Edmonton maps its hate landscape", datetime.date(2024, 10, 22), ["Edmonton"], ["mapping", "online-harms"],
     "City leaders, community organisations, police and practitioners met for the first time to examine Edmonton's hate landscape and refine an online early-warning system.",
     ("Edmonton cartographie la haine sur son territoire", "Élus, organismes communautaires, police et praticiens se sont réunis pour la première fois afin d’examiner la haine à Edmonton et d’affiner un système d’alerte précoce en ligne.")),
    ("boise-cohesion-roundtable", "Boise's departments sit at one table", datetime.date(2025, 2, 18), ["Boise"], ["coordination"],
     "Heads of community engagement, parks, libraries and the police chief met to plan how to keep Boise cohesive through cascading crises; new partnerships followed.",
     ("Les services de Boise à la même table", "Responsables de l’engagement communautaire, des parcs, des bibliothèques et chef de police ont planifié ensemble la cohésion de Boise face aux crises ; de nouveaux partenariats ont suivi.")),
    ("brampton-faith-communities", "Brampton and Peel Region work with faith communities", datetime.date(2025, 6, 12), ["Brampton"], ["prevention", "coordination"],
     "A two-day workshop explored how municipalities reduce tensions between faith groups through steady relationships in calm times and in crisis.", None),
    ("victoria-western-exchange", "Victoria hosts the first western exchange", datetime.date(2024, 10, 8), ["Victoria"], ["coordination", "response"],
     "More than 65 mayors, councillors, officials and experts from western Canada and the western US compared approaches to under-reporting, trust and cooperation.", None),
    ("vancouver-online-harms-academy", "British Columbia launches an academy on online harms", datetime.date(2025, 10, 15), ["Vancouver"], ["online-harms"],
     "A gathering of municipal, provincial and civil-society practitioners opened the Prevention Academy for BC municipalities, with a general track and a deep-dive track.", None),
    ("forest-park-tabletop", "A tabletop exercise that Forest Park used weeks later", datetime.date(2024, 8, 2), ["Forest Park"], ["response"],
     "The crisis-response exercise at the mayoral retreat helped Forest Park's mayor lead the city's response to a mass shooting soon after.", None),
]  # fmt: skip

# slug, title, start offset or date, length in days, format, city, location, partners, summary, French or None
EVENTS = [
    ("mayoral-retreat-2027", "Mayoral Retreat 2027", 150, 3, "in-person", "Pittsburgh", "Pittsburgh Theological Seminary", ["Pittsburgh Theological Seminary"],
     "Mayors and city leaders from across the region share and learn from each other, including a crisis-response tabletop exercise.",
     ("Retraite des maires 2027", "Maires et élus de toute la région échangent leurs expériences, avec un exercice de gestion de crise.")),
    ("canada-webinar-incivility", "Canada convening: incivility toward local officials", 40, 1, "virtual", None, "Online", ["Canadian Centre for Safer Communities"],
     "Municipal officials from across Canada discuss rising incivility against elected officials and staff, and what councils can do about it.",
     ("Rencontre Canada : l’incivilité envers les élus locaux", "Des responsables municipaux de tout le Canada discutent de la montée de l’incivilité envers les élus et le personnel, et des moyens d’agir.")),
    ("bc-deep-dive-convening", "BC deep-dive municipalities convening", 75, 2, "hybrid", "Vancouver", "Vancouver and online", ["Foundation for a Path Forward"],
     "The eight deep-dive municipalities of the BC academy meet to share progress on their online-harms work.", None),
    ("victoria-exchange-2024", "Western Canada and western US exchange", datetime.date(2024, 10, 8), 2, "in-person", "Victoria", "Victoria, British Columbia", [],
     "Preventing hate and building social cohesion amid global crises: the first exchange of its kind between western cities.", None),
    ("edmonton-workshop-2024", "Edmonton hate-landscape workshop", datetime.date(2024, 10, 22), 1, "in-person", "Edmonton", "Edmonton, Alberta", [],
     "City leaders, community organisations, law enforcement and practitioners examine Edmonton's hate landscape together.", None),
    ("boise-roundtable-2025", "Community Cohesion Roundtable", datetime.date(2025, 2, 18), 1, "in-person", "Boise", "Boise City Hall", [],
     "Department heads and the police chief discuss prevention and cohesion amid cascading crises.", None),
    ("brampton-workshop-2025", "Peel Region two-day workshop", datetime.date(2025, 6, 11), 2, "in-person", "Brampton", "Brampton, Ontario", [],
     "Municipal officials, civil society and practitioners on a multi-level, whole-of-society approach to prevention.", None),
]  # fmt: skip


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


STORY_COLOURS = ["#0b4f6c", "#1d6b35", "#8a3b12", "#4b2e83", "#005f73", "#6a040f"]

# Every size the templates ask for, made while loading so the first visitor waits for none.
RENDITIONS = ("fill-480x270", "width-1200", "fill-1200x630")


def demo_image(title: str, slug: str, colour: str):
    """A plain banner image for a story, with its renditions already made."""
    from PIL import Image as PillowImage
    from PIL import ImageDraw
    from wagtail.images import get_image_model

    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        canvas = PillowImage.new("RGB", (1200, 675), colour)
        draw = ImageDraw.Draw(canvas)
        for offset in range(0, 1200, 60):
            draw.line([(offset, 675), (offset + 300, 0)], fill="#ffffff", width=2)
        buffer = io.BytesIO()
        canvas.save(buffer, format="PNG")
        image = Image(title=title, description="", width=1200, height=675)
        image.file.save(f"{slug}.png", ContentFile(buffer.getvalue()), save=False)
        image.width, image.height = canvas.size
        image.save()
    image.get_renditions(*RENDITIONS)
    return image


def event_dates(start, length: int) -> tuple[datetime.date, datetime.date]:
    if isinstance(start, int):  # days from today: the demo always has upcoming convenings
        start = timezone.localdate() + datetime.timedelta(days=start)
    return start, start + datetime.timedelta(days=length - 1)
