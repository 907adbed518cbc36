"""The office-hours slot picker: the experts, the filters and a week of open slots, read
for the programme page's `{% slot_picker %}` tag and the booking pages. Reads only.

Times are shown in the viewer's zone (their profile's, or the one they pick; visitors get
the hub's default) with the expert's own time and zone named beside them.
"""

import datetime
import zoneinfo
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from wagtail.images import get_image_model
from wagtail.models import Locale

from network.choices import TIME_ZONES
from network.models import ExpertProfile, Topic

from .forms import SlotFilterForm
from .models import OfficeHoursPage
from .picker_cache import kept as kept_picker
from .slots import open_slots

VALID_ZONES = {value for value, _label in TIME_ZONES}
WEEK = datetime.timedelta(days=7)
HORIZON = datetime.timedelta(days=180)  # how far ahead the weeks go
# Asked for no week, this one and the next are searched for the first open slot (the rest
# of this week may be empty, on a Friday); more would cost its computing for every visitor.
LOOK_AHEAD = 2
# The one rendition templates/components/person.html asks for (a 64px avatar, sharp at 2x).
AVATAR = "fill-128x128"


def viewer_zone(request) -> zoneinfo.ZoneInfo:
    chosen = request.GET.get("zone", "")
    if chosen in VALID_ZONES:
        return zoneinfo.ZoneInfo(chosen)
    user = request.user
    if user.is_authenticated and user.time_zone in VALID_ZONES:
        return zoneinfo.ZoneInfo(user.time_zone)
    return zoneinfo.ZoneInfo(settings.HUB_DEFAULT_TIME_ZONE)


def localized_topics(keys) -> dict:
    """translation_key → the topic in the active language (or the original)."""
    found = {}
    active = Locale.get_active()
    for topic in Topic.objects.filter(translation_key__in=set(keys)).order_by("pk"):
        if topic.translation_key not in found or topic.locale_id == active.pk:
            found[topic.translation_key] = topic
    return found


def with_avatars(experts):
    """Fetch the avatar rendition of these experts' photos (selected with them) in one
    query for the whole list, none when nobody has a photo, instead of one per expert."""
    photos = [expert.photo for expert in experts if expert.photo_id]
    if photos:
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=AVATAR)
        prefetch_related_objects(
            photos, Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
    return experts


def experts_of(programme: OfficeHoursPage):
    """The programme's active experts. Their ids are read as a list, not a subquery: in a
    preview the page's experts are the edit form's, held in memory (modelcluster), and a
    subquery of them hands dicts to pk__in."""
    return (
        ExpertProfile.objects.active()
        .filter(pk__in=programme.expert_ids())
        .select_related("user", "photo")
        .prefetch_related("topics")
    )


def slot_rows(slots, experts: dict, zone) -> list[dict]:
    rows = []
    for slot in slots:
        expert = experts[slot.expert_id]
        expert_zone = zoneinfo.ZoneInfo(expert.time_zone)
        rows.append(
            {
                "key": slot.key,
                "starts": slot.starts_at.astimezone(zone),
                "ends": slot.ends_at.astimezone(zone),
                "expert": expert,
                "expert_starts": slot.starts_at.astimezone(expert_zone),
                "same_zone": expert_zone.key == zone.key,
            }
        )
    return rows


def monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def week_days(rows: list[dict], first: datetime.date, today: datetime.date) -> list[dict]:
    """Monday to Sunday from `first`, each day with its rows (already in order): the week
    grid's columns. Days before today are marked, as they can hold no open slot."""
    by_day = {day: list(items) for day, items in groupby(rows, key=lambda r: r["starts"].date())}
    days = [first + datetime.timedelta(days=n) for n in range(7)]
    return [{"date": day, "rows": by_day.get(day, []), "past": day < today} for day in days]


def open_week(
    experts, chosen: datetime.date | None, zone, *, leave_out=None, **options
) -> tuple[dict, list]:
    """The week to show and its open slots. Asked for none, the first of the next few
    weeks that has one (this week's may be over already): the look-ahead is the same four
    queries as a single week (slots.open_slots)."""
    today = timezone.localtime(timezone.now(), zone).date()
    weeks = _weeks(chosen, today)

    def midnight(day):
        return datetime.datetime.combine(day, datetime.time(), tzinfo=zone)

    ahead = WEEK * (LOOK_AHEAD if chosen is None else 1)
    start = weeks["week_start"]
    slots = open_slots(experts, start=midnight(start), end=midnight(start + ahead), **options)
    slots = [slot for slot in slots if slot.starts_at != leave_out]
    if chosen is None and slots:
        first = monday(slots[0].starts_at.astimezone(zone).date())
        if first != start:
            weeks = {**_weeks(first, today), "jumped": True}
    start, end = midnight(weeks["week_start"]), midnight(weeks["week_start"] + WEEK)
    return weeks, [slot for slot in slots if start <= slot.starts_at < end]


def _weeks(chosen: datetime.date | None, today: datetime.date) -> dict:
    """The week shown (from its Monday, between this week and the horizon) and its
    neighbours, None where there is nothing to go back or on to."""
    this_week, last_week = monday(today), monday(today + HORIZON)
    first = min(max(monday(chosen or today), this_week), last_week)
    return {
        "week_start": first,
        "week_end": first + datetime.timedelta(days=6),
        "previous_week": first - WEEK if first > this_week else None,
        "next_week": first + WEEK if first < last_week else None,
    }


# What the picker's answer depends on, besides the viewer's zone and language.
PICKER_PARAMS = ("topic", "language", "expert", "week", "zone")


def picker_context(page: OfficeHoursPage, request) -> dict:
    """The experts, the filters and one week of open slots. They are the same for everyone
    who asks the same question in the same zone and language, so they are built once a
    minute at most and kept for all of them (picker_cache)."""
    zone = viewer_zone(request)
    asked = QueryDict(mutable=True)  # the picker's own parameters: nothing else counts
    for name in PICKER_PARAMS:
        if request.GET.getlist(name):
            asked.setlist(name, request.GET.getlist(name))
    picker = kept_picker(
        request, [page.pk, zone.key], asked, lambda: build_picker(page, request, zone, asked)
    )
    return {"picker": mark_safe(picker["html"]), "slot_count": picker["count"], "zone": zone}


def build_picker(page: OfficeHoursPage, request, zone, asked: QueryDict) -> dict:
    """The picker's HTML and its number of slots, in a fixed number of queries whatever the
    number of experts and slots."""
    experts = with_avatars(list(experts_of(page.programme)))
    topics = localized_topics(t.translation_key for e in experts for t in e.topics.all())
    for expert in experts:
        expert.shown_topics = [topics[t.translation_key] for t in expert.topics.all()]
    topic_choices = sorted({(t.slug, t.name) for t in topics.values()}, key=lambda c: c[1])
    data = asked.copy()
    if data:
        data.setdefault("zone", zone.key)  # a link that names no zone shows the viewer's
    form = SlotFilterForm(
        data or None,
        topics=topic_choices,
        experts=[(str(expert.pk), expert.user.full_name) for expert in experts],
        initial={"zone": zone.key},
    )
    form.is_valid()  # a bad value in one field leaves the others in force
    chosen = getattr(form, "cleaned_data", {})
    shown = experts
    if chosen.get("topic"):
        keys = {t.translation_key for t in topics.values() if t.slug == chosen["topic"]}
        shown = [e for e in shown if keys & {t.translation_key for t in e.topics.all()}]
    if chosen.get("language"):
        shown = [e for e in shown if chosen["language"] in e.languages]
    if chosen.get("expert"):
        shown = [e for e in shown if str(e.pk) == chosen["expert"]]
    today = timezone.localtime(timezone.now(), zone).date()
    weeks, slots = open_week(
        ExpertProfile.objects.filter(pk__in=[e.pk for e in shown]), chosen.get("week"), zone
    )
    rows = slot_rows(slots, {e.pk: e for e in shown}, zone)
    # Only the picker's own parameters travel on (the answer is kept under those alone).
    query = asked.copy()
    query.pop("week", None)
    context = {
        "page": page,
        "experts": experts,
        "filter_form": form,
        "filtered": bool(set(asked) - {"week"}),  # the filters stay open on phones
        "zone": zone,
        "zone_asked": zone.key if asked.get("zone") in VALID_ZONES else "",
        "days": week_days(rows, weeks["week_start"], today),
        "slot_count": len(rows),
        # Several experts' slots side by side: each button names its expert.
        "several_experts": len(shown) > 1,
        **weeks,
        "query": query.urlencode(),
    }
    html = render_to_string("office_hours/_slot_picker.html", context, request)
    return {"html": html, "count": len(rows)}
