"""What every page type shares, and the translatable snippets around every page."""

import html
import re

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db import models
from django.db.models import Case, CharField, Q, When
from django.db.models.functions import Cast
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, TranslatableMixin

from pages.blocks import LinkBlock
from pages.cache import NOTHING_KEPT, generation

# The name of base.html's `{% wagtailcache %}` around a page's content.
CONTENT_FRAGMENT = "page-content"


def without_stand_ins(pages):
    """Only pages with content of their own language: no aliases, and no page that a
    translation has taken over but nobody has published yet (see SitePage.is_stand_in)."""
    published_itself = Q(live_revision__object_id=Cast("pk", output_field=CharField()))
    return pages.filter(alias_of__isnull=True).exclude(
        ~published_itself & ~Q(locale__language_code=settings.LANGUAGE_CODE)
    )


def plain_text(value: str) -> str:
    """Text a person reads: no tags, entities decoded, white space as single spaces."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(value or ""))).strip()


class SitePage(Page):
    """Base of every page type: a social-sharing image, and stand-ins kept out of search.

    A stand-in shows another language's content under this language's URL (docs/i18n.md):
    search engines and site search must only ever see the original.
    """

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("social sharing image"),
        help_text=_("Shown when the page is shared on social media (1200×630 works best)."),
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    # The page's content (base.html's content block) is the same for everyone at one address
    # and language: kept per generation of the page cache (pages.cache) by `{% wagtailcache %}`
    # in base.html and served to every visitor, signed in or not, without running
    # get_context. Only for page types whose content uses neither the visitor, nor a form
    # token, nor the clock (or that vary on it: content_cache_vary); a test checks that
    # opted-in pages carry no form token.
    content_cache = False

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        kept = self.kept_content_response(request, *args, **kwargs)
        return kept if kept is not None else super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_fragment"] = self.content_fragment(request)
        return context

    def kept_content_response(self, request, *args, **kwargs):
        """The page around its kept content (what base.html's `{% wagtailcache %}` kept),
        with Wagtail's own context only; None if nothing is kept: the caller renders the
        page, and base.html keeps its content for the next request."""
        fragment = self.content_fragment(request)
        html = self.read_kept_content(fragment, request)
        if html is None:
            return None
        request.is_preview = False
        context = Page.get_context(self, request, *args, **kwargs)
        context.update(content_fragment=fragment, kept_content=html)
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context)

    def read_kept_content(self, fragment: dict, request):
        """The content kept under content_fragment's key, or None."""
        if not fragment["seconds"]:
            return None
        return caches[fragment["cache"]].get(fragment["key"])

    def content_fragment(self, request) -> dict:
        """How base.html keeps this page's content for this request: the cache, the seconds,
        and one string the fragment varies on (and its key, to read it back)."""
        seconds = settings.HUB_FRAGMENT_CACHE_SECONDS
        kept = self.content_cache and seconds > 0 and request.method == "GET"
        if not kept or getattr(request, "is_preview", False):
            return {"cache": NOTHING_KEPT, "seconds": 0, "vary": "", "key": ""}
        parts = [generation(), get_language(), self.cache_key, *self.content_cache_vary(request)]
        vary = "|".join(str(part) for part in parts)
        key = make_template_fragment_key(CONTENT_FRAGMENT, [vary])
        return {"cache": "pages", "seconds": seconds, "vary": vary, "key": key}

    def content_cache_vary(self, request) -> list:
        """What the kept content depends on besides the page as published, the language and
        the generation: the address (filters, page numbers)."""
        return [request.get_host(), request.get_full_path()]

    @classmethod
    def get_indexed_objects(cls):
        return without_stand_ins(super().get_indexed_objects())

    @cached_property
    def is_stand_in(self) -> bool:
        """An alias, or an alias that wagtail-localize converted in place when someone
        started translating it: still live with the original's content, whose published
        revision belongs to the original, not to this page."""
        if self.alias_of_id:
            return True
        if not self.live or self.locale.language_code == settings.LANGUAGE_CODE:
            return False
        return self.live_revision_id is None or self.live_revision.object_id != str(self.pk)

    @cached_property
    def original(self):
        """The page whose content a stand-in shows."""
        if self.alias_of_id:
            return self.alias_of
        return self.get_translation_or_none(Locale.get_default())

    def get_view_restrictions(self):
        """Wagtail's, unless the route cache (pages.route_cache) already knows there are none."""
        known = getattr(self, "hub_view_restrictions", None)
        return known if known is not None else super().get_view_restrictions()

    def accepts(self, request) -> bool:
        """Whether the page's privacy settings let this request see it, as Wagtail's `serve`
        checks them: for the views that take a page's forms at their own URLs."""
        return all(
            restriction.accept_request(request) for restriction in self.get_view_restrictions()
        )

    def listing_image(self):
        """The image a card or a share preview shows for this page."""
        return self.social_image

    # Where a page type keeps the sentence or two that says what it is, in this order.
    DESCRIPTION_FIELDS = ("search_description", "summary", "introduction", "hero_intro")

    @cached_property
    def description(self) -> str:
        """What the page is about, as plain text (rich text loses its tags): the meta
        description, share previews and search results. Empty if no field says it."""
        for name in self.DESCRIPTION_FIELDS:
            text = plain_text(getattr(self, name, ""))
            if text:
                return text
        return ""


class SnippetForLocaleQuerySet(models.QuerySet):
    def for_active_locale(self):
        """Rows in the visitor's language first, then the default language's (one query)."""
        active = (get_language() or settings.LANGUAGE_CODE)[:2]
        return self.filter(locale__language_code__in={active, settings.LANGUAGE_CODE}).order_by(
            Case(When(locale__language_code=active, then=0), default=1)
        )


class NavigationMenu(TranslatableMixin, models.Model):
    """The links in the header (the services, then the network) or the footer, per language."""

    class Slot(models.TextChoices):
        MAIN = "main", _("Header: the services")
        NETWORK = "network", _("Header: the network")
        FOOTER = "footer", _("Footer links")

    slot = models.CharField(_("place"), max_length=10, choices=Slot)
    links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("links"))

    objects = SnippetForLocaleQuerySet.as_manager()

    panels = [FieldPanel("slot"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("navigation menu")
        verbose_name_plural = _("navigation menus")
        constraints = [
            models.UniqueConstraint(fields=["locale", "slot"], name="navigation_one_per_slot")
        ]

    def __str__(self):
        return str(self.get_slot_display())


class FooterText(TranslatableMixin, models.Model):
    """The words at the foot of every page: who runs the hub, how to reach it."""

    body = RichTextField(_("text"), features=["bold", "italic", "link"])

    objects = SnippetForLocaleQuerySet.as_manager()

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer text")

    def __str__(self):
        return str(_("Footer text"))
