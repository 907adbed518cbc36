"""The office-hours part of a person's data (network.personal_data): the sessions they
booked. Closing an account leaves bookings with the expert and the organisation, pointing at
the emptied account (nothing to do here)."""

from wagtail import hooks

from network.personal_data import EXPORT_HOOK

from .models import Booking


def _when(value):
    return value.isoformat() if value else None


@hooks.register(EXPORT_HOOK)
def office_hours_data(user) -> dict:
    bookings = Booking.objects.filter(booked_by=user).select_related(
        "programme", "organisation", "expert__user", "topic"
    )
    return {
        "office_hours": {
            "bookings_you_made": [
                {
                    "programme": row.programme.title,
                    "organisation": row.organisation.name,
                    "expert": str(row.expert.user),
                    "starts": _when(row.starts_at),
                    "ends": _when(row.ends_at),
                    "topic": row.topic.name if row.topic else "",
                    "questions": row.questions,
                    "language": row.language,
                    "status": row.status,
                    "cancel_reason": row.cancel_reason,
                    "follow_ups": row.follow_ups,
                    "booked": _when(row.created_at),
                }
                for row in bookings
            ],
        },
    }
