"""Grants (issue 24) in the access walk, on their own: the grants cases of
`test_access_map` (organisations A and B, two reviewers, one with a conflict), walked for
every role, and what a reviewer with a conflict meets on the pages they may open."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.security.test_access_map import (
    _table,
    build_world,
    clients,
    grants_admin_cases,
    grants_site_cases,
    outcome,
)

pytestmark = pytest.mark.django_db


def test_the_grants_walk_has_no_unexpected_answer(demo):
    world = build_world()
    by_role = clients(world)
    wrong = []
    for case in grants_site_cases(world) + grants_admin_cases(world):
        for role in case.roles:
            with transaction.atomic():
                got = outcome(case.request(by_role[role]))
                transaction.set_rollback(True)
            if got != case.expected[role]:
                wrong.append((case.key, case.label, role, case.expected[role], got))
    assert wrong == [], "\n" + _table(wrong)


def _summary(application) -> str:
    """A sentence of the application's own answers, to look for on a page."""
    return str(application.answers["summary"])[:40]


def test_a_reviewer_with_a_conflict_never_reads_the_application(demo):
    from grants.models import Review

    world = build_world()
    g = world["grants"]
    by_role = clients(world)
    claire, riley = by_role["conflicted_reviewer"], by_role["reviewer"]
    c, b = g["applications"]["C"], g["applications"]["B"]
    conflict = g["reviews"]["claire_c"]
    review_url = reverse("grant_reviews:review", args=[conflict.pk])

    # Her review page says she declared a conflict; nothing of the application's answers or
    # files is on it.
    page = claire.get(review_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert _summary(c) not in text
    assert str(g["files"]["C"].public_id) not in text
    # She cannot take the declaration back, nor score.
    claire.post(review_url, {"action": "conflict", "has_conflict": "no"})
    claire.post(review_url, {"action": "score", "score_fit": "5", "recommendation": "fund"})
    conflict.refresh_from_db()
    assert conflict.conflict == Review.Conflict.CONFLICT
    assert conflict.submitted_at is None and conflict.scores == {}
    assert _summary(c) not in claire.get(review_url).content.decode()
    # Nor reach it another way.
    assert claire.get(reverse("grants:application", args=[c.public_id])).status_code == 404
    assert claire.get(reverse("grants:file", args=[g["files"]["C"].public_id])).status_code == 404
    assert (
        claire.get(reverse("grant_reviews:file", args=[g["files"]["C"].public_id])).status_code
        == 404
    )
    assert claire.get(reverse("grant_applications:detail", args=[c.public_id])).status_code != 200

    # Before declaring, Riley does not read C either; with no conflict declared on B he does.
    undeclared = riley.get(reverse("grant_reviews:review", args=[g["reviews"]["riley_c"].pk]))
    assert undeclared.status_code == 200 and _summary(c) not in undeclared.content.decode()
    cleared = riley.get(reverse("grant_reviews:review", args=[g["reviews"]["riley_b"].pk]))
    assert cleared.status_code == 200 and _summary(b) in cleared.content.decode()
