"""The visitor behind a proxy (issue 22, finding 6): allauth's sign-in limits and the hub's
own (network.throttles) key on the real visitor when HUB_TRUSTED_PROXY_COUNT or
HUB_CLIENT_IP_HEADER says how the proxy names them; and when to try again, in words."""

import datetime
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
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
