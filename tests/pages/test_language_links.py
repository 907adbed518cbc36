"""The language switcher links to this site only (issue 22, finding 7).

For the address `//evil.example/en/x` the 404 page's switcher used to link to
`//evil.example/…`: it translated the raw request path. It now re-reverses the view that
answered, or, when nothing did, links to each language's home page.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from pages.templatetags.hub_tags import language_links

pytestmark = pytest.mark.django_db

HOSTILE_PATHS = [
    "//evil.example/{lang}/x",
    "//evil.example/{lang}/x/",
    "/{lang}//evil.example",
    "/{lang}//evil.example/",
    "/{lang}/\\evil.example",
    "/{lang}/\\evil.example/",
    "/{lang}/%2F%2Fevil.example/",
    "/{lang}/no-such-page/?next=//evil.example",
]


class _Links(HTMLParser):
    """The switcher's links and the header's sign-in link."""

    def __init__(self):
        super().__init__()
        self.switcher, self.sign_in, self._in_switcher = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "language-switcher" in (attrs.get("class") or ""):
            self._in_switcher += 1
        if tag == "a" and attrs.get("href"):
            if self._in_switcher:
                self.switcher.append(attrs["href"])
            if "/accounts/login/" in attrs["href"]:
                self.sign_in.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_switcher:
            self._in_switcher -= 1


def fetch(client, path):
    """GET `path` exactly as a server hands it to Django: the test client would read
    `//evil.example/...` as another host, a browser's request line does not."""
    raw, _, query = path.partition("?")
    return client.get("/", PATH_INFO=raw, QUERY_STRING=query)


def links(response) -> _Links:
    parser = _Links()
    parser.feed(response.content.decode())
    return parser


def same_site(href: str) -> bool:
    parts = urlsplit(href)
    return (
        not parts.scheme
        and not parts.netloc
        and parts.path.startswith("/")
        and not parts.path.startswith(("//", "/\\"))
        and "\\" not in href
    )


def assert_same_site(response, where):
    found = links(response)
    assert found.switcher, f"no language links on {where}"
    for href in found.switcher + found.sign_in:
        assert same_site(href), (where, href)
        for values in parse_qs(urlsplit(href).query).values():
            for value in values:  # a `next` or any other address it carries
                assert not value.startswith(("//", "/\\", "http")) or same_site(value), (
                    where,
                    href,
                )
    return found.switcher


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("template", HOSTILE_PATHS)
def test_an_odd_address_never_leads_off_the_site(client, demo, lang, template):
    path = template.format(lang=lang)
    response = fetch(client, path)
    if response.status_code in (301, 302):
        location = response["Location"]
        assert same_site(location), (path, location)
        response = fetch(client, location)
    hrefs = assert_same_site(response, path)
    # Nothing answered: each language's home page.
    if response.status_code == 404:
        assert sorted(hrefs) == ["/en/", "/fr/"], (path, hrefs)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_routed_view_links_to_itself_in_the_other_language(client, demo, lang):
    response = client.get(f"/{lang}/search/?q=prevention")
    hrefs = assert_same_site(response, "search")
    assert "/en/search/?q=prevention" in hrefs
    assert "/fr/search/?q=prevention" in hrefs


def test_a_routed_view_with_arguments_keeps_them(client, demo):
    client.force_login(_lead())
    path = reverse("network:organisation-activity", args=[_lead_organisation().slug])
    response = client.get(path)
    assert response.status_code == 200
    hrefs = assert_same_site(response, path)
    with translation.override("fr"):
        french = reverse("network:organisation-activity", args=[_lead_organisation().slug])
    assert french in hrefs and path in hrefs


def test_the_query_kept_is_re_encoded_not_copied(rf, demo):
    """The query string goes back through QueryDict: nothing of the raw address survives
    that could end the attribute or smuggle a second address."""
    request = rf.get("/en/search/", {"q": '"><script>', "next": "//evil.example"})
    request.resolver_match = resolve("/en/search/")
    with translation.override("en"):
        found = {link["code"]: link["url"] for link in language_links({"request": request})}
    assert found["fr"].startswith("/fr/search/?")
    assert "//evil.example" not in found["fr"]
    assert '"' not in found["fr"] and "<" not in found["fr"]


def test_a_page_links_to_its_translation(client, demo):
    response = client.get("/en/")
    hrefs = assert_same_site(response, "/en/")
    assert "/fr/" in hrefs


def _lead():
    from network.models import User

    return User.objects.get(email="official.edmonton@hub.example")


def _lead_organisation():
    from network.models import Organisation

    return Organisation.objects.get(memberships__user__email="official.edmonton@hub.example")
