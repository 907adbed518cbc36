"""Grants (issue 24) in the access walk, on their own: the grants cases of
`test_access_map` (organisations A and B, two reviewers, one with a conflict), walked for
every role, and what a reviewer with a conflict meets on the pages they may open."""

import pytest
from django.db import transaction

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
