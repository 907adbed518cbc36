"""The webinar index's filters: series, topic and delivery language, read from the query
string. Unknown values are dropped, so a mangled link still answers a normal page."""

from pages.filters import topic_names

from .models import WebinarPage, WebinarSeriesPage


def filtered_sessions(index, params) -> dict:
    locale = index.locale
    series = list(WebinarSeriesPage.objects.live().child_of(index).order_by("path"))
    topics = sorted(topic_names(locale).items(), key=lambda item: item[1].lower())
    choices = {
        "series": [(page.slug, page.title) for page in series],
        "topic": topics,
        "language": list(WebinarPage.DeliveryLanguage.choices),
    }
    chosen = {
        name: params.get(name) if params.get(name) in dict(options) else ""
        for name, options in choices.items()
    }
    sessions = index.sessions()
    if chosen["series"]:
        parent = next(page for page in series if page.slug == chosen["series"])
        sessions = sessions.child_of(parent)
    if chosen["topic"]:
        sessions = sessions.filter(topics__slug=chosen["topic"]).distinct()
    if chosen["language"]:
        sessions = sessions.filter(delivery_language=chosen["language"])
    return {"sessions": sessions, "choices": choices, "chosen": chosen, "series_list": series}
