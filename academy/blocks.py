"""Knowledge-check questions and the lesson body, as StreamField blocks.

A check is a list of questions on the lesson. Choices are identified by their position,
which translations keep, so an answer means the same in English and French. The correct
flags and the feedback are only read by the server (academy.checks): the lesson template
renders the question and the choice texts, nothing else.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.embeds.blocks import EmbedBlock

from pages.blocks import BodyBlock


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.TextBlock(
        required=False,
        label=_("Feedback"),
        help_text=_("Shown after submitting to a learner who chose this answer."),
    )


class ChoiceQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("Answers"))

    single = True

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for choice in value["choices"] if choice["correct"])
        if self.single and correct != 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark exactly one answer correct."))}
            )
        if not self.single and correct < 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one answer correct."))}
            )
        return value


class SingleChoiceBlock(ChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(ChoiceQuestionBlock):
    single = False

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")


class TrueFalseBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=_("Statement"))
    is_true = blocks.BooleanBlock(required=False, label=_("The statement is true"))
    feedback_true = blocks.TextBlock(
        required=False, label=_("Feedback for learners who answer “true”")
    )
    feedback_false = blocks.TextBlock(
        required=False, label=_("Feedback for learners who answer “false”")
    )

    class Meta:
        icon = "tick"
        label = _("True or false")


class CheckBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()


class LessonVideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video address"), help_text=_("A YouTube or Vimeo address."))
    transcript = blocks.TextBlock(
        required=False,
        label=_("Transcript"),
        help_text=_("The words of the video, for people who cannot hear or watch it."),
    )

    class Meta:
        icon = "media"
        label = _("Video with transcript")
        template = "academy/blocks/lesson_video.html"


class ResourceLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, label=_("Heading"))
    resources = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="pages.ResourcePage"), label=_("Resource Hub items")
    )

    class Meta:
        icon = "link"
        label = _("Resource Hub items")
        template = "academy/blocks/resource_links.html"


class LessonBodyBlock(BodyBlock):
    """The shared body, plus a video with its transcript and links into the Resource Hub."""

    video = LessonVideoBlock()
    resource_links = ResourceLinksBlock()
