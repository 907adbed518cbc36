"""SQLite: FTS5 is given the words already folded and stemmed, as PostgreSQL would index
them, and each query's words the same way."""

from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from pages.text_search import SIMPLE, Normaliser

from .languages import languages_of, query_language


def normalise_query(query, normaliser: Normaliser):
    """The query with every typed word folded and stemmed as the index holds it. A query of
    stop words only matches nothing, as PostgreSQL's empty tsquery does."""
    if isinstance(query, PlainText):
        words = normaliser(query.query_string)
        return PlainText(words, operator=query.operator, boost=query.boost) if words else MATCH_NONE
    if isinstance(query, Phrase):
        words = normaliser(query.query_string)
        return Phrase(words) if words else MATCH_NONE
    if isinstance(query, Boost):
        return Boost(normalise_query(query.subquery, normaliser), query.boost)
    if isinstance(query, (And, Or)):
        return type(query)([normalise_query(sub, normaliser) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(normalise_query(query.subquery, normaliser))
    return query


class HubSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        super().add_items(model, objs)
        # Rewrite the entries the library just stored as the words PostgreSQL would index;
        # FTS5's triggers copy them into its table.
        languages = languages_of(objs)
        entries = list(
            self.entries.filter(
                content_type_id=get_content_type_pk(model), object_id__in=list(languages)
            )
        )
        normalisers = {}
        simple = Normaliser(SIMPLE)
        for entry in entries:
            language = languages[entry.object_id]
            normalise = normalisers.setdefault(language, Normaliser(language))
            entry.title = normalise(entry.title)
            entry.body = normalise(entry.body)
            entry.autocomplete = simple(entry.autocomplete)
            entry.title_norm = 1.0  # the title's length changed: weigh it again
        self.entries.bulk_update(entries, ["title", "body", "autocomplete", "title_norm"])
        self._refresh_title_norms()


class HubSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the search is made, not when its results are: the request's language.
        self.query = normalise_query(self.query, Normaliser(query_language(self.queryset.model)))


class HubSQLiteAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.query = normalise_query(self.query, Normaliser(SIMPLE))


class HubSQLiteSearchBackend(SQLiteSearchBackend):
    index_class = HubSQLiteIndex
    query_compiler_class = HubSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = HubSQLiteAutocompleteQueryCompiler
