"""The office-hours forms: the slot picker's filters, booking, rescheduling, cancelling."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.choices import TIME_ZONES, Language
from network.forms import LanguageSelect


class SlotFilterForm(forms.Form):
    """Narrow the open slots: by topic, language, expert; shown in a chosen time zone."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=LanguageSelect)
    expert = forms.ChoiceField(label=_("Expert"), required=False)
    zone = forms.ChoiceField(label=_("Show times in"), required=False)
    week = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, topics=(), experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic")), *topics]
        self.fields["language"].choices = [("", _("Any language")), *Language.choices]
        self.fields["expert"].choices = [("", _("Any expert")), *experts]
        self.fields["zone"].choices = list(TIME_ZONES)


class BookingForm(forms.Form):
    """What the organisation wants to talk about; the slot travels in `slot`."""

    slot = forms.CharField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=_("Booking for"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your organisations.")},
    )
    topic = forms.ModelChoiceField(
        queryset=None, label=_("Topic"), required=False, empty_label=_("Another topic")
    )
    questions = forms.CharField(
        label=_("Your questions"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What is happening and what you would like advice on. The expert, the "
            "hub's coordinators and your organisation's members read this."
        ),
        error_messages={"required": _("Tell the expert what you would like to discuss.")},
    )
    language = forms.ChoiceField(label=_("Preferred language for the call"), widget=LanguageSelect)

    def __init__(self, *args, organisations, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["topic"].queryset = topics
        self.fields["language"].choices = Language.choices
        if not self.is_bound:
            self.fields["language"].initial = get_language()[:2]


class RescheduleForm(forms.Form):
    slot = forms.CharField(
        label=_("New time"),
        error_messages={"required": _("Choose the new time for your booking.")},
    )


class BookingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AtRiskCallForm(forms.Form):
    """One of the expert's soonest free moments (notice waived), and the call's language."""

    slot = forms.ChoiceField(
        label=_("When"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the time of the call."),
            "invalid_choice": _("That time is no longer free. Choose one of the times shown."),
        },
    )
    language = forms.ChoiceField(label=_("Preferred language for the call"), widget=LanguageSelect)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = list(slots)
        self.fields["language"].choices = Language.choices
