from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale
from wagtail.users.forms import UserCreationForm, UserEditForm

from .bilingual import reader_language
from .choices import JURISDICTIONS, TIME_ZONES, Language
from .models import Topic, User
from .profiles import update_profile


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing ids that no integer column can hold as not valid choices. Django
    passes them to the database, and SQLite raises OverflowError (a 500) on an id past
    2**63 instead of finding nothing."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if not (str(pk).isdigit() and len(str(pk)) <= 18):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class TopicsField(ModelMultipleChoiceField):
    """Topics as checkboxes, each named in the reader's language where translated, marked as
    English where not. Give it Topic.objects.named_in(): the values stay the default-language
    rows that requests and bookings point at."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, topic):
        name = topic.local_name
        if name.lang != reader_language():
            return format_html('<span lang="{}">{}</span>', name.lang, name)
        return name


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls signup() after saving)."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=TIME_ZONES, initial=settings.HUB_DEFAULT_TIME_ZONE
    )

    field_order = ["full_name", "email", "password1", "password2", "time_zone"]

    def signup(self, request, user):
        update_profile(
            user=user,
            full_name=self.cleaned_data["full_name"],
            language=(get_language() or Language.ENGLISH)[:2],
            time_zone=self.cleaned_data["time_zone"],
        )


class LanguageSelect(forms.Select):
    """A language picker naming each language in itself ("English", « Français »), as
    pickers do so that a person finds their own, with each option marked in its language."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value in Language.values:
            option["attrs"]["lang"] = value
        return option


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language", "time_zone"]
        widgets = {"language": LanguageSelect}
        labels = {
            "full_name": _("Full name"),
            "language": _("Preferred language"),
            "time_zone": _("Time zone"),
        }
        help_texts = {
            "language": _("Emails from the hub are written in this language."),
            "time_zone": _("Dates and times are shown in this time zone."),
        }


class ExpertProfileForm(WagtailAdminModelForm):
    """The admin form for experts: plain lists of codes shown as checkboxes."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    jurisdictions = forms.MultipleChoiceField(
        label=_("Jurisdictions"),
        choices=JURISDICTIONS,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Countries, provinces or states this expert can advise on."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" in self.fields:
            # Experts hold the default-language topics; translations follow translation_key.
            self.fields["topics"].queryset = Topic.objects.filter(locale=Locale.get_default())
            self.fields["topics"].widget = forms.CheckboxSelectMultiple()
            self.fields["topics"].widget.choices = self.fields["topics"].choices


class HubUserCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        fields = {"email", "full_name", "language", "time_zone", "is_superuser", "groups"}


class HubUserEditForm(UserEditForm):
    first_name = None
    last_name = None
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta(UserEditForm.Meta):
        fields = {
            "email",
            "full_name",
            "language",
            "time_zone",
            "is_active",
            "is_superuser",
            "groups",
        }


class EmailPreferencesForm(forms.Form):
    """Which kinds of bulk email a person gets (network.preferences); the others are
    always sent."""

    wanted = forms.MultipleChoiceField(
        label=_("Send me these emails"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Confirmations, changes to your bookings and registrations, password resets and "
            "news on your help-desk requests are always sent."
        ),
    )

    def __init__(self, *args, **kwargs):
        from .models import EmailPreference

        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [
            (kind.value, kind.label.capitalize()) for kind in EmailPreference.Kind
        ]
