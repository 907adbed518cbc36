"""The bilingual form engine's building blocks: what an editor puts in a call's application
form, a programme's report form, or (later) a needs survey.

Every field has a `key`: a short name that is the answer's column. It is a `RegexBlock`,
which wagtail-localize neither extracts nor translates, so the French page keeps the English
page's keys and an answer given in French lands in the same column as one given in English.
Left empty, the key is made from the label when the editor saves (then never changes, even
if the label does). A choice's options have keys of their own for the same reason: answers
store the option's key, never its label.

Pure description only: turning blocks into a Django form and answers into rows is
`grants.engine`.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
KEY_HELP = _(
    "A short name for this answer’s column in exports, such as “people_reached”. Left "
    "empty, it is made from the label. Never change it once answers have come in."
)
# Keys the application itself uses for its own columns.
RESERVED_KEYS = frozenset({"reference", "organisation", "status", "stage", "submitted", "title"})


def key_from(label: str) -> str:
    """'Project title' → 'project_title' (ASCII, at most 40 characters, starts with a letter)."""
    key = slugify(label or "").replace("-", "_")[:40].strip("_")
    if not key or not key[0].isalpha():
        key = f"field_{key}"[:40].strip("_")
    return key


class KeyBlock(blocks.RegexBlock):
    """Not a CharBlock: wagtail-localize copies it from the source page, never translates it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Column name"))
        kwargs.setdefault("help_text", KEY_HELP)
        super().__init__(
            regex=KEY_PATTERN,
            error_messages={
                "invalid": _(
                    "Use lower-case letters, digits and underscores, starting with a letter "
                    "(at most 40 characters)."
                )
            },
            **kwargs,
        )


class FieldBlock(blocks.StructBlock):
    """What every question has: a label, help, whether it must be answered, and its key."""

    label = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)
    required = blocks.BooleanBlock(label=_("Must be answered"), required=False, default=True)
    key = KeyBlock()

    kind = ""  # the engine's name for the answer's type

    def clean(self, value):
        value = super().clean(value)
        if not value.get("key"):
            value["key"] = key_from(value.get("label", ""))
        if value["key"] in RESERVED_KEYS:
            raise StructBlockValidationError(
                block_errors={
                    "key": ValidationError(
                        _("“%(key)s” is kept for the application’s own column; choose another.")
                        % {"key": value["key"]}
                    )
                }
            )
        return value

    class Meta:
        icon = "form"


class TextFieldBlock(FieldBlock):
    max_length = blocks.IntegerBlock(
        label=_("Maximum characters"), required=False, min_value=1, max_value=1000, default=250
    )
    kind = "text"

    class Meta:
        label = _("Short text")
        icon = "pilcrow"


class LongTextFieldBlock(FieldBlock):
    word_limit = blocks.IntegerBlock(
        label=_("Word limit"),
        required=False,
        min_value=1,
        max_value=5000,
        help_text=_("Shown beside the box as the person types, and checked on submission."),
    )
    kind = "long_text"

    class Meta:
        label = _("Long text")
        icon = "doc-full"


class NumberFieldBlock(FieldBlock):
    min_value = blocks.IntegerBlock(label=_("Smallest allowed"), required=False)
    max_value = blocks.IntegerBlock(label=_("Largest allowed"), required=False)
    kind = "number"

    class Meta:
        label = _("Whole number")
        icon = "order"


class MoneyFieldBlock(FieldBlock):
    max_amount = blocks.IntegerBlock(
        label=_("Largest amount"),
        required=False,
        min_value=0,
        help_text=_("In the call’s currency."),
    )
    kind = "money"

    class Meta:
        label = _("Amount of money")
        icon = "tag"


class DateFieldBlock(FieldBlock):
    kind = "date"

    class Meta:
        label = _("Date")
        icon = "date"


class OptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Option"), max_length=200)
    key = KeyBlock(
        help_text=_("What exports show for this option. Left empty, it is made from the option.")
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("key"):
            value["key"] = key_from(value.get("label", ""))
        return value


class ChoiceFieldBlock(FieldBlock):
    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2)
    multiple = blocks.BooleanBlock(label=_("Several may be chosen"), required=False, default=False)
    kind = "choice"

    def clean(self, value):
        value = super().clean(value)
        keys = [option["key"] for option in value["options"]]
        if len(keys) != len(set(keys)):
            raise StructBlockValidationError(
                block_errors={
                    "options": ValidationError(
                        _("Two options have the same column name; give each its own.")
                    )
                }
            )
        return value

    class Meta:
        label = _("Choice")
        icon = "list-ul"


class FileFieldBlock(FieldBlock):
    kind = "file"

    class Meta:
        label = _("File")
        icon = "doc-full-inverse"


class BudgetFieldBlock(FieldBlock):
    """Rows of what the money is for, each with an amount; the total is added up."""

    max_rows = blocks.IntegerBlock(
        label=_("Most rows"), required=False, min_value=1, max_value=30, default=10
    )
    kind = "budget"

    class Meta:
        label = _("Budget table")
        icon = "table"


class SectionBlock(blocks.StructBlock):
    """A heading and a few words between questions; no answer."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False)

    kind = "section"

    class Meta:
        label = _("Section heading")
        icon = "title"


class FormFieldsBlock(blocks.StreamBlock):
    """A whole form. Two questions may not share a column name."""

    section = SectionBlock()
    text = TextFieldBlock()
    long_text = LongTextFieldBlock()
    number = NumberFieldBlock()
    money = MoneyFieldBlock()
    date = DateFieldBlock()
    choice = ChoiceFieldBlock()
    file = FileFieldBlock()
    budget = BudgetFieldBlock()

    def clean(self, value):
        value = super().clean(value)
        seen: dict[str, int] = {}
        errors = {}
        for index, child in enumerate(value):
            key = child.value.get("key") if child.block_type != "section" else None
            if not key:
                continue
            if key in seen:
                errors[index] = ValidationError(
                    _("Another question already uses the column name “%(key)s”.") % {"key": key}
                )
            seen[key] = index
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


class EligibilityQuestionBlock(blocks.StructBlock):
    """A yes-or-no question asked before anyone starts an application."""

    question = blocks.CharBlock(label=_("Question"), max_length=300)
    expected = blocks.ChoiceBlock(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        default="yes",
        label=_("Answer needed to apply"),
    )
    explanation = blocks.TextBlock(
        label=_("Why, if not"),
        required=False,
        help_text=_("Shown to someone whose answer rules them out: why, and where else to turn."),
    )

    class Meta:
        icon = "help"


class CriterionBlock(blocks.StructBlock):
    """One line of a call's scoring rubric."""

    label = blocks.CharBlock(label=_("Criterion"), max_length=200)
    guidance = blocks.TextBlock(label=_("What reviewers look for"), required=False)
    max_score = blocks.IntegerBlock(label=_("Highest score"), min_value=1, max_value=100, default=5)
    weight = blocks.IntegerBlock(
        label=_("Weight"),
        min_value=1,
        max_value=10,
        default=1,
        help_text=_("How many times this criterion counts in the weighted total."),
    )
    key = KeyBlock()

    def clean(self, value):
        value = super().clean(value)
        if not value.get("key"):
            value["key"] = key_from(value.get("label", ""))
        return value

    class Meta:
        icon = "tick"


class RubricBlock(blocks.StreamBlock):
    criterion = CriterionBlock()

    def clean(self, value):
        value = super().clean(value)
        keys = [child.value["key"] for child in value]
        if len(keys) != len(set(keys)):
            raise ValidationError(_("Two criteria have the same column name; give each its own."))
        return value


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=300)
    answer = blocks.RichTextBlock(
        label=_("Answer"), features=["bold", "italic", "link", "ol", "ul"]
    )

    class Meta:
        icon = "help"


def is_key(value: str) -> bool:
    return bool(re.match(KEY_PATTERN, value or ""))
