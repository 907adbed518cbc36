"""Cancelling a session in the admin: the page's "Cancel this session" action (its header
menu and the explorer's row menu), a confirmation with an optional message to registrants;
and deleting a session people registered for, which is refused with the way forward
(registrations and attendance are kept for the records)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button

from .models import Registration, WebinarPage
from .registration import cancel_session

Status = Registration.Status


def cancellable(session: WebinarPage, user) -> bool:
    """Whether `user` may cancel this session now: one still to come, not cancelled yet,
    by someone who may publish it."""
    return (
        session.state() == WebinarPage.State.UPCOMING
        and not session.cancelled_at
        and session.permissions_for_user(user).can_publish()
    )


class CancelSessionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to registrants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
        help_text=_(
            "Added, as you write it, to the email each registrant receives in their own "
            "language: say why, or where to go instead. Write it in English and French if "
            "your registrants need both."
        ),
    )


class CancelSessionView(WagtailAdminTemplateMixin, FormView):
    """What cancelling does and who is told (GET); the POST cancels the session."""

    template_name = "webinars/admin/cancel_session.html"
    form_class = CancelSessionForm
    page_title = _("Cancel this session")
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        page = get_object_or_404(WebinarPage, pk=kwargs["page_id"])
        self.session = page.registration_page  # registrations belong to the original
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.session.pk])
        if not self.session.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        if not cancellable(self.session, request.user):
            messages.warning(
                request,
                _("This session is already cancelled.")
                if self.session.cancelled_at
                else _(
                    "This session has already started or taken place: it can no longer "
                    "be cancelled."
                ),
            )
            return redirect(self.edit_url)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.session.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.edit_url, "label": self.session.get_admin_display_title()},
            {"url": "", "label": self.get_page_title()},
        ]

    def counts(self) -> dict | None:
        """Who will be told, for people who may see registrations (coordinators); None for
        the others, who are told that everyone registered hears, without figures."""
        if not self.request.user.is_coordinator:
            return None
        return (
            Registration.objects.visible_to(self.request.user)
            .filter(session=self.session)
            .aggregate(
                seats=Count("pk", filter=Q(status=Status.REGISTERED)),
                waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
                pending=Count("pk", filter=Q(status=Status.PENDING)),
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session,
            counts=self.counts(),
            edit_url=self.edit_url,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            cancel_session(
                session=self.session, by=self.request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "“%(title)s” is cancelled. Everyone registered is being emailed, in their own "
                "language, with a calendar cancellation; its page says it is cancelled."
            )
            % {"title": self.session.get_admin_display_title()},
        )
        return redirect(self.edit_url)


def admin_urls():
    return [
        path(
            "webinars/sessions/<int:page_id>/cancel/",
            CancelSessionView.as_view(),
            name="webinar_session_cancel",
        )
    ]


def cancel_button(page, user, priority: int):
    """The "Cancel this session" entry of a session's menus, when it may be cancelled."""
    if not isinstance(page, WebinarPage):
        if not issubclass(page.specific_class or object, WebinarPage):
            return
        page = page.specific
    if page.cancelled_at or page.state() != WebinarPage.State.UPCOMING:
        return  # the cheap answers first: the explorer asks for each of its rows
    session = page.registration_page
    if cancellable(session, user):
        yield Button(
            _("Cancel this session"),
            reverse("webinar_session_cancel", args=[session.pk]),
            icon_name="calendar-alt",
            attrs={"aria-label": _("Cancel this session and tell its registrants")},
            priority=priority,
        )


def refuse_deleting_registered(request, page):
    """Deleting a session people registered for (or a series or index holding one) would
    lose their registrations and attendance, which the database keeps: the editor is sent
    to cancel it (when it is still to come) or told to unpublish it instead."""
    registered = WebinarPage.objects.descendant_of(page, inclusive=True).filter(
        registrations__isnull=False
    )
    if not registered.exists():
        return None
    if (
        isinstance(page, WebinarPage)
        and cancellable(page, request.user)
        and page.registrations.active().exists()
    ):
        messages.warning(
            request,
            _(
                "People are registered for this session. Cancel it here so that each of "
                "them is told; you can then unpublish it. Sessions that had registrations "
                "are kept for the records, so it cannot be deleted."
            ),
        )
        return redirect("webinar_session_cancel", page.pk)
    messages.error(
        request,
        _(
            "“%(title)s” cannot be deleted: people registered for it or for a session in it, "
            "and their registrations and attendance are kept for the records. Unpublish it "
            "to take it off the site."
        )
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
