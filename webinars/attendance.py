"""Attendance: the video platform's attendee list, read from its CSV export.

Zoom, Teams and Webex all export a CSV with one row per attendee and a column holding the
email address (its heading varies: "Email", "User Email", "Attendee Email", "Courriel",
...). Every seat holder found in the list attended; the others were no-shows. Addresses
that match no registration are counted, never stored.
"""

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from network.choices import REGIONS

from .models import Registration, WebinarPage

MAX_BYTES = 5 * 1024 * 1024


def emails_from_csv(data: bytes) -> set[str]:
    """The addresses in an attendee export; ValidationError if there is no email column."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    text = data.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    # Some exports put a summary above the attendee table: start at the first line that
    # names an email column.
    start = next(
        (i for i, line in enumerate(lines) if "mail" in line.lower() or "courriel" in line.lower()),
        None,
    )
    if start is None:
        raise ValidationError(_("No column of email addresses was found in this file."))
    try:
        dialect = csv.Sniffer().sniff(lines[start], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # a single column: nothing to tell the delimiter by
    reader = csv.reader(io.StringIO("\n".join(lines[start:])), dialect)
    headings = [heading.strip().lower() for heading in next(reader)]
    column = next(i for i, h in enumerate(headings) if "mail" in h or "courriel" in h)
    emails = set()
    for row in reader:
        if len(row) > column:
            value = row[column].strip().lower()
            try:
                validate_email(value)
            except ValidationError:
                continue
            emails.add(value)
    return emails


def _all_but(*names) -> list[str]:
    return [field.name for field in Registration._meta.fields if field.name not in names]


@transaction.atomic
def import_attendance(*, session: WebinarPage, emails: set[str], by=None) -> dict[str, int]:
    """Mark each seat holder attended or not, logging each change (by the coordinator who
    imported the list); returns the counts. Importing the same list again changes nothing."""
    session = session.registration_page
    counts = {"attended": 0, "no_show": 0}
    seats = session.registrations.holding_seats().select_for_update().order_by("pk")
    for registration in seats:
        attended = registration.email in emails
        counts["attended" if attended else "no_show"] += 1
        if registration.attended is attended:
            continue
        registration.attended = attended
        # Only what changes is validated: a past seat of a closed account is kept with its
        # name emptied, which the form would refuse but attendance must still count.
        registration.full_clean(exclude=_all_but("attended"), validate_unique=False)
        registration.save(update_fields=["attended", "updated_at"])
        log(registration, "webinars.registration.attendance", user=by, data={"attended": attended})
    known = set(session.registrations.filter(email__in=emails).values_list("email", flat=True))
    return {**counts, "unregistered": len(emails - known)}


# --- Who came: registrations matched to organisations and regions ---
#
# Registrants type their organisation and "city, province or state" freely: "Boise",
# "boise" and "Boise, Idaho" are one place. A registrant with an account counts for the
# organisation they belong to (and its province or state); a guest's organisation is
# matched to a known one by its folded name, or kept as typed, folded.

CITY_PREFIXES = ("city of ", "town of ", "village of ", "municipality of ", "ville de ", "ville d ")


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: 'Québec, QC ' → 'quebec qc'."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def organisation_key(text: str) -> str:
    """An organisation's name folded, without 'City of' and its like."""
    folded = fold(text)
    for prefix in CITY_PREFIXES:
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


def region_names() -> dict[str, str]:
    """Every way a province or state is written (name in English and French, code) → code."""
    names = {}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, name in REGIONS:
                names[fold(str(name))] = code
    for code, _name in REGIONS:
        names.setdefault(fold(code.split("-", 1)[1]), code)
    return names


def parse_place(text: str, regions: dict[str, str]) -> tuple[str, str]:
    """'Boise, Idaho' → ('boise', 'US-ID'); 'Moncton NB' → ('moncton', 'CA-NB');
    'Ontario' → ('', 'CA-ON'); 'Boise' → ('boise', '')."""
    parts = [fold(part) for part in re.split(r"[,;/()]", text or "") if fold(part)]
    if not parts:
        return "", ""
    if len(parts) == 1:
        only = parts[0]
        if only in regions and len(only) > 2:
            return "", regions[only]
        words = only.split()
        # "Moncton NB", "Sault Ste Marie Ontario": the region at the end, if it is one.
        for size in (3, 2, 1):
            if len(words) > size and " ".join(words[-size:]) in regions:
                return " ".join(words[:-size]), regions[" ".join(words[-size:])]
        return only, ""
    city, rest = parts[0], parts[1:]
    region = next((regions[part] for part in rest if part in regions), "")
    return city, region


@dataclass
class AudienceRow:
    """One organisation's (or one place's) registrations and attendance."""

    key: str
    label: str
    region: str = ""
    matched: bool = False  # a known organisation, not only what someone typed
    registered: int = 0
    attended: int = 0
    spellings: Counter = field(default_factory=Counter)


def audience(groups, organisations) -> list[AudienceRow]:
    """Counts per organisation. `groups` are dicts with member_of (an organisation id or
    None), organisation and region (as typed), rows, registered and attended; `organisations`
    maps an id to (name, kind, region). Returns rows, most registered first."""
    regions = region_names()
    by_name = {organisation_key(name): pk for pk, (name, _kind, _r) in organisations.items()}
    cities = {
        organisation_key(name): pk
        for pk, (name, kind, _region) in organisations.items()
        if kind == "city"
    }
    rows: dict[str, AudienceRow] = {}
    for group in groups:
        typed = organisation_key(group["organisation"])
        city, region = parse_place(group["region"], regions)
        pk = group["member_of"] or by_name.get(typed) or (None if typed else cities.get(city))
        if pk:
            name, _kind, org_region = organisations[pk]
            row = rows.setdefault(
                f"org:{pk}", AudienceRow(f"org:{pk}", name, org_region, matched=True)
            )
        else:
            key = f"typed:{typed or city}"
            row = rows.setdefault(key, AudienceRow(key, ""))
            row.spellings[(group["organisation"] or group["region"]).strip()] += group["rows"]
            if region and not row.region:
                row.region = region
        row.registered += group["registered"]
        row.attended += group["attended"]
    for row in rows.values():
        if not row.matched:
            # A place typed many ways is shown as most people wrote it.
            row.label = row.spellings.most_common(1)[0][0] if row.key != "typed:" else ""
    return sorted(rows.values(), key=lambda r: (-r.registered, -r.attended, r.label.casefold()))


def by_region(rows: list[AudienceRow]) -> list[AudienceRow]:
    """The organisations' counts added up per province or state ('' when not known)."""
    totals: dict[str, AudienceRow] = {}
    for row in rows:
        total = totals.setdefault(row.region, AudienceRow(row.region, "", row.region))
        total.registered += row.registered
        total.attended += row.attended
    return sorted(totals.values(), key=lambda r: (r.region == "", -r.registered, r.region))
