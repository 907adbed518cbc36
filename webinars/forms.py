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
