"""Webinar pages: the index (upcoming, then recordings), a series, and one session."""

import datetime
import time
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, PageManager, PageQuerySet
from wagtail.search import index

from network.choices import TIME_ZONES
from pages.blocks import BodyBlock
from pages.filters import topic_names
from pages.models import SitePage
from webinars.calendars import series_feed, session_file
from webinars.player import parse_time, recording_view, unplayable_documents

from .registrations import Registration

RECORDINGS_PER_PAGE = 12
UPCOMING_PER_PAGE = 12


def viewer_zone_name(request) -> str:
    """A signed-in person's own zone; visitors see each session in its own zone."""
    user = request.user
    return user.time_zone if user.is_authenticated else ""


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"))
    role = blocks.CharBlock(required=False, label=_("Role and organisation"))

    class Meta:
        icon = "user"
        label = _("Speaker")


class TimeBlock(blocks.CharBlock):
    """A time in the recording, typed as h:mm:ss or m:ss."""

    def __init__(self, **kwargs):
        super().__init__(
            max_length=8,
            label=_("Time"),
            help_text=_("In the recording, e.g. 12:30 or 1:05:00."),
            **kwargs,
        )

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_time(value)
        except ValueError as error:
            raise ValidationError(_("Write the time as minutes:seconds, e.g. 12:30.")) from error
        return value


class ChapterBlock(blocks.StructBlock):
    time = TimeBlock()
    title = blocks.CharBlock(label=_("Title"))

    class Meta:
        icon = "bookmark"
        label = _("Chapter")


class TranscriptSegmentBlock(blocks.StructBlock):
    time = TimeBlock()
    speaker = blocks.CharBlock(required=False, label=_("Speaker"))
    text = blocks.TextBlock(label=_("What was said"))

    class Meta:
        icon = "openquote"
        label = _("Transcript passage")


class WebinarPageForm(WagtailAdminPageForm):
    """The start time is typed, and shown, in the session's own time zone, whatever the
    editor's zone: 13:00 for a session in America/Regina means 13:00 in Regina."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.starts_at and "starts_at" in self.fields:
            zone = zoneinfo.ZoneInfo(self.instance.time_zone)
            self.initial["starts_at"] = timezone.localtime(self.instance.starts_at, zone).replace(
                tzinfo=None
            )

    def clean(self):
        cleaned = super().clean()
        value, zone = cleaned.get("starts_at"), cleaned.get("time_zone")
        if value and zone:
            wall_time = timezone.make_naive(value)  # as typed (read in the editor's zone)
            cleaned["starts_at"] = timezone.make_aware(wall_time, zoneinfo.ZoneInfo(zone))
        for name, message in unplayable_documents(cleaned).items():
            self.add_error(name, message)
        return cleaned


class WebinarQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Sessions that have not ended yet, live ones included."""
        return self.filter(ends_at__gt=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())


class WebinarIndexPage(RoutablePageMixin, SitePage):
    """Every webinar: upcoming sessions first, then the archive of recordings."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = [
        "webinars.WebinarSeriesPage",
        "webinars.WebinarPage",
        "office_hours.OfficeHoursPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("webinars index")

    # The listing is the same for everyone at one address who sees times in the same zone;
    # which sessions are upcoming changes with the clock, so it is kept a minute at most.
    content_cache = True
    LISTING_SECONDS = 60

    def content_cache_vary(self, request) -> list:
        minute = int(time.time() // self.LISTING_SECONDS)
        return [*super().content_cache_vary(request), viewer_zone_name(request), minute]

    @path("")
    def index_route(self, request, *args, **kwargs):
        kept = self.kept_content_response(request)
        return kept if kept is not None else super().index_route(request, *args, **kwargs)

    def sessions(self):
        return WebinarPage.objects.live().public().descendant_of(self)

    def filtered_sessions(self, params) -> dict:
        """The listing's filters (series, topic, delivery language) read from the query
        string. Unknown values are dropped, so a mangled link still answers a normal page."""
        series = list(WebinarSeriesPage.objects.live().child_of(self).order_by("path"))
        topics = sorted(topic_names(self.locale).items(), key=lambda item: item[1].lower())
        choices = {
            "series": [(page.slug, page.title) for page in series],
            "topic": topics,
            "language": list(WebinarPage.DeliveryLanguage.choices),
        }
        chosen = {
            name: params.get(name) if params.get(name) in dict(options) else ""
            for name, options in choices.items()
        }
        sessions = self.sessions()
        if chosen["series"]:
            parent = next(page for page in series if page.slug == chosen["series"])
            sessions = sessions.child_of(parent)
        if chosen["topic"]:
            sessions = sessions.filter(topics__slug=chosen["topic"]).distinct()
        if chosen["language"]:
            sessions = sessions.filter(delivery_language=chosen["language"])
        return {"sessions": sessions, "choices": choices, "chosen": chosen, "series_list": series}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.filtered_sessions(request.GET)
        past = Paginator(
            listing["sessions"].past().order_by("-starts_at", "-pk"), RECORDINGS_PER_PAGE
        )
        context.update(
            listing,
            viewer_zone=viewer_zone_name(request),
            upcoming=Paginator(
                listing["sessions"].upcoming().order_by("starts_at", "pk"), UPCOMING_PER_PAGE
            ).get_page(request.GET.get("upcoming")),
            past=past.get_page(request.GET.get("page")),
        )
        return context


class WebinarSeriesPage(RoutablePageMixin, SitePage):
    """A monthly series; its calendar feed lists every session."""

    summary = models.TextField(_("summary"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = SitePage.content_panels + [FieldPanel("summary"), FieldPanel("body")]

    parent_page_types = ["webinars.WebinarIndexPage"]
    subpage_types = ["webinars.WebinarPage"]

    search_fields = SitePage.search_fields + [index.SearchField("summary")]

    class Meta:
        verbose_name = _("webinar series")
        verbose_name_plural = _("webinar series")

    def sessions(self):
        return WebinarPage.objects.live().public().child_of(self)

    @cached_property
    def registration_page(self) -> "WebinarSeriesPage":
        """The series in the site's original language, which series registrations point to."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        source = self.get_translation_or_none(Locale.get_default())
        return source.specific if source else self

    def get_context(self, request, *args, **kwargs):
        """The series' sessions; its registration form comes from the template
        ({% registration_form %}), which posts to webinars:subscribe."""
        context = super().get_context(request, *args, **kwargs)
        sessions = self.sessions()
        context.update(
            viewer_zone=viewer_zone_name(request),
            upcoming=Paginator(
                sessions.upcoming().order_by("starts_at", "pk"), UPCOMING_PER_PAGE
            ).get_page(request.GET.get("upcoming")),
            past=sessions.past().order_by("-starts_at", "-pk")[:RECORDINGS_PER_PAGE],
        )
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """A feed calendar apps subscribe to: every session of the series, no join link."""
        return series_feed(self, request)


class WebinarPage(RoutablePageMixin, SitePage):
    """One session: when, in what language, who speaks, and how to register.

    Registrations belong to the page in its original language (`registration_page`), so a
    French visitor registering on the French page takes a seat of the same session.
    """

    class DeliveryLanguage(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        BILINGUAL = "bilingual", _("Bilingual (English and French)")
        INTERPRETED = "interpreted", _("With simultaneous interpretation")

    class RegistrationMode(models.TextChoices):
        OPEN = "open", _("Open: registrations are confirmed at once")
        APPROVAL = "approval", _("Approval: coordinators confirm each registration")

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        LIVE = "live", _("Live now")
        PAST = "past", _("Past")

    starts_at = models.DateTimeField(_("starts"), help_text=_("In the session's time zone."))
    ends_at = models.DateTimeField(editable=False)
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONES,
        default=settings.HUB_DEFAULT_TIME_ZONE,
        help_text=_("The zone the session is organised in; visitors also see their own."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(15)]
    )
    delivery_language = models.CharField(
        _("language"), max_length=12, choices=DeliveryLanguage, default=DeliveryLanguage.ENGLISH
    )
    capacity = models.PositiveIntegerField(_("seats"), default=300)
    registration_mode = models.CharField(
        _("registration"), max_length=10, choices=RegistrationMode, default=RegistrationMode.OPEN
    )
    join_url = models.URLField(
        _("join link"),
        blank=True,
        help_text=_("Private: sent only to registered people, never shown on the page."),
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The SEQUENCE registrants were last told about (webinars.registration.announce_change).
    announced_sequence = models.PositiveIntegerField(default=0, editable=False)
    # When registrants were sent the link to the recording (once).
    recording_announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What registrants were last told (webinars.registration.announce_change): an update
    # names what changed since.
    announced_starts_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_ends_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_join_url = models.URLField(blank=True, editable=False)
    # Cancelled by an editor (webinars.registration.cancel_session): the page says so and
    # takes no registrations; the message went to every registrant.
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_message = models.TextField(_("message to registrants"), blank=True, editable=False)
    summary = models.TextField(_("summary"))
    speakers = StreamField([("speaker", SpeakerBlock())], blank=True, verbose_name=_("speakers"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    topics = ParentalManyToManyField(
        "network.Topic", blank=True, related_name="webinars", verbose_name=_("topics")
    )

    # The recording, added after the session.
    recording_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("video file"),
        help_text=_("An MP4 or WebM file. Or give a YouTube or Vimeo address below."),
    )
    recording_url = models.URLField(
        _("YouTube or Vimeo address"),
        blank=True,
        help_text=_(
            "Shown in privacy-enhanced mode: nothing loads from the platform until "
            "the visitor asks for the video."
        ),
    )
    captions = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("captions (WebVTT)"),
    )
    slides = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("slides"),
    )
    chapters = StreamField([("chapter", ChapterBlock())], blank=True, verbose_name=_("chapters"))
    transcript = StreamField(
        [("passage", TranscriptSegmentBlock())], blank=True, verbose_name=_("transcript")
    )
    resource = models.ForeignKey(
        "pages.ResourcePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = PageManager.from_queryset(WebinarQuerySet)()
    base_form_class = WebinarPageForm

    content_panels = SitePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("time_zone")]),
                FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("delivery_language")]),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_mode")]),
                FieldPanel("join_url"),
            ],
            heading=_("Registration"),
        ),
        FieldPanel("summary"),
        FieldPanel("speakers"),
        FieldPanel("topics"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("recording_file"),
                FieldPanel("recording_url"),
                FieldRowPanel([FieldPanel("captions"), FieldPanel("slides")]),
                FieldPanel("chapters"),
                FieldPanel("transcript"),
            ],
            heading=_("Recording"),
        ),
    ]

    parent_page_types = ["webinars.WebinarIndexPage", "webinars.WebinarSeriesPage"]
    subpage_types = []

    search_fields = SitePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("transcript_text"),
    ]

    class Meta:
        verbose_name = _("webinar session")
        verbose_name_plural = _("webinar sessions")
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def save(self, *args, **kwargs):
        """Keep the end time in step, and raise the calendar SEQUENCE when the time moves
        (calendar apps then update the event instead of adding a second one). Saves of
        a few other fields (Wagtail's own bookkeeping when a revision is saved) leave both
        alone."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"starts_at", "duration_minutes"} & set(update_fields):
            self.ends_at = self.starts_at + datetime.timedelta(minutes=self.duration_minutes)
            if self.pk:
                before = WebinarPage.objects.filter(pk=self.pk).values(
                    "starts_at", "ends_at", "join_url"
                )
                before = before.first()
                # A new join link is the invitation's new LOCATION: calendars take it too.
                if before and (before["starts_at"], before["ends_at"], before["join_url"]) != (
                    self.starts_at,
                    self.ends_at,
                    self.join_url,
                ):
                    self.sequence += 1
            else:  # nobody registered yet: what they will be told is what it is now
                self.announced_starts_at, self.announced_ends_at = self.starts_at, self.ends_at
                self.announced_join_url = self.join_url
        if update_fields is None and self.pk and self.registration_page.pk == self.pk:
            self._keep_translations_in_step()
        super().save(*args, **kwargs)

    # The same event in every language: what its translations take from the original.
    IN_STEP = ("starts_at", "ends_at", "time_zone", "duration_minutes", "capacity", "sequence")

    def _keep_translations_in_step(self) -> None:
        """The translations take the original's time, zone, duration, seats and calendar
        SEQUENCE, before the original is saved (whose save starts the page cache's new
        generation, pages.cache)."""
        WebinarPage.objects.filter(translation_key=self.translation_key).exclude(pk=self.pk).update(
            **{name: getattr(self, name) for name in self.IN_STEP}
        )

    # Kept by the flows with .update(), never by editors: a revision must not bring back
    # its stale copy of them when it is published (Wagtail restores every field).
    BOOKKEEPING = (
        "sequence",
        "announced_sequence",
        "recording_announced_at",
        "resource_id",
        "announced_starts_at",
        "announced_ends_at",
        "announced_join_url",
        "cancelled_at",
        "cancellation_message",
    )

    def with_content_json(self, content):
        page = super().with_content_json(content)
        for name in self.BOOKKEEPING:
            setattr(page, name, getattr(self, name))
        return page

    @property
    def has_recording(self) -> bool:
        return bool(self.recording_file_id or self.recording_url)

    def transcript_text(self) -> str:
        return "\n".join(passage.value["text"] for passage in self.transcript)

    @property
    def series(self):
        parent = self.get_parent().specific
        return parent if isinstance(parent, WebinarSeriesPage) else None

    @property
    def local_start(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at, zoneinfo.ZoneInfo(self.time_zone))

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.starts_at:
            return self.State.UPCOMING
        return self.State.LIVE if now < self.ends_at else self.State.PAST

    @cached_property
    def registration_page(self) -> "WebinarPage":
        """The session in the site's original language, which registrations point to."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        source = self.get_translation_or_none(Locale.get_default())
        return source.specific if source else self

    def viewer_zone(self, user) -> zoneinfo.ZoneInfo:
        """A signed-in person's own zone, or the session's own for visitors."""
        if user.is_authenticated and user.time_zone:
            return zoneinfo.ZoneInfo(user.time_zone)
        return zoneinfo.ZoneInfo(self.time_zone)

    def times_for(self, user) -> dict:
        """The start and end in the viewer's zone, and the start in the session's own."""
        zone = self.viewer_zone(user)
        return {
            "starts_viewer": timezone.localtime(self.starts_at, zone),
            "ends_viewer": timezone.localtime(self.ends_at, zone),
            "starts_session": self.local_start,
            "same_zone": zone.key == self.time_zone,
        }

    def registration_view(self, user) -> dict:
        """What the page shows about registering: the state, the times in two zones, and
        the person's own registration or whether seats are left (the template then shows
        the form, {% registration_form %}, which posts to webinars:register). Never the join
        link, never anyone else's registration."""
        source = self.registration_page
        mine = None
        if user.is_authenticated:
            mine = Registration.objects.owned_by(user).filter(session=source).active().first()
        state = source.state()
        context = {
            **source.times_for(user),
            "state": state,
            "registration": mine,
            "manage_url": mine.manage_url() if mine else "",
            "waitlist_position": mine.waitlist_position() if mine else None,
            "cancelled": bool(source.cancelled_at),
            "registration_open": state != self.State.PAST
            and mine is None
            and not source.cancelled_at,
        }
        if context["registration_open"]:
            context["is_full"] = source.registrations.holding_seats().count() >= source.capacity
        return context

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.registration_view(request.user))
        context.update(recording_view(self, request.GET))
        return context

    @path("calendar/", name="calendar")
    def calendar(self, request):
        """The session as a calendar file, without the join link."""
        return session_file(self, request)
