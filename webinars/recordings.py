"""A session's recording: the player, chapters that jump to a time, a searchable
transcript, and the matching entry in the Resource Hub.

Chapters and transcript links work without JavaScript: they reload the page at `?t=<s>`,
and the player starts there (a media fragment for uploaded files, the start parameter for
YouTube and Vimeo). A YouTube or Vimeo player is only loaded when the visitor asks for it
(`?play=1`), from the platform's privacy-enhanced address.
"""

import re
from urllib.parse import urlencode, urlparse

from django.utils import translation
from django.utils.translation import gettext as _

from .models.pages import parse_time

YOUTUBE = re.compile(r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|live/)|youtu\.be/)([\w-]{6,})")
VIMEO = re.compile(r"vimeo\.com/(?:video/)?(\d+)")


def embed_url(url: str, *, start: int = 0) -> str:
    """The privacy-enhanced player address for a YouTube or Vimeo link ('' if neither)."""
    if match := YOUTUBE.search(url):
        query = {"rel": 0, **({"start": start} if start else {})}
        return f"https://www.youtube-nocookie.com/embed/{match.group(1)}?{urlencode(query)}"
    if match := VIMEO.search(url):
        fragment = f"#t={start}s" if start else ""
        return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1{fragment}"
    return ""


def platform_name(url: str) -> str:
    host = urlparse(url).hostname or ""
    return "Vimeo" if "vimeo" in host else "YouTube"


def _seconds(text: str) -> int:
    try:
        return parse_time(text)
    except ValueError:
        return 0


def _start(params) -> int:
    raw = params.get("t", "")
    return int(raw) if re.fullmatch(r"[0-9]{1,5}", raw) and int(raw) < 24 * 3600 else 0


def recording_view(session, params) -> dict:
    """Template context for a session's recording, from the query string (t, play, q)."""
    if not session.has_recording:
        return {}
    start = _start(params)
    query = " ".join(params.get("q", "").split())[:100]
    passages = []
    for passage in session.transcript:
        text = passage.value["text"]
        if query and query.casefold() not in text.casefold():
            continue
        passages.append(
            {
                "seconds": _seconds(passage.value["time"]),
                "time": passage.value["time"],
                "speaker": passage.value["speaker"],
                "text": text,
            }
        )
    file = session.recording_file
    return {
        "recording": {
            "start": start,
            "file_url": f"{file.url}#t={start}" if file else "",
            "captions_url": session.captions.url if session.captions else "",
            "captions_language": session.delivery_language
            if session.delivery_language in ("en", "fr")
            else session.locale.language_code,
            "embed_url": embed_url(session.recording_url, start=start)
            if params.get("play") == "1" and not file
            else "",
            "platform": platform_name(session.recording_url) if session.recording_url else "",
            "chapters": [
                {
                    "seconds": _seconds(c.value["time"]),
                    "time": c.value["time"],
                    "title": c.value["title"],
                }
                for c in session.chapters
            ],  # fmt: skip
            "transcript": passages,
            "query": query,
            "has_transcript": len(session.transcript) > 0,
        }
    }


def _resource_fields(session) -> dict:
    from pages.models import ResourcePage

    return {
        "title": session.title,
        "summary": session.summary,
        "resource_type": ResourcePage.Kind.RECORDING,
        "published_on": session.starts_at.date(),
        "body": [
            ("call_to_action", {
                "text": _("The recording, its chapters and transcript are on the session’s page."),
                "link": {"label": _("Watch the recording"), "page": session, "url": ""},
            })
        ],
    }  # fmt: skip


def sync_resource(session) -> None:
    """Publishing a recording adds (or updates) its entry in the Resource Hub: a Recording
    with the session's title, summary and topics, linking back to the session. A French
    session's entry is the French translation of the English entry."""
    from django.conf import settings
    from wagtail.models import Locale

    from pages.models import ContentLanguage, ResourceHubPage, ResourcePage

    from .models import WebinarPage

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
