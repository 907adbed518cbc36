"""PostgreSQL text search configurations that read French as French and English as
English, with accents folded (unaccent), for pages.search_backends. Nothing on SQLite: there
pages.text_search folds and stems in Python. The search index is rebuilt after this
migration (pages.apps.rebuild_search_index), since every entry's words change."""

from django.db import migrations

CONFIGURATIONS = [
    # (ours, copied from, the dictionary for words)
    ("hub_english", "english", "english_stem"),
    ("hub_french", "french", "french_stem"),
    ("hub_simple", "simple", "simple"),
]


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
    statements = ["CREATE EXTENSION IF NOT EXISTS unaccent"]
    for name, source, dictionary in CONFIGURATIONS:
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}",
            f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})",
            # Words with a non-ASCII letter ("prévention", "cœur") lose their accents, then
            # are stemmed as the language's ASCII words already are.
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR word, hword, hword_part WITH unaccent, {dictionary}",
            # Words with digits ("covid19") stay whole, as in the copied configuration.
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR numword, numhword, hword_numpart WITH unaccent, simple",
        ]
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _source, _dictionary in CONFIGURATIONS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("pages", "0005_home_hero_actions_services")]

    # Read by pages.apps.rebuild_search_index once every migration has run.
    rebuilds_search_index = True

    operations = [migrations.RunPython(create_configurations, drop_configurations, elidable=False)]
