"""What several grants models share: readable references and the UEI's format."""

import secrets

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I

UEI_FORMAT = RegexValidator(
    r"^[A-Z0-9]{12}$", _("A UEI is 12 capital letters and digits, as SAM.gov shows it.")
)


def new_reference(prefix: str) -> str:
    """'GA-7K3M-Q9PX': 40 random bits, easy to read out on the phone."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{code[:4]}-{code[4:]}"


class Currency(models.TextChoices):
    USD = "USD", _("US dollars")
    CAD = "CAD", _("Canadian dollars")
