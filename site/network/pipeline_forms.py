"""The public "join the network" form and the admin's "move to stage" form."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from .choices import PROVINCES, STATES, Country
from .models import InterestExpression, Organisation

WHY_NOW_LIMIT = 3000

# Grouped by country, so that a person finds theirs under their country's name.
REGION_CHOICES = [
    ("", "—"),
    (_("Canada"), [(f"CA-{code}", name) for code, name in PROVINCES]),
    (_("United States"), [(f"US-{code}", name) for code, name in STATES]),
]


class InterestForm(forms.Form):
    """A city (or other local government) would like to join: who, where, who to talk to,
    and why now."""

    organisation_name = forms.CharField(
        label=_("Name of your city or local government"),
        max_length=200,
        help_text=_("A city, town, county or regional government, e.g. “City of Kelowna”."),
        error_messages={"required": _("Give the name of your city or local government.")},
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[("", "—"), *Country.choices],
        error_messages={"required": _("Choose the country.")},
    )
    region = forms.ChoiceField(
        label=_("Province or state"),
        choices=REGION_CHOICES,
        error_messages={"required": _("Choose the province or state.")},
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Your city's or local government's website, if it has one."),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("The hub's contact person for your city: we write to you."),
        error_messages={"required": _("Give your name.")},
    )
    contact_role = forms.CharField(
        label=_("Your role"),
        max_length=200,
        help_text=_("E.g. “Chief of staff, Office of the Mayor”."),
        error_messages={"required": _("Give your role in your administration.")},
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Preferably your work address."),
        error_messages={
            "required": _("Give your email address, so that we can answer you."),
            "invalid": _("Enter an email address such as name@city.gov."),
        },
    )
    contact_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    why_now = forms.CharField(
        label=_("Why now?"),
        max_length=WHY_NOW_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What your city is working on or worried about, and who supports joining "
            "(the mayor, council or chief administrative officer). Up to 3,000 "
            "characters."
        ),
        error_messages={"required": _("Tell us briefly why your city would like to join now.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, autocomplete in [
            ("organisation_name", "organization"),
            ("website", "url"),
            ("contact_name", "name"),
            ("contact_role", "organization-title"),
            ("contact_email", "email"),
        ]:
            self.fields[name].widget.attrs["autocomplete"] = autocomplete

    def clean(self):
        data = super().clean()
        region, country = data.get("region"), data.get("country")
        if region and country and not region.startswith(f"{country}-"):
            self.add_error("region", _("This province or state is not in the country you chose."))
        return data


# The service names some fields as the models do; the form's names for them.
FIELD_FOR = {"name": "organisation_name", "slug": "organisation_name"}
FIELD_FOR |= {field.name: field.name for field in InterestExpression._meta.fields}
FIELD_FOR |= {"country": "country", "region": "region", "website": "website"}


class MoveToStageForm(forms.Form):
    """Where the city stands now, since when, and what happened."""

    stage = forms.ChoiceField(
        label=_("New stage"), choices=[("", "—"), *Organisation.Stage.choices]
    )
    on = forms.DateField(
        label=_("Date"),
        widget=AdminDateInput,
        help_text=_(
            "When it happened: the conversation, the commitment, the confirmation "
            "in writing. Not in the future."
        ),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What happened, for the coordinators who come after you. Kept in the "
            "organisation's pipeline and history."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("on", timezone.localdate())
        kwargs["initial"].setdefault("stage", next_stage(organisation.stage))
        super().__init__(*args, **kwargs)

    def clean_on(self) -> datetime.date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return on


def next_stage(stage: str) -> str:
    """The stage after this one (the first for an organisation not in the pipeline; none
    after member: a member moves only when it leaves)."""
    stages = Organisation.Stage.values
    if stage not in stages:
        return stages[0]
    following = stages[stages.index(stage) + 1 :]
    return following[0] if following else ""
