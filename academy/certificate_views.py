"""Public certificate pages: check a code, see whether a certificate is valid, download it.

Anyone with a code may see its certificate (the code is the learner's to share); the pages
are kept out of search engines and out of shared caches, so a revocation shows at once.
"""

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from . import certificates
from .models import Certificate

NOINDEX = "noindex, nofollow"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=40,
        help_text=_(
            "16 letters and digits, as printed on the certificate, e.g. K7QM-2XD9-PL4R-8HTV."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = certificates.normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A certificate code has 16 letters and digits. Check it and try again.")
            )
        return code


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = NOINDEX
    return response


def _find(code: str) -> Certificate | None:
    return Certificate.objects.select_related("course__locale", "user").filter(code=code).first()


def _not_found(request, code: str) -> HttpResponse:
    form = CodeForm(initial={"code": code})
    response = render(
        request, "academy/certificates/not_found.html", {"form": form, "code": code}, status=404
    )
    return _noindex(response)


@never_cache
def check(request):
    """A form to type a code; a well-formed code goes to its certificate's page."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_valid():
        return redirect("academy:certificate", form.cleaned_data["code"])
    return _noindex(render(request, "academy/certificates/check.html", {"form": form}))


@never_cache
def verify(request, code):
    """The certificate's public page: who, which course, how many hours, and whether it
    is still valid."""
    canonical = certificates.normalise_code(code)
    if canonical is None:
        return _not_found(request, code)
    if canonical != code:
        return redirect("academy:certificate", canonical, permanent=True)
    certificate = _find(code)
    if certificate is None:
        return _not_found(request, code)
    language = get_language()
    course = certificates.course_in(certificate, language)
    context = {
        "certificate": certificate,
        "course_title": course.title,
        "course_language": course.locale.language_code,
        "issued_on": certificates.issued_on(certificate),
        "revoked_on": certificates.revoked_on(certificate),
        "verification_url": certificates.verification_url(certificate, language),
        "pdf_url": reverse("academy:certificate_pdf", args=[certificate.code]),
    }
    return _noindex(render(request, "academy/certificates/certificate.html", context))


@never_cache
def pdf(request, code):
    """The certificate as a PDF in the page's language, as a download."""
    canonical = certificates.normalise_code(code)
    certificate = _find(canonical) if canonical else None
    if certificate is None:
        return _not_found(request, code)
    response = HttpResponse(
        certificates.render_pdf(certificate, get_language()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return _noindex(response)
