"""The office-hours pages: the slot picker, booking a slot, and an organisation's bookings.

Times are shown in the viewer's zone (their profile's, or the one they pick; visitors get
the hub's default) with the expert's own time and zone named beside them.
"""

import datetime
import zoneinfo
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.images import get_image_model
from wagtail.models import Locale

from network.choices import TIME_ZONES
from network.models import ExpertProfile, Membership, Organisation, Topic
from pages.templatetags.hub_tags import page_breadcrumbs

from . import booking as flow
from .forms import BookingCancelForm, BookingForm, RescheduleForm, SlotFilterForm
from .models import Booking, OfficeHoursPage
from .picker_cache import kept as kept_picker
from .slots import nearest, open_slots, parse_key

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


def _localized_topics(keys) -> dict:
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


def _experts(programme: OfficeHoursPage):
    return (
        ExpertProfile.objects.active()
        .filter(pk__in=programme.programme_experts.values("expert_id"))
        .select_related("user", "photo")
        .prefetch_related("topics")
    )


def _slot_rows(slots, experts: dict, zone) -> list[dict]:
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


def _week(rows: list[dict], first: datetime.date, today: datetime.date) -> list[dict]:
    """Monday to Sunday from `first`, each day with its rows (already in order): the week
    grid's columns. Days before today are marked, as they can hold no open slot."""
    by_day = {day: list(items) for day, items in groupby(rows, key=lambda r: r["starts"].date())}
    days = [first + datetime.timedelta(days=n) for n in range(7)]
    return [{"date": day, "rows": by_day.get(day, []), "past": day < today} for day in days]


def _open_week(
    experts, chosen: datetime.date | None, zone, *, leave_out=None, **options
) -> tuple[dict, list]:
    """The week to show and its open slots. Asked for none, the first of the next few
    weeks that has one (this week's may be over already): the look-ahead is the same four
    queries as a single week (webinars.slots.open_slots)."""
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
    minute at most and kept for all of them (webinars.picker_cache)."""
    zone = viewer_zone(request)
    asked = QueryDict(mutable=True)  # the picker's own parameters: nothing else counts
    for name in PICKER_PARAMS:
        if request.GET.getlist(name):
            asked.setlist(name, request.GET.getlist(name))
    picker = kept_picker(
        request, [page.pk, zone.key], asked, lambda: _build_picker(page, request, zone, asked)
    )
    return {"picker": mark_safe(picker["html"]), "slot_count": picker["count"], "zone": zone}


def _build_picker(page: OfficeHoursPage, request, zone, asked: QueryDict) -> dict:
    """The picker's HTML and its number of slots, in a fixed number of queries whatever the
    number of experts and slots."""
    experts = with_avatars(list(_experts(page.programme)))
    topics = _localized_topics(t.translation_key for e in experts for t in e.topics.all())
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
    weeks, slots = _open_week(
        ExpertProfile.objects.filter(pk__in=[e.pk for e in shown]), chosen.get("week"), zone
    )
    rows = _slot_rows(slots, {e.pk: e for e in shown}, zone)
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
        "days": _week(rows, weeks["week_start"], today),
        "slot_count": len(rows),
        # Several experts' slots side by side: each button names its expert.
        "several_experts": len(shown) > 1,
        **weeks,
        "query": query.urlencode(),
    }
    html = render_to_string("webinars/_slot_picker.html", context, request)
    return {"html": html, "count": len(rows)}


def _member_organisations(user):
    return Organisation.objects.of_user(user).order_by("name")


def _topics_of(expert) -> list:
    shown = _localized_topics(t.translation_key for t in expert.topics.all())
    return Topic.objects.filter(pk__in=[topic.pk for topic in shown.values()])


def _alternatives(programme, wanted, zone, *, expert_ids=None) -> list[dict]:
    experts = _experts(programme)
    if expert_ids:
        experts = experts.filter(pk__in=expert_ids)
    experts = {expert.pk: expert for expert in experts}
    slots = open_slots(
        ExpertProfile.objects.filter(pk__in=list(experts)),
        start=wanted - datetime.timedelta(days=7),
        end=wanted + datetime.timedelta(days=14),
    )
    return _slot_rows(sorted(nearest(slots, wanted)), experts, zone)


@never_cache
def book_view(request, page: OfficeHoursPage):
    """One slot: the booking form (GET), or the booking (POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    programme = page.programme
    zone = viewer_zone(request)
    key = request.POST.get("slot") if request.method == "POST" else request.GET.get("slot")
    parsed = parse_key(key or "")
    if parsed is None or parsed[0] not in programme.expert_ids():
        messages.error(request, _("Choose a slot from the list."))
        return redirect(page.get_url(request))
    expert_id, starts_at = parsed
    expert = get_object_or_404(_experts(programme), pk=expert_id)
    with_avatars([expert])
    organisations = _member_organisations(request.user)
    context = {"page": page, "self": page, "zone": zone, "expert": expert}
    context["breadcrumbs"] = [
        *page_breadcrumbs({"request": request}, page),
        {"title": page.title, "url": page.get_url(request)},
    ]
    slot = [
        s for s in open_slots(
            ExpertProfile.objects.filter(pk=expert_id),
            start=starts_at, end=starts_at + datetime.timedelta(hours=4),
        ) if s.starts_at == starts_at
    ]  # fmt: skip
    if not organisations.exists():
        context["no_organisation"] = True
        return render(request, "webinars/office_hours_book.html", context)
    form = BookingForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        topics=_topics_of(expert),
        initial={"slot": key, "language": request.user.language},
    )
    if not slot and not (request.method == "POST" and form.is_valid()):
        # Gone (or booked a moment ago). A valid booking goes on to the service all the
        # same: the same person sending it twice gets their booking back.
        status = 409 if request.method == "POST" else 200
        return _taken(request, page, starts_at, zone, context, status=status)
    context["slot"] = _slot_rows(slot, {expert.pk: expert}, zone)[0] if slot else None
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking, created = flow.book(
                    programme=programme,
                    expert_id=expert_id,
                    starts_at=starts_at,
                    organisation=data["organisation"],
                    user=request.user,
                    topic=data["topic"],
                    questions=data["questions"],
                    language=data["language"],
                )
            except flow.SlotTaken:
                return _taken(request, page, starts_at, zone, context, status=409)
            except ValidationError as error:
                if context["slot"] is None:
                    return _taken(request, page, starts_at, zone, context, status=409)
                messages.error(request, " ".join(error.messages))
            else:
                if created:
                    messages.success(request, _("Booked. We have emailed you the details, the "
                                                "meeting link and a calendar invitation."))  # fmt: skip
                else:
                    messages.info(request, _("You had already booked this slot."))
                return redirect("webinars:booking", booking.public_id)
    return render(request, "webinars/office_hours_book.html", context)


def _taken(request, page, starts_at, zone, context, *, status):
    messages.error(request, _("Sorry, this slot was just taken. Please pick another one."))
    context["alternatives"] = _alternatives(page.programme, starts_at, zone)
    context["taken"] = True
    return render(request, "webinars/office_hours_book.html", context, status=status)


# --- An organisation's bookings ---


def _can_change(user, booking: Booking) -> bool:
    """The person who booked, or a lead of the organisation, changes a booking."""
    if not user.is_authenticated:
        return False
    if booking.booked_by_id == user.pk:
        return True
    return Membership.objects.filter(
        user=user, organisation_id=booking.organisation_id, role=Membership.Role.LEAD
    ).exists()


@never_cache
def bookings(request):
    """The office hours of the signed-in person's organisations, upcoming then past."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mine = (
        Booking.objects.of_my_organisations(request.user)
        .select_related("expert__user", "expert__photo", "organisation", "programme")
        .order_by("starts_at")
    )
    now = timezone.now()
    upcoming = _toned(b for b in mine.filter(ends_at__gt=now) if b.is_active)
    past = _toned(mine.filter(ends_at__lte=now).order_by("-starts_at")[:50])
    cancelled = _toned(mine.filter(ends_at__gt=now, status=Booking.Status.CANCELLED))
    with_avatars([booking.expert for booking in upcoming])  # only the cards show faces
    return render(
        request,
        "webinars/bookings.html",
        {
            "zone": viewer_zone(request),
            "upcoming": upcoming,
            "past": past,
            "cancelled": cancelled,
            "programme": _programme_here(),
            "breadcrumbs": _home_crumbs(),
        },
    )


# A booking's status as a badge (components/badge.html): its colour, the label says it.
STATUS_TONES = {
    Booking.Status.CONFIRMED: "success",
    Booking.Status.HELD: "neutral",
    Booking.Status.NO_SHOW: "warning",
    Booking.Status.CANCELLED: "danger",
}


def _toned(bookings) -> list[Booking]:
    bookings = list(bookings)
    for booking in bookings:
        booking.tone = STATUS_TONES.get(booking.status, "neutral")
    return bookings


def _home_crumbs() -> list[dict]:
    return [{"title": _("Home"), "url": f"/{translation.get_language()}/"}]


def _programme_here() -> OfficeHoursPage | None:
    """The office-hours page in the reader's language (or the original), where booking
    starts."""
    pages = OfficeHoursPage.objects.live().public().order_by("pk")
    active = Locale.get_active()
    found = None
    for page in pages.filter(locale__in=[active, Locale.get_default()]):
        if found is None or page.locale_id == active.pk:
            found = page
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def booking_detail(request, public_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    booking = get_object_or_404(
        Booking.objects.of_my_organisations(request.user).select_related(
            "programme", "expert__user", "expert__photo", "organisation", "topic", "booked_by"
        ),
        public_id=public_id,
    )
    return _booking_page(
        request,
        booking,
        may_change=_can_change(request.user, booking),
        cancel_url=reverse("webinars:booking-cancel", args=[booking.public_id]),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def booking_link(request, token):
    """The booking page reached from the link in the booker's emails, without signing in."""
    try:
        booking = flow.booking_from_token(token)
    except ValidationError as error:
        return render(request, "webinars/booking.html", {"error": error.messages[0]}, status=404)
    return _booking_page(
        request,
        booking,
        may_change=True,
        cancel_url=reverse("webinars:booking-link-cancel", args=[token]),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def booking_cancel(request, public_id):
    """Cancelling a booking: a page that says what follows and asks to confirm (GET); the
    POST cancels. Only the person who booked and the organisation's leads reach it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    booking = get_object_or_404(
        Booking.objects.of_my_organisations(request.user).select_related(
            "programme", "expert__user", "organisation"
        ),
        public_id=public_id,
    )
    if not _can_change(request.user, booking):
        raise Http404
    return _cancel_page(request, booking, back=reverse("webinars:booking", args=[public_id]))


@never_cache
@require_http_methods(["GET", "POST"])
def booking_link_cancel(request, token):
    """The same confirmation, reached from the booking page the booker's emails link to."""
    try:
        booking = flow.booking_from_token(token)
    except ValidationError as error:
        return render(request, "webinars/booking.html", {"error": error.messages[0]}, status=404)
    return _cancel_page(request, booking, back=reverse("webinars:booking-link", args=[token]))


def _cancel_page(request, booking: Booking, *, back: str):
    if not booking.can_be_changed():
        return redirect(back)  # the booking page says why it can no longer change
    form = BookingCancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            flow.cancel(booking=booking, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your booking is cancelled. We have told the expert; "
                                        "the slot is open again."))  # fmt: skip
        return redirect(back + "#messages")
    zone = viewer_zone(request)
    if not request.user.is_authenticated and "zone" not in request.GET:
        zone = zoneinfo.ZoneInfo(booking.booked_by.time_zone)  # reached from their email
    return render(
        request,
        "webinars/booking_cancel.html",
        {
            "booking": booking,
            "form": form,
            "back_url": back,
            "zone": zone,
            "starts": booking.starts_at.astimezone(zone),
            "ends": booking.ends_at.astimezone(zone),
        },
    )


def _booking_page(request, booking: Booking, *, may_change: bool, cancel_url: str = ""):
    with_avatars([booking.expert])
    zone = viewer_zone(request)
    if not request.user.is_authenticated and "zone" not in request.GET:
        zone = zoneinfo.ZoneInfo(booking.booked_by.time_zone)  # reached from their email
    cancel_form = BookingCancelForm()
    reschedule_form = RescheduleForm()
    if request.method == "POST":
        if not may_change:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "cancel":
                cancel_form = BookingCancelForm(request.POST)
                if cancel_form.is_valid():
                    flow.cancel(booking=booking, reason=cancel_form.cleaned_data["reason"])
                    messages.success(request, _("Your booking is cancelled. We have told the "
                                                "expert; the slot is open again."))  # fmt: skip
                    return redirect(request.path)
            elif action == "reschedule":
                reschedule_form = RescheduleForm(request.POST)
                if reschedule_form.is_valid():
                    parsed = parse_key(reschedule_form.cleaned_data["slot"])
                    if parsed is None or parsed[0] != booking.expert_id:
                        raise ValidationError(_("Choose the new time from the list."))
                    flow.reschedule(booking=booking, starts_at=parsed[1])
                    messages.success(request, _("Your booking has moved. We have emailed you "
                                                "and the expert the new time."))  # fmt: skip
                    return redirect(request.path)
            else:
                raise Http404
        except flow.SlotTaken:
            messages.error(request, _("Sorry, that time was just taken. Please pick another one."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        booking.refresh_from_db()
    changeable = may_change and booking.can_be_changed()
    week = None
    if changeable:
        try:
            week = datetime.date.fromisoformat(request.GET.get("week", ""))
        except ValueError:
            week = None
    context = {
        "booking": booking,
        "programme": booking.programme.localized.specific,
        "zone": zone,
        "starts": booking.starts_at.astimezone(zone),
        "ends": booking.ends_at.astimezone(zone),
        "expert_starts": booking.starts_at.astimezone(zoneinfo.ZoneInfo(booking.expert.time_zone)),
        "expert_zone": booking.expert.time_zone,
        "same_zone": booking.expert.time_zone == zone.key,
        "tone": STATUS_TONES.get(booking.status, "neutral"),
        "may_change": may_change,
        "changeable": changeable,
        "deadline": booking.change_deadline().astimezone(zone),
        "cancel_form": cancel_form,
        "cancel_url": cancel_url,
        "reschedule_form": reschedule_form,
        "show_meeting": booking.status == Booking.Status.CONFIRMED and not booking.has_ended,
    }
    if request.user.is_authenticated:
        context["breadcrumbs"] = [
            *_home_crumbs(),
            {"title": _("My organisation’s office hours"), "url": reverse("webinars:bookings")},
        ]
    if changeable:
        context.update(_reschedule_choices(booking, zone, week))
    return render(request, "webinars/booking.html", context)


def _reschedule_choices(booking: Booking, zone, week) -> dict:
    """The expert's other open slots, a week at a time, to move the booking to."""
    today = timezone.localtime(timezone.now(), zone).date()
    weeks, slots = _open_week(
        ExpertProfile.objects.filter(pk=booking.expert_id), week, zone,
        ignore_booking=booking, leave_out=booking.starts_at,
    )  # fmt: skip
    rows = _slot_rows(slots, {booking.expert_id: booking.expert}, zone)
    return {"days": _week(rows, weeks["week_start"], today), "slot_count": len(rows), **weeks}
