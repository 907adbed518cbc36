"""Sign-in limits behind a proxy (issue 23, finding 1): with HUB_TRUSTED_PROXY_COUNT=1 every
visitor counts as themselves, not as the proxy, and the per-account count is kept under the
site's fixed identity (HUB_SITE_IDENTITY), whatever Host a request names.

Every request reaches the app from the proxy (REMOTE_ADDR) with the visitor in
X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` passes it on."""

import pytest
from allauth.core.internal import ratelimit
from django.test import Client

from network.adapters import AccountAdapter
from tests.network.factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"
ALICE, BOB = "203.0.113.10", "198.51.100.20"
REFUSED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    """What HUB_TRUSTED_PROXY_COUNT=1 in the environment gives (config.settings.base copies it
    into allauth's setting, which allauth reads at every request)."""
    settings.HUB_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None


def through_proxy(visitor: str, forged: str = "", **meta) -> dict:
    chain = f"{forged}, {visitor}" if forged else visitor
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain, **meta}


def sign_in(email, password, visitor, client=None, **meta):
    """One sign-in attempt on a connection of its own (no session carried over)."""
    return (client or Client()).post(
        "/en/accounts/login/",
        {"login": email, "password": password},
        **through_proxy(visitor, **meta),
    )


@pytest.fixture
def mayor(db):
    return UserFactory(email="mayor@city.example")


def test_five_wrong_passwords_from_one_visitor_do_not_stop_the_owner_elsewhere(mayor):
    for _attempt in range(5):
        assert REFUSED not in sign_in(mayor.email, "wrong-password", ALICE).content.decode()
    # The guesser is refused, even with the right password...
    assert REFUSED in sign_in(mayor.email, PASSWORD, ALICE).content.decode()
    # ... and one who forges the owner's address in the header is still the guesser.
    assert REFUSED in sign_in(mayor.email, PASSWORD, ALICE, forged=BOB).content.decode()
    # The owner, through the same proxy, signs in.
    assert sign_in(mayor.email, PASSWORD, BOB).status_code == 302


def test_one_visitors_failures_do_not_block_everyone_elses_sign_ins(mayor):
    # allauth's "20/m/ip" on failed sign-ins, spread over many accounts by one visitor.
    for n in range(20):
        sign_in(f"nobody{n}@town.example", "wrong-password", ALICE)
    assert REFUSED in sign_in(mayor.email, PASSWORD, ALICE).content.decode()
    assert sign_in(mayor.email, PASSWORD, BOB).status_code == 302


def test_thirty_one_sign_ins_from_different_visitors_are_not_one_visitors_flood(mayor):
    # allauth's "login" limit is 30 a minute per visitor: behind the proxy, before the fix,
    # the 31st sign-in of the whole site got 429.
    answers = [sign_in(mayor.email, PASSWORD, f"198.51.100.{n}").status_code for n in range(31)]
    assert answers == [302] * 31


def test_one_visitor_is_still_limited_to_thirty_sign_ins_a_minute(mayor):
    answers = [sign_in(mayor.email, PASSWORD, ALICE).status_code for _n in range(31)]
    assert answers == [302] * 30 + [429]
    assert sign_in(mayor.email, PASSWORD, BOB).status_code == 302


@pytest.mark.parametrize("host", ["testserver:8443", "localhost", "127.0.0.1:8000"])
def test_another_host_name_or_port_gives_no_fresh_guesses(mayor, host):
    for _attempt in range(5):
        sign_in(mayor.email, "wrong-password", ALICE)
    # Both names are in ALLOWED_HOSTS (which ignores the port): the same site, the same count.
    assert REFUSED in sign_in(mayor.email, PASSWORD, ALICE, HTTP_HOST=host).content.decode()


def test_guesses_spread_over_hosts_count_together(mayor):
    hosts = ["testserver", "testserver:81", "localhost", "localhost:82", "127.0.0.1"]
    for host in hosts:
        sign_in(mayor.email, "wrong-password", ALICE, HTTP_HOST=host)
    assert REFUSED in sign_in(mayor.email, PASSWORD, ALICE).content.decode()


def test_the_per_account_key_names_the_site_the_account_and_the_visitor(rf, settings):
    settings.HUB_SITE_IDENTITY = "hub.example.org"
    adapter = AccountAdapter()
    keys = {
        adapter._get_login_attempts_cache_key(
            rf.post("/", **through_proxy(ALICE, HTTP_HOST=host)), email="Mayor@City.example"
        )
        for host in ("testserver", "testserver:8443", "localhost")
    }
    assert keys == {f"hub.example.org:mayor@city.example:{ALICE}"}


def test_addresses_in_one_ipv6_network_share_the_per_account_count(rf):
    adapter = AccountAdapter()
    near, far = "2001:db8:1:2::10", "2001:db8:1:2:ffff::99"
    keys = {
        adapter._get_login_attempts_cache_key(
            rf.post("/", **through_proxy(ip)), email="a@b.example"
        )
        for ip in (near, far)
    }
    assert len(keys) == 1
    assert keys.pop().endswith(":2001:db8:1:2::")


def test_the_hubs_own_limits_read_the_visitor_as_allauth_does(rf, settings):
    """network.throttles counts through allauth's rate limiter, whose address is the
    adapter's (the trusted-proxy settings); the header alone, or a header the settings do
    not trust, names no one."""
    request = rf.post("/", **through_proxy(ALICE, forged=BOB))
    assert ratelimit.get_ip(request) == ALICE
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.get_ip(request) == PROXY
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert ratelimit.get_ip(rf.post("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=BOB)) == BOB
