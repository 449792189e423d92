"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    size = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2", label=_("Size"))

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"), help_text=_("Describe the image for screen readers.")
    )

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(required=False, label=_("Text"))
    link_text = blocks.CharBlock(label=_("Link text"))
    link_url = blocks.CharBlock(
        label=_("Link"), help_text=_("A path such as /ko/directory/ or a full URL.")
    )

    class Meta:
        icon = "link"
        template = "blocks/call_to_action_block.html"
        label = _("Call to action")


class NewsItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    date = blocks.DateBlock(label=_("Date"))
    summary = blocks.TextBlock(required=False, label=_("Summary"))
    document = DocumentChooserBlock(required=False, label=_("Document"))
    link_url = blocks.URLBlock(required=False, label=_("External link"))

    class Meta:
        icon = "doc-full"
        template = "blocks/news_item_block.html"
        label = _("News or document")


class FactBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40)
    label = blocks.CharBlock(label=_("Label"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Key figure")


class FactsBlock(blocks.StructBlock):
    facts = blocks.ListBlock(FactBlock(), label=_("Key figures"))

    class Meta:
        icon = "table"
        template = "blocks/facts_block.html"
        label = _("Key figures")


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        icon="pilcrow",
        label=_("Paragraph"),
        template="blocks/paragraph_block.html",
        features=["bold", "italic", "link", "ol", "ul", "h3"],
    )
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    facts = FactsBlock()
    news = NewsItemBlock()
