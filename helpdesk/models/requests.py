"""Rapid-advice requests from cities: the request, its conversation, attachments, audit
trail and response targets.

Confidentiality first: every read of a request goes through
`HelpRequest.objects.visible_to(user)`, and everything hanging off a request (messages,
attachments, events) is reached through the request. URLs carry a random UUID; people quote
a random reference; neither counts up.
"""

import secrets
import uuid

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from network import file_storage
from network.choices import REGIONS, Country, Language

from .. import targets

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def new_reference() -> str:
    """'HD-7K3M-Q9PX': 40 random bits, easy to read out on the phone."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"HD-{code[:4]}-{code[4:]}"


def choice_label(choices, value) -> str:
    """A choice's label, translated once (a field's get_FOO_display() translates every
    label of its choices to find one); the stored value if it is not a choice any more."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class Urgency(models.TextChoices):
    AT_RISK = "at_risk", _("Someone is at risk now")
    URGENT = "urgent", _("Urgent")
    ROUTINE = "routine", _("Routine")


class Sensitivity(models.TextChoices):
    STANDARD = "standard", _("Standard")
    RESTRICTED = "restricted", _("Restricted")


class ResponseTarget(models.Model):
    """How fast the hub answers, per urgency. Editable by coordinators."""

    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency, unique=True)
    first_response_minutes = models.PositiveIntegerField(_("first response within (minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution within (minutes)"))
    business_hours = models.BooleanField(
        _("count business hours only"),
        default=True,
        help_text=_(
            "Monday to Friday, 9:00 to 17:00 in the hub's time zone. Untick for around the clock."
        ),
    )
    warning_minutes = models.PositiveIntegerField(_("warn the expert (minutes before)"), default=30)

    class Meta:
        verbose_name = _("response target")
        verbose_name_plural = _("response targets")
        ordering = ["first_response_minutes"]

    def __str__(self):
        return self.get_urgency_display()

    @classmethod
    def current(cls) -> list["ResponseTarget"]:
        """Every urgency's target, most urgent first, as coordinators set it (one query);
        an urgency nobody has set yet (a fresh database) gets the built-in default."""
        found = {target.urgency: target for target in cls.objects.all()}
        return [
            found.get(urgency)
            or cls(
                urgency=urgency,
                first_response_minutes=first,
                resolution_minutes=resolution,
                business_hours=business,
            )
            for urgency, (first, resolution, business) in targets.DEFAULTS.items()
        ]


class HelpRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who sees a request.

        - the person who filed it, the leads of the organisation it was filed for, the
          assigned expert, experts consulted on it, and coordinators;
        - a standard request is also seen by the other members of that organisation;
        - nobody else: not editors, not other experts, not other cities.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        from network.models import Membership

        # Plain ids, read with the person's roles (User.memberships_held): cheaper for
        # Django to build and PostgreSQL to plan than subqueries.
        held = user.memberships_held
        leads = [organisation for organisation, role in held if role == Membership.Role.LEAD]
        rule = (
            Q(requester=user)
            | Q(organisation_id__in=leads)
            | Q(
                organisation_id__in=[organisation for organisation, _ in held],
                sensitivity=Sensitivity.STANDARD,
            )
        )
        if user.is_expert:  # only an expert profile is assigned or consulted
            consulted = HelpRequest.consulted.through.objects.filter(
                expertprofile__user=user
            ).values("helprequest_id")
            rule |= Q(assignee__user=user) | Q(pk__in=consulted)
        return self.filter(rule)

    def open(self):
        return self.exclude(status__in=[HelpRequest.Status.RESOLVED, HelpRequest.Status.CLOSED])

    def with_newest_message(self):
        """Each request's newest message's id as `newest_message` (None without messages,
        internal notes included), in the request's own query: the admin's request page warns
        of a reply written since the form was drawn (helpdesk.admin_views.RequestView)."""
        # "pk + 0": the request's own messages (its index), not the primary key walked back
        # through every other request's messages.
        return self.annotate(
            newest_message=models.Subquery(
                Message.objects.filter(request=models.OuterRef("pk"))
                .order_by()
                .values("request")
                .annotate(newest=models.Max(models.F("pk") + 0))
                .values("newest")
            )
        )

    def locked(self, pk) -> "HelpRequest":
        """The request's row, locked until the transaction ends (services only). No joins:
        after waiting for a lock, PostgreSQL re-reads the locked row but not joined ones, so
        related rows are loaded afresh when used."""
        return self.select_for_update().get(pk=pk)


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting on the city")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Rating(models.IntegerChoices):
        NOT_HELPFUL = 1, _("Not helpful")
        SOMEWHAT = 2, _("Somewhat helpful")
        HELPFUL = 3, _("Very helpful")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(
        _("reference"), max_length=16, unique=True, default=new_reference, editable=False
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("organisation"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="help_requests",
        verbose_name=_("filed by"),
    )
    topics = models.ManyToManyField(
        "network.Topic", related_name="+", blank=True, verbose_name=_("topics")
    )
    country = models.CharField(_("country"), max_length=2, choices=Country)
    region = models.CharField(_("province or state"), max_length=5, choices=REGIONS, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=10, choices=Sensitivity, default=Sensitivity.STANDARD
    )
    summary = models.CharField(_("summary"), max_length=200)
    details = models.TextField(_("details"))
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.NEW)
    assignee = models.ForeignKey(
        "network.ExpertProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_requests",
        verbose_name=_("assigned expert"),
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # Why the router chose (or found nobody): [{"code": ..., "params": {...}}], shown to
    # coordinators (helpdesk.routing.describe).
    routing_reasons = models.JSONField(default=list, blank=True)
    consulted = models.ManyToManyField(
        "network.ExpertProfile",
        related_name="consulted_requests",
        blank=True,
        verbose_name=_("experts consulted"),
    )
    created_at = models.DateTimeField(_("filed"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_due = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("resolution due"), null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)  # the clock is paused
    warned_at = models.DateTimeField(null=True, blank=True)
    resolution_warned_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(_("target missed"), null=True, blank=True)
    # The resolution target escalates on its own, even after a first-response escalation.
    resolution_breached_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating, null=True, blank=True)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("help-desk request")
        verbose_name_plural = _("help-desk requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "urgency"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["organisation", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=3),
                name="helprequest_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(region="") | Q(region__startswith=models.F("country")),
                name="helprequest_region_in_country",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.RESOLVED, self.Status.CLOSED)

    @property
    def is_restricted(self) -> bool:
        return self.sensitivity == Sensitivity.RESTRICTED

    @cached_property
    def is_late(self) -> bool:
        return self.breached_at is not None

    @property
    def status_tone(self) -> str:
        """The status as a badge tone (components/badge.html): waiting on the city warns."""
        return STATUS_TONES[self.status]

    @property
    def urgency_tone(self) -> str:
        return URGENCY_TONES[self.urgency]

    # get_status_display() and get_urgency_display() hash every label of the field's choices
    # (each a translation) to find one: in a listing of a hundred rows, a thousand lookups.
    @property
    def status_label(self) -> str:
        """get_status_display(), one translation."""
        return choice_label(HelpRequest.Status, self.status)

    @property
    def urgency_label(self) -> str:
        """get_urgency_display(), one translation."""
        return choice_label(Urgency, self.urgency)


STATUS_TONES = {
    HelpRequest.Status.NEW: "info",
    HelpRequest.Status.ASSIGNED: "info",
    HelpRequest.Status.IN_PROGRESS: "info",
    HelpRequest.Status.WAITING: "warning",
    HelpRequest.Status.RESOLVED: "success",
    HelpRequest.Status.CLOSED: "neutral",
}
URGENCY_TONES = {Urgency.AT_RISK: "danger", Urgency.URGENT: "warning", Urgency.ROUTINE: "info"}


class Message(models.Model):
    """One message in a request's conversation; internal notes are never shown to the city."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="help_messages"
    )
    body = models.TextField(_("message"), blank=True)  # a message may be only files
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self):
        return f"{self.request} · {self.created_at:%Y-%m-%d %H:%M}"


# The local folder's storage class, under the name it had before the "private" alias.
PrivateStorage = file_storage.PrivateFileSystemStorage


def private_storage() -> Storage:
    """STORAGES["private"]: a folder outside MEDIA_ROOT or the private bucket, with no URL;
    files leave only through the access-checking view (helpdesk.views.attachment)."""
    return file_storage.private_storage


def attachment_path(instance, filename) -> str:
    # Never the uploaded name: a random name under the request's random id.
    return f"helpdesk/{instance.request.public_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file on a request, stored outside the public media path and served only through
    a view that checks access (helpdesk.views.attachment)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=80)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def internal(self) -> bool:
        return bool(self.message_id and self.message.internal)


class Event(models.Model):
    """The audit trail: every state change, and every view of a restricted request."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Filed")
        ROUTED = "routed", _("Routed")
        UNROUTED = "unrouted", _("Sent to the coordinators' queue")
        CLAIMED = "claimed", _("Claimed")
        REASSIGNED = "reassigned", _("Reassigned")
        CONSULTED = "consulted", _("Expert consulted")
        STATUS = "status", _("Status changed")
        WARNED = "warned", _("Deadline warning")
        ESCALATED = "escalated", _("Escalated")
        REOPENED = "reopened", _("Reopened")
        RATED = "rated", _("Rated")
        VIEWED = "viewed", _("Viewed")
        DOWNLOADED = "downloaded", _("Attachment downloaded")
        CALL_BOOKED = "call_booked", _("Call booked")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=12, choices=Kind)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self):
        return f"{self.request} · {self.get_kind_display()}"

    @property
    def kind_label(self) -> str:
        """get_kind_display(), one translation (see HelpRequest.status_label)."""
        return choice_label(Event.Kind, self.kind)


class Presence(models.Model):
    """Who has a request open in the admin, to warn a second person about to reply."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="presence_once")]

    def __str__(self):
        return f"{self.user} · {self.request}"
