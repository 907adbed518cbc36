from .applications import (
    REVIEWERS_GROUP,
    ApplicantProfile,
    Application,
    Determination,
    GrantFile,
    Review,
    Stage,
)
from .common import Currency
from .grants import (
    SUPPRESS_BELOW,
    Grant,
    IncidentCategory,
    IncidentTally,
    Payment,
    Report,
)
from .pages import CallPage, EvaluationPage, GrantProgrammePage, GrantsIndexPage

__all__ = [
    "REVIEWERS_GROUP",
    "SUPPRESS_BELOW",
    "ApplicantProfile",
    "Application",
    "CallPage",
    "Currency",
    "Determination",
    "EvaluationPage",
    "Grant",
    "GrantFile",
    "GrantProgrammePage",
    "GrantsIndexPage",
    "IncidentCategory",
    "IncidentTally",
    "Payment",
    "Report",
    "Review",
    "Stage",
]
