"""Fixtures shared by the office-hours tests: the demo programme and an expert open every day."""

from .test_office_hours import expert, programme  # noqa: F401
