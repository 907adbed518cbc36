import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from network.models import ExpertProfile, Membership, Organisation, User
from tests.network.factories import (
    ExpertProfileFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_users_sign_in_by_email_and_have_no_username():
    user = User.objects.create_user(
        "Someone@City.Example", "pw-long-enough-1", full_name="Ana Ruiz"
    )
    assert user.email == "someone@city.example"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.get_full_name() == "Ana Ruiz"
    assert user.get_short_name() == "Ana"
    assert user.language == "en"
    assert user.time_zone == "America/Toronto"


def test_superuser_is_staff():
    admin = User.objects.create_superuser("root@hub.example", "pw-long-enough-1", full_name="R")
    assert admin.is_staff and admin.is_superuser


def test_region_must_belong_to_the_country():
    organisation = Organisation(name="Boise", kind="city", country="CA", region="US-ID")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "region" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()


def test_only_members_have_a_member_since_date():
    organisation = OrganisationFactory.build(
        is_member=False, member_since=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "member_since" in error.value.message_dict


def test_organisation_slug_is_derived_from_its_name():
    assert OrganisationFactory(name="Thunder Bay").slug == "thunder-bay"


def test_one_membership_per_person_and_organisation():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, organisation=membership.organisation)


def test_memberships_are_visible_to_their_person_and_to_coordinators_only(django_user_model):
    from django.contrib.auth.models import Group

    from network.models import COORDINATORS_GROUP

    mine = MembershipFactory()
    theirs = MembershipFactory()
    assert list(Membership.objects.visible_to(mine.user)) == [mine]
    assert list(Membership.objects.visible_to(theirs.user)) == [theirs]
    coordinator = UserFactory()
    coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    assert set(Membership.objects.visible_to(coordinator)) == set(Membership.objects.all())
    assert {mine, theirs} <= set(Membership.objects.visible_to(coordinator))
    from django.contrib.auth.models import AnonymousUser

    assert not Membership.objects.visible_to(AnonymousUser()).exists()


def test_organisations_of_a_user():
    membership = MembershipFactory()
    OrganisationFactory()
    assert list(Organisation.objects.of_user(membership.user)) == [membership.organisation]


def test_expert_covers_a_whole_country_or_a_named_region():
    expert = ExpertProfileFactory.build(jurisdictions=["CA", "US-ID"])
    assert expert.covers("CA", "CA-BC")
    assert expert.covers("US", "US-ID")
    assert not expert.covers("US", "US-PA")


def test_expert_away_and_available():
    today = datetime.date(2026, 11, 22)
    away = ExpertProfileFactory(away_until=today)
    back = ExpertProfileFactory(away_until=today - datetime.timedelta(days=1))
    assert away.is_away_on(today)
    available = ExpertProfile.objects.available_on(today).filter(pk__in=[away.pk, back.pk])
    assert list(available) == [back]


def test_expert_needs_a_language_from_the_list():
    expert = ExpertProfileFactory.build(languages=["de"])
    with pytest.raises(ValidationError) as error:
        expert.clean()
    assert "languages" in error.value.message_dict
