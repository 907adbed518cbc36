"""The form engine: blocks to a Django form, answers by stable keys whatever the language,
rows to read, cells to export; the keys survive translation with wagtail-localize."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from grants import engine
from tests.grants.factories import call_page, translate


@pytest.fixture
def call(db):
    return call_page(slug="engine-call")


def test_the_french_page_keeps_the_english_keys_and_option_keys(call):
    french = translate(call)
    assert french.locale.language_code == "fr"
    assert [q.key for q in engine.questions(french.proposal_form)] == [
        q.key for q in engine.questions(call.proposal_form)
    ]
    audience = [q for q in engine.questions(french.proposal_form) if q.key == "audience"][0]
    assert [key for key, _ in audience.options] == ["youth", "faith", "everyone"]


def test_a_form_names_its_fields_by_key_and_stores_language_neutral_answers(call):
    data = {
        "summary": "Workshops in three schools.",
        "audience": "faith",
        "amount": "12 500,50",
        "start": "2027-03-01",
        "budget-0-item": "Facilitators",
        "budget-0-amount": "1,500.00",
        "budget-1-item": "",
        "budget-1-amount": "",
    }
    with translation.override("fr"):
        form = engine.build_form(call.proposal_form, data=data)
        assert form.is_valid(), form.errors
    answers, uploads = engine.answers_from(form, call.proposal_form)
    assert answers == {
        "summary": "Workshops in three schools.",
        "audience": "faith",
        "amount": "12500.50",
        "start": "2027-03-01",
        "budget": [{"item": "Facilitators", "amount": "1500.00"}],
    }
    assert uploads == {}


def test_the_word_limit_and_the_largest_amount_are_checked_with_a_clear_message(call):
    form = engine.build_form(
        call.proposal_form,
        data={"summary": "word " * 51, "audience": "youth", "amount": "30000"},
    )
    assert not form.is_valid()
    assert "50 words (you have 51)" in form.errors["summary"][0]
    assert "25,000.00" in form.errors["amount"][0]


def test_a_draft_requires_nothing_and_a_submit_names_what_is_missing(call):
    form = engine.build_form(call.proposal_form, data={"summary": "Just started"}, draft=True)
    assert form.is_valid(), form.errors
    answers, _ = engine.answers_from(form, call.proposal_form)
    assert [q.key for q in engine.missing(call.proposal_form, answers)] == ["audience", "amount"]


def test_a_budget_row_without_a_purpose_is_refused(call):
    form = engine.build_form(
        call.proposal_form, data={"budget-0-item": "", "budget-0-amount": "200"}, draft=True
    )
    assert not form.is_valid()
    assert "Row 1 has an amount but no purpose" in form.errors["budget"][0]


def test_a_file_is_checked_by_its_content(call):
    bad = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    form = engine.build_form(call.proposal_form, data={}, files={"letter": bad}, draft=True)
    assert not form.is_valid()
    assert "is not a file we accept" in form.errors["letter"][0]


def test_rows_and_cells_read_answers_in_the_readers_language(call):
    french = translate(call)
    answers = {
        "audience": "youth",
        "amount": "12500.50",
        "budget": [
            {"item": "Facilitators", "amount": "1500.00"},
            {"item": "Room", "amount": "500.00"},
        ],
    }
    with translation.override("fr"):
        shown = {
            r["question"].key: r
            for r in engine.rows(french.proposal_form, answers)
            if "question" in r
        }
        assert shown["amount"]["text"] == "12\xa0500,50"
        assert str(shown["budget"]["total"]) == "2000.00"
    columns = engine.export_columns(call.proposal_form)
    assert [key for key, _ in columns] == [
        "summary",
        "audience",
        "amount",
        "start",
        "budget",
        "letter",
    ]
    by_key = {q.key: q for q in engine.questions(call.proposal_form)}
    assert engine.export_cell(by_key["budget"], answers["budget"]) == "2000.00"
    assert engine.export_cell(by_key["audience"], "youth") == "Young people"


@pytest.mark.parametrize(
    "text,expected",
    [("1500", "1500.00"), ("1 500,5", "1500.50"), ("$1,500.25", "1500.25"), ("0", "0.00")],
)
def test_amounts_are_read_as_people_write_them(text, expected):
    assert str(engine.parse_money(text)) == expected


@pytest.mark.parametrize("text", ["-5", "abc", "1e5", "NaN", "1,50,0"])
def test_odd_amounts_are_refused(text):
    with pytest.raises(engine.ValidationError):
        engine.parse_money(text)


def test_a_date_answer_reads_as_the_hub_writes_dates(call):
    by_key = {q.key: q for q in engine.questions(call.proposal_form)}
    assert engine.text_of(by_key["start"], "2027-03-01") == "March 1, 2027"
    with translation.override("fr"):
        assert engine.text_of(by_key["start"], "2027-03-01") == "1er mars 2027"


# --- The editor's blocks: keys made, kept apart, and reserved ---


def test_a_key_is_made_from_the_label_when_the_editor_leaves_it_empty():
    from grants.blocks import TextFieldBlock, key_from

    assert key_from("Project title (short)") == "project_title_short"
    assert key_from("2027 budget") == "field_2027_budget"
    value = TextFieldBlock().clean(
        {"label": "Organisation’s mission", "help_text": "", "required": True, "key": ""}
    )
    assert value["key"] == "organisations_mission"


def test_two_questions_may_not_share_a_key_nor_use_a_reserved_one():
    from wagtail.blocks import StreamBlockValidationError
    from wagtail.blocks.struct_block import StructBlockValidationError

    from grants.blocks import FormFieldsBlock, TextFieldBlock

    block = FormFieldsBlock()
    question = {"label": "Name", "help_text": "", "required": True, "key": "name"}
    stream = block.to_python(
        [{"type": "text", "value": question}, {"type": "text", "value": question}]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(stream)
    with pytest.raises(StructBlockValidationError):
        TextFieldBlock().clean({**question, "key": "status"})


def test_two_options_of_a_choice_may_not_share_a_key():
    from wagtail.blocks.struct_block import StructBlockValidationError

    from grants.blocks import ChoiceFieldBlock

    block = ChoiceFieldBlock()
    value = block.to_python(
        {
            "label": "Who",
            "help_text": "",
            "required": True,
            "key": "who",
            "multiple": False,
            "options": [{"label": "Youth", "key": "young"}, {"label": "Young", "key": "young"}],
        }
    )
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
