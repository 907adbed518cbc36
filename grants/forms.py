"""The applicant's own forms: the eligibility check (with the project's title and the
organisation applying), the applicant profile, withdrawing. The answers form itself is
built from the call's blocks by grants.engine."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ApplicantProfile

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class EligibilityForm(forms.Form):
    """The call's yes-or-no questions (in the reader's language), then what to apply with."""

    title = forms.CharField(
        label=_("Project title"),
        max_length=200,
        help_text=_("A short name for the project. You can change it later."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation applying"),
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, call, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_names = []
        questions = {}
        for index, child in enumerate(call.eligibility_questions or []):
            name = f"question_{index}"
            self.question_names.append(name)
            questions[name] = forms.ChoiceField(
                label=child.value["question"],
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this question with yes or no.")},
            )
        # The questions first, then the title and the organisation.
        self.fields = {**questions, **self.fields}
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(name, "") for name in self.question_names]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = ApplicantProfile
        fields = [
            "legal_name",
            "registration_number",
            "uei",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "finance_contact",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def clean_uei(self):
        return (self.cleaned_data.get("uei") or "").strip().upper()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the hub’s coordinators read this."),
    )
