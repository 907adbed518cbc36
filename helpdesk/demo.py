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

from network.models import COORDINATORS_GROUP, ExpertProfile, Topic, User

from . import targets
from .models import Event, HelpRequest, Message, ResponseTarget

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
]  # fmt: skip


def load(*, home_en, translate, child, organisations, person):
    for urgency, (first, resolution, business) in targets.DEFAULTS.items():
        ResponseTarget.objects.get_or_create(
            urgency=urgency,
            defaults={"first_response_minutes": first, "resolution_minutes": resolution,
                      "business_hours": business},
        )  # fmt: skip
    Group.objects.get(name=COORDINATORS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="helpdesk", content_type__model="responsetarget",
            codename__in=["view_responsetarget", "change_responsetarget"],
        )
    )  # fmt: skip
    if HelpRequest.objects.filter(summary=REQUESTS[0][9]).exists():
        return  # loaded already
    people = {u.email: u for u in User.objects.filter(email__endswith="@hub.example")}
    experts = {e.user.email: e for e in ExpertProfile.objects.select_related("user")}
    topics = {t.slug: t for t in Topic.objects.filter(locale__language_code="en")}
    now = timezone.now()
    for (reference, organisation, requester, expert, urgency, sensitivity, status, hours_ago,
         topic_slugs, summary, details, conversation) in REQUESTS:  # fmt: skip
        filed = now - datetime.timedelta(hours=hours_ago)
        goal = ResponseTarget.objects.get(urgency=urgency)
        org = organisations[organisation]
        request = HelpRequest.objects.create(
            organisation=org, requester=people[requester],
            country=org.country, region=org.region, language="en", urgency=urgency,
            sensitivity=sensitivity, summary=summary, details=details, status=status,
            assignee=experts.get(expert), created_at=filed,
            assigned_at=filed if expert else None,
            routing_reasons=[{"code": "topics", "params": {"matched": 1, "wanted": len(topic_slugs)}}]
            if expert else [{"code": "no_match", "params": {"total": 5, "available": 5,
                             "with_capacity": 5, "language": 5, "jurisdiction": 2, "topic": 0}}],
            first_response_due=targets.due(filed, goal.first_response_minutes,
                                           business_hours=goal.business_hours),
            resolution_due=targets.due(filed, goal.resolution_minutes,
                                       business_hours=goal.business_hours),
        )  # fmt: skip
        request.topics.set([topics[slug] for slug in topic_slugs if slug in topics])
        Event.objects.create(request=request, kind=Event.Kind.FILED, actor=people[requester],
                             created_at=filed)  # fmt: skip
        if expert:
            Event.objects.create(request=request, kind=Event.Kind.ROUTED, created_at=filed,
                                 detail={"expert": experts[expert].pk})  # fmt: skip
        for author, after, internal, body in conversation:
            at = filed + datetime.timedelta(hours=after)
            Message.objects.create(request=request, author=people[author], body=body,
                                   internal=internal, created_at=at)  # fmt: skip
            if not internal and author.startswith("expert.") and not request.first_response_at:
                request.first_response_at = at
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
            Event.objects.create(request=request, kind=Event.Kind.WARNED,
                                 created_at=request.warned_at)  # fmt: skip
            Event.objects.create(
                request=request, kind=Event.Kind.ESCALATED, created_at=request.breached_at,
                detail={"backup": backup.pk, "missed": "first_response"},
            )  # fmt: skip
        request.save()
