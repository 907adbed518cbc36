"""Forms of the site's pages for joining an organisation and managing its people."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Organisation name"),
        max_length=100,
        required=False,
        help_text=_("Part of the name is enough, e.g. “Edmonton”."),
    )


class AskToJoinForm(forms.Form):
    message = forms.CharField(
        label=_("Message to its leads (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your role or department helps them recognise you."),
    )


class ApproveForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class DeclineForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the person (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent in the email that tells them the request was declined."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "We send an invitation with a link; they accept it signed in with this address."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
