from .learning import (
    AttemptGrant,
    Certificate,
    CheckAttempt,
    Cohort,
    Enrolment,
    Invitation,
    LessonProgress,
    ReleaseNotice,
)
from .pages import AcademyIndexPage, AcademyPage, CoursePage, LessonPage, ModulePage

__all__ = [
    "AcademyIndexPage",
    "AcademyPage",
    "AttemptGrant",
    "Certificate",
    "CheckAttempt",
    "Cohort",
    "CoursePage",
    "Enrolment",
    "Invitation",
    "LessonPage",
    "LessonProgress",
    "ModulePage",
    "ReleaseNotice",
]
