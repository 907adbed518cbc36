from .learning import (
    Certificate,
    CheckAttempt,
    Cohort,
    Enrolment,
    Invitation,
    LessonProgress,
    ReleaseNotice,
)
from .pages import AcademyPage, CoursePage, LessonPage, ModulePage

__all__ = [
    "AcademyPage",
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
