"""Every write on a help-desk request: filing, routing, claiming, the conversation, status
changes, reopening, rating, who looked and who has it open. Each logs an Event (the audit
trail coordinators read); every state change is also a Wagtail log entry, through the one
call `log_event`. Emails say only that there is something new, with a link that needs a
sign-in (never any of the request's content), and leave once the transaction commits.

The contract: keyword-only arguments, `full_clean()` before saving, one transaction, a
`ValidationError` a person can act on. Keeping the response-target clock (warnings and
escalations) is helpdesk.escalation; choosing an expert is helpdesk.routing.
"""

import datetime
import uuid
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from network.mail import queue_email, render_email
from network.models import COORDINATORS_GROUP, ExpertProfile, Membership, Organisation, User
from webinars.office_hours.services import next_call as next_office_hours

from . import rota as on_call_rota
from . import routing, targets
from .models import (
    Attachment,
    Event,
    HelpRequest,
    Message,
    OnCallAlert,
    OnCallShift,
    Presence,
    ResponseTarget,
    Urgency,
)

Status = HelpRequest.Status
REOPEN_DAYS = 14


# --- Who is who on a request ---


def is_city_side(user, request: HelpRequest) -> bool:
    return (
        user.pk == request.requester_id
        or Membership.objects.filter(user=user, organisation_id=request.organisation_id).exists()
    )


def is_expert_side(user, request: HelpRequest) -> bool:
    if user.is_coordinator:
        return True
    if request.assignee_id and request.assignee.user_id == user.pk:
        return True
    return request.consulted.filter(user=user).exists()


def target(urgency: str) -> ResponseTarget:
    found = ResponseTarget.objects.filter(urgency=urgency).first()
    if found is None:
        first, resolution, business = targets.DEFAULTS[urgency]
        found = ResponseTarget(
            urgency=urgency,
            first_response_minutes=first,
            resolution_minutes=resolution,
            business_hours=business,
        )
    return found


# --- Telling people ---


def _url(request: HelpRequest, user) -> str:
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if is_expert_side(user, request) and not is_city_side(user, request):
        return base + reverse("helpdesk_admin:request", args=[request.public_id])
    with translation.override(user.language):
        return base + reverse("helpdesk:request", args=[request.public_id])


def notify(
    request: HelpRequest, people, *, template: str = "helpdesk_update", extra: dict | None = None
) -> None:
    """Tell people there is something new on a request: the reference and a link, nothing
    else of it (the link needs a sign-in, and the page checks access); `extra` adds what the
    template says about the process (who is on call, how long to acknowledge)."""
    seen = set()
    for person in people:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        queue_email(
            render_email(
                template=template,
                context={
                    "reference": request.reference,
                    "link": _url(request, person),
                    "person": person,
                    **(extra or {}),
                },
                to=[person.email],
                language=person.language,
            )
        )


def coordinators():
    return User.objects.filter(groups__name=COORDINATORS_GROUP, is_active=True)


def city_people(request: HelpRequest):
    """Who on the city's side hears about a request: the requester and, for a standard
    request, nobody else by email (members see it on the site)."""
    return [request.requester]


def expert_people(request: HelpRequest):
    people = [request.assignee.user] if request.assignee_id else list(coordinators())
    return people


# --- The audit trail ---

Kind = Event.Kind

# The events that change a request's state, as Wagtail log actions (registered with their
# labels in helpdesk.wagtail_hooks), so the admin's history shows them too. Views and
# downloads, warnings and booked calls are the help desk's own trail only.
LOG_ACTIONS = {
    Kind.FILED: "helpdesk.request.file",
    Kind.ROUTED: "helpdesk.request.route",
    Kind.UNROUTED: "helpdesk.request.queue",
    Kind.CLAIMED: "helpdesk.request.claim",
    Kind.REASSIGNED: "helpdesk.request.reassign",
    Kind.CONSULTED: "helpdesk.request.consult",
    Kind.STATUS: "helpdesk.request.status",
    Kind.ESCALATED: "helpdesk.request.escalate",
    Kind.REOPENED: "helpdesk.request.reopen",
    Kind.RATED: "helpdesk.request.rate",
}
# A status change to one of these has its own action (the history reads "Resolved").
STATUS_ACTIONS = {
    Status.RESOLVED: "helpdesk.request.resolve",
    Status.CLOSED: "helpdesk.request.close",
}


def log_action(kind: str, detail: dict) -> str | None:
    """The Wagtail log action of an event, or None when it changes no state."""
    if kind == Kind.STATUS and detail.get("status") in STATUS_ACTIONS:
        return STATUS_ACTIONS[detail["status"]]
    return LOG_ACTIONS.get(kind)


def log_event(*, request: HelpRequest, kind: str, by=None, detail: dict | None = None) -> Event:
    """Record what happened to a request, and who did it (None: the system): the Event the
    request's trail shows and, for a state change, the Wagtail log entry. A state change is
    two rows, written in one transaction (the caller's, or its own); a bare record (a view,
    a download) is one insert and opens none, as on every view of a restricted request."""
    event = Event(request=request, kind=kind, actor=by, detail=detail or {})
    # The request and the person are rows the caller already holds: checking that they
    # exist would cost two queries on every page that records a view.
    event.full_clean(exclude=["request", "actor"])
    action = log_action(kind, event.detail)
    if action is None:
        event.save()
        return event
    with transaction.atomic(savepoint=False):
        event.save()
        log(request, action, user=by, data={"kind": kind, **event.detail})
    return event


# --- Saving ---


def _save(request: HelpRequest, fields) -> None:
    """Validate the fields a write changed, then save them (and `updated_at`)."""
    fields = list(dict.fromkeys([*fields, "updated_at"]))
    request.full_clean(exclude=[f.name for f in HelpRequest._meta.fields if f.name not in fields])
    request.save(update_fields=fields)


def _save_files(request: HelpRequest, message: Message | None, files, by) -> None:
    for checked in files:
        attachment = Attachment(
            request=request,
            message=message,
            name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            uploaded_by=by,
        )
        # Checked before the file reaches storage, so a refused file leaves nothing behind.
        attachment.full_clean(exclude=["request", "message", "uploaded_by", "file"])
        attachment.file.save(checked.name, checked.content, save=False)
        attachment.save()


# --- Filing and routing ---


@transaction.atomic
def file_request(
    *,
    by,
    organisation: Organisation,
    urgency: str,
    sensitivity: str,
    language: str,
    summary: str,
    details: str,
    country: str = "",
    region: str | None = None,
    topics=(),
    files=(),
    now=None,
) -> HelpRequest:
    """A city files a request; it is routed at once and the clock starts. The place is
    the organisation's unless given (`region=""`: the whole country)."""
    now = now or timezone.now()
    if organisation.kind != Organisation.Kind.CITY:
        raise ValidationError(_("The help desk takes requests from city governments."))
    if not Membership.objects.filter(user=by, organisation=organisation).exists():
        raise ValidationError(_("You can only file a request for an organisation you belong to."))
    country = country or organisation.country
    region = organisation.region if region is None else region
    if region and not region.startswith(f"{country}-"):
        raise ValidationError(
            {"region": _("This province or state is not in the country you chose.")}
        )
    if urgency not in Urgency.values:  # the deadlines below depend on it
        raise ValidationError({"urgency": _("Tell us how urgent it is.")})
    goal = target(urgency)
    request = HelpRequest(
        organisation=organisation,
        requester=by,
        country=country,
        region=region or "",
        language=language,
        urgency=urgency,
        sensitivity=sensitivity,
        summary=summary.strip(),
        details=details.strip(),
        created_at=now,
        first_response_due=targets.due(
            now, goal.first_response_minutes, business_hours=goal.business_hours
        ),
        resolution_due=targets.due(
            now, goal.resolution_minutes, business_hours=goal.business_hours
        ),
    )
    request.full_clean()
    request.save()
    request.topics.set(topics)
    _save_files(request, None, files, by)
    log_event(request=request, kind=Kind.FILED, by=by, detail={"urgency": request.urgency})
    request = route_request(request=request, now=now)
    notify(request, [by], template="helpdesk_filed")
    return request


def need_of(request: HelpRequest) -> routing.Need:
    return routing.Need(
        topic_keys=frozenset(str(t.translation_key) for t in request.topics.all()),
        country=request.country,
        region=request.region,
        language=request.language,
    )


@transaction.atomic
def route_request(*, request: HelpRequest, now=None) -> HelpRequest:
    """Choose the expert (helpdesk.routing), or leave the request in the coordinators'
    queue; either way the reasons are kept and the right people are told. The system
    routes: the log names nobody."""
    request = HelpRequest.objects.locked(request.pk)
    if request.urgency == Urgency.AT_RISK:  # the rota's person on call, not the best match
        return page_on_call(request=request, now=now)
    need = need_of(request)
    today = timezone.localdate(now) if now else None
    result = routing.route(need, routing.candidates_for(need, today=today))
    request.routing_reasons = result.reasons
    if result.expert_id is None:
        _save(request, ["routing_reasons"])
        log_event(request=request, kind=Kind.UNROUTED)
        notify(request, coordinators())
        return request
    expert = ExpertProfile.objects.select_related("user").get(pk=result.expert_id)
    _assign(request, expert, now=now)
    log_event(request=request, kind=Kind.ROUTED, detail={"expert": result.expert_id})
    notify(request, [request.assignee.user])
    return request


def _assign(request: HelpRequest, expert: ExpertProfile, *, now=None) -> None:
    request.assignee = expert
    request.assigned_at = now or timezone.now()
    if request.status == Status.NEW:
        request.status = Status.ASSIGNED
    _save(request, ["assignee", "assigned_at", "status", "routing_reasons"])


@transaction.atomic
def claim(*, request: HelpRequest, expert: ExpertProfile, by) -> HelpRequest:
    """Take an unassigned request (from the coordinators' queue). Two people claiming at
    once: the first wins, the second is told who has it."""
    if not (by.is_coordinator or expert.user_id == by.pk):
        raise PermissionDenied
    request = HelpRequest.objects.locked(request.pk)
    if request.assignee_id and request.assignee_id != expert.pk:
        raise ValidationError(
            _("%(name)s has just taken this request.") % {"name": request.assignee.user.full_name}
        )
    request.routing_reasons = [*request.routing_reasons, {"code": "claimed", "params": {}}]
    _assign(request, expert)
    log_event(request=request, kind=Kind.CLAIMED, by=by, detail={"expert": expert.pk})
    return request


@transaction.atomic
def reassign(*, request: HelpRequest, expert: ExpertProfile, by) -> HelpRequest:
    """A coordinator overrides the routing."""
    if not by.is_coordinator:
        raise PermissionDenied
    request = HelpRequest.objects.locked(request.pk)
    previous = request.assignee_id
    request.routing_reasons = [
        *request.routing_reasons,
        {"code": "override", "params": {"name": by.full_name}},
    ]
    _assign(request, expert)
    log_event(
        request=request,
        kind=Kind.REASSIGNED,
        by=by,
        detail={"expert": expert.pk, "previous": previous},
    )
    notify(request, [expert.user])
    return request


@transaction.atomic
def consult(*, request: HelpRequest, expert: ExpertProfile, by) -> HelpRequest:
    """The expert side brings a colleague in: they can then read and answer the request."""
    request = HelpRequest.objects.locked(request.pk)
    if not is_expert_side(by, request):
        raise PermissionDenied
    if expert.pk == request.assignee_id or request.consulted.filter(pk=expert.pk).exists():
        raise ValidationError(_("This expert already works on this request."))
    request.consulted.add(expert)
    log_event(request=request, kind=Kind.CONSULTED, by=by, detail={"expert": expert.pk})
    notify(request, [expert.user])
    return request


# --- The conversation ---

THREAD_PAGE = 100


class ThreadFile(NamedTuple):
    """What a page shows of a file: its link, name and size."""

    public_id: uuid.UUID
    name: str
    size: int


class ThreadMessage(NamedTuple):
    """What a page shows of a message (thread_page): plain values, not a model object with
    its author's, which cost more to build than the page took to draw."""

    pk: int
    author_id: int
    author_name: str
    body: str
    internal: bool
    created_at: datetime.datetime
    files: list


def page_before(before) -> int | None:
    """The message id a page of the thread ends before (`?before=`), or None for the newest
    page: anything that is not a plausible id reads as the newest page."""
    if isinstance(before, str):
        usable = before.isascii() and before.isdigit() and len(before) < 19
        return int(before) if usable else None
    return before or None


def thread_page(messages, before=None, *, request=None) -> tuple:
    """The latest messages of a thread (before a message id, to page back), oldest first,
    and the id to page back from when there are earlier ones: ThreadMessages with their
    files, in two queries. Given the request, also the files filed with it (on no message),
    read by the same second query: (thread, earlier, the request's files)."""
    before = page_before(before)
    if before:
        messages = messages.filter(pk__lt=before)
    latest = list(
        messages.order_by("-created_at", "-pk").values_list(
            "pk",
            "author_id",
            "body",
            "internal",
            "created_at",
            # What a thread shows of its author (User.get_full_name), not the whole account.
            "author__full_name",
            "author__email",
            "author__closed_at",
        )[: THREAD_PAGE + 1]
    )
    earlier = latest[THREAD_PAGE - 1][0] if len(latest) > THREAD_PAGE else None
    shown = latest[:THREAD_PAGE]
    files = {row[0]: [] for row in shown}
    found = []
    if shown or request is not None:
        on = Q(message_id__in=list(files))
        if request is not None:
            on = Q(request_id=request.pk) & (on | Q(message__isnull=True))
        found = list(
            Attachment.objects.filter(on)
            .order_by("created_at", "pk")
            .values_list("pk", "message_id", "public_id", "name", "size")
        )
    # A message's files by id, as the thread always listed them; the request's own in the
    # attachments' order.
    for _pk, message_id, public_id, name, size in sorted(found):
        if message_id is not None:
            files[message_id].append(ThreadFile(public_id, name, size))
    names = {}
    thread = []
    for pk, author_id, body, internal, created_at, full, email, closed in reversed(shown):
        if author_id not in names:
            # User.get_full_name, the one rule for a shown name ("Former member" once closed).
            names[author_id] = User(full_name=full, email=email, closed_at=closed).get_full_name()
        thread.append(
            ThreadMessage(pk, author_id, names[author_id], body, internal, created_at, files[pk])
        )
    if request is None:
        return thread, earlier
    own = [ThreadFile(p, n, s) for _pk, m, p, n, s in found if m is None]
    return thread, earlier, own


@transaction.atomic
def post_message(
    *, request: HelpRequest, author, body: str, internal: bool = False, files=(), now=None
) -> Message:
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request.pk)
    body = body.strip()
    if not body and not files:
        raise ValidationError(_("Write a message or attach a file."))
    expert_side = is_expert_side(author, request)
    city_side = is_city_side(author, request)
    if not (expert_side or city_side):
        raise PermissionDenied
    if internal and not expert_side:
        raise PermissionDenied
    if not request.is_open:
        raise ValidationError(_("This request is closed. Reopen it to write again."))
    message = Message(request=request, author=author, body=body, internal=internal, created_at=now)
    message.full_clean(exclude=["request", "author"])
    message.save()
    _save_files(request, message, files, author)
    if internal:
        return message
    fields = []
    if expert_side and not city_side:
        if request.first_response_at is None:
            request.first_response_at = now
            fields.append("first_response_at")
        if request.status in (Status.NEW, Status.ASSIGNED):
            _set(request, Status.IN_PROGRESS, author, fields, now=now)
        notify(request, city_people(request))
    else:
        if request.status == Status.WAITING:
            _set(request, Status.IN_PROGRESS, author, fields, now=now)
        notify(request, expert_people(request))
    _save(request, fields)
    return message


def _set(request: HelpRequest, status: str, by, fields: list, *, now) -> None:
    """Change status, pausing the clock while waiting on the city."""
    previous = request.status
    if previous == status:
        return
    goal = target(request.urgency)
    if status == Status.WAITING:
        request.waiting_since = now
    elif previous == Status.WAITING and request.waiting_since:
        for name in ("first_response_due", "resolution_due"):
            moved = targets.shift(
                getattr(request, name),
                request.waiting_since,
                now,
                business_hours=goal.business_hours,
            )
            setattr(request, name, moved)
        request.waiting_since = None
    if status == Status.RESOLVED:
        request.resolved_at = now
    if status == Status.CLOSED:
        request.closed_at = now
    request.status = status
    fields += [
        "status",
        "waiting_since",
        "first_response_due",
        "resolution_due",
        "resolved_at",
        "closed_at",
    ]
    log_event(
        request=request, kind=Kind.STATUS, by=by, detail={"previous": previous, "status": status}
    )


@transaction.atomic
def set_status(*, request: HelpRequest, status: str, by, now=None) -> HelpRequest:
    """The expert or a coordinator moves a request: in progress, waiting on the city,
    resolved, closed."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request.pk)
    if not is_expert_side(by, request):
        raise PermissionDenied
    allowed = {Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED}
    if status not in allowed:
        raise ValidationError(_("Choose a status from the list."))
    if request.status == Status.CLOSED:
        raise ValidationError(_("This request is closed."))
    fields = []
    _set(request, status, by, fields, now=now)
    _save(request, fields)
    if status in (Status.WAITING, Status.RESOLVED):
        notify(request, city_people(request))
    return request


@transaction.atomic
def reopen(*, request: HelpRequest, by, now=None) -> HelpRequest:
    """The city reopens a resolved request within 14 days."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request.pk)
    if not is_city_side(by, request):
        raise PermissionDenied
    if request.status != Status.RESOLVED or request.resolved_at is None:
        raise ValidationError(_("Only a resolved request can be reopened."))
    if now - request.resolved_at > datetime.timedelta(days=REOPEN_DAYS):
        raise ValidationError(
            _(
                "A request can be reopened for %(days)s days after it is resolved. Please file a "
                "new request."
            )
            % {"days": REOPEN_DAYS}
        )
    fields = ["resolution_warned_at"]
    # The time it stood resolved does not count against the resolution target.
    goal = target(request.urgency)
    request.resolution_due = targets.shift(
        request.resolution_due, request.resolved_at, now, business_hours=goal.business_hours
    )
    request.resolution_warned_at = None
    _set(request, Status.IN_PROGRESS, by, fields, now=now)
    request.resolved_at = None
    _save(request, fields)
    log_event(request=request, kind=Kind.REOPENED, by=by)
    notify(request, expert_people(request))
    return request


@transaction.atomic
def rate(*, request: HelpRequest, by, rating: int) -> HelpRequest:
    request = HelpRequest.objects.locked(request.pk)
    if not is_city_side(by, request):
        raise PermissionDenied
    if request.status not in (Status.RESOLVED, Status.CLOSED):
        raise ValidationError(_("You can rate the help once the request is resolved."))
    if rating not in HelpRequest.Rating.values:
        raise ValidationError(_("Choose a rating from the list."))
    request.rating = rating
    _save(request, ["rating"])
    log_event(request=request, kind=Kind.RATED, by=by, detail={"rating": rating})
    return request


def can_reopen(request: HelpRequest, now=None) -> bool:
    now = now or timezone.now()
    return (
        request.status == Status.RESOLVED
        and request.resolved_at is not None
        and now - request.resolved_at <= datetime.timedelta(days=REOPEN_DAYS)
    )


# --- Who looked, who has it open ---


def record_view(*, request: HelpRequest, by) -> Event | None:
    """Every view of a restricted request records who looked. (Its one write, log_event,
    is atomic; the view of a standard request writes nothing and opens no transaction.)"""
    if request.is_restricted:
        return log_event(request=request, kind=Kind.VIEWED, by=by)
    return None


def record_download(*, request: HelpRequest, attachment: Attachment, by) -> Event:
    """Every download of a file records who took it (one atomic write, log_event)."""
    return log_event(
        request=request, kind=Kind.DOWNLOADED, by=by, detail={"file": str(attachment.public_id)}
    )


@transaction.atomic(savepoint=False)  # on every view of the admin's request page: no savepoint
def mark_present(*, request: HelpRequest, user, now=None) -> None:
    """Someone has the request open in the admin (others about to reply are warned)."""
    now = now or timezone.now()
    if Presence.objects.filter(request=request, user=user).update(seen_at=now):
        return
    presence = Presence(request=request, user=user, seen_at=now)
    # One row per person and request: the constraint holds it (an insert that loses the
    # race updates instead), so validating it first would only cost a query.
    presence.full_clean(exclude=["request", "user"], validate_constraints=False)
    try:
        with transaction.atomic():
            presence.save()
    except IntegrityError:  # the same person, in another tab, at the same moment
        Presence.objects.filter(request=request, user=user).update(seen_at=now)


@transaction.atomic
def clear_presence(*, request: HelpRequest | None = None, user) -> None:
    """Someone has left the request (or, without one, every request: a closed account)."""
    present = Presence.objects.filter(user=user)
    if request is not None:
        present = present.filter(request=request)
    present.delete()


# --- From request to call (the one link to office hours) ---


def next_call(request: HelpRequest, *, kept=False):
    """The assigned expert's next open office-hours slot (office_hours.services.NextCall), or
    None; kept, to show on the request's page (booking reads it afresh)."""
    if not request.assignee_id or not request.is_open:
        return None
    return next_office_hours(expert_id=request.assignee_id, kept=kept)


@transaction.atomic
def book_call(*, request: HelpRequest, by):
    """Book the assigned expert's next slot for the request's organisation, in one step.
    The booking's questions only quote the reference (the expert sees the request)."""
    if not is_city_side(by, request):
        raise PermissionDenied
    found = next_call(request)
    if found is None:
        raise ValidationError(_("The expert has no open office-hours slot at the moment."))
    # Every member of the organisation sees its bookings: a restricted request's call names
    # neither the request nor its topic.
    if request.is_restricted:
        topic, questions = None, _("A call requested through the help desk.")
    else:
        topic = request.topics.first()
        questions = _("A call about help-desk request %(reference)s.") % {
            "reference": request.reference
        }
    booking = found.book(
        organisation=request.organisation,
        user=by,
        topic=topic,
        questions=questions,
        language=request.language,
    )
    log_event(
        request=request,
        kind=Kind.CALL_BOOKED,
        by=by,
        detail={"starts_at": found.starts_at.isoformat()},
    )
    return booking


# --- On call for "someone is at risk now" ---


def acknowledge_minutes() -> int:
    """How long the person paged has to acknowledge before the next one on the rota is
    paged (settings.HUB_ON_CALL_ACKNOWLEDGE_MINUTES, 10 by default)."""
    return settings.HUB_ON_CALL_ACKNOWLEDGE_MINUTES


def active_expert(user) -> ExpertProfile | None:
    """The person's expert profile if they answer requests (active), else None."""
    try:
        expert = user.expert_profile
    except ExpertProfile.DoesNotExist:
        return None
    return expert if expert.is_active and user.is_active else None


def on_call_now(now: datetime.datetime, *, exclude=(), rota=None) -> list[tuple[User, int]]:
    """Who is on call at `now`, in the order to page them, as (person, level): the rota's
    shifts in each person's zone (helpdesk.rota), leaving out `exclude` (user ids) and
    experts who are away (`away_until`, or office hours' dates away, on their own date).
    `rota`: the shifts to read (a viewer's visible_to; all by default). Three queries,
    whatever the size of the rota."""
    rota = OnCallShift.objects.all() if rota is None else rota
    shifts = list(rota.current(now.date()).select_related("person__expert_profile"))
    people = {shift.person_id: shift.person for shift in shifts}
    experts = {pk: active_expert(person) for pk, person in people.items()}
    day = now.date()
    dates_away = routing.days_away(
        first_day=day - datetime.timedelta(days=1), last_day=day + datetime.timedelta(days=1)
    )
    away = set(exclude)
    for pk, person in people.items():
        expert = experts[pk]
        if expert is None:
            if not person.is_coordinator:  # an expert no longer active, say
                away.add(pk)
        elif expert.is_away_on(
            routing.local_day(expert, now=now), time_away=dates_away.get(expert.pk, ())
        ):
            away.add(pk)
    chosen = on_call_rota.on_call([shift.as_shift() for shift in shifts], now, away=away)
    return [(people[shift.person_id], shift.level) for shift in chosen]


def notify_on_call(
    request: HelpRequest, people, *, template: str, alert: OnCallAlert, on_call=None
) -> None:
    """Page people about an at-risk request: the reference, how long they have to
    acknowledge, who is on call, and a link; never the request's content."""
    extra = {
        "minutes": acknowledge_minutes(),
        "on_call": on_call.get_full_name() if on_call else "",
        "nobody_on_call": alert.nobody_on_call,
    }
    notify(request, people, template=template, extra=extra)


@transaction.atomic
def page_on_call(*, request: HelpRequest, now=None) -> HelpRequest:
    """An at-risk request goes to the person on call now (assigned, if an expert) and
    pages them; the coordinators are told at once, and told when nobody is on call. Safe
    twice: a request is paged once (helpdesk.escalation pages the next person)."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request.pk)
    if OnCallAlert.objects.filter(request=request).exists():
        return request
    found = on_call_now(now)
    person, level = found[0] if found else (None, None)
    alert = OnCallAlert(
        request=request,
        current=person,
        paged=[person.pk] if person else [],
        paged_at=now,
        nobody_on_call=person is None,
        created_at=now,
    )
    alert.full_clean(exclude=["request", "current"])
    alert.save()
    expert = active_expert(person) if person else None
    if expert is not None:
        request.routing_reasons = [{"code": "on_call", "params": {"level": level}}]
        _assign(request, expert, now=now)
        log_event(request=request, kind=Kind.ROUTED, detail={"expert": expert.pk, "on_call": level})
    elif person is None:
        # Nobody on call: the routing rule still finds someone to hold it, as for any
        # request, and the coordinators are alerted below that nobody is on call.
        need = need_of(request)
        result = routing.route(need, routing.candidates_for(need, now=now))
        request.routing_reasons = [{"code": "nobody_on_call", "params": {}}, *result.reasons]
        if result.expert_id is None:
            _save(request, ["routing_reasons"])
            log_event(request=request, kind=Kind.UNROUTED, detail={"on_call": None})
        else:
            expert = ExpertProfile.objects.select_related("user").get(pk=result.expert_id)
            _assign(request, expert, now=now)
            log_event(request=request, kind=Kind.ROUTED, detail={"expert": result.expert_id})
            notify(request, [request.assignee.user])
    else:  # a coordinator as the last resort: paged, and the request stays in their queue
        request.routing_reasons = [{"code": "on_call", "params": {"level": level}}]
        _save(request, ["routing_reasons"])
        log_event(request=request, kind=Kind.UNROUTED, detail={"on_call": level})
    log(
        request,
        "helpdesk.request.page",
        data={"paged": person.pk if person else None, "level": level},
    )
    if person is not None:
        notify_on_call(request, [person], template="helpdesk_on_call", alert=alert)
    others = [c for c in coordinators() if person is None or c.pk != person.pk]
    notify_on_call(request, others, template="helpdesk_at_risk", alert=alert, on_call=person)
    return request


@transaction.atomic
def acknowledge(*, request: HelpRequest, by, now=None) -> OnCallAlert:
    """Someone paged (or a coordinator) acknowledges an at-risk request: the paging stops,
    and an expert who was paged takes the request. Two at once: the database keeps one
    owner (a conditional UPDATE: only the first finds it unacknowledged); the other is
    told who has it."""
    now = now or timezone.now()
    request = HelpRequest.objects.locked(request.pk)
    alert = OnCallAlert.objects.filter(request=request).first()
    if alert is None:
        raise ValidationError(_("This request has no on-call alert to acknowledge."))
    if not (by.is_coordinator or by.pk in alert.paged or is_expert_side(by, request)):
        raise PermissionDenied
    alert.acknowledged_by, alert.acknowledged_at = by, now
    alert.full_clean(exclude=["request", "current", "acknowledged_by"])
    won = OnCallAlert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=by, acknowledged_at=now
    )
    if not won:
        alert.refresh_from_db()
        if alert.acknowledged_by_id == by.pk:
            return alert  # a second click
        holder = alert.acknowledged_by.get_full_name() if alert.acknowledged_by else ""
        raise ValidationError(
            _("%(name)s has already acknowledged this request.") % {"name": holder}
        )
    expert = active_expert(by)
    if (
        expert is not None
        and request.assignee_id != expert.pk
        and (by.pk in alert.paged or request.assignee_id is None)
        and request.is_open
    ):
        request.routing_reasons = [*request.routing_reasons, {"code": "acknowledged"}]
        _assign(request, expert, now=now)
        log_event(
            request=request, kind=Kind.CLAIMED, by=by, detail={"expert": expert.pk, "on_call": True}
        )
    log(
        request,
        "helpdesk.request.acknowledge",
        user=by,
        data={"minutes": int((now - alert.created_at).total_seconds() // 60)},
    )
    return alert
