"""Virus scanning through ClamAV's daemon (network.virus_scan; issue 22 finding 5: "the
EICAR test string (no scanning at all)").

A private clamd runs for these tests: its own configuration, socket and signature database
in a temporary folder. freshclam cannot fetch ClamAV's signatures without the internet, so
the database holds one line, a body signature for EICAR, which is enough for clamd to start
and to scan for real. Needs Debian's clamav-daemon (.ci/run installs it; with CI=true a skip
fails the run, tests/conftest.py).
"""

import html
import socket
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from network import attachments, virus_scan
from tests.network.clamd import FakeClamd, clamd_fixture  # noqa: F401 (the clamd fixture)
from tests.network.upload_files import EICAR, FRENCH_TEXT, clean_docx, clean_pdf, png_bytes


@pytest.fixture
def scanning(settings, clamd):
    settings.HUB_CLAMD_ADDRESS = clamd
    settings.HUB_CLAMD_TIMEOUT = 10
    return clamd


def upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        attachments.check(upload(name, data))
    return " ".join(caught.value.messages)


# --- clamd for real ---


def test_clamd_finds_eicar_and_passes_clean_bytes(clamd):
    assert virus_scan.scan(EICAR, address=clamd, timeout=10) == virus_scan.Verdict(
        infected=True, signature="Hub-Test-EICAR.UNOFFICIAL"
    )
    assert not virus_scan.scan(FRENCH_TEXT.encode(), address=clamd, timeout=10).infected
    # Bigger than one chunk, EICAR in the middle of the stream, across no chunk boundary.
    padding = b"a" * (virus_scan.CHUNK * 3 - 10)
    assert virus_scan.scan(padding + EICAR + padding, address=clamd, timeout=10).infected


def test_the_eicar_string_is_refused_when_clamd_is_configured(scanning):
    message = refusal("notes.txt", EICAR)
    assert "“notes.txt” contains a virus or other harmful software, so it was not saved." in (
        message
    )
    with translation.override("fr"):
        french = refusal("notes.txt", EICAR)
    assert "virus" in french and "harmful" not in french


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("brief.pdf", clean_pdf()),
        ("plan.docx", clean_docx()),
        ("screen.png", png_bytes()),
        ("lettre.txt", FRENCH_TEXT.encode()),
    ],
)
def test_clean_files_pass_the_scan(scanning, name, data):
    assert attachments.check(upload(name, data)).name == name


def test_a_city_filing_eicar_sees_it_refused_in_french_and_nothing_is_saved(client, scanning, db):
    from helpdesk.models import Attachment, HelpRequest
    from network.models import Membership
    from tests.network.factories import MembershipFactory, OrganisationFactory

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
            "summary": "Tract haineux",
            "details": "Des tracts ont été déposés devant la mairie.",
            "country": "CA",
            "region": "CA-QC",
            "language": "fr",
            "sensitivity": "standard",
            "files": [upload("tract.txt", EICAR)],
        },
    )
    content = html.unescape(response.content.decode())
    assert response.status_code == 200
    with translation.override("fr"):
        expected = translation.gettext(
            "“%(name)s” contains a virus or other harmful software, so it was not saved. "
            "Please do not send it again, and have the computer it came from checked."
        ) % {"name": "tract.txt"}
    assert expected in content
    assert "Des tracts ont été déposés devant la mairie." in content
    assert (HelpRequest.objects.count(), Attachment.objects.count()) == before


# --- When clamd cannot answer: refused, never let through ---


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (None, "a timeout"),
        (b"INSTREAM size limit exceeded. ERROR\0", "an error answer"),
        (b"", "a closed connection"),
    ],
)
def test_a_scanner_that_fails_refuses_the_upload(settings, reply, why):
    fake = FakeClamd(reply)
    settings.HUB_CLAMD_ADDRESS = fake.address
    settings.HUB_CLAMD_TIMEOUT = 0.5
    started = time.monotonic()
    try:
        message = refusal("lettre.txt", FRENCH_TEXT.encode())
    finally:
        fake.close()
    assert "We could not check “lettre.txt” for viruses. Please try again later." in message, why
    assert time.monotonic() - started < 2
    assert fake.received == FRENCH_TEXT.encode()  # the whole file went to the scanner


def test_a_scanner_that_is_down_refuses_the_upload(settings, tmp_path):
    settings.HUB_CLAMD_ADDRESS = str(tmp_path / "no-such.sock")
    assert "could not check" in refusal("brief.pdf", clean_pdf())
    closed = socket.create_server(("127.0.0.1", 0))
    settings.HUB_CLAMD_ADDRESS = f"127.0.0.1:{closed.getsockname()[1]}"
    closed.close()
    assert "could not check" in refusal("brief.pdf", clean_pdf())


def test_a_clean_answer_over_tcp_lets_the_file_through(settings):
    fake = FakeClamd(b"stream: OK\0")
    settings.HUB_CLAMD_ADDRESS = fake.address
    data = b"x" * (virus_scan.CHUNK * 2 + 5)  # three chunks
    try:
        assert attachments.check(upload("log.txt", data)).size == len(data)
    finally:
        fake.close()
    assert fake.received == data


def test_without_clamd_configured_nothing_is_scanned(settings):
    """What docs/deploy.md says: with HUB_CLAMD_ADDRESS empty, the content checks still
    run but no file is scanned; the EICAR string is plain text and goes through."""
    settings.HUB_CLAMD_ADDRESS = ""
    assert not virus_scan.configured()
    assert attachments.check(upload("eicar.txt", EICAR)).content_type == "text/plain"
