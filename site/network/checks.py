"""Deployment checks of the shared services (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def uploads_are_scanned(app_configs, **kwargs):
    """Without clamd, uploads are judged by their content only (docs/deploy.md, "Virus
    scanning")."""
    if not settings.HUB_CLAMD_ADDRESS:
        return [
            checks.Warning(
                "Uploaded files are not scanned for viruses.",
                hint="Run ClamAV's daemon and set HUB_CLAMD_ADDRESS (docs/deploy.md, "
                "'Virus scanning').",
                id="network.W001",
            )
        ]
    return []
