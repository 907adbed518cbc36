"""The bilingual form engine: a form built by an editor from `grants.blocks` becomes a Django
form, its answers a JSON dict keyed by each question's stable key, and those answers become
rows to read and columns to export.

The keys come from the source page (wagtail-localize never translates them), so the French
form and the English form have the same field names, and answers given in either language
land in the same columns. Choices store the option's key, never its label; numbers, money and
dates are stored language-neutral (digits, "1234.50", "2027-03-31").

Pure functions of the blocks and the answers: no database. Files are the caller's
(`GrantFile` rows by key): `build_form` only takes the uploads, and `rows` only shows names.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from network import attachments
from pages import dates

WORD = re.compile(r"\S+")
MONEY_PLACES = Decimal("0.01")


def word_count(text: str) -> int:
    return len(WORD.findall(text or ""))


@dataclass(frozen=True)
class Section:
    heading: str
    text: str = ""
    kind: str = "section"


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    label: str
    help_text: str = ""
    required: bool = True
    options: tuple[tuple[str, str], ...] = ()
    multiple: bool = False
    max_length: int | None = None
    word_limit: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    max_amount: int | None = None
    max_rows: int = 10
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def option_label(self, key: str) -> str:
        return dict(self.options).get(key, key)


def parts(stream) -> list[Section | Question]:
    """The form's sections and questions, in order, from a StreamField value (the page in
    the reader's language: labels are theirs, keys are everyone's)."""
    found: list[Section | Question] = []
    for child in stream or []:
        value = child.value
        if child.block_type == "section":
            found.append(Section(heading=value.get("heading", ""), text=value.get("text") or ""))
            continue
        found.append(
            Question(
                key=value.get("key") or "",
                kind=child.block_type,
                label=value.get("label", ""),
                help_text=value.get("help_text") or "",
                required=bool(value.get("required")),
                options=tuple(
                    (option["key"], option["label"]) for option in value.get("options") or []
                ),
                multiple=bool(value.get("multiple")),
                max_length=value.get("max_length"),
                word_limit=value.get("word_limit"),
                min_value=value.get("min_value"),
                max_value=value.get("max_value"),
                max_amount=value.get("max_amount"),
                max_rows=value.get("max_rows") or 10,
            )
        )
    return found


def questions(stream) -> list[Question]:
    return [part for part in parts(stream) if isinstance(part, Question) and part.key]


# --- Fields ---


class WordLimitedField(forms.CharField):
    def __init__(self, *, word_limit=None, **kwargs):
        self.word_limit = word_limit
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.word_limit:
            attrs["data-word-limit"] = str(self.word_limit)
        return attrs

    def validate(self, value):
        super().validate(value)
        if self.word_limit and word_count(value) > self.word_limit:
            raise ValidationError(
                ngettext(
                    "Please keep this to %(limit)d word (you have %(count)d).",
                    "Please keep this to %(limit)d words (you have %(count)d).",
                    self.word_limit,
                )
                % {"limit": self.word_limit, "count": word_count(value)},
                code="word_limit",
            )


class BudgetWidget(forms.Widget):
    """Rows of inputs named `<name>-<n>-item` and `<name>-<n>-amount`."""

    template_name = "grants/widgets/budget.html"

    def __init__(self, rows=10, attrs=None):
        self.rows = rows
        super().__init__(attrs)

    def value_from_datadict(self, data, files, name):
        return [
            {
                "item": (data.get(f"{name}-{n}-item") or "").strip(),
                "amount": (data.get(f"{name}-{n}-amount") or "").strip(),
            }
            for n in range(self.rows)
        ]

    def value_omitted_from_data(self, data, files, name):
        return not any(key.startswith(f"{name}-") for key in data)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = list(value or [])
        rows += [{"item": "", "amount": ""}] * (self.rows - len(rows))
        context["widget"]["rows"] = [
            {"n": n, "item": row.get("item", ""), "amount": row.get("amount", "")}
            for n, row in enumerate(rows[: self.rows])
        ]
        return context


class BudgetField(forms.Field):
    """A budget table: each row a purpose and an amount; empty rows are dropped."""

    def __init__(self, *, rows=10, **kwargs):
        kwargs.setdefault("widget", BudgetWidget(rows=rows))
        super().__init__(**kwargs)

    def to_python(self, value):
        rows = []
        for number, row in enumerate(value or [], start=1):
            item, amount = (row.get("item") or "").strip(), (row.get("amount") or "").strip()
            if not item and not amount:
                continue
            if not item:
                raise ValidationError(
                    _("Row %(row)d has an amount but no purpose: say what it pays for.")
                    % {"row": number}
                )
            try:
                money = parse_money(amount)
            except ValidationError:
                raise ValidationError(
                    _("Row %(row)d: enter the amount in digits, such as 1500 or 1500.50.")
                    % {"row": number}
                ) from None
            rows.append({"item": item[:200], "amount": str(money)})
        return rows

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(_("Add at least one row to the budget."), code="required")

    def prepare_value(self, value):
        return value


def parse_money(text: str) -> Decimal:
    """'1 500,50', '1,500.50', '$1500' → Decimal('1500.50'); refuses negatives and letters."""
    cleaned = re.sub(r"[\s\u00a0\u202f$]", "", str(text or ""))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"\d{1,10}(\.\d{1,2})?", cleaned):
        raise ValidationError(_("Enter an amount in digits, such as 1500 or 1500.50."))
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Enter an amount in digits, such as 1500 or 1500.50.")) from None
    if amount >= Decimal("1e10"):
        raise ValidationError(_("Enter an amount in digits, such as 1500 or 1500.50."))
    return amount.quantize(MONEY_PLACES)


class MoneyField(forms.CharField):
    def __init__(self, *, max_amount=None, **kwargs):
        self.max_amount = max_amount
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["inputmode"] = "decimal"
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        amount = parse_money(value)
        if self.max_amount is not None and amount > self.max_amount:
            raise ValidationError(
                _("The most this can be is %(amount)s.") % {"amount": money_text(self.max_amount)}
            )
        return amount


class CheckedFileField(forms.FileField):
    """A file checked by its content (network.attachments), like the help desk's."""

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return attachments.check(upload)


def form_field(question: Question, *, draft: bool, has_file: bool = False) -> forms.Field:
    """The Django field for one question. A draft requires nothing: it saves what is there."""
    common = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required and not draft,
    }
    kind = question.kind
    if kind == "text":
        return forms.CharField(max_length=question.max_length or 250, **common)
    if kind == "long_text":
        return WordLimitedField(
            word_limit=question.word_limit, widget=forms.Textarea(attrs={"rows": 6}), **common
        )
    if kind == "number":
        return forms.IntegerField(
            min_value=question.min_value, max_value=question.max_value, **common
        )
    if kind == "money":
        return MoneyField(max_amount=question.max_amount, **common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "choice":
        if question.multiple:
            return forms.MultipleChoiceField(
                choices=question.options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=question.options, widget=forms.RadioSelect, **common)
    if kind == "file":
        common["required"] = common["required"] and not has_file
        return CheckedFileField(**common)
    if kind == "budget":
        return BudgetField(rows=question.max_rows, **common)
    raise ValueError(f"Unknown question kind {kind!r}")


def build_form(
    stream,
    *,
    data=None,
    files=None,
    answers: dict | None = None,
    draft: bool = False,
    files_present: frozenset[str] = frozenset(),
    prefix: str | None = None,
) -> forms.Form:
    """A form with one field per question, named by key, filled with the saved answers."""
    fields = {
        question.key: form_field(question, draft=draft, has_file=question.key in files_present)
        for question in questions(stream)
    }
    form_class = type("AnswersForm", (forms.Form,), fields)
    initial = {key: initial_value(value) for key, value in (answers or {}).items()}
    return form_class(data=data, files=files, initial=initial, prefix=prefix)


def initial_value(value):
    """A stored answer as a form's initial value (dates back to dates)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def answers_from(form: forms.Form, stream) -> tuple[dict, dict]:
    """The cleaned form as (answers to store as JSON, {key: CheckedFile} to store as files).
    Only what was answered is kept: an empty answer is left out, not stored as empty."""
    answers, uploads = {}, {}
    for question in questions(stream):
        value = form.cleaned_data.get(question.key)
        if value in (None, "", [], ()):
            continue
        if question.kind == "file":
            uploads[question.key] = value
        elif question.kind == "date":
            answers[question.key] = value.isoformat()
        elif question.kind == "money":
            answers[question.key] = str(value)
        else:
            answers[question.key] = value
    return answers, uploads


def missing(stream, answers: dict, files_present: frozenset[str] = frozenset()) -> list[Question]:
    """The required questions still without an answer (what a submit would refuse)."""
    return [
        question
        for question in questions(stream)
        if question.required
        and not answers.get(question.key)
        and not (question.kind == "file" and question.key in files_present)
    ]


# --- Reading answers ---


def money_text(amount) -> str:
    return number_format(Decimal(str(amount)), decimal_pos=2, use_l10n=True, force_grouping=True)


def budget_total(rows) -> Decimal:
    return sum((Decimal(row["amount"]) for row in rows or []), Decimal("0.00"))


def text_of(question: Question, value, *, file_names: list[str] | None = None) -> str:
    """One answer as text in the active language (an option's label, a date, an amount)."""
    if question.kind == "file":
        return ", ".join(file_names or [])
    if value in (None, "", [], {}):
        return ""
    if question.kind == "choice":
        keys = value if isinstance(value, list) else [value]
        return "; ".join(str(question.option_label(key)) for key in keys)
    if question.kind == "money":
        return money_text(value)
    if question.kind == "date":
        try:
            return dates.format_date(datetime.date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if question.kind == "budget":
        lines = [f"{row['item']}: {money_text(row['amount'])}" for row in value]
        lines.append(_("Total: %(total)s") % {"total": money_text(budget_total(value))})
        return "\n".join(lines)
    return str(value)


def rows(stream, answers: dict, files_by_key: dict[str, list] | None = None) -> list[dict]:
    """The form as it was answered, for reading: sections and questions with their answers
    (`value` for templates that lay out budgets or choices themselves)."""
    files_by_key = files_by_key or {}
    shown = []
    for part in parts(stream):
        if isinstance(part, Section):
            shown.append({"section": part})
            continue
        value = answers.get(part.key)
        files = files_by_key.get(part.key, [])
        shown.append(
            {
                "question": part,
                "value": value,
                "files": files,
                "text": text_of(part, value, file_names=[f.name for f in files]),
                "total": budget_total(value) if part.kind == "budget" and value else None,
            }
        )
    return shown


def export_columns(stream) -> list[tuple[str, str]]:
    """(key, label) for each question: one column per key, whatever language answered."""
    return [(question.key, question.label) for question in questions(stream)]


def export_cell(question: Question, value) -> str:
    """An answer in a CSV cell: options by their label in the exporter's language, amounts
    as plain digits (a spreadsheet reads them as numbers), budgets as their total."""
    if value in (None, "", [], {}):
        return ""
    if question.kind == "money":
        return str(value)
    if question.kind == "budget":
        return str(budget_total(value))
    if question.kind == "choice":
        keys = value if isinstance(value, list) else [value]
        return "; ".join(str(question.option_label(key)) for key in keys)
    return str(value)
