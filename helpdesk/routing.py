"""Choosing the expert for a request: a pure function of plain inputs, tested without a
database (`route`), and the thin layer that gathers those inputs from the database
(`candidates_for`).

The rule, in order:
1. only active experts, not away, with room under their weekly capacity;
2. who speak the request's language;
3. who advise on its place (the province or state itself, or the whole country);
4. who know at least one of its topics (a request without topics skips this rule);
then the best is the one with the most matching topics, then a regional rather than a
country-wide match, then the lightest load against capacity; ties go to whoever was
assigned least recently (never assigned first). No match goes to the coordinators' queue.
The reasons are returned as codes with parameters, stored on the request and shown to
coordinators in their language (`describe`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Need:
    topic_keys: frozenset = frozenset()
    country: str = ""
    region: str = ""
    language: str = "en"


@dataclass(frozen=True)
class Candidate:
    expert_id: int
    name: str = ""
    topic_keys: frozenset = frozenset()
    languages: tuple = ()
    jurisdictions: tuple = ()
    open_load: int = 0
    weekly_capacity: int = 5
    away: bool = False
    active: bool = True
    last_assigned_at: datetime.datetime | None = None


@dataclass
class Routing:
    expert_id: int | None
    reasons: list = field(default_factory=list)


def _reason(code: str, **params) -> dict:
    return {"code": code, "params": params}


def route(need: Need, candidates: list[Candidate], *, exclude=()) -> Routing:
    """The expert for a need, with the reasons; expert_id None means the coordinators'
    queue. `exclude` leaves experts out (the assignee, when looking for a backup)."""
    excluded = set(exclude)
    pool = [c for c in candidates if c.expert_id not in excluded]
    counts = {"total": len(pool)}
    pool = [c for c in pool if c.active and not c.away]
    counts["available"] = len(pool)
    pool = [c for c in pool if c.open_load < c.weekly_capacity]
    counts["with_capacity"] = len(pool)
    pool = [c for c in pool if need.language in c.languages]
    counts["language"] = len(pool)
    pool = [
        c
        for c in pool
        if need.country in c.jurisdictions or (need.region and need.region in c.jurisdictions)
    ]
    counts["jurisdiction"] = len(pool)
    if need.topic_keys:
        pool = [c for c in pool if c.topic_keys & need.topic_keys]
    counts["topic"] = len(pool)
    if not pool:
        return Routing(None, [_reason("no_match", **counts)])

    never = datetime.datetime.min.replace(tzinfo=datetime.UTC)

    def rank(c: Candidate):
        regional = bool(need.region) and need.region in c.jurisdictions
        return (
            -len(c.topic_keys & need.topic_keys),
            not regional,
            c.open_load / max(c.weekly_capacity, 1),
            c.last_assigned_at or never,
            c.expert_id,
        )

    pool.sort(key=rank)
    best = pool[0]
    reasons = [
        _reason(
            "topics", matched=len(best.topic_keys & need.topic_keys), wanted=len(need.topic_keys)
        ),
        _reason("language", language=need.language),
        _reason(
            "region" if need.region and need.region in best.jurisdictions else "country",
            place=need.region if need.region in best.jurisdictions else need.country,
        ),
        _reason("load", load=best.open_load, capacity=best.weekly_capacity),
        _reason("candidates", count=len(pool)),
    ]
    if (
        len(pool) > 1
        and rank(pool[1])[:3] == rank(best)[:3]
        and pool[1].last_assigned_at != best.last_assigned_at
    ):
        reasons.append(_reason("least_recent"))
    return Routing(best.expert_id, reasons)


def describe(reasons: list[dict]) -> list[str]:
    """The stored reasons as sentences in the active language."""
    texts = {
        "topics": _("Knows %(matched)s of the request's %(wanted)s topics."),
        "language": _("Works in the request's language (%(language)s)."),
        "region": _("Advises on this province or state (%(place)s)."),
        "country": _("Advises on this country (%(place)s)."),
        "load": _("Carries %(load)s open requests for a weekly capacity of %(capacity)s."),
        "candidates": None,  # plural: below
        "least_recent": _("Tied with another expert: assigned least recently."),
        "no_match": _(
            "No expert matched (%(total)s experts; %(available)s available; %(with_capacity)s "
            "with room; %(language)s in the language; %(jurisdiction)s for the place; "
            "%(topic)s on the topics). Sent to the coordinators' queue."
        ),
        "override": _("Assigned by %(name)s, a coordinator."),
        "claimed": _("Claimed by the expert."),
        "on_call": _("On call when the request came in (someone is at risk now)."),
        "on_call_backup": _("Paged as the next on call: nobody acknowledged in time."),
        "nobody_on_call": _(
            "Nobody was on call when the request came in: the coordinators were alerted."
        ),
        "acknowledged": _("Took the request by acknowledging the on-call alert."),
    }
    sentences = []
    for reason in reasons or ():
        if not isinstance(reason, dict):
            continue
        text = texts.get(reason.get("code"))
        if reason.get("code") == "candidates":
            count = (reason.get("params") or {}).get("count", 0)
            count = count if isinstance(count, int) else 0
            text = ngettext("%(count)s expert matched.", "%(count)s experts matched.", count)
        if text:
            try:
                sentences.append(text % reason.get("params", {}))
            except (KeyError, TypeError, ValueError):
                sentences.append(text)
    return sentences


def days_away(*, first_day: datetime.date, last_day: datetime.date) -> dict[int, list]:
    """Each expert's office-hours dates away touching these days, by expert id: one
    availability for routing and booking (an expert away in office hours is away here).
    A lazy lookup, as for the Get help page: the help desk does not import office hours,
    and routes without them when that app is not installed."""
    from django.apps import apps

    try:
        TimeAway = apps.get_model("office_hours", "TimeAway")
    except LookupError:
        return {}
    found = {}
    rows = TimeAway.objects.touching(first_day, last_day).values_list(
        "availability__expert_id", "first_day", "last_day"
    )
    for expert_id, first, last in rows:
        found.setdefault(expert_id, []).append((first, last))
    return found


def local_day(expert, *, today=None, now=None) -> datetime.date:
    """The expert's own date at `now` (their zone), or `today` as given."""
    import zoneinfo

    if now is None:
        return today
    return now.astimezone(zoneinfo.ZoneInfo(expert.time_zone)).date()


def candidates_for(need: Need, *, today=None, now=None) -> list[Candidate]:
    """Every active expert as a routing candidate, with their open load, when they were
    last assigned and whether they are away (`away_until`, or office hours' dates away, on
    their own date at `now`, else on `today`): four queries, whatever the number of
    experts."""
    from django.db.models import Count, Max, Q
    from django.utils import timezone

    from network.models import ExpertProfile

    from .models import HelpRequest

    today = today or timezone.localdate(now)
    open_statuses = [s for s in HelpRequest.Status.values if s not in ("resolved", "closed")]
    experts = (
        ExpertProfile.objects.select_related("user")
        .prefetch_related("topics")
        .annotate(
            open_load=Count(
                "assigned_requests", filter=Q(assigned_requests__status__in=open_statuses)
            ),
            last_assigned=Max("assigned_requests__assigned_at"),
        )
    )
    away = days_away(
        first_day=today - datetime.timedelta(days=1), last_day=today + datetime.timedelta(days=1)
    )
    return [
        Candidate(
            expert_id=expert.pk,
            name=expert.user.full_name,
            topic_keys=frozenset(str(t.translation_key) for t in expert.topics.all()),
            languages=tuple(expert.languages),
            jurisdictions=tuple(expert.jurisdictions),
            open_load=expert.open_load,
            weekly_capacity=expert.weekly_capacity,
            away=expert.is_away_on(
                local_day(expert, today=today, now=now), time_away=away.get(expert.pk, ())
            ),
            active=expert.is_active and expert.user.is_active,
            last_assigned_at=expert.last_assigned,
        )
        for expert in experts
    ]
