"""The visitor behind a proxy (issue 22, finding 6): allauth's sign-in limits and the hub's
own (network.throttles) key on the real visitor when HUB_TRUSTED_PROXY_COUNT or
HUB_CLIENT_IP_HEADER says how the proxy names them; and when to try again, in words."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.core.cache import cache
from django.utils import timezone, translation

from network import throttles
from tests.network.factories import PASSWORD, UserFactory
from tests.webinars.factories import register_url
from webinars.models import WebinarPage

PROXY = "10.0.0.2"  # every request reaches the app from the proxy
ALICE, BOB = "203.0.113.10", "198.51.100.20"


@pytest.fixture(autouse=True)
def _no_rate_limit_counts():
    cache.clear()
    yield
    cache.clear()


def through_proxy(visitor: str, forged: str = "") -> dict:
    """What nginx's `X-Forwarded-For $proxy_add_x_forwarded_for` passes on: whatever the
    visitor sent, then the address it saw."""
    chain = f"{forged}, {visitor}" if forged else visitor
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def sign_in(client, email, password, **meta):
    return client.post("/en/accounts/login/", {"login": email, "password": password}, **meta)


@pytest.mark.django_db
def test_behind_a_proxy_one_visitors_failed_sign_ins_do_not_lock_out_another(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    mayor = UserFactory(email="mayor@city.example")
    for _attempt in range(5):  # someone guessing, from their own address, forging another
        sign_in(client, mayor.email, "wrong-password", **through_proxy(ALICE, forged=BOB))
    blocked = sign_in(client, mayor.email, PASSWORD, **through_proxy(ALICE))
    assert "Too many failed login attempts" in blocked.content.decode()
    # The mayor, on her own connection through the same proxy, signs in.
    assert sign_in(client, mayor.email, PASSWORD, **through_proxy(BOB)).status_code == 302


@pytest.mark.django_db
def test_without_the_setting_everyone_behind_the_proxy_shares_one_limit(client, settings):
    """What docs/deploy.md warns about: HUB_TRUSTED_PROXY_COUNT left at 0 behind a proxy."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    mayor = UserFactory(email="mayor@city.example")
    for _attempt in range(5):
        sign_in(client, mayor.email, "wrong-password", **through_proxy(ALICE))
    shared = sign_in(client, mayor.email, PASSWORD, **through_proxy(BOB))
    assert "Too many failed login attempts" in shared.content.decode()


@pytest.fixture
def session():
    page = WebinarPage.objects.get(
        locale__language_code="en", slug="urban-design-for-violence-prevention"
    )
    page.starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    page.capacity = 500
    page.save_revision().publish()
    return WebinarPage.objects.get(pk=page.pk)


def guest(n):
    return {
        "full_name": f"Guest {n}",
        "email": f"guest{n}@town.example",
        "language": "en",
        "consent": True,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value", "meta"),
    [
        ("ALLAUTH_TRUSTED_PROXY_COUNT", 1, through_proxy),
        (
            "ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
            "X-Real-IP",
            lambda visitor, forged="": {"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": visitor},
        ),
    ],
)
def test_behind_a_proxy_one_visitors_flood_does_not_block_another(
    client, session, settings, setting, value, meta
):
    setattr(settings, setting, value)
    settings.HUB_RATE_WEBINAR_REGISTER_CLIENT = "3/10m/ip"
    flood = [
        client.post(register_url(session), guest(n), **meta(ALICE, forged=f"192.0.2.{n}"))
        for n in range(6)
    ]
    assert [r.status_code for r in flood] == [302] * 3 + [429] * 3
    assert client.post(register_url(session), guest(99), **meta(BOB)).status_code == 302


def test_the_proxy_settings_come_from_the_environment_into_allauth():
    script = (
        "import django; django.setup(); from allauth import app_settings as a; "
        "print(a.TRUSTED_PROXY_COUNT, a.TRUSTED_CLIENT_IP_HEADER)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "HUB_TRUSTED_PROXY_COUNT": "2",
        "HUB_CLIENT_IP_HEADER": "X-Real-IP",
    }
    site = str(django_settings.BASE_DIR / "site")
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {site!r}); {script}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=django_settings.BASE_DIR,
    )
    assert out.stdout.split() == ["2", "X-Real-IP"]
    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == 0  # the default: no header trusted
    assert django_settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER is None


# --- When to try again, in words ---


def test_within_the_hour_in_minutes():
    soon = timezone.now() + datetime.timedelta(minutes=7, seconds=10)
    assert throttles.try_again(soon, zone="America/Toronto") == "Please try again in 8 minutes."
    with translation.override("fr"):
        assert (
            throttles.try_again(soon, zone="America/Toronto")
            == "Veuillez réessayer dans 8 minutes."
        )
    now = timezone.now() + datetime.timedelta(seconds=5)
    assert throttles.try_again(now, zone="America/Toronto") == "Please try again in 1 minute."


def test_later_at_a_time_in_the_readers_zone():
    at = datetime.datetime(2026, 12, 5, 21, 10, tzinfo=datetime.UTC)
    now = datetime.datetime(2026, 12, 5, 18, 0, tzinfo=datetime.UTC)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: now)
        assert throttles.try_again(at, zone="America/Toronto") == (
            "Please try again after 4:10\u00a0p.m.\u00a0EST."
        )
        with translation.override("fr"):
            assert throttles.try_again(at, zone="America/Toronto") == (
                "Veuillez réessayer après 16\u00a0h\u00a010\u00a0HNE."
            )
        tomorrow = at + datetime.timedelta(days=1)
        assert throttles.try_again(tomorrow, zone="America/Toronto").startswith(
            "Please try again after Sunday, December 6, 2026, 4:10"
        )


# A HUB_RATE_* setting allauth cannot read, or counting per something its limit does not
# have (no account when registering without signing in, no key where none is passed), was a
# 500 on the form it guards; `manage.py check` (at every start) names the setting instead.


def rate_errors():
    from network import checks as network_checks

    return network_checks.rates_are_readable(None)


def test_the_default_rates_pass_the_check():
    assert rate_errors() == []


@pytest.mark.parametrize(
    ("setting", "value", "said"),
    [
        ("HUB_RATE_HELPDESK_FILE_CLIENT", "20/hour/ip", "cannot be read"),
        ("HUB_RATE_WEBINAR_REGISTER_EMAIL", "ten/h/key", "cannot be read"),
        ("HUB_RATE_HELPDESK_FILE_PERSON", "6/h/user;20/d/user", "cannot be read"),
        ("HUB_RATE_WEBINAR_REGISTER_MEMBER", "30/h/account", "cannot be read"),
        ("HUB_RATE_WEBINAR_REGISTER_CLIENT", "20/10m/user", "counts per user"),
        ("HUB_RATE_WEBINAR_REGISTER_EMAIL", "10/h/user", "counts per user"),
        ("HUB_RATE_HELPDESK_FILE_PERSON", "6/h/key", "counts per key"),
        ("HUB_RATE_HELPDESK_REPLY_PERSON", "30/h/key", "counts per key"),
        ("HUB_RATE_WEBINAR_REGISTER_CLIENT", "5/h/key", "counts per key"),
    ],
)
def test_a_rate_setting_that_would_fail_is_named_by_the_check(settings, setting, value, said):
    setattr(settings, setting, value)
    errors = rate_errors()
    assert [error.id for error in errors] in (["network.E001"], ["network.E002"])
    assert errors[0].level == checks.ERROR
    assert setting in errors[0].msg
    assert value in errors[0].msg
    assert said in errors[0].msg
    assert "docs/deploy.md" in errors[0].hint


def test_the_rate_check_runs_with_every_check(settings):
    settings.HUB_RATE_HELPDESK_FILE_CLIENT = "lots"
    assert "network.E001" in [message.id for message in checks.run_checks()]


def test_check_deploy_asks_how_the_proxy_names_the_visitor(settings):
    settings.HUB_TRUSTED_PROXY_COUNT = 0
    settings.HUB_CLIENT_IP_HEADER = ""
    found = [
        message
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id == "network.W002"
    ]
    assert len(found) == 1
    assert "Behind a proxy" in found[0].hint
    assert "HUB_TRUSTED_PROXY_COUNT" in found[0].hint
    assert "network.W002" not in [message.id for message in checks.run_checks()]
    for name, value in (("HUB_TRUSTED_PROXY_COUNT", 1), ("HUB_CLIENT_IP_HEADER", "X-Real-IP")):
        settings.HUB_TRUSTED_PROXY_COUNT, settings.HUB_CLIENT_IP_HEADER = 0, ""
        setattr(settings, name, value)
        ids = [m.id for m in checks.run_checks(include_deployment_checks=True)]
        assert "network.W002" not in ids


# Unblocking someone at once: `manage.py clear_limits` deletes exactly the counts allauth
# keeps for them (the keys hold the setting, the rate and the visitor, account or hashed key).


@pytest.mark.django_db
def test_clear_limits_unblocks_one_visitor_account_address_or_city(rf, settings):
    from django.core.management import call_command

    from tests.network.factories import OrganisationFactory

    settings.HUB_RATE_WEBINAR_REGISTER_CLIENT = "1/h/ip"
    settings.HUB_RATE_WEBINAR_REGISTER_EMAIL = "1/h/key,5/d/key"
    settings.HUB_RATE_HELPDESK_FILE_PERSON = "1/h/user"
    settings.HUB_RATE_HELPDESK_FILE_ORGANISATION = "1/d/key"
    user, other = UserFactory(), UserFactory()
    city = OrganisationFactory()

    def request(ip, who=None):
        made = rf.post("/", REMOTE_ADDR=ip)
        made.user = who
        return made

    limits = {
        "ip": (throttles.Limit("HUB_RATE_WEBINAR_REGISTER_CLIENT"),),
        "email": (throttles.Limit("HUB_RATE_WEBINAR_REGISTER_EMAIL", key="ana@city.example"),),
        "user": (throttles.Limit("HUB_RATE_HELPDESK_FILE_PERSON"),),
        "organisation": (
            throttles.Limit("HUB_RATE_HELPDESK_FILE_ORGANISATION", key=f"organisation:{city.pk}"),
        ),
    }
    for who in (user, other):
        for limit in limits.values():
            for ip in (ALICE, BOB):
                throttles.consume(request(ip, who), *limit)
    blocked = {name: throttles.consume(request(ALICE, user), *lim) for name, lim in limits.items()}
    assert all(blocked.values())

    call_command("clear_limits", ip=ALICE)
    call_command("clear_limits", email="Ana@City.example")
    call_command("clear_limits", user=user.email)
    call_command("clear_limits", organisation=str(city.pk))
    for name, limit in limits.items():
        assert throttles.consume(request(ALICE, user), *limit) is None, name
    # Nobody else is unblocked.
    assert throttles.consume(request(BOB, other), *limits["ip"])
    assert throttles.consume(request(BOB, other), *limits["user"])
