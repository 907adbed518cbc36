from .learning import Cohort, Enrolment, LessonProgress
from .pages import AcademyPage, CoursePage, LessonPage, ModulePage

__all__ = [
    "AcademyPage",
    "Cohort",
    "CoursePage",
    "Enrolment",
    "LessonPage",
    "LessonProgress",
    "ModulePage",
]
