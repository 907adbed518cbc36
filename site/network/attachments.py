"""Checking an uploaded file before it is stored (help-desk attachments, grant files): by its content, never by its name.

Accepted: PDF, PNG, JPEG, DOCX and plain text, at most 10 MB. Images are decoded and written
again without their metadata (EXIF, including GPS location). Anything else, including a
renamed executable, HTML, SVG, a file that is two formats at once, or an empty file, is
refused with a message the person can act on. PDFs and Word documents are judged by their
parsed content (network.uploads: escaped PDF names, object streams, Office relationships,
embedded objects, the size they unpack to); text must be only text. Then clamd scans the
file when HUB_CLAMD_ADDRESS is set (network.virus_scan).
"""

import io
import logging
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from . import uploads, virus_scan

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
ACCEPTED = gettext_lazy("PDF, PNG, JPEG, Word (.docx) or plain text")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    DOCX: ".docx",
    "text/plain": ".txt",
}

# Markers of content a browser could run or render as a page (the tags WHATWG's sniffing
# treats as HTML, and more), anywhere in a text file.
ACTIVE_MARKERS = (
    b"<html",
    b"<script",
    b"<svg",
    b"<!doctype",
    b"<?xml",
    b"<iframe",
    b"<body",
    b"<head",
    b"<title",
    b"<meta",
    b"<style",
    b"<link",
    b"<base",
    b"<form",
    b"<input",
    b"<img",
    b"<object",
    b"<embed",
    b"<a ",
    b"<div",
    b"<table",
    b"<font",
    b"<br",
    b"<p>",
    b"<p ",
    b"<b>",
    b"<h1",
    b"<!--",
    b"javascript:",
    b"vbscript:",
)
EVENT_HANDLER = re.compile(rb"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    content: ContentFile
    size: int


def display_name(name: str) -> str:
    """The uploaded name, cleaned, with its own extension: for messages about the file."""
    base = os.path.basename((name or "").replace("\\", "/"))
    return safe_name(base, os.path.splitext(base)[1][:10])


def safe_name(name: str, extension: str) -> str:
    """A display name without any path, control characters or misleading extension."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*')
    stem = os.path.splitext(base)[0].strip(" .") or "file"
    return f"{stem[:100]}{extension}"


def _sniff(data: bytes, charset: str | None = None) -> str | None:
    head = data[:2048]
    if head.startswith(EXECUTABLE_MAGIC):
        return None
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _docx(data)
    text = uploads.decode_text(data, charset)
    if text is None or uploads.text_problem(data, text) or _markup(text.encode()):
        return None
    return "text/plain"


def _markup(data: bytes) -> bool:
    lowered = data.lower()
    return any(marker in lowered for marker in ACTIVE_MARKERS) or bool(EVENT_HANDLER.search(data))


def _docx(data: bytes) -> str | None:
    """A zip that says it is a Word document; network.uploads then reads it whole."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        return None
    return DOCX


def _polyglot(data: bytes, kind: str) -> bool:
    """An image that is also something else: active markup, an archive or an executable
    hidden behind a valid header."""
    lowered = data.lower()
    if any(marker in lowered for marker in (b"<script", b"<html", b"<svg", b"<iframe")):
        return True
    return b"PK\x03\x04" in data[4:] or uploads.zip_inside(data)


def _problem(data: bytes, kind: str) -> uploads.Problem | None:
    """What the parsed content says about a file of this kind."""
    if kind == "application/pdf":
        lowered = data.lower()
        if any(marker in lowered for marker in (b"<script", b"<html", b"<svg", b"<iframe")):
            return uploads.Problem(uploads.FORMAT, "markup in a PDF")
        return uploads.pdf_problem(data)
    if kind == DOCX:
        return uploads.docx_problem(data)
    if kind.startswith("image/") and _polyglot(data, kind):
        return uploads.Problem(uploads.FORMAT, "an image that is also something else")
    return None


def _clean_image(data: bytes, kind: str) -> bytes:
    """The image decoded and encoded again: pixels only, no EXIF/GPS or other metadata."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.width * image.height > 50_000_000:
                raise ValidationError(_("This image is too large."))
            clean = ImageOps.exif_transpose(image)  # keep it upright once EXIF is gone
            clean.info = {}
            out = io.BytesIO()
            if kind == "image/png":
                clean.save(out, format="PNG")
            else:
                if clean.mode not in ("RGB", "L"):
                    clean = clean.convert("RGB")
                clean.save(out, format="JPEG", quality=90)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This image could not be read.")) from error


def _not_accepted(name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” is not a file we accept. Please send a %(accepted)s file.")
        % {"name": name, "accepted": ACCEPTED}
    )


def check(upload) -> CheckedFile:
    """Check one uploaded file; raises ValidationError with a clear message."""
    shown = display_name(upload.name)
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 10 MB. Please send a smaller file.") % {"name": shown}
        )
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 10 MB. Please send a smaller file.") % {"name": shown}
        )
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": shown})
    kind = _sniff(data, getattr(upload, "charset", None))
    if kind is None:
        raise _not_accepted(shown)
    problem = _problem(data, kind)
    if problem is not None:
        logger.info("Upload refused (%s): %s", problem.reason, problem.detail)
        if problem.reason == uploads.FORMAT:
            raise _not_accepted(shown)
        raise uploads.refusal(problem, shown)
    virus_scan.check(data, name=shown)
    if kind.startswith("image/"):
        data = _clean_image(data, kind)
    elif kind == "text/plain":
        # Stored as UTF-8 whatever single-byte encoding it came in, as it is served.
        data = uploads.decode_text(data, getattr(upload, "charset", None)).encode("utf-8")
    name = safe_name(upload.name, EXTENSIONS[kind])
    return CheckedFile(name=name, content_type=kind, content=ContentFile(data), size=len(data))
