"""PostgreSQL: each object's words go through its language's text search configuration."""

import copy
from collections import defaultdict

from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from pages.text_search import SIMPLE, TextLanguage

from .languages import languages_of, query_language


class HubPostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        # The library indexes a batch with its backend's one configuration: give each
        # language's objects a backend that speaks it.
        languages = languages_of(objs)
        batches = defaultdict(list)
        for obj in objs:
            batches[languages[str(obj.pk)]].append(obj)
        for language, batch in batches.items():
            index = copy.copy(self)
            index.backend = self.backend.speaking(language)
            super(HubPostgresIndex, index).add_items(model, batch)


class HubPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the search is made, not when its results are: the request's language.
        self.language = query_language(self.queryset.model)

    def get_config(self, backend):
        return self.language.config


class HubPostgresSearchBackend(PostgresSearchBackend):
    index_class = HubPostgresIndex
    query_compiler_class = HubPostgresSearchQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.config = SIMPLE.config
        # Prefixes ("prév") must match unstemmed words, with accents folded.
        self.autocomplete_config = SIMPLE.config

    def speaking(self, language: TextLanguage) -> "HubPostgresSearchBackend":
        backend = copy.copy(self)
        backend.config = language.config
        return backend
