"""People and places shared by every feature: users, organisations, experts, topics."""

import functools

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower, Replace
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import TranslatableMixin
from wagtail.search import index

from .bilingual import Text, pick, reader_language
from .choices import JURISDICTIONS, REGION_NAMES, REGIONS, TIME_ZONES, Country, Language

COORDINATORS_GROUP = "Hub coordinators"
EXPERTS_GROUP = "Experts"


# --- Users ---


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """Anyone who signs in: participants, city officials, experts, editors, coordinators."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default=settings.HUB_DEFAULT_TIME_ZONE
    )
    closed_at = models.DateTimeField(
        _("account closed"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the person closed their account: name and address are gone."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        if self.closed_at:
            return str(_("Former member"))  # the name and address are gone
        return self.full_name or self.email

    def get_short_name(self):
        if self.closed_at:
            return str(_("Former member"))
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def is_coordinator(self) -> bool:
        """In the coordinators' group, or a superuser. Read with admin access and the expert
        role in one query (read_roles), whichever is asked first, and
        kept on this object with them: a role given after that is seen by a fresh object
        (the next request's), not by this one."""
        read_roles(self)
        return self.__dict__["is_coordinator"]

    @cached_property
    def is_expert(self) -> bool:
        """Has an expert profile: answers help-desk requests, holds office hours. (Read with
        the other roles, as is_coordinator.)"""
        read_roles(self)
        return self.__dict__["is_expert"]

    @cached_property
    def memberships_held(self) -> tuple[tuple[int, str], ...]:
        """The person's memberships as (organisation id, role) pairs: read with the roles
        (read_roles) and kept on this object as they are, for the rules that ask which
        organisations someone belongs to (HelpRequest.objects.visible_to) as plain ids."""
        read_roles(self)
        return self.__dict__["memberships_held"]


# --- Topics ---


class TopicQuerySet(models.QuerySet):
    def named_in(self, language: str | None = None):
        """The default-language topics (the rows other models point at), each with its name
        in a language where translated, the default's otherwise (`local_name`); sorted by it.
        """
        from wagtail.models import Locale

        default = Locale.get_default().language_code
        code = reader_language(language)
        translated = Topic.objects.filter(
            translation_key=OuterRef("translation_key"), locale__language_code=code
        ).values("name")[:1]
        return (
            self.filter(locale__language_code=default)
            .annotate(translated_name=Subquery(translated))
            .annotate(
                shown_name=Coalesce("translated_name", "name"),
                shown_language=Case(
                    When(translated_name__isnull=True, then=Value(default)), default=Value(code)
                ),
            )
            .order_by(Lower(_folded("shown_name")))
        )


# French capitals with accents, read as their base letter for sorting (« Élaborer » among
# the E's): SQLite's LOWER() leaves non-ASCII letters as they are, and sorts them after z.
_ACCENTED_CAPITALS = {"É": "e", "È": "e", "Ê": "e", "À": "a", "Â": "a", "Î": "i", "Ô": "o"}


def _folded(expression):
    for letter, base in _ACCENTED_CAPITALS.items():
        expression = Replace(expression, Value(letter), Value(base))
    return expression


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A resource theme (mapping, strategy, prevention, response, coordination, ...).

    Translatable: each language has its own row, linked by translation_key. Other models
    point at the default-language row and match translations on translation_key.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    objects = TopicQuerySet.as_manager()

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="topic_unique_slug_per_locale")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:100]
        super().save(*args, **kwargs)

    @property
    def local_name(self) -> Text:
        """Its name in the language Topic.objects.named_in() asked for, knowing its language."""
        if hasattr(self, "shown_name"):
            return Text(self.shown_name, self.shown_language)
        return Text(self.name, self.locale.language_code)


# --- Organisations ---


class OrganisationQuerySet(models.QuerySet):
    def members(self):
        return self.filter(is_member=True)

    def cities(self):
        return self.filter(kind=Organisation.Kind.CITY)

    def of_user(self, user):
        """The organisations a user belongs to."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user).distinct()


class Organisation(models.Model):
    """A city government, a community organisation or a partner of the hub."""

    class Kind(models.TextChoices):
        CITY = "city", _("City government")
        COMMUNITY = "community", _("Community organisation")
        PARTNER = "partner", _("Partner")

    class Stage(models.TextChoices):
        """The membership pipeline, in order: a member is an organisation in the last stage."""

        INTERESTED = "interested", _("Interested")
        ENGAGED = "engaged", _("Engaged")
        COMMITTED = "committed", _("Committed")
        MEMBER = "member", _("Member")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    country = models.CharField(_("country"), max_length=2, choices=Country)
    region = models.CharField(
        _("province or state"),
        max_length=5,
        choices=REGIONS,
        blank=True,
        help_text=_("Leave empty for an organisation that works across the whole country."),
    )
    is_member = models.BooleanField(_("member of the network"), default=False)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    stage = models.CharField(
        _("membership pipeline"),
        max_length=12,
        choices=Stage,
        blank=True,
        help_text=_(
            "Where a city stands on its way to membership. Empty for an organisation "
            "that is not joining (a partner, a community organisation)."
        ),
    )
    stage_since = models.DateField(_("in this stage since"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region="") | Q(region__startswith=F("country")),
                name="organisation_region_in_country",
            ),
            models.CheckConstraint(
                condition=Q(member_since__isnull=True) | Q(is_member=True),
                name="organisation_member_since_only_for_members",
            ),
            # is_member is the pipeline's last stage, kept as its own column because every
            # feature asks it.
            models.CheckConstraint(
                condition=Q(is_member=True, stage="member")
                | (Q(is_member=False) & ~Q(stage="member")),
                name="organisation_member_is_last_stage",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        # A member is in the pipeline's last stage and the last stage is a member, whichever
        # of the two was set (the loader and older forms tick is_member).
        if self.is_member and self.stage != self.Stage.MEMBER:
            self.stage = self.Stage.MEMBER
        elif self.stage == self.Stage.MEMBER and not self.is_member:
            self.is_member = True
        super().save(*args, **kwargs)

    def clean(self):
        if self.region and not self.region.startswith(f"{self.country}-"):
            raise ValidationError(
                {"region": _("This province or state is not in the country you chose.")}
            )
        if self.member_since and not self.is_member:
            raise ValidationError(
                {"member_since": _("Only a member organisation has a membership date.")}
            )
        if self.member_since and self.member_since > timezone.localdate():
            raise ValidationError(
                {"member_since": _("The membership date cannot be in the future.")}
            )

    @property
    def region_name(self) -> str:
        return str(REGION_NAMES.get(self.region, ""))


def led_by(user):
    """The ids of the organisations a person leads, as a subquery."""
    return Membership.objects.filter(user=user, role=Membership.Role.LEAD).values("organisation_id")


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees their own memberships and, where they lead, their organisation's
        people; coordinators see everyone's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(Q(user=user) | Q(organisation_id__in=led_by(user)))

    def leads(self):
        return self.filter(role=Membership.Role.LEAD)


class Membership(models.Model):
    """A person's place in an organisation. Leads manage their organisation's bookings."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LEAD = "lead", _("Lead")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


# --- Experts ---


class ExpertProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)

    def available_on(self, day):
        return self.active().filter(Q(away_until__isnull=True) | Q(away_until__lt=day))


class ExpertProfile(models.Model):
    """A subject-matter expert who answers help-desk requests and hosts office hours."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    role = models.CharField(
        _("role (English)"),
        max_length=200,
        blank=True,
        help_text=_(
            "One line under the name: what they do and where, e.g. “Threat-assessment "
            "adviser, Toronto”."
        ),
    )
    role_fr = models.CharField(
        _("role (French)"),
        max_length=200,
        blank=True,
        help_text=_(
            "The same line in French. Left empty, French pages show the English one, "
            "marked as English."
        ),
    )
    bio = models.TextField(_("biography (English)"), blank=True)
    bio_fr = models.TextField(
        _("biography (French)"),
        blank=True,
        help_text=_("Left empty, French pages show the English biography, marked as English."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
        help_text=_("A portrait, shown square. Without one, the expert's initials are shown."),
    )
    topics = models.ManyToManyField(
        Topic, related_name="experts", blank=True, verbose_name=_("topics")
    )
    languages = models.JSONField(_("languages"), default=list)
    jurisdictions = models.JSONField(
        _("jurisdictions"),
        default=list,
        help_text=_("Countries, provinces or states this expert can advise on."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=40, choices=TIME_ZONES, default=settings.HUB_DEFAULT_TIME_ZONE
    )
    weekly_capacity = models.PositiveSmallIntegerField(
        _("weekly capacity"),
        default=5,
        help_text=_("How many open requests this expert can carry in a week."),
    )
    away_until = models.DateField(_("away until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["user__full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_capacity__lte=100), name="expert_capacity_reasonable"
            )
        ]

    def __str__(self):
        return str(self.user)

    def clean(self):
        valid_languages = set(Language.values)
        if not self.languages or not set(self.languages) <= valid_languages:
            raise ValidationError({"languages": _("Choose at least one language.")})
        valid_jurisdictions = {code for code, _label in JURISDICTIONS}
        if not set(self.jurisdictions) <= valid_jurisdictions:
            raise ValidationError({"jurisdictions": _("Choose jurisdictions from the list.")})

    def is_away_on(self, day, *, time_away=()) -> bool:
        """Away on this day: until `away_until`, or within one of the (first, last) date
        pairs given (office hours' dates away, which routing reads as well)."""
        if self.away_until is not None and day <= self.away_until:
            return True
        return any(first <= day <= last for first, last in time_away)

    def covers(self, country: str, region: str = "") -> bool:
        """Whether this expert advises on a place: the whole country or the region itself."""
        return country in self.jurisdictions or (bool(region) and region in self.jurisdictions)

    @property
    def initials(self) -> str:
        """The first and last names' initials (Amara Okafor: AO), shown without a photo."""
        words = [
            word for word in self.user.full_name.replace("-", " ").split() if word[0].isalpha()
        ]
        return "".join(word[0].upper() for word in (words[:1] + words[1:][-1:]))

    def role_in(self, language: str | None = None) -> Text:
        """The role in a language (the active one by default), or the English."""
        return pick(self.role, self.role_fr, language)

    def bio_in(self, language: str | None = None) -> Text:
        return pick(self.bio, self.bio_fr, language)

    @property
    def display_role(self) -> Text:
        return self.role_in()

    @property
    def display_bio(self) -> Text:
        return self.bio_in()

    def language_names(self) -> list[str]:
        """The languages they work in, named in the reader's language (« anglais »), not as
        the language picker names them (“English”, « Français »)."""
        names = {Language.ENGLISH: _("English"), Language.FRENCH: _("French")}
        return [str(names[code]) for code in self.languages if code in names]


# --- Joining: the network's pipeline, organisations' domains, join requests, invitations ---


class PipelineStep(models.Model):
    """One move of an organisation through the membership pipeline, dated, with a note."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="pipeline_steps",
        verbose_name=_("organisation"),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Organisation.Stage)
    on = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pipeline step")
        verbose_name_plural = _("pipeline steps")
        ordering = ["-on", "-created_at"]

    def __str__(self):
        return f"{self.organisation} · {self.get_stage_display()} · {self.on}"


class InterestExpression(models.Model):
    """A city's (or other local government's) "we would like to join", from the public form."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="interest_expressions",
        verbose_name=_("organisation"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_role = models.CharField(_("their role"), max_length=200, blank=True)
    contact_email = models.EmailField(_("their email"))
    contact_phone = models.CharField(_("their phone"), max_length=40, blank=True)
    why_now = models.TextField(_("why now"), max_length=3000)
    language = models.CharField(
        _("language"), max_length=5, choices=Language, default=Language.ENGLISH
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interest_expressions",
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.organisation} · {self.contact_name}"


class OrganisationDomain(models.Model):
    """An email domain the coordinators checked belongs to one organisation (never a
    free-mail provider's): a person signed up on it is offered that organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("organisation"),
    )
    domain = models.CharField(
        _("domain"),
        max_length=253,
        unique=True,
        help_text=_("The part after the @, e.g. boise.gov. Never a free-mail provider."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), auto_now_add=True)

    class Meta:
        verbose_name = _("verified domain")
        verbose_name_plural = _("verified domains")
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(condition=Q(domain=Lower("domain")), name="domain_lower_case")
        ]

    def __str__(self):
        return self.domain


class JoinRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees their own requests; leads see their organisation's; coordinators
        see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(Q(user=user) | Q(organisation_id__in=led_by(user)))

    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)


class JoinRequest(models.Model):
    """A signed-in person asking to join an organisation; its leads or a coordinator decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organisation"),
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("note to the person"), max_length=1000, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_join_request",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="join_request_decided_when_not_pending",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"


def _invitation_key() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Leads see their organisation's invitations; coordinators see all. (The invitee
        reaches theirs through the secret link in the email.)"""
        if not user.is_authenticated:
            return self.none()
        if user.is_coordinator:
            return self.all()
        return self.filter(organisation_id__in=led_by(user))

    def open(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(models.Model):
    """A lead (or coordinator) inviting someone by email to join their organisation."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role, default=Membership.Role.MEMBER
    )
    key = models.CharField(max_length=64, unique=True, default=_invitation_key, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address",
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="invitation_email_lower_case"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


# --- My calendar ---


def _feed_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar address: whoever has the token reads their commitments,
    so it can be replaced (the old address stops at once) or switched off (the row goes)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user} · calendar"


# --- Email preferences ---


class EmailPreference(models.Model):
    """One address's choice about one kind of bulk email (reminders, nudges, notices).

    Keyed by address, so a webinar registrant without an account can stop a kind too; a
    row with `unsubscribed_at` set means "send no more of this kind". Transactional mail
    (confirmations, password resets, help-desk news) has no kind and is always sent.
    """

    class Kind(models.TextChoices):
        WEBINAR_REMINDERS = "webinar_reminders", _("reminders before webinars")
        RECORDINGS = "recordings", _("webinar recordings")
        SERIES = "series", _("new sessions in the webinar series you follow")
        OFFICE_HOURS_REMINDERS = "office_hours_reminders", _("reminders before office hours")
        MODULE_RELEASES = "module_releases", _("new modules in your courses")
        NUDGES = "nudges", _("reminders to pick up a course")

    email = models.EmailField(_("email"))
    kind = models.CharField(_("kind of email"), max_length=30, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="email_preferences",
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email preference")
        verbose_name_plural = _("email preferences")
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="one_preference_per_kind"),
            # Addresses are compared as written in the outbox: lower case.
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="preference_email_lower_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.kind}"


# --- Outgoing mail ---


class OutboxEmail(models.Model):
    """One message to send, written in the transaction of the change that causes it (see
    network.mail.queue_email and network.outbox): it leaves only if that change commits, and
    it is not lost if a worker dies; `key` makes a second write of the same message a no-op."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("outbox status", "pending")
        SENT = "sent", pgettext_lazy("outbox status", "sent")
        FAILED = "failed", pgettext_lazy("outbox status", "failed")
        SUPPRESSED = "suppressed", pgettext_lazy("outbox status", "suppressed")

    key = models.CharField(_("key"), max_length=255, unique=True)
    # What dataclasses.asdict(network.mail.OutgoingEmail) gives: addresses, subject, parts.
    payload = models.JSONField(_("message"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The error's class and a short message; never the message's content.
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.status}"


# --- Roles, read together (the account menu, the second-factor gate, the privacy rules) ---

ADMIN_ACCESS = "wagtailadmin.access_admin"


@functools.cache
def _roles_sql() -> str:
    """Admin access (given to the person or to one of their groups), the coordinators'
    group, an expert profile, the organisations the person belongs to and leads: one
    statement, written out because the ORM's Exists subqueries cost more to build than the
    database takes to answer them."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    def column(model, name="pk"):
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        return connection.ops.quote_name(field.column)

    own = User._meta.get_field("user_permissions")
    groups = User._meta.get_field("groups")
    grants = Group._meta.get_field("permissions")
    access = (
        f"JOIN {table(Permission)} p ON p.{column(Permission)} = {{perm}} "
        f"JOIN {table(ContentType)} ct ON ct.{column(ContentType)} = p.{column(Permission, 'content_type')} "
        f"WHERE p.{column(Permission, 'codename')} = %s AND ct.{column(ContentType, 'app_label')} = %s"
    )
    own_access = access.format(perm=f"up.{own.m2m_reverse_name()}")
    grouped_access = access.format(perm=f"gp.{grants.m2m_reverse_name()}")
    aggregate = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    organisations = (
        f"SELECT {aggregate}(m.{column(Membership, 'organisation')} || '', ',') "
        f"FROM {table(Membership)} m"
    )
    return (
        f"SELECT EXISTS(SELECT 1 FROM {table(own.remote_field.through)} up {own_access} "
        f"AND up.{own.m2m_column_name()} = %s), "
        f"EXISTS(SELECT 1 FROM {table(groups.remote_field.through)} ug "
        f"JOIN {table(grants.remote_field.through)} gp "
        f"ON gp.{grants.m2m_column_name()} = ug.{groups.m2m_reverse_name()} {grouped_access} "
        f"AND ug.{groups.m2m_column_name()} = %s), "
        f"EXISTS(SELECT 1 FROM {table(groups.remote_field.through)} ug "
        f"JOIN {table(Group)} g ON g.{column(Group)} = ug.{groups.m2m_reverse_name()} "
        f"WHERE g.{column(Group, 'name')} = %s AND ug.{groups.m2m_column_name()} = %s), "
        f"EXISTS(SELECT 1 FROM {table(ExpertProfile)} e "
        f"WHERE e.{column(ExpertProfile, 'user')} = %s), "
        # The organisations the person belongs to, then those they lead, each as ids only
        # ("12,40"): PostgreSQL's string_agg is SQLite's group_concat.
        f"({organisations} WHERE m.{column(Membership, 'user')} = %s), "
        f"({organisations} WHERE m.{column(Membership, 'user')} = %s "
        f"AND m.{column(Membership, 'role')} = %s)"
    )


def read_roles(user) -> None:
    """Admin access, coordinator, expert and the memberships in one query (Django reads every
    permission the person has in two, and the roles took one more), kept on the user:
    `_hub_admin_access`, and the cached is_coordinator, is_expert and memberships_held that
    the help desk's and others' rules read later."""
    app_label, codename = ADMIN_ACCESS.split(".")
    with connection.cursor() as cursor:
        cursor.execute(
            _roles_sql(),
            [codename, app_label, user.pk, codename, app_label, user.pk]
            + [COORDINATORS_GROUP, user.pk, user.pk]
            + [user.pk, user.pk, Membership.Role.LEAD],
        )
        *roles, belongs, leads = cursor.fetchone()
    own, grouped, coordinator, expert = (bool(value) for value in roles)
    user._hub_admin_access = own or grouped
    user.is_coordinator, user.is_expert = coordinator or user.is_superuser, expert
    led = {int(pk) for pk in (leads or "").split(",") if pk}
    user.memberships_held = tuple(
        (int(pk), Membership.Role.LEAD if int(pk) in led else Membership.Role.MEMBER)
        for pk in (belongs or "").split(",")
        if pk
    )
