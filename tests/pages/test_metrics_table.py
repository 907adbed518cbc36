"""The metrics pages' tables draw their rows in Python (Table.body_html): the same HTML, byte
for byte, as the template loop chart.html had, in English and French. No database."""

import datetime

import pytest
from django.template import engines
from django.utils import translation

from pages.metrics import Table

# chart.html's rows as its template drew them before Table.body_html (kept to compare).
TEMPLATE_ROWS = """{% load i18n %}<tbody>
                    {% for row in table.bars %}
                        <tr>
                            <th scope="row">{% if row.link %}<a href="{{ row.link }}">{{ row.head }}</a>{% else %}{{ row.head }}{% endif %}</th>
                            {% for cell in row.cells %}
                                <td>{% if cell is None %}<span aria-hidden="true">—</span><span class="w-sr-only">{% translate "none" %}</span>{% else %}{{ cell }}{% endif %}</td>
                            {% endfor %}
                            {% if table.bar is not None %}
                                <td class="hub-chart__bar" aria-hidden="true"><svg width="100%" height="14" role="presentation" focusable="false"><rect width="{{ row.width|default:0 }}%" height="14" fill="currentColor"></rect></svg></td>
                            {% endif %}
                        </tr>
                    {% endfor %}
                </tbody>"""  # noqa: E501

DRAWN_ROWS = """<tbody>
                    {{ table.body_html }}
                </tbody>"""


def _tables():
    day = datetime.date(2026, 3, 1)
    return [
        # A trend: labels instead of the raw date, a bar, zero and the largest value.
        Table(
            key="backlog",
            title="Backlog",
            columns=["Day", "Open", "Filed", "Resolved"],
            rows=[[day, 12, 0, 3], [day, 0, 4, 1], [day, 1234, 2, 0]],
            labels=["Sunday 1 March", "Monday <2>", "Tuesday & co"],
        ),
        # Figures with none, decimals, a share and a name to escape; no labels.
        Table(
            key="experts",
            title="Experts",
            columns=["Expert", "Open", "Capacity", "Rating"],
            rows=[
                ['Amara "A" <b>', 3, None, 2.5],
                ["Zoé & Léa", 0, 10, None],
                ["Nobody", None, None, 2.0],
            ],
        ),
        # No bar, a link per row, text cells (the academy's cohorts).
        Table(
            key="cohorts",
            title="Cohorts",
            columns=["Cohort", "Course", "Starts", "Enrolled", "Behind"],
            rows=[
                ["Spring", "Budgets", "1 March 2026", 30, None],
                ["Fall <b>", "Plans & co", "1 Sept. 2026", 0, 4],
            ],
            labels=["Spring (Budgets)", "Fall <b>"],
            links=["/admin/reports/academy/cohorts/1/", "/admin/x/?a=1&b=2"],
            bar=None,
        ),
        # A bar over a column holding none, and a single row.
        Table(key="one", title="One", columns=["G", "N"], rows=[["a", None]]),
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rows_are_drawn_as_the_template_drew_them(language):
    engine = engines["django"]
    with translation.override(language):
        for table in _tables():
            expected = engine.from_string(TEMPLATE_ROWS).render({"table": table})
            drawn = engine.from_string(DRAWN_ROWS).render({"table": table})
            assert drawn == expected, table.key


def test_french_decimals_and_none_read_as_before():
    table = _tables()[1]
    with translation.override("fr"):
        html = str(table.body_html())
    assert "<td>2,5</td>" in html
    assert "&lt;b&gt;" in html and "&quot;A&quot;" in html
    with translation.override("en"):
        assert "<td>2.5</td>" in str(table.body_html())
