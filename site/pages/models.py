"""Site-wide pages and the translatable snippets around them (navigation, footer)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index

from .blocks import BodyBlock, LinkBlock


class HomePage(Page):
    """The front page of one language's site. Editors change the hero and the body."""

    hero_title = models.CharField(_("hero title"), max_length=200)
    hero_intro = models.TextField(_("hero introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_intro")], heading=_("Hero")),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    search_fields = Page.search_fields + [
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A plain page of text: about the hub, membership, contact."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


# --- Snippets around every page ---


class SnippetForLocaleQuerySet(models.QuerySet):
    def for_active_locale(self):
        """Rows in the visitor's language, falling back to the default language's."""
        active = Locale.get_active()
        rows = self.filter(locale=active)
        return rows if rows.exists() else self.filter(locale=Locale.get_default())


class NavigationMenu(TranslatableMixin, models.Model):
    """The links in the header (main) or the footer, per language."""

    class Slot(models.TextChoices):
        MAIN = "main", _("Main navigation")
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
