"""Coordinators' cohort actions in the Wagtail admin: decide applications in bulk, and
invite people by pasting their addresses. Both hang off the cohort listing (CohortViewSet)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from network.forms import ModelMultipleChoiceField

from . import services
from .models import Cohort, Enrolment

MAX_INVITATIONS = 500


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        return Cohort.objects.visible_to(self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.is_coordinator:
            if instance.enrolment_mode == Cohort.Mode.APPLICATION:
                buttons.append(
                    MenuItem(
                        _("Applications"),
                        url=reverse("cohort:applications", args=[instance.pk]),
                        icon_name="tasks",
                        priority=5,
                    )
                )
            if instance.enrolment_mode == Cohort.Mode.INVITATION:
                buttons.append(
                    MenuItem(
                        _("Invite"),
                        url=reverse("cohort:invite", args=[instance.pk]),
                        icon_name="mail",
                        priority=5,
                    )
                )
        return buttons


class CohortEditView(EditView):
    def save_instance(self):
        """A raised capacity goes to the people waiting at once (Cohort.clean refuses a
        capacity below the seats taken)."""
        instance = super().save_instance()
        services.fill_free_seats(cohort=instance, by=self.request.user)
        return instance


class EnrolmentIndexView(IndexView):
    def get_base_queryset(self):
        return Enrolment.objects.visible_to(self.request.user)


class CohortActionView(WagtailAdminTemplateMixin, FormView):
    """A coordinators-only page about one cohort."""

    header_icon = "group"
    mode = None  # the enrolment mode the page is for

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.is_coordinator:
            raise PermissionDenied
        self.cohort = get_object_or_404(
            Cohort.objects.visible_to(request.user).select_related("course"),
            pk=kwargs["pk"],
            enrolment_mode=self.mode,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.cohort)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("cohort:index"), "label": _("Cohorts")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(cohort=self.cohort, **kwargs)

    def url(self, name):
        return reverse(f"cohort:{name}", args=[self.cohort.pk])


class DecisionForm(forms.Form):
    applications = ModelMultipleChoiceField(
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Applications"),
        error_messages={"required": gettext_lazy("Select at least one application.")},
    )
    decision = forms.ChoiceField(
        choices=[("approve", gettext_lazy("Approve")), ("decline", gettext_lazy("Decline"))]
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = cohort.enrolments.filter(
            status=Enrolment.Status.APPLIED
        )


class ApplicationsView(CohortActionView):
    """Every pending application of a cohort, oldest first, approved or declined in bulk."""

    template_name = "academy/admin/applications.html"
    form_class = DecisionForm
    page_title = gettext_lazy("Applications")
    mode = Cohort.Mode.APPLICATION

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def get_context_data(self, **kwargs):
        pending = (
            self.cohort.enrolments.filter(status=Enrolment.Status.APPLIED)
            .select_related("user")
            .prefetch_related("user__memberships__organisation")
            .order_by("created_at", "pk")
        )
        counts = {
            status: self.cohort.enrolments.filter(status=status).count()
            for status in (Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED)
        }
        form = kwargs.get("form")
        selected = [str(value) for value in form["applications"].value() or []] if form else []
        return super().get_context_data(
            pending=pending,
            selected=selected,
            seats_left=max(self.cohort.capacity - counts[Enrolment.Status.ENROLLED], 0),
            waitlisted=counts[Enrolment.Status.WAITLISTED],
            **kwargs,
        )

    def form_valid(self, form):
        counts = services.decide(
            cohort=self.cohort,
            enrolment_ids=[enrolment.pk for enrolment in form.cleaned_data["applications"]],
            approve=form.cleaned_data["decision"] == "approve",
            by=self.request.user,
        )
        messages.success(
            self.request,
            _("Enrolled: %(enrolled)s. Waitlisted: %(waitlisted)s. Declined: %(declined)s.")
            % counts,
        )
        return redirect(self.url("applications"))


def split_addresses(text: str) -> list[str]:
    """Addresses pasted one per line or separated by commas, semicolons or spaces."""
    for separator in ",;\t\r":
        text = text.replace(separator, "\n")
    return [part.strip() for line in text.split("\n") for part in line.split(" ") if part.strip()]


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Email addresses"),
        help_text=gettext_lazy(
            "Paste the addresses, one per line or separated by commas. Each person receives "
            "a personal link in their language."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def clean_emails(self):
        addresses = split_addresses(self.cleaned_data["emails"])
        invalid = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                invalid.append(address)
        if invalid:
            raise ValidationError(
                _("These are not email addresses: %(list)s. Nothing was sent; correct them.")
                % {"list": ", ".join(invalid[:20])}
            )
        if len(addresses) > MAX_INVITATIONS:
            raise ValidationError(
                _("At most %(count)s addresses at a time.") % {"count": MAX_INVITATIONS}
            )
        return addresses


class InviteView(CohortActionView):
    template_name = "academy/admin/invite.html"
    form_class = InviteForm
    page_title = gettext_lazy("Invitations")
    mode = Cohort.Mode.INVITATION

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitations=self.cohort.invitations.select_related("accepted_by").order_by("email"),
            **kwargs,
        )

    def form_valid(self, form):
        invited, skipped = services.invite(
            cohort=self.cohort, emails=form.cleaned_data["emails"], by=self.request.user
        )
        messages.success(
            self.request,
            _("Invitations sent: %(sent)s. Already invited: %(skipped)s.")
            % {"sent": len(invited), "skipped": len(skipped)},
        )
        return redirect(self.url("invite"))
