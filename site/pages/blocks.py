"""StreamField blocks shared by every page type. One template per block in templates/blocks/."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ol", "ul"]


def validate_link_address(value: str) -> None:
    """A path on this site ("/en/help-desk/": the views that are not pages), a web address,
    or an email address with mailto:."""
    if not value or (value.startswith("/") and not value.startswith("//")):
        return
    if value.startswith("mailto:") and "@" in value:
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _(
                "Enter a path on this site starting with /, or a full address starting with https://."
            )
        ) from None


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Level 2")), ("h3", _("Level 3"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to another address, with its own label."""

    label = blocks.CharBlock(label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link_address],
        label=_("Other address"),
        help_text=_("A full address (https://…), or a path on this site such as /en/help-desk/."),
    )

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": [_("Choose a page or enter an address.")]}
            )
        return value


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"))
    link = LinkBlock(label=_("Button"))

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"))

    class Meta:
        icon = "doc-full"
        template = "blocks/document_list_block.html"


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("Figure"), help_text=_("For example: 50+ or 1,200"))
    label = blocks.CharBlock(label=_("What it counts"))


class KeyFiguresBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Figures"))

    class Meta:
        icon = "table"
        template = "blocks/key_figures_block.html"


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question or title"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Items"))

    class Meta:
        icon = "list-ul"
        template = "blocks/accordion_block.html"


class BodyBlock(blocks.StreamBlock):
    """The one body every page type uses."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(
        label=_("Video or other embed"),
        help_text=_("A YouTube or Vimeo address, for example."),
        template="blocks/embed_block.html",
    )
    documents = DocumentListBlock()
    key_figures = KeyFiguresBlock()
    accordion = AccordionBlock()


class PillarBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"))


class ServiceBlock(blocks.StructBlock):
    """One of the hub's services on the home page: what it is for, and the way in."""

    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"))
    link = LinkBlock(label=_("Link"))


class FeaturedPageBlock(blocks.StructBlock):
    """A page the home page points to: an academy, a webinar, a resource."""

    page = blocks.PageChooserBlock(label=_("Page"))
    summary = blocks.TextBlock(required=False, label=_("Summary"))
