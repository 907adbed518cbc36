"""Fixed vocabularies shared by forms and models: languages, time zones, jurisdictions."""

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pages.dates import zone_label


class Weekday(models.IntegerChoices):
    """Python's numbering (Monday is 0), as `date.weekday()` gives it."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"


class Country(models.TextChoices):
    CANADA = "CA", _("Canada")
    UNITED_STATES = "US", _("United States")


# Zones people in the hub's cities live in, east to west. St. John's (-3:30) and Regina (no
# daylight saving time) are here on purpose: both are easy to get wrong.
ZONE_KEYS = [
    "America/St_Johns",
    "America/Halifax",
    "America/Moncton",
    "America/Toronto",
    "America/New_York",
    "America/Winnipeg",
    "America/Chicago",
    "America/Regina",
    "America/Edmonton",
    "America/Denver",
    "America/Boise",
    "America/Phoenix",
    "America/Vancouver",
    "America/Los_Angeles",
    "America/Whitehorse",
    "America/Anchorage",
    "Pacific/Honolulu",
    "UTC",
]


def _zone_choice_label(key: str) -> str:
    return capfirst(zone_label(key))


def time_zone_choices() -> list[tuple[str, str]]:
    """(key, "Mountain Time (Boise)") pairs, named in the language active when shown."""
    return [(key, lazy(_zone_choice_label, str)(key)) for key in ZONE_KEYS]


# Iterable like a list, and called afresh each time it is read; model fields and their
# migrations keep a reference to time_zone_choices, not the names, which CLDR owns.
TIME_ZONES = CallableChoiceIterator(time_zone_choices)

PROVINCES = [
    ("AB", "Alberta"),
    ("BC", _("British Columbia")),
    ("MB", "Manitoba"),
    ("NB", _("New Brunswick")),
    ("NL", _("Newfoundland and Labrador")),
    ("NS", _("Nova Scotia")),
    ("NT", _("Northwest Territories")),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", _("Prince Edward Island")),
    ("QC", _("Quebec")),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
]

STATES = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", _("California")),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", _("District of Columbia")),
    ("FL", _("Florida")),
    ("GA", _("Georgia")),
    ("HI", _("Hawaii")),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", _("Louisiana")),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", _("New Mexico")),
    ("NY", "New York"),
    ("NC", _("North Carolina")),
    ("ND", _("North Dakota")),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", _("Pennsylvania")),
    ("RI", "Rhode Island"),
    ("SC", _("South Carolina")),
    ("SD", _("South Dakota")),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", _("Virginia")),
    ("WA", "Washington"),
    ("WV", _("West Virginia")),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
]

# Region codes are "<country>-<subdivision>" (ISO 3166-2 style): "CA-BC", "US-ID".
REGIONS = [(f"CA-{code}", name) for code, name in PROVINCES] + [
    (f"US-{code}", name) for code, name in STATES
]
REGION_NAMES = dict(REGIONS)

# What an expert can cover: a whole country or one province or state.
JURISDICTIONS = [("CA", _("All of Canada")), ("US", _("All of the United States"))] + REGIONS
