"""URL converters shared by every app."""

from django.urls import register_converter


class RowIdConverter:
    """A database row id in a URL: digits that fit a 64-bit column. Django's `int` takes any
    length, and SQLite raises OverflowError (a 500) on an id past 2**63 instead of finding
    nothing; this one answers such an address with a 404."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def register() -> None:
    register_converter(RowIdConverter, "id")
