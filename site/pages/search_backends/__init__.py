"""Wagtail's database search backend, made to read each page in its own language.

A French page is indexed with French rules (accents folded, French stems, French stop
words) and an English page with English ones; a query is read with the rules of the
language it is searched in. On PostgreSQL the rules are text search configurations
(migration pages.0006); on SQLite the same words are folded and stemmed in Python before
FTS5 sees them (pages.text_search), so both databases find the same pages.

After changing these rules, rebuild the index: `manage.py update_index` (docs/search.md).
"""

from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The database's own full-text backend (as `wagtail.search.backends.database` picks
    it), with the language rules above; another database gets the library's fallback."""
    backend = database.SearchBackend(params)
    # Each module imports its database's index models, which exist only on that database.
    vendor = type(backend).__module__.rsplit(".", 1)[-1]
    if vendor == "postgres":
        from .postgres import HubPostgresSearchBackend

        return HubPostgresSearchBackend(params)
    if vendor == "sqlite":
        from .sqlite import HubSQLiteSearchBackend

        return HubSQLiteSearchBackend(params)
    return backend
