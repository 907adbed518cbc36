"""Fixed vocabularies shared by forms and models: languages, time zones, jurisdictions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "Français"


class Country(models.TextChoices):
    CANADA = "CA", _("Canada")
    UNITED_STATES = "US", _("United States")


# Zones people in the hub's cities live in. St. John's (-3:30) and Regina (no daylight
# saving time) are here on purpose: both are easy to get wrong.
TIME_ZONES = [
    ("America/St_Johns", _("Newfoundland (St. John's)")),
    ("America/Halifax", _("Atlantic (Halifax)")),
    ("America/Moncton", _("Atlantic (Moncton)")),
    ("America/Toronto", _("Eastern (Toronto, Ottawa, Montréal)")),
    ("America/New_York", _("Eastern (New York, Pittsburgh, Cincinnati)")),
    ("America/Winnipeg", _("Central (Winnipeg)")),
    ("America/Chicago", _("Central (Chicago)")),
    ("America/Regina", _("Saskatchewan (Regina, no daylight saving)")),
    ("America/Edmonton", _("Mountain (Edmonton, Calgary)")),
    ("America/Denver", _("Mountain (Denver)")),
    ("America/Boise", _("Mountain (Boise)")),
    ("America/Phoenix", _("Arizona (Phoenix, no daylight saving)")),
    ("America/Vancouver", _("Pacific (Vancouver, Victoria)")),
    ("America/Los_Angeles", _("Pacific (Los Angeles, Seattle)")),
    ("America/Whitehorse", _("Yukon (Whitehorse)")),
    ("America/Anchorage", _("Alaska (Anchorage)")),
    ("Pacific/Honolulu", _("Hawaii (Honolulu)")),
    ("UTC", _("Coordinated Universal Time (UTC)")),
]

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
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"),
    ("CA", _("California")), ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"),
    ("DC", _("District of Columbia")), ("FL", _("Florida")), ("GA", _("Georgia")),
    ("HI", _("Hawaii")), ("ID", "Idaho"), ("IL", "Illinois"), ("IN", "Indiana"), ("IA", "Iowa"),
    ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", _("Louisiana")), ("ME", "Maine"),
    ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"),
    ("NV", "Nevada"), ("NH", "New Hampshire"), ("NJ", "New Jersey"),
    ("NM", _("New Mexico")), ("NY", "New York"), ("NC", _("North Carolina")),
    ("ND", _("North Dakota")), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
    ("PA", _("Pennsylvania")), ("RI", "Rhode Island"), ("SC", _("South Carolina")),
    ("SD", _("South Dakota")), ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"),
    ("VT", "Vermont"), ("VA", _("Virginia")), ("WA", "Washington"),
    ("WV", _("West Virginia")), ("WI", "Wisconsin"), ("WY", "Wyoming"),
]  # fmt: skip

# Region codes are "<country>-<subdivision>" (ISO 3166-2 style): "CA-BC", "US-ID".
REGIONS = [(f"CA-{code}", name) for code, name in PROVINCES] + [
    (f"US-{code}", name) for code, name in STATES
]
REGION_NAMES = dict(REGIONS)

# What an expert can cover: a whole country or one province or state.
JURISDICTIONS = [("CA", _("All of Canada")), ("US", _("All of the United States"))] + REGIONS
