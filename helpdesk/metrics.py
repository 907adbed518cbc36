"""The help desk's metrics for coordinators, over a period they choose: requests filed and
resolved, times to first response and to resolution (median and 90th percentile), the
share within target, the backlog at the end of each day or week, each expert's load, the
cities' ratings, and how the on-call rota answered "someone is at risk now".

Every figure is counted by the database from `HelpRequest.objects.visible_to(user)`, in a
fixed number of queries whatever the number of requests. Days are whole days in the
coordinator's time zone.
"""

import datetime
import math

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    BooleanField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
)
from django.db.models.expressions import RawSQL
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from network.choices import REGION_NAMES, Country
from network.models import ExpertProfile, Topic
from pages.dates import format_date, format_day_heading, zone_label
from pages.metrics import MetricsView as PeriodMetricsView
from pages.metrics import Table, midnight

from .models import HelpRequest, Urgency

Status = HelpRequest.Status
DONE = (Status.RESOLVED, Status.CLOSED)


class MetricsView(PeriodMetricsView):
    """Coordinators only (experts and everyone else 403): the metrics count every request."""

    template_name = "helpdesk/admin/metrics.html"
    page_title = gettext_lazy("Help-desk metrics")
    export_prefix = "help-desk"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and request.user.is_coordinator):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def metrics(self, period):
        return help_desk_metrics(HelpRequest.objects.visible_to(self.request.user), period)


# --- The figures ---


def _between(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def help_desk_metrics(requests, period) -> dict:
    """Every figure of the page for these requests (already narrowed by visible_to) and
    this period, in a fixed number of queries."""
    start, end = period.start, period.end
    filed = _between("created_at", start, end)
    resolved = _between("resolved_at", start, end)
    at_risk = filed & Q(urgency=Urgency.AT_RISK)
    # The totals' conditions on a request's own columns, written as SQL (_Sql): two dozen
    # counts filtered by Django's lookups cost three times as much to build as the database
    # takes to count them (9.9 against 3 ms at 5,000 requests).
    sql = _Sql()
    filed_sql = sql.between("created_at", start, end)
    resolved_sql = sql.between("resolved_at", start, end)
    at_risk_sql = sql.both(filed_sql, sql.equals("urgency", Urgency.AT_RISK))
    totals = requests.aggregate(
        filed=Count("pk", filter=sql.where(filed_sql)),
        answered=Count("pk", filter=sql.where(filed_sql, sql.known("first_response_at"))),
        first_missed=Count("pk", filter=sql.where(filed_sql, sql.known("breached_at"))),
        first_met=Count(
            "pk",
            filter=sql.where(filed_sql, sql.unknown("breached_at"), sql.known("first_response_at")),
        ),
        resolved=Count("pk", filter=sql.where(resolved_sql)),
        resolution_missed=Count(
            "pk", filter=sql.where(resolved_sql, sql.known("resolution_breached_at"))
        ),
        rated=Count("pk", filter=sql.where(resolved_sql, sql.known("rating"))),
        rating=Avg("rating", filter=sql.where(resolved_sql)),
        open_at_start=Count("pk", filter=sql.where(sql.open_at(start))),
        open_at_end=Count("pk", filter=sql.where(sql.open_at(end))),
        open_now=Count("pk", filter=sql.where(sql.not_done())),
        at_risk=Count("pk", filter=sql.where(at_risk_sql)),
        acknowledged=Count(
            "pk",
            filter=Q(sql.where(at_risk_sql)) & Q(on_call_alert__acknowledged_at__isnull=False),
        ),
        escalated=Count(
            "pk",
            filter=Q(sql.where(at_risk_sql))
            & Q(on_call_alert__coordinators_escalated_at__isnull=False),
        ),
        nobody_on_call=Count(
            "pk", filter=Q(sql.where(at_risk_sql)) & Q(on_call_alert__nobody_on_call=True)
        ),
        **_percentile_aggregates("wait", _wait(), sql.where(filed_sql)),
        **_percentile_aggregates("resolution", _resolution(), sql.where(resolved_sql)),
        **_percentile_aggregates("acknowledge", _acknowledge(), sql.where(at_risk_sql)),
    )
    # First response: of the requests filed in the period; resolution: of those resolved.
    median, p90 = _wait_percentiles(requests.filter(filed), totals)
    resolution = _percentiles(
        requests.filter(resolved), _resolution(), totals["resolved"], totals, "resolution"
    )
    acknowledged = requests.filter(at_risk, on_call_alert__acknowledged_at__isnull=False)
    acknowledge = _percentiles(
        acknowledged, _acknowledge(), totals["acknowledged"], totals, "acknowledge"
    )
    tables = [
        backlog_table(requests, period),
        expert_table(requests, period),
        urgency_table(requests, period),
        topic_table(requests, period),
        region_table(requests, period),
        rating_table(requests, period),
    ]
    return {
        "totals": totals,
        "median": median,
        "p90": p90,
        "answered": totals["answered"],
        "total": totals["filed"],
        "missed": totals["first_missed"],
        "first_share": _share(totals["first_met"], totals["first_met"] + totals["first_missed"]),
        "resolution_median": resolution[0],
        "resolution_p90": resolution[1],
        "resolution_share": _share(
            totals["resolved"] - totals["resolution_missed"], totals["resolved"]
        ),
        "acknowledge_median": acknowledge[0],
        "acknowledge_minutes": None if acknowledge[0] is None else round(acknowledge[0] * 60),
        "rating": totals["rating"],
        "rated_share": _share(totals["rated"], totals["resolved"]),
        "tables": tables,
    }


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _open_at(moment) -> Q:
    """Filed before the moment and neither resolved nor closed by then. (A request reopened
    since counts as open from its filing: its earlier resolution is no longer on the row.)"""
    return (
        Q(created_at__lt=moment)
        & ~Q(resolved_at__lt=moment)
        & ~Q(closed_at__lt=moment)
        # Closed without a recorded time (older rows): done since it was last changed.
        & ~Q(status__in=DONE, resolved_at__isnull=True, closed_at__isnull=True)
    )


class _Sql:
    """Conditions on a help request's own columns as SQL with their parameters (pairs),
    made into a boolean expression by `where`. Each says what the Django lookup in its
    comment says, NULLs included."""

    def __init__(self):
        quote = connection.ops.quote_name
        self.table = quote(HelpRequest._meta.db_table)
        self.quote = quote

    def column(self, name: str) -> str:
        return f"{self.table}.{self.quote(name)}"

    def value(self, moment):
        return connection.ops.adapt_datetimefield_value(moment)

    def between(self, field: str, start, end) -> tuple:  # _between(field, start, end)
        column = self.column(field)
        return f"{column} >= %s AND {column} < %s", [self.value(start), self.value(end)]

    def equals(self, field: str, value) -> tuple:  # Q(field=value)
        return f"{self.column(field)} = %s", [str(value)]

    def known(self, field: str) -> tuple:  # Q(field__isnull=False)
        return f"{self.column(field)} IS NOT NULL", []

    def unknown(self, field: str) -> tuple:  # Q(field__isnull=True)
        return f"{self.column(field)} IS NULL", []

    def not_done(self) -> tuple:  # ~Q(status__in=DONE)
        return f"NOT ({self.column('status')} IN (%s, %s))", [str(s) for s in DONE]

    def open_at(self, moment) -> tuple:  # _open_at(moment)
        created, resolved, closed = (
            self.column("created_at"),
            self.column("resolved_at"),
            self.column("closed_at"),
        )
        value = self.value(moment)
        return (
            f"{created} < %s"
            f" AND NOT ({resolved} < %s AND {resolved} IS NOT NULL)"
            f" AND NOT ({closed} < %s AND {closed} IS NOT NULL)"
            f" AND NOT ({closed} IS NULL AND {resolved} IS NULL"
            f" AND {self.column('status')} IN (%s, %s))",
            [value, value, value, *map(str, DONE)],
        )

    def both(self, *conditions) -> tuple:
        return (
            " AND ".join(f"({sql})" for sql, _params in conditions),
            [param for _sql, params in conditions for param in params],
        )

    def where(self, *conditions) -> RawSQL:
        sql, params = self.both(*conditions)
        return RawSQL(sql, params, output_field=BooleanField())


def _hours(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


# --- Tables ---


def backlog_table(requests, period) -> Table:
    """Open requests at the end of each day (or week) of the period: one query."""
    ends = period.buckets()
    counts = _backlog_counts(requests, period, ends) or requests.aggregate(
        **{f"b{n}": Count("pk", filter=_open_at(end)) for n, (_f, _l, end) in enumerate(ends)},
        **{
            f"f{n}": Count("pk", filter=_between("created_at", _start(period, first), end))
            for n, (first, _l, end) in enumerate(ends)
        },
        **{
            f"r{n}": Count("pk", filter=_between("resolved_at", _start(period, first), end))
            for n, (first, _l, end) in enumerate(ends)
        },
    )
    rows, labels = [], []
    for n, (first, last, _end) in enumerate(ends):
        rows.append([last, counts[f"b{n}"], counts[f"f{n}"], counts[f"r{n}"]])
        labels.append(
            format_day_heading(last)
            if period.daily
            else _("Week of %(day)s") % {"day": format_date(first)}
        )
    return Table(
        key="backlog",
        title=_("Open requests over time"),
        columns=[
            _("Day") if period.daily else _("Week"),
            _("Open at the end"),
            _("Requests filed"),
            _("Requests resolved"),
        ],
        rows=rows,
        labels=labels,
        note=_(
            "The backlog: requests filed and not yet resolved or closed at the end of each "
            "day (midnight, %(zone)s)."
        )
        % {"zone": zone_label(period.zone)}
        if period.daily
        else _(
            "The backlog: requests filed and not yet resolved or closed at the end of each "
            "week (Sunday midnight, %(zone)s)."
        )
        % {"zone": zone_label(period.zone)},
    )


def _backlog_counts(requests, period, ends) -> dict | None:
    """backlog_table's counts (b: open at each bucket's end, f: filed, r: resolved in it)
    from one grouped query: each request is placed in the first bucket by whose end it was
    filed, resolved, and done (filed and no longer open, as _open_at says), and the buckets
    are summed up. The same figures as one filtered count per bucket and figure, which cost
    the page three times as much to build as to run. None if the buckets leave gaps (then
    the counts are made one by one)."""
    moments = [end for _first, _last, end in ends]
    starts = [_start(period, first) for first, _last, _end in ends]
    if starts[1:] != moments[:-1]:
        return None
    after = len(ends)

    # The three CASE expressions are written as SQL: Django's expressions for 90 branches
    # cost more to build (twice: SELECT and GROUP BY) than the database takes to run them.
    table = connection.ops.quote_name(HelpRequest._meta.db_table)

    def column(name: str) -> str:
        return f"{table}.{connection.ops.quote_name(name)}"

    def value(moment):
        return connection.ops.adapt_datetimefield_value(moment)

    def first_bucket(condition: str, moments_: list, before: str = "") -> RawSQL:
        sql, params = ["CASE"], []
        if before:
            sql.append(f"WHEN {before} THEN -1")
            params.append(value(starts[0]))
        for n, moment in enumerate(moments_):
            sql.append(f"WHEN {condition} THEN {n}")
            params.extend([value(moment)] * condition.count("%s"))
        sql.append(f"ELSE {after} END")
        return RawSQL(" ".join(sql), params, output_field=IntegerField())

    def bucket_of(moment: str, thresholds: list, shift: int) -> RawSQL:
        """first_bucket's number for a moment (-1 before the period when `thresholds`
        starts with the period's start, `after` for none or NULL), in PostgreSQL."""
        return RawSQL(
            f"COALESCE(width_bucket({moment}, %s::timestamptz[]) - {shift}, {after})",
            [thresholds],
            output_field=IntegerField(),
        )

    created, resolved_at, closed_at = (
        column("created_at"),
        column("resolved_at"),
        column("closed_at"),
    )
    # Not open at the moment (_open_at): filed before it and resolved or closed before it,
    # or done with no time recorded.
    done_quietly = (
        f"({closed_at} IS NULL AND {resolved_at} IS NULL AND {column('status')} IN "
        f"('{Status.RESOLVED}', '{Status.CLOSED}'))"
    )
    if connection.vendor == "postgresql":
        # The same buckets found by binary search (width_bucket) over the bucket ends, not
        # by trying up to 30 or more branches a row three times (10 ms -> 3 ms at 5,000
        # requests). Done: the moment a request stopped being open, as _open_at says.
        done_at = (
            f"(CASE WHEN {resolved_at} IS NULL AND {closed_at} IS NULL THEN (CASE WHEN "
            f"{done_quietly} THEN {created} END) ELSE GREATEST({created}, "
            f"LEAST({resolved_at}, {closed_at})) END)"
        )
        with_start = [value(starts[0]), *map(value, moments)]
        buckets = {
            "filed_in": bucket_of(created, with_start, shift=1),
            "resolved_in": bucket_of(resolved_at, with_start, shift=1),
            "done_in": bucket_of(done_at, [value(m) for m in moments], shift=0),
        }
    else:
        buckets = {
            "filed_in": first_bucket(f"{created} < %s", moments, before=f"{created} < %s"),
            "resolved_in": first_bucket(
                f"{resolved_at} < %s", moments, before=f"{resolved_at} < %s"
            ),
            "done_in": first_bucket(
                f"({created} < %s AND ({resolved_at} < %s OR {closed_at} < %s OR {done_quietly}))",
                moments,
            ),
        }
    groups = (
        requests.order_by()
        .annotate(**buckets)
        .values("filed_in", "resolved_in", "done_in")
        .annotate(n=Count("pk"))
    )
    filed, resolved, done = [0] * (after + 2), [0] * (after + 2), [0] * (after + 2)
    for group in groups:
        # Index -1 (before the period) is the lists' last item.
        filed[group["filed_in"]] += group["n"]
        resolved[group["resolved_in"]] += group["n"]
        done[group["done_in"]] += group["n"]
    counts, filed_by, done_by_end = {}, filed[-1], 0
    for n in range(after):
        filed_by += filed[n]
        done_by_end += done[n]
        counts[f"b{n}"] = filed_by - done_by_end
        counts[f"f{n}"] = filed[n]
        counts[f"r{n}"] = resolved[n]
    return counts


def _start(period, day: datetime.date) -> datetime.datetime:
    return midnight(day, period.zone)


def expert_table(requests, period) -> Table:
    """Each active expert's load (and anyone else who holds requests): two queries."""
    start, end = period.start, period.end
    open_now = ~Q(status__in=DONE)
    rows = {
        row["assignee"]: row
        for row in requests.order_by()
        .values("assignee")
        .annotate(
            open_now=Count("pk", filter=open_now),
            assigned=Count("pk", filter=_between("assigned_at", start, end)),
            resolved=Count("pk", filter=_between("resolved_at", start, end)),
            late=Count(
                "pk",
                filter=open_now
                & (Q(breached_at__isnull=False) | Q(resolution_breached_at__isnull=False)),
            ),
            rating=Avg("rating", filter=_between("resolved_at", start, end)),
        )
    }
    experts = list(
        ExpertProfile.objects.filter(
            Q(is_active=True, user__is_active=True) | Q(pk__in=[pk for pk in rows if pk])
        )
        .select_related("user")
        .only("weekly_capacity", "user__full_name", "user__email", "user__closed_at")
        .order_by("user__full_name", "pk")
    )
    names = [expert.user.get_full_name() for expert in experts]
    table_rows, labels = [], []
    for expert, name in zip(experts, names, strict=True):
        row = rows.get(expert.pk, {})
        label = name if names.count(name) == 1 else f"{name} ({expert.user.email})"
        table_rows.append(_expert_row(label, row, capacity=expert.weekly_capacity))
        labels.append(label)
    if None in rows:
        label = _("Nobody yet (coordinators' queue)")
        table_rows.append(_expert_row(label, rows[None], capacity=None))
        labels.append(label)
    return Table(
        key="experts",
        title=_("Load per expert"),
        columns=[
            _("Expert"),
            _("Open now"),
            _("Weekly capacity"),
            _("Assigned in the period"),
            _("Resolved in the period"),
            _("Late now"),
            _("Average rating (1 to 3)"),
        ],
        rows=table_rows,
        labels=labels,
        note=_(
            "Open and late count the requests assigned to each expert today; assigned "
            "counts those they hold now that reached them in the period."
        ),
    )


def _expert_row(label, row, *, capacity) -> list:
    rating = row.get("rating")
    return [
        label,
        row.get("open_now", 0),
        capacity,
        row.get("assigned", 0),
        row.get("resolved", 0),
        row.get("late", 0),
        None if rating is None else round(rating, 1),
    ]


def urgency_table(requests, period) -> Table:
    filed = _between("created_at", period.start, period.end)
    found = {
        row["urgency"]: row
        for row in requests.filter(filed)
        .order_by()
        .values("urgency")
        .annotate(
            n=Count("pk"),
            met=Count("pk", filter=Q(first_response_at__isnull=False, breached_at__isnull=True)),
            missed=Count("pk", filter=Q(breached_at__isnull=False)),
            resolved=Count("pk", filter=Q(resolved_at__isnull=False)),
        )
    }
    rows = []
    for urgency, label in Urgency.choices:
        row = found.get(urgency, {})
        met, missed = row.get("met", 0), row.get("missed", 0)
        rows.append(
            [str(label), row.get("n", 0), _share(met, met + missed), missed, row.get("resolved", 0)]
        )
    return Table(
        key="urgency",
        title=_("Requests by urgency"),
        columns=[
            _("Urgency"),
            _("Requests filed"),
            _("First response within target (%)"),
            _("First response late"),
            _("Resolved since"),
        ],
        rows=rows,
    )


def topic_table(requests, period) -> Table:
    from wagtail.models import Locale

    filed = requests.filter(_between("created_at", period.start, period.end))
    through = HelpRequest.topics.through.objects.filter(helprequest__in=filed)
    keys = dict(
        through.values("topic__translation_key")
        .annotate(n=Count("pk"))
        .values_list("topic__translation_key", "n")
    )
    names = {}
    active = Locale.get_active().pk
    for topic in Topic.objects.filter(translation_key__in=list(keys)).order_by("pk"):
        if topic.translation_key not in names or topic.locale_id == active:
            names[topic.translation_key] = topic.name
    rows = sorted(([names.get(k, "?"), n] for k, n in keys.items()), key=lambda r: (-r[1], r[0]))
    return Table(
        key="topics",
        title=_("Requests by topic"),
        columns=[_("Topic"), _("Requests filed")],
        rows=rows,
        note=_("A request about several topics counts once under each."),
    )


def region_table(requests, period) -> Table:
    filed = requests.filter(_between("created_at", period.start, period.end))
    countries = dict(Country.choices)
    rows = [
        [str(REGION_NAMES.get(row["region"]) or countries.get(row["country"], "")), row["n"]]
        for row in filed.order_by().values("country", "region").annotate(n=Count("pk"))
    ]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return Table(
        key="regions",
        title=_("Requests by region"),
        columns=[_("Province or state"), _("Requests filed")],
        rows=rows,
    )


def rating_table(requests, period) -> Table:
    resolved = requests.filter(_between("resolved_at", period.start, period.end))
    counts = dict(
        resolved.filter(rating__isnull=False)
        .order_by()
        .values("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    rated = sum(counts.values())
    rows = [
        [str(label), counts.get(value, 0), _share(counts.get(value, 0), rated)]
        for value, label in reversed(HelpRequest.Rating.choices)
    ]
    return Table(
        key="ratings",
        title=_("How cities rated the help"),
        columns=[_("Rating"), _("Requests"), _("Share of ratings (%)")],
        rows=rows,
        note=_("Ratings of the requests resolved in the period."),
    )


# --- Percentiles (PostgreSQL aggregates, or two small OFFSET queries elsewhere) ---


class _Percentile(Aggregate):
    """PostgreSQL's ordered-set aggregates: percentile_cont (interpolated, as a median is)
    and percentile_disc (the nearest rank). NULLs are left out, as in any aggregate."""

    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, function: str, share: float, expression, **extra):
        super().__init__(expression, function=function, share=float(share), **extra)


def _duration(since: str, until: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(until) - F(since), output_field=DurationField())


def _wait() -> ExpressionWrapper:
    """A request's time to first response (NULL until it is answered)."""
    return _duration("created_at", "first_response_at")


def _resolution() -> ExpressionWrapper:
    """A request's time from filing to resolution (NULL until it is resolved)."""
    return _duration("created_at", "resolved_at")


def _acknowledge() -> ExpressionWrapper:
    """An at-risk request's time from filing until someone on call acknowledged it."""
    return _duration("created_at", "on_call_alert__acknowledged_at")


def _percentile_aggregates(name: str, expression, condition: Q | None = None) -> dict:
    """On PostgreSQL the median and 90th percentile come with the other totals, in the same
    query; other databases (SQLite) have no such aggregate: see _percentiles."""
    if connection.vendor != "postgresql":
        return {}
    extra = {"filter": condition} if condition is not None else {}
    return {
        f"{name}_median": _Percentile(
            "PERCENTILE_CONT", 0.5, expression, output_field=DurationField(), **extra
        ),
        f"{name}_p90": _Percentile(
            "PERCENTILE_DISC", 0.9, expression, output_field=DurationField(), **extra
        ),
    }


def _percentiles(rows, expression, count: int, totals: dict, name: str):
    """The median (the mean of the two middle values when there is an even number) and the
    90th percentile (nearest rank) of a duration, in hours, over `rows` where it is known.

    The database sorts: on PostgreSQL both came with `totals`; elsewhere the one or two
    middle rows and the row at the 90% rank are read with OFFSET, two small queries whatever
    the number of requests."""
    if not count:
        return None, None
    if f"{name}_median" in totals:
        median, p90 = totals[f"{name}_median"], totals[f"{name}_p90"]
    else:
        values = (
            rows.annotate(value=expression)
            .filter(value__isnull=False)
            .order_by("value", "pk")
            .values_list("value", flat=True)
        )
        middle = list(values[(count - 1) // 2 : count // 2 + 1])
        median = sum(middle, datetime.timedelta()) / len(middle)
        p90 = values[max(0, math.ceil(0.9 * count) - 1)]
    return median.total_seconds() / 3600, p90.total_seconds() / 3600


def _wait_percentiles(requests, totals) -> tuple[float | None, float | None]:
    """The median and 90th percentile of the time to first response, in hours, of the
    answered requests among `requests`."""
    return _percentiles(
        requests.filter(first_response_at__isnull=False),
        _wait(),
        totals["answered"],
        totals,
        "wait",
    )


# --- Admin wiring (helpdesk.admin_views adds the URL and the menu item) ---


def metrics_urls() -> list:
    return [path("metrics/", MetricsView.as_view(), name="metrics")]


class MetricsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_coordinator


def metrics_menu_item() -> MenuItem:
    return MetricsMenuItem(
        gettext_lazy("Help-desk metrics"),
        reverse("helpdesk_admin:metrics"),
        icon_name="doc-full",
        order=281,
    )
