"""The academy reports' grouped counts, kept between views while nothing they count changes
(issue 25, docs/performance.md).

The cohorts and cities reports count the required lessons the enrolled have done. Live, that
reads every progress row of the page's courses (about 120,000 at the benchmark's volume,
25-30 ms of SQL), and no query shape or index reads fewer: a stored count per enrolment would
go stale whenever a lesson is published, unpublished, made optional or moved.

So the counts a report computes are kept under a digest of the SQL and parameters that
computed them: the viewer's read rules (a facilitator's query is not a coordinator's), the
page's cohorts or cities and the required lessons' keys are all in it, so a publish that
changes the required lessons, or another page, is another key. What the SQL cannot show is
the rows it reads: one counter (`VERSION_KEY`) is moved on at once and again on commit when
an enrolment, a lesson's progress, a cohort or a membership is saved or deleted, or a
cohort's facilitators change (a facilitator's figures read them), and what was kept under an
older value is ignored. Writes that send no signal (`bulk_create`, a queryset's `update()`)
are seen at the latest after `SECONDS`: the application's own touch only columns the counts
do not read (an enrolment's last activity and reminder), the demo and benchmark loaders
write in bulk.
"""

import hashlib

from django.db.models.signals import m2m_changed, post_delete, post_save

from pages.cache import advance_now_and_on_commit, page_cache, stamp

VERSION_KEY = "hub:academy:report-counts"
SECONDS = 600
# A second counter for counts that also read knowledge-check attempts (academy.metrics puts
# it in their key): moved on when an attempt is saved or deleted.
ATTEMPTS_KEY = "hub:academy:metrics-attempts"

# What the kept counts are read from (lazy labels: connected before the models are ready).
COUNTED = ("academy.Enrolment", "academy.LessonProgress", "academy.Cohort", "network.Membership")


def kept(sql: str, params, compute):
    """compute(), or what it returned last time for the same SQL and parameters if nothing
    counted has changed since (one cache round trip when kept)."""
    digest = hashlib.sha256(repr((sql, tuple(params))).encode()).hexdigest()
    key = f"{VERSION_KEY}:{digest}"
    cache = page_cache()
    read = cache.get_many([VERSION_KEY, key])
    version = read.get(VERSION_KEY) or stamp(VERSION_KEY)
    found = read.get(key)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == version:
        return found[1]
    counts = compute()
    cache.set(key, (version, counts), SECONDS)
    return counts


def forget(**kwargs) -> None:
    """Every kept count is ignored from now on (and again when the change commits)."""
    advance_now_and_on_commit(VERSION_KEY)


def _attempts_changed(**kwargs) -> None:
    advance_now_and_on_commit(ATTEMPTS_KEY)


def _facilitators_changed(action, **kwargs) -> None:
    if action.startswith("post_"):
        forget()


def connect_signals() -> None:
    for label in COUNTED:
        for signal in (post_save, post_delete):
            signal.connect(
                forget, sender=label, dispatch_uid=f"academy-report-counts-{label}-{id(signal)}"
            )
    for signal in (post_save, post_delete):
        signal.connect(
            _attempts_changed,
            sender="academy.CheckAttempt",
            dispatch_uid=f"academy-metrics-attempts-{id(signal)}",
        )
    m2m_changed.connect(
        _facilitators_changed,
        sender="academy.Cohort_facilitators",  # Cohort.facilitators.through, by its label
        dispatch_uid="academy-report-counts-facilitators",
    )
