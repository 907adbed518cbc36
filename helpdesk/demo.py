"""Help-desk demo content, added to `manage.py load_demo` (settings.HUB_DEMO_LOADERS).

Modelled on the situations in the hub's impact report: a council member doxed by a
neo-Nazi group, a council divided by a resolution on a war abroad, and online harms aimed
at city staff. Requests from Edmonton and Boise, one in each state, with conversations,
internal notes and one escalated after its target was missed. Written from scratch; no
real person or city record.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.rich_text import RichText

from network.models import COORDINATORS_GROUP, ExpertProfile, Topic, User

from . import targets
from .models import (
    Event,
    GetHelpPage,
    HelpRequest,
    Message,
    OnCallAlert,
    OnCallShift,
    ResponseTarget,
)

Status = HelpRequest.Status

# (label, organisation, requester, expert or None, urgency, sensitivity, status,
#  hours ago, topics, summary, details, [(author, hours after filing, internal, body)])
REQUESTS = [
    ("-", "Edmonton", "official.edmonton@hub.example", "expert.amara@hub.example",
     "at_risk", "restricted", Status.IN_PROGRESS, 5, ["harassment", "response"],
     "A councillor's home address was posted online by a neo-Nazi group.",
     "Last night a group posted Councillor B.'s home address and photos of her house on a "
     "channel with several thousand followers, after she spoke in favour of a Pride "
     "proclamation. Police are informed. We need advice today on protecting her and her "
     "family, and on what the city should say publicly.",
     [("expert.amara@hub.example", 0.6, False,
       "Thank you for reaching out so quickly. First priorities for today: ask the police for "
       "a patrol plan around her home, have IT request takedowns from the platform, and "
       "agree one spokesperson. I am sending a short checklist now."),
      ("expert.amara@hub.example", 0.7, True,
       "Checked the channel: linked to two earlier doxing incidents in Alberta. Keep "
       "monitoring for 2 weeks."),
      ("official.edmonton@hub.example", 2, False,
       "Police patrol confirmed. Could you look at our draft statement before 4 p.m.?")]),
    ("-", "Boise", "official.boise@hub.example", "expert.dana@hub.example",
     "urgent", "standard", Status.WAITING, 30, ["response", "coordination"],
     "Council is split over a ceasefire resolution and meetings are getting hostile.",
     "A resolution calling for a ceasefire in the Middle East is on next week's agenda. The "
     "last meeting ran four hours with shouting from the gallery, and staff have received "
     "angry emails from both sides. How do we keep the meeting safe and the community "
     "together, whatever the vote?",
     [("expert.dana@hub.example", 3, False,
       "Cities in this situation have done well with a clear public-comment protocol, a "
       "separate listening session with affected communities, and a joint statement on "
       "belonging that does not depend on the vote. Who chairs the meeting, and is there a "
       "community liaison on staff?")]),
    ("-", "Edmonton", "official.edmonton@hub.example", "expert.luc@hub.example",
     "routine", "standard", Status.RESOLVED, 24 * 9, ["online-harms"],
     "Library staff are targeted by an online harassment campaign.",
     "Staff who organised a drag story hour are being harassed on social media. What "
     "support can the city offer them, and how should we moderate our own pages?",
     [("expert.luc@hub.example", 6, False,
       "Here is what other cities have done: a named staff contact for support, a "
       "moderation policy for the city's pages published before the next event, and "
       "documenting every incident for the police. The Resource Hub's guide on online harms "
       "has a model policy."),
      ("official.edmonton@hub.example", 30, False, "Thank you, this is very helpful.")]),
    ("-", "Boise", "official.boise@hub.example", "expert.dana@hub.example",
     "routine", "standard", Status.CLOSED, 24 * 40, ["prevention"],
     "We want a page where residents can report hate incidents.",
     "What should a city's hate-incident reporting page ask, and who should receive the "
     "reports?",
     [("expert.dana@hub.example", 20, False,
       "Keep the form short, say plainly what happens next, and route reports to a small "
       "team that includes community liaison, not only police.")]),
    ("-", "Edmonton", "official.edmonton@hub.example", None,
     "routine", "standard", Status.NEW, 2, [],
     "Advice on a memorial event after a hate crime in a neighbouring town.",
     "Our mayor has been asked to speak at a memorial. Any advice on tone and on working "
     "with the affected community?", []),
    ("escalated", "Boise", "official.boise@hub.example", "expert.dana@hub.example",
     "urgent", "standard", Status.ASSIGNED, 40, ["harassment"],
     "Threatening voicemails to the mayor's office after a proclamation.",
     "The mayor's office received six threatening voicemails after proclaiming a heritage "
     "month. Staff are shaken. What should we do first?", []),
]  # fmt: skip  # a table: one request a block, its fields in the order the loop unpacks them


# The on-call rota: (person, level, weekdays, from, to, zone). Every hour of the week has
# an expert on call, each in their own zone, and the coordinator is the last resort.
WEEKDAYS, WEEKEND, EVERY_DAY = [0, 1, 2, 3, 4], [5, 6], [0, 1, 2, 3, 4, 5, 6]
ROTA = [
    ("expert.amara@hub.example", 1, WEEKDAYS, (8, 0), (18, 0), "America/Toronto"),
    # 16:00 to 6:00 in Edmonton is 18:00 to 8:00 in Toronto; Sunday evening to Friday night.
    ("expert.luc@hub.example", 1, [6, 0, 1, 2, 3, 4], (16, 0), (6, 0), "America/Edmonton"),
    ("expert.dana@hub.example", 1, WEEKEND, (0, 0), (0, 0), "America/Boise"),
    ("expert.dana@hub.example", 2, WEEKDAYS, (7, 0), (17, 0), "America/Boise"),
    ("expert.amara@hub.example", 2, WEEKEND, (9, 0), (17, 0), "America/Toronto"),
    ("coordinator@hub.example", 3, EVERY_DAY, (0, 0), (0, 0), "America/Toronto"),
]


def load_rota() -> None:
    """The demo's on-call rota, once (a rota a coordinator has changed is kept)."""
    if OnCallShift.objects.exists():
        return
    people = {u.email: u for u in User.objects.filter(email__in=[row[0] for row in ROTA])}
    for email, level, weekdays, starts, ends, zone in ROTA:
        if email not in people:
            continue
        shift = OnCallShift(
            person=people[email],
            level=level,
            weekdays=weekdays,
            starts=datetime.time(*starts),
            ends=datetime.time(*ends),
            time_zone=zone,
        )
        shift.full_clean()
        shift.save()


def load(*, home_en, translate, child, organisations, person):
    load_get_help_page(home_en=home_en, translate=translate, child=child)
    load_rota()
    for urgency, (first, resolution, business) in targets.DEFAULTS.items():
        ResponseTarget.objects.get_or_create(
            urgency=urgency,
            defaults={
                "first_response_minutes": first,
                "resolution_minutes": resolution,
                "business_hours": business,
            },
        )
    Group.objects.get(name=COORDINATORS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="helpdesk",
            content_type__model="responsetarget",
            codename__in=["view_responsetarget", "change_responsetarget"],
        )
    )
    if HelpRequest.objects.filter(summary=REQUESTS[0][9]).exists():
        return  # loaded already
    people = {u.email: u for u in User.objects.filter(email__endswith="@hub.example")}
    experts = {e.user.email: e for e in ExpertProfile.objects.select_related("user")}
    topics = {t.slug: t for t in Topic.objects.filter(locale__language_code="en")}
    now = timezone.now()
    for (reference, organisation, requester, expert, urgency, sensitivity, status, hours_ago,
         topic_slugs, summary, details, conversation) in REQUESTS:  # fmt: skip  # a table's row
        filed = now - datetime.timedelta(hours=hours_ago)
        goal = ResponseTarget.objects.get(urgency=urgency)
        org = organisations[organisation]
        request = HelpRequest.objects.create(
            organisation=org,
            requester=people[requester],
            country=org.country,
            region=org.region,
            language="en",
            urgency=urgency,
            sensitivity=sensitivity,
            summary=summary,
            details=details,
            status=status,
            assignee=experts.get(expert),
            created_at=filed,
            assigned_at=filed if expert else None,
            routing_reasons=[
                {"code": "topics", "params": {"matched": 1, "wanted": len(topic_slugs)}}
            ]
            if expert
            else [
                {
                    "code": "no_match",
                    "params": {
                        "total": 5,
                        "available": 5,
                        "with_capacity": 5,
                        "language": 5,
                        "jurisdiction": 2,
                        "topic": 0,
                    },
                }
            ],
            first_response_due=targets.due(
                filed, goal.first_response_minutes, business_hours=goal.business_hours
            ),
            resolution_due=targets.due(
                filed, goal.resolution_minutes, business_hours=goal.business_hours
            ),
        )
        request.topics.set([topics[slug] for slug in topic_slugs if slug in topics])
        Event.objects.create(
            request=request, kind=Event.Kind.FILED, actor=people[requester], created_at=filed
        )
        if expert:
            Event.objects.create(
                request=request,
                kind=Event.Kind.ROUTED,
                created_at=filed,
                detail={"expert": experts[expert].pk},
            )
        for author, after, internal, body in conversation:
            at = filed + datetime.timedelta(hours=after)
            Message.objects.create(
                request=request, author=people[author], body=body, internal=internal, created_at=at
            )
            if not internal and author.startswith("expert.") and not request.first_response_at:
                request.first_response_at = at
        if urgency == "at_risk" and expert:
            # The expert on call was paged and acknowledged four minutes later.
            OnCallAlert.objects.create(
                request=request,
                current=experts[expert].user,
                paged=[experts[expert].user_id],
                paged_at=filed,
                created_at=filed,
                acknowledged_by=experts[expert].user,
                acknowledged_at=filed + datetime.timedelta(minutes=4),
            )
        if status == Status.WAITING:
            request.waiting_since = now - datetime.timedelta(hours=hours_ago - 3)
        if status in (Status.RESOLVED, Status.CLOSED):
            request.resolved_at = filed + datetime.timedelta(hours=48)
        if status == Status.RESOLVED:
            request.rating = HelpRequest.Rating.HELPFUL
        if status == Status.CLOSED:
            request.closed_at = filed + datetime.timedelta(days=15)
        if reference == "escalated":
            # Missed its first-response target: a backup expert was brought in.
            request.breached_at = request.first_response_due
            request.warned_at = request.first_response_due - datetime.timedelta(hours=1)
            backup = experts["expert.miguel@hub.example"]
            request.consulted.add(backup)
            Event.objects.create(
                request=request, kind=Event.Kind.WARNED, created_at=request.warned_at
            )
            Event.objects.create(
                request=request,
                kind=Event.Kind.ESCALATED,
                created_at=request.breached_at,
                detail={"backup": backup.pk, "missed": "first_response"},
            )
        request.save()


# --- The public Get help page, in both languages ---

HUB_ADDRESS = "na.hub@example.org"  # the hub team's address in the demo's footer text

GET_HELP = {
    "en": {
        "title": "Get help from the help desk",
        "slug": "get-help",
        "introduction": (
            "Rapid, confidential advice from the hub's experts when your city faces hate, "
            "threats, harassment or division: before a tense council meeting, in the hours "
            "after an attack, or while you plan how to prevent the next one."
        ),
        "emergency_text": (
            "<p>Once the person is safe:</p><ul>"
            "<li>keep the evidence: screenshots showing dates and web addresses, messages, "
            "voicemails;</li>"
            "<li>do not answer whoever is making the threats;</li>"
            "<li>then ask us and choose <b>Someone is at risk now</b>: it is the fastest "
            "target below, counted day and night.</li></ul>"
        ),
        "body": [
            ("heading", "What the help desk is"),
            (
                "paragraph",
                "<p>The help desk is the hub's rapid-advice service for local governments in "
                "Canada and the United States. You tell us what is happening; an expert in "
                "prevention and crisis response who knows your region and speaks your language "
                "answers you here, in a conversation only the people working on it can read.</p>"
                "<p>Cities have asked it how to protect a councillor whose home address was "
                "posted by a neo-Nazi group, how to keep a council meeting safe during a "
                "divisive vote on a war abroad, and how to support library staff harassed "
                "online. The expert shares what peer cities did in the same situation, points "
                "to the guides of the Resource Hub, and can book a call with you.</p>",
            ),
            ("heading", "Who may ask"),
            (
                "paragraph",
                "<ul><li>Elected officials and staff of the network's member cities in Canada "
                "and the United States.</li>"
                "<li>Officials of the cities taking part in a Prevention Academy (US, Canada or "
                "British Columbia): the help desk is part of the academy's support.</li></ul>"
                "<p>“City” means every local government: towns, counties, regional districts "
                "and municipalities of every size. Your account needs to be linked to your "
                "city first; how to ask is below.</p>",
            ),
            ("heading", "What happens when you ask"),
            (
                "paragraph",
                "<ol><li>You say what is happening, how urgent it is and who may read it: "
                "<b>standard</b> (your city's colleagues on the platform too) or "
                "<b>restricted</b> (only you, your city's leads, the experts on it and the "
                "hub's coordinators).</li>"
                "<li>The request goes to an expert who knows your region, your language and the "
                "subject; if nobody fits, a coordinator chooses one.</li>"
                "<li>The expert answers in the conversation. We email you that there is an "
                "answer, never what it says: you read it after signing in.</li>"
                "<li>If an answer is late, a second expert and the coordinators step in.</li>"
                "<li>When it is resolved, tell us whether it helped. You can reopen it if the "
                "situation comes back.</li></ol>",
            ),
            (
                "accordion",
                [
                    (
                        "Is it confidential?",
                        "<p>Yes. Only the people named above read a request, and every time a "
                        "restricted request is opened, it is recorded. Attach files only if they "
                        "help; location data is removed from photos.</p>",
                    ),
                    (
                        "Can we talk on the phone?",
                        "<p>Yes. From your request, book a call in your expert's next office-hours "
                        "slot; you get a calendar invitation by email.</p>",
                    ),
                    (
                        "What the help desk does not do",
                        "<p>It is not an emergency or police service, and it does not replace "
                        "your city's legal counsel. It advises, shares what has worked elsewhere "
                        "and connects you with peer cities.</p>",
                    ),
                ],
            ),
        ],
    },
    "fr": {
        "title": "Obtenir de l’aide du service d’assistance",
        "slug": "obtenir-de-laide",
        "introduction": (
            "Des conseils rapides et confidentiels des experts du Pôle lorsque votre ville "
            "fait face à la haine, aux menaces, au harcèlement ou à la division\u00a0: avant "
            "une séance du conseil tendue, dans les heures qui suivent une attaque, ou pour "
            "préparer la prévention de la prochaine."
        ),
        "emergency_text": (
            "<p>Une fois la personne en sécurité\u00a0:</p><ul>"
            "<li>conservez les preuves\u00a0: captures d’écran indiquant les dates et les "
            "adresses Web, messages, messages vocaux\u00a0;</li>"
            "<li>ne répondez pas à l’auteur des menaces\u00a0;</li>"
            "<li>écrivez-nous ensuite en choisissant <b>Quelqu’un est en danger maintenant</b>"
            "\u00a0: c’est le délai le plus court ci-dessous, compté jour et nuit.</li></ul>"
        ),
        "body": [
            ("heading", "Le service d’assistance, qu’est-ce que c’est\u00a0?"),
            (
                "paragraph",
                "<p>Le service d’assistance est le service de conseils rapides du Pôle pour les "
                "administrations locales du Canada et des États-Unis. Vous nous dites ce qui se "
                "passe\u00a0; un expert de la prévention et de la gestion de crise, qui connaît votre "
                "région et parle votre langue, vous répond ici, dans une conversation que seules "
                "les personnes qui y travaillent peuvent lire.</p>"
                "<p>Des villes lui ont demandé comment protéger une conseillère dont l’adresse "
                "avait été publiée par un groupe néonazi, comment assurer la sécurité d’une "
                "séance du conseil pendant un vote qui divisait la population au sujet d’une "
                "guerre à l’étranger, ou comment soutenir le personnel d’une bibliothèque "
                "harcelé en ligne. L’expert vous dit ce que d’autres villes ont fait dans la "
                "même situation, vous oriente vers les guides du Centre de ressources et peut "
                "fixer un appel avec vous.</p>",
            ),
            ("heading", "Qui peut faire une demande"),
            (
                "paragraph",
                "<ul><li>Les élus et le personnel des villes membres du réseau, au Canada et aux "
                "États-Unis.</li>"
                "<li>Les responsables des villes qui participent à une Académie de prévention "
                "(États-Unis, Canada ou Colombie-Britannique)\u00a0: le service d’assistance "
                "fait partie du soutien de l’académie.</li></ul>"
                "<p>Par «\u00a0ville\u00a0», nous entendons toute administration locale\u00a0: "
                "villes, comtés, districts régionaux et municipalités de toutes tailles. Votre "
                "compte doit d’abord être rattaché à votre ville\u00a0; la marche à suivre est "
                "ci-dessous.</p>",
            ),
            ("heading", "Ce qui se passe quand vous faites une demande"),
            (
                "paragraph",
                "<ol><li>Vous décrivez la situation, son urgence et qui peut lire votre "
                "demande\u00a0: <b>standard</b> (vos collègues de la ville inscrits sur la "
                "plateforme aussi) ou <b>restreinte</b> (vous seul, les responsables de votre "
                "ville, les experts qui la traitent et les coordonnateurs du Pôle).</li>"
                "<li>La demande est confiée à un expert qui connaît votre région, votre langue "
                "et le sujet\u00a0; si personne ne convient, un coordonnateur en choisit un.</li>"
                "<li>L’expert répond dans la conversation. Un courriel vous signale qu’une "
                "réponse vous attend, sans jamais en donner le contenu\u00a0: vous la lisez "
                "après vous être connecté.</li>"
                "<li>Si une réponse tarde, un deuxième expert et les coordonnateurs "
                "interviennent.</li>"
                "<li>Une fois la demande réglée, dites-nous si elle vous a aidé. Vous pouvez la "
                "rouvrir si la situation se représente.</li></ol>",
            ),
            (
                "accordion",
                [
                    (
                        "Est-ce confidentiel\u00a0?",
                        "<p>Oui. Seules les personnes nommées ci-dessus lisent une demande, et "
                        "chaque consultation d’une demande restreinte est consignée. Ne joignez des "
                        "fichiers que s’ils sont utiles\u00a0; les données de localisation sont retirées "
                        "des photos.</p>",
                    ),
                    (
                        "Pouvons-nous nous parler au téléphone\u00a0?",
                        "<p>Oui. Depuis votre demande, réservez un appel dans la prochaine "
                        "permanence de votre expert\u00a0; vous recevez une invitation d’agenda par "
                        "courriel.</p>",
                    ),
                    (
                        "Ce que le service d’assistance ne fait pas",
                        "<p>Ce n’est pas un service d’urgence ni de police, et il ne remplace pas "
                        "les conseillers juridiques de votre ville. Il conseille, fait connaître ce "
                        "qui a fonctionné ailleurs et vous met en relation avec d’autres "
                        "villes.</p>",
                    ),
                ],
            ),
        ],
    },
}


def _get_help_fields(language: str) -> dict:
    text = GET_HELP[language]
    body = []
    for kind, value in text["body"]:
        if kind == "heading":
            body.append(("heading", {"text": value, "level": "h2"}))
        elif kind == "paragraph":
            body.append(("paragraph", RichText(value)))
        else:
            items = [{"question": q, "answer": RichText(a)} for q, a in value]
            body.append(("accordion", {"heading": "", "items": items}))
    return {
        "introduction": text["introduction"],
        "emergency_text": text["emergency_text"],
        "body": body,
        "contact_email": HUB_ADDRESS,
    }


def load_get_help_page(*, home_en, translate, child):
    """The help desk's Get help page under each language's home page."""
    english = GET_HELP["en"]
    page = child(home_en, GetHelpPage, english["slug"], english["title"], **_get_help_fields("en"))
    french = GET_HELP["fr"]
    page_fr = translate(page, title=french["title"], slug=french["slug"], **_get_help_fields("fr"))
    promote(page, PROMOTED_QUERIES["en"])
    promote(page_fr, PROMOTED_QUERIES["fr"])


# What people in trouble type into the site's search: the Get help page comes first for them
# (Wagtail's promoted search results, which editors manage under Settings → Promoted search
# results).
PROMOTED_QUERIES = {
    "en": ["help desk", "helpdesk", "help", "get help", "crisis", "emergency", "threat", "urgent"],
    "fr": [
        "service d’assistance",
        "service d'assistance",
        "aide",
        "obtenir de l’aide",
        "obtenir de l'aide",
        "crise",
        "urgence",
        "menace",
        "help desk",
    ],
}


def promote(page, queries):
    """Put `page` first in the site's search results for each query (safe to repeat)."""
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    for text in queries:
        query = Query.get(text)
        SearchPromotion.objects.get_or_create(
            query=query, page=page, defaults={"sort_order": 0, "description": ""}
        )
