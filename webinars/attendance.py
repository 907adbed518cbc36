"""Attendance: the video platform's attendee list, read from its CSV export.

Zoom, Teams and Webex all export a CSV with one row per attendee and a column holding the
email address (its heading varies: "Email", "User Email", "Attendee Email", "Courriel",
...). Every seat holder found in the list attended; the others were no-shows. Addresses
that match no registration are counted, never stored.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

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
