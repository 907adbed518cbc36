"""The admin's documents (webinars.uploads.DocumentForm) judged by their parsed content and
scanned, as the help desk's attachments are (issue 22, finding 5): documents are served to
every visitor of the site."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from network import uploads
from network.models import User
from tests.network import upload_files as files
from tests.network.clamd import clamd_fixture  # noqa: F401 (the clamd fixture)
from tests.webinars.test_uploads import MP4

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(User.objects.get(email="editor@hub.example"))


def upload(client, name, content):
    response = client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )
    stored = get_document_model().objects.filter(title=name).exists()
    return response, html.unescape(response.content.decode()), stored


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("guide.pdf", files.pdf_with_actions(escaped=True), "contains scripts, automatic"),
        ("guide.pdf", files.pdf_with_script_in_object_stream(), "contains scripts, automatic"),
        ("guide.pdf", files.pdf_zip_polyglot(), "is damaged or hides another file inside it"),
        ("plan.docx", files.docx_with_remote_template(), "loads content from another address"),
        ("plan.docx", files.docx_with_macro_workbook(), "contains macros or embedded files"),
        ("plan.docx", files.zip_bomb_docx(), "unpacks to more than"),
    ],
)
def test_active_or_hostile_documents_are_refused(client, editor, name, data, expected):
    response, content, stored = upload(client, name, data)
    assert response.status_code == 200
    assert f"“{name}” {expected}" in content
    assert not stored


def test_clean_documents_are_stored(client, editor):
    for name, data in [("guide.pdf", files.clean_pdf()), ("plan.docx", files.clean_docx())]:
        response, _content, stored = upload(client, name, data)
        assert response.status_code == 302 and stored, name


def test_with_clamd_eicar_is_refused_and_a_video_is_not_sent_to_it(client, editor, settings, clamd):
    settings.HUB_CLAMD_ADDRESS = clamd
    response, content, stored = upload(client, "notes.txt", files.EICAR)
    assert "“notes.txt” contains a virus or other harmful software" in content
    assert not stored
    assert upload(client, "notes.txt", files.FRENCH_TEXT.encode())[2]
    # A recording is larger than clamd's stream limit: checked by its header, not scanned,
    # so a daemon that cannot answer does not stop it (a PDF is refused then).
    settings.HUB_CLAMD_ADDRESS = "/nonexistent/clamd.sock"
    assert upload(client, "talk.mp4", MP4)[2]
    _response, content, stored = upload(client, "guide.pdf", files.clean_pdf())
    assert "We could not check “guide.pdf” for viruses. Please try again later." in content
    assert not stored


# --- Text and RTF documents (the review's gaps) ---


def test_text_documents_go_through_the_help_desk_s_text_check():
    from webinars.uploads import content_problem

    assert content_problem("liste.csv", "nom;courriel\nÉlise;e@example.org\n".encode()) is None
    assert content_problem("liste.csv", "nom;ville\nÉlise;Montréal\n".encode("cp1252")) is None
    for name, data in [
        ("notes.txt", files.GIF_JS_POLYGLOT),
        ("notes.txt", files.pdf_zip_polyglot()),
        ("liste.csv", b"a,b\n" + files.write_zip({"x.js": "alert(1)"})),
        ("liste.csv", b"a,b\x00\x01\n"),
    ]:
        problem = content_problem(name, data)
        assert problem is not None and problem.reason == uploads.FORMAT, name


def test_an_rtf_with_an_embedded_object_is_refused():
    from webinars.uploads import content_problem

    clean = rb"{\rtf1\ansi{\fonttbl\f0\fswiss Helvetica;}\f0\pard Plan de s\'e9curit\'e9.\par}"
    assert content_problem("plan.rtf", clean) is None
    for word in (rb"\object\objemb", rb"\objupdate", rb"\objdata 0105000002000000"):
        data = clean[:-1] + rb"{" + word + rb"{\*\objclass Word.Document.8}}}"
        problem = content_problem("plan.rtf", data)
        assert problem is not None and problem.reason == uploads.EMBEDDED, word


def odt(**parts: str | bytes) -> bytes:
    """A text document as LibreOffice writes one (mimetype first, stored)."""
    members = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument'
        ':xmlns:office:1.0" office:version="1.3"><office:body><office:text/></office:body>'
        "</office:document-content>",
        "META-INF/manifest.xml": '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0"/>',
    }
    members.update(parts)
    return files.write_zip(members)


def test_an_odt_with_macros_scripts_or_embedded_objects_is_refused():
    from webinars.uploads import content_problem

    assert content_problem("plan.odt", odt()) is None
    for part in ("Basic/Standard/Module1.xml", "Scripts/python/run.py", "Object 1/content.xml"):
        problem = content_problem("plan.odt", odt(**{part: "<x/>"}))
        assert problem is not None and problem.reason == uploads.EMBEDDED, part
    assert content_problem("plan.odt", b"not a zip").reason == uploads.FORMAT
    dtd = odt(**{"content.xml": '<!DOCTYPE x [<!ENTITY a "b">]><x/>'})
    assert content_problem("plan.odt", dtd).reason == uploads.FORMAT
    # A zip bomb: refused for its size, or, when its directory lies, as a damaged file.
    for honest, reason in ((True, uploads.UNPACKED), (False, uploads.FORMAT)):
        bomb = files.zip_bomb_docx(inflated=200 * 1024**2, honest=honest)
        assert content_problem("plan.odt", bomb).reason == reason
