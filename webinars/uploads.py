"""What the admin's document upload accepts (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE).

Recordings are Wagtail documents (docs/webinars.md says why): a video (.mp4, .webm) may be as
large as a long session, a caption file (.vtt) is small text, everything else keeps the
documents' usual limit. A file must also be what its name says: a renamed file (an HTML page
called captions.vtt) is refused before it is stored. Documents are served to every visitor:
PDFs and Office files are judged by their parsed content as the help desk's attachments are
(network.uploads: scripts, macros, embedded or remote content, zip bombs), text (.txt, .csv)
must be only text, an RTF may not hold objects, and every file
but a video is scanned by ClamAV when HUB_CLAMD_ADDRESS is set (network.virus_scan; a video
is larger than clamd's stream limit and is checked by its header).
"""

import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents.forms import BaseDocumentForm

from network import uploads, virus_scan

MB = 1024 * 1024
VIDEO = {"mp4": "video/mp4", "webm": "video/webm"}
CAPTIONS = {"vtt": "text/vtt"}
# Office Open XML packages, macro-enabled ones included (refused for their macros).
OFFICE = {"docx", "xlsx", "pptx", "docm", "xlsm", "pptm", "dotx", "dotm", "ppsx"}
CAPTIONS_MAX_BYTES = 5 * MB
OTHER_MAX_BYTES = 20 * MB


def video_max_bytes() -> int:
    """The largest upload of all, a recording: the documents' own limit."""
    return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def max_bytes(name: str) -> int:
    """The largest file accepted under this name."""
    kind = extension(name)
    if kind in VIDEO:
        return video_max_bytes()
    if kind in CAPTIONS:
        return CAPTIONS_MAX_BYTES
    return OTHER_MAX_BYTES


def looks_like(name: str, head: bytes) -> bool:
    """Whether a file's first bytes are those of the type its name says (video and
    captions only; other documents are not checked here)."""
    kind = extension(name)
    if kind == "mp4":
        return head[4:8] == b"ftyp"  # the ISO media file's first box
    if kind == "webm":
        return head[:4] == b"\x1a\x45\xdf\xa3"  # the EBML header of Matroska and WebM
    if kind == "vtt":
        text = head.removeprefix(b"\xef\xbb\xbf")
        return text[:6] == b"WEBVTT" and (len(text) == 6 or text[6:7] in b" \t\r\n")
    return True


def limits_help() -> str:
    return _(
        "Up to %(video)s for a video (.mp4, .webm), %(captions)s for captions (.vtt) and "
        "%(other)s for any other document."
    ) % {
        "video": filesizeformat(video_max_bytes()),
        "captions": filesizeformat(CAPTIONS_MAX_BYTES),
        "other": filesizeformat(OTHER_MAX_BYTES),
    }


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form with a size limit per type and a check of the content."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].help_text = limits_help()

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not file or "file" not in self.changed_data:
            return file
        limit = max_bytes(file.name)
        if file.size > limit:
            raise ValidationError(
                _("This file is too big (%(size)s): a %(kind)s file may be up to %(limit)s.")
                % {
                    "size": filesizeformat(file.size),
                    "kind": extension(file.name) or _("document"),
                    "limit": filesizeformat(limit),
                },
                code="file_too_large",
            )
        file.seek(0)
        head = file.read(16)
        file.seek(0)
        if not looks_like(file.name, head):
            raise ValidationError(
                _("This file is not a %(kind)s file, whatever its name says. %(hint)s")
                % {"kind": extension(file.name), "hint": HINTS[extension(file.name)]},
                code="wrong_content",
            )
        if extension(file.name) not in VIDEO:
            data = file.read()
            file.seek(0)
            name = os.path.basename(file.name)
            problem = content_problem(file.name, data)
            if problem is not None:
                if problem.reason == uploads.FORMAT:
                    raise ValidationError(
                        _(
                            "“%(name)s” is damaged or hides another file inside it. Please "
                            "export it again and upload the new file."
                        )
                        % {"name": name},
                        code="wrong_content",
                    )
                raise uploads.refusal(problem, name)
            virus_scan.check(data, name=name)
        return file


TEXT = {"txt", "csv"}
# An RTF object (\object, \objdata, \objupdate, \objemb, \objlink, \objocx...): an embedded
# or linked file or control, which Word loads, and may update, when it opens the document.
RTF_OBJECT = re.compile(rb"\\obj[a-z]*")


def content_problem(name: str, data: bytes) -> uploads.Problem | None:
    """What a document's parsed content says: PDFs by their names, Office files by their
    package, text as the help desk's text is (UTF-8, or else Windows-1252 as spreadsheets
    export it), RTF by its objects, OpenDocument text by its package; others by the virus
    scan alone."""
    if data[:1024].find(b"%PDF-") >= 0:  # where a PDF reader looks for its header
        return uploads.pdf_problem(data)
    kind = extension(name)
    if kind in OFFICE:
        return uploads.office_problem(data)
    if kind in TEXT:
        text = uploads.decode_text(data, "windows-1252")
        if text is None:
            return uploads.Problem(uploads.FORMAT, "not text")
        return uploads.text_problem(data, text)
    if kind == "odt":
        return uploads.odf_problem(data)
    if kind == "rtf":
        found = RTF_OBJECT.search(data)
        if found:
            return uploads.Problem(uploads.EMBEDDED, found.group().decode("latin-1"))
    return None


HINTS = {
    "mp4": gettext_lazy("Export the recording from the video platform as MP4."),
    "webm": gettext_lazy("Export the recording as WebM, or as MP4."),
    "vtt": gettext_lazy(
        "A WebVTT file starts with the line WEBVTT; export the captions as WebVTT (.vtt), "
        "not SubRip (.srt)."
    ),
}
