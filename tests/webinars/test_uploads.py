"""Recordings uploaded in the admin (webinars.uploads): video and WebVTT captions as
documents, each kind with its own limit and a check of its content, then played on the
session's page with its captions."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from network.models import User
from tests.webinars.factories import WebinarSessionFactory
from webinars.player import unplayable_documents
from webinars.uploads import looks_like, max_bytes

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:04.000\nWelcome, everyone.\n"


def test_each_kind_of_file_has_its_own_limit_and_signature():
    assert max_bytes("session.MP4") > max_bytes("deck.pdf") > max_bytes("captions.vtt")
    assert looks_like("a.mp4", MP4) and looks_like("a.webm", WEBM)
    assert looks_like("a.vtt", VTT) and looks_like("a.vtt", b"\xef\xbb\xbfWEBVTT\r\n")
    assert not looks_like("a.vtt", b"1\n00:00:00,000 --> 00:00:04,000\nHi\n")  # SubRip
    assert not looks_like("a.vtt", b"WEBVTTX")
    assert not looks_like("a.mp4", b"<html><script>alert(1)</script>")
    assert looks_like("deck.pdf", b"anything")


@pytest.fixture
def editor(client):
    user = User.objects.get(email="editor@hub.example")
    client.force_login(user)
    return user


def upload(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


@pytest.mark.django_db
def test_the_admin_accepts_video_and_captions_and_refuses_impostors(client, editor):
    Document = get_document_model()
    for name, content in [("talk.mp4", MP4), ("talk.webm", WEBM), ("talk.vtt", VTT)]:
        assert upload(client, name, content).status_code == 302, name
    assert set(Document.objects.values_list("title", flat=True)) >= {
        "talk.mp4",
        "talk.webm",
        "talk.vtt",
    }
    refused = upload(client, "sneaky.vtt", b"<html><script>alert(1)</script></html>")
    assert refused.status_code == 200
    assert "WebVTT file starts with the line WEBVTT" in refused.content.decode()
    refused = upload(client, "huge.vtt", b"WEBVTT\n" + b"x" * max_bytes("a.vtt"))
    assert "too big" in refused.content.decode()
    assert not Document.objects.filter(title__in=["sneaky.vtt", "huge.vtt"]).exists()


@pytest.mark.django_db
def test_an_uploaded_recording_plays_with_its_captions(client, editor):
    upload(client, "recording.mp4", MP4)
    upload(client, "recording.vtt", VTT)
    Document = get_document_model()
    video = Document.objects.get(title="recording.mp4")
    captions = Document.objects.get(title="recording.vtt")
    session = WebinarSessionFactory(recording_file=video, captions=captions)

    html = BeautifulSoup(client.get(session.url).content, "html.parser")
    player = html.select_one("#recording video")
    assert player is not None and player.has_attr("controls")
    source = player.find("source")
    assert source["type"] == "video/mp4" and source["src"].startswith(video.url)
    track = player.find("track")
    assert track["kind"] == "captions" and track["src"] == captions.url
    assert track["srclang"] == "en"
    served = client.get(captions.url)
    assert served.status_code == 200 and served["Content-Type"].startswith("text/vtt")


def test_a_session_refuses_a_document_the_player_cannot_play():
    class Doc:
        def __init__(self, filename):
            self.filename = filename

    assert unplayable_documents({"recording_file": Doc("talk.MP4"), "captions": Doc("c.vtt")}) == {}
    assert unplayable_documents({"recording_file": Doc("deck.pdf"), "captions": Doc("c.srt")}) == {
        "recording_file": "Choose a video file (.mp4 or .webm).",
        "captions": "Choose a WebVTT caption file (.vtt).",
    }
    assert unplayable_documents({"recording_file": None}) == {}
