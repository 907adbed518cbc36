"""django-q2 schedules: each feature app's post_migrate handler puts its own in place.

Several nodes may run `migrate` at once (a deployment that starts them together). django-q2's
Schedule has no unique name, so two of them creating the same schedule made two rows, and
every later `migrate` then failed on MultipleObjectsReturned. Hence one transaction per
app's schedules, under one lock for all of them (PostgreSQL's advisory lock; SQLite lets one
writer at a time anyway), and any duplicate left by earlier versions is removed.
"""

# The advisory lock every node takes while it writes schedules: a fixed 64-bit number of
# our own ("hub-schd" in ASCII; it fits PostgreSQL's signed bigint), so that no other lock
# in the database shares it.
SCHEDULES_LOCK = 0x6875622D73636864


def ensure_schedules(schedules: dict, *, using: str, first_run=None) -> None:
    """Create or update django-q2 schedules (each feature app's post_migrate handler calls
    this with its own). Settings are put back on every migrate; the next run is set only
    when a schedule is created, so a deployment does not move it. `first_run(fields)` may
    choose that first moment (default: now). Safe when several nodes run it at once."""
    from django.db import connections, transaction
    from django.utils import timezone
    from django_q.models import Schedule

    connection = connections[using]
    if Schedule._meta.db_table not in connection.introspection.table_names():
        return  # django_q not migrated yet (e.g. `migrate academy` on a new database)
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            # Held until this transaction ends: another node's migrate waits here, then
            # finds the rows this one wrote and updates them.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULES_LOCK])
        # SQLite needs no lock: its transactions here begin IMMEDIATE (config.settings.base),
        # which takes the database's single write lock, so two writers are serialised.
        rows = Schedule.objects.using(using)
        for name, fields in schedules.items():
            _remove_duplicates(rows, name)
            rows.update_or_create(
                name=name,
                defaults={**fields, "repeats": -1},
                create_defaults={
                    **fields,
                    "repeats": -1,
                    "next_run": first_run(fields) if first_run else timezone.now(),
                },
            )


def _remove_duplicates(rows, name: str) -> None:
    """Keep the oldest schedule of this name (its next run is the one the workers follow)
    and delete the others, which two nodes migrating at once made before the lock."""
    ids = list(rows.filter(name=name).order_by("pk").values_list("pk", flat=True))
    if len(ids) > 1:
        rows.filter(pk__in=ids[1:]).delete()
