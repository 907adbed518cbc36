"""A translation goes through the same moderation as its source: an editor translates a page
in wagtail-localize's translation editor, submits it to the page's workflow from there, the
moderators are told by email, and the French page goes live only when one approves."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, Page, TaskState, WorkflowState
from wagtail_localize.models import StringSegment, Translation

from network.models import User
from pages.models import ResourcePage

pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Diriger la riposte : guide à l’intention des maires"


def page_html(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return BeautifulSoup(response.content.decode(), "html.parser")


def workflow_state(page):
    return WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk)
    )


@pytest.fixture
def french(demo):
    return Locale.objects.get(language_code="fr")


@pytest.fixture
def english_guide(demo):
    return ResourcePage.objects.get(locale__language_code="en", slug="guide-for-mayors")


def start_translation(client, english, french) -> Translation:
    """What "Translate this page" on the French alias does, then typing every text."""
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english.pk]),
        {"locales": [french.pk]},
    )
    assert response.status_code == 302, response.status_code
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=french
    )
    segments = StringSegment.objects.filter(source=translation.source)
    for segment in segments.select_related("string", "context"):
        if segment.context.path == "slug":
            french_text = "diriger-la-riposte"
        elif segment.string.data == english.title:
            french_text = FRENCH_TITLE
        else:
            french_text = "Texte traduit."
        response = client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": french_text}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code in (200, 201), response.content
    return translation


def test_an_editor_submits_a_translation_and_a_moderator_publishes_it(
    client, english_guide, french
):
    editor = User.objects.get(email="editor@hub.example")
    client.force_login(editor)
    start_translation(client, english_guide, french)
    page = english_guide.get_translation(french)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    # The translation editor offers to submit to the moderators (the editor cannot publish).
    assert not page.permissions_for_user(editor).can_publish()
    editor_page = page_html(client, edit_url)
    panel = editor_page.select_one("[data-translation-moderation]")
    assert panel is not None
    form = panel.find("form")
    assert form["action"] == reverse("pages_translation_submit", args=[page.pk])
    assert form.find("button").get_text(strip=True) == "Submit for moderation"

    mail.outbox.clear()
    response = client.post(form["action"])
    assert response.status_code == 302 and response["Location"] == edit_url

    state = workflow_state(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
    task_state = state.current_task_state
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    page = Page.objects.get(pk=page.pk).specific
    assert task_state.revision_id == page.latest_revision_id
    assert task_state.revision.as_object().title == FRENCH_TITLE

    # The moderators are told; the editor is not told of their own submission.
    moderator_mail = [m for m in mail.outbox if "moderator@hub.example" in m.to]
    assert moderator_mail, [m.to for m in mail.outbox]
    assert FRENCH_TITLE in moderator_mail[0].subject + moderator_mail[0].body
    assert not [m for m in mail.outbox if editor.email in m.to]

    # The editor sees it is waiting; the public still sees the English.
    waiting = page_html(client, edit_url).select_one("[data-translation-moderation]")
    assert "waiting for the moderators’ review" in waiting.get_text()
    assert waiting.find("form") is None
    client.logout()
    public = page_html(client, page.url)
    assert public.find("h1").get_text() == "Leading the response: a guide for mayors"

    # A moderator approves: the French page is live, in French.
    client.force_login(User.objects.get(email="moderator@hub.example"))
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    assert client.post(approve, {}).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    client.logout()
    page = Page.objects.get(pk=page.pk)
    assert page.url == "/fr/ressources/diriger-la-riposte/"  # its French address, now live
    public = page_html(client, page.url)
    heading = public.find("h1")
    assert heading.get_text() == FRENCH_TITLE
    assert not heading.has_attr("lang")  # its own words now: French, not marked English
    assert public.select("section.documents a")  # the French page still offers the file
    english = page_html(client, english_guide.url)
    assert english.find("h1").get_text() == "Leading the response: a guide for mayors"
    assert english.select("section.documents a")  # and the original keeps its own


def test_a_translation_waiting_for_moderation_is_not_submitted_twice(client, english_guide, french):
    client.force_login(User.objects.get(email="editor@hub.example"))
    start_translation(client, english_guide, french)
    page = english_guide.get_translation(french)
    submit = reverse("pages_translation_submit", args=[page.pk])
    client.post(submit)
    response = client.post(submit, follow=True)
    assert "already waiting for moderation" in response.content.decode()
    assert workflow_state(page).count() == 1


def test_a_translation_sent_back_is_resubmitted_to_the_same_workflow(client, english_guide, french):
    editor = User.objects.get(email="editor@hub.example")
    client.force_login(editor)
    start_translation(client, english_guide, french)
    page = english_guide.get_translation(french)
    client.post(reverse("pages_translation_submit", args=[page.pk]))
    state = workflow_state(page).get()
    task_state = state.current_task_state
    moderator = User.objects.get(email="moderator@hub.example")
    task_state.task.specific.on_action(task_state, moderator, "reject")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    panel = page_html(client, reverse("wagtailadmin_pages:edit", args=[page.pk])).select_one(
        "[data-translation-moderation]"
    )
    assert "asked for changes" in panel.get_text()
    assert panel.find("button").get_text(strip=True) == "Resubmit for moderation"
    client.post(reverse("pages_translation_submit", args=[page.pk]))
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert workflow_state(page).count() == 1


def test_only_people_who_may_edit_the_page_can_submit_it(client, english_guide, french):
    client.force_login(User.objects.get(email="editor@hub.example"))
    start_translation(client, english_guide, french)
    page = english_guide.get_translation(french)
    client.force_login(User.objects.get(email="expert.amara@hub.example"))
    response = client.post(reverse("pages_translation_submit", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert not workflow_state(page).exists()
    client.logout()
    response = client.post(reverse("pages_translation_submit", args=[page.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not workflow_state(page).exists()


def test_a_page_not_written_in_the_translation_editor_has_no_panel(client, english_guide):
    client.force_login(User.objects.get(email="editor@hub.example"))
    response = client.post(
        reverse("pages_translation_submit", args=[english_guide.pk]), follow=True
    )
    assert "not written with the translation editor" in response.content.decode()
    assert not workflow_state(english_guide).exists()
