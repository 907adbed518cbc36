"""Two nodes running `migrate` at once (issue 23, finding 3): each app's post_migrate handler
writes its django-q2 schedules (network.schedules.ensure_schedules), whose names are not
unique in django-q2's table. Two writers at once made two rows of one name, and every later
migrate failed on MultipleObjectsReturned. Now they take turns (an advisory lock on
PostgreSQL), and a database left with duplicates is healed by the next migrate."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django_q.models import Schedule

from network.schedules import ensure_schedules
from tests.utils import requires_postgres

# Many names per round: the wider the window in which both nodes look for a name and find
# none, the surer the old code made duplicates (it did in every run of this test).
SCHEDULES = {
    f"race test {n}": {"func": "math.floor", "schedule_type": Schedule.MINUTES, "minutes": n + 1}
    for n in range(25)
}
ROUNDS = 8


def _together(target, count=2):
    """Run `target()` in `count` threads (each with its own database connection) released at
    the same moment; raise the first error any of them met."""
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            target()
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer never finished"
    if errors:
        raise errors[0]


def _counts() -> dict[str, int]:
    counts = {}
    for name in Schedule.objects.filter(name__in=SCHEDULES).values_list("name", flat=True):
        counts[name] = counts.get(name, 0) + 1
    return counts


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_two_nodes_writing_the_same_schedules_at_once_make_one_row_each():
    for _round in range(ROUNDS):
        Schedule.objects.filter(name__in=SCHEDULES).delete()
        _together(lambda: ensure_schedules(SCHEDULES, using="default"))
        assert _counts() == dict.fromkeys(SCHEDULES, 1)
        # And the next migrate (one node, or both again) still finds exactly one.
        _together(lambda: ensure_schedules(SCHEDULES, using="default"))
        assert _counts() == dict.fromkeys(SCHEDULES, 1)


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_the_lock_is_held_until_the_writer_commits():
    """While one node writes its schedules (its transaction open), another waits."""
    from django.db import transaction

    from network.schedules import SCHEDULES_LOCK

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SCHEDULES_LOCK])
        other = threading.Thread(target=_write_elsewhere)
        other.start()
        other.join(timeout=2)
        assert other.is_alive(), "the second writer did not wait for the lock"
        assert _counts() == {}
    other.join(timeout=60)
    assert not other.is_alive()
    assert _counts() == dict.fromkeys(SCHEDULES, 1)


def _write_elsewhere():
    try:
        ensure_schedules(SCHEDULES, using="default")
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_duplicates_left_by_two_old_migrates_are_healed_keeping_the_oldest():
    name = "race test 3"
    oldest = Schedule.objects.create(
        name=name, func="math.floor", schedule_type=Schedule.MINUTES, minutes=99
    )
    for _copy in range(2):
        Schedule.objects.create(
            name=name, func="math.floor", schedule_type=Schedule.MINUTES, minutes=99
        )
    ensure_schedules(SCHEDULES, using="default")
    (kept,) = Schedule.objects.filter(name=name)
    assert kept.pk == oldest.pk
    assert kept.next_run == oldest.next_run  # its next run is not moved
    assert kept.minutes == SCHEDULES[name]["minutes"]  # its settings are put back
    assert _counts() == dict.fromkeys(SCHEDULES, 1)


@pytest.mark.django_db(transaction=True)
def test_a_database_broken_by_the_old_code_migrates_again():
    from pages.tasks import SCHEDULES as PAGE_SCHEDULES

    (name, fields), *_ = PAGE_SCHEDULES.items()
    Schedule.objects.filter(name=name).delete()
    for _copy in range(2):
        Schedule.objects.create(name=name, **fields, repeats=-1)
    call_command("migrate", verbosity=0)
    assert Schedule.objects.filter(name=name).count() == 1
