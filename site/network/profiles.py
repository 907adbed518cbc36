"""A person's own settings: their name, language and time zone (the profile page, and the
two fields the sign-up form adds to allauth's)."""

from django.db import transaction

from .models import User


@transaction.atomic
def update_profile(*, user: User, full_name: str, language: str, time_zone: str) -> User:
    """Save a person's name, language (the emails' and, after sign-in, the site's) and time
    zone (every date and time they read)."""
    user.full_name = full_name
    user.language = language
    user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language", "time_zone"])
    return user
