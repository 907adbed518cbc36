"""django-q2 schedules: each feature app's post_migrate handler puts its own in place."""


def ensure_schedules(schedules: dict, *, using: str, first_run=None) -> None:
    """Create or update django-q2 schedules (each feature app's post_migrate handler calls
    this with its own). Settings are put back on every migrate; the next run is set only
    when a schedule is created, so a deployment does not move it. `first_run(fields)` may
    choose that first moment (default: now)."""
    from django.db import connections
    from django.utils import timezone
    from django_q.models import Schedule

    if Schedule._meta.db_table not in connections[using].introspection.table_names():
        return  # django_q not migrated yet (e.g. `migrate academy` on a new database)
    for name, fields in schedules.items():
        Schedule.objects.using(using).update_or_create(
            name=name,
            defaults={**fields, "repeats": -1},
            create_defaults={
                **fields,
                "repeats": -1,
                "next_run": first_run(fields) if first_run else timezone.now(),
            },
        )
