from .pages import GetHelpPage
from .requests import (
    Attachment,
    Event,
    HelpRequest,
    HelpRequestQuerySet,
    Message,
    Presence,
    PrivateStorage,
    ResponseTarget,
    Sensitivity,
    Urgency,
    attachment_path,
    new_reference,
    private_storage,
)
from .rota import OnCallAlert, OnCallShift

__all__ = [
    "Attachment",
    "Event",
    "GetHelpPage",
    "HelpRequest",
    "HelpRequestQuerySet",
    "Message",
    "Presence",
    "PrivateStorage",
    "ResponseTarget",
    "Sensitivity",
    "Urgency",
    "attachment_path",
    "new_reference",
    "OnCallAlert",
    "OnCallShift",
    "private_storage",
]
