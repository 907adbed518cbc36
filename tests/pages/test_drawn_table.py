"""The shared drawn table (pages.drawn_tables): rows drawn in Python print what Wagtail's
own table.html prints for the same columns (values, escaping, a caption, row classes,
column widths, sortable headers, no rows), and the one attrs helper prints what Wagtail's
and Django's attrs templates print."""

import datetime
from types import SimpleNamespace

import pytest
from django.forms.renderers import get_default_renderer
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.ui.tables import Column, Table

from pages.drawn_tables import DrawnColumn, DrawnTable, DrawnValueColumn, attrs_html

WHEN = datetime.datetime(2026, 12, 6, 3, 30, tzinfo=datetime.UTC)  # Dec 5 in Toronto
ROWS = [
    SimpleNamespace(pk=1, name="Ville d'Édmonton & <co>", count=1234, note=None, when=WHEN),
    SimpleNamespace(
        pk=2, name='Les "ateliers" <script>', count=0, note=mark_safe("<b>ok</b>"), when=None
    ),
]


def _name_cell(item, table):
    return format_html('<td class="title"><a href="/x/{}/">{}</a></td>', item.pk, item.name)


class StockLinkColumn(Column):
    """The drawn name column as a template cell, for Wagtail's own table."""

    def render_cell_html(self, instance, parent_context):
        return mark_safe(_name_cell(instance, None) + "\n")


class RowClassTable(Table):
    def get_row_classname(self, instance):
        return "odd" if instance.pk % 2 else ""


class DrawnRowClassTable(DrawnTable):
    get_row_classname = RowClassTable.get_row_classname


def columns(drawn: bool, width=None):
    value = DrawnValueColumn if drawn else Column
    return [
        DrawnColumn("name", _name_cell, label="Name", sort_key="name")
        if drawn
        else StockLinkColumn("name", label="Name", sort_key="name"),
        value("count", label="Nombre", sort_key="count", width=width),
        value("note", label="Note", classname="hd-note"),
        value("when", label="Quand"),  # in the active zone, as a template prints it
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("rows", [ROWS, []])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"ordering": "-count", "base_url": "/admin/x/"},
        {"caption": "Les lignes", "classname": "listing"},
        {"width": "20%"},
    ],
)
def test_drawn_as_wagtail_s_table_html(language, rows, options, rf):
    options = dict(options)
    width = options.pop("width", None)
    context = {"request": rf.get("/admin/x/")}
    with translation.override(language), timezone.override("America/Toronto"):
        stock = RowClassTable(columns(False, width), rows, **options).render_html(context)
        ours = DrawnRowClassTable(columns(True, width), rows, **options).render_html(context)
    assert ours == stock
    assert ('class="odd"' in ours) == bool(rows)


def test_without_wagtail_spacing_the_same_tags_with_no_white_space_between_rows(rf):
    class Compact(DrawnTable):
        wagtail_spacing = False

    context = {"request": rf.get("/admin/x/")}
    spaced = DrawnTable(columns(True), ROWS).render_html(context)
    compact = Compact(columns(True), ROWS).render_html(context)
    body = compact.split("<tbody>")[1].split("</tbody>")[0]
    assert body.startswith("<tr><td") and "</td></tr><tr><td" in body
    assert body.endswith("</td></tr>")
    assert " ".join(compact.split()) != " ".join(spaced.split())
    assert compact.replace("\n", "").replace(" ", "") == spaced.replace("\n", "").replace(" ", "")


LAZY = lazy(lambda: "paresseux <x>", str)()
ATTRS = [
    {},
    {"class": "a b", "data-x": 'say "hi" & <bye>', "hidden": True, "disabled": False},
    {"value": 0, "step": 1.5, "data-none": None, "required": True, "checked": 1},
    {"title": LAZY, "data-safe": mark_safe("<i>safe</i>"), "id": "id_<x>"},
    {"<bad>": "v", "flag&": True},
]


@pytest.mark.parametrize("attrs", ATTRS)
def test_attrs_as_wagtail_s_and_django_s_templates(attrs):
    wagtail = render_to_string("wagtailadmin/shared/attrs.html", {"attrs": attrs})
    # As a widget's template includes it (the renderer's render() would strip it).
    template = get_default_renderer().get_template("django/forms/widgets/attrs.html")
    django = template.render({"widget": {"attrs": attrs}})
    assert attrs_html(attrs) == wagtail == django
