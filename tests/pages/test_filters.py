"""The Resource Hub's facets (pages.filters) and the query cleaning every search shares."""

import re

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pages.filters import FACETS, ResourceFilters
from pages.search import MAX_QUERY_LENGTH, clean_query

CHOICES = {
    "theme": [("mapping", "Mapping"), ("strategy", "Strategy"), ("response", "Response")],
    "type": [("guide", "Guide"), ("toolkit", "Toolkit")],
    "audience": [("mayors", "Mayors"), ("city-staff", "City staff")],
    "region": [("canada", "Canada"), ("global", "Global")],
    "language": [("en", "English"), ("fr", "Français"), ("es", "Español")],
}
# Words (letters and digits, no underscore) separated by single spaces; nothing else.
CLEAN = re.compile(r"(?:[^\W_]+(?: [^\W_]+)*)?")


def filters_from(query_string: str) -> ResourceFilters:
    return ResourceFilters.from_query(QueryDict(query_string), choices=CHOICES)


# --- Reading a query string ---


def test_unknown_facet_values_are_dropped():
    filters = filters_from(
        "theme=mapping&theme=bogus&type=pamphlet&audience=Mayors&language=de&colour=red"
    )
    assert filters.selected == {"theme": ("mapping",)}


def test_a_facet_with_only_unknown_values_is_not_selected_at_all():
    filters = filters_from("theme=nope&region=mars")
    assert filters.selected == {}
    assert not filters.is_active


def test_values_must_match_exactly():
    # No trimming, no case folding: a mangled value is an unknown value.
    filters = filters_from("theme=mapping%20&theme=MAPPING&theme=%20mapping&type=guide")
    assert filters.selected == {"type": ("guide",)}


def test_duplicates_are_removed_and_the_order_kept():
    filters = filters_from("theme=strategy&theme=mapping&theme=strategy&theme=mapping&type=guide")
    assert filters.selected == {"theme": ("strategy", "mapping"), "type": ("guide",)}


def test_every_facet_is_read():
    filters = filters_from(
        "theme=response&type=toolkit&audience=city-staff&region=global&language=es&language=fr"
    )
    assert set(filters.selected) == set(FACETS)
    assert filters.selected["language"] == ("es", "fr")


def test_the_query_is_cleaned():
    filters = filters_from("q=%22toolkit%22+OR+%00drop%3Btable")
    assert filters.query == "toolkit OR drop table"
    assert filters.is_active
    assert filters.selected == {}


def test_an_empty_or_missing_query_is_empty():
    assert filters_from("").query == ""
    assert filters_from("q=").query == ""
    assert filters_from("q=%22%27%3B%2A").query == ""  # only punctuation
    assert not filters_from("q=%20%20").is_active


def test_a_very_long_query_is_capped():
    filters = filters_from("q=" + "word+" * 1000)
    assert len(filters.query) <= MAX_QUERY_LENGTH
    assert filters.query.startswith("word word")
    assert not filters.query.endswith(" ")


def test_is_selected():
    filters = filters_from("theme=mapping&language=fr")
    assert filters.is_selected("theme", "mapping")
    assert filters.is_selected("language", "fr")
    assert not filters.is_selected("theme", "strategy")
    assert not filters.is_selected("type", "mapping")


# --- without() and querystring() ---


def test_without_removes_one_value_and_keeps_the_rest():
    filters = filters_from("theme=mapping&theme=strategy&type=guide&q=city")
    fewer = filters.without("theme", "mapping")
    assert fewer.selected == {"theme": ("strategy",), "type": ("guide",)}
    assert fewer.query == "city"
    # The original is untouched: filters are values.
    assert filters.selected["theme"] == ("mapping", "strategy")


def test_without_the_last_value_drops_the_facet():
    filters = filters_from("type=guide&theme=mapping")
    assert filters.without("type", "guide").selected == {"theme": ("mapping",)}
    assert filters.without("type", "guide").without("theme", "mapping").selected == {}


def test_without_a_value_that_is_not_selected_changes_nothing():
    filters = filters_from("theme=mapping")
    assert filters.without("theme", "strategy") == filters
    assert filters.without("region", "canada") == filters


def test_querystring_lists_every_value_then_the_query_then_extras():
    filters = ResourceFilters(
        selected={"theme": ("mapping", "strategy"), "language": ("fr",)},
        query="cartographie globale",
    )
    assert filters.querystring() == (
        "theme=mapping&theme=strategy&language=fr&q=cartographie+globale"
    )
    assert filters.querystring(page=2).endswith("&page=2")
    # Empty extras are left out rather than written as "page=".
    assert filters.querystring(page=None) == filters.querystring()
    assert filters.querystring(page="") == filters.querystring()


def test_querystring_of_no_filters_is_empty():
    assert ResourceFilters().querystring() == ""
    assert ResourceFilters().querystring(page=3) == "page=3"


def test_querystring_reads_back_to_the_same_filters():
    filters = filters_from("theme=strategy&theme=mapping&region=global&q=a+%C3%A9t%C3%A9+guide")
    assert filters.query == "a été guide"
    assert filters_from(filters.querystring()) == filters
    fewer = filters.without("theme", "strategy")
    assert filters_from(fewer.querystring()) == fewer


@settings(max_examples=50, deadline=None)
@given(
    selected=st.fixed_dictionaries(
        {
            facet: st.lists(st.sampled_from([value for value, _label in CHOICES[facet]]))
            for facet in FACETS
        }
    ),
    query=st.text(),
)
def test_querystring_round_trips(selected, query):
    filters = ResourceFilters(
        selected={facet: tuple(dict.fromkeys(v)) for facet, v in selected.items() if v},
        query=clean_query(query),
    )
    assert filters_from(filters.querystring()) == filters


# --- clean_query ---


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("toolkit", "toolkit"),
        ('"toolkit"', "toolkit"),
        ("'mayors' guide", "mayors guide"),
        ("a\x00b", "a b"),
        ("\x1b[31mred\x07", "31mred"),
        ("tab\tand\nnewline\r", "tab and newline"),
        ("  lots    of   space  ", "lots of space"),
        ("snake_case", "snake case"),
        ("toolkit*", "toolkit"),
        ("NEAR(a b)", "NEAR a b"),
        ("l’extrémisme, la «polarisation»", "l extrémisme la polarisation"),
        ("Cartographie globale et inclusive", "Cartographie globale et inclusive"),
        ("", ""),
        (None, ""),
        ("!!!", ""),
    ],
)
def test_clean_query(raw, clean):
    assert clean_query(raw) == clean


def test_clean_query_caps_very_long_strings():
    assert clean_query("x" * 5000) == "x" * MAX_QUERY_LENGTH
    capped = clean_query("abc " * 1000)
    assert len(capped) <= MAX_QUERY_LENGTH
    assert CLEAN.fullmatch(capped)


@settings(max_examples=50, deadline=None)
@given(st.text())
def test_clean_query_returns_only_words_and_single_spaces(raw):
    cleaned = clean_query(raw)
    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert CLEAN.fullmatch(cleaned), cleaned
    assert clean_query(cleaned) == cleaned  # cleaning twice changes nothing


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1).map(lambda text: text * 50))
def test_clean_query_never_raises_on_long_text(raw):
    cleaned = clean_query(raw)
    assert len(cleaned) <= MAX_QUERY_LENGTH
    assert CLEAN.fullmatch(cleaned)


# --- Through the test client ---


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    q=st.text(),
    theme=st.lists(st.sampled_from(["mapping", "strategy", "response"]) | st.text(), max_size=3),
    page=st.text() | st.integers().map(str),
)
def test_any_query_string_answers_the_resource_hub(client, demo, q, theme, page):
    response = client.get("/en/resources/", data={"q": q, "theme": theme, "page": page})
    assert response.status_code == 200
    heading = re.search(r'id="results-heading">\s*(\d+) resources?\s*<', response.content.decode())
    assert heading, "the results heading is missing"
    assert int(heading.group(1)) <= 13  # the demo's English resources
