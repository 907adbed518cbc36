from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.forms import LanguageSelect

from .models import Registration


class RegistrationForm(forms.ModelForm):
    """Who is coming: guests fill everything; signed-in people find it filled in."""

    class Meta:
        model = Registration
        fields = [
            "full_name",
            "email",
            "organisation",
            "role",
            "region",
            "language",
            "accessibility_needs",
            "consent",
        ]
        widgets = {
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "language": LanguageSelect,
        }
        help_texts = {
            "accessibility_needs": _(
                "Captions, interpretation, a screen reader, ... We will do our best."
            ),
            "region": _("For example: Edmonton, Alberta."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = True
        self.fields["consent"].label = _(
            "I agree that the hub keeps these details to run this session and write to me "
            "about it (reminders, changes, the recording)."
        )
        self.fields["consent"].error_messages["required"] = _(
            "We need your consent to register you."
        )
        if user is not None and user.is_authenticated:
            self.fields["email"].disabled = True
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("full_name", user.full_name)
            self.initial.setdefault("language", user.language)
            membership = user.memberships.select_related("organisation").first()
            if membership:
                self.initial.setdefault("organisation", membership.organisation.name)
        else:
            self.initial.setdefault("language", (get_language() or "en")[:2])

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())  # no line breaks in headers
        if not name:
            raise forms.ValidationError(_("Tell us your name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


# --- Office hours ---


class SlotFilterForm(forms.Form):
    """Narrow the open slots: by topic, language, expert; shown in a chosen time zone."""

    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, widget=LanguageSelect)
    expert = forms.ChoiceField(label=_("Expert"), required=False)
    zone = forms.ChoiceField(label=_("Show times in"), required=False)
    week = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, topics=(), experts=(), **kwargs):
        from network.choices import TIME_ZONES, Language

        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("Any topic")), *topics]
        self.fields["language"].choices = [("", _("Any language")), *Language.choices]
        self.fields["expert"].choices = [("", _("Any expert")), *experts]
        self.fields["zone"].choices = list(TIME_ZONES)


class BookingForm(forms.Form):
    """What the organisation wants to talk about; the slot travels in `slot`."""

    slot = forms.CharField(widget=forms.HiddenInput)
    organisation = forms.ModelChoiceField(
        queryset=None, label=_("Booking for"), empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your organisations.")},
    )  # fmt: skip
    topic = forms.ModelChoiceField(
        queryset=None, label=_("Topic"), required=False, empty_label=_("Another topic")
    )
    questions = forms.CharField(
        label=_("Your questions"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is happening and what you would like advice on. The expert, the "
                    "hub's coordinators and your organisation's members read this."),
        error_messages={"required": _("Tell the expert what you would like to discuss.")},
    )  # fmt: skip
    language = forms.ChoiceField(label=_("Preferred language for the call"), widget=LanguageSelect)

    def __init__(self, *args, organisations, topics, **kwargs):
        from network.choices import Language

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
        label=_("Reason (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
