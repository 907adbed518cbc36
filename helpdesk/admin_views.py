"""The experts' and coordinators' help-desk workspace in the Wagtail admin: the queue, the
request page (thread, reply, internal note, status, claim, reassign); the metrics are in
helpdesk.metrics.

Every request is reached through `HelpRequest.objects.visible_to(user)`: an expert sees
what is assigned to them or what they were consulted on; coordinators see everything.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from network.choices import REGIONS
from network.models import ExpertProfile, Topic
from pages.reports import SafeReportView

from . import routing, services
from .forms import FilesField
from .metrics import metrics_menu_item, metrics_urls
from .models import HelpRequest, Presence, ResponseTarget, Urgency

Status = HelpRequest.Status
PRESENCE_MINUTES = 10


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


class QueueFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("mine", gettext_lazy("My queue")),
            ("open", gettext_lazy("All open requests")),
            ("unassigned", gettext_lazy("Coordinators' queue (unassigned)")),
            ("all", gettext_lazy("Everything")),
        ],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *Status.choices],
    )
    urgency = forms.ChoiceField(
        label=gettext_lazy("Urgency"),
        required=False,
        choices=[("", gettext_lazy("Any urgency")), *Urgency.choices],
    )
    topic = forms.ModelChoiceField(
        label=gettext_lazy("Topic"),
        required=False,
        queryset=Topic.objects.none(),
        empty_label=gettext_lazy("Any topic"),
    )
    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[
            ("", gettext_lazy("Any region")),
            ("CA", gettext_lazy("Canada")),
            ("US", gettext_lazy("United States")),
            *REGIONS,
        ],
    )
    late = forms.BooleanField(label=gettext_lazy("Late only"), required=False)

    def __init__(self, *args, coordinator: bool, **kwargs):
        from wagtail.models import Locale

        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(locale=Locale.get_default())
        if not coordinator:
            self.fields["view"].choices = self.fields["view"].choices[:1] + [
                ("all", _("Everything"))
            ]


class QueueView(WorkspaceView):
    template_name = "helpdesk/admin/queue.html"
    page_title = gettext_lazy("Help desk")

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = QueueFilterForm(self.request.GET or None, coordinator=user.is_coordinator)
        chosen = form.cleaned_data if form.is_valid() else {}
        view = chosen.get("view") or ("open" if user.is_coordinator else "mine")
        requests = HelpRequest.objects.visible_to(user)
        if view == "mine":
            consulted = HelpRequest.consulted.through.objects.filter(
                expertprofile__user=user
            ).values("helprequest_id")
            requests = requests.open().filter(Q(assignee__user=user) | Q(pk__in=consulted))
        elif view == "open":
            requests = requests.open()
        elif view == "unassigned":
            requests = requests.open().filter(assignee__isnull=True)
        if chosen.get("status"):
            requests = requests.filter(status=chosen["status"])
        if chosen.get("urgency"):
            requests = requests.filter(urgency=chosen["urgency"])
        if chosen.get("topic"):
            requests = requests.filter(topics=chosen["topic"])
        region = chosen.get("region")
        if region:
            requests = (
                requests.filter(country=region)
                if len(region) == 2
                else requests.filter(region=region)
            )
        if chosen.get("late"):
            requests = requests.filter(breached_at__isnull=False)
        requests = (
            requests.select_related("organisation", "assignee__user")
            .annotate(replies=Count("messages", filter=Q(messages__internal=False)))
            .order_by("-created_at", "-pk")
        )
        page = Paginator(requests, 50).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            form=form, page=page, view=view, now=timezone.now(), query=query.urlencode(), **kwargs
        )


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
        choices=[
            (s, label)
            for s, label in Status.choices
            if s in (Status.IN_PROGRESS, Status.WAITING, Status.RESOLVED, Status.CLOSED)
        ],
    )


class AssignForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=gettext_lazy("Expert"), queryset=ExpertProfile.objects.active().select_related("user")
    )


class RequestView(WorkspaceView):
    template_name = "helpdesk/admin/request.html"
    page_title = gettext_lazy("Help-desk request")

    def dispatch(self, request, *args, **kwargs):
        if not may_use(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(
            HelpRequest.objects.visible_to(request.user).select_related(
                "organisation", "requester", "assignee__user"
            ),
            public_id=kwargs["public_id"],
        )
        if not services.is_expert_side(request.user, self.object):
            raise Http404  # an expert who is also a member of the city: the city's page
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.reference

    def others_here(self):
        since = timezone.now() - datetime.timedelta(minutes=PRESENCE_MINUTES)
        return (
            Presence.objects.filter(request=self.object, seen_at__gte=since)
            .exclude(user=self.request.user)
            .select_related("user")
        )

    def get_context_data(self, **kwargs):
        help_request = self.object
        user = self.request.user
        thread, earlier = services.thread_page(
            help_request.messages.all(), self.request.GET.get("before")
        )
        last = help_request.messages.order_by("-pk").values_list("pk", flat=True).first() or 0
        kwargs.setdefault("reply_form", ReplyForm(initial={"seen": last}))
        kwargs.setdefault("status_form", StatusForm(initial={"status": help_request.status}))
        if user.is_coordinator:
            kwargs.setdefault("assign_form", AssignForm(initial={"expert": help_request.assignee}))
        kwargs.setdefault("consult_form", AssignForm(prefix="consult"))
        return super().get_context_data(
            help_request=help_request,
            thread=thread,
            earlier=earlier,
            files=help_request.attachments.filter(message__isnull=True),
            topics=help_request.topics.all(),
            consulted=help_request.consulted.select_related("user"),
            reasons=routing.describe(help_request.routing_reasons),
            events=help_request.events.select_related("actor").order_by("-created_at")[:50]
            if user.is_coordinator
            else None,
            others=self.others_here(),
            is_coordinator=user.is_coordinator,
            now=timezone.now(),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        services.mark_present(request=self.object, user=request.user)
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
