"""Certificates in the Wagtail admin: coordinators list, search, inspect and revoke them.

Certificates are issued by the course, never typed in: the viewset has no add, edit or
delete views. Revoking (with a reason) and reinstating are the only changes, each logged in
the certificate's history.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.log_actions import LogFormatter

from . import certificates
from .models import Certificate


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it revoked?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept with the certificate's history; the public page shows only the date."),
    )


def _status_button(view, instance) -> Button | None:
    """Revoke a valid certificate, reinstate a revoked one: for those who may change them."""
    if not view.user_has_permission("change"):
        return None
    if instance.is_valid:
        url = reverse(view.revoke_url_name, args=[instance.pk])
        return Button(_("Revoke"), url=url, icon_name="cross", priority=30)
    url = reverse(view.reinstate_url_name, args=[instance.pk])
    return Button(_("Reinstate"), url=url, icon_name="rotate", priority=30)


class CertificateIndexView(generic.IndexView):
    revoke_url_name = None
    reinstate_url_name = None

    def get_base_queryset(self):
        return Certificate.objects.visible_to(self.request.user).select_related("course", "user")

    def search_queryset(self, queryset):
        # A code pasted in any form (lower case, spaces, no dashes) still finds its certificate.
        code = certificates.normalise_code(self.search_query) if self.is_searching else None
        found = super().search_queryset(queryset)
        return (found | queryset.filter(code=code)).distinct() if code else found

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if button := _status_button(self, instance):
            buttons.append(button)
        return buttons


class CertificateInspectView(generic.InspectView):
    revoke_url_name = None
    reinstate_url_name = None
    history_url_name = None

    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if button := _status_button(self, self.object):
            buttons.append(button)
        if self.user_has_permission("change"):
            url = reverse(self.history_url_name, args=[self.object.pk])
            buttons.append(Button(_("History"), url=url, icon_name="history", priority=40))
        return buttons


class CertificateHistoryView(history.HistoryView):
    """The history of a certificate links back to its inspect view (there is no edit view)."""

    inspect_url_name = None

    def get_edit_url(self, instance):
        return reverse(self.inspect_url_name, args=[instance.pk])

    @cached_property
    def header_buttons(self):
        url = self.get_edit_url(self.object)
        return [HeaderButton(label=_("Inspect"), url=url, icon_name="info-circle")]


class CertificateActionView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView
):
    """Confirm a change of a certificate's status; only people who may change certificates."""

    model = Certificate
    permission_required = "change"
    template_name = "academy/certificates/admin_action.html"
    header_icon = "success"
    index_url_name = None
    inspect_url_name = None

    def get_page_subtitle(self):
        return f"{self.object.learner_name} · {self.object.code}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Certificate._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            course_title=self.object.course.title,
            cancel_url=reverse(self.inspect_url_name, args=[self.object.pk]),
            submit_label=self.submit_label,
            explanation=self.explanation,
        )
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message % {"code": self.object.code})
        return redirect(self.index_url_name)


class RevokeView(CertificateActionView):
    form_class = RevokeForm
    page_title = _("Revoke certificate")
    submit_label = _("Revoke the certificate")
    explanation = _(
        "The certificate's public page will say it was revoked, and from which date; "
        "its PDF will be stamped as revoked. You can reinstate it later."
    )
    success_message = _("Certificate %(code)s revoked.")

    def perform(self, form):
        certificates.revoke(
            certificate=self.object, reason=form.cleaned_data["reason"], by=self.request.user
        )


class ReinstateView(CertificateActionView):
    form_class = forms.Form
    page_title = _("Reinstate certificate")
    submit_label = _("Reinstate the certificate")
    explanation = _("The certificate becomes valid again; its history keeps the revocation.")
    success_message = _("Certificate %(code)s reinstated.")

    def perform(self, form):
        certificates.reinstate(certificate=self.object, by=self.request.user)


class CertificateURLFinder(ModelAdminURLFinder):
    """Links to a certificate from the admin (history, logs) open its inspect view."""

    edit_url_name = "certificate:inspect"

    def get_edit_url(self, instance):
        return self.construct_edit_url(instance)


class CertificateViewSet(ModelViewSet):
    model = Certificate
    name = "certificate"
    icon = "success"
    menu_label = _("Certificates")
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    history_view_class = CertificateHistoryView
    url_finder_class = CertificateURLFinder
    list_display = [
        "learner_name",
        Column("user", label=_("Learner"), accessor="user.email"),
        "course",
        "code",
        DateColumn("issued_at", label=_("Issued"), sort_key="issued_at"),
        DateColumn("revoked_at", label=_("Revoked"), sort_key="revoked_at"),
    ]
    list_filter = ["cohort"]
    search_fields = ["code", "learner_name", "user__email"]
    inspect_view_fields = [
        "learner_name",
        "user",
        "course",
        "cohort",
        "hours",
        "code",
        "issued_at",
        "revoked_at",
        "revoked_reason",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit or delete views: nothing may link to them.
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
            "revoke_url_name": self.get_url_name("revoke"),
            "reinstate_url_name": self.get_url_name("reinstate"),
        }

    @property
    def revoke_view(self):
        return self.construct_view(RevokeView, inspect_url_name=self.get_url_name("inspect"))

    @property
    def reinstate_view(self):
        return self.construct_view(ReinstateView, inspect_url_name=self.get_url_name("inspect"))

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<id:pk>/", self.inspect_view, name="inspect"),
            path("history/<id:pk>/", self.history_view, name="history"),
            path("history-results/<id:pk>/", self.history_results_view, name="history_results"),
            path("revoke/<id:pk>/", self.revoke_view, name="revoke"),
            path("reinstate/<id:pk>/", self.reinstate_view, name="reinstate"),
        ]


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    class ReasonFormatter(LogFormatter):
        def format_comment(self, log_entry):
            return log_entry.data.get("reason", "")

    actions.register_action("academy.certificate.issue", _("Issue certificate"), _("Issued"))

    @actions.register_action("academy.certificate.revoke")
    class RevokeFormatter(ReasonFormatter):
        label = _("Revoke certificate")
        message = _("Revoked")

    actions.register_action(
        "academy.certificate.reinstate", _("Reinstate certificate"), _("Reinstated")
    )
