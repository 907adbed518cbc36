"""The office-hours views: booking a slot, and an organisation's bookings (the slot picker
itself is read by office_hours.picker for the programme page).

Times are shown in the viewer's zone (their profile's, or the one they pick; visitors get
the hub's default) with the expert's own time and zone named beside them.
"""

import datetime
import zoneinfo

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from network.models import ExpertProfile, Organisation, Topic
from pages import dates
from pages.templatetags.hub_tags import page_breadcrumbs

from . import at_risk, services
from .forms import AtRiskCallForm, BookingCancelForm, BookingForm, RescheduleForm
from .models import Booking, OfficeHoursPage
from .picker import (
    experts_of,
    localized_topics,
    open_week,
    slot_rows,
    viewer_zone,
    week_days,
    with_avatars,
)
from .slots import nearest, open_slots, parse_key


def _member_organisations(user):
    return Organisation.objects.of_user(user).order_by("name")


def _topics_of(expert) -> list:
    shown = localized_topics(t.translation_key for t in expert.topics.all())
    return Topic.objects.filter(pk__in=[topic.pk for topic in shown.values()])


def _alternatives(programme, wanted, zone, *, expert_ids=None) -> list[dict]:
    experts = experts_of(programme)
    if expert_ids:
        experts = experts.filter(pk__in=expert_ids)
    experts = {expert.pk: expert for expert in experts}
    slots = open_slots(
        ExpertProfile.objects.filter(pk__in=list(experts)),
        start=wanted - datetime.timedelta(days=7),
        end=wanted + datetime.timedelta(days=14),
    )
    return slot_rows(sorted(nearest(slots, wanted)), experts, zone)


@never_cache
@require_http_methods(["GET", "POST"])
def book(request, page_id: int):
    """One slot of a programme (a live office-hours page): the booking form (GET), or the
    booking (POST)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = get_object_or_404(OfficeHoursPage.objects.live(), pk=page_id)
    if not page.accepts(request):
        raise Http404
    programme = page.programme
    zone = viewer_zone(request)
    key = request.POST.get("slot") if request.method == "POST" else request.GET.get("slot")
    parsed = parse_key(key or "")
    if parsed is None or parsed[0] not in programme.expert_ids():
        messages.error(request, _("Choose a slot from the list."))
        return redirect(page.get_url(request))
    expert_id, starts_at = parsed
    expert = get_object_or_404(experts_of(programme), pk=expert_id)
    with_avatars([expert])
    organisations = _member_organisations(request.user)
    context = {"page": page, "self": page, "zone": zone, "expert": expert}
    context["breadcrumbs"] = [
        *page_breadcrumbs({"request": request}, page),
        {"title": page.title, "url": page.get_url(request)},
    ]
    slot = [
        s
        for s in open_slots(
            ExpertProfile.objects.filter(pk=expert_id),
            start=starts_at,
            end=starts_at + datetime.timedelta(hours=4),
        )
        if s.starts_at == starts_at
    ]
    if not organisations.exists():
        context["no_organisation"] = True
        return render(request, "office_hours/office_hours_book.html", context)
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
    context["slot"] = slot_rows(slot, {expert.pk: expert}, zone)[0] if slot else None
    context["form"] = form
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                booking, created = services.book(
                    programme=programme,
                    expert_id=expert_id,
                    starts_at=starts_at,
                    organisation=data["organisation"],
                    user=request.user,
                    topic=data["topic"],
                    questions=data["questions"],
                    language=data["language"],
                )
            except services.SlotTaken:
                return _taken(request, page, starts_at, zone, context, status=409)
            except ValidationError as error:
                if context["slot"] is None:
                    # Not open to this form (too soon, too far): the rule it breaks, and
                    # the nearest slots that are open.
                    return _taken(
                        request,
                        page,
                        starts_at,
                        zone,
                        context,
                        status=409,
                        message=" ".join(error.messages),
                    )
                messages.error(request, " ".join(error.messages))
            else:
                if created:
                    messages.success(
                        request,
                        _(
                            "Booked. We have emailed you the details, the "
                            "meeting link and a calendar invitation."
                        ),
                    )
                else:
                    messages.info(request, _("You had already booked this slot."))
                return redirect("office_hours:booking", booking.public_id)
    return render(request, "office_hours/office_hours_book.html", context)


def _taken(request, page, starts_at, zone, context, *, status, message=""):
    messages.error(
        request, message or _("Sorry, this slot was just taken. Please pick another one.")
    )
    context["alternatives"] = _alternatives(page.programme, starts_at, zone)
    context["taken"] = True
    return render(request, "office_hours/office_hours_book.html", context, status=status)


# --- A call for a request where someone is at risk now ---


def _moment_label(row: dict, zone) -> str:
    """A free moment in the viewer's zone (named once, above the list), and on the expert's
    clock when it differs."""
    text = dates.format_range(row["starts"], row["ends"], zone, with_zone=False)
    if row["same_zone"]:
        return text
    expert_zone = row["expert"].time_zone
    return _("%(when)s (for the expert: %(time)s, %(zone)s)") % {
        "when": text,
        "time": dates.format_time(row["expert_starts"], expert_zone),
        "zone": dates.zone_label(expert_zone),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def at_risk_call(request, request_id):
    """The assigned expert's first free moments for a help-desk request where someone is at
    risk now, the minimum notice waived (office_hours.at_risk), or plain words that there is
    none soon enough and what to do instead. Another organisation's request answers 404."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    help_request = at_risk.request_for(request.user, request_id)
    if help_request is None:
        raise Http404
    zone = viewer_zone(request)
    context = {
        "help_request": help_request,
        "zone": zone,
        "request_url": reverse("helpdesk:request", args=[help_request.public_id]),
        "breadcrumbs": [
            *_home_crumbs(),
            {"title": _("Help desk"), "url": reverse("helpdesk:list")},
            {
                "title": help_request.reference,
                "url": reverse("helpdesk:request", args=[help_request.public_id]),
            },
        ],
        "soon_enough_hours": int(at_risk.SOON_ENOUGH.total_seconds() // 3600),
    }
    if not at_risk.waives_notice(request.user, help_request):
        context["refused"] = True
        if request.method == "POST":
            messages.error(
                request,
                _(
                    "Only a request where someone is at risk now, with an expert assigned, "
                    "can be booked at short notice. Pick a time from the office-hours page "
                    "instead."
                ),
            )
        context["programme"] = _programme_here()
        status = 403 if request.method == "POST" else 200
        return render(request, "office_hours/at_risk_call.html", context, status=status)
    expert = help_request.assignee
    now = timezone.now()
    slots = at_risk.soonest(expert.pk, now=now) if at_risk.programme_of(expert.pk) else []
    rows = slot_rows(slots, {expert.pk: expert}, zone)
    form = AtRiskCallForm(
        request.POST if request.method == "POST" else None,
        slots=[(row["key"], _moment_label(row, zone)) for row in rows],
        initial={"slot": rows[0]["key"] if rows else "", "language": help_request.language},
    )
    context.update({"expert": expert, "moments": rows, "form": form})
    status = 200
    if form.is_bound:
        if form.is_valid():
            _expert_id, starts_at = parse_key(form.cleaned_data["slot"])
            try:
                booking, created = services.book_at_risk_call(
                    help_request=help_request,
                    starts_at=starts_at,
                    user=request.user,
                    language=form.cleaned_data["language"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                status = 409
            else:
                if created:
                    messages.success(
                        request,
                        _(
                            "Your call is booked. We have emailed you and the expert the "
                            "details, the meeting link and a calendar invitation."
                        ),
                    )
                else:
                    messages.info(request, _("You had already booked this call."))
                return redirect("office_hours:booking", booking.public_id)
        else:
            status = 409 if "slot" in form.errors else 400
    return render(request, "office_hours/at_risk_call.html", context, status=status)


# --- An organisation's bookings ---


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
        "office_hours/bookings.html",
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
        may_change=booking.may_be_changed_by(request.user),
        cancel_url=reverse("office_hours:booking-cancel", args=[booking.public_id]),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def booking_link(request, token):
    """The booking page reached from the link in the booker's emails, without signing in."""
    try:
        booking = services.booking_from_token(token)
    except ValidationError as error:
        return render(
            request, "office_hours/booking.html", {"error": error.messages[0]}, status=404
        )
    return _booking_page(
        request,
        booking,
        may_change=True,
        cancel_url=reverse("office_hours:booking-link-cancel", args=[token]),
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
    if not booking.may_be_changed_by(request.user):
        raise Http404
    return _cancel_page(request, booking, back=reverse("office_hours:booking", args=[public_id]))


@never_cache
@require_http_methods(["GET", "POST"])
def booking_link_cancel(request, token):
    """The same confirmation, reached from the booking page the booker's emails link to."""
    try:
        booking = services.booking_from_token(token)
    except ValidationError as error:
        return render(
            request, "office_hours/booking.html", {"error": error.messages[0]}, status=404
        )
    return _cancel_page(request, booking, back=reverse("office_hours:booking-link", args=[token]))


def _person(request):
    """Who acted, for the booking's log: nobody signed in means the booking's emailed link."""
    return request.user if request.user.is_authenticated else None


def _cancel_page(request, booking: Booking, *, back: str):
    if not booking.can_be_changed():
        return redirect(back)  # the booking page says why it can no longer change
    form = BookingCancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.cancel(
                booking=booking, by=_person(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your booking is cancelled. We have told the expert; the slot is open again."),
            )
        return redirect(back + "#messages")
    zone = viewer_zone(request)
    if not request.user.is_authenticated and "zone" not in request.GET:
        zone = zoneinfo.ZoneInfo(booking.booked_by.time_zone)  # reached from their email
    return render(
        request,
        "office_hours/booking_cancel.html",
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
                    services.cancel(
                        booking=booking,
                        by=_person(request),
                        reason=cancel_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _(
                            "Your booking is cancelled. We have told the "
                            "expert; the slot is open again."
                        ),
                    )
                    return redirect(request.path)
            elif action == "reschedule":
                reschedule_form = RescheduleForm(request.POST)
                if reschedule_form.is_valid():
                    parsed = parse_key(reschedule_form.cleaned_data["slot"])
                    if parsed is None or parsed[0] != booking.expert_id:
                        raise ValidationError(_("Choose the new time from the list."))
                    services.reschedule(booking=booking, starts_at=parsed[1], by=_person(request))
                    messages.success(
                        request,
                        _(
                            "Your booking has moved. We have emailed you "
                            "and the expert the new time."
                        ),
                    )
                    return redirect(request.path)
            else:
                raise Http404
        except services.SlotTaken:
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
            {"title": _("My organisation’s office hours"), "url": reverse("office_hours:bookings")},
        ]
    if changeable:
        context.update(_reschedule_choices(booking, zone, week))
    return render(request, "office_hours/booking.html", context)


def _reschedule_choices(booking: Booking, zone, week) -> dict:
    """The expert's other open slots, a week at a time, to move the booking to."""
    today = timezone.localtime(timezone.now(), zone).date()
    weeks, slots = open_week(
        ExpertProfile.objects.filter(pk=booking.expert_id),
        week,
        zone,
        ignore_booking=booking,
        leave_out=booking.starts_at,
    )
    rows = slot_rows(slots, {booking.expert_id: booking.expert}, zone)
    return {"days": week_days(rows, weeks["week_start"], today), "slot_count": len(rows), **weeks}
