"""Grants at volume: 500 applications to one call and 5,000 reviews (ten each), for the query
budgets of the coordinators' applications index and a reviewer's "My reviews".

    python -m bench.grants          # its own database (as python -m bench), small then full

`key_pages()` and `generate()` are what `python -m bench` calls to take grants into its run
(bench.__main__: `grants.generate()` after the full volume, `grants.key_pages()` with the
other key pages). Deterministic: the same rows every time.
"""

import datetime
import sys
import time
from decimal import Decimal

VOLUME = {"grant_applications": 500, "grant_reviews": 5000, "grant_reviewers": 50}
REVIEWS_EACH = VOLUME["grant_reviews"] // VOLUME["grant_applications"]
COORDINATOR = "coordinator@hub.example"
KEY_REVIEWER = "reviewer.bench-00@hub.example"
CALL_SLUG = "bench-grants-call"


def _call():
    from grants.models import CallPage, GrantProgrammePage, GrantsIndexPage
    from pages.models import HomePage

    found = CallPage.objects.filter(slug=CALL_SLUG).first()
    if found:
        return found
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    index = GrantsIndexPage.objects.filter(locale=english).first()
    if index is None:
        home = HomePage.objects.get(locale=english)
        index = home.add_child(instance=GrantsIndexPage(title="Funding", slug="bench-funding"))
    programme = index.add_child(
        instance=GrantProgrammePage(title="Bench programme", slug="bench-grants-programme")
    )
    from tests.grants.factories import PROPOSAL_FORM, RUBRIC

    return programme.add_child(
        instance=CallPage(
            title="Bench call",
            slug=CALL_SLUG,
            deadline=None,
            proposal_form=PROPOSAL_FORM,
            rubric=RUBRIC,
        )
    )


def generate(*, volume: str = "full", log=print) -> dict[str, float]:
    """The small volume: one application, one review for the key reviewer (the pages' one-row
    cost). The full volume: 500 applications and 5,000 reviews, of which the key reviewer has
    a full page. Returns the seconds each step took."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from grants.models import REVIEWERS_GROUP, Application, Review
    from network.models import Organisation, User

    from .data import DEMO_PASSWORD

    timings = {}
    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        call = _call()
        group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
        count = 1 if volume == "small" else VOLUME["grant_applications"]
        reviewers = []
        password = make_password(DEMO_PASSWORD)  # they sign in under load (bench.load)
        for n in range(1 if volume == "small" else VOLUME["grant_reviewers"]):
            person, _ = User.objects.get_or_create(
                email=f"reviewer.bench-{n:02d}@hub.example",
                defaults={"full_name": f"Bench Reviewer {n:02d}", "password": password},
            )
            EmailAddress.objects.get_or_create(
                user=person, email=person.email, defaults={"verified": True, "primary": True}
            )
            reviewers.append(person)
        group.user_set.add(*reviewers)
        have = Application.objects.filter(call=call).count()
        organisations = []
        for n in range(have, count):
            organisations.append(
                Organisation(
                    name=f"Bench applicant {n:04d}",
                    slug=f"bench-applicant-{n:04d}",
                    kind="community",
                    country="CA",
                    region="CA-ON",
                )
            )
        Organisation.objects.bulk_create(organisations)
        organisations = list(
            Organisation.objects.filter(slug__in=[o.slug for o in organisations]).order_by("slug")
        )
        creator = User.objects.get(email=COORDINATOR)
        applications = Application.objects.bulk_create(
            [
                Application(
                    call=call,
                    organisation=organisation,
                    created_by=creator,
                    title=f"Bench project {n:04d}",
                    amount_requested=Decimal("10000.00") + n,
                    language="fr" if n % 3 == 0 else "en",
                    status=Application.Status.IN_REVIEW,
                    submitted_at=now - datetime.timedelta(minutes=n),
                    answers={
                        "summary": f"Workshops {n}",
                        "audience": "youth",
                        "amount": f"{10000 + n}.00",
                    },
                )
                for n, organisation in enumerate(organisations, start=have)
            ]
        )
        applications = list(Application.objects.filter(call=call).order_by("pk"))
        taken = set(
            Review.objects.filter(application__call=call).values_list(
                "application_id", "reviewer_id"
            )
        )
        reviews = []
        for n, application in enumerate(applications):
            for k in range(min(REVIEWS_EACH, len(reviewers))):
                person = reviewers[(n + k) % len(reviewers)]
                if (application.pk, person.pk) in taken:
                    continue
                sent = (n + k) % 2 == 0
                reviews.append(
                    Review(
                        application=application,
                        stage=application.stage,
                        reviewer=person,
                        due_on=now.date() + datetime.timedelta(days=n % 30),
                        conflict="none" if sent or k % 3 else "",
                        scores={"fit": (n + k) % 6, "feasibility": k % 6} if sent else {},
                        recommendation="fund" if sent else "",
                        submitted_at=now if sent else None,
                    )
                )
        Review.objects.bulk_create(reviews, batch_size=1000)
    timings["grants"] = round(time.perf_counter() - started, 2)
    log(
        f"  grants: {Application.objects.filter(call=call).count()} applications, "
        f"{Review.objects.filter(application__call=call).count()} reviews"
    )
    return timings


def key_pages():
    from bench.data import KeyPage
    from grants.models import CallPage

    call = CallPage.objects.filter(slug=CALL_SLUG).first()
    call_filter = f"?call={call.pk}" if call else ""
    return [
        KeyPage(
            "grant applications (coordinator)",
            f"/admin/grants/applications/{call_filter}",
            COORDINATOR,
        ),
        KeyPage("my grant reviews (reviewer)", "/admin/grants/reviews/", KEY_REVIEWER),
    ]


def counts() -> dict[str, int]:
    from grants.models import Application, Review

    return {
        "grant_applications": Application.objects.count(),
        "grant_reviews": Review.objects.count(),
    }


def main() -> int:
    import os
    from pathlib import Path

    from bench.__main__ import ROOT, prepare_database, setup_django

    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        prepare_database()
    else:  # its own file, beside (never) make bench's var/bench.sqlite3
        own = ROOT / "var" / "bench-grants.sqlite3"
        own.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{own}{suffix}").unlink(missing_ok=True)
        os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{own}"
    setup_django()
    from django.core.management import call_command

    from bench import data, queries

    call_command("migrate", verbosity=0, interactive=False)
    data.generate("small")
    measured = {}
    generate(volume="small")
    measured["small"] = queries.measure(key_pages())
    generate(volume="full")
    print(counts())
    measured["full"] = queries.measure(key_pages())
    failures = 0
    for small, full in zip(measured["small"], measured["full"], strict=True):
        flag = "GROWS" if full.queries > small.queries or full.status != 200 else ""
        failures += bool(flag)
        print(
            f"  {small.name:<36} queries {small.queries:>3} → {full.queries:>3}   "
            f"{small.ms:>7.1f} ms → {full.ms:>7.1f} ms  {flag}"
        )
        for extra, statement in queries.growth(small, full):
            print(f"    +{extra} × {statement[:200]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
