"""Convenings: workshops, roundtables, retreats and exchanges, upcoming first."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from network.models import Organisation
from pages.blocks import BodyBlock

from .base import SitePage

PAST_PER_PAGE = 10
UPCOMING_PER_PAGE = 12


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today))

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__lt=today) | Q(end_date__isnull=True, start_date__lt=today))

    def with_listing_data(self):
        from wagtail.images import get_image_model

        from .news import LISTING_RENDITION

        return self.select_related("city").prefetch_related(
            "partners",
            models.Prefetch(
                "social_image",
                queryset=get_image_model().objects.prefetch_renditions(LISTING_RENDITION),
            ),
        )


class EventIndexPage(SitePage):
    """Every convening: upcoming ones first, then the archive of past ones."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = SitePage.content_panels + [FieldPanel("introduction")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("convenings index")

    def events(self):
        return EventPage.objects.live().public().child_of(self).with_listing_data()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = self.events()
        upcoming = Paginator(events.upcoming().order_by("start_date", "pk"), UPCOMING_PER_PAGE)
        past = Paginator(events.past().order_by("-start_date", "-pk"), PAST_PER_PAGE)
        context.update(
            upcoming=upcoming.get_page(request.GET.get("upcoming")),
            past=past.get_page(request.GET.get("page")),
        )
        return context


class EventPage(SitePage):
    """One convening: when, where, in what format, with whom."""

    content_cache = True  # the same content for everyone (SitePage.content_cache)

    class Format(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("In person and online")

    start_date = models.DateField(_("starts"))
    end_date = models.DateField(_("ends"), null=True, blank=True)
    event_format = models.CharField(
        _("format"), max_length=10, choices=Format, default=Format.IN_PERSON
    )
    city = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        limit_choices_to={"kind": Organisation.Kind.CITY},
        verbose_name=_("city"),
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    partners = ParentalManyToManyField(
        Organisation, blank=True, related_name="partnered_events", verbose_name=_("partners")
    )
    summary = models.TextField(_("summary"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    objects = PageManager.from_queryset(EventPageQuerySet)()

    content_panels = SitePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("event_format"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("location")]),
                FieldPanel("partners"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]

    parent_page_types = ["pages.EventIndexPage"]
    subpage_types = []

    search_fields = SitePage.search_fields + [
        index.SearchField("summary", boost=1.5),
        index.SearchField("location"),
        index.SearchField("body"),
        index.FilterField("start_date"),
    ]

    class Meta:
        verbose_name = _("convening")
        verbose_name_plural = _("convenings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            )
        ]

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A convening cannot end before it starts.")})
