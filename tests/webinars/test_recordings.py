"""Recordings on a session page (chapters, the searchable transcript) and the Resource Hub
entry (webinars.recordings)."""

import pytest
from wagtail.models import Locale

from pages.models import ResourcePage
from webinars.models import WebinarPage
from webinars.recordings import sync_resource

SESSION = "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/"
SESSION_FR = (
    "/fr/webinaires/crises-mondiales-repercussions-locales/amenagement-urbain-et-prevention/"
)


@pytest.mark.django_db
def test_nothing_loads_from_youtube_until_the_visitor_asks(client):
    page = client.get(SESSION).content.decode()
    assert "youtube-nocookie.com" not in page and "<iframe" not in page
    assert "Load the video from YouTube" in page
    assert "Why public space matters for cohesion" in page  # a chapter
    played = client.get(SESSION + "?play=1&t=270").content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/hubDemo0001?rel=0&amp;start=270"' in played


@pytest.mark.django_db
def test_chapters_and_transcript_jump_to_their_time(client):
    page = client.get(SESSION).content.decode()
    assert 'href="?t=1275&amp;play=1#recording"' in page  # 21:15
    assert "Squares and parks are where people" in page


@pytest.mark.django_db
def test_the_transcript_is_searchable(client):
    page = client.get(SESSION + "?q=lighting").content.decode()
    assert "1 passage mentions “lighting”." in page
    assert "redesigned the lighting" in page and "Squares and parks" not in page
    page = client.get(SESSION + "?q=%3Cscript%3E").content.decode()
    assert "<script>" not in page.split("<main", 1)[1].split("</main>")[0]


@pytest.mark.django_db
def test_the_french_page_has_french_chapters(client):
    page = client.get(SESSION_FR).content.decode()
    assert "Pourquoi l’espace public compte pour la cohésion" in page
    assert "Les places et les parcs" in page


@pytest.mark.django_db
def test_a_recording_has_its_entry_in_the_resource_hub_in_both_languages(client):
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    resource = ResourcePage.objects.get(pk=session.resource_id)
    assert resource.live and resource.resource_type == "recording"
    assert resource.title == session.title
    assert set(resource.topics.all()) == set(session.topics.all())
    french = resource.get_translation(Locale.objects.get(language_code="fr"))
    assert french.live and not french.alias_of_id
    assert french.title == "L’aménagement urbain au service de la prévention"
    hub = client.get("/en/resources/?type=recording").content.decode()
    assert "Urban design for violence prevention" in hub


@pytest.mark.django_db
def test_publishing_again_updates_the_same_entry(django_capture_on_commit_callbacks):
    session = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    before = session.resource_id
    session.title = "Urban design and violence prevention"
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    session.refresh_from_db()
    assert session.resource_id == before
    assert ResourcePage.objects.get(pk=before).title == "Urban design and violence prevention"


@pytest.mark.django_db
def test_sessions_without_a_recording_have_no_entry():
    session = WebinarPage.objects.get(locale__language_code="en", slug="what-cities-can-do")
    sync_resource(session=session)
    session.refresh_from_db()
    assert session.resource_id is None


@pytest.mark.django_db
def test_people_who_held_a_seat_get_the_recording_link_once(django_capture_on_commit_callbacks):
    from django.core import mail

    from webinars.models import Registration

    session = WebinarPage.objects.get(locale__language_code="en", slug="what-cities-can-do")
    for n, status in enumerate(["registered", "registered", "cancelled", "waitlisted"]):
        Registration.objects.create(
            session=session,
            email=f"w{n}@town.example",
            full_name=f"W {n}",
            consent=True,
            status=status,
            language="fr" if n == 1 else "en",
        )
    session.recording_url = "https://vimeo.com/76979871"
    with django_capture_on_commit_callbacks(execute=True):
        session.save_revision().publish()
    assert sorted(m.to[0] for m in mail.outbox) == ["w0@town.example", "w1@town.example"]
    french = next(m for m in mail.outbox if m.to == ["w1@town.example"])
    assert "enregistrement" in french.subject.lower()
    assert session.url + "#recording" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        WebinarPage.objects.get(pk=session.pk).save_revision().publish()
    assert len(mail.outbox) == 2
