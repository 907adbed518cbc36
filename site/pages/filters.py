"""The Resource Hub's facets: read from a query string, applied to a queryset.

Unknown values are dropped rather than rejected, so a shared or mangled link still answers
a normal page. Within a facet the values are alternatives (theme A or B); across facets
they all apply (theme A and in French).
"""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from network.models import Topic

from .search import clean_query

FACETS = ("theme", "type", "audience", "region", "language")


def topic_names(locale: Locale) -> dict[str, str]:
    """Theme names by slug in a language, falling back to the default language's names."""
    rows = Topic.objects.filter(
        locale__language_code__in={locale.language_code, settings.LANGUAGE_CODE}
    ).values_list("slug", "name", "locale__language_code")
    names = {slug: name for slug, name, code in rows if code == settings.LANGUAGE_CODE}
    names.update({slug: name for slug, name, code in rows if code == locale.language_code})
    return names


FACET_LABELS = {
    "theme": _("Theme"),
    "type": _("Type"),
    "audience": _("Audience"),
    "region": _("Region"),
    "language": _("Available in"),
}


@dataclass(frozen=True)
class ResourceFilters:
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    query: str = ""

    @classmethod
    def from_query(cls, data, *, choices: dict[str, list[tuple[str, str]]]) -> "ResourceFilters":
        selected = {}
        for facet in FACETS:
            known = {value for value, _label in choices[facet]}
            values = [value for value in data.getlist(facet) if value in known]
            if values:
                selected[facet] = tuple(dict.fromkeys(values))  # unique, in order
        query = clean_query(data.get("q", ""))
        return cls(selected=selected, query=query)

    @property
    def is_active(self) -> bool:
        return bool(self.selected or self.query)

    def is_selected(self, facet: str, value: str) -> bool:
        return value in self.selected.get(facet, ())

    def apply(self, resources: QuerySet) -> QuerySet:
        lookups = {
            "theme": "topics__slug__in",
            "type": "resource_type__in",
            "audience": "audience__in",
            "region": "region__in",
            "language": "languages__code__in",
        }
        for facet, values in self.selected.items():
            resources = resources.filter(**{lookups[facet]: values})
        if self.query:
            matches = resources.model.objects.filter(pk__in=resources.values("pk"))
            ids = [page.pk for page in matches.search(self.query, operator="and")]
            resources = resources.filter(pk__in=ids)
        return resources.distinct()

    def without(self, facet: str, value: str) -> "ResourceFilters":
        remaining = tuple(v for v in self.selected.get(facet, ()) if v != value)
        selected = {**self.selected, facet: remaining}
        return replace(self, selected={k: v for k, v in selected.items() if v})

    def querystring(self, **extra) -> str:
        pairs = [(facet, value) for facet, values in self.selected.items() for value in values]
        if self.query:
            pairs.append(("q", self.query))
        pairs.extend((key, value) for key, value in extra.items() if value)
        return urlencode(pairs)
