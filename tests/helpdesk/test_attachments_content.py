"""Help-desk attachments judged by their parsed content (issue 22, finding 5).

The outside test's files, each built here (tests/network/upload_files.py) and refused with a
message the person can act on, in their language: a PDF whose /JavaScript and /Launch names
are written with #xx escapes, a .docx loading a remote template, a .docx carrying a macro
workbook, a PDF+ZIP and a GIF+JS polyglot saved as .txt, a .docx inflating to 1 GiB. (The
EICAR string: tests/network/test_virus_scan.py.) Clean PDF, DOCX, PNG, JPEG and text still
go through.
"""

import html
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from helpdesk.models import Attachment, HelpRequest
from network import attachments
from network.models import Membership
from tests.network import upload_files as files
from tests.network.factories import MembershipFactory, OrganisationFactory

NOT_ACCEPTED = "is not a file we accept"
ACTIVE_PDF = "contains scripts, automatic actions or attached files"
EMBEDDED = "contains macros or embedded files"
REMOTE = "loads content from another address when it is opened"


def upload(name: str, data: bytes, charset: str | None = None):
    uploaded = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    uploaded.charset = charset  # what the browser's multipart part declared
    return uploaded


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        attachments.check(upload(name, data))
    return " ".join(caught.value.messages)


# --- The seven files of the finding ---


def test_a_pdf_with_escaped_script_and_launch_names_is_refused_like_the_plain_one():
    plain = files.pdf_with_actions(escaped=False)
    escaped = files.pdf_with_actions(escaped=True)
    assert b"/JavaScript" not in escaped and b"/Launch" not in escaped
    for data in (plain, escaped):
        message = refusal("brief.pdf", data)
        assert f"“brief.pdf” {ACTIVE_PDF}" in message
        assert "Save as PDF" in message  # what to do instead


def test_a_script_hidden_in_a_compressed_object_stream_is_refused():
    for data in (
        files.pdf_with_script_in_object_stream(),
        files.pdf_with_script_in_object_stream(filters=b"/Filter [/AHx /Fl]"),
        files.pdf_with_script_in_object_stream(kind=b""),  # no /Type: read all the same
    ):
        assert ACTIVE_PDF in refusal("brief.pdf", data)


def test_a_docx_loading_a_remote_template_is_refused():
    message = refusal("plan.docx", files.docx_with_remote_template())
    assert f"“plan.docx” {REMOTE}" in message
    assert "save it as PDF" in message


def test_a_docx_carrying_a_macro_workbook_is_refused():
    message = refusal("plan.docx", files.docx_with_macro_workbook())
    assert f"“plan.docx” {EMBEDDED}" in message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("notes.txt", files.pdf_zip_polyglot(), id="pdf+zip"),
        pytest.param("notes.txt", files.GIF_JS_POLYGLOT, id="gif+js"),
        pytest.param("brief.pdf", files.pdf_zip_polyglot(), id="pdf+zip-named-pdf"),
    ],
)
def test_polyglots_saved_as_text_are_refused(name, data):
    message = refusal(name, data)
    assert f"“{name}” {NOT_ACCEPTED}" in message


def test_a_docx_inflating_to_1_gib_is_refused_without_inflating_it():
    bomb = files.zip_bomb_docx()
    assert len(bomb) < attachments.MAX_BYTES  # small enough to upload
    started = time.monotonic()
    message = refusal("plan.docx", bomb)
    assert time.monotonic() - started < 2
    assert "“plan.docx” unpacks to more than 100.0\xa0MB." in message


def test_a_bomb_whose_zip_directory_lies_about_its_size_is_refused_too():
    """The directory says 1,000 bytes: the member is inflated with a budget and found out."""
    bomb = files.zip_bomb_docx(honest=False)
    started = time.monotonic()
    assert NOT_ACCEPTED in refusal("plan.docx", bomb)
    assert time.monotonic() - started < 2


# --- More of the same kind ---


def ext(kind: str, target: str, mode: str | None = "External"):
    return (kind, target, mode)


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        pytest.param(
            {"word/_rels/document.xml.rels": files.relationships(ext("image", "http://x/p.png"))},
            REMOTE,
            id="remote-picture",
        ),
        pytest.param(
            {
                "word/_rels/document.xml.rels": files.relationships(
                    ext("oleObject", "mhtml:http://x/!x-usc:http://x")
                )
            },
            EMBEDDED,
            id="follina-ole-object",
        ),
        pytest.param(
            {"word/_rels/document.xml.rels": files.relationships(ext("hyperlink", "file:///c:/x"))},
            REMOTE,
            id="hyperlink-to-a-file",
        ),
        pytest.param(
            {"word/_rels/document.xml.rels": files.relationships(ext("aFChunk", "x.mht", None))},
            EMBEDDED,
            id="alt-chunk",
        ),
        pytest.param(
            {
                "word/_rels/settings.xml.rels": files.relationships(
                    ext("attachedTemplate", "Normal.dotm", None)
                )
            },
            REMOTE,
            id="local-template",
        ),
        pytest.param({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}, EMBEDDED, id="vba"),
        pytest.param({"word/activeX/activeX1.xml": "<ax/>"}, EMBEDDED, id="activex"),
        pytest.param(
            {
                "[Content_Types].xml": files.content_types(
                    overrides={
                        "/word/document.xml": "application/vnd.ms-word.document.macroEnabled."
                        "main+xml"
                    }
                )
            },
            EMBEDDED,
            id="macro-content-type",
        ),
        pytest.param(
            {
                "[Content_Types].xml": files.content_types(
                    overrides={
                        "/word/document.xml": "application/vnd.openxmlformats-officedocument."
                        "wordprocessingml.template.main+xml"
                    }
                )
            },
            NOT_ACCEPTED,
            id="a-template-not-a-document",
        ),
        pytest.param(
            {"[Content_Types].xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><Types/>'},
            NOT_ACCEPTED,
            id="dtd",
        ),
    ],
)
def test_other_active_or_remote_office_content_is_refused(parts, expected):
    assert expected in refusal("plan.docx", files.clean_docx(**parts))


def test_too_many_members_are_refused():
    many = {f"word/media/image{i}.png": b"x" for i in range(1001)}
    assert "unpacks to more than" in refusal("plan.docx", files.clean_docx(**many))


# --- What people really send still goes through ---


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("brief.pdf", files.clean_pdf(), "application/pdf"),
        ("plan.docx", files.clean_docx(), attachments.DOCX),
        ("screen.png", files.png_bytes(), "image/png"),
        ("photo.jpg", _jpeg(), "image/jpeg"),
        ("lettre.txt", files.FRENCH_TEXT.encode(), "text/plain"),
        ("lettre.txt", b"\xef\xbb\xbf" + files.FRENCH_TEXT.encode(), "text/plain"),
        ("tabs.txt", b"name\tcity\r\nAda\tMontreal\r\n\x0c", "text/plain"),
    ],
)
def test_clean_files_are_still_accepted(name, data, kind):
    checked = attachments.check(upload(name, data))
    assert (checked.name, checked.content_type) == (name, kind)


def test_a_docx_with_printer_settings_is_accepted():
    extra = {"word/printerSettings/printerSettings1.bin": b"\x00" * 200}
    assert attachments.check(upload("plan.docx", files.clean_docx(**extra))).name == "plan.docx"


def test_a_docx_with_a_native_chart_is_accepted_and_one_with_a_macro_workbook_is_not():
    from tests.network.test_uploads import chart_docx, workbook

    assert attachments.check(upload("bilan.docx", chart_docx(workbook()))).name == "bilan.docx"
    macros = workbook(**{"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"})
    assert EMBEDDED in refusal("bilan.docx", chart_docx(macros))


def test_a_docx_with_a_dde_field_is_refused():
    from tests.network.test_uploads import field, field_docx

    assert REMOTE in refusal("plan.docx", field_docx(field(" DDEAUTO cmd.exe ")))


def test_an_encrypted_pdf_is_refused_asking_to_remove_the_password():
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>"
    pdf = files.pdf([b"<< /Type /Catalog >>", encrypt], trailer=b"/Encrypt 2 0 R ")
    assert "remove the password" in refusal("brief.pdf", pdf)


def test_text_in_a_declared_single_byte_encoding_is_accepted_and_stored_as_utf8():
    windows = files.FRENCH_TEXT.encode("cp1252")
    assert NOT_ACCEPTED in refusal("lettre.txt", windows)  # undeclared: not UTF-8, refused
    checked = attachments.check(upload("lettre.txt", windows, charset="windows-1252"))
    assert checked.content.read().decode("utf-8") == files.FRENCH_TEXT


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"Hello\x1b[31m red", id="escape"),
        pytest.param(b"Hello\x00world", id="nul"),
        pytest.param("Hello \u0085 next".encode(), id="c1-control"),
        pytest.param(b"Report\n%PDF-1.4\n1 0 obj", id="pdf-inside"),
        pytest.param(b"MZ is the start of every Windows program", id="mz"),
        pytest.param(files.EICAR[:10] + b"GIF87a", id="gif-inside"),
    ],
)
def test_text_that_is_not_only_text_is_refused(data):
    assert NOT_ACCEPTED in refusal("notes.txt", data)


# --- Through the real page, in French ---


def test_the_intake_form_in_french_says_why_a_remote_template_is_refused(client, db):
    membership = MembershipFactory(
        organisation=OrganisationFactory(name="Testville"), role=Membership.Role.LEAD
    )
    client.force_login(membership.user)
    before = (HelpRequest.objects.count(), Attachment.objects.count())
    response = client.post(
        "/fr/help-desk/new/",
        {
            "organisation": membership.organisation.pk,
            "urgency": "routine",
            "summary": "Affiches haineuses",
            "details": "Des affiches sont apparues près de la bibliothèque.",
            "country": "CA",
            "region": "CA-QC",
            "language": "fr",
            "sensitivity": "standard",
            "files": [
                upload("plan.docx", files.docx_with_remote_template()),
                upload("brief.pdf", files.pdf_with_actions(escaped=True)),
            ],
        },
    )
    content = html.unescape(response.content.decode())
    assert response.status_code == 200
    with translation.override("fr"):
        for message, name in [
            (REMOTE, "plan.docx"),
            (ACTIVE_PDF, "brief.pdf"),
        ]:
            english = next(
                m
                for m in (
                    "“%(name)s” loads content from another address when it is opened, which we "
                    "do not accept. Please save it as PDF and send that.",
                    "“%(name)s” contains scripts, automatic actions or attached files, which we "
                    "do not accept. Please print it to a new PDF (choose “Save as PDF” when "
                    "printing) and send that.",
                )
                if message in m
            )
            french = translation.gettext(english) % {"name": name}
            assert french != english % {"name": name}
            assert french in content
    assert "Des affiches sont apparues près de la bibliothèque." in content
    assert (HelpRequest.objects.count(), Attachment.objects.count()) == before
