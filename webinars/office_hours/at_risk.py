"""A call for a help-desk request where someone is at risk now: the minimum notice waived.

The city books the assigned expert's first free moment, from a few minutes ahead, within
the day (SOON_ENOUGH); the expert's windows, time away, buffer and every other booking still
hold, and the database's constraints stand. With nothing that soon, the page says so and
sends the city back to its request, which the help desk answers first.

Who may waive the notice is decided here, from the database, never from a parameter: the
request must be open, at risk, visible to the person (HelpRequest.objects.visible_to, the
help desk's one read rule), and filed for an organisation they belong to. The help desk's
model is read by name (apps.get_model): office hours imports nothing of the help desk.
"""

import datetime

from django.apps import apps
from wagtail.models import Locale

from network.models import ExpertProfile

from .models import OfficeHoursPage
from .slots import Slot, open_slots

# The soonest a call may start: time for both sides to read the confirmation and join.
LEAD = datetime.timedelta(minutes=5)
# How far ahead a waived call is looked for: past it, the ordinary booking serves.
SOON_ENOUGH = datetime.timedelta(hours=24)
# How many of the soonest moments are offered to choose from.
CHOICES = 6
AT_RISK = "at_risk"  # helpdesk.models.Urgency.AT_RISK


def help_requests():
    return apps.get_model("helpdesk", "HelpRequest").objects


def request_for(user, public_id):
    """The open help-desk request `public_id` that `user` sees and books for (a member of
    its organisation), whatever its urgency; None for anyone else (the page answers 404)."""
    if not user.is_authenticated:
        return None
    return (
        help_requests()
        .visible_to(user)
        .open()
        .filter(public_id=public_id, organisation__memberships__user=user)
        .select_related("assignee__user", "organisation")
        .first()
    )


def waives_notice(user, help_request) -> bool:
    """Whether this person may book this request's call inside the notice: read again from
    the database, so that neither a form nor a link decides it."""
    found = request_for(user, help_request.public_id)
    return found is not None and found.urgency == AT_RISK and found.assignee_id is not None


def programme_of(expert_id: int) -> OfficeHoursPage | None:
    """The live programme (in the original language) where the expert holds office hours."""
    return (
        OfficeHoursPage.objects.live()
        .filter(locale=Locale.get_default(), programme_experts__expert_id=expert_id)
        .order_by("path")
        .first()
    )


def soonest(expert_id: int, *, now: datetime.datetime) -> list[Slot]:
    """The expert's first free moments with the notice waived: from LEAD ahead, within
    SOON_ENOUGH, the soonest first."""
    slots = open_slots(
        ExpertProfile.objects.active().filter(pk=expert_id),
        start=now + LEAD,
        end=now + SOON_ENOUGH,
        now=now,
        notice=LEAD,
    )
    return slots[:CHOICES]
