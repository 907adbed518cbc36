"""The webinars' part of a person's data (network.personal_data): their registrations (with
those made without signing in under their address), series they follow and attendance; and
what closing does here.

Closing gives up places in sessions still to come (the next person waiting takes the seat)
and deletes them; a past session keeps an anonymous row (attendance counts stay true);
series subscriptions go. Bookings stay with the expert and the organisation, pointing at
the emptied account.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail import hooks
from wagtail.models import ModelLogEntry

from network.personal_data import CLOSE_HOOK, EXPORT_HOOK, closed_address

from .models import Registration, SeriesSubscription, WebinarPage
from .registration import cancel as give_up_place


def _when(value):
    return value.isoformat() if value else None


def _theirs(model, user, email):
    return model.objects.filter(Q(user=user) | Q(email__iexact=email))


@hooks.register(EXPORT_HOOK)
def webinars_data(user) -> dict:
    registrations = _theirs(Registration, user, user.email).select_related("session")
    subscriptions = _theirs(SeriesSubscription, user, user.email).select_related("series")
    return {
        "webinars": {
            "registrations": [
                {
                    "session": row.session.title,
                    "starts": _when(row.session.starts_at),
                    "status": row.status,
                    "attended": row.attended,
                    "full_name": row.full_name,
                    "email": row.email,
                    "organisation": row.organisation,
                    "role": row.role,
                    "region": row.region,
                    "language": row.language,
                    "accessibility_needs": row.accessibility_needs,
                    "registered": _when(row.created_at),
                }
                for row in registrations
            ],
            "series_followed": [
                {
                    "series": row.series.title,
                    "full_name": row.full_name,
                    "email": row.email,
                    "organisation": row.organisation,
                    "active": row.active,
                    "since": _when(row.created_at),
                }
                for row in subscriptions
            ],
        },
    }


@hooks.register(CLOSE_HOOK)
def close_webinars(*, user, email, by) -> None:
    # Their places' and series' history names them (each entry's label): it goes with them,
    # the entries this closing writes (a seat given up) included.
    history = {
        Registration: [
            str(pk) for pk in _theirs(Registration, user, email).values_list("pk", flat=True)
        ],
        SeriesSubscription: [
            str(pk) for pk in _theirs(SeriesSubscription, user, email).values_list("pk", flat=True)
        ],
    }
    for registration in _theirs(Registration, user, email).select_related("session"):
        session = registration.session
        if session.state() != WebinarPage.State.PAST:
            if registration.is_active:
                give_up_place(registration=registration)  # frees the seat
            registration.delete()
            continue
        registration.full_name = ""
        registration.email = closed_address(user.pk, "registration", registration.pk)
        registration.organisation = ""
        registration.region = ""
        registration.accessibility_needs = ""
        registration.save(
            update_fields=[
                "full_name",
                "email",
                "organisation",
                "region",
                "accessibility_needs",
                "updated_at",
            ]
        )
    _theirs(SeriesSubscription, user, email).delete()
    for model, ids in history.items():
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).delete()
