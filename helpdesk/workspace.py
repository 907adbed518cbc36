"""What the experts' and coordinators' workspace reads: each request's next deadline, whether
it is late or due soon, and the saved views of the queue (mine, unassigned, breaching soon,
late, all open).

The next deadline is the earliest target still to meet: the first response until someone
answers, then the resolution. A request waiting on the city has no running deadline (its
clock is paused, helpdesk.targets.shift), nor has a resolved or closed one. The pure
functions say it for one request; `with_deadlines` says the same in SQL, so a listing can
sort and filter by it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import HelpRequest, Urgency

Status = HelpRequest.Status
CLOSED = (Status.RESOLVED, Status.CLOSED)

# "Breaching soon": the next deadline falls within this time.
SOON = datetime.timedelta(hours=4)

LATE = "late"
DUE_SOON = "soon"
PAUSED = "paused"
RUNNING = "running"


# --- One request, in plain values ---


def next_deadline(
    *,
    status: str,
    waiting_since: datetime.datetime | None,
    first_response_at: datetime.datetime | None,
    first_response_due: datetime.datetime | None,
    resolution_due: datetime.datetime | None,
) -> datetime.datetime | None:
    """The earliest target still to meet, or None (closed, or paused while waiting)."""
    if status in CLOSED or waiting_since is not None:
        return None
    if first_response_at is None:
        return first_response_due
    return resolution_due


def deadline_state(
    due: datetime.datetime | None,
    *,
    now: datetime.datetime,
    waiting: bool = False,
    soon: datetime.timedelta = SOON,
) -> str:
    """'late' (the deadline has passed), 'soon' (within `soon`), 'paused' (waiting on the
    city), 'running', or '' (nothing to meet)."""
    if due is None:
        return PAUSED if waiting else ""
    if due <= now:
        return LATE
    if due <= now + soon:
        return DUE_SOON
    return RUNNING


def state_of(help_request: HelpRequest, *, now: datetime.datetime) -> tuple:
    """(next deadline, state) of a request object."""
    due = next_deadline(
        status=help_request.status,
        waiting_since=help_request.waiting_since,
        first_response_at=help_request.first_response_at,
        first_response_due=help_request.first_response_due,
        resolution_due=help_request.resolution_due,
    )
    waiting = help_request.is_open and help_request.waiting_since is not None
    return due, deadline_state(due, now=now, waiting=waiting)


# --- In SQL ---


def next_due_expression() -> Case:
    """next_deadline() as a database expression."""
    return Case(
        When(Q(status__in=CLOSED) | Q(waiting_since__isnull=False), then=Value(None)),
        When(first_response_at__isnull=True, then=F("first_response_due")),
        default=F("resolution_due"),
    )


URGENCY_RANK = {Urgency.AT_RISK: 0, Urgency.URGENT: 1, Urgency.ROUTINE: 2}


def with_deadlines(requests):
    """`next_due` (the next deadline) and `urgency_rank` (0 = someone is at risk now)."""
    return requests.annotate(
        next_due=next_due_expression(),
        urgency_rank=Case(
            *(When(urgency=u, then=Value(rank)) for u, rank in URGENCY_RANK.items()),
            default=Value(9),
            output_field=IntegerField(),
        ),
    )


def late_q(now) -> Q:
    return Q(next_due__lte=now)


def soon_q(now, soon=SOON) -> Q:
    return Q(next_due__gt=now, next_due__lte=now + soon)


# --- Saved views ---


@dataclass(frozen=True)
class SavedView:
    key: str
    label: Promise
    description: Promise
    coordinators_only: bool = False


SAVED_VIEWS = [
    SavedView("mine", _("Mine"), _("Open requests assigned to you or that you were consulted on")),
    SavedView(
        "unassigned",
        _("Unassigned"),
        _("Open requests no expert holds yet (the coordinators' queue)"),
        coordinators_only=True,
    ),
    SavedView("soon", _("Breaching soon"), _("The next deadline falls within 4 hours")),
    SavedView("late", _("Late"), _("The next deadline has passed")),
    SavedView("open", _("All open"), _("Every open request you may see")),
    SavedView("all", _("Everything"), _("Resolved and closed requests too")),
]


def saved_views_for(user) -> list[SavedView]:
    return [v for v in SAVED_VIEWS if user.is_coordinator or not v.coordinators_only]


def default_view(user) -> str:
    return "open" if user.is_coordinator else "mine"


def mine_q(user) -> Q:
    consulted = HelpRequest.consulted.through.objects.filter(expertprofile__user=user).values(
        "helprequest_id"
    )
    return Q(assignee__user=user) | Q(pk__in=consulted)


def apply_view(requests, view: str, *, user, now):
    """Narrow annotated requests (with_deadlines) to a saved view."""
    if view == "all":
        return requests
    requests = requests.open()
    if view == "mine":
        return requests.filter(mine_q(user))
    if view == "unassigned":
        return requests.filter(assignee__isnull=True)
    if view == "soon":
        return requests.filter(soon_q(now))
    if view == "late":
        return requests.filter(late_q(now))
    return requests


def view_counts(requests, *, user, now) -> dict[str, int]:
    """How many requests each saved view holds, in one query."""
    from django.db.models import Count

    open_requests = with_deadlines(requests.open())
    totals = open_requests.aggregate(
        mine=Count("pk", filter=mine_q(user)),
        unassigned=Count("pk", filter=Q(assignee__isnull=True)),
        soon=Count("pk", filter=soon_q(now)),
        late=Count("pk", filter=late_q(now)),
        open=Count("pk"),
    )
    return totals
