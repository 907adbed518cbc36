"""allauth's account forms in the site's own words (settings.ACCOUNT_FORMS): sentence-case
labels, an error that says what to do, and no placeholder repeating the label. Kept apart
from network.forms, which allauth's sign-up form itself builds on (ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django.utils.translation import gettext_lazy as _


class SiteWords:
    """`labels`, `required` ({field: message}) and `help_texts` replace allauth's; placeholders
    go, since every field has a visible label and a placeholder vanishes as one types."""

    labels: dict = {}
    required: dict = {}
    help_texts: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.required:
                field.error_messages["required"] = self.required[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]


EMAIL = _("Email")
ENTER_EMAIL = _("Enter your email address.")
ENTER_PASSWORD = _("Enter your password.")
NEW_PASSWORD = {"password1": _("New password"), "password2": _("New password (again)")}
ENTER_NEW_PASSWORD = {
    "password1": _("Choose a password."),
    "password2": _("Enter the password again."),
}


# account/login.html and password_change.html link to the password reset under the form: as
# the password's help text (allauth's), the link was read out as a description of the field.
NO_RESET_LINK = ""


class LoginForm(SiteWords, allauth_forms.LoginForm):
    labels = {"login": EMAIL, "password": _("Password"), "remember": _("Remember me")}
    required = {"login": ENTER_EMAIL, "password": ENTER_PASSWORD}
    help_texts = {"password": NO_RESET_LINK}


class SignupForm(SiteWords, allauth_forms.SignupForm):
    labels = {"email": EMAIL, "password1": _("Password"), "password2": _("Password (again)")}
    required = {
        "full_name": _("Enter your full name."),
        "email": ENTER_EMAIL,
        "password1": ENTER_NEW_PASSWORD["password1"],
        "password2": ENTER_NEW_PASSWORD["password2"],
    }

    def try_save(self, request):
        # An address with an account: allauth creates nothing and answers as for a new one;
        # the adapter makes that answer cost, and say, what a new account's does.
        if self.account_already_exists:
            get_adapter().sign_up_existing_address(
                request,
                email=self.cleaned_data["email"],
                password=self.cleaned_data.get("password1", ""),
            )
        return super().try_save(request)


class ResetPasswordForm(SiteWords, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL}
    required = {"email": ENTER_EMAIL}


class ResetPasswordKeyForm(SiteWords, allauth_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORD
    required = ENTER_NEW_PASSWORD


class ChangePasswordForm(SiteWords, allauth_forms.ChangePasswordForm):
    labels = {"oldpassword": _("Current password"), **NEW_PASSWORD}
    required = {"oldpassword": _("Enter your current password."), **ENTER_NEW_PASSWORD}
    help_texts = {"oldpassword": NO_RESET_LINK}


class SetPasswordForm(SiteWords, allauth_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Password (again)")}
    required = ENTER_NEW_PASSWORD


class AddEmailForm(SiteWords, allauth_forms.AddEmailForm):
    labels = {"email": _("Email address to add")}
    required = {"email": _("Enter the email address to add.")}


class ReauthenticateForm(SiteWords, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Password")}
    required = {"password": ENTER_PASSWORD}
