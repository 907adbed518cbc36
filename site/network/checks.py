"""System checks of the shared services: readable limits on every `manage.py check`, the
virus scanner and the proxy under `check --deploy`."""

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


# What each limit may count per (allauth's `amount/period/per`): what the view that uses it
# has. Registering without signing in has no account; only the email and city limits are
# passed a key. Counting per anything else is a 500 on the form the limit guards.
RATE_PER = {
    "HUB_RATE_WEBINAR_REGISTER_CLIENT": ("ip",),
    "HUB_RATE_WEBINAR_REGISTER_EMAIL": ("ip", "key"),
    "HUB_RATE_WEBINAR_REGISTER_MEMBER": ("ip", "user"),
    "HUB_RATE_HELPDESK_FILE_PERSON": ("ip", "user"),
    "HUB_RATE_HELPDESK_FILE_ORGANISATION": ("ip", "user", "key"),
    "HUB_RATE_HELPDESK_FILE_CLIENT": ("ip", "user"),
    "HUB_RATE_HELPDESK_REPLY_PERSON": ("ip", "user"),
}


@checks.register(checks.Tags.security)
def rates_are_readable(app_configs, **kwargs):
    """Every HUB_RATE_* limit (network.throttles) read with allauth's own parser, by `check` and
    `migrate`: a rate it cannot read, or one counting per something its form does not have."""
    from allauth.core.internal.ratelimit import parse_rates

    hint = "Rates are 'amount/period/per', several joined by commas (docs/deploy.md, 'Limits')."
    errors = []
    for setting, allowed in RATE_PER.items():
        value = getattr(settings, setting, "")
        try:
            rates = parse_rates(value)
            if any(rate.per not in ("ip", "user", "key") for rate in rates):
                raise ValueError(value)
        except (ValueError, TypeError, AttributeError):
            errors.append(
                checks.Error(
                    f"{setting} = {value!r} cannot be read as a rate.", hint=hint, id="network.E001"
                )
            )
            continue
        for rate in rates:
            if rate.per not in allowed:
                errors.append(
                    checks.Error(
                        f"{setting} = {value!r} counts per {rate.per}, which this limit does "
                        f"not have.",
                        hint=f"Count it per {' or '.join(allowed)} (docs/deploy.md, 'Limits').",
                        id="network.E002",
                    )
                )
                break
    return errors


@checks.register(checks.Tags.security, deploy=True)
def proxy_names_the_visitor(app_configs, **kwargs):
    """Production sits behind a TLS proxy (SECURE_PROXY_SSL_HEADER): unless the app is told
    how it names the visitor, every visitor counts as the proxy for every limit."""
    if not settings.HUB_TRUSTED_PROXY_COUNT and not settings.HUB_CLIENT_IP_HEADER:
        return [
            checks.Warning(
                "Every visitor counts as the proxy's address for the sign-in and form limits.",
                hint="Behind nginx or a load balancer, set HUB_TRUSTED_PROXY_COUNT or "
                "HUB_CLIENT_IP_HEADER (docs/deploy.md, 'Behind a proxy').",
                id="network.W002",
            )
        ]
    return []
