"""The demo content for tests that empty the database, put back in about a second.

Tests that commit (the browser journeys, the races, the worker) empty the database when
they finish, and the next one needs the demo again: loading it through the command took
about 30 seconds on PostgreSQL, once for each of about a hundred such tests, most of CI's
time. `restore()` loads it through the command as before, copies every table (`take()`),
and for the next tests writes those rows back (PostgreSQL: binary COPY in one transaction,
the sequences set back; SQLite: the backup API). The demo's times are relative to when it
is loaded (deadlines in hours, slots, modules opening at 9:00, today's date), so a copy is
used for ten minutes and on the day it was taken only; then the command runs again. The
tests that check the command itself still run it.
"""

from __future__ import annotations

import atexit
import os
import sqlite3
import tempfile
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

# How long a copy stands in for loading the demo again.
FRESH_SECONDS = 600

_snapshot: dict | None = None


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    return [
        name
        for name in connection.introspection.table_names(include_views=False)
        if name != "django_migrations"
    ]


def _fresh() -> bool:
    return (
        _snapshot is not None
        and time.monotonic() - _snapshot["taken"] < FRESH_SECONDS
        and timezone.localdate() == _snapshot["day"]
    )


def take() -> None:
    """Copy the database as it is now (the demo, just loaded)."""
    global _snapshot
    _forget()
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
    if _snapshot is not None:
        _snapshot.update(taken=time.monotonic(), day=timezone.localdate())


def _forget() -> None:
    global _snapshot
    if _snapshot is not None and "file" in _snapshot:
        os.unlink(_snapshot["file"])
    _snapshot = None


atexit.register(_forget)


def restore() -> None:
    """The demo, as the command loads it: a copy of its last load if that is fresh, else
    through the command (and copied for the next tests)."""
    if not _fresh():
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
