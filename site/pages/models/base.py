"""What every page type shares, and the translatable snippets around every page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, TranslatableMixin

from pages.blocks import LinkBlock


class SitePage(Page):
    """Base of every page type: a social-sharing image, and aliases kept out of search.

    An alias stands in for a page not yet translated; it carries the original's content
    under another language's URL, so it must never appear in that language's search
    results (docs/i18n.md).
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

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        return super().get_indexed_objects().filter(alias_of__isnull=True)

    def listing_image(self):
        """The image a card or a share preview shows for this page."""
        return self.social_image


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
