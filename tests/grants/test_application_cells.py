"""The applications listing draws its cells in Python (grants.admin_reviews): each the same
markup as the template it replaces (kept here as the reference), in English and French,
with and without an amount, a submission date or a score, and text that needs escaping."""

import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.admin.ui.tables import Column, Table

from grants.admin_reviews import ApplicationIndexView, ApplicationTable

# The cell templates as they were (templates/grants/admin/application_cell_*.html).
BEFORE = {
    "reference": '<td class="title"><div class="title-wrapper"><a href="{% url '
    "'grant_applications:detail' item.public_id %}\">{{ item.reference }}</a></div></td>\n",
    "amount_requested": "<td>{% if item.amount_requested is not None %}{{ item.amount_requested|"
    'floatformat:"2g" }} {{ item.call.currency }}{% else %}—{% endif %}</td>\n',
    "submitted_at": '{% load hub_dates %}<td>{% if item.submitted_at %}<time datetime="{{ '
    'item.submitted_at|iso }}">{{ item.submitted_at|day }}</time>{% elif '
    'item.concept_submitted_at %}<time datetime="{{ item.concept_submitted_at|iso }}">{{ '
    "item.concept_submitted_at|day }}</time>{% else %}—{% endif %}</td>\n",
    "review_progress": "{% load i18n %}<td>{% blocktranslate with sent=item.reviews_sent "
    "assigned=item.reviews_assigned %}{{ sent }} of {{ assigned }}{% endblocktranslate %}</td>\n",
    "score": '<td>{% if item.mean_score is not None %}{{ item.mean_score|floatformat:"-2" }} / '
    "{{ item.max_score }}{% else %}—{% endif %}</td>\n",
}

WHEN = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)


def item(**fields):
    values = {
        "public_id": uuid.UUID(int=7),
        "reference": "GA-<B&W>",
        "organisation": SimpleNamespace(name="Ville d'Édmonton & <co>"),
        "title": 'Les "ateliers" <script>',
        "get_status_display": "In review",
        "amount_requested": Decimal("12345.5"),
        "call": SimpleNamespace(currency="CAD"),
        "submitted_at": WHEN,
        "concept_submitted_at": None,
        "reviews_sent": 3,
        "reviews_assigned": 10,
        "mean_score": Decimal("4.8"),
        "max_score": Decimal("15"),
    }
    return SimpleNamespace(**{**values, **fields})


ITEMS = [
    item(),
    item(amount_requested=None, submitted_at=None, concept_submitted_at=WHEN, mean_score=None),
    item(amount_requested=Decimal("0"), submitted_at=None, mean_score=Decimal("12.25")),
    item(amount_requested=Decimal("1000000"), max_score=20, reviews_sent=0, reviews_assigned=0),
]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_cell_is_drawn_as_its_template_drew_it(language):
    with translation.override(language):
        for column in ApplicationIndexView.columns:
            for row in ITEMS:
                drawn = column.render_cell_html(row, {"row": None, "table": None})
                if column.name in BEFORE:
                    expected = Template(BEFORE[column.name]).render(Context({"item": row}))
                else:  # Wagtail's own cell template
                    expected = Column.render_cell_html(column, row, {"row": None, "table": None})
                assert drawn == expected, (column.name, row)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_table_is_drawn_as_wagtail_s_template_drew_it(language, rf):
    columns = ApplicationIndexView.columns
    kwargs = {"ordering": "-submitted_at", "base_url": "/admin/grants/applications/"}
    context = {"request": rf.get("/admin/grants/applications/")}
    with translation.override(language):
        for rows in (ITEMS, []):
            ours = ApplicationTable(columns, rows, **kwargs).render_html(context)
            stock = Table(columns, rows, **kwargs).render_html(context)
            assert ours == stock
