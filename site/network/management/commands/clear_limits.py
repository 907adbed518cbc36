"""Unblock someone at once: delete the counts the hub's limits (network.throttles, settings
HUB_RATE_*) keep for one visitor address, account, email address or city, in the shared
cache, under the keys allauth's rate limiter gives them. Every count also expires on its
own with its period."""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from network import throttles
from network.checks import RATE_PER
from network.models import Organisation


class Command(BaseCommand):
    help = (
        "Clear the hub's rate-limit counts (HUB_RATE_*) of one visitor address, account, "
        "email address or city, so they may send again at once."
    )

    def add_arguments(self, parser):
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--ip", help="a visitor address (as the proxy names it)")
        who.add_argument("--user", help="an account, by its email address or id")
        who.add_argument("--email", help="an email address typed to register for webinars")
        who.add_argument("--organisation", help="a city, by its id (help-desk requests)")

    def handle(self, *, ip, user, email, organisation, **options):
        if ip:
            keys = self._keys("ip", ip=ratelimit.truncate_ip(ip.strip()))
        elif user:
            keys = self._keys("user", user=self._user(user.strip()))
        elif email:
            keys = self._keys(
                "key",
                key=email.strip().lower(),
                settings_=("HUB_RATE_WEBINAR_REGISTER_EMAIL",),
            )
        else:
            try:
                city = Organisation.objects.get(pk=int(organisation))
            except (ValueError, Organisation.DoesNotExist):
                raise CommandError(f"No organisation has the id {organisation!r}.") from None
            keys = self._keys(
                "key",
                key=f"organisation:{city.pk}",
                settings_=("HUB_RATE_HELPDESK_FILE_ORGANISATION",),
            )
        found = [key for key in keys if cache.get(key)]
        cache.delete_many(keys)
        self.stdout.write(f"Cleared {len(found)} count(s).")
        for key in found:
            self.stdout.write(f"  {key}")

    @staticmethod
    def _user(value):
        users = get_user_model().objects
        found = users.filter(email__iexact=value).first()
        if found is None and value.isdigit():
            found = users.filter(pk=int(value)).first()
        if found is None:
            raise CommandError(f"No account has the email address or id {value!r}.")
        return found

    @staticmethod
    def _keys(per, *, ip=None, user=None, key=None, settings_=None) -> list[str]:
        """The cache keys of every rate counting `per` in the hub's limits, as
        allauth.core.internal.ratelimit.get_cache_key makes them (the key of a rate per
        address is made here as allauth does: it reads the address from a request)."""
        keys = []
        for setting in settings_ or RATE_PER:
            for rate in ratelimit.parse_rates(getattr(settings, setting, "")):
                if rate.per != per:
                    continue
                if per == "ip":
                    keys.append(
                        ":".join(["allauth", "rl", throttles.APP, setting, str(rate), "ip", ip])
                    )
                else:
                    keys.append(
                        ratelimit.get_cache_key(
                            None, app=throttles.APP, action=setting, rate=rate, key=key, user=user
                        )
                    )
        return keys
