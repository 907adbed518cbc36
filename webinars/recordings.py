"""A published recording's entry in the Resource Hub (the player itself: webinars.player)."""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from pages.models import ContentLanguage, ResourceHubPage, ResourcePage

from .models import WebinarPage


def _resource_fields(session) -> dict:
    return {
        "title": session.title,
        "summary": session.summary,
        "resource_type": ResourcePage.Kind.RECORDING,
        "published_on": session.starts_at.date(),
        "body": [
            (
                "call_to_action",
                {
                    "text": _(
                        "The recording, its chapters and transcript are on the session’s page."
                    ),
                    "link": {"label": _("Watch the recording"), "page": session, "url": ""},
                },
            )
        ],
    }


@transaction.atomic
def sync_resource(*, session: WebinarPage) -> None:
    """Publishing a recording adds (or updates) its entry in the Resource Hub: a Recording
    with the session's title, summary and topics, linking back to the session. A French
    session's entry is the French translation of the English entry."""
    if not session.has_recording or session.alias_of_id:
        return
    languages = {"en": ["en"], "fr": ["fr"]}.get(session.delivery_language, ["en", "fr"])
    with translation.override(session.locale.language_code):
        fields = _resource_fields(session)
    default = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    if session.locale_id == default.pk:
        resource = session.resource
        if resource is None:
            hub = ResourceHubPage.objects.filter(locale=default).first()
            if hub is None:
                return
            resource = ResourcePage(slug=f"recording-{session.slug}", **fields)
            hub.add_child(instance=resource)
        resource = resource.specific
    else:
        source = WebinarPage.objects.filter(
            translation_key=session.translation_key, locale=default
        ).first()
        if source is None or source.resource is None:
            return  # the English entry comes first
        resource = source.resource.get_translation_or_none(session.locale)
        resource = (resource or source.resource.copy_for_translation(session.locale)).specific
        resource.alias_of = None
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.topics.set(session.topics.all())
    resource.languages.set(ContentLanguage.objects.filter(code__in=languages))
    resource.save_revision().publish()
    if session.resource_id != resource.pk:
        WebinarPage.objects.filter(pk=session.pk).update(resource=resource)
