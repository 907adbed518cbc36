import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import Locale, ModelLogEntry

from academy import certificates
from academy.models import Certificate, Cohort, CoursePage
from network.models import User
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

ALPHABET = certificates.CODE_ALPHABET
CODE_FORMAT = re.compile(rf"^[{ALPHABET}]{{4}}(-[{ALPHABET}]{{4}}){{3}}$")


@pytest.fixture
def course():
    return CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")


@pytest.fixture
def french_course(course):
    return course.get_translation(Locale.objects.get(language_code="fr"))


@pytest.fixture
def certificate(course):
    learner = UserFactory(full_name="Zoé Lefèvre-Françoise")
    return certificates.issue_certificate(user=learner, course=course)


def path(language, certificate, suffix=""):
    return f"/{language}/academy/certificates/{certificate.code}/{suffix}"


# --- Codes ---


def test_codes_are_long_grouped_unambiguous_and_unique():
    assert len(set(ALPHABET)) ** certificates.CODE_LENGTH >= 2**80
    assert not set("0O1I") & set(ALPHABET)
    codes = [certificates.new_code() for _ in range(2000)]
    assert all(CODE_FORMAT.match(code) for code in codes)
    assert len(set(codes)) == len(codes)
    assert len(codes[0]) <= Certificate._meta.get_field("code").max_length


@given(
    raw=st.text(alphabet=ALPHABET, min_size=16, max_size=16),
    separators=st.lists(st.sampled_from(["", " ", "-", "  ", " - "]), min_size=16, max_size=16),
    lower=st.booleans(),
)
def test_a_code_typed_in_any_case_or_spacing_is_read_back(raw, separators, lower):
    typed = "".join(char + sep for char, sep in zip(raw, separators, strict=True))
    typed = typed.lower() if lower else typed
    expected = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
    assert certificates.normalise_code(typed) == expected


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH", "K7QM-2XD9-PL4R-8HT0", "K7QM-2XD9-PL4R-8HTV-A"])
def test_what_cannot_be_a_code_is_refused(typed):
    assert certificates.normalise_code(typed) is None


# --- Issuing ---


def test_a_certificate_is_issued_once_with_one_email(course, django_capture_on_commit_callbacks):
    learner = UserFactory(full_name="Sam Rivera")
    with django_capture_on_commit_callbacks(execute=True):
        first = certificates.issue_certificate(user=learner, course=course)
        again = certificates.issue_certificate(user=learner, course=course)
    assert first == again
    assert Certificate.objects.filter(user=learner).count() == 1
    assert (first.learner_name, first.hours, first.course) == ("Sam Rivera", 20, course)
    assert CODE_FORMAT.match(first.code)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert message.subject == "Your certificate: City-led prevention: a ten-week course"
    assert f"http://testserver/en/academy/certificates/{first.code}/" in message.body
    assert f"http://testserver/en/academy/certificates/{first.code}/pdf/" in message.body
    assert [e.action for e in ModelLogEntry.objects.for_instance(first)] == [
        "academy.certificate.issue"
    ]


def test_a_french_learner_gets_the_email_in_french_for_the_original_course(
    course, french_course, django_capture_on_commit_callbacks
):
    learner = UserFactory(full_name="", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificates.issue_certificate(user=learner, course=french_course)
    # The certificate points at the course in its original language, like cohorts do.
    assert certificate.course == course
    assert certificate.learner_name == learner.email  # no name given: the email stands in
    (message,) = mail.outbox
    with translation.override("fr"):
        subject = gettext("Your certificate: %(course)s") % {"course": french_course.title}
    assert message.subject == subject
    assert "La prévention menée par les villes" in message.subject
    assert f"/fr/academy/certificates/{certificate.code}/" in message.body
    assert "/en/" not in message.body


def test_a_second_course_gets_its_own_certificate(course):
    learner = UserFactory()
    first = certificates.issue_certificate(user=learner, course=course)
    other = course.get_parent().add_child(
        instance=CoursePage(
            title="Short course", slug="short", summary="Short.", estimated_hours=2.5
        )
    )
    second = certificates.issue_certificate(user=learner, course=other)
    assert first.code != second.code
    assert (second.course, second.hours) == (other, Decimal("2.5"))


def test_the_cohort_is_recorded(course):
    cohort = Cohort.objects.create(course=course, name="Spring", starts_on=timezone.localdate())
    learner = UserFactory()
    assert (
        certificates.issue_certificate(user=learner, course=course, cohort=cohort).cohort == cohort
    )


# --- Public pages ---


def test_the_verification_page_shows_the_certificate_in_english(client, certificate):
    response = client.get(path("en", certificate))
    assert response.status_code == 200
    html = response.content.decode()
    assert response["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex' in html
    assert "Zoé Lefèvre-Françoise" in html
    assert "City-led prevention: a ten-week course" in html
    assert "Valid" in html
    assert certificate.code in html
    assert path("en", certificate, "pdf/") in html
    assert certificates.issued_on(certificate).strftime("%Y-%m-%d") in html
    assert ">20<" in html  # hours
    assert "/static/css/certificate.css" in html  # its print styles (no inline <style>)


def test_the_verification_page_shows_the_course_in_french(client, certificate, french_course):
    response = client.get(path("fr", certificate))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert french_course.title in html
    assert "City-led prevention: a ten-week course" not in html
    assert "Zoé Lefèvre-Françoise" in html
    assert path("fr", certificate, "pdf/") in html


def test_a_revoked_certificate_says_so(client, certificate):
    coordinator = User.objects.get(email="coordinator@hub.example")
    certificates.revoke(certificate=certificate, reason="Completed by someone else", by=coordinator)
    html = client.get(path("en", certificate)).content.decode()
    assert "Revoked on" in html
    assert "Valid:" not in html
    assert "Completed by someone else" not in html  # the reason stays in the admin
    entry = ModelLogEntry.objects.for_instance(certificate).get(action="academy.certificate.revoke")
    assert (entry.user, entry.data["reason"]) == (coordinator, "Completed by someone else")
    with pytest.raises(ValidationError, match="already"):
        certificates.revoke(certificate=certificate, reason="Twice")


def test_revoking_needs_a_reason(certificate):
    with pytest.raises(ValidationError, match="reason"):
        certificates.revoke(certificate=certificate, reason="  ")
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_an_unknown_code_is_a_friendly_404(client):
    for language in ("en", "fr"):
        response = client.get(f"/{language}/academy/certificates/K7QM-2XD9-PL4R-8HTV/")
        assert response.status_code == 404
        assert response["X-Robots-Tag"].startswith("noindex")
        assert 'name="code"' in response.content.decode()  # a form to try again
    response = client.get("/en/academy/certificates/not-a-code/")
    assert response.status_code == 404
    assert "We could not find this certificate" in response.content.decode()
    assert client.get("/en/academy/certificates/K7QM-2XD9-PL4R-8HTV/pdf/").status_code == 404


def test_a_code_in_another_form_goes_to_its_page(client, certificate):
    typed = certificate.code.replace("-", " ").lower()
    response = client.get(f"/fr/academy/certificates/{typed}/")
    assert response.status_code == 301
    assert response["Location"] == path("fr", certificate)


def test_the_check_form_normalises_the_code(client, certificate):
    response = client.get("/en/academy/certificates/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"].startswith("noindex")
    typed = " " + certificate.code.replace("-", "").lower() + " "
    response = client.get("/en/academy/certificates/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == path("en", certificate)
    response = client.get("/fr/academy/certificates/", {"code": "abc"})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()


# --- PDF ---


def pdf_info(pdf: bytes) -> dict[str, str]:
    """The document information strings of a PDF (reportlab writes them as literal strings,
    in PDFDocEncoding or UTF-16 with a byte-order mark); enough to read without a parser."""

    def unescape(match):
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(escaped, escaped)

    info = {}
    for key, raw in re.findall(rb"/(Title|Subject|Author) \(((?:\\.|[^\\)])*)\)", pdf):
        value = re.sub(rb"\\([0-7]{1,3}|.)", unescape, raw)
        text = (
            value[2:].decode("utf-16-be") if value[:2] == b"\xfe\xff" else value.decode("latin-1")
        )
        info[key.decode()] = text
    return info


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_downloads_in_the_pages_language(client, certificate, language):
    response = client.get(path(language, certificate, "pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{certificate.code}.pdf"'
    )
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 5000
    info = pdf_info(pdf)
    assert certificate.code in info["Title"]
    assert info["Subject"].startswith("Zoé Lefèvre-Françoise · ")
    assert info["Subject"].endswith(
        {
            "en": "City-led prevention: a ten-week course",
            "fr": "La prévention menée par les villes : un cours de dix semaines",
        }[language]
    )
    # The verification link is on the page, in the same language.
    assert (
        f"(http://testserver/{language}/academy/certificates/{certificate.code}/)".encode() in pdf
    )


def test_the_pdf_embeds_a_font_with_accents(certificate):
    family, _bold = certificates._fonts()
    pdf = certificates.render_pdf(certificate, "fr")
    assert family in ("DejaVuSans", "Vera")  # a TrueType font, never a Type 1 fallback
    assert family.encode() in pdf
    assert b"/FontFile2" in pdf  # embedded


def test_a_revoked_pdf_is_stamped(certificate):
    before = certificates.render_pdf(certificate, "en")
    assert len(certificates.render_pdf(certificate, "en")) == len(before)  # same content
    revoked = certificates.revoke(certificate=certificate, reason="Error")
    assert len(certificates.render_pdf(revoked, "en")) > len(before)  # plus the stamp


# --- Admin ---


@pytest.fixture
def coordinator_client(client):
    client.force_login(User.objects.get(email="coordinator@hub.example"))
    return client


def test_a_coordinator_finds_and_revokes_a_certificate(coordinator_client, certificate):
    client = coordinator_client
    url = f"/admin/certificate/revoke/{certificate.pk}/"
    response = client.get("/admin/certificate/")
    assert response.status_code == 200
    assert certificate.code in response.content.decode()
    assert url in response.content.decode()

    search = certificate.code.replace("-", "").lower()
    response = client.get("/admin/certificate/", {"q": search})
    assert certificate.code in response.content.decode()
    response = client.get("/admin/certificate/", {"q": "Lefèvre"})
    assert certificate.code in response.content.decode()

    response = client.get(f"/admin/certificate/inspect/{certificate.pk}/")
    assert url in response.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200  # the reason is required
    certificate.refresh_from_db()
    assert certificate.is_valid

    response = client.post(url, {"reason": "Completed by a colleague"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    assert certificate.revoked_reason == "Completed by a colleague"
    entry = ModelLogEntry.objects.for_instance(certificate).get(action="academy.certificate.revoke")
    assert entry.user.email == "coordinator@hub.example"
    assert client.get(f"/admin/certificate/history/{certificate.pk}/").status_code == 200

    response = client.post(f"/admin/certificate/reinstate/{certificate.pk}/")
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_certificates_cannot_be_typed_in_or_deleted(coordinator_client, certificate):
    for url in ("/admin/certificate/new/", f"/admin/certificate/delete/{certificate.pk}/"):
        assert coordinator_client.get(url, follow=True).status_code == 404


def test_people_who_are_not_coordinators_cannot_reach_certificates_in_the_admin(
    client, certificate
):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    learner = certificate.user
    for person in (learner, editor):
        client.force_login(person)
        for url in (
            "/admin/certificate/",
            f"/admin/certificate/inspect/{certificate.pk}/",
            f"/admin/certificate/revoke/{certificate.pk}/",
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert not response.get("Location", "").startswith("/admin/certificate/")
        client.post(f"/admin/certificate/revoke/{certificate.pk}/", {"reason": "Mine now"})
    certificate.refresh_from_db()
    assert certificate.is_valid
