"""The help desk's part of a person's data (network.personal_data): the requests they
filed, with the conversation the city sees (never the hub's internal notes), and the
messages and files they added to their colleagues' requests; and what closing does here.

A request belongs to the city it was filed for: closing an account leaves every request and
its conversation in place, the person's name gone from the account they point at, so the
city's thread still reads. (Closed requests go after HUB_HELPDESK_RETENTION_MONTHS:
helpdesk.retention.)
"""

from wagtail import hooks

from network.personal_data import CLOSE_HOOK, EXPORT_HOOK

from . import services
from .models import Attachment, HelpRequest, Message


def _when(value):
    return value.isoformat() if value else None


def _message(message, user) -> dict:
    return {
        "from": "you" if message.author_id == user.pk else "the hub or your organisation",
        "sent": _when(message.created_at),
        "message": message.body,
        "files": [file.name for file in message.attachments.all()],
    }


@hooks.register(EXPORT_HOOK)
def helpdesk_data(user) -> dict:
    filed = (
        HelpRequest.objects.visible_to(user).filter(requester=user).select_related("organisation")
    )
    shown = Message.objects.filter(internal=False).prefetch_related("attachments")
    requests = []
    for request in filed.prefetch_related("topics"):
        conversation = shown.filter(request=request)
        requests.append(
            {
                "reference": request.reference,
                "organisation": request.organisation.name,
                "filed": _when(request.created_at),
                "summary": request.summary,
                "details": request.details,
                "urgency": request.urgency,
                "sensitivity": request.sensitivity,
                "status": request.status,
                "language": request.language,
                "resolved": _when(request.resolved_at),
                "closed": _when(request.closed_at),
                "rating": request.rating,
                "files": [
                    file.name
                    for file in Attachment.objects.filter(request=request)
                    if not file.internal
                ],
                "conversation": [_message(message, user) for message in conversation],
            }
        )
    elsewhere = shown.filter(author=user).exclude(request__requester=user).select_related("request")
    return {
        "helpdesk": {
            "requests_you_filed": requests,
            "your_messages_on_other_requests": [
                {"reference": message.request.reference, **_message(message, user)}
                for message in elsewhere
            ],
        }
    }


@hooks.register(CLOSE_HOOK)
def close_helpdesk(*, user, email, by) -> None:
    services.clear_presence(user=user)
