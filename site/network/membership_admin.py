"""Memberships, requests to join, verified domains and invitations in the Wagtail admin, for
coordinators. Every change goes through network.joining, so it is checked and logged the
same way as on the site (no change is saved by the admin's generic actions)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from . import joining
from .models import Invitation, JoinRequest, Membership, OrganisationDomain


class ServiceErrorsMixin:
    """A service's ValidationError shows on the form instead of a server error."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


# --- Memberships ---


class MembershipCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return joining.add_member(
            organisation=data["organisation"],
            user=data["user"],
            role=data["role"],
            by=self.request.user,
        )


class MembershipEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        changed = set(self.form.changed_data) - {"role"}
        if changed:
            raise ValidationError(
                _(
                    "A membership keeps its person and organisation: to move someone, delete "
                    "this membership and add a new one."
                )
            )
        original = Membership.objects.get(pk=self.object.pk)
        return joining.change_role(
            membership=original, role=self.form.cleaned_data["role"], by=self.request.user
        )


class MembershipDeleteView(generic.DeleteView):
    def delete_action(self):
        joining.remove(membership=self.object, by=self.request.user)


class MembershipIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Membership.objects.visible_to(self.request.user)


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Memberships")
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = MembershipIndexView
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_display = [
        Column("user", label=_("Person"), accessor="user"),
        Column("email", label=_("Email"), accessor="user.email"),
        "organisation",
        "role",
        DateColumn("created_at", label=_("Since"), sort_key="created_at"),
    ]
    list_filter = ["organisation", "role"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]
    ordering = ["organisation__name", "user__full_name"]
    panels = [FieldPanel("user"), FieldPanel("organisation"), FieldPanel("role")]


# --- Requests to join ---


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the person (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApproveForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


def _decision_buttons(view, instance) -> list[Button]:
    if instance.status != JoinRequest.Status.PENDING or not view.user_has_permission("change"):
        return []
    return [
        Button(
            _("Approve"),
            url=reverse("joinrequest:approve", args=[instance.pk]),
            icon_name="check",
            priority=30,
        ),
        Button(
            _("Decline"),
            url=reverse("joinrequest:decline", args=[instance.pk]),
            icon_name="cross",
            priority=31,
        ),
    ]


class JoinRequestIndexView(generic.IndexView):
    def get_base_queryset(self):
        return JoinRequest.objects.visible_to(self.request.user).select_related(
            "user", "organisation"
        )

    def get_list_more_buttons(self, instance):
        return [*super().get_list_more_buttons(instance), *_decision_buttons(self, instance)]


class JoinRequestInspectView(generic.InspectView):
    def get_header_more_buttons(self):
        return [*super().get_header_more_buttons(), *_decision_buttons(self, self.object)]


class DecisionView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Approve or decline one request (coordinators: change_joinrequest)."""

    model = JoinRequest
    permission_required = "change"
    template_name = "network/admin_decision.html"
    header_icon = "group"

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "submit_label": self.submit_label,
            "cancel_url": reverse("joinrequest:index"),
        }

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"person": self.object.user})
        return redirect("joinrequest:index")


class ApproveView(DecisionView):
    form_class = ApproveForm
    page_title = _("Approve request to join")
    submit_label = _("Approve")
    success_message = _("%(person)s is now a member. We have emailed them.")

    def perform(self, form):
        joining.approve(
            join_request=self.object, by=self.request.user, role=form.cleaned_data["role"]
        )


class DeclineView(DecisionView):
    form_class = DeclineForm
    page_title = _("Decline request to join")
    submit_label = _("Decline")
    success_message = _("The request of %(person)s is declined. We have emailed them.")

    def perform(self, form):
        joining.decline(
            join_request=self.object, by=self.request.user, note=form.cleaned_data["note"]
        )


class ReadOnlyHistoryView(generic.HistoryView):
    """Who asked, decided, invited or accepted: for whoever may read the rows here."""

    any_permission_required = ["add", "change", "delete", "view"]


class NoAdminWritesMixin:
    """A viewset of rows the site writes (requests to join, invitations, a city's interest,
    outgoing email): listed here, never added, edited or deleted here."""

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
        }


class ReadOnlyViewSetMixin(NoAdminWritesMixin):
    """Rows made on the site (requests to join, invitations): coordinators read them here,
    and links to one from elsewhere in the admin (an organisation's usage, the history)
    open its inspect view, since there is no edit view to open."""

    history_view_class = ReadOnlyHistoryView

    @property
    def url_finder_class(self):
        name = self.get_url_name("inspect")

        class InspectURLFinder(ModelAdminURLFinder):
            edit_url_name = name

            def get_edit_url(self, instance):
                return self.construct_edit_url(instance)

        return InspectURLFinder

    inspect_view_enabled = True
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            # Who asked, decided, invited or accepted, and when (network.joining logs it).
            path("history/<id:pk>/", self.history_view, name="history"),
            path("history-results/<id:pk>/", self.history_results_view, name="history_results"),
        ]


class JoinRequestViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = JoinRequest
    name = "joinrequest"
    icon = "user"
    menu_label = _("Requests to join")
    add_to_admin_menu = False
    index_view_class = JoinRequestIndexView
    inspect_view_class = JoinRequestInspectView
    list_display = [
        Column("user", label=_("Person"), accessor="user"),
        "organisation",
        "status",
        DateColumn("created_at", label=_("Asked"), sort_key="created_at"),
        DateColumn("decided_at", label=_("Decided"), sort_key="decided_at"),
    ]
    list_filter = ["status", "organisation"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "user",
        "organisation",
        "message",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
        "decision_note",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<id:pk>/", ApproveView.as_view(), name="approve"),
            path("decline/<id:pk>/", DeclineView.as_view(), name="decline"),
        ]


# --- Verified domains ---


class OrganisationDomainForm(WagtailAdminModelForm):
    def clean_domain(self):
        return joining.clean_domain(self.cleaned_data["domain"])


class DomainCreateView(ServiceErrorsMixin, generic.CreateView):
    def save_instance(self):
        return joining.verify_domain(
            organisation=self.form.cleaned_data["organisation"],
            domain=self.form.cleaned_data["domain"],
            by=self.request.user,
        )


class DomainDeleteView(generic.DeleteView):
    def delete_action(self):
        joining.remove_domain(domain=self.object, by=self.request.user)


class OrganisationDomainViewSet(ModelViewSet):
    model = OrganisationDomain
    icon = "mail"
    menu_label = _("Verified domains")
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = DomainCreateView
    delete_view_class = DomainDeleteView
    edit_handler = ObjectList(
        [FieldPanel("organisation"), FieldPanel("domain")], base_form_class=OrganisationDomainForm
    )
    list_display = [
        "domain",
        "organisation",
        "verified_by",
        DateColumn("verified_at", label=_("Verified"), sort_key="verified_at"),
    ]
    list_filter = ["organisation"]
    search_fields = ["domain", "organisation__name"]
    ordering = ["domain"]


# --- Invitations ---


class InvitationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Invitation.objects.visible_to(self.request.user)


class InvitationViewSet(ReadOnlyViewSetMixin, ModelViewSet):
    model = Invitation
    index_view_class = InvitationIndexView
    icon = "mail"
    menu_label = _("Invitations")
    add_to_admin_menu = False
    list_display = [
        "email",
        "organisation",
        "role",
        Column("invited_by", label=_("Invited by"), accessor="invited_by"),
        DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
        DateColumn("accepted_at", label=_("Accepted"), sort_key="accepted_at"),
        DateColumn("revoked_at", label=_("Withdrawn on"), sort_key="revoked_at"),
    ]
    list_filter = ["organisation", "role"]
    search_fields = ["email", "organisation__name"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "email",
        "organisation",
        "role",
        "invited_by",
        "created_at",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]


# In the admin's "Network" menu (network.viewsets.NetworkViewSetGroup).
VIEWSETS = (MembershipViewSet, JoinRequestViewSet, OrganisationDomainViewSet, InvitationViewSet)
