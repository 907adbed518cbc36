"""What every signed-in page pays (issue 25): the middleware and the site's base template for
a signed-in person, at a fixed number of queries; the account menu's Admin link read with the
second-factor gate's roles in one query (network.middleware.has_admin_access); sessions read
from the shared cache where every process shares it (config.settings.base)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.middleware import has_admin_access, is_staff_side
from network.models import COORDINATORS_GROUP, User
from tests.config.test_settings import STRONG_KEY, run
from tests.network.factories import ExpertProfileFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# bench.urls: the site's URLs plus /en/bench/signed-in/, base.html around an empty main.
BASE_PAGE = "/en/bench/signed-in/"
CACHED_DB = "django.contrib.sessions.backends.cached_db"
DB = "django.contrib.sessions.backends.db"


@pytest.fixture(autouse=True)
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


@pytest.fixture
def sessions_cache():
    caches["sessions"].clear()
    yield caches["sessions"]
    caches["sessions"].clear()


def access_admin() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def admin_group() -> Group:
    group = Group.objects.create(name="Editors of the test")
    group.permissions.add(access_admin())
    return group


def queries(client, path=BASE_PAGE) -> list[str]:
    client.get(path)  # the page's shared fragments kept, as after any first visit
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def signed_in(client, user):
    client.force_login(user)
    return client


# --- What the base page costs ---


def test_a_member_pays_the_session_the_account_and_one_query_for_the_menu(client, settings):
    """The session row, the person, and admin access with the roles (one query). Django's
    permission check read every permission the person has, in two queries."""
    settings.SESSION_ENGINE = DB
    found = queries(signed_in(client, MembershipFactory().user))
    assert len(found) == 3, found
    assert "django_session" in found[0]
    assert not any("auth_permission" in sql and "EXISTS" not in sql for sql in found)


def test_the_second_factor_gate_costs_no_more_query(client, settings):
    """Production's gate asks whether the person is staff-side: the same query the menu
    reads, made once."""
    settings.SESSION_ENGINE = DB
    settings.HUB_REQUIRE_STAFF_MFA = True
    assert len(queries(signed_in(client, MembershipFactory().user))) == 3


def test_a_superuser_pays_no_query_for_the_menu(client, settings):
    settings.SESSION_ENGINE = DB
    user = UserFactory(is_superuser=True, is_staff=True)
    assert len(queries(signed_in(client, user))) == 2


def test_with_sessions_in_the_shared_cache_no_session_row_is_read(client, settings, sessions_cache):
    settings.SESSION_ENGINE = CACHED_DB
    found = queries(signed_in(client, MembershipFactory().user))
    assert len(found) == 2, found
    assert not any("django_session" in sql for sql in found)


# --- Sessions in the shared cache stay true ---


def test_a_cached_session_survives_the_cache_and_ends_with_signing_out(
    client, settings, sessions_cache
):
    settings.SESSION_ENGINE = CACHED_DB
    user = MembershipFactory().user
    signed_in(client, user)
    assert client.get(BASE_PAGE).status_code == 200
    sessions_cache.clear()  # evicted, or Redis restarted: read back from the database
    with CaptureQueriesContext(connection) as captured:
        assert client.get(BASE_PAGE).status_code == 200
    assert any("django_session" in query["sql"] for query in captured.captured_queries)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/en/accounts/logout/")
    assert client.get(BASE_PAGE).status_code == 302  # to sign in
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old session, replayed
    assert client.get(BASE_PAGE).status_code == 302


@pytest.mark.parametrize(
    ("env", "engine"),
    [
        ({"REDIS_URL": "redis://redis.internal:6379/2", "HUB_ONE_PROCESS": ""}, CACHED_DB),
        ({"REDIS_URL": "", "HUB_ONE_PROCESS": "true"}, CACHED_DB),
    ],
    ids=["redis", "one process"],
)
def test_production_keeps_sessions_in_its_shared_cache(tmp_path, env, engine):
    """Production always has a cache every process shares (or is one process), so it always
    reads sessions from there; the sessions' cache is Redis, apart from the rate limits."""
    probe = (
        "import sys; sys.path.insert(0, 'site'); import django; django.setup(); "
        "from django.conf import settings as s; "
        "print(s.SESSION_ENGINE, s.CACHES[s.SESSION_CACHE_ALIAS]['BACKEND'], "
        "s.CACHES[s.SESSION_CACHE_ALIAS].get('KEY_PREFIX', '-'))"
    )
    result = run(
        ["-c", probe],
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="hub.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found, backend, prefix = result.stdout.split()
    assert found == engine
    if env["REDIS_URL"]:
        assert (backend, prefix) == ("django.core.cache.backends.redis.RedisCache", "sessions")


def test_without_a_shared_cache_sessions_stay_in_the_database(settings):
    """Tests and development: a cache per process (config.settings.base)."""
    assert settings.SESSION_ENGINE == DB


# --- The account menu says what it said ---


@pytest.mark.parametrize(
    "kind", ["member", "own permission", "group permission", "inactive", "superuser"]
)
def test_admin_access_is_what_django_says(kind):
    user = MembershipFactory().user
    if kind == "own permission":
        user.user_permissions.add(access_admin())
    elif kind == "group permission":
        user.groups.add(admin_group())
    elif kind == "inactive":
        user.groups.add(admin_group())
        user.is_active = False
        user.save()
    elif kind == "superuser":
        user.is_superuser = True
        user.save()
    django_says = User.objects.get(pk=user.pk).has_perm("wagtailadmin.access_admin")
    fresh = User.objects.get(pk=user.pk)
    assert has_admin_access(fresh) is django_says
    filled = User.objects.get(pk=user.pk)
    filled.get_all_permissions()  # Django's own cache, filled earlier in the request
    with CaptureQueriesContext(connection) as captured:
        assert has_admin_access(filled) is django_says
    assert not captured.captured_queries


def test_roles_read_with_admin_access_are_the_cached_roles():
    coordinator = UserFactory()
    coordinator.groups.add(Group.objects.get_or_create(name=COORDINATORS_GROUP)[0])
    expert = ExpertProfileFactory().user
    member = MembershipFactory().user
    for user, roles in [(coordinator, (True, False)), (expert, (False, True))]:
        fresh = User.objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as captured:
            assert is_staff_side(fresh)
            assert (fresh.is_coordinator, fresh.is_expert) == roles
        assert len(captured.captured_queries) == 1
    fresh = User.objects.get(pk=member.pk)
    assert not is_staff_side(fresh)
    assert (fresh.is_coordinator, fresh.is_expert) == (False, False)


@pytest.mark.parametrize("shown", [False, True], ids=["member", "admin access"])
def test_the_account_menu_shows_admin_only_to_whom_it_may(client, shown):
    user = MembershipFactory().user
    if shown:
        user.groups.add(admin_group())
    doc = BeautifulSoup(signed_in(client, user).get(BASE_PAGE).content.decode(), "html.parser")
    menus = doc.select("nav.account-menu")
    assert len(menus) == 2  # beside the brand on wide screens, in the menu on phones
    for menu in menus:
        assert bool(menu.select('a[href="/admin/"]')) is shown
        assert menu.select_one('a[href="/en/accounts/profile/"]')
        assert menu.select_one(
            'form[action="/en/accounts/logout/"] input[name="csrfmiddlewaretoken"]'
        )
