from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from network import attachments
from network.choices import REGIONS, Country, Language
from network.forms import LanguageSelect, TopicsField
from network.models import Organisation, Topic
from pages.drawn_tables import attrs_html

from .models import HelpRequest, Sensitivity, Urgency


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files, each checked by content (network.attachments)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > attachments.MAX_FILES:
            raise ValidationError(
                _("Attach at most %(count)s files at a time.") % {"count": attachments.MAX_FILES}
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append(attachments.check(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class DescribedRadioSelect(forms.RadioSelect):
    """Radios of which some are described by an element of the page: `{value: element id}`."""

    def __init__(self, *args, descriptions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions or {}

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.descriptions:
            option["attrs"]["aria-describedby"] = self.descriptions[str(value)]
        return option


class RequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("For"), empty_label=None
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        # new_request.html's guidance for someone in danger describes the "at risk" radio.
        widget=DescribedRadioSelect(descriptions={Urgency.AT_RISK: "emergency-guidance"}),
        error_messages={"required": _("Tell us how urgent it is.")},
    )
    summary = forms.CharField(
        label=_("In one sentence, what is happening?"),
        max_length=200,
        error_messages={"required": _("Write a one-sentence summary.")},
    )
    details = forms.CharField(
        label=_("Details"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happened, who is affected, what you have done so far, and what advice you need."
        ),
        error_messages={"required": _("Describe the situation so the expert can help.")},
    )
    topics = TopicsField(queryset=Topic.objects.none(), label=_("Topics"), required=False)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    region = forms.ChoiceField(
        label=_("Province or state"), required=False, choices=[("", "—"), *REGIONS]
    )
    language = forms.ChoiceField(
        label=_("Language for the conversation"), choices=Language.choices, widget=LanguageSelect
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"),
        choices=Sensitivity.choices,
        widget=forms.RadioSelect,
        initial=Sensitivity.STANDARD,
        help_text=_(
            "Standard: your organisation's members see it too. Restricted: only you, "
            "your organisation's leads, the experts on it and the hub's coordinators."
        ),
    )
    files = FilesField(
        label=_("Attachments"),
        help_text=_(
            "PDF, PNG, JPEG, Word (.docx) or plain text; up to 10 MB each, 5 at a time. "
            "Location data is removed from photos."
        ),
    )

    def __init__(self, *args, organisations, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["topics"].queryset = topics

    def clean(self):
        data = super().clean()
        region, country = data.get("region"), data.get("country")
        if region and country and not region.startswith(f"{country}-"):
            self.add_error("region", _("This province or state is not in the country you chose."))
        return data


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = FilesField(label=_("Attachments"))

    def clean(self):
        data = super().clean()
        if not (data.get("body") or "").strip() and not data.get("files"):
            raise ValidationError(_("Write a message or attach a file."))
        return data


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(coerce=int, choices=HelpRequest.Rating.choices)


class QuickSelect(forms.Select):
    """Django's select, the same markup as its templates (select.html, select_option.html,
    attrs.html) written in Python: two templates for each option cost more than the rest of
    the admin's request page around its forty experts."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), attrs_html(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    str(option["value"]),
                    mark_safe(attrs_html(option["attrs"])),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # a renderer strips what its template ends with
        return mark_safe("".join(parts))
