"""The experts' and coordinators' help-desk workspace in the Wagtail admin: the queue, the
request page (thread, reply, internal note, status, claim, reassign); the metrics are in
helpdesk.metrics.

Every request is reached through `HelpRequest.objects.visible_to(user)`: an expert sees
what is assigned to them or what they were consulted on; coordinators see everything.
"""

import datetime
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from network.dashboard import viewer_zone
from network.models import ExpertProfile, User
from pages import dates
from pages.drawn_tables import DrawnColumn, DrawnTable
from pages.reports import SafeReportView

from . import routing, services, workspace
from .filters import QueueFilterSet
from .forms import FilesField, QuickSelect
from .metrics import metrics_menu_item, metrics_urls
from .models import Event, HelpRequest, Presence, ResponseTarget
from .models.requests import choice_label
from .thread_cache import file_list, moment

Status = HelpRequest.Status
PRESENCE_MINUTES = 10
PRESENCE_REFRESH = datetime.timedelta(minutes=1)


def may_use(user) -> bool:
    return user.is_authenticated and (user.is_coordinator or user.is_expert)


class WorkspaceView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("helpdesk_admin:queue"), "label": _("Help desk")},
            {"url": "", "label": self.get_page_title()},
        ]


# --- The queue ---


def _status_tag(label, classname="") -> str:
    """Wagtail's {% status %} tag, without a template per cell."""
    return format_html(
        '<span class="{}">{}</span>', f"w-status {classname}" if classname else "w-status", label
    )


def _reference_cell(item, table) -> str:
    restricted = _status_tag(_("Restricted"), "w-status--label") if item.is_restricted else ""
    return format_html(
        '<td class="title hd-due"><div class="title-wrapper"><a href="{}">{}</a></div>{}</td>',
        table.request_url(item),
        item.reference,
        restricted,
    )


def _summary_cell(item, table) -> str:
    lang = (
        format_html(' lang="{}"', item.language)
        if item.language and item.language != table.language
        else ""
    )
    return format_html('<td class="hd-summary"{}>{}</td>', lang, Truncator(item.summary).chars(90))


def _organisation_cell(item, table) -> str:
    return format_html("<td>{}</td>", item.organisation.name)


_URGENCY_TAGS = {"at_risk": "hd-tag--danger", "urgent": "hd-tag--warning"}


def _urgency_cell(item, table) -> str:
    tag = _status_tag(item.urgency_label, _URGENCY_TAGS.get(item.urgency, ""))
    return format_html("<td>{}</td>", tag)


def _status_cell(item, table) -> str:
    return format_html("<td>{}</td>", item.status_label)


def _expert_cell(item, table) -> str:
    if item.assignee:
        user = item.assignee.user
        return format_html("<td>{}</td>", user.full_name or user.email)
    return format_html("<td><em>{}</em></td>", _("No expert yet"))


def _deadline_cell(item, table) -> str:
    due, state = workspace.state_of(item, now=table.now)
    parts = []
    if due:
        which = _("resolution") if item.first_response_at else _("first response")
        parts.append(
            format_html(
                '<time datetime="{}">{}</time><br><small>{}</small>',
                timezone.localtime(due).isoformat(timespec="seconds"),
                dates.format_datetime(due, table.zone, weekday=False, with_zone=False),
                which,
            )
        )
    if state == workspace.LATE:
        parts.append(_status_tag(_("Late"), "hd-tag--danger"))
    elif state == workspace.DUE_SOON:
        parts.append(_status_tag(_("Breaching soon"), "hd-tag--warning"))
    elif state == workspace.PAUSED:
        parts.append(_status_tag(_("Paused: waiting on the city"), "hd-wrap"))
    elif not due:
        parts.append("—")
    return format_html('<td class="hd-due">{}</td>', mark_safe(" ".join(parts)))


def _filed_cell(item, table) -> str:
    local = item.created_at.astimezone(table.zone)
    return format_html(
        '<td class="hd-due"><time datetime="{}">{}</time></td>',
        local.isoformat(timespec="seconds"),
        dates.format_date(local),
    )


class QueueTable(DrawnTable):
    """Wagtail's table, its rows drawn in Python by the queue's cells (queue rows are 50 a
    page, 8 cells each: one template per cell cost more than the rest of the listing)."""

    wagtail_spacing = False
    zone = now = None

    def request_url(self, item) -> str:
        if not hasattr(self, "_url_pattern"):
            self._url_pattern = reverse("helpdesk_admin:request", args=[_PLACEHOLDER])
        return self._url_pattern.replace(str(_PLACEHOLDER), str(item.public_id))

    def body_html(self) -> str:
        self.language = get_language()
        return super().body_html()


_PLACEHOLDER = uuid.UUID(int=0)

# What the queue's cells read of a request (and of its organisation and expert).
ROW_FIELDS = (
    "public_id",
    "reference",
    "summary",
    "language",
    "sensitivity",
    "urgency",
    "status",
    "waiting_since",
    "first_response_at",
    "first_response_due",
    "resolution_due",
    "created_at",
    "organisation__name",
    "assignee__user__full_name",
    "assignee__user__email",
)


class QueueView(IndexView):
    """The queue, sorted by the next deadline: saved views above the table, Wagtail's filter
    panel, sortable columns, urgency, late and at-risk tags."""

    model = HelpRequest
    template_name = "helpdesk/admin/queue.html"
    results_template_name = "helpdesk/admin/queue_results.html"
    index_url_name = "helpdesk_admin:queue"
    index_results_url_name = "helpdesk_admin:queue_results"
    page_title = gettext_lazy("Help desk")
    header_icon = "help"
    paginate_by = 50
    table_class = QueueTable
    filterset_class = QueueFilterSet
    default_ordering = "next_due"
    any_permission_required = None
    permission_policy = None
    search_fields = ["reference", "summary", "organisation__name"]
    columns = [
        DrawnColumn(
            "reference",
            _reference_cell,
            label=gettext_lazy("Reference"),
            sort_key="reference",
        ),
        DrawnColumn("summary", _summary_cell, label=gettext_lazy("Summary")),
        DrawnColumn(
            "organisation",
            _organisation_cell,
            label=gettext_lazy("Organisation"),
            sort_key="organisation__name",
        ),
        DrawnColumn(
            "urgency",
            _urgency_cell,
            label=gettext_lazy("Urgency"),
            sort_key="urgency_rank",
        ),
        DrawnColumn(
            "status",
            _status_cell,
            label=gettext_lazy("Status"),
            sort_key="status",
        ),
        DrawnColumn(
            "expert",
            _expert_cell,
            label=gettext_lazy("Expert"),
            sort_key="assignee__user__full_name",
        ),
        DrawnColumn(
            "next_due",
            _deadline_cell,
            label=gettext_lazy("Next deadline"),
            sort_key="next_due",
        ),
        DrawnColumn(
            "created_at",
            _filed_cell,
            label=gettext_lazy("Filed"),
            sort_key="created_at",
        ),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def now(self):
        return timezone.now()

    @cached_property
    def zone(self):
        return viewer_zone(self.request.user)

    def get_base_queryset(self):
        # Only the columns the cells show: the sort reads every open request the person may
        # see, and whole rows (with the expert's profile and account) cost it a third more.
        return workspace.with_deadlines(
            HelpRequest.objects.visible_to(self.request.user)
            .select_related("organisation", "assignee__user")
            .only(*ROW_FIELDS)
        )

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        descending = ordering.startswith("-")
        field = F(ordering.lstrip("-"))
        first = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
        # Ties (and requests with no running deadline) by urgency, then the oldest first.
        return queryset.order_by(first, "urgency_rank", "created_at", "pk")

    def get_table(self, object_list):
        table = super().get_table(object_list)
        table.zone, table.now = self.zone, self.now
        return table

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Export"),
                url=reverse("helpdesk_admin:report"),
                icon_name="download",
            )
        ]

    @cached_property
    def current_view(self) -> str:
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("view") or ""
        return workspace.default_view(self.request.user)

    @cached_property
    def places(self) -> list[dict]:
        """For each place (country, region) the person's requests come from, how many of
        them each saved view holds: summed, the counts above the table (as
        workspace.view_counts); listed, the filter panel's places. One GROUP BY for both,
        where a DISTINCT and a COUNT read the same rows twice."""
        user, now = self.request.user, self.now
        is_open = ~Q(status__in=workspace.CLOSED)
        return list(
            workspace.with_deadlines(HelpRequest.objects.visible_to(user))
            .order_by()
            .values("country", "region")
            .annotate(
                mine=Count("pk", filter=is_open & workspace.mine_q(user)),
                unassigned=Count("pk", filter=is_open & Q(assignee__isnull=True)),
                soon=Count("pk", filter=is_open & workspace.soon_q(now)),
                late=Count("pk", filter=is_open & workspace.late_q(now)),
                open=Count("pk", filter=is_open),
            )
        )

    @cached_property
    def view_counts(self) -> dict[str, int]:
        keys = ("mine", "unassigned", "soon", "late", "open")
        return {key: sum(place[key] for place in self.places) for key in keys}

    def get_filterset_kwargs(self):
        places = [(place["country"], place["region"]) for place in self.places]
        return {**super().get_filterset_kwargs(), "places": places}

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # A saved view with nothing else narrowing it is counted above the table already
        # (view_counts, one query for all): the paginator takes that count instead of
        # counting again. Not "soon" and "late", whose filter reads the clock again.
        filters = self.filters
        if (
            filters is not None
            and filters.is_valid()
            and not getattr(self, "search_query", None)
            and self.current_view in ("mine", "unassigned", "open")
            and not any(v for k, v in filters.form.cleaned_data.items() if k != "view")
        ):
            paginator.count = self.view_counts[self.current_view]  # a cached property
        return paginator

    def saved_views(self) -> list[dict]:
        """The quick links above the table, each with its count and its address."""
        user = self.request.user
        counts = self.view_counts
        return [
            {
                "key": v.key,
                "label": v.label,
                "description": v.description,
                "count": counts.get(v.key),
                "url": f"{self.index_url}?view={v.key}",
                "current": v.key == self.current_view,
            }
            for v in workspace.saved_views_for(user)
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["saved_views"] = self.saved_views()
        context["zone_name"] = dates.zone_label(self.zone)
        context["soon_hours"] = int(workspace.SOON.total_seconds() // 3600)
        return context


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Message"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    files = FilesField(label=gettext_lazy("Attachments"))
    internal = forms.BooleanField(
        label=gettext_lazy("Internal note (the city never sees it)"), required=False
    )
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        widget=QuickSelect,
        choices=[
            (s, label)
            for s, label in Status.choices
            if s in (Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED)
        ],
    )


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=gettext_lazy("Expert"),
        queryset=ExpertProfile.objects.active().select_related("user"),
        widget=QuickSelect,
    )

    def __init__(self, *args, experts=None, **kwargs):
        """experts: the choices, as expert_choices() reads them once for the page's forms
        (else each form reads every expert's profile and account to draw its list)."""
        super().__init__(*args, **kwargs)
        if experts is not None:
            field = self.fields["expert"]
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.choices = empty + experts


def expert_choices() -> list[tuple[int, str]]:
    """The active experts as AssignForm lists them (str(ExpertProfile), the account's
    shown name), in one query of four columns."""
    rows = (
        ExpertProfile.objects.active()
        .order_by("user__full_name")
        .values_list("pk", "user__full_name", "user__email", "user__closed_at")
    )
    return [
        (pk, User(full_name=full, email=email, closed_at=closed).get_full_name())
        for pk, full, email, closed in rows
    ]


def request_deadlines(help_request: HelpRequest, *, now) -> dict:
    """The first-response and resolution targets of one request, each with when it was met
    or is due and its state (workspace.deadline_state), for the properties panel."""
    waiting = help_request.is_open and help_request.waiting_since is not None
    running = help_request.is_open and not waiting
    first_due = help_request.first_response_due
    resolution_due = help_request.resolution_due
    return {
        "first": {
            "met_at": help_request.first_response_at,
            "due": first_due,
            "state": workspace.deadline_state(
                first_due if running else None, now=now, waiting=waiting
            )
            if help_request.first_response_at is None
            else "",
        },
        "resolution": {
            "met_at": help_request.resolved_at if not help_request.is_open else None,
            "due": resolution_due,
            "state": workspace.deadline_state(
                resolution_due if running else None, now=now, waiting=waiting
            )
            if help_request.is_open
            else "",
        },
    }


def _thread_html(help_request, thread, zone) -> str:
    """The conversation's messages (up to a hundred, services.thread_page), drawn here
    rather than by the template, which cost more than the rest of the page."""
    note = format_html(" {}", _status_tag(_("Internal note"), "hd-tag--warning"))
    labels = {}
    parts = []
    for message in thread:
        if message.internal:
            kind = " hd-message--internal"
        elif message.author_id == help_request.requester_id:
            kind = " hd-message--city"
        else:
            kind = ""
        name = message.author_name
        if name not in labels:
            labels[name] = _("Message from %(name)s") % {"name": name}
        parts.append(
            format_html(
                '<article class="hd-message{}" aria-label="{}">'
                '<p class="hd-message__meta"><strong>{}</strong> · <time datetime="{}">{}</time>'
                "{}</p>"
                '<div class="hd-pre">{}</div>{}</article>',
                kind,
                labels[name],
                name,
                *moment(message.created_at, zone),
                note if message.internal else "",
                message.body,
                file_list(help_request, message.files),
            )
        )
    return mark_safe("".join(parts))


def _history_html(events, zone) -> str:
    """The history table's rows (the latest fifty events: when, kind, the actor's name)."""
    kinds = {}
    for _when, kind, _actor in events:
        if kind not in kinds:
            kinds[kind] = choice_label(Event.Kind, kind)
    return format_html_join(
        "",
        '<tr><td><time datetime="{}">{}</time></td><td>{}</td><td>{}</td></tr>',
        (
            (
                *moment(when, zone),
                kinds[kind],
                actor or "—",
            )
            for when, kind, actor in events
        ),
    )


class RequestView(WorkspaceView):
    template_name = "helpdesk/admin/request.html"
    page_title = gettext_lazy("Help-desk request")

    def dispatch(self, request, *args, **kwargs):
        if not may_use(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(
            HelpRequest.objects.visible_to(request.user)
            # The newest message's id, to warn of a reply written meanwhile (the reply form).
            .with_newest_message()
            .select_related(
                "organisation",
                "requester",
                "assignee__user",
                # The properties panel's on-call state (_on_call.html): three queries less.
                "on_call_alert__current",
                "on_call_alert__acknowledged_by",
            ),
            public_id=kwargs["public_id"],
        )
        if not services.is_expert_side(request.user, self.object):
            raise Http404  # an expert who is also a member of the city: the city's page
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.reference

    def get_header_title(self):
        return self.object.reference

    def others_here(self):
        """Who else has had the request open in the last PRESENCE_MINUTES (read by get(),
        with the viewer's own row, in one query)."""
        if hasattr(self, "others"):
            return self.others
        since = timezone.now() - datetime.timedelta(minutes=PRESENCE_MINUTES)
        return (
            Presence.objects.filter(request=self.object, seen_at__gte=since)
            .exclude(user=self.request.user)
            .select_related("user")
        )

    def get_context_data(self, **kwargs):
        help_request = self.object
        user = self.request.user
        thread, earlier, files = services.thread_page(
            help_request.messages.all(), self.request.GET.get("before"), request=help_request
        )
        if "reply_form" not in kwargs:  # a refused reply is drawn as it was posted
            seen = help_request.newest_message or 0
            kwargs["reply_form"] = ReplyForm(initial={"seen": seen})
        kwargs.setdefault("status_form", StatusForm(initial={"status": help_request.status}))
        experts = expert_choices()
        if user.is_coordinator:
            kwargs.setdefault(
                "assign_form",
                AssignForm(initial={"expert": help_request.assignee}, experts=experts),
            )
        kwargs.setdefault("consult_form", AssignForm(prefix="consult", experts=experts))
        now, zone = timezone.now(), viewer_zone(user)
        events = (
            list(
                help_request.events.order_by("-created_at").values_list(
                    "created_at", "kind", "actor__full_name"
                )[:50]
            )
            if user.is_coordinator
            else None
        )
        return super().get_context_data(
            help_request=help_request,
            thread=thread,
            thread_html=_thread_html(help_request, thread, zone),
            earlier=earlier,
            files=files,
            topics=help_request.topics.all(),
            consulted=help_request.consulted.select_related("user"),
            reasons=routing.describe(help_request.routing_reasons),
            events=events,
            history_html=_history_html(events, zone) if events else "",
            others=self.others_here(),
            is_coordinator=user.is_coordinator,
            now=now,
            zone=zone,
            zone_name=dates.zone_label(zone),
            deadlines=request_deadlines(help_request, now=now),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        # The viewer's presence is written when it is older than PRESENCE_REFRESH, not on
        # every view (a write and its transaction each time): others are warned for
        # PRESENCE_MINUTES after the last view all the same, to within PRESENCE_REFRESH.
        now = timezone.now()
        since = now - datetime.timedelta(minutes=PRESENCE_MINUTES)
        present = list(
            Presence.objects.filter(request=self.object, seen_at__gte=since).select_related("user")
        )
        self.others = [p for p in present if p.user_id != request.user.pk]
        mine = next((p for p in present if p.user_id == request.user.pk), None)
        if mine is None or mine.seen_at < now - PRESENCE_REFRESH:
            services.mark_present(request=self.object, user=request.user, now=now)
        services.record_view(request=self.object, by=request.user)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        help_request = self.object
        try:
            if action == "reply":
                form = ReplyForm(request.POST, request.FILES)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reply_form=form))
                data = form.cleaned_data
                newer = help_request.messages.filter(pk__gt=data.get("seen") or 0).exclude(
                    author=request.user
                )
                if newer.exists() and not data.get("confirm"):
                    messages.warning(
                        request,
                        _(
                            "Someone else wrote on this request while you were replying. Read "
                            "their message below, then send yours again (attach any files again)."
                        ),
                    )
                    form = ReplyForm(
                        initial={**data, "confirm": True, "files": None, "seen": data.get("seen")}
                    )
                    return self.render_to_response(self.get_context_data(reply_form=form))
                services.post_message(
                    request=help_request,
                    author=request.user,
                    body=data["body"],
                    internal=data["internal"],
                    files=data["files"],
                )
                messages.success(
                    request,
                    _("Internal note added.")
                    if data["internal"]
                    else _("Reply sent. The city has been told."),
                )
            elif action == "status":
                form = StatusForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose a status from the list."))
                services.set_status(
                    request=help_request, status=form.cleaned_data["status"], by=request.user
                )
                messages.success(request, _("Status changed."))
            elif action == "consult":
                form = AssignForm(request.POST, prefix="consult")
                if not form.is_valid():
                    raise ValidationError(_("Choose an expert."))
                services.consult(
                    request=help_request, expert=form.cleaned_data["expert"], by=request.user
                )
                messages.success(request, _("The expert can now read this request."))
            elif action in ("assign", "claim"):
                if not request.user.is_coordinator:
                    raise PermissionDenied
                form = AssignForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Choose an expert."))
                expert = form.cleaned_data["expert"]
                if action == "claim":
                    services.claim(request=help_request, expert=expert, by=request.user)
                else:
                    services.reassign(request=help_request, expert=expert, by=request.user)
                messages.success(request, _("Assigned."))
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        services.clear_presence(request=help_request, user=request.user)
        return redirect(request.path)


class RequestsReportView(SafeReportView):
    """The requests a person may see, exportable as CSV or XLSX: references, dates, status
    and people, never the summary, details or conversation."""

    page_title = gettext_lazy("Help-desk requests")
    header_icon = "help"
    paginate_by = 50
    results_template_name = "helpdesk/admin/report_results.html"
    index_url_name = "helpdesk_admin:report"
    index_results_url_name = "helpdesk_admin:report_results"
    list_export = [
        "reference",
        "created_at",
        "organisation",
        "urgency",
        "sensitivity",
        "status",
        "assignee",
        "first_response_at",
        "breached_at",
        "resolved_at",
        "rating",
    ]
    export_headings = {
        "reference": gettext_lazy("Reference"),
        "created_at": gettext_lazy("Filed (UTC)"),
        "organisation": gettext_lazy("Organisation"),
        "urgency": gettext_lazy("Urgency"),
        "sensitivity": gettext_lazy("Sensitivity"),
        "status": gettext_lazy("Status"),
        "assignee": gettext_lazy("Expert"),
        "first_response_at": gettext_lazy("First response"),
        "breached_at": gettext_lazy("Target missed"),
        "resolved_at": gettext_lazy("Resolved"),
        "rating": gettext_lazy("Rating"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not may_use(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "help-desk-requests"

    def get_base_queryset(self):
        return (
            HelpRequest.objects.visible_to(self.request.user)
            .select_related("organisation", "assignee__user")
            .order_by("-created_at", "-pk")
        )


class ResponseTargetViewSet(ModelViewSet):
    model = ResponseTarget
    icon = "time"
    menu_label = gettext_lazy("Response targets")
    add_to_admin_menu = False
    list_display = ["urgency", "first_response_minutes", "resolution_minutes", "business_hours"]
    form_fields = [
        "first_response_minutes",
        "resolution_minutes",
        "business_hours",
        "warning_minutes",
    ]
    copy_view_enabled = False


def admin_urls():
    return [
        path(
            "help-desk/",
            (
                [
                    path("", QueueView.as_view(), name="queue"),
                    path("results/", QueueView.as_view(results_only=True), name="queue_results"),
                    *metrics_urls(),
                    path("report/", RequestsReportView.as_view(), name="report"),
                    path(
                        "report/results/",
                        RequestsReportView.as_view(results_only=True),
                        name="report_results",
                    ),
                    path("<uuid:public_id>/", RequestView.as_view(), name="request"),
                ],
                "helpdesk_admin",
                "helpdesk_admin",
            ),
        )
    ]


class WorkspaceMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use(request.user)


def menu_items():
    return [
        WorkspaceMenuItem(
            gettext_lazy("Help desk"), reverse("helpdesk_admin:queue"), icon_name="help", order=280
        ),
        metrics_menu_item(),
    ]
