"""A session's recording as a visitor meets it: the player, chapters that jump to a time and
a searchable transcript. Plain reads of the page's fields; no models imported.

Chapters and transcript links work without JavaScript: they reload the page at `?t=<s>`,
and the player starts there (a media fragment for uploaded files, the start parameter for
YouTube and Vimeo). A YouTube or Vimeo player is only loaded when the visitor asks for it
(`?play=1`), from the platform's privacy-enhanced address.
"""

import re
from urllib.parse import urlencode, urlparse

from django.utils.translation import gettext as _

YOUTUBE = re.compile(r"(?:youtube\.com/(?:watch\?(?:.*&)?v=|embed/|live/)|youtu\.be/)([\w-]{6,})")
VIMEO = re.compile(r"vimeo\.com/(?:video/)?(\d+)")


def parse_time(text: str) -> int:
    """'1:02:03', '62:03' or '45' → seconds. ValueError for anything else."""
    parts = [int(part) for part in text.strip().split(":")]
    if not 1 <= len(parts) <= 3 or any(part < 0 for part in parts):
        raise ValueError(text)
    if any(part >= 60 for part in parts[1:]):
        raise ValueError(text)
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def embed_url(url: str, *, start: int = 0) -> str:
    """The privacy-enhanced player address for a YouTube or Vimeo link ('' if neither)."""
    if match := YOUTUBE.search(url):
        query = {"rel": 0, **({"start": start} if start else {})}
        return f"https://www.youtube-nocookie.com/embed/{match.group(1)}?{urlencode(query)}"
    if match := VIMEO.search(url):
        fragment = f"#t={start}s" if start else ""
        return f"https://player.vimeo.com/video/{match.group(1)}?dnt=1{fragment}"
    return ""


def video_type(filename: str) -> str:
    """The MIME type a browser needs in <source type> to pick a file it can play."""
    kind = filename.rsplit(".", 1)[-1].lower()
    return {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm"}.get(kind, "")


def unplayable_documents(fields: dict) -> dict[str, str]:
    """A session form's recording documents the player cannot play, with what to choose
    instead: {field name: message}."""
    wanted = {
        "recording_file": (("mp4", "webm"), _("Choose a video file (.mp4 or .webm).")),
        "captions": (("vtt",), _("Choose a WebVTT caption file (.vtt).")),
    }
    return {
        name: message
        for name, (kinds, message) in wanted.items()
        if fields.get(name) and fields[name].filename.rsplit(".", 1)[-1].lower() not in kinds
    }


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
            "file_type": video_type(file.filename) if file else "",
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
            ],
            "transcript": passages,
            "query": query,
            "has_transcript": len(session.transcript) > 0,
        }
    }
