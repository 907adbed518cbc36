"""The grants roll-up at volume: 200 grants in one programme across 10 partner cities, each
with two received reports and incident tallies (2,400 tallies), for the query budget of the
coordinators' roll-up page and its CSV.

    python -m bench.grants_rollup   # its own database (as python -m bench), small then full

`generate()` and `key_pages()` are what `python -m bench` would call to take the roll-up into
its run (as bench.grants). Deterministic: the same rows every time.
"""

import datetime
import sys
import time
from decimal import Decimal

VOLUME = {"grants": 200, "cities": 10}
COORDINATOR = "coordinator@hub.example"
PROGRAMME_SLUG = "bench-rollup-programme"
CATEGORIES = ["race", "religion", "sexual_orientation"]


def _programme():
    from wagtail.models import Locale

    from grants.models import GrantProgrammePage, GrantsIndexPage
    from pages.models import HomePage

    found = GrantProgrammePage.objects.filter(slug=PROGRAMME_SLUG).first()
    if found:
        return found
    english = Locale.objects.get(language_code="en")
    index = GrantsIndexPage.objects.filter(locale=english).first()
    if index is None:
        home = HomePage.objects.get(locale=english)
        index = home.add_child(instance=GrantsIndexPage(title="Funding", slug="bench-funding"))
    return index.add_child(
        instance=GrantProgrammePage(title="Bench roll-up programme", slug=PROGRAMME_SLUG)
    )


def generate(*, volume: str = "full", log=print) -> dict[str, float]:
    """Small: 2 grants. Full: 200 grants. Each grant: two received reports (one accepted),
    people reached, activities held and tallies in three categories over three months."""
    from django.db import transaction
    from django.utils import timezone

    from grants.models import Grant, IncidentTally, Report
    from network.models import Organisation

    started = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        programme = _programme()
        cities = []
        for n in range(VOLUME["cities"]):
            city, _ = Organisation.objects.get_or_create(
                slug=f"bench-rollup-city-{n:02d}",
                defaults={
                    "name": f"Bench City {n:02d}",
                    "kind": "city",
                    "country": "US",
                    "region": "US-ID",
                },
            )
            cities.append(city)
        count = 2 if volume == "small" else VOLUME["grants"]
        have = Grant.objects.filter(programme=programme).count()
        grantees = Organisation.objects.bulk_create(
            Organisation(
                name=f"Bench grantee {n:04d}",
                slug=f"bench-grantee-{n:04d}",
                kind="community",
                country="US",
                region="US-ID",
            )
            for n in range(have, count)
        )
        start = datetime.date(2026, 1, 1)
        grants = Grant.objects.bulk_create(
            Grant(
                programme=programme,
                organisation=organisation,
                city=cities[n % len(cities)],
                title=f"Bench grant {n:04d}",
                amount=Decimal("15000.00") + n,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=364),
            )
            for n, organisation in enumerate(grantees, start=have)
        )
        grants = list(Grant.objects.filter(pk__in=[g.pk for g in grants]))
        reports = []
        for n, grant in enumerate(grants):
            for k, (period_end, due) in enumerate(
                [
                    (datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)),
                    (datetime.date(2026, 6, 30), datetime.date(2026, 7, 30)),
                ]
            ):
                reports.append(
                    Report(
                        grant=grant,
                        kind="interim",
                        period_start=start if k == 0 else datetime.date(2026, 4, 1),
                        period_end=period_end,
                        due_on=due,
                        status="accepted" if k == 0 else "submitted",
                        submitted_at=now,
                        people_reached=20 + n % 50,
                        activities_held=1 + n % 7,
                    )
                )
        reports = Report.objects.bulk_create(reports)
        tallies = [
            IncidentTally(
                report=report,
                category=category,
                month=report.period_start.replace(month=report.period_start.month + m),
                count=(report.pk + m + c) % 9,
            )
            for report in reports
            for m in range(2)
            for c, category in enumerate(CATEGORIES)
        ]
        IncidentTally.objects.bulk_create(tallies, batch_size=1000)
    log(
        f"  grants roll-up: {Grant.objects.filter(programme=programme).count()} grants, "
        f"{Report.objects.filter(grant__programme=programme).count()} reports, "
        f"{IncidentTally.objects.filter(report__grant__programme=programme).count()} tallies"
    )
    return {"grants_rollup": round(time.perf_counter() - started, 2)}


def key_pages():
    from bench.data import KeyPage
    from grants.models import GrantProgrammePage

    programme = GrantProgrammePage.objects.filter(slug=PROGRAMME_SLUG).first()
    query = f"?programme={programme.pk}" if programme else ""
    return [
        KeyPage("grants roll-up (coordinator)", f"/admin/grants/rollup/{query}", COORDINATOR),
        KeyPage(
            "grants roll-up CSV (coordinator)", f"/admin/grants/rollup/csv/{query}", COORDINATOR
        ),
        KeyPage("grants roll-up, all programmes", "/admin/grants/rollup/", COORDINATOR),
    ]


def counts() -> dict[str, int]:
    from grants.models import Grant, IncidentTally, Report

    return {
        "grants": Grant.objects.count(),
        "grant_reports": Report.objects.count(),
        "incident_tallies": IncidentTally.objects.count(),
    }


def main() -> int:
    import os
    from pathlib import Path

    from bench.__main__ import ROOT, prepare_database, setup_django

    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        prepare_database()
    else:  # its own file, beside (never) make bench's var/bench.sqlite3
        own = ROOT / "var" / "bench-grants-rollup.sqlite3"
        own.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{own}{suffix}").unlink(missing_ok=True)
        os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{own}"
    setup_django()
    from django.core.management import call_command

    from bench import data, queries

    call_command("migrate", verbosity=0, interactive=False)
    data.generate("small")
    generate(volume="small")
    small = queries.measure(key_pages())
    generate(volume="full")
    full = queries.measure(key_pages())
    failures = 0
    for before, after in zip(small, full, strict=True):
        flag = "GROWS" if after.queries > before.queries or after.status != 200 else ""
        failures += bool(flag)
        print(
            f"  {before.name:<36} queries {before.queries:>3} → {after.queries:>3}   "
            f"{before.ms:>7.1f} ms → {after.ms:>7.1f} ms  {flag}"
        )
        for extra, statement in queries.growth(before, after):
            print(f"    +{extra} × {statement[:200]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
