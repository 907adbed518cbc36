"""Django's `migrate`, one node at a time.

Several nodes may run `migrate` at once (a deployment that starts them together). Django's
migrations are not made for that: on a new database both create the same tables and one
fails ("relation ... already exists"), and on a migrated one both may apply the same new
migration. On PostgreSQL each `migrate` first takes an advisory lock held for the whole
command, so the second waits, then finds everything applied and only runs what every
migrate runs (checks, roles, schedules, the page cache's new generation).
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

# A fixed 64-bit number of our own ("hub-migr" in ASCII, within PostgreSQL's signed bigint),
# apart from network.schedules.SCHEDULES_LOCK.
MIGRATE_LOCK = 0x6875622D6D696772


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
        try:
            return super().handle(*args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])
