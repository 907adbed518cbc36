"""The demo content, loaded once a run and put back in about a second.

The suite loads the demo through the real command once (tests/conftest.py,
django_db_setup). Tests that commit (the browser journeys, the races, the worker) empty
the database when they finish, and the next one needs the demo again: loading it through
the command took about 30 seconds on PostgreSQL, once for each of about a hundred such
tests, most of CI's time. `take()` copies every table right after the first load and
`restore()` writes those rows back (PostgreSQL: binary COPY in one transaction, the
sequences set back; SQLite: the backup API), so each of those tests starts from exactly
what the command made. The tests that check the command itself still run it.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

_snapshot: dict | None = None


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    return [
        name
        for name in connection.introspection.table_names(include_views=False)
        if name != "django_migrations"
    ]


def take() -> None:
    """Copy the database as it is now (the demo, just loaded)."""
    global _snapshot
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = {}
            for table in _tables():
                with cursor.copy(f"COPY {_quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value"
                " FROM pg_sequences WHERE schemaname = current_schema()"
            )
            sequences = cursor.fetchall()
        _snapshot = {"tables": tables, "sequences": sequences}
    elif connection.vendor == "sqlite":
        handle, path = tempfile.mkstemp(prefix="hub-demo-", suffix=".sqlite3")
        os.close(handle)
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        _snapshot = {"file": path}


def restore() -> None:
    """Put the demo back as take() found it; without a snapshot, load it through the
    command (and keep that for the next time)."""
    if _snapshot is None:
        with open(os.devnull, "w") as devnull:
            call_command("load_demo", stdout=devnull)
        take()
        return
    if connection.vendor == "postgresql":
        tables = _snapshot["tables"]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(_quote(t) for t in tables) + " CASCADE")
            # Django's foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED),
            # so the tables can be filled in any order.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, data in tables.items():
                if data:
                    with cursor.copy(f"COPY {_quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                        copy.write(data)
            for sequence, last_value in _snapshot["sequences"]:
                if last_value is None:
                    cursor.execute(f"ALTER SEQUENCE {sequence} RESTART")
                else:
                    cursor.execute("SELECT setval(%s, %s, true)", [sequence, last_value])
    else:
        source = sqlite3.connect(_snapshot["file"])
        connection.ensure_connection()
        source.backup(connection.connection)
        source.close()
    # Emptying the database made new content types (post_migrate); the rows put back carry
    # the old ids again.
    ContentType.objects.clear_cache()
