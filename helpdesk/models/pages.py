"""The help desk's public face: what it is, who may ask, how fast it answers, how to get in."""

from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale
from wagtail.search import index

from network.models import Organisation
from pages.blocks import BodyBlock
from pages.models import SitePage

from .. import targets
from .requests import URGENCY_TONES, ResponseTarget, Urgency

# When to choose each urgency, in the words of the intake form's choices.
URGENCY_HINTS = {
    Urgency.AT_RISK: _(
        "A person faces a credible threat, or violence may happen in the coming hours: an "
        "official whose home address was posted online, a threat against an event, an attack "
        "that has just happened."
    ),
    Urgency.URGENT: _(
        "Tensions are rising and your city must act within days: a divisive council vote, a "
        "wave of threatening messages, an incident drawing national attention."
    ),
    Urgency.ROUTINE: _(
        "Advice to plan ahead: a policy, a reporting page for hate incidents, a sensitive event, "
        "a prevention strategy."
    ),
}


class GetHelpPage(SitePage):
    """The public "Get help" page of the help desk, one per language: editors write what it
    is and who may ask; the response targets come from the coordinators' settings."""

    introduction = models.TextField(_("introduction"), blank=True)
    emergency_text = RichTextField(
        _("if someone is in danger now"),
        blank=True,
        features=["bold", "italic", "link", "ul"],
        help_text=_(
            "Shown under “If someone is in danger now, call 911”: what to do first, "
            "and when to choose “Someone is at risk now”."
        ),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    contact_email = models.EmailField(
        _("address for access requests"),
        blank=True,
        help_text=_(
            "Where people write to have their account linked to their city; usually "
            "the hub team's address in the footer."
        ),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("emergency_text"),
        FieldPanel("body"),
        FieldPanel("contact_email"),
    ]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count_per_parent = 1  # one per language: each language has its own home page

    search_fields = SitePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("emergency_text"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("get help page")

    # Visitors all read the same page, kept by the anonymous page cache (pages.cache); a
    # signed-in person's calls to action are their own, and their pages are never kept.
    # Not `content_cache`: that would serve one person's part to everyone.

    @classmethod
    def for_active_locale(cls):
        """The live page in the visitor's language, or the default language's, or None."""
        pages = cls.objects.live().public().select_related("locale")
        active = Locale.get_active()
        return (
            pages.filter(locale=active).first()
            or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["targets"] = [
            {
                "urgency": target.urgency,
                "label": target.get_urgency_display(),
                "hint": URGENCY_HINTS[target.urgency],
                "tone": URGENCY_TONES[target.urgency],
                "promise": targets.promise(
                    first_response_minutes=target.first_response_minutes,
                    resolution_minutes=target.resolution_minutes,
                    business_hours=target.business_hours,
                ),
            }
            for target in ResponseTarget.current()
        ]
        context.update(self.access(request.user))
        return context

    def access(self, user) -> dict:
        """What this reader can do next: sign in (a visitor), ask (someone linked to a city),
        or get linked (everyone else)."""
        new_request = reverse("helpdesk:new")
        if not user.is_authenticated:
            then = urlencode({"next": new_request})
            return {
                "viewer": "visitor",
                "sign_in_url": f"{reverse('account_login')}?{then}",
                "sign_up_url": f"{reverse('account_signup')}?{then}",
                "office_hours": self._office_hours(),
            }
        cities = list(
            Organisation.objects.of_user(user)
            .cities()
            .order_by("name")
            .values_list("name", flat=True)
        )
        if cities:
            return {
                "viewer": "linked",
                "cities": cities,
                "new_request_url": new_request,
                "requests_url": reverse("helpdesk:list"),
            }
        if (user.is_expert or user.is_coordinator) and user.has_perm("wagtailadmin.access_admin"):
            # Experts and coordinators answer requests rather than file them.
            return {"viewer": "staff", "queue_url": reverse("helpdesk_admin:queue")}
        return {"viewer": "unlinked", "office_hours": self._office_hours()}

    def _office_hours(self):
        """Where a community organisation asks the experts instead (office hours), if that
        app is installed: a lazy lookup, since the help desk does not import it."""
        try:
            model = apps.get_model("office_hours", "OfficeHoursPage")
        except LookupError:
            return None
        pages = model.objects.live().public()
        return pages.filter(locale_id=self.locale_id).first() or pages.first()
