"""Certificate fonts shipped with the project (issue 23, finding 4): every node draws the
same certificate with DejaVu Sans from academy/fonts/, never a font looked up on the host;
French accents are in the font."""

import base64
import re
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from academy import certificates
from academy.models import CoursePage
from tests.network.factories import UserFactory

FOLDER = Path(settings.BASE_DIR) / "academy" / "fonts"
FRENCH = "Zoé Lefèvre-Françoise « À la prévention menée par les villes » : où, çà, Œuvre, 15 h 30"


@pytest.fixture
def certificate(db):
    course = CoursePage.objects.get(locale__language_code="en", slug="city-led-prevention")
    return certificates.issue_certificate(
        user=UserFactory(full_name="Zoé Lefèvre-Françoise"), course=course
    )


def test_the_fonts_and_their_licence_are_in_the_project():
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        data = (FOLDER / name).read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00"  # a TrueType font
        assert b"DejaVu" in data
    licence = (FOLDER / "LICENSE").read_text()
    assert "Bitstream Vera" in licence and "Arev" in licence
    total = sum(path.stat().st_size for path in FOLDER.iterdir())
    assert total < 1_600_000  # what shipping them costs the repository


def test_the_registered_fonts_are_the_projects(certificate):
    regular, bold = certificates._fonts()
    assert (regular, bold) == ("DejaVuSans", "DejaVuSans-Bold")
    for name, filename in ((regular, "DejaVuSans.ttf"), (bold, "DejaVuSans-Bold.ttf")):
        assert Path(pdfmetrics.getFont(name).face.filename) == FOLDER / filename


def test_the_module_looks_nowhere_else():
    source = Path(certificates.__file__).read_text()
    for elsewhere in ("/usr/share/fonts", "Vera", "Helvetica", "fc-match"):
        assert elsewhere not in source


def _font_names(pdf: bytes) -> dict[bytes, bytes]:
    """The PDF's font resources: their /Name (F1, F2+0, ...) to their /BaseFont (a subset's
    is a tag, '+', the font's own name)."""
    fonts = {}
    for body in re.findall(rb"<<([^<>]*?/Type /Font[^<>]*?)>>", pdf):
        name, base = re.search(rb"/Name /(\S+)", body), re.search(rb"/BaseFont /(\S+)", body)
        if name and base:
            fonts[name.group(1)] = base.group(1).split(b"+")[-1]
    return fonts


def _page_content(pdf: bytes) -> bytes:
    """The page's drawing (reportlab writes it ASCII85 and Flate encoded)."""
    for head, stream in re.findall(rb"(<<[^>]*?>>)\s*stream\r?\n(.*?)endstream", pdf, re.S):
        if b"ASCII85Decode" in head:
            return zlib.decompress(base64.a85decode(stream.strip().removesuffix(b"~>")))
    raise AssertionError("no page content")


def _shown_in(pdf: bytes) -> list[tuple[bytes, bytes]]:
    """(font, text) of every piece of text the page shows."""
    fonts, shown = _font_names(pdf), []
    for block in re.findall(rb"BT(.*?)ET", _page_content(pdf), re.S):
        current = None
        for font, text in re.findall(rb"/(\S+) [\d.]+ Tf|(\((?:\\.|[^\\)])*\) Tj)", block):
            if font:
                current = fonts[font]
            else:
                shown.append((current, text))
    return shown


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_word_on_the_certificate_is_in_the_embedded_dejavu_sans(certificate, language):
    pdf = certificates.render_pdf(certificate, language)
    shown = _shown_in(pdf)
    assert len(shown) >= 8, shown  # hub, title, name, course, hours, date, code, address
    assert {font for font, _text in shown} == {b"DejaVuSans", b"DejaVuSans-Bold"}
    # Both are embedded (their TrueType programs in the file), as subsets.
    assert pdf.count(b"/FontFile2") == 2
    assert set(re.findall(rb"/BaseFont /[A-Z]{6}\+(DejaVuSans(?:-Bold)?)\b", pdf)) == {
        b"DejaVuSans",
        b"DejaVuSans-Bold",
    }


def test_french_accents_are_in_the_font_not_replaced():
    """reportlab draws a character the font lacks as an empty box (.notdef): every letter of
    French text must have its own glyph, in both weights."""
    for name in certificates._fonts():
        face = pdfmetrics.getFont(name).face
        missing = {char for char in FRENCH if ord(char) not in face.charToGlyph}
        assert not missing, f"{name} lacks {sorted(missing)}"


def test_the_learners_accented_name_is_drawn_in_the_bold_font(certificate):
    pdf = certificates.render_pdf(certificate, "fr")
    # A subset font numbers its glyphs in the order they are first used: the name is
    # written with codes, not Latin-1, and the font's ToUnicode map turns them back.
    ((font, name),) = [(font, text) for font, text in _shown_in(pdf) if text.startswith(b"(Zo")]
    assert font == b"DejaVuSans-Bold"
    assert re.fullmatch(rb"\(Zo\\\d{3} Lef\\\d{3}vre-Fran\\\d{3}oise\) Tj", name), name


def test_a_missing_font_file_is_an_error_not_another_typeface(tmp_path, monkeypatch):
    monkeypatch.setattr(certificates, "FONT_FOLDER", tmp_path)
    with pytest.raises(TTFError, match="Can't open file"):
        certificates._fonts()
    monkeypatch.undo()
    assert certificates._fonts() == ("DejaVuSans", "DejaVuSans-Bold")  # back to the shipped ones
