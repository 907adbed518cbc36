"""The applicant's pages through the test client (grants.views): the eligibility check,
starting once, drafts kept on the server through a lost session, a stale page refused
without loss, submitting once with one receipt in the application's language, files and
other organisations' applications out of reach, French pages in French."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from grants.models import Application, GrantFile
from network.models import OutboxEmail
from tests.grants.factories import applicant, call_page, translate
from tests.grants.test_applying import fix_demo_tree
from tests.network.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {"summary": "Workshops in schools.", "audience": "youth", "amount": "12000"}


@pytest.fixture(autouse=True)
def _setup():
    OutboxEmail.objects.all().delete()
    fix_demo_tree()


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def start(client, call, user, language="en", **extra):
    client.force_login(user)
    data = {
        "question_0": "yes",
        "title": "Youth workshops",
        "organisation": user.memberships.get().organisation_id,
        **extra,
    }
    return client.post(url("grants:eligibility", call.pk, language=language), data)


def draft(client, application, answers=None, action="save", language="en", **extra):
    data = {"revision": application.revision, "action": action, **(answers or {}), **extra}
    return client.post(url("grants:application", application.public_id, language=language), data)


def test_the_eligibility_check_refuses_with_the_calls_explanation(client):
    call, user = call_page(), applicant()
    response = start(client, call, user, question_0="no")
    assert response.status_code == 200
    page = soup(response)
    assert "Only organisations may apply." in page.select_one("[role=alert]").text
    assert page.select_one("fieldset legend").text.startswith("Are you a community-based")
    assert not Application.objects.filter(call=call).exists()


def test_someone_without_an_organisation_is_told_how_to_join(client):
    client.force_login(UserFactory())
    page = soup(client.get(url("grants:eligibility", call_page().pk)))
    assert page.select_one(".notice a")["href"].endswith("/organisations/")
    assert page.select_one(".grants-apply form") is None


def test_starting_twice_gives_one_application(client):
    call, user = call_page(), applicant()
    first = start(client, call, user)
    second = start(client, call, user)
    application = Application.objects.get(call=call)
    assert first.url == second.url == url("grants:application", application.public_id)
    # Coming back to the check, the person is offered the application already started.
    notice = soup(client.get(url("grants:eligibility", call.pk))).select_one(".notice a")
    assert notice["href"] == first.url and "Youth workshops" in notice.text


def test_a_draft_survives_a_lost_session(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    response = draft(client, application, {"summary": "Half an idea"})
    assert response.status_code == 302
    client.logout()  # the session expires
    address = url("grants:application", application.public_id)
    away = client.get(address)
    assert away.status_code == 302 and f"next={address}" in away.url.replace("%2F", "/")
    client.force_login(user)
    page = soup(client.get(address))
    assert page.select_one("textarea[name=summary]").text.strip() == "Half an idea"


def test_the_autosave_answers_json_and_refuses_a_stale_page(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    save_url = url("grants:save", application.public_id)
    saved = client.post(save_url, {"revision": 0, "summary": "First tab"})
    assert saved.status_code == 200
    assert saved.json()["revision"] == 1 and saved.json()["message"].startswith("Saved at")
    stale = client.post(save_url, {"revision": 0, "summary": "Second tab"})
    assert stale.status_code == 409 and "saved somewhere else" in stale.json()["message"]
    # The page form refuses it too, keeping what was typed on the page.
    response = client.post(
        url("grants:application", application.public_id),
        {"revision": 0, "action": "save", "summary": "Second tab again"},
    )
    assert response.status_code == 409
    page = soup(response)
    assert "saved somewhere else" in page.select_one("[data-error-summary]").text
    assert page.select_one("textarea[name=summary]").text.strip() == "Second tab again"
    application.refresh_from_db()
    assert application.answers["summary"] == "First tab"


def test_submit_with_missing_answers_names_them_at_their_fields(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    response = draft(client, application, {"summary": "Only this"}, action="submit")
    assert response.status_code == 400
    page = soup(response)
    summary = page.select_one("[data-error-summary]").text
    assert "Answer this question before you send." in summary
    assert page.select_one("#id_audience_error") or "audience" in str(page.select(".field--error"))
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert application.answers == {"summary": "Only this"}  # what was typed is saved


def test_submit_twice_gives_one_application_and_one_receipt(
    client, django_capture_on_commit_callbacks
):
    call, user = call_page(), applicant(email="ana@bridges.example")
    start(client, call, user)
    application = Application.objects.get(call=call)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = draft(client, application, ANSWERS, action="submit")
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(
            url("grants:submit", application.public_id), {"revision": 1, **ANSWERS}
        )
    assert first.status_code == second.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    to_person = [m for m in mail.outbox if m.to == ["ana@bridges.example"]]
    assert len(to_person) == 1 and len(mail.outbox) == 2  # and the profile's contact
    assert application.reference in to_person[0].subject
    page = soup(client.get(first.url))
    assert "Your application is sent" in page.text
    assert "Workshops in schools." in page.select_one(".grants-answers").text


def test_the_receipt_of_a_french_application_is_in_french(
    client, django_capture_on_commit_callbacks
):
    call, user = call_page(), applicant(language="en")
    french = translate(call)
    start(client, french, user, language="fr")
    application = Application.objects.get(call=call)
    assert application.language == "fr"
    with django_capture_on_commit_callbacks(execute=True):
        draft(client, application, ANSWERS, action="submit", language="fr")
    receipt = next(m for m in mail.outbox if m.to == [user.email])
    assert (
        receipt.subject.startswith("Demande") and receipt.extra_headers["Content-Language"] == "fr"
    )
    html = BeautifulSoup(receipt.alternatives[0][0], "html.parser")
    assert "Nous avons reçu" in html.text
    assert f"/fr/grants/applications/{application.public_id}/" in receipt.body


def test_another_organisations_application_and_file_are_404(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    draft(
        client,
        application,
        {"letter": SimpleUploadedFile("letter.txt", b"We support them.", "text/plain")},
    )
    stored = GrantFile.objects.get(application=application)
    # A member downloads it.
    download = client.get(url("grants:file", stored.public_id))
    assert download.status_code == 200 and b"".join(download.streaming_content) == (
        b"We support them."
    )
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(applicant())
    for address in [
        url("grants:application", application.public_id),
        url("grants:withdraw", application.public_id),
        url("grants:file", stored.public_id),
    ]:
        assert client.get(address).status_code == 404
    assert (
        client.post(url("grants:save", application.public_id), {"revision": 1}).status_code == 404
    )


def test_the_french_pages_have_french_labels(client):
    call, user = call_page(), applicant()
    french = translate(call)
    response = start(client, french, user, language="fr")
    page = soup(client.get(response.url))
    assert page.html["lang"] == "fr"
    buttons = [button.text.strip() for button in page.select("form.grants-form button")]
    assert buttons == ["Enregistrer le brouillon", "Envoyer la demande"]
    assert "Obtenir de l’aide pour cette demande" in page.text
    eligibility = soup(client.get(url("grants:eligibility", french.pk, language="fr")))
    assert eligibility.h1.text == "Vérifiez que vous pouvez présenter une demande"


def test_the_profile_page_saves_and_returns_to_the_application(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    organisation = application.organisation
    back = url("grants:application", application.public_id)
    response = client.post(
        url("grants:profile", organisation.pk) + f"?next={back}",
        {
            "legal_name": "Bridges Society",
            "address": "1 Main St",
            "contact_name": "Ana",
            "contact_email": "ana@bridges.example",
            "uei": "bad",
        },
    )
    assert response.status_code == 200 and "12 capital letters" in response.content.decode()
    response = client.post(
        url("grants:profile", organisation.pk) + f"?next={back}",
        {
            "legal_name": "Bridges Society",
            "address": "1 Main St",
            "contact_name": "Ana",
            "contact_email": "ana@bridges.example",
        },
    )
    assert response.status_code == 302 and response.url == back
    client.force_login(applicant())
    assert client.get(url("grants:profile", organisation.pk)).status_code == 404


def test_your_applications_lists_them_with_the_next_step(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    page = soup(client.get(url("grants:mine")))
    row = page.select_one("tbody tr")
    assert "Youth workshops" in row.text and "Finish and send the application" in row.text
    client.force_login(applicant())
    assert "Youth workshops" not in client.get(url("grants:mine")).content.decode()


def test_withdraw_asks_first(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    address = url("grants:withdraw", application.public_id)
    assert client.get(address).status_code == 200
    assert client.post(address, {"reason": "Plans changed"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert re.search("withdrawn", soup(client.get(url("grants:mine"))).text)


def test_a_file_the_storage_lost_gets_a_page_that_says_so(client):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    draft(client, application, {"letter": SimpleUploadedFile("l.txt", b"Yes.", "text/plain")})
    stored = GrantFile.objects.get(application=application)
    stored.file.storage.delete(stored.file.name)
    response = client.get(url("grants:file", stored.public_id))
    assert response.status_code == 404
    page = soup(response)
    assert page.h1.text == "This file is no longer available"
    assert page.select_one("a.button")["href"] == url("grants:application", application.public_id)


def test_a_page_left_open_after_sending_saves_nothing(client, django_capture_on_commit_callbacks):
    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        draft(client, application, ANSWERS, action="submit")
    # The same page, still open in another tab, saves its draft.
    response = client.post(
        url("grants:application", application.public_id),
        {"revision": 0, "action": "save", **ANSWERS, "summary": "Changed"},
        follow=True,
    )
    assert "can no longer be changed" in response.content.decode()
    application.refresh_from_db()
    assert application.answers["summary"] == "Workshops in schools."
    autosave = client.post(url("grants:save", application.public_id), {"revision": 2})
    assert autosave.status_code == 409


def test_an_invited_concept_shows_the_invitation_and_the_concept_note(client):
    call, user = call_page(concept_note_first=True), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    assert application.stage == "concept"
    draft(client, application, {"idea": "Youth radio."}, action="submit")
    # The hub invites the full proposal (the reviewing side's step).
    Application.objects.filter(pk=application.pk).update(
        stage="proposal", status=Application.Status.DRAFT
    )
    page = soup(client.get(url("grants:application", application.public_id)))
    assert "you are invited to send the full proposal" in page.text
    assert "Youth radio." in page.select_one(".grants-concept").text
    assert page.select_one("textarea[name=summary]") is not None


def test_after_the_deadline_the_page_hides_send_and_the_draft_still_saves(client):
    import datetime

    from django.utils import timezone

    from grants.models import CallPage

    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    CallPage.objects.filter(pk=call.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    page = soup(client.get(url("grants:application", application.public_id)))
    buttons = [button.text.strip() for button in page.select("form.grants-form button")]
    assert buttons == ["Save draft"]
    alert = page.select_one(".alert--warning").text
    assert "This call closed on" in alert and "can no longer be sent" in alert
    assert draft(client, application, {"summary": "Still typing"}).status_code == 302
    application.refresh_from_db()
    # A forged "send" is refused with the same words; nothing is sent.
    refused = draft(client, application, ANSWERS, action="submit")
    assert refused.status_code == 400
    assert "This call closed on" in soup(refused).select_one(".error-summary, [role=alert]").text
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_a_french_reader_answers_the_canonical_questions_with_french_labels(client):
    from tests.grants.test_applying import FRENCH_FORM

    call, user = call_page(), applicant()
    french = translate(call, proposal_form=FRENCH_FORM)
    response = start(client, french, user, language="fr")
    page = soup(client.get(response.url))
    assert page.select_one("label[for=id_summary]").text.strip().startswith("Que fera le projet")
    # The question the translation lacks is still asked, marked as English.
    audience = page.select_one("input[name=audience]")
    assert audience is not None
    assert audience.find_parent(attrs={"lang": "en"}) is not None
    assert page.select_one("input[name=amount]") is not None
    application = Application.objects.get(call=call)
    refused = draft(client, application, {"summary": "Ateliers"}, action="submit", language="fr")
    assert refused.status_code == 400
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_the_help_sentence_is_shown_only_with_its_link(client, monkeypatch):
    from grants import views

    call, user = call_page(), applicant()
    start(client, call, user)
    application = Application.objects.get(call=call)
    address = url("grants:application", application.public_id)
    monkeypatch.setattr(views, "office_hours_url", lambda request: "")
    assert "Book a free call" not in client.get(address).content.decode()
    monkeypatch.setattr(views, "office_hours_url", lambda request: "/office-hours/")
    help_ = soup(client.get(address)).select_one(".grants-help")
    assert "Book a free call" in help_.text
    assert help_.select_one("a[href='/office-hours/']") is not None


def test_your_applications_costs_the_same_queries_for_one_or_five(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = applicant()
    organisation = user.memberships.get().organisation
    client.force_login(user)

    def add(slug):
        call = call_page(slug=slug)
        translate(call, title=f"Appel {slug}")
        Application.objects.create(
            call=call, organisation=organisation, created_by=user, title=slug, language="fr"
        )

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("grants:mine", language="fr"))
        assert response.status_code == 200
        return len(queries), soup(response)

    add("first")
    count()  # the first request warms the per-process caches (site, locales)
    one, page = count()
    assert "Appel first" in page.select_one("tbody").text
    for n in range(4):
        add(f"more-{n}")
    count()  # publishing pages emptied the menus' cache: warm it again
    five, page = count()
    assert len(page.select("tbody tr")) == 5
    assert "Appel more-3" in page.select_one("tbody").text
    assert five == one
