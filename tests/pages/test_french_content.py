"""What a French visitor reads is French, or says in French that it is not: help-desk topics,
a resource's files and the languages it exists in, the demo's slugs, an academy's
introduction."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, TranslationSource

from network.models import Topic, User
from pages.models import ResourceDocument, ResourceHubPage, ResourcePage

pytestmark = pytest.mark.django_db

ROADMAP_FR = "/fr/ressources/feuille-de-route-en-dix-etapes/"
TOOLKIT_FR = "/fr/ressources/trousse-cadre-local-de-prevention/"


def soup(client, url) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


# --- Help-desk topics ---


def topic_labels(client) -> dict[str, dict]:
    client.force_login(User.objects.get(email="official.brampton@hub.example"))
    with translation.override("fr"):
        url = reverse("helpdesk:new")
    page = soup(client, url)
    return {
        label.get_text(strip=True): label
        for label in page.select("label")
        if label.find_previous("input", {"name": "topics"}) is not None
        and (label.get("for") or "").startswith("id_topics")
    }


def test_help_desk_form_lists_its_topics_in_french_on_fr(client):
    labels = topic_labels(client)
    assert "Haine et harcèlement anti-gouvernement" in labels
    assert "Cartographie globale et inclusive" in labels
    assert "Anti-government hate and harassment" not in labels
    assert not any(label.select("[lang]") for label in labels.values())


def test_help_desk_topics_are_in_french_alphabetical_order(client):
    labels = list(topic_labels(client))
    assert labels.index("Coordination") < labels.index("Élaborer une stratégie")
    assert labels.index("Élaborer une stratégie") < labels.index("Mettre en œuvre la prévention")


def test_an_untranslated_topic_is_offered_in_english_marked_english(client):
    Topic.objects.create(locale=Locale.get_default(), name="Election security", slug="elections")
    (label,) = [label for text, label in topic_labels(client).items() if "Election" in text]
    assert label.select_one("span[lang=en]").get_text() == "Election security"


def test_topics_chosen_in_french_are_stored_as_the_rows_other_models_point_at():
    english = Topic.objects.get(locale__language_code="en", slug="harassment")
    with translation.override("fr"):
        shown = {topic.pk: topic.local_name for topic in Topic.objects.named_in()}
    assert shown[english.pk] == "Haine et harcèlement anti-gouvernement"
    assert shown[english.pk].lang == "fr"
    assert len(shown) == Topic.objects.filter(locale__language_code="en").count()


# --- Resources and their files ---


def downloads(page: BeautifulSoup):
    return page.select(".documents__list li")


def test_french_resource_offers_its_french_file_under_its_french_title(client):
    (item,) = downloads(soup(client, ROADMAP_FR))
    link = item.select_one("a")
    assert (
        link.get_text()
        == "Libérer le potentiel des villes\u00a0: une feuille de route en dix étapes"
    )
    assert not link.has_attr("lang") and link["hreflang"] == "fr"
    assert "anglais" not in item.get_text()
    english = ResourcePage.objects.get(locale__language_code="en", slug="ten-step-roadmap")
    assert link["href"] != english.documents.get().url


def test_french_resource_with_only_an_english_file_says_so_in_french(client):
    (item,) = downloads(soup(client, TOOLKIT_FR))
    link = item.select_one("a")
    assert link["lang"] == "en" and link["hreflang"] == "en"
    assert link.get_text().startswith("A toolkit for cities")
    assert "en anglais" in item.select_one(".documents__meta").get_text()


def available_in(page: BeautifulSoup) -> str:
    (term,) = [
        dt for dt in page.select(".facts dt") if dt.get_text() in ("Available in", "Offert en")
    ]
    return term.find_next_sibling("dd").get_text()


def test_languages_a_resource_exists_in_are_named_in_the_readers_language(client):
    assert available_in(soup(client, ROADMAP_FR)) == "anglais, français"
    assert available_in(soup(client, "/en/resources/ten-step-roadmap/")) == "English, French"


def test_resource_hub_language_facet_is_in_the_readers_language(client):
    page = soup(client, "/fr/ressources/")
    labels = {label.get_text(strip=True) for label in page.select("label[for^=f-language]")}
    assert {"Anglais", "Français", "Espagnol"} <= labels


def test_a_translator_can_give_the_french_page_its_own_file_in_wagtail_localize():
    """The file is an overridable segment of the translation (ResourceDocument is translated
    with its page): the override becomes the French page's file."""
    Document = get_document_model()
    english_file = Document.objects.create(title="Guide", file=ContentFile(b"%PDF-1.4", "g.pdf"))
    french_file = Document.objects.create(title="Guide (FR)", file=ContentFile(b"%PDF", "f.pdf"))
    hub = ResourceHubPage.objects.get(locale__language_code="en")
    resource = ResourcePage(
        title="Guide", slug="new-guide", summary="A guide.", resource_type="guide",
        locale=hub.locale,
    )  # fmt: skip
    resource.documents.add(ResourceDocument(document=english_file, label="The guide"))
    hub.add_child(instance=resource)
    resource.save_revision().publish()

    source, _ = TranslationSource.get_or_create_from_instance(resource)
    (file_segment,) = [
        segment for segment in OverridableSegment.objects.filter(source=source)
        if segment.context.path.endswith(".document")
    ]  # fmt: skip
    french = Locale.objects.get(language_code="fr")
    SegmentOverride.objects.create(
        locale=french, context=file_segment.context, data_json=json.dumps(french_file.pk)
    )
    translation_page, _created = source.create_or_update_translation(french, fallback=True)

    (row,) = ResourcePage.objects.get(pk=translation_page.pk).offered_documents()
    assert row.document == french_file and row.lang == "fr"
    (original,) = resource.offered_documents()
    assert original.document == english_file and original.lang == "en"


# --- Slugs and academies ---


def test_french_demo_pages_have_french_slugs():
    french = Page.objects.filter(locale__language_code="fr", alias_of__isnull=True)
    assert french.count() > 30
    assert list(french.filter(slug__endswith="-fr").values_list("slug", flat=True)) == []


def test_academy_canada_french_introduction_is_french(client):
    page = soup(client, "/fr/academie-de-prevention-canada/")
    main = page.select_one("main")
    text = main.get_text(" ", strip=True)
    assert "Pour les municipalités canadiennes confrontées à la montée de la haine" in text
    assert "For Canadian municipalities" not in text
    assert not main.select("[lang=en]")
    overview = soup(client, "/fr/academies/").get_text(" ", strip=True)
    assert "For Canadian municipalities" not in overview


# --- Webinars ---


def test_french_webinar_names_speaker_roles_and_transcript_speakers_in_french(client):
    page = soup(
        client,
        "/fr/webinaires/crises-mondiales-repercussions-locales/amenagement-urbain-et-prevention/",
    )
    assert "Experte du Pôle, Toronto" in page.select_one(".speakers").get_text()
    speakers = [strong.get_text() for strong in page.select(".transcript strong")]
    assert "Animatrice\u00a0:" in speakers
    assert not any("Moderator" in speaker for speaker in speakers)


def test_loading_the_demo_again_keeps_each_files_translation(client):
    from django.core.management import call_command

    from academy.models import Cohort

    before = (ResourceDocument.objects.count(), Cohort.objects.count())
    with open("/dev/null", "w") as devnull:
        call_command("load_demo", stdout=devnull)
    assert (ResourceDocument.objects.count(), Cohort.objects.count()) == before
    (item,) = downloads(soup(client, ROADMAP_FR))
    assert item.select_one("a")["hreflang"] == "fr"
    (item,) = downloads(soup(client, TOOLKIT_FR))
    assert item.select_one("a")["hreflang"] == "en"
