"""Admin listings whose rows are drawn in Python (issue 25: a template per cell, 50 rows of
eight cells, cost more than the rest of a listing): Wagtail's table with its body drawn by
each column's `draw(item, table)`, in the same markup as Wagtail's templates."""

from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from wagtail.admin.ui.tables import Column, Table


def attrs_html(attrs) -> str:
    """Wagtail's wagtailadmin/shared/attrs.html (and Django's django/forms/widgets/attrs.html,
    which prints the same), in Python: ` name="value"` for each attribute, ` name` for True,
    nothing for False; names and values escaped."""
    return "".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items()
        if value is not False
    )


class DrawnColumn(Column):
    """A column whose cells `html(item, table)` draws: the markup its cell template had
    (a whole `<td>`)."""

    def __init__(self, name, html, **kwargs):
        super().__init__(name, **kwargs)
        self.html = html

    def draw(self, item, table) -> str:
        return self.html(item, table)

    def render_cell_html(self, instance, parent_context):
        # In Wagtail's own table: the cell and its template's last line end.
        return mark_safe(self.draw(instance, parent_context["table"]) + "\n")


class DrawnValueColumn(Column):
    """Wagtail's plain column (wagtailadmin/tables/cell.html: the value in local time and
    localised, as a template prints it), drawn."""

    def draw(self, item, table) -> str:
        value = self.get_value(item)
        return format_html(
            "<td {}>\n    {}\n</td>",
            format_html('class="{}"', self.classname) if self.classname else "",
            "" if value is None else localize(template_localtime(value)),
        )

    def render_cell_html(self, instance, parent_context):
        return mark_safe(self.draw(instance, None) + "\n")


# A row and its cells as Wagtail's wagtailadmin/tables/table.html prints them, its indents
# and line ends kept ({% component cell %} adds the cell template's last line end).
_SPACED = (
    "\n        {}\n    ",
    "\n            <tr{}>\n                {}\n            </tr>\n        ",
    "\n                    {}\n\n                ",
)
_COMPACT = ("{}", "<tr{}>{}</tr>", "{}")


class DrawnTable(Table):
    """Wagtail's table (templates/pages/admin/drawn_table.html: its table.html, the body
    drawn here), every column a drawn one (`draw(item, table)`).

    `wagtail_spacing`: the body and the blank lines of table.html as Wagtail prints them
    (True), or rows and cells with no white space between them (False, as the help-desk
    queue has always been drawn)."""

    template_name = "pages/admin/drawn_table.html"
    wagtail_spacing = True

    def body_html(self) -> str:
        body, row, cell = _SPACED if self.wagtail_spacing else _COMPACT
        columns = list(self.columns.values())
        return mark_safe(
            body.format(
                "".join(
                    row.format(
                        attrs_html(self.get_row_attrs(item)),
                        "".join(cell.format(c.draw(item, self)) for c in columns),
                    )
                    for item in self.data
                )
            )
        )
