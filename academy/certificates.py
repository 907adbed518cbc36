"""Certificates: issued once per learner and course, checked by anyone who has the code,
revoked by coordinators, printed as a one-page PDF in either language."""

import io
import re
import secrets
import zoneinfo
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from network.mail import queue_email, render_email
from pages import dates

from .models import Certificate, Cohort, CoursePage

# Letters and digits that cannot be mistaken for one another when read aloud or retyped:
# no 0/O and no 1/I. 32 symbols, so each carries 5 bits: 16 of them make 80 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 16
CODE_GROUP = 4
CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")

BRAND = HexColor("#0b4f6c")
MUTED = HexColor("#4a4a4a")
REVOKED = HexColor("#b3261e")

# The certificate's typeface, shipped with the project (academy/fonts/, DejaVu Sans 2.37 and
# its licence) so that every node draws the same certificate: a font looked up on the host
# differed from node to node. TrueType, with every accent French needs. A missing file is
# an error at the first certificate drawn, never a quiet change of typeface.
FONT_FOLDER = Path(__file__).resolve().parent / "fonts"
FONTS = (("DejaVuSans", "DejaVuSans.ttf"), ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"))


# --- Codes ---


def new_code() -> str:
    """An unguessable code (80 random bits) in groups of four: K7QM-2XD9-PL4R-8HTV."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
    return _grouped(raw)


def _grouped(raw: str) -> str:
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, len(raw), CODE_GROUP))


def normalise_code(text: str) -> str | None:
    """The canonical form of a code as someone typed it (any case, spaces or dashes),
    or None when it cannot be a certificate code."""
    raw = re.sub(r"[\s._\-\u2010-\u2014]", "", text or "").upper()
    return _grouped(raw) if CODE_PATTERN.match(raw) else None


# --- Issuing and revoking ---


def source_course(course: CoursePage, cohort: Cohort | None = None) -> CoursePage:
    """The course in its original language, which cohorts and certificates point at."""
    if cohort is not None and cohort.course.translation_key == course.translation_key:
        return cohort.course
    source = (
        TranslationSource.objects.filter(object_id=course.translation_key)
        .select_related("locale")
        .order_by("created_at")
        .first()
    )
    locale = source.locale if source else Locale.get_default()
    original = CoursePage.objects.filter(translation_key=course.translation_key, locale=locale)
    return original.first() or course


@transaction.atomic
def issue_certificate(*, user, course: CoursePage, cohort: Cohort | None = None) -> Certificate:
    """The learner's certificate for this course (in any translation), issued and emailed
    the first time; later calls return the same certificate and send nothing."""
    course = source_course(course, cohort)
    same_course = Certificate.objects.filter(
        user=user, course__translation_key=course.translation_key
    )
    existing = same_course.first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            # A savepoint: a concurrent issue for the same learner (or, once in 2^80, a code
            # that already exists) fails only this insert, not the caller's transaction.
            certificate = Certificate(
                code=new_code(),
                user=user,
                course=course,
                cohort=cohort,
                learner_name=user.full_name or user.email,
                hours=course.estimated_hours,
            )
            # Uniqueness is the database's to decide, inside the savepoint below.
            certificate.full_clean(validate_unique=False, validate_constraints=False)
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            existing = same_course.first()
            if existing is not None:
                return existing
            continue  # the code was taken: draw another
        log(certificate, "academy.certificate.issue")
        _notify_issued(certificate)
        return certificate
    raise RuntimeError("Could not draw an unused certificate code.")


def _notify_issued(certificate: Certificate) -> None:
    user = certificate.user
    language = user.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "certificate": certificate,
            "course_title": course_title(certificate, language),
            "hours": floatformat(certificate.hours, -1),
            "verify_url": verification_url(certificate, language),
            "pdf_url": pdf_url(certificate, language),
        }
    queue_email(
        render_email(
            template="academy_certificate", context=context, to=[user.email], language=language
        )
    )


@transaction.atomic
def revoke(*, certificate: Certificate, reason: str, by=None) -> Certificate:
    """Withdraw a certificate: its page then says since when, and its PDF is stamped."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for revoking this certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate has already been revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    log(certificate, "academy.certificate.revoke", user=by, data={"reason": reason})
    return certificate


@transaction.atomic
def reinstate(*, certificate: Certificate, by=None) -> Certificate:
    """Undo a revocation (the reason it was revoked stays in the history)."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        raise ValidationError(_("This certificate is valid: there is nothing to reinstate."))
    certificate.revoked_at = None
    certificate.revoked_reason = ""
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    log(certificate, "academy.certificate.reinstate", user=by)
    return certificate


# --- What a certificate says ---


def course_in(certificate: Certificate, language: str) -> CoursePage:
    """The certified course in this language when a live translation exists, else the original."""
    course = certificate.course
    if course.locale.language_code != language:
        translated = (
            CoursePage.objects.live()
            .filter(translation_key=course.translation_key, locale__language_code=language)
            .select_related("locale")
            .first()
        )
        if translated is not None:
            return translated
    return course


def course_title(certificate: Certificate, language: str) -> str:
    return course_in(certificate, language).title


def _learner_zone(certificate: Certificate) -> zoneinfo.ZoneInfo:
    zone = getattr(certificate.user, "time_zone", "") or settings.HUB_DEFAULT_TIME_ZONE
    return zoneinfo.ZoneInfo(zone)


def issued_on(certificate: Certificate):
    """The day of issue in the learner's time zone: the same date for everyone who checks."""
    return timezone.localtime(certificate.issued_at, _learner_zone(certificate)).date()


def revoked_on(certificate: Certificate):
    if certificate.revoked_at is None:
        return None
    return timezone.localtime(certificate.revoked_at, _learner_zone(certificate)).date()


def _absolute(path: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL, path)


def verification_url(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        return _absolute(reverse("academy:certificate", args=[certificate.code]))


def pdf_url(certificate: Certificate, language: str) -> str:
    with translation.override(language):
        return _absolute(reverse("academy:certificate_pdf", args=[certificate.code]))


# --- PDF ---


def _fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered with reportlab from academy/fonts/ on first
    use (reportlab's TTFError "Can't open file" if a file is missing)."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, filename in FONTS:
        path = str(FONT_FOLDER / filename)
        # Ours, even if other code in the process registered a font of that name elsewhere.
        if name not in registered or pdfmetrics.getFont(name).face.filename != path:
            pdfmetrics.registerFont(TTFont(name, path))
    return FONTS[0][0], FONTS[1][0]


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to `size` at which the text fits on one line."""
    while size > 10 and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and canvas.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def render_pdf(certificate: Certificate, language: str) -> bytes:
    """A one-page, landscape Letter certificate in this language, with its code, the
    address where anyone can check it and the same address as a QR code."""
    with translation.override(language):
        return _draw(certificate, language)


def _draw(certificate: Certificate, language: str) -> bytes:
    regular, bold = _fonts()
    hub = _("North America Hub")
    title = course_title(certificate, language)
    url = verification_url(certificate, language)
    date = dates.format_date(issued_on(certificate), language=language)
    hours = floatformat(certificate.hours, -1)

    buffer = io.BytesIO()
    width, height = landscape(letter)
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setTitle(_("Certificate %(code)s") % {"code": certificate.code})
    canvas.setAuthor(hub)
    canvas.setSubject(f"{certificate.learner_name} · {title}")
    canvas.setCreator(hub)

    # Frame.
    canvas.setStrokeColor(BRAND)
    canvas.setLineWidth(4)
    canvas.rect(1 * cm, 1 * cm, width - 2 * cm, height - 2 * cm)
    canvas.setLineWidth(1)
    canvas.rect(1.3 * cm, 1.3 * cm, width - 2.6 * cm, height - 2.6 * cm)

    middle = width / 2
    text_width = width - 6 * cm
    canvas.setFillColor(BRAND)
    canvas.setFont(bold, 16)
    canvas.drawCentredString(middle, height - 3 * cm, hub.upper())
    heading = _("Certificate of completion")
    canvas.setFont(bold, _fit(canvas, heading, bold, 34, text_width))
    canvas.drawCentredString(middle, height - 5 * cm, heading)

    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 14)
    canvas.drawCentredString(middle, height - 6.6 * cm, _("This certifies that"))
    canvas.setFillColorRGB(0.1, 0.1, 0.1)
    size = _fit(canvas, certificate.learner_name, bold, 30, text_width)
    canvas.setFont(bold, size)
    canvas.drawCentredString(middle, height - 8.1 * cm, certificate.learner_name)

    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 14)
    canvas.drawCentredString(middle, height - 9.3 * cm, _("has completed the course"))
    canvas.setFillColor(BRAND)
    y = height - 10.6 * cm
    for line in _wrap(canvas, title, bold, 20, text_width)[:3]:
        canvas.setFont(bold, 20)
        canvas.drawCentredString(middle, y, line)
        y -= 0.85 * cm

    canvas.setFillColor(MUTED)
    canvas.setFont(regular, 13)
    facts = _("%(hours)s hours · issued on %(date)s") % {"hours": hours, "date": date}
    canvas.drawCentredString(middle, y - 0.3 * cm, facts)

    # Code and where to check it, with a QR code of the same address.
    qr_size = 2.8 * cm
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        qr_size, qr_size, transform=[qr_size / (right - left), 0, 0, qr_size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, width - 2 * cm - qr_size, 1.8 * cm)
    canvas.setFont(regular, 10)
    canvas.drawString(
        2.2 * cm, 3.2 * cm, _("Certificate code: %(code)s") % {"code": certificate.code}
    )
    canvas.drawString(2.2 * cm, 2.6 * cm, _("Check this certificate at:"))
    canvas.setFillColor(BRAND)
    canvas.drawString(2.2 * cm, 2.1 * cm, url)
    canvas.linkURL(
        url, (2.2 * cm, 1.9 * cm, 2.2 * cm + canvas.stringWidth(url, regular, 10), 2.5 * cm)
    )

    if certificate.revoked_at is not None:
        on = dates.format_date(revoked_on(certificate), language=language)
        canvas.saveState()
        canvas.setFillColor(REVOKED)
        canvas.setFillAlpha(0.7)  # the certificate stays readable under the stamp
        canvas.setFont(bold, 40)
        canvas.translate(middle, height / 2)
        canvas.rotate(20)
        canvas.drawCentredString(0, 0, _("Revoked on %(date)s") % {"date": on})
        canvas.restoreState()

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
