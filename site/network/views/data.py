"""A person's own data on the site (what the hub holds, the download, closing the account),
and the same for coordinators in the admin, on a person's request."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import personal_data
from ..models import User


def _zip_response(user) -> HttpResponse:
    response = HttpResponse(personal_data.export(user), content_type="application/zip")
    filename = personal_data.export_filename(user)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- The person's own pages ---


@never_cache
@login_required
def your_data(request):
    """What the hub holds about the signed-in person, the download, and the way out."""
    return render(request, "account/your_data.html", {"certificates": _certificate_rule()})


@never_cache
@login_required
def data_download(request):
    """Everything the hub holds about the signed-in person, as a ZIP (data.json, README)."""
    return _zip_response(request.user)


class ClosePasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("To be sure it is you."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."))
        return password


@never_cache
@login_required
def close_account(request):
    """Confirm with the password, close the account, sign out."""
    form = ClosePasswordForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        language = request.user.language
        personal_data.close_account(user=request.user, by=request.user)
        logout(request)
        with translation.override(language):
            return redirect(reverse("network:account-closed"))
    return render(
        request,
        "account/close_account.html",
        {"form": form, "certificates": _certificate_rule()},
    )


def account_closed(request):
    """Said once the account is closed (the person is signed out by then)."""
    return render(request, "account/account_closed.html")


def _certificate_rule() -> str:
    from django.conf import settings

    return settings.HUB_CLOSED_ACCOUNT_CERTIFICATES


# --- Coordinators, on a person's request (Wagtail admin) ---


class StaffCloseForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=gettext_lazy(
            "For the history, e.g. “Asked by email on 3 March to be erased”. Do not repeat "
            "the person's name or address here."
        ),
    )


def _coordinator_only(request):
    if not request.user.is_coordinator:
        raise PermissionDenied


class PersonalDataSearchView(WagtailAdminTemplateMixin, TemplateView):
    """Coordinators find the person who asked (by address or name): their accounts are
    otherwise only in the superusers' Users admin."""

    template_name = "account/admin_personal_data_search.html"
    page_title = gettext_lazy("Personal data requests")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        _coordinator_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        people = User.objects.none()
        if len(query) >= 3:
            people = User.objects.filter(closed_at__isnull=True).filter(
                Q(email__icontains=query) | Q(full_name__icontains=query)
            )[:20]
        return super().get_context_data(**kwargs, query=query, people=people)


class PersonalDataAdminView(WagtailAdminTemplateMixin, FormView):
    """A person's data for a coordinator acting on their request: download it, or close
    the account, saying why (logged)."""

    form_class = StaffCloseForm
    template_name = "account/admin_personal_data.html"
    page_title = gettext_lazy("Personal data")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        _coordinator_only(request)
        self.person = get_object_or_404(User, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("personal_data_admin:search"), "label": _("Personal data requests")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            person=self.person,
            certificates=_certificate_rule(),
            download_url=reverse("personal_data_admin:download", args=[self.person.pk]),
            cancel_url=reverse("personal_data_admin:search"),
        )

    def form_valid(self, form):
        try:
            personal_data.close_account(
                user=self.person, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The account is closed."))
        return redirect("personal_data_admin:search")


@never_cache
@require_POST
def admin_download(request, pk):
    """A POST: the download is logged, and a GET writes nothing."""
    _coordinator_only(request)
    person = get_object_or_404(User, pk=pk)
    personal_data.record_export(user=person, by=request.user)
    return _zip_response(person)
